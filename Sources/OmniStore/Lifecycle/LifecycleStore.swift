import Foundation

/// How many customers are in a stage.
public struct StageCount: Sendable, Equatable, Codable {
    public var stage: CustomerStage
    public var count: Int
}

/// Customers who entered a stage since a moment (the start of the week), by stage_changed_at.
public struct StageMovement: Sendable, Equatable, Codable {
    public var stage: CustomerStage
    public var since: Int64
    public var count: Int
}

/// One customer of a stage list (`omni customers --stage`).
public struct StageCustomer: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    public var stage: CustomerStage
    public var stageChangedAt: Int64?
    public var stageDueAt: Int64?
    public var orderCount: Int
    public var lastOrderAt: Int64?
    public var lastChannel: String?
    public var lifetimeValue: Money
    public var homeStoreID: Int64?
    public var homeStore: String?
}

/// What a refresh did.
public struct LifecycleRefresh: Sendable, Equatable, Codable {
    /// Customers whose stage was recomputed.
    public var examined: Int
    /// Customers whose stage changed.
    public var changed: Int
    /// Customer rows written (stage, due time or median gap differed).
    public var written: Int
}

extension Lifecycle {
    /// One customer's row for `refresh` (built once: it runs per customer).
    static let customerByIDSQL = "SELECT \(customerColumns) FROM customers c WHERE c.id = ?"

    static let customerColumns = """
        c.id, c.order_count, c.first_order_at, c.last_order_at, c.prev_order_at, c.stage, c.stage_changed_at,
        c.stage_due_at, c.gap_median_days, c.merged_into, c.created_at
        """

    static let updateSQL = "UPDATE customers SET stage = ?, stage_changed_at = ?, stage_due_at = ?, gap_median_days = ? WHERE id = ?"

    static func figures(_ row: Row, gap: Double?) -> LifecycleFigures {
        LifecycleFigures(orderCount: row.int(1), firstOrderAt: row.optionalInt64(2), lastOrderAt: row.optionalInt64(3),
                         prevOrderAt: row.optionalInt64(4), gapMedianDays: gap)
    }

    /// Writes one customer's stage when anything differs; returns (changed stage, wrote row).
    static func apply(_ db: Database, row: Row, gap: Double?, now: Int64, thresholds: LifecycleThresholds,
                      fallbackChangedAt: Int64) throws -> (Bool, Bool) {
        let id = row.int64(0)
        let f = figures(row, gap: gap)
        let result = stage(for: f, now: now, thresholds: thresholds)
        let oldStage = row.string(5)
        let changed = oldStage != result.stage.rawValue
        let changedAt = changed ? (enteredAt(f, now: now, thresholds: thresholds) ?? fallbackChangedAt) : row.optionalInt64(6)
        let oldGap = row.optionalDouble(8)
        let gapSame = (oldGap == nil && gap == nil) || (oldGap != nil && gap != nil && abs(oldGap! - gap!) < 1e-9)
        if !changed && row.optionalInt64(7) == result.dueAt && gapSame { return (false, false) }
        try db.statement(updateSQL).execute([result.stage.rawValue, changedAt, result.dueAt, gap, id])
        return (changed, true)
    }

    /// Recomputes stage, stage_changed_at (only when the stage changed), stage_due_at and
    /// gap_median_days for these customers, from their row and their orders (orders_customer
    /// index range). Merged-away customers lose their due time. One transaction.
    @discardableResult
    public static func refresh(_ db: Database, customerIDs: [Int64], now: Int64,
                               thresholds: LifecycleThresholds? = nil) throws -> LifecycleRefresh {
        try db.transaction {
            let t = try thresholds ?? LifecycleThresholds.load(db)
            var outcome = LifecycleRefresh(examined: 0, changed: 0, written: 0)
            for id in Set(customerIDs).sorted() {
                guard let row = try db.fetchOne(customerByIDSQL, [id]) else { continue }
                if row.optionalInt64(9) != nil {
                    if row.optionalInt64(7) != nil {
                        try db.execute("UPDATE customers SET stage_due_at = NULL WHERE id = ?", [id])
                        outcome.written += 1
                    }
                    continue
                }
                let times = try db.fetchAll("""
                    SELECT placed_at FROM orders WHERE customer_id = ? AND status <> 'cancelled' ORDER BY placed_at
                    """, [id]).map { $0.int64(0) }
                let (changed, wrote) = try apply(db, row: row, gap: medianGapDays(times), now: now, thresholds: t,
                                                 fallbackChangedAt: now)
                outcome.examined += 1
                if changed { outcome.changed += 1 }
                if wrote { outcome.written += 1 }
            }
            return outcome
        }
    }

    /// For writers that have just written orders (inside or outside their transaction): keeps
    /// these customers' stages current without rescanning history.
    @discardableResult
    public static func afterOrders(_ db: Database, customerIDs: [Int64], now: Int64) throws -> LifecycleRefresh {
        try refresh(db, customerIDs: customerIDs, now: now)
    }

    /// Refreshes every customer whose stage_due_at has come (an index range on
    /// customers_stage_due, never a scan), in batches, until none is due.
    @discardableResult
    public static func advance(_ db: Database, now: Int64, batch: Int = 2_000) throws -> LifecycleRefresh {
        let t = try LifecycleThresholds.load(db)
        var total = LifecycleRefresh(examined: 0, changed: 0, written: 0)
        var seen = Set<Int64>()
        while true {
            let ids = try dueCustomerIDs(db, now: now, limit: batch).filter { !seen.contains($0) }
            if ids.isEmpty { break }
            seen.formUnion(ids)
            let r = try refresh(db, customerIDs: ids, now: now, thresholds: t)
            total.examined += r.examined
            total.changed += r.changed
            total.written += r.written
        }
        return total
    }

    /// The query `advance` runs (kept apart so a test can EXPLAIN it).
    static let dueSQL = "SELECT id FROM customers WHERE stage_due_at <= ? ORDER BY stage_due_at LIMIT ?"

    static func dueCustomerIDs(_ db: Database, now: Int64, limit: Int) throws -> [Int64] {
        try db.fetchAll(dueSQL, [now, limit]).map { $0.int64(0) }
    }

    /// Recomputes every live customer's stage after a bulk load: customers in keyset batches by
    /// id; for each batch one covering range scan of orders_customer gives the order times in
    /// customer order (cancelled orders, a few percent, are skipped by id), from which the median
    /// gaps come; rows are written only where something differs. Run it before the triggers come
    /// back to keep the change feed out of it. One transaction.
    @discardableResult
    public static func refreshAll(_ db: Database, now: Int64, batch: Int = 20_000) throws -> LifecycleRefresh {
        try db.transaction {
            let t = try LifecycleThresholds.load(db)
            // Most rows change after a load: the indexes on the stage columns are dropped and
            // rebuilt afterwards (one sort each beats a million random index updates).
            let stageIndexes = try db.fetchAll("""
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' AND sql IS NOT NULL
                  AND (sql LIKE '%stage%')
                """).map { ($0.string(0), $0.string(1)) }
            let bulk = try db.scalarInt("SELECT count(*) FROM customers") >= 50_000
            if bulk {
                for (name, _) in stageIndexes { try db.execute("DROP INDEX \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"") }
            }
            var cancelled = Set<Int64>()
            try db.statement("SELECT id FROM orders WHERE status = 'cancelled'").forEach { cancelled.insert($0.int64(0)) }
            let ordersInRange = try db.statement("""
                SELECT customer_id, placed_at, id FROM orders WHERE customer_id >= ? AND customer_id <= ?
                ORDER BY customer_id, placed_at
                """)
            var outcome = LifecycleRefresh(examined: 0, changed: 0, written: 0)
            var after: Int64 = Int64.min
            while true {
                let rows = try db.fetchAll("""
                    SELECT \(customerColumns) FROM customers c WHERE c.id > ? AND c.merged_into IS NULL ORDER BY c.id LIMIT ?
                    """, [after, batch])
                guard let first = rows.first, let last = rows.last else { break }
                after = last.int64(0)
                var gaps: [Int64: Double] = [:]
                var customer: Int64 = .min
                var times: [Int64] = []
                func flush() {
                    if times.count >= 2, let gap = medianGapDays(times) { gaps[customer] = gap }
                    times.removeAll(keepingCapacity: true)
                }
                try ordersInRange.forEach([first.int64(0), last.int64(0)]) { o in
                    let id = o.int64(0)
                    if id != customer { flush(); customer = id }
                    if !cancelled.contains(o.int64(2)) { times.append(o.int64(1)) }
                }
                flush()
                for row in rows {
                    let (changed, wrote) = try apply(db, row: row, gap: gaps[row.int64(0)], now: now, thresholds: t,
                                                     fallbackChangedAt: row.int64(10))
                    outcome.examined += 1
                    if changed { outcome.changed += 1 }
                    if wrote { outcome.written += 1 }
                }
            }
            try db.execute("UPDATE customers SET stage_due_at = NULL WHERE merged_into IS NOT NULL AND stage_due_at IS NOT NULL")
            if bulk {
                for (_, sql) in stageIndexes { try db.execute(sql) }
            }
            // The stage counters, when the store has them (with or without their triggers yet).
            if try db.scalarInt("SELECT count(*) FROM counters WHERE name >= 'stage_' AND name < 'stage`'") > 0 {
                try db.execute(LifecycleSQL.rebuildCounters)
            }
            return outcome
        }
    }

    /// Customers per stage, every stage listed. Reads the maintained `stage_*` counters when
    /// their triggers are installed (constant time), else counts on the customers_stage index.
    public static func counts(_ db: Database) throws -> [StageCount] {
        var byStage: [String: Int] = [:]
        if try LifecycleSQL.countersInstalled(db) {
            for r in try db.fetchAll("SELECT name, value FROM counters WHERE name >= 'stage_' AND name < 'stage`'") {
                byStage[String(r.string(0).dropFirst("stage_".count))] = r.int(1)
            }
        } else {
            for r in try db.fetchAll("SELECT stage, count(*) FROM customers WHERE merged_into IS NULL GROUP BY stage") {
                byStage[r.string(0)] = r.int(1)
            }
        }
        return CustomerStage.allCases.map { StageCount(stage: $0, count: byStage[$0.rawValue] ?? 0) }
    }

    /// Monday 00:00 local time of the week holding `now`.
    public static func weekStart(now: Int64, utcOffsetMinutes: Int = 480) -> Int64 {
        let offset = Int64(utcOffsetMinutes) * 60
        let local = now + offset
        let days = local >= 0 ? local / day : (local - day + 1) / day
        let weekday = ((days + 3) % 7 + 7) % 7   // 1970-01-01 was a Thursday; Monday = 0
        return (days - weekday) * day - offset
    }

    /// This week's movements: how many customers became repeat, at risk and lapsed since
    /// `since` (and are still there), by stage_changed_at.
    public static func movements(_ db: Database, since: Int64) throws -> [StageMovement] {
        try [CustomerStage.repeating, .atRisk, .lapsed].map { stage in
            StageMovement(stage: stage, since: since, count: try db.scalarInt("""
                SELECT count(*) FROM customers WHERE stage = ? AND stage_changed_at >= ? AND merged_into IS NULL
                """, [stage.rawValue, since]))
        }
    }

    /// Customers of a stage, most recent buyers first, optionally only one home store's.
    public static func customers(_ db: Database, stage: CustomerStage, homeLocationID: Int64? = nil,
                                 limit: Int = 50) throws -> [StageCustomer] {
        let filter = homeLocationID == nil ? "" : " AND home_location_id = ?"
        var args: [DatabaseValueConvertible?] = [stage.rawValue]
        if let homeLocationID { args.append(homeLocationID) }
        args.append(limit)
        return try db.fetchAll("""
            SELECT c.id, c.name, c.stage, c.stage_changed_at, c.stage_due_at, c.order_count, c.last_order_at, c.last_channel,
                   c.lifetime_value, c.home_location_id, l.name, \(CustomerMoney.currencySQL("c.id"))
            FROM (SELECT id FROM customers WHERE stage = ? AND merged_into IS NULL\(filter)
                  ORDER BY last_order_at DESC, id DESC LIMIT ?) s
            JOIN customers c ON c.id = s.id LEFT JOIN locations l ON l.id = c.home_location_id
            ORDER BY c.last_order_at DESC, c.id DESC
            """, args).map { r in
            StageCustomer(id: r.int64(0), name: r.string(1), stage: CustomerStage(rawValue: r.string(2)) ?? stage,
                          stageChangedAt: r.optionalInt64(3), stageDueAt: r.optionalInt64(4), orderCount: r.int(5),
                          lastOrderAt: r.optionalInt64(6), lastChannel: r.optionalString(7),
                          lifetimeValue: CustomerMoney.lifetimeValue(minor: r.int64(8), currency: r.optionalString(11)), homeStoreID: r.optionalInt64(9), homeStore: r.optionalString(10))
        }
    }
}
