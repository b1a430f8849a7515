/// Triggers that keep counters, KPI rollups, customer order figures and the change feed true
/// whoever writes the store (omni, an import, the simulator, the sqlite3 shell).
/// Bulk loads (seeding) drop them, load, rebuild the rollups set-wise and put them back.
enum SchemaTriggers {
    /// Wall clock in milliseconds inside SQL (unixepoch('subsec') needs SQLite 3.42).
    static let nowMilliseconds = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"

    /// (table, entity the console knows it as, id column) for the change feed.
    static let changeFeedSources: [(table: String, entity: String, id: String)] = [
        ("customers", "customer", "id"),
        ("identities", "customer", "customer_id"),
        ("merges", "customer", "survivor_id"),
        ("carts", "customer", "customer_id"),
        ("touchpoints", "customer", "customer_id"),
        ("orders", "order", "id"),
        ("order_lines", "order", "order_id"),
        ("shipments", "order", "order_id"),
        ("returns", "order", "order_id"),
        ("stock", "stock", "sku_id"),
        ("tickets", "ticket", "id"),
        ("ticket_messages", "ticket", "ticket_id"),
        ("appointments", "appointment", "id"),
    ]

    static var changeFeed: String {
        var sql = ""
        for source in changeFeedSources {
            for (op, row) in [("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")] {
                sql += """
                CREATE TRIGGER feed_\(source.table)_\(op.lowercased()) AFTER \(op) ON \(source.table) BEGIN
                    INSERT INTO change_log(entity, entity_id, op, at_ms)
                    VALUES ('\(source.entity)', \(row).\(source.id), '\(op.lowercased())', \(nowMilliseconds));
                END;

                """
            }
        }
        return sql
    }

    /// Adds (sign 1) or removes (sign -1) one order's contribution to the sales rollups, only
    /// when `condition` holds (so no empty rollup rows appear for cancelled orders).
    private static func salesRollup(_ row: String, sign: String, repeatFlag: String, when condition: String) -> String {
        """
        INSERT INTO kpi_sales_day(day, channel, currency, orders, repeat_orders, gross, discount, refunded, units)
        SELECT \(row).placed_at / 86400, \(row).channel, \(row).currency, \(sign), \(sign) * \(repeatFlag),
               \(sign) * \(row).total, \(sign) * \(row).discount, \(sign) * \(row).refunded, \(sign) * \(row).units
        WHERE \(condition)
        ON CONFLICT(day, channel, currency) DO UPDATE SET orders = orders + excluded.orders,
            repeat_orders = repeat_orders + excluded.repeat_orders, gross = gross + excluded.gross,
            discount = discount + excluded.discount, refunded = refunded + excluded.refunded,
            units = units + excluded.units;
        INSERT INTO kpi_sales_minute(minute, channel, currency, orders, gross)
        SELECT \(row).placed_at / 60, \(row).channel, \(row).currency, \(sign), \(sign) * \(row).total
        WHERE \(condition)
        ON CONFLICT(minute, channel, currency) DO UPDATE SET orders = orders + excluded.orders, gross = gross + excluded.gross;
        """
    }

    private static func deliveryRollup(_ row: String, sign: String) -> String {
        let onTime = "(\(row).delivered_at <= coalesce(\(row).promised_by, \(row).delivered_at))"
        return """
        INSERT INTO kpi_delivery_day(day, channel, delivered, on_time, in_full, otif)
        SELECT \(row).delivered_at / 86400, \(row).channel, \(sign), \(sign) * \(onTime),
               \(sign) * (\(row).in_full <> 0), \(sign) * (\(onTime) AND \(row).in_full <> 0)
        WHERE \(row).delivered_at IS NOT NULL AND \(row).status <> 'cancelled'
        ON CONFLICT(day, channel) DO UPDATE SET delivered = delivered + excluded.delivered,
            on_time = on_time + excluded.on_time, in_full = in_full + excluded.in_full, otif = otif + excluded.otif;
        """
    }

    /// Recomputes one customer's order figures from their orders (index range on orders_customer).
    static func customerOrderFigures(_ id: String) -> String {
        let live = "FROM orders WHERE customer_id = \(id) AND status <> 'cancelled'"
        return """
        UPDATE customers SET
            order_count = (SELECT count(*) \(live)),
            lifetime_value = coalesce((SELECT sum(total - refunded) \(live)), 0),
            first_order_at = (SELECT min(placed_at) \(live)),
            last_order_at = (SELECT max(placed_at) \(live)),
            prev_order_at = (SELECT placed_at \(live) ORDER BY placed_at DESC LIMIT 1 OFFSET 1),
            last_channel = (SELECT channel \(live) ORDER BY placed_at DESC LIMIT 1)
        WHERE id = \(id);
        """
    }

    private static func ticketRollup(_ row: String, sign: String) -> String {
        """
        INSERT INTO kpi_ticket_day(day, channel, created) VALUES (\(row).created_at / 86400, \(row).channel, \(sign))
        ON CONFLICT(day, channel) DO UPDATE SET created = created + excluded.created;
        INSERT INTO kpi_ticket_day(day, channel, fr_applied, fr_met)
        SELECT \(row).first_response_at / 86400, \(row).channel, \(sign),
               \(sign) * (\(row).first_response_at <= \(row).first_response_due)
        WHERE \(row).first_response_at IS NOT NULL
        ON CONFLICT(day, channel) DO UPDATE SET fr_applied = fr_applied + excluded.fr_applied, fr_met = fr_met + excluded.fr_met;
        INSERT INTO kpi_ticket_day(day, channel, solved, res_applied, res_met, fcr, csat_all, csat_good)
        SELECT \(row).resolved_at / 86400, \(row).channel, \(sign), \(sign),
               \(sign) * (\(row).resolved_at <= \(row).resolution_due), \(sign) * (\(row).agent_replies < 2),
               \(sign) * (\(row).csat IS NOT NULL), \(sign) * (coalesce(\(row).csat, 0) >= 4)
        WHERE \(row).resolved_at IS NOT NULL
        ON CONFLICT(day, channel) DO UPDATE SET solved = solved + excluded.solved,
            res_applied = res_applied + excluded.res_applied, res_met = res_met + excluded.res_met,
            fcr = fcr + excluded.fcr, csat_all = csat_all + excluded.csat_all, csat_good = csat_good + excluded.csat_good;
        """
    }

    private static func counter(_ name: String, _ delta: String) -> String {
        "UPDATE counters SET value = value + (\(delta)) WHERE name = '\(name)';"
    }

    static let openTicket = "IN ('new','open','pending')"
    static func available(_ row: String) -> String { "(\(row).on_hand - \(row).reserved - \(row).safety_stock)" }

    /// The orders' rollup triggers: counters, the sales rollups (keyed by currency since schema
    /// version 4, which replaces them as a group), delivery and the customers' order figures.
    static var ordersRollups: String {
        let ordersColumns = "status, total, discount, refunded, units, placed_at, channel, customer_id, currency"
        return """
        CREATE TRIGGER rollup_orders_insert AFTER INSERT ON orders BEGIN
            \(counter("orders", "1"))
        END;
        CREATE TRIGGER rollup_orders_insert_live AFTER INSERT ON orders WHEN new.status <> 'cancelled' BEGIN
            \(salesRollup("new", sign: "1", repeatFlag: "coalesce((SELECT order_count > 0 FROM customers WHERE id = new.customer_id), 0)",
                          when: "1"))
            UPDATE customers SET
                order_count = order_count + 1,
                lifetime_value = lifetime_value + new.total - new.refunded,
                first_order_at = min(coalesce(first_order_at, new.placed_at), new.placed_at),
                prev_order_at = CASE WHEN last_order_at IS NULL THEN NULL
                                     WHEN new.placed_at >= last_order_at THEN last_order_at
                                     WHEN new.placed_at > coalesce(prev_order_at, 0) THEN new.placed_at
                                     ELSE prev_order_at END,
                last_channel = CASE WHEN new.placed_at >= coalesce(last_order_at, 0) THEN new.channel ELSE last_channel END,
                last_order_at = max(coalesce(last_order_at, 0), new.placed_at)
            WHERE id = new.customer_id;
        END;
        CREATE TRIGGER rollup_orders_insert_delivered AFTER INSERT ON orders
        WHEN new.delivered_at IS NOT NULL AND new.status <> 'cancelled' BEGIN
            \(deliveryRollup("new", sign: "1"))
        END;
        CREATE TRIGGER rollup_orders_update AFTER UPDATE OF \(ordersColumns) ON orders BEGIN
            \(salesRollup("old", sign: "-1", repeatFlag: "0", when: "old.status <> 'cancelled'"))
            \(salesRollup("new", sign: "1", repeatFlag: "0", when: "new.status <> 'cancelled'"))
            \(customerOrderFigures("old.customer_id"))
            \(customerOrderFigures("new.customer_id"))
        END;
        CREATE TRIGGER rollup_orders_update_delivery AFTER UPDATE OF delivered_at, promised_by, in_full, status, channel ON orders BEGIN
            \(deliveryRollup("old", sign: "-1"))
            \(deliveryRollup("new", sign: "1"))
        END;
        CREATE TRIGGER rollup_orders_delete AFTER DELETE ON orders BEGIN
            \(counter("orders", "-1"))
            \(salesRollup("old", sign: "-1", repeatFlag: "0", when: "old.status <> 'cancelled'"))
            \(deliveryRollup("old", sign: "-1"))
            \(customerOrderFigures("old.customer_id"))
        END;
        """
    }

    static var rollups: String {
        let ticketColumns = "status, channel, created_at, first_response_at, first_response_due, resolved_at, resolution_due, agent_replies, csat"
        return """
        \(ordersRollups)

        CREATE TRIGGER rollup_returns_insert AFTER INSERT ON returns BEGIN
            INSERT INTO kpi_returns_day(day, channel, returns, units)
            VALUES (new.created_at / 86400, coalesce((SELECT channel FROM orders WHERE id = new.order_id), new.channel), 1, new.quantity)
            ON CONFLICT(day, channel) DO UPDATE SET returns = returns + 1, units = units + excluded.units;
        END;

        CREATE TRIGGER rollup_tickets_insert AFTER INSERT ON tickets BEGIN
            \(ticketRollup("new", sign: "1"))
            \(counter("open_tickets", "new.status \(openTicket)"))
        END;
        CREATE TRIGGER rollup_tickets_update AFTER UPDATE OF \(ticketColumns) ON tickets BEGIN
            \(ticketRollup("old", sign: "-1"))
            \(ticketRollup("new", sign: "1"))
            \(counter("open_tickets", "(new.status \(openTicket)) - (old.status \(openTicket))"))
        END;
        CREATE TRIGGER rollup_tickets_delete AFTER DELETE ON tickets BEGIN
            \(ticketRollup("old", sign: "-1"))
            \(counter("open_tickets", "-(old.status \(openTicket))"))
        END;

        CREATE TRIGGER rollup_touchpoints_insert AFTER INSERT ON touchpoints BEGIN
            INSERT INTO kpi_touch_day(day, kind, count) VALUES (new.at / 86400, new.kind, 1)
            ON CONFLICT(day, kind) DO UPDATE SET count = count + 1;
        END;

        CREATE TRIGGER rollup_stock_insert AFTER INSERT ON stock BEGIN
            \(counter("stock_locations", "1"))
            \(counter("stock_out", "\(available("new")) <= 0"))
            \(counter("stock_low", "\(available("new")) <= new.reorder_point"))
        END;
        CREATE TRIGGER rollup_stock_update AFTER UPDATE OF on_hand, reserved, safety_stock, reorder_point ON stock BEGIN
            \(counter("stock_out", "(\(available("new")) <= 0) - (\(available("old")) <= 0)"))
            \(counter("stock_low", "(\(available("new")) <= new.reorder_point) - (\(available("old")) <= old.reorder_point)"))
        END;
        CREATE TRIGGER rollup_stock_delete AFTER DELETE ON stock BEGIN
            \(counter("stock_locations", "-1"))
            \(counter("stock_out", "-(\(available("old")) <= 0)"))
            \(counter("stock_low", "-(\(available("old")) <= old.reorder_point)"))
        END;

        \(customerRollups)
        \(ticketDueRollups)
        """
    }

    /// The UTC day of a ticket's next SLA deadline as kpi_ticket_due keys it; NULL when it has
    /// none (solved, closed) or the deadline is not a number (text written from the shell,
    /// which `sla_due_at < now` never counts either). CAST cuts towards zero, as `day` does.
    static func dueDay(_ row: String) -> String {
        "(CASE WHEN typeof(\(row).sla_due_at) IN ('integer','real') THEN \(day("\(row).sla_due_at")) END)"
    }

    /// Counts one open ticket on its due day (nothing when it has none).
    private static func addDue(_ row: String) -> String {
        """
        INSERT INTO kpi_ticket_due(day, open) SELECT \(dueDay(row)), 1 WHERE \(dueDay(row)) IS NOT NULL
        ON CONFLICT(day) DO UPDATE SET open = open + 1;
        """
    }

    /// Takes one open ticket off its due day. A day that empties is deleted, so the breaching
    /// sum reads only days that still hold an open ticket, not every day since the store began.
    private static func removeDue(_ row: String) -> String {
        """
        UPDATE kpi_ticket_due SET open = open - 1 WHERE day = \(dueDay(row));
        DELETE FROM kpi_ticket_due WHERE day = \(dueDay(row)) AND open = 0;
        """
    }

    /// kpi_ticket_due (schema version 2, added by the upgrade as a group). sla_due_at is a
    /// generated column of status, first_response_at and the two targets, so an update of any
    /// of those may move a ticket to another day or out of the rollup. The WHEN skips updates
    /// that leave its day as it was (new → open → pending, a target moved within its day).
    static var ticketDueRollups: String {
        """
        CREATE TRIGGER rollup_tickets_due_insert AFTER INSERT ON tickets WHEN \(dueDay("new")) IS NOT NULL BEGIN
            \(addDue("new"))
        END;
        CREATE TRIGGER rollup_tickets_due_update AFTER UPDATE OF status, first_response_at, first_response_due, resolution_due ON tickets
        WHEN \(dueDay("old")) IS NOT \(dueDay("new")) BEGIN
            \(removeDue("old"))
            \(addDue("new"))
        END;
        CREATE TRIGGER rollup_tickets_due_delete AFTER DELETE ON tickets WHEN \(dueDay("old")) IS NOT NULL BEGIN
            \(removeDue("old"))
        END;
        """
    }

    /// The day of a time, as kpi_buyers_day keys it. CAST: a fractional time written from the
    /// shell would otherwise give a REAL key, which an INTEGER PRIMARY KEY refuses.
    static func day(_ time: String) -> String { "CAST(\(time) / 86400 AS INTEGER)" }

    /// Adds (sign 1) or removes (sign -1) a live customer's last and second-to-last order days.
    private static func buyersRollup(_ row: String, sign: String) -> String {
        """
        INSERT INTO kpi_buyers_day(day, last_orders, prev_orders)
        SELECT \(day("\(row).last_order_at")), \(sign), 0 WHERE \(row).merged_into IS NULL AND \(row).last_order_at IS NOT NULL
        ON CONFLICT(day) DO UPDATE SET last_orders = last_orders + excluded.last_orders;
        INSERT INTO kpi_buyers_day(day, last_orders, prev_orders)
        SELECT \(day("\(row).prev_order_at")), 0, \(sign) WHERE \(row).merged_into IS NULL AND \(row).prev_order_at IS NOT NULL
        ON CONFLICT(day) DO UPDATE SET prev_orders = prev_orders + excluded.prev_orders;
        """
    }

    /// The customers counter and kpi_buyers_day (schema version 2 added the latter, so the
    /// upgrade replaces these triggers as a group). The buyers part of the insert trigger sits
    /// in `rollup_customers_insert`, which an import suspends: its new customers have no orders
    /// yet, and no extra insert trigger makes their inserts pay for a statement journal.
    static var customerRollups: String {
        let moved = "(old.merged_into IS NULL) <> (new.merged_into IS NULL)"
            + " OR \(day("old.last_order_at")) IS NOT \(day("new.last_order_at"))"
            + " OR \(day("old.prev_order_at")) IS NOT \(day("new.prev_order_at"))"
        return """
        CREATE TRIGGER rollup_customers_insert AFTER INSERT ON customers BEGIN
            \(counter("customers", "new.merged_into IS NULL"))
            \(buyersRollup("new", sign: "1"))
        END;
        CREATE TRIGGER rollup_customers_merge AFTER UPDATE OF merged_into ON customers BEGIN
            \(counter("customers", "(new.merged_into IS NULL) - (old.merged_into IS NULL)"))
        END;
        CREATE TRIGGER rollup_customers_buyers AFTER UPDATE OF last_order_at, prev_order_at, merged_into ON customers
        WHEN \(moved) BEGIN
            \(buyersRollup("old", sign: "-1"))
            \(buyersRollup("new", sign: "1"))
        END;
        CREATE TRIGGER rollup_customers_delete AFTER DELETE ON customers BEGIN
            \(counter("customers", "-(old.merged_into IS NULL)"))
            \(buyersRollup("old", sign: "-1"))
        END;
        """
    }

    /// Keeps the name index (FTS5, external content) in step with customers.search_name.
    static let nameIndex = """
    CREATE TRIGGER names_insert AFTER INSERT ON customers BEGIN
        INSERT INTO customer_names(rowid, search_name) VALUES (new.id, new.search_name);
    END;
    CREATE TRIGGER names_delete AFTER DELETE ON customers BEGIN
        INSERT INTO customer_names(customer_names, rowid, search_name) VALUES ('delete', old.id, old.search_name);
    END;
    CREATE TRIGGER names_update AFTER UPDATE OF search_name ON customers BEGIN
        INSERT INTO customer_names(customer_names, rowid, search_name) VALUES ('delete', old.id, old.search_name);
        INSERT INTO customer_names(rowid, search_name) VALUES (new.id, new.search_name);
    END;
    """

    static var all: String { changeFeed + rollups + nameIndex + LifecycleSQL.triggers }

    /// Names of every trigger above, so bulk loads can drop and restore them.
    static func names(in db: Database) throws -> [String] {
        try db.fetchAll("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").map { $0.string(0) }
    }

    static func dropAll(in db: Database) throws {
        for name in try names(in: db) { try db.execute("DROP TRIGGER \"\(name)\"") }
    }
}
