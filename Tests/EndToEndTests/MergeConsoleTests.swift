import Foundation
import XCTest

/// The merge undo from a merged customer's 360 and the review list, driven in tmux.
final class MergeConsoleTests: TmuxTestCase {
    func key(_ keys: String...) throws {
        for k in keys { _ = try tmux("send-keys", "-t", "omni", k); Thread.sleep(forTimeInterval: 0.15) }
    }

    func merges(_ omni: String, _ db: String, _ args: [String]) throws -> [[String: Any]] {
        let (code, out) = try run(omni, ["merges", "--db", db, "--json"] + args)
        XCTAssertEqual(code, 0, out)
        return try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])?["merges"] as? [[String: Any]])
    }

    func testUndoAMergeFromThe360AndConfirmASuggestion() throws {
        guard which("tmux") != nil else { throw XCTSkip("tmux is not installed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-merges-e2e")
        let db = dir.appendingPathComponent("demo.db").path
        let (code, out) = try run(omni, ["seed", "--db", db, "--size", "small", "--seed", "3"], env: ["OMNI_NOW": "1795400000"])
        XCTAssertEqual(code, 0, out)
        let applied = try XCTUnwrap(try merges(omni, db, []).first { $0["status"] as? String == "applied" })
        let mergeID = try XCTUnwrap(applied["id"] as? Int), merged = try XCTUnwrap(applied["merged_id"] as? Int)
        let survivor = try XCTUnwrap(applied["survivor_id"] as? Int)
        let suggestion = try XCTUnwrap(try merges(omni, db, ["--suggested"]).first?["id"] as? Int)

        try startSession(width: 120, height: 36, environment: ["XDG_CONFIG_HOME=\(dir.path)", "OMNI_NOW=1795400000", "OMNI_OPERATOR=tester"])
        _ = try tmux("send-keys", "-t", "omni", "\(omni) --db \(db)", "Enter")
        try waitFor("[1 Customers]")
        // The merged customer's id finds the survivor; its 360 lists the merge.
        try key("Escape", ":")
        _ = try tmux("send-keys", "-t", "omni", "-l", "customer #\(merged)")
        try key("Enter")
        try waitFor("1 found")
        try key("Enter")
        try waitFor("person · #\(survivor)")
        // Down the selectable lines to the merge.
        var pane = ""
        for _ in 0..<60 {
            pane = try capture()
            if pane.contains("▶ applied  #\(merged)") { break }
            try key("j")
        }
        XCTAssertTrue(pane.contains("▶ applied  #\(merged)"), pane)
        try key("u")
        pane = try waitFor("Undo merge #\(mergeID)")
        XCTAssertTrue(pane.contains("splits from #\(survivor)") && pane.contains("takes back"), pane)
        try key("Enter")
        try waitFor("merge #\(mergeID) undone: #\(merged) is its own customer again")
        try waitFor("undone   #\(merged)")
        // Two profiles: the merged id now opens its own 360.
        try key("Escape", "Escape", ":")
        _ = try tmux("send-keys", "-t", "omni", "-l", "customer #\(merged)")
        try key("Enter")
        try waitFor("1 found")
        try key("Enter")
        pane = try waitFor("person · #\(merged)")
        XCTAssertFalse(pane.contains("person · #\(survivor)"), pane)

        // The review list: confirm the newest suggestion.
        try key("Escape", "Escape", ":")
        _ = try tmux("send-keys", "-t", "omni", "-l", "merges")
        try key("Enter")
        try waitFor("merges to review")
        try waitFor("Keeps #")
        try key("c")
        try waitFor("Confirm suggestion #\(suggestion)")
        try key("Enter")
        try waitFor("suggestion #\(suggestion) confirmed")
        try key("q")
        try waitFor("READY$")

        let after = try merges(omni, db, [])
        XCTAssertEqual(after.first { $0["id"] as? Int == mergeID }?["status"] as? String, "undone")
        XCTAssertEqual(after.first { $0["id"] as? Int == suggestion }?["status"] as? String, "applied")
        let (doctorCode, doctorOut) = try run(omni, ["doctor", "--db", db])
        XCTAssertEqual(doctorCode, 0, doctorOut)
        let (_, audit) = try run("/usr/bin/sqlite3", [db, "SELECT action || ' ' || operator FROM audit_log WHERE operator = 'tester' ORDER BY id;"])
        XCTAssertEqual(audit, "merge_undo tester\nmerge_confirm tester\n")
    }
}
