import Foundation
import XCTest

/// Runs the built `omni` inside tmux: opens, switches tabs, opens help, uses the command line,
/// switches theme, resizes to too small and back, quits, and checks the shell is back.
final class ConsoleEndToEndTests: TmuxTestCase {
    func testConsoleInTmux() throws {
        guard which("tmux") != nil else { throw XCTSkip("tmux is not installed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-e2e")
        let db = dir.appendingPathComponent("shop.db").path
        let (code, out) = try run(omni, ["init", "--db", db])
        XCTAssertEqual(code, 0, out)
        if let sqlite = which("sqlite3") {
            let sql = """
            INSERT INTO customers(id, name, search_name, created_at, stage) VALUES (1, '王芳', '王 芳', 1700000000, 'active');
            INSERT INTO orders(id, channel, external_ref, customer_id, status, fulfilment, placed_at, total, units)
              VALUES (10, 'web', 'W10010', 1, 'paid', 'ship', 1700000000, 9900, 1);
            """
            let (c, o) = try run(sqlite, [db], input: sql)
            XCTAssertEqual(c, 0, o)
        }
        // A bad store: one line, exit 3, terminal untouched.
        let (badCode, badOut) = try run(omni, ["--db", dir.appendingPathComponent("missing/none.db").path])
        XCTAssertEqual(badCode, 3, badOut)

        try startSession(width: 80, height: 24, environment: ["XDG_CONFIG_HOME=\(dir.path)"])
        _ = try tmux("send-keys", "-t", "omni", "\(omni) --db \(db)", "Enter")
        try waitFor("[1 Customers]")
        try waitFor("shop.db")
        _ = try tmux("send-keys", "-t", "omni", "F2")
        try waitFor("[2 Orders]")
        try waitFor("W10010")
        _ = try tmux("send-keys", "-t", "omni", "?")
        try waitFor("Help")
        _ = try tmux("send-keys", "-t", "omni", "Escape")
        Thread.sleep(forTimeInterval: 0.2)
        _ = try tmux("send-keys", "-t", "omni", ":")
        _ = try tmux("send-keys", "-t", "omni", "-l", "customer 王")
        _ = try tmux("send-keys", "-t", "omni", "Enter")
        try waitFor("[1 Customers]")
        try waitFor("王芳")
        // One back stack across views: Esc returns to the Orders view the command came from.
        _ = try tmux("send-keys", "-t", "omni", "Escape")
        try waitFor("[2 Orders]")
        _ = try tmux("send-keys", "-t", "omni", ":")
        _ = try tmux("send-keys", "-t", "omni", "-l", "theme nosuchtheme")
        _ = try tmux("send-keys", "-t", "omni", "Enter")
        try waitFor("unknown theme")
        _ = try tmux("send-keys", "-t", "omni", ":")
        _ = try tmux("send-keys", "-t", "omni", "-l", "theme mono")
        _ = try tmux("send-keys", "-t", "omni", "Enter")
        _ = try tmux("resize-window", "-t", "omni", "-x", "50", "-y", "10")
        try waitFor("enlarge the terminal")
        _ = try tmux("resize-window", "-t", "omni", "-x", "80", "-y", "24")
        try waitFor("[2 Orders]")
        _ = try tmux("send-keys", "-t", "omni", "q")
        try waitFor("READY$")
        let pane = try capture()
        XCTAssertFalse(pane.contains("[2 Orders]"), "terminal restored:\n\(pane)")
    }

    /// A session on a seeded small store, "now" pinned to the seed's clock; the session and the
    /// store's folder go when the test ends.
    func startSeededSession(width: Int = 120, height: Int = 36) throws -> (omni: String, dir: URL, db: String) {
        guard which("tmux") != nil else { throw XCTSkip("tmux is not installed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-e2e")
        let db = dir.appendingPathComponent("demo.db").path
        let (code, out) = try run(omni, ["seed", "--db", db, "--size", "small", "--seed", "3"], env: ["OMNI_NOW": "1795400000"])
        XCTAssertEqual(code, 0, out)
        try startSession(width: width, height: height, environment: ["XDG_CONFIG_HOME=\(dir.path)", "OMNI_NOW=1795400000"])
        _ = try tmux("send-keys", "-t", "omni", "\(omni) --db \(db)", "Enter")
        try waitFor("[1 Customers]")
        return (omni, dir, db)
    }

    func key(_ keys: String...) throws {
        for k in keys { _ = try tmux("send-keys", "-t", "omni", k); Thread.sleep(forTimeInterval: 0.15) }
    }

    /// The agent's, the merchandiser's and the supervisor's paths through the console.
    func testAgentMerchandiserAndSupervisorPaths() throws {
        let (_, _, db) = try startSeededSession()
        let (_, nameOut) = try run("/usr/bin/sqlite3", [db, """
            SELECT substr(name, 1, 2) FROM customers WHERE merged_into IS NULL AND order_count >= 3
              AND unicode(name) BETWEEN 19968 AND 40959 AND length(name) >= 2 ORDER BY order_count DESC LIMIT 1;
            """])
        let fragment = nameOut.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(fragment.count, 2, "a two-character Chinese name fragment: \(nameOut)")
        // Agent: a two-character Chinese name, the 360, reveal, an order, its SKU's stock, back.
        _ = try tmux("send-keys", "-t", "omni", "-l", fragment)
        try waitFor("found")
        try key("Enter")
        try waitFor("Identities")
        try waitFor("****")
        try key("r")
        try waitFor("revealed")
        try key("o")
        try waitFor("[2 Orders]")
        try key("Enter")
        try waitFor("Lines")
        try key("s")
        try waitFor("[3 Stock]")
        try waitFor("ATP")
        // Merchandiser: SKU to locations to the ledger behind a number, then the low-stock list.
        try key("Enter")
        try waitFor("Ledger")
        try key("Escape")
        try waitFor("On hand")
        try key("l")
        try waitFor("low and out")
        // One back stack across views: low stock, the SKU, then the order the SKU was opened from.
        try key("Escape", "Escape")
        try waitFor("[2 Orders]")
        try waitFor("Lines")
        // Supervisor: the KPI pane.
        try key("5")
        try waitFor("[5 KPIs]")
        try waitFor("Revenue today")
        try key("q")
        try waitFor("READY$")
        let (auditOut) = try run("/usr/bin/sqlite3", [db, "SELECT count(*) FROM audit_log WHERE action = 'reveal_pii';"]).1
        XCTAssertEqual(auditOut.trimmingCharacters(in: .whitespacesAndNewlines), "1", "the reveal was audited")
    }

    /// A commit by another process (the sqlite3 shell) shows on screen within a second.
    func testAnExternalInsertShowsWithinASecond() throws {
        let (_, _, db) = try startSeededSession()
        try key("F2")
        try waitFor("[2 Orders]")
        Thread.sleep(forTimeInterval: 0.5)
        let (code, out) = try run("/usr/bin/sqlite3", [db, """
            INSERT INTO orders(channel, external_ref, customer_id, status, fulfilment, placed_at, total, units)
            VALUES ('wechat', 'LIVE-0001', 1, 'paid', 'ship', 1795400100, 12300, 1);
            """])
        XCTAssertEqual(code, 0, out)
        let started = Date()
        try waitFor("LIVE-0001", timeout: 5)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.0, "the new order reached the screen within a second")
        try key("q")
        try waitFor("READY$")
    }

    /// Stages move with the clock even when nothing else writes: a read-write console brings
    /// due customers up to date shortly after it starts; a read-only one leaves the store alone.
    func testConsoleMovesDueStagesUnlessReadOnly() throws {
        let (omni, _, db) = try startSeededSession()
        try key("F2", "q")
        try waitFor("READY$")
        let (_, found) = try run("/usr/bin/sqlite3", [db, """
            SELECT id FROM customers WHERE stage = 'lapsed' AND merged_into IS NULL ORDER BY id LIMIT 1;
            """])
        let id = found.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertFalse(id.isEmpty, "the seeded store has a lapsed customer")
        func stage() throws -> String {
            try run("/usr/bin/sqlite3", [db, "SELECT stage FROM customers WHERE id = \(id);"]).1
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // As if an old writer had left the stage behind and due now.
        XCTAssertEqual(try run("/usr/bin/sqlite3", [db, "UPDATE customers SET stage = 'active', stage_due_at = 0 WHERE id = \(id);"]).0, 0)

        _ = try tmux("send-keys", "-t", "omni", "\(omni) --db \(db) --read-only", "Enter")
        try waitFor("[1 Customers]")
        Thread.sleep(forTimeInterval: 3.5)
        try key("F2", "q")
        try waitFor("READY$")
        XCTAssertEqual(try stage(), "active", "a read-only console writes nothing")

        _ = try tmux("send-keys", "-t", "omni", "\(omni) --db \(db)", "Enter")
        try waitFor("[1 Customers]")
        let deadline = Date().addingTimeInterval(8)
        while try stage() != "lapsed" && Date() < deadline { Thread.sleep(forTimeInterval: 0.25) }
        XCTAssertEqual(try stage(), "lapsed", "the console moved the due stage")
        try key("F2", "q")
        try waitFor("READY$")
    }

    /// `omni demo` for a few seconds: the simulator writes and the KPI figures move.
    func testDemoMovesTheKPIs() throws {
        guard which("tmux") != nil else { throw XCTSkip("tmux is not installed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-e2e")
        try startSession(width: 120, height: 36, environment: ["XDG_DATA_HOME=\(dir.path)", "XDG_CONFIG_HOME=\(dir.path)"])
        _ = try tmux("send-keys", "-t", "omni", "\(omni) demo --rate 100", "Enter")
        try waitFor("[1 Customers]", timeout: 30)
        try key("F5")
        try waitFor("Revenue today")
        func figures() throws -> String {
            try capture().split(separator: "\n").first { $0.contains("today orders") }.map(String.init) ?? ""
        }
        let before = try figures()
        XCTAssertFalse(before.isEmpty)
        let deadline = Date().addingTimeInterval(8)
        var after = before
        while Date() < deadline && after == before {
            Thread.sleep(forTimeInterval: 0.5)
            after = try figures()
        }
        XCTAssertNotEqual(after, before, "the simulator's orders moved today's figures")
        try key("q")
        try waitFor("READY$")
    }
}
