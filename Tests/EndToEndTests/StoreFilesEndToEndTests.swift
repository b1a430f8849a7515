import Foundation
import XCTest

/// Stores that aren't: a FIFO, a folder, a 0-byte file, a store in a read-only folder or a
/// read-only file, a setting out of range. Each gets a clear message and the right exit, and
/// nothing is written that should not be.
final class StoreFilesEndToEndTests: TmuxTestCase {
    static let readCommands: [[String]] = [["customer", "1"], ["orders"], ["order", "1"], ["stock", "--low"], ["tickets"], ["kpi"],
                                           ["store"], ["customers"], ["doctor"], ["export", "skus"], ["export", "customers"]]

    func testFIFOFolderAndEmptyFileAreRefusedByEveryCommand() throws {
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-files")
        let fifo = dir.appendingPathComponent("pipe.db").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let empty = dir.appendingPathComponent("empty.db").path
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        for (path, says) in [(fifo, "is a FIFO (named pipe), not a store file"), (dir.path, "is a folder, not a store file"),
                             (empty, "is an empty file, not an omni store (file left untouched)")] {
            for command in Self.readCommands + [["import", "orders", "/dev/null"], ["simulate", "--duration", "1"]] {
                let started = Date()
                let (code, out) = try run(omni, command + ["--db", path])
                XCTAssertEqual(code, 3, "\(command) on \(path): \(out)")
                XCTAssertTrue(out.contains(says), "\(command) on \(path): \(out)")
                XCTAssertLessThan(Date().timeIntervalSince(started), 5, "\(command) returns at once")
            }
            let (code, out) = try run(omni, ["--db", path])
            XCTAssertEqual(code, 3, out)
        }
        let size = try FileManager.default.attributesOfItem(atPath: empty)[.size] as? NSNumber
        XCTAssertEqual(size?.intValue, 0, "the 0-byte file is left as it was")
        XCTAssertEqual(try run(omni, ["init", "--db", empty]).0, 0, "omni init makes a store of an empty file")
        XCTAssertEqual(try run(omni, ["doctor", "--db", empty]).0, 0)
    }

    /// Run as another user when the tests run as root (root writes anything).
    func asUser(_ omni: String, _ args: [String]) throws -> (Int32, String) {
        if getuid() == 0 {
            guard let setpriv = which("setpriv") else { throw XCTSkip("running as root without setpriv") }
            return try run(setpriv, ["--reuid", "65534", "--regid", "65534", "--clear-groups", omni] + args, env: ["OMNI_NOW": "1795400000"])
        }
        return try run(omni, args, env: ["OMNI_NOW": "1795400000"])
    }

    func testReadOnlyFolderAndFileAreReadWithoutWriting() throws {
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-ro")
        for (name, lockFolder) in [("folder", true), ("file", false)] {
            let folder = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let db = folder.appendingPathComponent("s.db").path
            XCTAssertEqual(try run(omni, ["init", "--db", db]).0, 0)
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
            try FileManager.default.setAttributes([.posixPermissions: lockFolder ? 0o555 : 0o777], ofItemAtPath: folder.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
            let before = try Data(contentsOf: URL(fileURLWithPath: db))
            for command in Self.readCommands where command != ["export", "customers"] {
                let (code, out) = try asUser(omni, command + ["--db", db])
                XCTAssertTrue([0, 1].contains(code), "\(name): \(command): \(out)")
                XCTAssertFalse(out.contains("readonly database"), "\(name): \(command): \(out)")
            }
            let (code, out) = try asUser(omni, ["doctor", "--db", db])
            XCTAssertEqual(code, 0, out)
            XCTAssertTrue(out.contains("checked on an in-memory copy"), out)
            let (exportCode, exportOut) = try asUser(omni, ["export", "customers", "--db", db])
            XCTAssertEqual(exportCode, 3, exportOut)
            XCTAssertTrue(exportOut.contains("writes an audit entry"), exportOut)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before, "\(name): the store file is unchanged")
        }
    }

    func testASettingOutOfRangeIsNamedNotTrapped() throws {
        guard let sqlite = which("sqlite3") else { throw XCTSkip("sqlite3 is needed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-settings")
        let db = dir.appendingPathComponent("s.db").path
        XCTAssertEqual(try run(omni, ["init", "--db", db]).0, 0)
        let csv = dir.appendingPathComponent("orders.csv").path
        try "channel,external_ref,placed_at,total\nweb,W1,2026-11-01T10:00:00Z,1000\n".write(toFile: csv, atomically: true, encoding: .utf8)
        for bad in ["1e400", "99999999999999999999", "abc", "-3"] {
            XCTAssertEqual(try run(sqlite, [db, "UPDATE settings SET value = '\(bad)' WHERE key = 'lifecycle.gap_factor';"]).0, 0)
            for command in [["import", "orders", csv], ["doctor"]] {
                let (code, out) = try run(omni, command + ["--db", db], env: ["SWIFT_BACKTRACE": "enable=no"])
                XCTAssertEqual(code, 3, "\(bad) \(command): \(out)")
                XCTAssertTrue(out.contains("setting lifecycle.gap_factor = \"\(bad)\" is not accepted: a number from 0.1 to 100"),
                              "\(bad) \(command): \(out)")
            }
        }
    }
}
