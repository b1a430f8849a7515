import Foundation
import XCTest
@testable import OmniStore

/// The demo store: deterministic, consistent, and holding every case the console must show.
final class SeedTests: XCTestCase {
    /// 2026-11-20 (a Friday) 14:30 in Shanghai.
    static let now: Int64 = 1_795_156_200

    static func seedSmall(seed: UInt64 = 7, in folder: URL) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("seed.db").path
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: seed, now: now), progress: nil)
        return path
    }

    /// The folder of the shared store, removed when the class's tests are done.
    static let sharedFolder = FileManager.default.temporaryDirectory
        .appendingPathComponent("omni-tests-\(ProcessInfo.processInfo.processIdentifier)-seed-\(UUID().uuidString.prefix(8))")

    /// One small store shared by the read-only checks (seeding it is the slow part).
    static let shared: Result<String, Error> = Result { try seedSmall(in: sharedFolder) }

    override class func tearDown() {
        try? FileManager.default.removeItem(at: sharedFolder)
        super.tearDown()
    }

    func store() throws -> Database { try Store.open(path: SeedTests.shared.get()) }

    func dump(_ db: Database, _ sql: String) throws -> [[DatabaseValue]] {
        try db.fetchAll(sql).map(\.values)
    }

    func testSameOptionsGiveTheSameStoreAndAnotherSeedDiffers() throws {
        let a = try store()
        let b = try Store.open(path: SeedTests.seedSmall(in: temporaryDirectory()))
        let c = try Store.open(path: SeedTests.seedSmall(seed: 8, in: temporaryDirectory()))
        let queries = [
            "SELECT * FROM customers ORDER BY id", "SELECT * FROM identities ORDER BY id", "SELECT * FROM orders ORDER BY id",
            "SELECT * FROM order_lines ORDER BY id", "SELECT * FROM tickets ORDER BY id", "SELECT * FROM stock ORDER BY id",
            "SELECT * FROM appointments ORDER BY id", "SELECT * FROM merges ORDER BY id", "SELECT * FROM kpi_sales_day ORDER BY day, channel",
        ]
        for sql in queries {
            let first = try dump(a, sql)
            XCTAssertFalse(first.isEmpty, sql)
            XCTAssertEqual(first, try dump(b, sql), "same seed, different rows: \(sql)")
        }
        XCTAssertNotEqual(try dump(a, queries[0]), try dump(c, queries[0]))
        XCTAssertNotEqual(try dump(a, queries[2]), try dump(c, queries[2]))
    }

    func testRowCountsAreInTheExpectedRanges() throws {
        let db = try store()
        let ranges: [(String, ClosedRange<Int>)] = [
            ("customers", 1_900...2_100), ("orders", 6_000...8_000), ("order_lines", 8_000...20_000),
            ("identities", 2_600...7_000), ("locations", 20...40), ("skus", 100...400), ("stock", 1_000...10_000),
            ("stock_movements", 2_000...40_000), ("tickets", 150...3_000), ("ticket_messages", 300...12_000),
            ("touchpoints", 7_000...80_000), ("carts", 50...5_000), ("appointments", 50...2_000), ("shipments", 2_000...8_000),
            ("returns", 50...1_500), ("assets", 5...200), ("invoices", 10...400), ("operators", 5...30), ("teams", 2...5),
        ]
        for (table, range) in ranges {
            let n = try db.scalarInt("SELECT count(*) FROM \(table)")
            XCTAssertTrue(range.contains(n), "\(table): \(n) rows, expected \(range)")
        }
        // About a third known in two or more channels.
        let multi = try db.scalarInt("""
            SELECT count(*) FROM (SELECT customer_id FROM identities GROUP BY customer_id HAVING count(DISTINCT channel) >= 2)
            """)
        XCTAssertTrue((400...1_200).contains(multi), "customers in 2+ channels: \(multi)")
        XCTAssertEqual(try db.string("SELECT value FROM meta WHERE key = 'store_name'"), "Demo retail — 演示零售")
        XCTAssertEqual(try db.string("SELECT value FROM meta WHERE key = 'seed_now'"), String(SeedTests.now))
        XCTAssertEqual(try db.string("PRAGMA journal_mode"), "wal")
        XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), 10)
        XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'orders_placed'"), 0)
    }

    func testEveryChannelAndFulfilmentAndTheCasesTheConsoleShows() throws {
        let db = try store()
        let now = SeedTests.now
        for channel in ["web", "app", "wechat", "marketplace", "store", "callcentre", "b2b"] {
            XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM orders WHERE channel = ?", [channel]), 0, "orders in \(channel)")
            XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM tickets WHERE channel = ?", [channel]), 0, "tickets in \(channel)")
        }
        for fulfilment in ["ship", "pickup", "ship_from_store", "in_store"] {
            XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM orders WHERE fulfilment = ? AND location_id IS NOT NULL", [fulfilment]), 0, fulfilment)
        }
        for status in ["paid", "fulfilled", "delivered", "cancelled", "returned"] {
            XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM orders WHERE status = ?", [status]), 0, status)
        }
        let checks: [(String, String)] = [
            ("late deliveries", "SELECT count(*) FROM orders WHERE delivered_at > promised_by"),
            ("overdue, not delivered", "SELECT count(*) FROM orders WHERE delivered_at IS NULL AND status IN ('paid','fulfilled') AND promised_by < \(now)"),
            ("orders today", "SELECT count(*) FROM orders WHERE placed_at > \(now) - 6 * 3600 AND placed_at <= \(now)"),
            ("pickups waiting", "SELECT count(*) FROM orders WHERE fulfilment = 'pickup' AND status = 'fulfilled' AND ready_at IS NOT NULL"),
            ("online orders returned in a store", "SELECT count(*) FROM returns r JOIN orders o ON o.id = r.order_id WHERE r.channel = 'store' AND o.channel <> 'store' AND r.location_id IS NOT NULL"),
            ("breaching tickets", "SELECT count(*) FROM tickets WHERE sla_due_at < \(now)"),
            ("solved tickets with CSAT", "SELECT count(*) FROM tickets WHERE resolved_at IS NOT NULL AND csat IS NOT NULL"),
            ("tickets about late orders", "SELECT count(*) FROM tickets t JOIN orders o ON o.id = t.order_id WHERE o.promised_by < t.created_at"),
            ("threads across channels", "SELECT count(*) FROM (SELECT ticket_id FROM ticket_messages GROUP BY ticket_id HAVING count(DISTINCT channel) > 1)"),
            ("out-of-stock rows", "SELECT count(*) FROM stock WHERE on_hand - reserved - safety_stock <= 0"),
            ("low stock rows", "SELECT count(*) FROM stock WHERE on_hand - reserved - safety_stock BETWEEN 1 AND reorder_point"),
            ("appointments today with carts", "SELECT count(*) FROM appointments WHERE starts_at / 86400 = \(now) / 86400 AND cart_id IS NOT NULL"),
            ("today's carts holding items the store lacks", """
                SELECT count(*) FROM appointments a JOIN cart_items i ON i.cart_id = a.cart_id
                LEFT JOIN stock s ON s.sku_id = i.sku_id AND s.location_id = a.location_id
                WHERE a.starts_at / 86400 = \(now) / 86400 AND (s.id IS NULL OR s.on_hand - s.reserved - s.safety_stock <= 0)
                """),
            ("suggested merges", "SELECT count(*) FROM merges WHERE status = 'suggested'"),
            ("applied merges", "SELECT count(*) FROM merges m JOIN customers c ON c.id = m.merged_id WHERE m.status = 'applied' AND c.merged_into = m.survivor_id AND m.moved LIKE '{\"identities\":[%'"),
            ("B2B assets due or overdue", "SELECT count(*) FROM assets a JOIN customers c ON c.id = a.customer_id WHERE c.kind = 'business' AND a.next_maintenance_at < \(now) + 14 * 86400"),
            ("unpaid invoices past due", "SELECT count(*) FROM invoices WHERE paid_at IS NULL AND due_at < \(now)"),
            ("B2B contacts", "SELECT count(*) FROM customers WHERE account_id IS NOT NULL"),
            ("store visits without purchase", "SELECT count(*) FROM touchpoints WHERE kind = 'store_visit' AND detail LIKE '%no purchase%'"),
            ("chat then call", "SELECT count(*) FROM touchpoints c JOIN touchpoints k ON k.customer_id = c.customer_id AND k.kind = 'call' AND k.at > c.at WHERE c.kind = 'chat'"),
            ("identities joined by phone", "SELECT count(*) FROM identities WHERE link_rule = 'exact_phone' AND link_evidence LIKE 'phone +86%****%'"),
            ("unmapped channel codes", "SELECT count(*) FROM channel_skus WHERE sku_id IS NULL"),
            ("channel buffers", "SELECT count(*) FROM channel_buffers"),
            ("open and abandoned carts", "SELECT count(DISTINCT status) FROM carts WHERE status IN ('open','abandoned') HAVING count(DISTINCT status) = 2"),
            ("home stores", "SELECT count(*) FROM customers WHERE home_location_id IS NOT NULL"),
        ]
        for (what, sql) in checks {
            XCTAssertGreaterThan(try db.scalarInt(sql), 0, what)
        }
        for kind in ["campaign_sent", "campaign_opened", "product_view", "add_to_cart", "checkout", "purchase", "store_visit", "call", "chat", "return", "ticket", "delivery"] {
            XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM touchpoints WHERE kind = ?", [kind]), 0, kind)
        }
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers WHERE name = ?", [SeedCatalog.hostileNames[0]]), 1)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM identities WHERE kind = 'phone' AND value NOT GLOB '+[0-9]*'"), 0)
        XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM identities WHERE kind = 'wechat_openid' AND length(value) = 28 AND value GLOB 'o*'"), 0)
        XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM identities WHERE kind = 'loyalty_card' AND value GLOB 'LC[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"), 0)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE placed_at > ?", [now]), 0, "nothing after now")
    }

    func testMoneyUnitsAndStatusesAreConsistent() throws {
        let db = try store()
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE total <> subtotal - discount + shipping + tax"), 0)
        XCTAssertEqual(try db.scalarInt("""
            SELECT count(*) FROM orders o WHERE units <> (SELECT sum(quantity) FROM order_lines WHERE order_id = o.id)
                OR subtotal <> (SELECT sum(quantity * unit_price) FROM order_lines WHERE order_id = o.id)
            """), 0)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE refunded > total OR refunded < 0"), 0)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE status = 'delivered' AND delivered_at IS NULL"), 0)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE status IN ('pending','paid','cancelled') AND delivered_at IS NOT NULL"), 0)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM order_lines WHERE quantity_returned > quantity"), 0)
        XCTAssertEqual(try db.scalarInt("""
            SELECT count(*) FROM orders o WHERE fulfilment IN ('ship','ship_from_store') AND status IN ('fulfilled','delivered')
                AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id)
            """), 0)
        // The stock ledger adds up to the figures.
        XCTAssertEqual(try db.scalarInt("""
            SELECT count(*) FROM stock s WHERE on_hand <> (SELECT sum(delta) FROM stock_movements m WHERE m.sku_id = s.sku_id AND m.location_id = s.location_id)
                OR reserved <> (SELECT sum(reserved_delta) FROM stock_movements m WHERE m.sku_id = s.sku_id AND m.location_id = s.location_id)
            """), 0)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM tickets WHERE first_response_due > resolution_due OR first_response_due < created_at"), 0)
    }

    func testRollupsSearchAndIntegrity() throws {
        let db = try store()
        XCTAssertEqual(try Rollups.verify(db), [])
        XCTAssertEqual(try db.scalarInt("SELECT value FROM counters WHERE name = 'orders'"), try db.scalarInt("SELECT count(*) FROM orders"))
        XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM customer_names WHERE customer_names MATCH '\"王\"'"), 20)
        XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM customer_names WHERE customer_names MATCH '\"王 芳\"'"), 0)
        XCTAssertEqual(try db.string("PRAGMA integrity_check"), "ok")
        XCTAssertTrue(try db.fetchAll("PRAGMA foreign_key_check").isEmpty)
    }

    func testRefusesAnExistingStore() throws {
        let path = try SeedTests.shared.get()
        let before = try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber
        XCTAssertThrowsError(try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: 1, now: SeedTests.now), progress: nil)) { error in
            guard case StoreError.invalid(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("not empty"), message)
        }
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber, before)
    }

    func testBusinessCalendarCountsOnlyWorkingMinutes() {
        let shanghai = BusinessCalendar(utcOffsetMinutes: 480, dayStartMinute: 540, dayEndMinute: 1_080, businessDays: 31)
        // Friday 2026-11-20 17:30 Shanghai = 09:30 UTC; 60 business minutes -> Monday 09:30.
        let friday: Int64 = 1_795_132_800 + 9 * 3_600 + 1_800
        XCTAssertEqual(shanghai.adding(businessMinutes: 60, to: friday), friday + 3 * 86_400 - 8 * 3_600)
        XCTAssertEqual(shanghai.adding(businessMinutes: 30, to: friday), friday + 1_800)
        // Saturday noon counts from Monday 09:00.
        let saturday: Int64 = 1_795_132_800 + 86_400 + 4 * 3_600
        XCTAssertEqual(shanghai.adding(businessMinutes: 15, to: saturday), 1_795_132_800 + 3 * 86_400 + 3_600 + 900)
        XCTAssertEqual(shanghai.businessMinutes(from: friday, to: friday + 3 * 86_400 - 8 * 3_600), 60)
        XCTAssertEqual(BusinessCalendar.allHours.adding(businessMinutes: 90, to: friday), friday + 5_400)
        XCTAssertFalse(shanghai.isOpen(at: saturday))
        XCTAssertTrue(shanghai.isOpen(at: friday))
    }

    func testProgressIsReported() throws {
        let path = try temporaryDirectory().appendingPathComponent("p.db").path
        final class Phases: @unchecked Sendable {
            let lock = NSLock()
            var names: [String] = []
            func add(_ name: String) { lock.lock(); if names.last != name { names.append(name) }; lock.unlock() }
        }
        let phases = Phases()
        let summary = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: 3, now: SeedTests.now)) { phases.add($0.phase) }
        XCTAssertEqual(phases.names.first, "prepare")
        XCTAssertEqual(phases.names.last, "done")
        XCTAssertTrue(phases.names.contains("orders"))
        XCTAssertEqual(summary.rowCounts["customers"], 2_000)
        XCTAssertGreaterThan(summary.elapsedSeconds, 0)
    }
}

private extension Database {
    func string(_ sql: String) throws -> String { try scalar(sql, as: String.self) ?? "" }
}
