import Foundation
import XCTest
@testable import OmniStore

/// Figures a supervisor can trust: on seeded stores of several seeds and after simulator runs,
/// the funnel is a funnel, no ratio exceeds 100%, no promise precedes its order, the world is in
/// shape at the moment it is made, and every KPI figure equals its recomputation from the rows.
final class FiguresTests: XCTestCase {
    static let now: Int64 = 1_795_000_000

    func seeded(_ seed: UInt64) throws -> Database {
        let path = try temporaryDirectory().appendingPathComponent("fig\(seed).db").path
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: seed, now: Self.now), progress: nil)
        return try Store.open(path: path)
    }

    /// Every ratio of the snapshot and every funnel conversion at most 100%, every stage a
    /// subset of the one before (its customers listed by the drill-down), doctor --figures equal.
    func assertFiguresTrue(_ db: Database, now: Int64, _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let k = try KPIQueries.snapshot(db, now: now)
        XCTAssertEqual(k.funnel.map(\.stage), Funnel.stages, label, file: file, line: line)
        for s in k.funnel { XCTAssertLessThanOrEqual(s.conversion ?? 0, 1, "\(label): \(s.stage)", file: file, line: line) }
        for (name, r) in [("overall", k.funnelOverall), ("repeat", k.repeatPurchaseRate), ("OT", k.onTime), ("IF", k.inFull),
                          ("OTIF", k.otif), ("returns", k.returnRate), ("FR", k.firstResponseSLA), ("res", k.resolutionSLA),
                          ("FCR", k.firstContactResolution), ("CSAT", k.csat), ("stock-out", k.stockOutRate)] {
            XCTAssertLessThanOrEqual(r.numerator, r.denominator, "\(label): \(name)", file: file, line: line)
        }
        XCTAssertGreaterThan(k.funnel[0].count, 0, "\(label): somebody was reached", file: file, line: line)
        XCTAssertGreaterThan(k.funnel[4].count, 0, "\(label): somebody bought through a tracked journey", file: file, line: line)
        // Each stage's customers (the drill-down's rows) are a subset of the stage before's.
        var previous: Set<Int64>?
        for (i, stage) in Funnel.stages.enumerated() {
            let e = try XCTUnwrap(KPIExplain.explain(db, name: "funnel-" + stage, now: now, limit: 1_000_000))
            guard case .customers(let rows) = e.rows else { return XCTFail("\(label): funnel-\(stage) lists customers", file: file, line: line) }
            let ids = Set(rows.map(\.id))
            XCTAssertEqual(ids.count, k.funnel[i].count, "\(label): funnel-\(stage) lists as many customers as its figure", file: file, line: line)
            XCTAssertEqual(e.count, k.funnel[i].count, file: file, line: line)
            if let previous { XCTAssertTrue(ids.isSubset(of: previous), "\(label): \(stage) ⊂ the stage before", file: file, line: line) }
            previous = ids
        }
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE promised_by < placed_at"), 0,
                       "\(label): no promise precedes its order", file: file, line: line)
        let report = try FigureCheck.run(db, now: now)
        XCTAssertEqual(report.figures.filter { !$0.equal }.map { "\($0.name): \($0.shown) vs \($0.recomputed)" }, [],
                       "\(label): doctor --figures", file: file, line: line)
        XCTAssertGreaterThan(report.figures.count, 40, file: file, line: line)
    }

    func testSeededStoresOfSeveralSeedsAndAfterTheSimulatorHaveTrueFigures() throws {
        for seed: UInt64 in [1, 5, 11] {
            let db = try seeded(seed)
            try assertFiguresTrue(db, now: Self.now, "seed \(seed)")
            let simulator = try Simulator(db: db, seed: seed &* 31)
            var t = Self.now
            for _ in 0..<400 { t += 20; simulator.step(now: t) }
            XCTAssertEqual(simulator.totals.failures, 0)
            try assertFiguresTrue(db, now: t, "seed \(seed) after 400 simulated events")
        }
    }

    func testTheSeedIsAHealthyRetailerAtTheMomentItIsMade() throws {
        let db = try seeded(3)
        let now = Self.now
        let open = try db.scalarInt("SELECT count(*) FROM tickets WHERE status IN ('new','open','pending')")
        let breached = try db.scalarInt("SELECT count(*) FROM tickets WHERE status IN ('new','open','pending') AND sla_due_at < ?", [now])
        XCTAssertGreaterThan(open, 5)
        // A small store's queue is a dozen tickets, so one breach is already 8%: the 5% bound is
        // measured on the medium store (README); here at most one in ten.
        XCTAssertLessThanOrEqual(breached * 10, open, "few open tickets breached (\(breached) of \(open))")
        XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM tickets WHERE status IN ('new','open','pending') AND created_at < ?",
                                              [now - 86_400]), 0, "the queue holds days-old work")
        XCTAssertEqual(try db.scalarInt("""
            SELECT count(*) FROM orders WHERE fulfilment = 'pickup' AND status = 'fulfilled' AND ready_at < ?
            """, [now - 14 * 86_400]), 0, "no pickup waits more than 14 days")
        let k = try KPIQueries.snapshot(db, now: now)
        let onTime = try XCTUnwrap(k.onTime.value)
        XCTAssertTrue((0.85...0.95).contains(onTime), "on time \(k.onTime.percent)")
        XCTAssertEqual(try db.scalarInt("""
            SELECT count(*) FROM stock s WHERE on_hand <> (SELECT coalesce(sum(delta), 0) FROM stock_movements m
                WHERE m.sku_id = s.sku_id AND m.location_id = s.location_id)
            """), 0, "every on-hand is the sum of its ledger")
        XCTAssertGreaterThan(try db.scalarInt("SELECT max(at) FROM stock_movements"), Int(now - 86_400), "the ledger runs up to now")
        // Late deliveries are explained on the journey.
        XCTAssertEqual(try db.scalarInt("""
            SELECT count(*) FROM touchpoints WHERE kind = 'delivery' AND detail NOT LIKE 'delivered late by %: %'
            """), 0)
    }

    func testSimulatorPromisesAfterPlacementAndCountsLateDeliveriesAsTheFigureDoes() throws {
        let db = try seeded(2)
        let simulator = try Simulator(db: db, seed: 77)
        var t = Self.now
        let firstNew = try db.scalarInt("SELECT max(id) FROM orders") + 1
        for _ in 0..<500 { t += 30; simulator.step(now: t) }
        XCTAssertGreaterThan(simulator.totals.orders, 50)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE id >= ? AND promised_by <= placed_at", [firstNew]), 0)
        XCTAssertEqual(try db.scalarInt("""
            SELECT count(*) FROM orders WHERE id >= ? AND fulfilment <> 'in_store' AND promised_by IS NULL
            """, [firstNew]), 0)
        // The log's late count is the deliveries it made after their promise.
        XCTAssertEqual(simulator.totals.lateDeliveries, try db.scalarInt("""
            SELECT count(*) FROM orders WHERE delivered_at > ? AND delivered_at > promised_by AND fulfilment <> 'in_store'
            """, [Self.now]))
        XCTAssertLessThan(simulator.totals.lateDeliveries * 2, max(1, simulator.totals.deliveries), "most deliveries are on time")
    }

    func testPromiseIsBusinessDaysAfterPlacement() {
        // Friday 2026-12-04 15:00 China time: 3 business days is Wednesday 21:00.
        let friday: Int64 = 1_796_367_600
        XCTAssertEqual(DeliveryPromise.promisedBy(placed: friday, channel: "web", fulfilment: "ship"), friday + 5 * 86_400 + 6 * 3_600)
        XCTAssertNil(DeliveryPromise.promisedBy(placed: friday, channel: "store", fulfilment: "in_store"))
        for placed in stride(from: friday, to: friday + 8 * 86_400, by: 3_917) {
            for f in ["ship", "pickup", "ship_from_store"] {
                XCTAssertGreaterThan(DeliveryPromise.promisedBy(placed: placed, channel: "marketplace", fulfilment: f)!, placed + 86_400)
            }
        }
    }

    func testSimulatorStopsOnAStoreThatCannotTakeWrites() throws {
        let db = try seeded(4)
        let simulator = try Simulator(db: db, seed: 1)
        try db.execute("PRAGMA query_only = 1")
        let result = SimulationRunner.run(simulator, rate: 10_000, duration: 5, clock: { Self.now }, shouldStop: { false })
        XCTAssertEqual(result.totals.failures, 1, "stopped at the first failure instead of failing every event")
        XCTAssertNotNil(result.totals.stoppedBecause)
        XCTAssertNotNil(result.totals.lastFailure)
    }

    func testOversoldListsTheChannelThatSoldStockItDoesNotHaveAndTheKPICountsIt() throws {
        let db = try seeded(6)
        let now = Self.now
        XCTAssertEqual(try Oversold.list(db), [], "the seed oversells nothing")
        let before = try KPIQueries.snapshot(db, now: now).ordersLast60s
        let sku = try db.scalarInt("SELECT id FROM skus WHERE code = 'TEE-RED-M'")
        // Every location holds only its safety stock, then the web sells 3 of it.
        try db.execute("UPDATE stock SET on_hand = safety_stock, reserved = 0 WHERE sku_id = ?", [sku])
        try db.execute("""
            INSERT INTO orders(channel, external_ref, customer_id, status, fulfilment, location_id, placed_at, promised_by, total, units)
            VALUES ('web', 'W-OVER-1', 1, 'paid', 'ship', 1, ?, ?, 100, 3)
            """, [now - 30, now + 3 * 86_400])
        try db.execute("INSERT INTO order_lines(order_id, sku_id, sku_code, name, quantity, unit_price) VALUES (?, ?, 'TEE-RED-M', 'Tee', 3, 100)",
                       [db.lastInsertRowID, sku])
        let rows = try Oversold.list(db)
        let web = try XCTUnwrap(rows.first { $0.channel == "web" && $0.skuCode == "TEE-RED-M" }, "\(rows)")
        XCTAssertGreaterThanOrEqual(web.openDemand, 3)
        XCTAssertEqual(web.sellable, 0)
        XCTAssertEqual(web.availableToPromise, 0)
        XCTAssertEqual(web.oversold, web.openDemand)
        let k = try KPIQueries.snapshot(db, now: now)
        XCTAssertEqual(k.oversold, rows.count)
        XCTAssertEqual(k.ordersLast60s, before + 1, "the rolling last 60 s holds the order placed 30 s ago")
        let laterCount = try db.scalarInt("SELECT count(*) FROM orders WHERE placed_at > ? AND placed_at <= ? AND status <> 'cancelled'",
                                          [now - 29, now + 31])
        XCTAssertEqual(try KPIQueries.snapshot(db, now: now + 31).ordersLast60s, laterCount, "and lets it go 60 s later")
        XCTAssertEqual(laterCount, before + 1 - (try db.scalarInt("""
            SELECT count(*) FROM orders WHERE placed_at > ? AND placed_at <= ? AND status <> 'cancelled'
            """, [now - 60, now - 29])))
        XCTAssertEqual(try FigureCheck.run(db, now: now).figures.filter { !$0.equal }.map(\.name), [])
    }
}
