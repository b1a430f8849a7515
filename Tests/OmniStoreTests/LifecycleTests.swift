import Foundation
import XCTest
@testable import OmniStore

final class LifecycleTests: XCTestCase {
    let day: Int64 = 86_400
    let now: Int64 = 1_795_000_000

    func single(_ daysAgo: Int64) -> LifecycleFigures {
        let at = now - daysAgo * day
        return LifecycleFigures(orderCount: 1, firstOrderAt: at, lastOrderAt: at, prevOrderAt: nil, gapMedianDays: nil)
    }

    func testStageBoundariesForOneOrder() {
        let expected: [(Int64, CustomerStage)] = [
            (0, .new), (29, .new), (30, .active), (31, .active), (89, .active), (90, .atRisk), (91, .atRisk),
            (179, .atRisk), (180, .lapsed), (181, .lapsed), (900, .lapsed),
        ]
        for (daysAgo, stage) in expected {
            XCTAssertEqual(Lifecycle.stage(for: single(daysAgo), now: now).stage, stage, "\(daysAgo) days after the only order")
        }
        XCTAssertEqual(Lifecycle.stage(for: LifecycleFigures(orderCount: 0), now: now), LifecycleResult(stage: .prospect, dueAt: nil))
    }

    func testDueTimesFollowTheNextChange() {
        let last29 = now - 29 * day
        XCTAssertEqual(Lifecycle.stage(for: single(29), now: now).dueAt, last29 + 30 * day, "new -> active at first order + 30 d")
        XCTAssertEqual(Lifecycle.stage(for: single(31), now: now).dueAt, now - 31 * day + 90 * day, "active -> at risk at + 90 d")
        XCTAssertEqual(Lifecycle.stage(for: single(91), now: now).dueAt, now - 91 * day + 180 * day, "at risk -> lapsed at + 180 d")
        XCTAssertNil(Lifecycle.stage(for: single(181), now: now).dueAt, "lapsed stays until an order")
        // The due time is exactly where the stage flips.
        for daysAgo: Int64 in [0, 29, 31, 89, 91, 179] {
            let f = single(daysAgo)
            let r = Lifecycle.stage(for: f, now: now)
            guard let due = r.dueAt else { return XCTFail("no due time at \(daysAgo)") }
            XCTAssertEqual(Lifecycle.classify(f, at: due - 1, thresholds: LifecycleThresholds()), r.stage)
            XCTAssertNotEqual(Lifecycle.classify(f, at: due, thresholds: LifecycleThresholds()), r.stage)
        }
    }

    func testRepeatAndTheGapRule() {
        // Two orders in a year: repeat until the earlier one is more than 365 days old (at risk wins at 90 d).
        let two = LifecycleFigures(orderCount: 2, firstOrderAt: now - 200 * day, lastOrderAt: now - 10 * day,
                                   prevOrderAt: now - 200 * day, gapMedianDays: 190)
        XCTAssertEqual(Lifecycle.stage(for: two, now: now).stage, .repeating)
        XCTAssertEqual(Lifecycle.stage(for: two, now: now).dueAt, now - 10 * day + 90 * day)
        let old = LifecycleFigures(orderCount: 2, firstOrderAt: now - 400 * day, lastOrderAt: now - 10 * day,
                                   prevOrderAt: now - 400 * day, gapMedianDays: 390)
        XCTAssertEqual(Lifecycle.stage(for: old, now: now).stage, .active)
        // 3+ orders every 10 days: at risk once the last is > 20 days and >= 30 days old.
        var regular = LifecycleFigures(orderCount: 5, firstOrderAt: now - 65 * day, lastOrderAt: now - 25 * day,
                                       prevOrderAt: now - 35 * day, gapMedianDays: 10)
        XCTAssertEqual(Lifecycle.stage(for: regular, now: now).stage, .repeating, "25 d > 2 × 10 d but under the 30 d minimum")
        XCTAssertEqual(Lifecycle.stage(for: regular, now: now).dueAt, now - 25 * day + 30 * day)
        regular.lastOrderAt = now - 30 * day
        XCTAssertEqual(Lifecycle.stage(for: regular, now: now).stage, .atRisk)
        // Median gap 20 d: at risk after 40 d.
        regular.gapMedianDays = 20
        XCTAssertEqual(Lifecycle.stage(for: regular, now: now).stage, .repeating)
        XCTAssertEqual(Lifecycle.stage(for: regular, now: now).dueAt, now - 30 * day + 40 * day + 1)
        XCTAssertEqual(Lifecycle.medianGapDays([0, 10 * day, 30 * day, 40 * day]) ?? -1, 10, accuracy: 1e-9)
        XCTAssertEqual(Lifecycle.medianGapDays([0, 10 * day, 30 * day]) ?? -1, 15, accuracy: 1e-9)
        XCTAssertNil(Lifecycle.medianGapDays([5]))
    }

    func testThresholdsComeFromSettings() throws {
        let (db, _) = try makeStore()
        XCTAssertEqual(try LifecycleThresholds.load(db), LifecycleThresholds())
        try db.execute("UPDATE settings SET value = '60' WHERE key = 'lifecycle.at_risk_days'")
        XCTAssertEqual(try LifecycleThresholds.load(db).atRiskDays, 60)
    }

    // MARK: store

    func addCustomer(_ db: Database, _ name: String) throws -> Int64 {
        try db.execute("INSERT INTO customers(name, created_at) VALUES (?, ?)", [name, now - 1_000 * day])
        return db.lastInsertRowID
    }

    func addOrder(_ db: Database, customer: Int64, at: Int64, status: String = "paid") throws {
        try db.execute("""
            INSERT INTO orders(channel, external_ref, customer_id, status, fulfilment, placed_at, total, units)
            VALUES ('web', ?, ?, ?, 'ship', ?, 10000, 1)
            """, [UUID().uuidString, customer, status, at])
    }

    func stageRow(_ db: Database, _ id: Int64) throws -> (String, Int64?, Int64?) {
        let r = try db.fetchOne("SELECT stage, stage_changed_at, stage_due_at FROM customers WHERE id = ?", [id])!
        return (r.string(0), r.optionalInt64(1), r.optionalInt64(2))
    }

    func testANewOrderMovesAtRiskToRepeat() throws {
        let (db, _) = try makeStore()
        let id = try addCustomer(db, "Wang Fang")
        try addOrder(db, customer: id, at: now - 200 * day)
        try addOrder(db, customer: id, at: now - 100 * day)
        try Lifecycle.refreshAll(db, now: now)
        XCTAssertEqual(try stageRow(db, id).0, "at_risk")
        XCTAssertEqual(try stageRow(db, id).1, now - 100 * day + 90 * day, "entered at risk when the 90 days ran out")
        XCTAssertEqual(try stageRow(db, id).2, now - 100 * day + 180 * day)
        try addOrder(db, customer: id, at: now)
        XCTAssertEqual(try stageRow(db, id).0, "repeat", "the order trigger moves the stage at once, whoever wrote the order")
        let r = try Lifecycle.afterOrders(db, customerIDs: [id], now: now)
        XCTAssertEqual(r.examined, 1)
        let (stage, changed, due) = try stageRow(db, id)
        XCTAssertEqual(stage, "repeat")
        XCTAssertEqual(changed, now)
        XCTAssertEqual(due, now + 90 * day)
        XCTAssertEqual(try db.scalar("SELECT gap_median_days FROM customers WHERE id = ?", [id], as: Double.self) ?? 0, 100, accuracy: 1e-9)
        // Refreshing again changes nothing and keeps stage_changed_at.
        XCTAssertEqual(try Lifecycle.refresh(db, customerIDs: [id], now: now + 5).written, 0)
        XCTAssertEqual(try stageRow(db, id).1, now)
    }

    func testAdvanceMovesCustomersWhenTheirTimeComes() throws {
        let (db, _) = try makeStore()
        let a = try addCustomer(db, "A"), b = try addCustomer(db, "B"), c = try addCustomer(db, "C")
        try addOrder(db, customer: a, at: now)
        try addOrder(db, customer: b, at: now - 20 * day)
        try Lifecycle.afterOrders(db, customerIDs: [a, b, c], now: now)
        XCTAssertEqual(try stageRow(db, a).0, "new")
        XCTAssertEqual(try stageRow(db, c).0, "prospect")
        XCTAssertNil(try stageRow(db, c).2)
        XCTAssertEqual(try Lifecycle.advance(db, now: now + 5 * day).examined, 0, "nothing due yet")
        let moved = try Lifecycle.advance(db, now: now + 10 * day)
        XCTAssertEqual(moved.changed, 1)
        XCTAssertEqual(try stageRow(db, b).0, "active")
        XCTAssertEqual(try stageRow(db, b).1, now + 10 * day, "changed when new ran out, not when advance ran")
        try Lifecycle.advance(db, now: now + 100 * day)
        XCTAssertEqual(try stageRow(db, a).0, "at_risk")
        XCTAssertEqual(try stageRow(db, a).1, now + 90 * day)
        XCTAssertEqual(try stageRow(db, b).0, "at_risk")
        try Lifecycle.advance(db, now: now + 400 * day)
        XCTAssertEqual(try stageRow(db, a).0, "lapsed")
        XCTAssertNil(try stageRow(db, a).2)
    }

    func testAdvanceUsesTheDueIndexNotAScan() throws {
        let (db, _) = try makeStore()
        let plan = try db.fetchAll("EXPLAIN QUERY PLAN " + Lifecycle.dueSQL, [now, 100]).map { $0.string(3) }
        XCTAssertTrue(plan.contains { $0.contains("USING INDEX customers_stage_due") || $0.contains("USING COVERING INDEX customers_stage_due") },
                      "plan: \(plan)")
        XCTAssertFalse(plan.contains { $0.hasPrefix("SCAN") }, "plan: \(plan)")
    }

    func testCountsMovementsAndTheProposedTriggers() throws {
        let path = try temporaryDirectory().appendingPathComponent("life.db").path
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: 11, now: now), progress: nil)
        let db = try Store.open(path: path)
        XCTAssertGreaterThan(try db.scalarInt("SELECT count(*) FROM customers WHERE stage <> 'prospect'"), 100,
                             "the seeder leaves every customer at their stage")
        let r = try Lifecycle.refreshAll(db, now: now)
        XCTAssertEqual(r.changed, 0, "refreshing a freshly seeded store changes nothing")
        let grouped = Dictionary(uniqueKeysWithValues: try db.fetchAll(
            "SELECT stage, count(*) FROM customers WHERE merged_into IS NULL GROUP BY stage").map { ($0.string(0), $0.int(1)) })
        let counts = try Lifecycle.counts(db)
        XCTAssertEqual(counts.map(\.stage), CustomerStage.allCases)
        for c in counts { XCTAssertEqual(c.count, grouped[c.stage.rawValue] ?? 0, c.stage.rawValue) }
        XCTAssertGreaterThan(counts.filter { $0.count > 0 }.count, 3, "a seeded store has customers in most stages: \(counts)")
        // Every stored stage is what the pure function says; nothing is due yet.
        let t = LifecycleThresholds()
        for row in try db.fetchAll("""
            SELECT id, order_count, first_order_at, last_order_at, prev_order_at, gap_median_days, stage, stage_due_at
            FROM customers WHERE merged_into IS NULL
            """) {
            let f = LifecycleFigures(orderCount: row.int(1), firstOrderAt: row.optionalInt64(2), lastOrderAt: row.optionalInt64(3),
                                     prevOrderAt: row.optionalInt64(4), gapMedianDays: row.optionalDouble(5))
            let expected = Lifecycle.stage(for: f, now: now, thresholds: t)
            XCTAssertEqual(row.string(6), expected.stage.rawValue, "customer \(row.int64(0))")
            XCTAssertEqual(row.optionalInt64(7), expected.dueAt, "customer \(row.int64(0))")
        }
        XCTAssertEqual(try Lifecycle.advance(db, now: now).examined, 0)
        // This week's movements agree with stage_changed_at.
        let week = Lifecycle.weekStart(now: now)
        XCTAssertLessThanOrEqual(week, now)
        XCTAssertGreaterThan(week, now - 7 * day)
        for m in try Lifecycle.movements(db, since: week) {
            XCTAssertEqual(m.count, try db.scalarInt("""
                SELECT count(*) FROM customers WHERE stage = ? AND stage_changed_at >= ? AND merged_into IS NULL
                """, [m.stage.rawValue, week]))
        }
        // The triggers keep the counters (read as truth), and an external order moves the stage at
        // once and flags it for the next advance.
        XCTAssertTrue(try LifecycleSQL.countersInstalled(db))
        XCTAssertEqual(try Lifecycle.counts(db), counts)
        guard let prospect = try db.scalar("SELECT id FROM customers WHERE stage = 'prospect' AND merged_into IS NULL LIMIT 1", as: Int64.self) else {
            return XCTFail("no prospect")
        }
        try addOrder(db, customer: prospect, at: now)
        XCTAssertEqual(try stageRow(db, prospect).0, "new")
        XCTAssertEqual(try stageRow(db, prospect).1, now)
        XCTAssertEqual(try stageRow(db, prospect).2, 0)
        let after = try Lifecycle.counts(db)
        XCTAssertEqual(after.first { $0.stage == .prospect }!.count, counts.first { $0.stage == .prospect }!.count - 1)
        XCTAssertEqual(after.first { $0.stage == .new }!.count, counts.first { $0.stage == .new }!.count + 1)
        XCTAssertEqual(try Lifecycle.advance(db, now: now).examined, 1)
        XCTAssertEqual(try stageRow(db, prospect).2, now + 30 * day)
        let regrouped = Dictionary(uniqueKeysWithValues: try db.fetchAll(
            "SELECT stage, count(*) FROM customers WHERE merged_into IS NULL GROUP BY stage").map { ($0.string(0), $0.int(1)) })
        for c in try Lifecycle.counts(db) { XCTAssertEqual(c.count, regrouped[c.stage.rawValue] ?? 0, c.stage.rawValue) }
        // The store list.
        let atRisk = try Lifecycle.customers(db, stage: .atRisk, limit: 10)
        XCTAssertFalse(atRisk.isEmpty)
        XCTAssertTrue(atRisk.allSatisfy { $0.stage == .atRisk })
        XCTAssertEqual(atRisk.map { $0.lastOrderAt ?? 0 }, atRisk.map { $0.lastOrderAt ?? 0 }.sorted(by: >))
        if let home = atRisk.first?.homeStoreID {
            XCTAssertTrue(try Lifecycle.customers(db, stage: .atRisk, homeLocationID: home, limit: 50).allSatisfy { $0.homeStoreID == home })
        }
    }
}
