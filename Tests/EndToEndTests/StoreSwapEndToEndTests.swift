import Foundation
import XCTest

/// A store file replaced (`mv new.db s.db`) or deleted under a running read-write console:
/// the header says so, a write key is refused with the reason, and the file now at the path is
/// never written (no action, no checkpoint, no lifecycle clock): its integrity holds and its
/// tickets and audit log are as they were.
final class StoreSwapEndToEndTests: TmuxTestCase {
    func sqlite(_ db: String, _ sql: String) throws -> String {
        let (code, out) = try run("/usr/bin/sqlite3", [db, sql])
        XCTAssertEqual(code, 0, out)
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A seeded store and an identical copy to swap in; the console open on the tickets queue
    /// after the lifecycle clock has written once (2 s after start).
    func openOnTickets() throws -> (omni: String, dir: URL, db: String, copy: String) {
        guard which("tmux") != nil, which("sqlite3") != nil else { throw XCTSkip("tmux and sqlite3 are needed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-swap")
        let db = dir.appendingPathComponent("s.db").path
        let copy = dir.appendingPathComponent("new.db").path
        let (code, out) = try run(omni, ["seed", "--db", db, "--size", "small", "--seed", "5"], env: ["OMNI_NOW": "1795400000"])
        XCTAssertEqual(code, 0, out)
        try FileManager.default.copyItem(atPath: db, toPath: copy)
        try startSession(width: 120, height: 36, environment: ["XDG_CONFIG_HOME=\(dir.path)", "OMNI_NOW=1795400000"])
        _ = try tmux("send-keys", "-t", "omni", "\(omni) --db \(db)", "Enter")
        _ = try waitFor("[1 Customers]")
        Thread.sleep(forTimeInterval: 3)
        _ = try tmux("send-keys", "-t", "omni", "Escape")
        Thread.sleep(forTimeInterval: 0.2)
        _ = try tmux("send-keys", "-t", "omni", "4")
        _ = try waitFor("[4 Tickets]")
        _ = try waitFor("open queue")
        return (omni, dir, db, copy)
    }

    func testAReplacedStoreIsNeverWritten() throws {
        let (omni, _, db, copy) = try openOnTickets()
        let before = try sqlite(copy, "SELECT (SELECT count(*) FROM audit_log) || '/' || (SELECT count(*) FROM tickets WHERE assignee IS NOT NULL);")
        XCTAssertEqual(rename(copy, db), 0, "mv new.db s.db")
        _ = try waitFor("store file was replaced: writes refused")
        _ = try tmux("send-keys", "-t", "omni", "a")
        _ = try waitFor("nothing was written")
        let pane = try capture()
        XCTAssertFalse(pane.contains("updated (recorded"), pane)
        _ = try tmux("send-keys", "-t", "omni", "q")
        _ = try waitFor("READY$")
        XCTAssertEqual(try sqlite(db, "PRAGMA integrity_check;"), "ok")
        let after = try sqlite(db, "SELECT (SELECT count(*) FROM audit_log) || '/' || (SELECT count(*) FROM tickets WHERE assignee IS NOT NULL);")
        XCTAssertEqual(after, before, "nothing reached the new file")
        let (code, out) = try run(omni, ["doctor", "--db", db])
        XCTAssertEqual(code, 0, out)
    }

    func testADeletedStoreRefusesWrites() throws {
        let (_, _, db, _) = try openOnTickets()
        XCTAssertEqual(unlink(db), 0)
        _ = try waitFor("store file is gone: writes refused")
        _ = try tmux("send-keys", "-t", "omni", "a")
        _ = try waitFor("nothing was written")
        let pane = try capture()
        XCTAssertFalse(pane.contains("updated (recorded"), pane)
        _ = try tmux("send-keys", "-t", "omni", "q")
        _ = try waitFor("READY$")
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "nothing recreated the deleted store")
    }
}
