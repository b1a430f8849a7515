import Foundation
import XCTest
@testable import OmniStore

/// Timing of the set-wise refresh and the stage counts on a bigger store. Skipped unless
/// OMNI_LIFECYCLE_BENCH=medium|large (budgets are checked by the benchmark, not by tests).
final class LifecycleBenchTests: XCTestCase {
    func testRefreshAllAndCountsTiming() throws {
        guard let size = ProcessInfo.processInfo.environment["OMNI_LIFECYCLE_BENCH"].flatMap(SeedSize.init(rawValue:)) else {
            throw XCTSkip("set OMNI_LIFECYCLE_BENCH=medium or large to time the lifecycle on a bigger store")
        }
        let now: Int64 = 1_795_000_000
        let scratch = try temporaryDirectory().appendingPathComponent("bench.db").path
        let path = ProcessInfo.processInfo.environment["OMNI_LIFECYCLE_BENCH_DB"] ?? scratch
        if !FileManager.default.fileExists(atPath: path) {
            _ = try Seeder.seed(path: path, options: SeedOptions(size: size, seed: 1, now: now), progress: nil)
        }
        let db = try Store.open(path: path)
        let customers = try db.scalarInt("SELECT count(*) FROM customers")
        var t = Date()
        let r = try Lifecycle.refreshAll(db, now: now)
        print("refreshAll: \(customers) customers, \(r.changed) changed, \(String(format: "%.2f", Date().timeIntervalSince(t))) s")
        t = Date()
        _ = try Lifecycle.counts(db)
        print("counts (index): \(String(format: "%.2f", Date().timeIntervalSince(t) * 1000)) ms")
        try LifecycleSQL.installProposed(db)
        t = Date()
        _ = try Lifecycle.counts(db)
        print("counts (counters): \(String(format: "%.3f", Date().timeIntervalSince(t) * 1000)) ms")
        t = Date()
        _ = try Lifecycle.movements(db, since: Lifecycle.weekStart(now: now))
        print("movements: \(String(format: "%.2f", Date().timeIntervalSince(t) * 1000)) ms")
        t = Date()
        let a = try Lifecycle.advance(db, now: now + 86_400)
        print("advance one day: \(a.examined) refreshed in \(String(format: "%.2f", Date().timeIntervalSince(t) * 1000)) ms")
        let home = try db.scalar("SELECT home_location_id FROM customers WHERE id = 1", as: Int64.self)!
        t = Date()
        _ = try StoreDay.load(db, locationID: home, day: LocalDay(containing: now, utcOffsetMinutes: 480), now: now)
        print("store day: \(String(format: "%.2f", Date().timeIntervalSince(t) * 1000)) ms")
        for name in ["funnel-reach", "late-deliveries", "stage-lapsed", "funnel-repeat"] {
            t = Date()
            _ = try KPIExplain.explain(db, name: name, now: now)
            print("explain \(name): \(String(format: "%.2f", Date().timeIntervalSince(t) * 1000)) ms")
        }
    }
}
