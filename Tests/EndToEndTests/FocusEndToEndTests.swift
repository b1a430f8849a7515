import Foundation
import XCTest

/// The focus model on the real binary in tmux at 80x24: in every view (and one screen in) a
/// phone number, a `/` filter and a `:` command are typed; nothing is written (audit log and
/// store bytes unchanged) until a write key is confirmed with ↵, and Esc from every input shows
/// NORMAL again. Also the bugs this model fixed: `/sp` in a ticket, `/nanjing` in Stores.
final class FocusEndToEndTests: TmuxTestCase {
    static let now = "1795400000"

    func keys(_ keys: String...) throws {
        for k in keys {
            try tmux("send-keys", "-t", "omni", k)
            Thread.sleep(forTimeInterval: 0.12)
        }
    }

    func literal(_ text: String) throws {
        try tmux("send-keys", "-t", "omni", "-l", text)
        Thread.sleep(forTimeInterval: 0.2)
    }

    /// Waits until the footer (the last row) starts with the mode word.
    @discardableResult
    func waitForMode(_ word: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let deadline = Date().addingTimeInterval(5)
        var footer = ""
        while Date() < deadline {
            footer = try capture().split(separator: "\n", omittingEmptySubsequences: false).dropLast().last.map(String.init) ?? ""
            if footer.hasPrefix(" " + word + " ") { return footer }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("footer never showed \(word): \(footer)\n\(try capture())", file: file, line: line)
        return footer
    }

    func fingerprint(_ db: String) throws -> (audit: String, bytes: Data) {
        let audit = try run("/usr/bin/sqlite3", [db, "SELECT count(*) FROM audit_log;"]).1
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return (audit, try Data(contentsOf: URL(fileURLWithPath: db)))
    }

    func testTypedTextNeverWritesInAnyViewAndEscReturnsToNormal() throws {
        guard which("tmux") != nil, which("sqlite3") != nil else { throw XCTSkip("tmux and sqlite3 are needed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-focus")
        let db = dir.appendingPathComponent("demo.db").path
        let (code, out) = try run(omni, ["seed", "--db", db, "--size", "small", "--seed", "3"], env: ["OMNI_NOW": Self.now])
        XCTAssertEqual(code, 0, out)
        try startSession(width: 80, height: 24, environment: ["XDG_CONFIG_HOME=\(dir.path)", "OMNI_NOW=\(Self.now)"])
        // A first run brings the customers' stages up to date (a write of its own); the store
        // is measured after it.
        try tmux("send-keys", "-t", "omni", "\(quote(omni)) --db \(quote(db))", "Enter")
        try waitFor("[1 Customers]")
        Thread.sleep(forTimeInterval: 1.5)
        try keys(":")
        try literal("q")
        try keys("Enter")
        try waitFor("READY$")
        let before = try fingerprint(db)

        try tmux("send-keys", "-t", "omni", "clear; \(quote(omni)) --db \(quote(db))", "Enter")
        try waitFor("[1 Customers]")
        try waitForMode("NORMAL")
        // The Customers view opens ready to type: a phone number starts the search.
        try literal("13812345678")
        try waitForMode("SEARCH")
        try waitFor("Search: 13812345678")
        try keys("Escape")
        try waitForMode("NORMAL")

        // Every view, and one screen in (Enter on the first row), gets a phone number, a filter
        // and a command line typed; Esc leaves each input.
        let views = [("F1", "[1 Customers]"), ("F2", "[2 Orders]"), ("F3", "[3 Stock]"), ("F4", "[4 Tickets]"),
                     ("F5", "[5 KPIs]"), ("F6", "[6 Stores]")]
        for (fkey, tab) in views {
            for drill in [false, true] {
                try keys(fkey)
                try waitFor(tab)
                if drill { try keys("Enter") }
                try keys("/")
                // The Customers and Stock roots have a search field of their own (Enter on an empty
                // search opens nothing); every other screen has the `/` filter line.
                try waitForMode(fkey == "F1" || fkey == "F3" ? "SEARCH" : "FILTER")
                try literal("sp nanjing 0048 asn")
                try keys("Escape")
                try waitForMode("NORMAL")
                try keys(":")
                try waitForMode("COMMAND")
                try literal("customer 13812345678 sp")
                try keys("Escape")
                try waitForMode("NORMAL")
                try waitFor(tab)
                // Back to the view's root for the next round.
                if drill { try keys("Escape") }
            }
        }
        // A phone number typed in normal mode outside the Customers view: the first digit goes
        // to Customers, the rest is the search (never a store opened, never a write).
        try keys("F6")
        try waitFor("[6 Stores]")
        try literal("13812345678")
        try waitFor("[1 Customers]")
        try waitForMode("SEARCH")
        try keys("Escape")

        // Stores: /nanjing filters the list; Enter keeps the filter, the next Enter opens Nanjing.
        try keys("F6")
        try keys("/")
        try literal("nanjing")
        try waitFor("1/2 of 19")
        try keys("Enter", "Enter")
        try waitFor("Nanjing Xinjiekou")
        let store = try capture()
        XCTAssertFalse(store.contains("Sanlitun"), store)
        try keys("Escape", "Escape")

        // `:customer` leaves the keyboard to the keys: j moves, q would quit.
        try keys(":")
        try literal("customer 王")
        try keys("Enter")
        try waitFor("[1 Customers]")
        try waitForMode("NORMAL")

        // A ticket: /sp is a filter that says there is nothing to filter, never a status.
        try keys("F4", "Enter")
        try waitFor("Ticket #")
        try keys("/")
        try literal("sp")
        try waitFor("nothing to filter in Ticket #")
        try keys("Escape")
        try waitForMode("NORMAL")
        // s p asks before writing; any other key cancels.
        try keys("s")
        try waitForMode("PICK")
        try keys("p")
        try waitForMode("CONFIRM")
        try waitFor("to pending? ↵ confirm")
        try keys("x")
        try waitForMode("NORMAL")

        try keys("F2", "q")
        try waitFor("READY$")
        let after = try fingerprint(db)
        XCTAssertEqual(after.audit, before.audit, "nothing typed wrote an audit row")
        XCTAssertTrue(after.bytes == before.bytes, "the store's bytes are unchanged")

        // A confirmed write does write: assign with a, then ↵.
        try tmux("send-keys", "-t", "omni", "clear; \(quote(omni)) --db \(quote(db))", "Enter")
        try waitFor("[1 Customers]")
        try keys("F4", "Enter")
        try waitFor("Ticket #")
        try keys("a")
        try waitForMode("CONFIRM")
        try keys("Enter")
        try waitFor("updated (recorded in the audit log)")
        try keys("F2", "q")
        try waitFor("READY$")
        let written = try fingerprint(db)
        XCTAssertEqual(Int(written.audit), (Int(before.audit) ?? 0) + 1, "the confirmed assign wrote one audit row")
    }
}
