import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which file a connection opened (device and inode), checked before every write: a store file
/// replaced (`mv new.db s.db`) or deleted under an open connection must never be written again,
/// not by a transaction, an autocommit statement, a checkpoint or the lifecycle clock. SQLite in
/// WAL mode keeps writing into the old file's -wal, which sits beside the new file under the
/// same name and corrupts it; so every commit passes through `check()` (a commit hook).
final class FileGuard {
    let path: String
    let device: UInt64
    let inode: UInt64
    /// Why the last commit was refused (read right after the hook turned it into a rollback).
    var refusal: StoreError?

    init?(path: String) {
        guard path != ":memory:", !path.isEmpty, let id = FileGuard.identity(of: path) else { return nil }
        self.path = path
        self.device = id.dev
        self.inode = id.ino
    }

    static func identity(of path: String) -> (dev: UInt64, ino: UInt64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }

    /// Nil while the path still names the file that was opened; else why writing must stop.
    func check() -> StoreError? {
        guard let now = FileGuard.identity(of: path) else { return .gone(path: path) }
        if now.dev != device || now.ino != inode { return .replaced(path: path) }
        return nil
    }

    /// Installs the commit hook on `handle`; the hook refuses (rolls back) any commit once
    /// `check()` fails. The guard must outlive the connection (the Database holds it).
    func install(on handle: OpaquePointer) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_commit_hook(handle, { context in
            guard let context else { return 0 }
            let guardian = Unmanaged<FileGuard>.fromOpaque(context).takeUnretainedValue()
            if let problem = guardian.check() {
                guardian.refusal = problem
                return 1
            }
            return 0
        }, context)
    }
}

/// What a file at a store path is, before SQLite is let near it.
enum StoreFileCheck {
    /// Refuses what is not a regular file (a folder, a FIFO that would block forever, a device)
    /// and, unless the store is being created, an empty file (SQLite would silently turn a
    /// 0-byte file into a database; only `omni init`, `seed` and `demo` make stores).
    static func check(path: String, creating: Bool) throws {
        guard path != ":memory:", !path.isEmpty else { return }
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        let kind = st.st_mode & S_IFMT
        if kind != S_IFREG {
            let what: String
            switch kind {
            case S_IFDIR: what = "a folder"
            case S_IFIFO: what = "a FIFO (named pipe)"
            case S_IFSOCK: what = "a socket"
            case S_IFCHR, S_IFBLK: what = "a device"
            default: what = "not a regular file"
            }
            throw StoreError.notAFile(path: path, kind: what)
        }
        if st.st_size == 0 && !creating {
            throw StoreError.emptyFile(path: path)
        }
    }

    /// True when this process may write the file and create files (-wal, -shm) beside it.
    static func isWritable(path: String) -> Bool {
        guard path != ":memory:" else { return true }
        let folder = (path as NSString).deletingLastPathComponent
        return access(path, W_OK) == 0 && access(folder.isEmpty ? "." : folder, W_OK) == 0
    }
}
