import Foundation
import OmniStore
import OmniUI

/// Rendering and keystroke-to-frame, driven in-process at 200x60 on the bench store.
enum RenderBench {
    static func rows(db: Database, now: Int64, runs: Int) throws -> [BenchCommand.Row] {
        var driver = AppDriver(db: db, width: 200, height: 60, now: now)
        var rows: [BenchCommand.Row] = []
        func row(_ name: String, budget: Double?, _ timing: Timing) {
            rows.append(BenchCommand.Row(operation: name, timing: timing, sqlite3P50: nil, ratio: nil, budgetMs: budget,
                                         met: budget.map { timing.p50 <= $0 }))
        }
        // Put something on each tab, then time a full frame of each view.
        let customer = try db.scalar("SELECT name FROM customers WHERE order_count > 2 AND merged_into IS NULL ORDER BY id LIMIT 1",
                                     as: String.self) ?? "王"
        driver.type(String(customer.prefix(2)))
        driver.send(.enter)
        let tabs: [(String, Character)] = [("customer 360", "1"), ("orders", "2"), ("stock", "3"), ("tickets", "4"), ("KPIs", "5")]
        for (name, key) in tabs {
            driver.send(.char(key))
            let frozen = driver
            row("full frame 200x60: \(name)", budget: 2, Timing.measure(runs: runs) { _ in _ = frozen.render() })
        }
        // Keystroke to frame: move the orders cursor down (reduce + the query it causes + render).
        driver.send(.char("2"))
        row("keystroke to frame (orders, j)", budget: 16, Timing.measure(runs: runs) { i in
            driver.send(i % 2 == 0 ? .char("j") : .char("k"))
            _ = driver.render()
        })
        // The backend's diff for a one-row change.
        let before = driver.render()
        var after = before
        after.draw("a changed row", x: 2, y: 10, width: 40, style: .new)
        row("canvas diff, one row changed", budget: nil, Timing.measure(runs: runs) { _ in _ = CanvasDiff.runs(from: before, to: after) })
        return rows
    }
}
