import Foundation
import XCTest
@testable import OmniStore

final class ExplainTests: XCTestCase {
    let now: Int64 = 1_795_000_000

    func testEveryExplainedFigureEqualsItsRows() throws {
        let path = try temporaryDirectory().appendingPathComponent("explain.db").path
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: 9, now: now), progress: nil)
        let db = try Store.open(path: path)
        try Lifecycle.refreshAll(db, now: now)
        let names = try KPIExplain.names(db)
        XCTAssertEqual(names, KPIExplain.names)
        XCTAssertEqual(Set(names).count, names.count)
        let k = try KPIQueries.snapshot(db, now: now)
        var nonZero = 0
        for name in names {
            let e = try XCTUnwrap(try KPIExplain.explain(db, name: name, now: now, limit: 1_000_000), name)
            XCTAssertEqual(e.figure, e.rowsFigure, "\(name): the pane's figure equals the figure over its rows")
            XCTAssertEqual(e.rows.count, e.count, "\(name): every row listed")
            XCTAssertFalse(e.truncated)
            if e.unit != "units" && e.unit != "minor currency units" { XCTAssertEqual(Int64(e.count), e.figure, name) }
            if e.figure != 0 { nonZero += 1 }
            XCTAssertFalse(e.definition.isEmpty)
            let limited = try XCTUnwrap(try KPIExplain.rows(db, name: name, now: now, limit: 3))
            XCTAssertEqual(limited.count, min(3, e.count), name)
        }
        XCTAssertGreaterThan(nonZero, names.count / 2, "a seeded store moves most figures")
        // Spot checks against the snapshot itself.
        let onTime = try KPIExplain.explain(db, name: "on-time", now: now)!
        XCTAssertEqual(onTime.figure, Int64(k.onTime.numerator))
        XCTAssertEqual(try KPIExplain.explain(db, name: "late-deliveries", now: now)!.figure + onTime.figure, Int64(k.onTime.denominator))
        XCTAssertEqual(try KPIExplain.explain(db, name: "returns", now: now)!.figure, Int64(k.returnRate.numerator))
        XCTAssertEqual(try KPIExplain.explain(db, name: "funnel-reach", now: now)!.figure, Int64(k.funnel[0].count))
        XCTAssertEqual(try KPIExplain.explain(db, name: "revenue-web", now: now)!.figure, k.today.first { $0.channel == "web" }!.net.minor)
        XCTAssertEqual(try KPIExplain.explain(db, name: "repeat-customers", now: now)!.figure, Int64(k.repeatPurchaseRate.numerator))
        XCTAssertEqual(try KPIExplain.explain(db, name: "open-tickets", now: now)!.figure, Int64(k.openTickets))
        XCTAssertEqual(try KPIExplain.explain(db, name: "stock-outs", now: now)!.figure, Int64(k.stockOutRate.numerator))
        XCTAssertNil(try KPIExplain.explain(db, name: "no-such-figure", now: now))
        // Rows are of the right kind and in order.
        guard case .orders(let late)? = try KPIExplain.rows(db, name: "late-deliveries", now: now, limit: 50) else { return XCTFail() }
        XCTAssertTrue(late.allSatisfy { ($0.deliveredAt ?? 0) > ($0.promisedBy ?? .max) })
        guard case .stock(let outs)? = try KPIExplain.rows(db, name: "stock-outs", now: now, limit: 50) else { return XCTFail() }
        XCTAssertTrue(outs.allSatisfy { $0.available <= 0 })
        // JSON shape.
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let json = String(decoding: try encoder.encode(onTime), as: UTF8.self)
        XCTAssertTrue(json.contains("\"kind\":\"orders\""), json.prefix(300).description)
        XCTAssertTrue(json.contains("\"rows_figure\""))
    }

    func testExplainFollowsNewOrdersAndStages() throws {
        let path = try temporaryDirectory().appendingPathComponent("explain2.db").path
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: 4, now: now), progress: nil)
        let db = try Store.open(path: path)
        try Lifecycle.refreshAll(db, now: now)
        let simulator = try Simulator(db: db, seed: 3)
        var ids: [Int64] = []
        for i in 0..<300 { simulator.step(now: now + Int64(i * 5)) }
        ids = try db.fetchAll("SELECT DISTINCT customer_id FROM orders WHERE placed_at >= ? AND customer_id IS NOT NULL", [now]).map { $0.int64(0) }
        try Lifecycle.afterOrders(db, customerIDs: ids, now: now + 1_500)
        for name in KPIExplain.names {
            let e = try XCTUnwrap(try KPIExplain.explain(db, name: name, now: now + 1_500, limit: 0), name)
            XCTAssertEqual(e.figure, e.rowsFigure, "\(name) after live writes")
        }
    }
}
