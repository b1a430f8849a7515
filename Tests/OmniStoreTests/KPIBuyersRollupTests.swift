import Foundation
import XCTest
@testable import OmniStore

/// kpi_buyers_day (schema version 2): buyers and repeat customers of the KPI window come from a
/// per-day rollup that triggers keep true whoever writes, and a version-1 store gets it on open.
final class KPIBuyersRollupTests: XCTestCase {
    let now: Int64 = 1_795_000_000
    static let day: Int64 = 86_400

    // MARK: Helpers

    /// The rollup's rows as [day: [last, prev]], zero rows left out.
    func rollup(_ db: Database) throws -> [Int64: [Int]] {
        var days: [Int64: [Int]] = [:]
        for r in try db.fetchAll("SELECT day, last_orders, prev_orders FROM kpi_buyers_day WHERE last_orders <> 0 OR prev_orders <> 0") {
            days[r.int64(0)] = [r.int(1), r.int(2)]
        }
        return days
    }

    /// The same counted here from the live customers themselves.
    func recount(_ db: Database) throws -> [Int64: [Int]] {
        var days: [Int64: [Int]] = [:]
        for r in try db.fetchAll("SELECT last_order_at, prev_order_at FROM customers WHERE merged_into IS NULL") {
            if let last = r.optionalInt64(0) { days[last / Self.day, default: [0, 0]][0] += 1 }
            if let prev = r.optionalInt64(1) { days[prev / Self.day, default: [0, 0]][1] += 1 }
        }
        return days
    }

    /// Buyers and repeat customers of the 30-day window (today and the 29 UTC days before),
    /// counted over customers.
    func direct(_ db: Database, now: Int64) throws -> (buyers: Int, repeaters: Int) {
        let from = (now / Self.day - 29) * Self.day
        return (try db.scalarInt("SELECT count(*) FROM customers WHERE merged_into IS NULL AND last_order_at >= ?", [from]),
                try db.scalarInt("SELECT count(*) FROM customers WHERE merged_into IS NULL AND prev_order_at >= ?", [from]))
    }

    /// The rollup equals a recount, and the pane's figures and their explanations equal a direct count.
    func assertTrue(_ db: Database, now: Int64, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try rollup(db), try recount(db), "rollup = recount: \(message)", file: file, line: line)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM kpi_buyers_day WHERE last_orders < 0 OR prev_orders < 0"), 0,
                       "no negative day: \(message)", file: file, line: line)
        let expected = try direct(db, now: now)
        let rate = try KPIQueries.snapshot(db, now: now).repeatPurchaseRate
        XCTAssertEqual(rate, Ratio(expected.repeaters, expected.buyers), "figures = direct count: \(message)", file: file, line: line)
        for (name, figure) in [("buyers", expected.buyers), ("repeat-customers", expected.repeaters)] {
            let e = try XCTUnwrap(try KPIExplain.explain(db, name: name, now: now, limit: 1_000_000), name, file: file, line: line)
            XCTAssertEqual(e.figure, Int64(figure), "\(name) figure: \(message)", file: file, line: line)
            XCTAssertEqual(e.rowsFigure, e.figure, "\(name) rows agree: \(message)", file: file, line: line)
            XCTAssertEqual(e.count, figure, "\(name) row count: \(message)", file: file, line: line)
            XCTAssertEqual(e.window.from, (now / Self.day - 29) * Self.day, "\(name) window starts on the figure's day", file: file, line: line)
        }
    }

    /// Runs SQL as another writer would: through the sqlite3 shell when installed, else a bare connection.
    func shell(_ path: String, _ sql: String) throws {
        let sqlite = "/usr/bin/sqlite3"
        guard FileManager.default.isExecutableFile(atPath: sqlite) else {
            try Database(path: path).execute(sql)
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlite)
        process.arguments = ["-bail", path, sql]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, "sqlite3: \(message)")
    }

    func order(_ ref: String, customer: Int, at placed: Int64, status: String = "paid") -> String {
        """
        INSERT INTO orders(channel, external_ref, customer_id, status, fulfilment, placed_at, total, units)
        VALUES ('web', '\(ref)', \(customer), '\(status)', 'ship', \(placed), 1000, 1);
        """
    }

    func seeded(_ seed: UInt64) throws -> (Database, String) {
        let path = try temporaryDirectory().appendingPathComponent("buyers.db").path
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: seed, now: now), progress: nil)
        return (try Store.open(path: path), path)
    }

    // MARK: Tests

    func testSeededStoreHasTheRollupAndItsFiguresHoldAtTheDayBoundaries() throws {
        let (db, _) = try seeded(7)
        XCTAssertFalse(try rollup(db).isEmpty)
        XCTAssertEqual(try Rollups.verify(db), [])
        let today = now / Self.day * Self.day
        for t in [now, today, today + Self.day - 1, today + Self.day, now - 40 * Self.day] {
            try assertTrue(db, now: t, "seeded, now \(t)")
        }
        let rate = try KPIQueries.snapshot(db, now: now).repeatPurchaseRate
        XCTAssertGreaterThan(rate.denominator, 0)
        XCTAssertGreaterThan(rate.numerator, 0)
    }

    func testSimulatedWritesOverSeveralDaysKeepItTrue() throws {
        let (db, _) = try seeded(5)
        let simulator = try Simulator(db: db, seed: 11)
        // 400 events 10 minutes apart: orders land on three new days, buyers move day to day.
        for i in 0..<400 { simulator.step(now: now + Int64(i * 600)) }
        XCTAssertEqual(simulator.totals.failures, 0)
        XCTAssertGreaterThan(simulator.totals.orders, 20)
        XCTAssertEqual(try Rollups.verify(db), [])
        try assertTrue(db, now: now + 400 * 600, "after the simulator")
    }

    func testOrdersWrittenCancelledAndDeletedFromTheShell() throws {
        let (db, path) = try makeStore()
        let start = (now / Self.day - 29) * Self.day
        try shell(path, """
            INSERT INTO customers(id, name, created_at) VALUES (1, 'Ann', 1700000000), (2, 'Bo', 1700000000), (3, 'Cy', 1700000000);
            \(order("A-old", customer: 1, at: now - 40 * Self.day))
            \(order("A-edge", customer: 1, at: start))
            \(order("B-1", customer: 2, at: now - 3 * Self.day))
            \(order("B-2", customer: 2, at: now - 3_600))
            \(order("C-before", customer: 3, at: start - 1))
            """)
        try assertTrue(db, now: now, "orders inserted")
        XCTAssertEqual(try KPIQueries.snapshot(db, now: now).repeatPurchaseRate, Ratio(1, 2),
                       "Ann (last order on the window's first second) and Bo buy; only Bo twice; Cy is a second early")

        try shell(path, "UPDATE orders SET status = 'cancelled' WHERE external_ref = 'B-2';")
        try assertTrue(db, now: now, "an order cancelled")
        XCTAssertEqual(try KPIQueries.snapshot(db, now: now).repeatPurchaseRate, Ratio(0, 2))

        try shell(path, "DELETE FROM orders WHERE external_ref = 'A-edge';")
        try assertTrue(db, now: now, "an order deleted")
        XCTAssertEqual(try KPIQueries.snapshot(db, now: now).repeatPurchaseRate, Ratio(0, 1))

        try shell(path, "UPDATE orders SET placed_at = \(start - Self.day) WHERE external_ref = 'B-1';")
        try assertTrue(db, now: now, "an order moved out of the window")
        XCTAssertEqual(try KPIQueries.snapshot(db, now: now).repeatPurchaseRate, Ratio(0, 0))

        // A writer that sets the figures itself, with a fractional time: counted, then gone.
        try shell(path, """
            INSERT INTO customers(id, name, created_at, order_count, last_order_at, prev_order_at)
            VALUES (4, 'Di', 1700000000, 2, \(now).5, \(now - 7_200));
            """)
        try assertTrue(db, now: now, "a customer inserted with order figures")
        XCTAssertEqual(try KPIQueries.snapshot(db, now: now).repeatPurchaseRate, Ratio(1, 1))
        try shell(path, "DELETE FROM customers WHERE id = 4;")
        try assertTrue(db, now: now, "a customer deleted")
        XCTAssertEqual(try Rollups.verify(db), [])
    }

    func testMergesAndTheirUndoMoveTheBuyers() throws {
        let (db, path) = try makeStore()
        try shell(path, """
            INSERT INTO customers(id, name, created_at) VALUES (1, 'Ann', 1700000000), (2, 'Ann L.', 1700000000), (3, 'Cy', 1700000000);
            \(order("A-1", customer: 1, at: now - 10 * Self.day))
            \(order("A-2", customer: 2, at: now - 5 * Self.day))
            \(order("C-1", customer: 3, at: now - 2 * Self.day))
            """)
        try assertTrue(db, now: now, "before the merge")
        XCTAssertEqual(try KPIQueries.snapshot(db, now: now).repeatPurchaseRate, Ratio(0, 3))

        let resolver = IdentityResolver(db)
        let merge = try resolver.merge(2, into: 1, reason: "same person", at: now, operator: "test")
        try assertTrue(db, now: now, "after the merge")
        XCTAssertEqual(try KPIQueries.snapshot(db, now: now).repeatPurchaseRate, Ratio(1, 2), "Ann bought twice, her duplicate is gone")

        _ = try resolver.undoMerge(merge, at: now + 60, operator: "test")
        try assertTrue(db, now: now, "after the undo")
        XCTAssertEqual(try KPIQueries.snapshot(db, now: now).repeatPurchaseRate, Ratio(0, 3))

        // A merge written by hand leaves the orders where they were: the tombstone stops counting.
        try shell(path, "UPDATE customers SET merged_into = 1 WHERE id = 3;")
        try assertTrue(db, now: now, "a tombstone written from the shell")
        XCTAssertEqual(try KPIQueries.snapshot(db, now: now).repeatPurchaseRate, Ratio(0, 2))
        try shell(path, "UPDATE customers SET merged_into = NULL WHERE id = 3;")
        try assertTrue(db, now: now, "the tombstone lifted")
        XCTAssertEqual(try Rollups.verify(db), [])
    }

    /// An import suspends the customers' insert triggers (its customers arrive without orders)
    /// and updates their order figures set-wise at the end, which the update trigger follows.
    func testImportedOrdersKeepItTrue() throws {
        for bulk in [true, false] {
            let (db, _) = try makeStore()
            try db.execute("INSERT INTO products(id, name) VALUES (1, 'Tee')")
            try db.execute("INSERT INTO skus(code, product_id, name, color, size, price) VALUES ('TEE-RED-M', 1, 'Tee Red M', 'Red', 'M', 14900)")
            var options = ImportOptions()
            options.now = 1_780_000_000
            let importer = Importer(db, options: options)
            importer.bulkLoad = bulk
            _ = try importer.importFile(.shopifyOrders, try writeFixture("orders.csv", shopifyOrdersCSV(shopifyOrderRows())))
            XCTAssertFalse(try rollup(db).isEmpty, "bulk \(bulk)")
            try assertTrue(db, now: options.now, "imported (bulk \(bulk))")
            XCTAssertEqual(try Rollups.verify(db), [], "bulk \(bulk)")
            _ = try importer.importFile(.shopifyOrders, try writeFixture("later.csv", shopifyOrdersCSV(
                shopifyOrderRows(status1001: "voided", fulfillment1001: "unfulfilled"))))
            try assertTrue(db, now: options.now, "re-imported with #1001 voided (bulk \(bulk))")
            XCTAssertEqual(try Rollups.verify(db), [], "bulk \(bulk)")
        }
    }

    /// The customer triggers of schema version 1, as that version created them.
    static let version1CustomerTriggers = """
    CREATE TRIGGER rollup_customers_insert AFTER INSERT ON customers BEGIN
        UPDATE counters SET value = value + (new.merged_into IS NULL) WHERE name = 'customers';
    END;
    CREATE TRIGGER rollup_customers_merge AFTER UPDATE OF merged_into ON customers BEGIN
        UPDATE counters SET value = value + ((new.merged_into IS NULL) - (old.merged_into IS NULL)) WHERE name = 'customers';
    END;
    CREATE TRIGGER rollup_customers_delete AFTER DELETE ON customers BEGIN
        UPDATE counters SET value = value + (-(old.merged_into IS NULL)) WHERE name = 'customers';
    END;
    """

    /// Turns a current store into the version-1 schema: no kpi_buyers_day, the old customer triggers.
    func downgradeToVersion1(_ path: String) throws {
        let db = try Database(path: path)
        try db.transaction {
            try db.execute("DROP TABLE kpi_buyers_day")
            for name in ["rollup_customers_insert", "rollup_customers_merge", "rollup_customers_buyers", "rollup_customers_delete"] {
                try db.execute("DROP TRIGGER \(name)")
            }
            try db.execute(Self.version1CustomerTriggers)
            try db.execute("PRAGMA user_version = 1")
        }
    }

    /// Tables, indexes and triggers with their SQL (ANALYZE's statistics tables left out).
    func schemaObjects(_ db: Database) throws -> Set<String> {
        Set(try db.fetchAll("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'")
            .map { $0.values.map { "\($0)" }.joined(separator: " | ") })
    }

    func testVersion1StoreIsUpgradedOnOpenAndRefusedReadOnly() throws {
        let (fresh, _) = try makeStore()
        let (seededDB, path) = try seeded(3)
        try seededDB.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try downgradeToVersion1(path)
        // A version-1 writer's orders: counted once the store is upgraded.
        try shell(path, """
            \(order("V1-a", customer: 5, at: now - 60))
            \(order("V1-b", customer: 5, at: now - 30))
            UPDATE orders SET status = 'cancelled' WHERE id = (SELECT max(id) FROM orders WHERE external_ref NOT LIKE 'V1-%');
            """)

        XCTAssertThrowsError(try Store.open(path: path, readOnly: true)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("schema version 1") && text.contains("without --read-only"), text)
        }
        let untouched = try Database(path: path)
        XCTAssertEqual(try untouched.scalarInt("PRAGMA user_version"), 1, "a read-only open writes nothing")
        XCTAssertEqual(try untouched.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'kpi_buyers_day'"), 0)
        XCTAssertEqual(try Migrator.status(of: untouched), .needsUpgrade(from: 1))

        let db = try Store.open(path: path)
        XCTAssertEqual(try db.scalarInt("PRAGMA user_version"), Migrator.currentVersion)
        let upgraded = try schemaObjects(db), created = try schemaObjects(fresh)
        XCTAssertEqual(upgraded.subtracting(created), [], "the upgrade gives the schema a new store has")
        XCTAssertEqual(created.subtracting(upgraded), [], "the upgrade gives the schema a new store has")
        XCTAssertEqual(try Rollups.verify(db), [])
        try assertTrue(db, now: now, "upgraded")
        try shell(path, order("V2-a", customer: 6, at: now - 10))
        try assertTrue(db, now: now, "written after the upgrade")
        XCTAssertEqual(try Migrator.status(of: try Store.open(path: path, readOnly: true)), .current)
    }

    func testAnUpgradeThatFailsLeavesVersion1AsItWas() throws {
        let (db, path) = try makeStore()
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try downgradeToVersion1(path)
        // Something already holds the new table's name: the upgrade fails and rolls back whole.
        try shell(path, "CREATE TABLE kpi_buyers_day(x);")
        let before = try schemaObjects(try Database(path: path))
        XCTAssertThrowsError(try Store.open(path: path))
        let after = try Database(path: path)
        XCTAssertEqual(try after.scalarInt("PRAGMA user_version"), 1)
        XCTAssertEqual(try schemaObjects(after), before)
    }
}
