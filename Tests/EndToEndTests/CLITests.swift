import Foundation
import XCTest
import OmniStore

/// Runs the built `omni` binary as a user would, on a seeded small store.
final class CLITests: XCTestCase {
    static let now: Int64 = 1_795_400_000
    nonisolated(unsafe) static var storeFolder: URL?
    nonisolated(unsafe) static var storePath = ""

    /// The `omni` executable next to the test bundle (.build/debug/omni).
    static var binary: URL {
        var dir = Bundle(for: CLITests.self).bundleURL
        while dir.path != "/" {
            let candidate = dir.deletingLastPathComponent().appendingPathComponent("omni")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/omni")
    }

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    @discardableResult
    static func omni(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["OMNI_NOW"] = String(now)
        env["OMNI_OPERATOR"] = "tester"
        env["OMNI_DB"] = nil
        for (k, v) in extra { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                   stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// One seeded store for the whole class, in a folder removed when the class is done.
    override class func setUp() {
        super.setUp()
        guard let dir = try? makeTemporaryFolder("omni-cli") else { preconditionFailure("cannot make a temporary folder") }
        storeFolder = dir
        storePath = dir.appendingPathComponent("demo.db").path
        let run = try? omni(["seed", "--db", storePath, "--size", "small", "--seed", "5"])
        precondition(run?.status == 0, "seeding failed: \(run?.stderr ?? "no run")")
    }

    override class func tearDown() {
        if let storeFolder { try? FileManager.default.removeItem(at: storeFolder) }
        storeFolder = nil
        super.tearDown()
    }

    func json(_ run: Run, file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
    }

    var db: Database { get throws { try Store.open(path: Self.storePath, readOnly: true) } }

    func testVersionAndHelp() throws {
        let version = try Self.omni(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.hasPrefix("omni "))
        let help = try Self.omni(["--help"])
        for command in ["init", "seed", "simulate", "customer", "orders", "order", "stock", "tickets", "kpi", "doctor", "themes"] {
            XCTAssertTrue(help.stdout.contains("  \(command) "), "help lists \(command)")
        }
        let orderHelp = try Self.omni(["orders", "--help"])
        XCTAssertTrue(orderHelp.stdout.contains("--late"))
    }

    func testCustomerByPhoneShowsThe360WithJoinReasons() throws {
        let row = try XCTUnwrap(try db.fetchOne("""
            SELECT i.value, i.customer_id FROM identities i JOIN customers c ON c.id = i.customer_id
            WHERE i.kind = 'phone' AND c.merged_into IS NULL AND (SELECT count(*) FROM identities j WHERE j.customer_id = c.id) >= 2
            ORDER BY i.id LIMIT 1
            """))
        let phone = row.string(0), id = row.int64(1)
        let local = phone.hasPrefix("+86") ? String(phone.dropFirst(3)) : phone
        let object = try XCTUnwrap(try json(try Self.omni(["customer", local, "--db", Self.storePath, "--json"])) as? [String: Any])
        let profile = try XCTUnwrap(object["profile"] as? [String: Any])
        XCTAssertEqual(profile["id"] as? Int, Int(id))
        let identities = try XCTUnwrap(object["identities"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(identities.count, 2)
        let phoneIdentity = try XCTUnwrap(identities.first { $0["kind"] as? String == "phone" })
        XCTAssertTrue((phoneIdentity["value"] as? String ?? "").contains("****"), "masked until revealed")
        XCTAssertEqual(phoneIdentity["masked"] as? Bool, true, "and says so")
        XCTAssertNotEqual(phoneIdentity["value"] as? String, phone)
        XCTAssertFalse((phoneIdentity["link_rule"] as? String ?? "").isEmpty, "every identity says why it belongs")
        let text = try Self.omni(["customer", local, "--db", Self.storePath])
        XCTAssertEqual(text.status, 0)
        XCTAssertTrue(text.stdout.contains("why it belongs here"))
        XCTAssertFalse(text.stdout.contains(phone), "the phone is masked in text output")
    }

    func testRevealIsAudited() throws {
        let row = try XCTUnwrap(try db.fetchOne("SELECT value, customer_id FROM identities WHERE kind = 'email' ORDER BY id LIMIT 1"))
        let before = try db.scalarInt("SELECT count(*) FROM audit_log WHERE action = 'reveal_pii'")
        let run = try Self.omni(["customer", row.string(0), "--reveal", "--db", Self.storePath])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains(row.string(0)))
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM audit_log WHERE action = 'reveal_pii' AND operator = 'tester'"), before + 1)
    }

    func testChineseNameFragmentsAndLatinPrefix() throws {
        let name = try XCTUnwrap(try db.scalar("""
            SELECT name FROM customers WHERE merged_into IS NULL AND length(name) BETWEEN 2 AND 3 AND unicode(name) BETWEEN 19968 AND 40959
            ORDER BY id LIMIT 1
            """, as: String.self))
        for fragment in [String(name.prefix(1)), String(name.prefix(2))] {
            let run = try Self.omni(["customer", fragment, "--db", Self.storePath, "--json"])
            XCTAssertEqual(run.status, 0, "\(fragment): \(run.stderr)")
            XCTAssertTrue(run.stdout.contains(fragment))
        }
        let latin = try XCTUnwrap(try db.scalar("SELECT name FROM customers WHERE name GLOB '[A-Z]*' AND merged_into IS NULL ORDER BY id LIMIT 1",
                                                as: String.self))
        let prefix = String(latin.prefix(3)).lowercased()
        let run = try Self.omni(["customer", prefix, "--db", Self.storePath])
        XCTAssertEqual(run.status, 0, run.stderr)
    }

    func testHostileQueriesAreJustText() throws {
        for query in ["'; DROP TABLE customers; --", "100%", "a_b", "\"quoted\"", "🎉", "NEAR(x y)", "*"] {
            let run = try Self.omni(["customer", query, "--db", Self.storePath])
            XCTAssertTrue(run.status == 0 || run.status == 1, "\(query): \(run.status) \(run.stderr)")
        }
        XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM customers"), 0)
    }

    func testOrdersFiltersAndDetail() throws {
        let late = try XCTUnwrap(try json(try Self.omni(["orders", "--late", "--limit", "20", "--db", Self.storePath, "--json"])) as? [[String: Any]])
        XCTAssertFalse(late.isEmpty)
        XCTAssertTrue(late.allSatisfy { $0["late"] as? Bool == true })
        let web = try XCTUnwrap(try json(try Self.omni(["orders", "--channel", "wechat", "--db", Self.storePath, "--json"])) as? [[String: Any]])
        XCTAssertTrue(web.allSatisfy { $0["channel"] as? String == "wechat" })
        let placed = web.compactMap { $0["placed_at"] as? Int }
        XCTAssertEqual(placed, placed.sorted(by: >), "newest first")
        let id = try XCTUnwrap(late.first?["id"] as? Int)
        let detail = try XCTUnwrap(try json(try Self.omni(["order", String(id), "--db", Self.storePath, "--json"])) as? [String: Any])
        XCTAssertFalse((detail["lines"] as? [Any] ?? []).isEmpty)
        XCTAssertEqual(try Self.omni(["order", "999999999", "--db", Self.storePath]).status, 1)
        XCTAssertEqual(try Self.omni(["orders", "--channel", "fax", "--db", Self.storePath]).status, 2)
    }

    func testStockAvailabilityMatchesTheStore() throws {
        let row = try XCTUnwrap(try db.fetchOne("SELECT s.code, s.id FROM stock st JOIN skus s ON s.id = st.sku_id ORDER BY st.id LIMIT 1"))
        let object = try XCTUnwrap(try json(try Self.omni(["stock", row.string(0), "--db", Self.storePath, "--json"])) as? [String: Any])
        let stock = try XCTUnwrap(object["stock"] as? [String: Any])
        let locations = try XCTUnwrap(stock["locations"] as? [[String: Any]])
        XCTAssertFalse(locations.isEmpty)
        for l in locations {
            let expected = max(0, (l["on_hand"] as! Int) - (l["reserved"] as! Int) - (l["safety_stock"] as! Int))
            XCTAssertEqual(l["available_to_promise"] as? Int, expected)
        }
        let low = try XCTUnwrap(try json(try Self.omni(["stock", "--low", "--db", Self.storePath, "--json"])) as? [[String: Any]])
        XCTAssertFalse(low.isEmpty)
        XCTAssertTrue(low.allSatisfy { ($0["available"] as! Int) <= ($0["reorder_point"] as! Int) })
    }

    func testTicketsBreachingAreOverdue() throws {
        let tickets = try XCTUnwrap(try json(try Self.omni(["tickets", "--breaching", "--db", Self.storePath, "--json"])) as? [[String: Any]])
        XCTAssertFalse(tickets.isEmpty)
        XCTAssertTrue(tickets.allSatisfy { ($0["sla_due_at"] as! Int) < Int(Self.now) })
        let text = try Self.omni(["tickets", "--breaching", "--db", Self.storePath])
        XCTAssertTrue(text.stdout.contains("BREACHED"), "state is told in words, not colour")
    }

    func testKPIAndDoctor() throws {
        let kpi = try XCTUnwrap(try json(try Self.omni(["kpi", "--db", Self.storePath, "--json"])) as? [String: Any])
        XCTAssertNotNil(kpi["today"])
        let figures = try XCTUnwrap(kpi["figures"] as? [String])
        XCTAssertTrue(figures.contains("late-deliveries"))
        let explained = try XCTUnwrap(try json(try Self.omni(["kpi", "--explain", "late-deliveries", "--db", Self.storePath, "--json"]))
                                      as? [String: Any])
        XCTAssertEqual(explained["count"] as? Int, explained["figure"] as? Int, "the rows behind a figure add up to it")
        XCTAssertNotNil(kpi["funnel"])
        let total = try XCTUnwrap(kpi["today_total"] as? [String: Any])
        XCTAssertGreaterThan(total["orders"] as? Int ?? 0, 0, "the demo store has orders today")
        let doctor = try Self.omni(["doctor", "--db", Self.storePath])
        XCTAssertEqual(doctor.status, 0, doctor.stdout + doctor.stderr)
        XCTAssertTrue(doctor.stdout.contains("integrity    ok"))
    }

    /// `omni import` as a new user runs it: a Shopify export into a fresh store, the summary,
    /// stages that follow the clock, a second run that changes nothing, and a bad number that
    /// names its file and line, exits 4 and writes nothing.
    func testImportShopifyOrdersIntoAFreshStore() throws {
        let dir = try temporaryDirectory("omni-import-e2e")
        let store = dir.appendingPathComponent("shop.db").path
        XCTAssertEqual(try Self.omni(["init", "--db", store]).status, 0)
        let day: Int64 = 86_400
        let header = "Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Total,Billing Name,Source\r\n"
        let file = dir.appendingPathComponent("orders_export.csv")
        try (header
             + "#1001,old@example.com,paid,\(Self.now - 400 * day),1,Tee,100.00,TEE-1,100.00,Old Timer,web\r\n"
             + "#1002,new@example.com,paid,\(Self.now - 2 * day),2,\"Mug, \"\"big\"\"\",50.00,MUG-1,100.00,\"Lee, Ann\",web\r\n"
             + "#1002,,,,1,Spoon,5.00,SPN-1,,,\r\n").write(to: file, atomically: true, encoding: .utf8)

        let run = try Self.omni(["import", "shopify-orders", file.path, "--db", store])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("imported shopify-orders from \(file.path): 3 rows"), run.stdout)
        XCTAssertTrue(run.stdout.contains("orders: 2 created, 0 updated, 0 unchanged"), run.stdout)
        XCTAssertTrue(run.stdout.contains("order lines: 3 created"), run.stdout)
        XCTAssertTrue(run.stdout.contains("identity resolution: 2 customers created"), run.stdout)
        XCTAssertTrue(run.stdout.contains("lifecycle: 1 of 2 customers changed stage at today's date"), run.stdout)
        let db = try Store.open(path: store, readOnly: true)
        func stage(_ email: String) throws -> String? {
            try db.scalar("""
                SELECT c.stage FROM identities i JOIN customers c ON c.id = i.customer_id WHERE i.kind = 'email' AND i.value = ?
                """, [email])
        }
        XCTAssertEqual(try stage("old@example.com"), "lapsed", "last order 400 days ago")
        XCTAssertEqual(try stage("new@example.com"), "new")
        XCTAssertEqual(try db.scalar("SELECT name FROM order_lines WHERE sku_code = 'MUG-1'", as: String.self), "Mug, \"big\"")
        XCTAssertEqual(try Rollups.verify(try Store.open(path: store)), [])

        let again = try Self.omni(["import", "shopify-orders", file.path, "--db", store, "--json"])
        let summary = try XCTUnwrap(try json(again) as? [String: Any])
        let orders = try XCTUnwrap((summary["entities"] as? [String: Any])?["orders"] as? [String: Any])
        XCTAssertEqual(orders["unchanged"] as? Int, 2)
        XCTAssertEqual(orders["created"] as? Int, 0)

        let bad = dir.appendingPathComponent("bad.csv")
        try (header + "#2001,x@example.com,paid,\(Self.now),1,Tee,100.00,TEE-1,100.00,X,web\r\n"
             + "#2002,y@example.com,paid,\(Self.now),1,Tee,100.00,TEE-1,\"12,5x\",Y,web\r\n").write(to: bad, atomically: true, encoding: .utf8)
        let failed = try Self.omni(["import", "shopify-orders", bad.path, "--db", store])
        XCTAssertEqual(failed.status, 4)
        XCTAssertTrue(failed.stderr.contains("bad.csv:3: Total \"12,5x\" is not a number"), failed.stderr)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders"), 2, "nothing from bad.csv was written")
    }

    func testBadInputGetsClearMessagesAndExitCodes() throws {
        let unknown = try Self.omni(["orders", "--chanel", "web", "--db", Self.storePath])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("--chanel"))
        XCTAssertTrue(unknown.stderr.contains("did you mean --channel"))
        let missingValue = try Self.omni(["orders", "--limit"])
        XCTAssertEqual(missingValue.status, 2)
        XCTAssertTrue(missingValue.stderr.contains("--limit needs a value"))
        XCTAssertEqual(try Self.omni(["frobnicate"]).status, 2)

        let dir = try temporaryDirectory("omni-bad")
        let missing = try Self.omni(["kpi", "--db", dir.appendingPathComponent("none.db").path])
        XCTAssertEqual(missing.status, 3)
        XCTAssertTrue(missing.stderr.contains("omni init"))

        let junk = dir.appendingPathComponent("junk.db")
        let content = Data(String(repeating: "not a database at all\n", count: 200).utf8)
        try content.write(to: junk)
        let notDB = try Self.omni(["kpi", "--db", junk.path])
        XCTAssertEqual(notDB.status, 3)
        XCTAssertTrue(notDB.stderr.contains("not a SQLite database"))
        XCTAssertEqual(try Data(contentsOf: junk), content, "file untouched")

        let newer = dir.appendingPathComponent("newer.db").path
        XCTAssertEqual(try Self.omni(["init", "--db", newer]).status, 0)
        try Store.open(path: newer).execute("PRAGMA user_version = 42")
        let refused = try Self.omni(["orders", "--db", newer])
        XCTAssertEqual(refused.status, 3)
        XCTAssertTrue(refused.stderr.contains("newer omni"))
    }

    func testBenchPrintsEveryOperationWithPercentilesAndRatios() throws {
        let object = try XCTUnwrap(try json(try Self.omni(["bench", "--db", Self.storePath, "--runs", "5", "--json"])) as? [String: Any])
        let rows = try XCTUnwrap(object["rows"] as? [[String: Any]])
        let names = rows.compactMap { $0["operation"] as? String }
        for expected in ["identity lookup: phone", "customer 360", "orders: deep page (keyset, middle)", "KPI refresh",
                         "full frame 200x60: KPIs", "keystroke to frame (orders, j)"] {
            XCTAssertTrue(names.contains(expected), "bench reports \(expected)")
        }
        for row in rows {
            let timing = try XCTUnwrap(row["timing"] as? [String: Any])
            XCTAssertEqual(timing["runs"] as? Int, 5)
            let p50 = try XCTUnwrap(timing["p50"] as? Double), p99 = try XCTUnwrap(timing["p99"] as? Double)
            XCTAssertLessThanOrEqual(p50, p99)
        }
        XCTAssertTrue(rows.contains { $0["ratio"] is Double }, "some operations are compared with the sqlite3 shell")
        XCTAssertEqual(object["orders"] as? Int, try db.scalarInt("SELECT count(*) FROM orders"))
    }

    func testLockedStoreWaitsThenSaysSo() throws {
        let dir = try temporaryDirectory("omni-lock")
        let path = dir.appendingPathComponent("locked.db").path
        XCTAssertEqual(try Self.omni(["init", "--db", path]).status, 0)
        let holder = try Store.open(path: path)
        try holder.execute("INSERT INTO customers(id, name, search_name, created_at) VALUES (1, 'Lock Test', 'lock test', 0)")
        try holder.execute("INSERT INTO identities(customer_id, kind, value, channel, first_seen_at) VALUES (1, 'email', 'lock@example.com', 'web', 0)")
        try holder.execute("BEGIN IMMEDIATE")
        defer { try? holder.execute("ROLLBACK") }
        let started = Date()
        let run = try Self.omni(["customer", "lock@example.com", "--reveal", "--db", path])
        XCTAssertEqual(run.status, 3, run.stdout)
        XCTAssertTrue(run.stderr.contains("locked"), run.stderr)
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 1, "waited for the busy timeout first")
    }
}
