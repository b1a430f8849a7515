/// Set-based recomputation of every counter and rollup from the base tables. Used after bulk
/// loads (triggers are off then) and by `omni doctor` to prove the incremental figures true.
public enum Rollups {
    static let rebuildSQL = """
    \(MoneySchema.rebuildSQL)
    DELETE FROM kpi_delivery_day;
    DELETE FROM kpi_returns_day; DELETE FROM kpi_ticket_day; DELETE FROM kpi_touch_day;
    INSERT INTO kpi_delivery_day(day, channel, delivered, on_time, in_full, otif)
        SELECT delivered_at / 86400, channel, count(*),
               sum(delivered_at <= coalesce(promised_by, delivered_at)), sum(in_full <> 0),
               sum(delivered_at <= coalesce(promised_by, delivered_at) AND in_full <> 0)
        FROM orders WHERE delivered_at IS NOT NULL AND status <> 'cancelled' GROUP BY 1, 2;
    INSERT INTO kpi_returns_day(day, channel, returns, units)
        SELECT r.created_at / 86400, coalesce(o.channel, r.channel), count(*), sum(r.quantity)
        FROM returns r LEFT JOIN orders o ON o.id = r.order_id GROUP BY 1, 2;
    INSERT INTO kpi_ticket_day(day, channel, created) SELECT created_at / 86400, channel, count(*) FROM tickets GROUP BY 1, 2;
    INSERT INTO kpi_ticket_day(day, channel, fr_applied, fr_met)
        SELECT first_response_at / 86400, channel, count(*), sum(first_response_at <= first_response_due)
        FROM tickets WHERE first_response_at IS NOT NULL GROUP BY 1, 2
        ON CONFLICT(day, channel) DO UPDATE SET fr_applied = excluded.fr_applied, fr_met = excluded.fr_met;
    INSERT INTO kpi_ticket_day(day, channel, solved, res_applied, res_met, fcr, csat_all, csat_good)
        SELECT resolved_at / 86400, channel, count(*), count(*), sum(resolved_at <= resolution_due),
               sum(agent_replies < 2), sum(csat IS NOT NULL), sum(coalesce(csat, 0) >= 4)
        FROM tickets WHERE resolved_at IS NOT NULL GROUP BY 1, 2
        ON CONFLICT(day, channel) DO UPDATE SET solved = excluded.solved, res_applied = excluded.res_applied,
            res_met = excluded.res_met, fcr = excluded.fcr, csat_all = excluded.csat_all, csat_good = excluded.csat_good;
    INSERT INTO kpi_touch_day(day, kind, count) SELECT at / 86400, kind, count(*) FROM touchpoints GROUP BY 1, 2;
    UPDATE customers SET order_count = 0, lifetime_value = 0, first_order_at = NULL, last_order_at = NULL,
        prev_order_at = NULL, last_channel = NULL;
    WITH \(customerFigures(from: "orders o"))
    UPDATE customers SET order_count = f.n, lifetime_value = f.ltv, first_order_at = f.first_at,
        last_order_at = f.last_at, prev_order_at = f.prev_at, last_channel = f.last_ch
    FROM figures f WHERE f.customer_id = customers.id;
    """

    /// The CTEs `ranked` and `figures`: each customer's order figures (count, lifetime value,
    /// first, last and previous order, last channel) from their live orders, read from `from`,
    /// which names the orders `o` (every order, or a join with the customers to refresh).
    static func customerFigures(from: String) -> String {
        """
        ranked AS (
            SELECT o.customer_id, o.placed_at, o.channel, o.total - o.refunded AS value,
                   row_number() OVER (PARTITION BY o.customer_id ORDER BY o.placed_at DESC) AS rn
            FROM \(from) WHERE o.customer_id IS NOT NULL AND o.status <> 'cancelled'),
        figures AS (
            SELECT customer_id, count(*) AS n, sum(value) AS ltv, min(placed_at) AS first_at,
                   max(CASE WHEN rn = 1 THEN placed_at END) AS last_at,
                   max(CASE WHEN rn = 2 THEN placed_at END) AS prev_at,
                   max(CASE WHEN rn = 1 THEN channel END) AS last_ch
            FROM ranked GROUP BY customer_id)
        """
    }

    /// kpi_buyers_day counted from the customers' order figures, so it runs after those are
    /// rebuilt (and replaces what the triggers wrote meanwhile). Also the version-2 backfill.
    static let buyersSQL = """
    DELETE FROM kpi_buyers_day;
    INSERT INTO kpi_buyers_day(day, last_orders, prev_orders)
        SELECT day, sum(last), sum(prev) FROM (
            SELECT \(SchemaTriggers.day("last_order_at")) AS day, 1 AS last, 0 AS prev FROM customers
            WHERE merged_into IS NULL AND last_order_at IS NOT NULL
            UNION ALL
            SELECT \(SchemaTriggers.day("prev_order_at")), 0, 1 FROM customers
            WHERE merged_into IS NULL AND prev_order_at IS NOT NULL)
        GROUP BY day;
    """

    /// kpi_ticket_due counted from the open tickets, a scan of tickets_queue (its WHERE is
    /// this one's first term). Also the version-2 backfill, and the seed's (after its indexes).
    public static let ticketDueSQL = """
    DELETE FROM kpi_ticket_due;
    INSERT INTO kpi_ticket_due(day, open)
        SELECT \(SchemaTriggers.dueDay("tickets")), count(*) FROM tickets
        WHERE sla_due_at IS NOT NULL AND typeof(sla_due_at) IN ('integer','real') GROUP BY 1;
    """

    static let countersSQL = """
    INSERT OR REPLACE INTO counters(name, value) VALUES
        ('customers', (SELECT count(*) FROM customers WHERE merged_into IS NULL)),
        ('orders', (SELECT count(*) FROM orders)),
        ('open_tickets', (SELECT count(*) FROM tickets WHERE status IN ('new','open','pending'))),
        ('stock_locations', (SELECT count(*) FROM stock)),
        ('stock_out', (SELECT count(*) FROM stock WHERE on_hand - reserved - safety_stock <= 0)),
        ('stock_low', (SELECT count(*) FROM stock WHERE on_hand - reserved - safety_stock <= reorder_point));
    """

    /// Recomputes everything. Run inside a transaction.
    public static func rebuild(_ db: Database) throws {
        try db.execute(rebuildSQL)
        try db.execute(buyersSQL)
        try db.execute(ticketDueSQL)
        try db.execute(allCountersSQL)
    }

    /// The counters, stage counts included (bulk loads run this after their own rollups).
    public static var allCountersSQL: String { countersSQL + LifecycleSQL.rebuildCounters }

    /// The figures of each day rollup (repeat_orders aside, see `verify`), to tell a row of zeros.
    static let rollupMeasures: [String: [String]] = [
        "kpi_sales_day": ["orders", "gross", "discount", "refunded", "units"],
        "kpi_delivery_day": ["delivered", "on_time", "in_full", "otif"],
        "kpi_returns_day": ["returns", "units"],
        "kpi_ticket_day": ["created", "solved", "fr_applied", "fr_met", "res_applied", "res_met", "fcr", "csat_all", "csat_good"],
        "kpi_touch_day": ["count"],
        "kpi_buyers_day": ["last_orders", "prev_orders"],
        "kpi_ticket_due": ["open"],
    ]

    /// Compares maintained counters and rollups with a fresh recomputation; returns mismatches
    /// (empty when all agree). Leaves the store unchanged.
    public static func verify(_ db: Database) throws -> [String] {
        let tables = ["counters"] + rollupMeasures.keys.sorted()
        var mismatches: [String] = []
        try db.execute("SAVEPOINT omni_verify")
        defer {
            try? db.execute("ROLLBACK TO omni_verify")
            try? db.execute("RELEASE omni_verify")
        }
        for table in tables {
            try db.execute("CREATE TEMP TABLE verify_\(table) AS SELECT * FROM \(table)")
        }
        try db.execute("CREATE TEMP TABLE verify_customers AS SELECT id, order_count, lifetime_value, last_order_at, prev_order_at FROM customers")
        // Stage counts are checked against the customers as they are now: the recomputation
        // below rewrites order figures, which (through a trigger) moves stages.
        let stageDrift = try db.scalarInt("""
            SELECT count(*) FROM counters k WHERE substr(k.name, 1, 6) = 'stage_'
              AND k.value <> (SELECT count(*) FROM customers c WHERE 'stage_' || c.stage = k.name AND c.merged_into IS NULL)
            """)
        if stageDrift > 0 { mismatches.append("counters: \(stageDrift) stage counts differ from the customers") }
        try db.execute("DELETE FROM temp.verify_counters WHERE substr(name, 1, 6) = 'stage_'")
        try rebuild(db)
        try db.execute("DELETE FROM counters WHERE substr(name, 1, 6) = 'stage_'")
        for table in tables {
            // repeat_orders is fixed when an order is placed (was the buyer known to have bought
            // before?); a later merge does not rewrite that history, so it is not compared.
            let columns = table == "kpi_sales_day" ? "day, channel, currency, orders, gross, discount, refunded, units" : "*"
            // A day whose only order was cancelled (or whose buyers all moved on) stays as a row
            // of zeros, which a recomputation does not write: the same figures either way.
            let rows = rollupMeasures[table].map { " WHERE " + $0.map { "\($0) <> 0" }.joined(separator: " OR ") } ?? ""
            let rebuilt = "SELECT \(columns) FROM \(table)\(rows)", kept = "SELECT \(columns) FROM temp.verify_\(table)\(rows)"
            // Each difference in its own subquery: compound operators chain left to right, and
            // `A EXCEPT B UNION ALL B EXCEPT A` is only B − A (a missing kept row went unseen).
            let differ = try db.scalarInt("""
                SELECT count(*) FROM (SELECT * FROM (\(rebuilt) EXCEPT \(kept)) UNION ALL SELECT * FROM (\(kept) EXCEPT \(rebuilt)))
                """)
            if differ > 0 { mismatches.append("\(table): \(differ) rows differ from a recomputation") }
        }
        let customers = try db.scalarInt("""
            SELECT count(*) FROM (SELECT id, order_count, lifetime_value, last_order_at, prev_order_at FROM customers
            EXCEPT SELECT * FROM temp.verify_customers)
            """)
        if customers > 0 { mismatches.append("customers: \(customers) customers' order figures differ from a recomputation") }
        return mismatches
    }
}
