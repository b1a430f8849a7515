import CSQLite

/// An error SQLite reported, with the statement it came from.
public struct DatabaseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The extended result code (extended codes are enabled on every connection).
    public let extendedCode: Int32
    public let message: String
    public let sql: String?

    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// The primary result code (SQLITE_BUSY, SQLITE_CONSTRAINT...).
    public var code: Int32 { extendedCode & 0xFF }

    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
    public var isConstraint: Bool { code == SQLITE_CONSTRAINT }
    public var isInterrupted: Bool { code == SQLITE_INTERRUPT }
    public var isNotADatabase: Bool { code == SQLITE_NOTADB }
    public var isCorrupt: Bool { code == SQLITE_CORRUPT }
    /// The disk is full, or the file may not grow (a quota, `ulimit -f`): SQLite says
    /// SQLITE_FULL, or a write I/O error when the file system refused the write (EFBIG, ENOSPC).
    /// (The extended codes are spelled out: Swift does not import sqlite3.h's shifted macros.)
    public var isOutOfSpace: Bool {
        let ioerr = SQLITE_IOERR
        let write = ioerr | (3 << 8), fsync = ioerr | (4 << 8), truncate = ioerr | (6 << 8), shmSize = ioerr | (19 << 8)
        return code == SQLITE_FULL || [write, fsync, truncate, shmSize].contains(extendedCode)
    }

    public var description: String {
        let codeName = String(cString: sqlite3_errstr(extendedCode))
        var text = "SQLite error \(extendedCode) (\(codeName)): \(message)"
        if let sql { text += " — in: \(sql.count > 200 ? String(sql.prefix(200)) + "…" : sql)" }
        return text
    }
}

/// Errors about the store as a whole: what a user can act on.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    case missing(path: String)
    case notADatabase(path: String)
    case corrupt(path: String, detail: String)
    case notAnOmniStore(path: String)
    case newerSchema(path: String, found: Int, supported: Int)
    case locked(path: String, detail: String)
    case cannotOpen(path: String, detail: String)
    case notFound(String)
    case invalid(String)
    /// The file at the store's path is no longer the one that was opened (`mv new.db s.db`).
    case replaced(path: String)
    /// The store's file was deleted while open.
    case gone(path: String)
    /// The path names a folder, a FIFO, a device: not a store file.
    case notAFile(path: String, kind: String)
    /// A 0-byte file, which only `omni init`, `seed` and `demo` turn into a store.
    case emptyFile(path: String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "no store at \(path): create one with `omni init --db \(path)` or `omni seed --db \(path)`"
        case .notADatabase(let path):
            return "\(path) is not a SQLite database (file left untouched)"
        case .corrupt(let path, let detail):
            return "\(path) is corrupt: \(detail) (file left untouched)"
        case .notAnOmniStore(let path):
            return "\(path) is a SQLite database but not an omni store (file left untouched)"
        case .newerSchema(let path, let found, let supported):
            return "\(path) has schema version \(found), written by a newer omni; this omni reads up to version \(supported) (file left untouched)"
        case .locked(let path, let detail):
            return "\(path) is locked by another process: \(detail)"
        case .cannotOpen(let path, let detail):
            return "cannot open \(path): \(detail)"
        case .notFound(let what):
            return "not found: \(what)"
        case .invalid(let what):
            return what
        case .replaced(let path):
            return "store file was replaced: nothing was written (\(path) is no longer the file this omni opened; reopen omni to follow it)"
        case .gone(let path):
            return "store file is gone: nothing was written (\(path) was deleted)"
        case .notAFile(let path, let kind):
            return "\(path) is \(kind), not a store file (left untouched)"
        case .emptyFile(let path):
            return "\(path) is an empty file, not an omni store (file left untouched): `omni init --db \(path)` makes one"
        }
    }
}
