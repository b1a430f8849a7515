/// The inserts of one file of orders, maintained set-wise at the end instead of row by row.
///
/// Per order, the insert triggers cost more than the insert itself: two customer updates
/// (each firing the lifecycle trigger), upserts into three rollups, a change-log row per order
/// and per line, and for each new customer counters, a change-log row and an FTS5 entry. Worse,
/// a statement that fires triggers runs with a statement journal (a copy of every page it
/// touches), and FTS5 flushes its pending terms at every statement. So for a file of orders
/// the batch suspends the insert triggers of orders, order_lines, customers and identities,
/// inside the file's transaction, and before commit applies what they would have done:
/// counters, the sales, minute and delivery rollups (grouped), each touched customer's order
/// figures recomputed once (the lifecycle stage follows through its own trigger), change-log
/// rows and name-index entries. Update and delete triggers stay on, so an order or customer
/// that changes during the file is handled as any writer's change; renames and deletes of
/// customers are noted (temp triggers) so the name index is fixed for them too.
///
/// Orders are captured as inserted by the importer (`recordInsertedOrder`). New customers and
/// identities are those above the high-water rowids taken at the start: inserts during a
/// batch must take fresh rowids (the resolver's do). The DDL is transactional: a failed or
/// dry-run file rolls back to the triggers as they were.
struct ImportBatch {
    let db: Database
    /// `(name, sql)` of the triggers suspended, to put back as they were.
    private let suspended: [(name: String, sql: String)]
    /// `(name, sql)` of the indexes dropped for a bulk load, rebuilt at the end.
    private let droppedIndexes: [(name: String, sql: String)]
    /// High-water rowids: customers and identities above them are new since the last apply.
    private var customersBefore: Int64
    private var identitiesBefore: Int64
    /// Orders captured since the last apply. Applying every `applyEvery` orders keeps the
    /// capture table (in memory) from growing with the file.
    private var captured = 0
    /// Customers known to have a live order (saves a probe per repeat order of a file).
    private var withLiveOrder = Set<Int64>()
    let applyEvery: Int
    /// Secondary indexes dropped for a bulk load (see `init`).
    let bulk: Bool

    /// The triggers the batch takes over.
    static let suspendedTriggers = [
        "feed_orders_insert", "rollup_orders_insert", "rollup_orders_insert_live", "rollup_orders_insert_delivered",
        "feed_order_lines_insert",
        "feed_customers_insert", "rollup_customers_insert", "lifecycle_stage_counts_insert",
        "names_insert", "names_update", "names_delete",
        "feed_identities_insert",
    ]

    /// Indexes a bulk load drops and rebuilds: none of them is read while a file is imported
    /// (orders by customer, lines by order and identities by customer are, and stay). Partial
    /// indexes that few imported orders enter (late, delivered, pickups waiting) stay: a
    /// rebuild would scan every order for them.
    static let bulkIndexes = [
        "orders_placed", "orders_ref", "orders_channel", "orders_status", "orders_fulfilment", "orders_open",
        "orders_location", "order_lines_sku",
        "customers_last_order", "customers_prev_order", "customers_stage", "customers_stage_due", "customers_home_stage",
        "customers_stage_changed",
    ]

    /// Starts a batch. Must run inside the file's transaction. `bulk`: the file is large next to
    /// the store (a first import), so the secondary indexes of orders and customers are dropped
    /// and rebuilt at the end, a sort of every row instead of a B-tree insert per row and index.
    init(_ db: Database, bulk: Bool, applyEvery: Int = 50_000) throws {
        precondition(db.isInTransaction, "an import batch suspends triggers and must run inside a transaction")
        self.db = db
        self.applyEvery = applyEvery
        self.bulk = bulk
        suspended = try Self.schemaObjects(db, type: "trigger", Self.suspendedTriggers)
        droppedIndexes = bulk ? try Self.schemaObjects(db, type: "index", Self.bulkIndexes) : []
        for index in droppedIndexes { try db.execute("DROP INDEX \"\(index.name)\"") }
        customersBefore = Int64(try db.scalarInt("SELECT coalesce(max(id), 0) FROM customers"))
        identitiesBefore = Int64(try db.scalarInt("SELECT coalesce(max(id), 0) FROM identities"))
        for trigger in suspended { try db.execute("DROP TRIGGER \"\(trigger.name)\"") }
        try db.execute(Self.startSQL)
    }

    private static func schemaObjects(_ db: Database, type: String, _ names: [String]) throws -> [(name: String, sql: String)] {
        let list = names.map { "'\($0)'" }.joined(separator: ", ")
        return try db.fetchAll("SELECT name, sql FROM sqlite_master WHERE type = ? AND name IN (\(list)) AND sql IS NOT NULL", [type])
            .map { ($0.string(0), $0.string(1)) }
    }

    static let startSQL = """
    CREATE TEMP TABLE IF NOT EXISTS import_new_orders(
        id INTEGER PRIMARY KEY, customer_id INTEGER, channel TEXT NOT NULL, placed_at INTEGER NOT NULL,
        live INTEGER NOT NULL, repeat_order INTEGER NOT NULL, total INTEGER NOT NULL, discount INTEGER NOT NULL,
        refunded INTEGER NOT NULL, units INTEGER NOT NULL, delivered_at INTEGER, promised_by INTEGER, in_full INTEGER NOT NULL,
        currency TEXT NOT NULL);
    CREATE TEMP TABLE IF NOT EXISTS import_renamed(id INTEGER PRIMARY KEY, old_search_name TEXT NOT NULL);
    DELETE FROM temp.import_new_orders;
    DELETE FROM temp.import_renamed;
    CREATE TEMP TRIGGER IF NOT EXISTS import_capture_rename AFTER UPDATE OF search_name ON main.customers BEGIN
        INSERT OR IGNORE INTO import_renamed VALUES (old.id, old.search_name);
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS import_capture_delete AFTER DELETE ON main.customers BEGIN
        INSERT OR IGNORE INTO import_renamed VALUES (old.id, old.search_name);
    END;
    """

    /// Notes an order just inserted, with what its insert triggers would have added.
    /// `repeatOrder`: the customer already had a live order (the sales rollup's repeat flag).
    mutating func recordInsertedOrder(_ id: Int64, _ o: ImportedOrder, units: Int64, repeatOrder: Bool) throws {
        let insert = try db.statement("INSERT INTO temp.import_new_orders VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        insert.reset()
        insert.bindInt(1, id); insert.bindInt(2, o.customerID); insert.bindText(3, o.channel); insert.bindInt(4, o.placedAt)
        insert.bindInt(5, o.status != "cancelled" ? 1 : 0); insert.bindInt(6, repeatOrder ? 1 : 0); insert.bindInt(7, o.total)
        insert.bindInt(8, o.discount); insert.bindInt(9, o.refunded); insert.bindInt(10, units); insert.bindInt(11, o.deliveredAt)
        insert.bindInt(12, o.promisedBy); insert.bindInt(13, (o.inFull ?? true) ? 1 : 0)
        insert.bindText(14, o.currency)
        try insert.run()
        captured += 1
        if o.status != "cancelled", let customer = o.customerID { noteLiveOrder(customer) }
    }

    /// Whether `customer` has a live (not cancelled) order: what `order_count > 0` says when
    /// the triggers keep it, read from the orders themselves while they do not.
    mutating func hasLiveOrder(_ customer: Int64) throws -> Bool {
        if withLiveOrder.contains(customer) { return true }
        let query = try db.statement("SELECT 1 FROM orders WHERE customer_id = ? AND status <> 'cancelled' LIMIT 1")
        query.reset()
        defer { query.reset() }
        query.bindInt(1, customer)
        guard try query.step() else { return false }
        noteLiveOrder(customer)
        return true
    }

    private mutating func noteLiveOrder(_ customer: Int64) {
        if withLiveOrder.count >= 200_000 { withLiveOrder = [] }   // a cache: bounded, as the file is not
        withLiveOrder.insert(customer)
    }

    /// Forgets what was learnt, when it may no longer hold: rows a unit rolled back
    /// (--skip-invalid), an existing order changed.
    mutating func forgetLearnt() {
        withLiveOrder = []
    }

    /// Applies what was captured when it has grown large. Call between units (never inside
    /// one that may still roll back).
    mutating func applyIfLarge() throws {
        if captured >= applyEvery { try applyCaptured() }
    }

    /// Applies the captured inserts and puts the suspended triggers back. Inside the transaction.
    mutating func finish() throws {
        try applyCaptured()
        try db.execute("DROP TRIGGER temp.import_capture_rename; DROP TRIGGER temp.import_capture_delete;")
        if !droppedIndexes.isEmpty {
            try db.execute("PRAGMA threads = 2")   // the index sorter may use the second core
            defer { try? db.execute("PRAGMA threads = 0") }
            for index in droppedIndexes { try db.execute(index.sql) }
        }
        for trigger in suspended { try db.execute(trigger.sql) }
    }

    /// What the suspended triggers would have done for the inserts since the last apply.
    private mutating func applyCaptured() throws {
        // A file that inserted nothing (a re-import) writes nothing here either.
        let inserted = try db.scalarInt("""
            SELECT EXISTS (SELECT 1 FROM temp.import_new_orders) OR EXISTS (SELECT 1 FROM temp.import_renamed)
                OR EXISTS (SELECT 1 FROM customers WHERE id > ?) OR EXISTS (SELECT 1 FROM identities WHERE id > ?)
            """, [customersBefore, identitiesBefore])
        if inserted != 0 {
            // The figures update sets the stage itself, as `lifecycle_customer_orders` would
            // (which would otherwise run a second update per customer), and the change log gets
            // one row per customer below, not one per trigger that touched it: both off meanwhile.
            let off = try Self.schemaObjects(db, type: "trigger", ["lifecycle_customer_orders", "feed_customers_update"])
            for trigger in off { try db.execute("DROP TRIGGER \"\(trigger.name)\"") }
            try db.execute(Self.applySQL(customersBefore: customersBefore, identitiesBefore: identitiesBefore))
            for trigger in off { try db.execute(trigger.sql) }
            try db.execute("DELETE FROM temp.import_new_orders; DELETE FROM temp.import_renamed;")
            customersBefore = Int64(try db.scalarInt("SELECT coalesce(max(id), 0) FROM customers"))
            identitiesBefore = Int64(try db.scalarInt("SELECT coalesce(max(id), 0) FROM identities"))
        }
        captured = 0
    }

    static let onTime = "(delivered_at <= coalesce(promised_by, delivered_at))"

    static func applySQL(customersBefore: Int64, identitiesBefore: Int64) -> String {
        let now = SchemaTriggers.nowMilliseconds
        // New customers enter as live prospects (the resolver sets neither stage nor merged_into).
        return """
        UPDATE counters SET value = value + (SELECT count(*) FROM temp.import_new_orders)
            WHERE name = 'orders' AND EXISTS (SELECT 1 FROM temp.import_new_orders);
        UPDATE counters SET value = value + (SELECT count(*) FROM customers WHERE id > \(customersBefore))
            WHERE name IN ('customers', 'stage_prospect') AND EXISTS (SELECT 1 FROM customers WHERE id > \(customersBefore));
        INSERT INTO kpi_sales_day(day, channel, currency, orders, repeat_orders, gross, discount, refunded, units)
            SELECT placed_at / 86400, channel, currency, count(*), sum(repeat_order), sum(total), sum(discount), sum(refunded), sum(units)
            FROM temp.import_new_orders WHERE live GROUP BY 1, 2, 3
        ON CONFLICT(day, channel, currency) DO UPDATE SET orders = orders + excluded.orders,
            repeat_orders = repeat_orders + excluded.repeat_orders, gross = gross + excluded.gross,
            discount = discount + excluded.discount, refunded = refunded + excluded.refunded, units = units + excluded.units;
        INSERT INTO kpi_sales_minute(minute, channel, currency, orders, gross)
            SELECT placed_at / 60, channel, currency, count(*), sum(total) FROM temp.import_new_orders WHERE live GROUP BY 1, 2, 3
        ON CONFLICT(minute, channel, currency) DO UPDATE SET orders = orders + excluded.orders, gross = gross + excluded.gross;
        INSERT INTO kpi_delivery_day(day, channel, delivered, on_time, in_full, otif)
            SELECT delivered_at / 86400, channel, count(*), sum(\(onTime)), sum(in_full), sum(\(onTime) AND in_full)
            FROM temp.import_new_orders WHERE live AND delivered_at IS NOT NULL GROUP BY 1, 2
        ON CONFLICT(day, channel) DO UPDATE SET delivered = delivered + excluded.delivered,
            on_time = on_time + excluded.on_time, in_full = in_full + excluded.in_full, otif = otif + excluded.otif;
        WITH touched AS (SELECT DISTINCT customer_id AS id FROM temp.import_new_orders WHERE live AND customer_id IS NOT NULL),
        \(Rollups.customerFigures(from: "touched t JOIN orders o ON o.customer_id = t.id"))
        UPDATE customers SET order_count = f.n, lifetime_value = f.ltv, first_order_at = f.first_at,
            last_order_at = f.last_at, prev_order_at = f.prev_at, last_channel = f.last_ch,
            \(LifecycleSQL.stageAssignments(count: "f.n", last: "f.last_at", prev: "f.prev_at"))
        FROM figures f WHERE f.customer_id = customers.id AND customers.merged_into IS NULL;
        INSERT INTO change_log(entity, entity_id, op, at_ms)
            SELECT 'customer', id, 'insert', \(now) FROM customers WHERE id > \(customersBefore);
        INSERT INTO change_log(entity, entity_id, op, at_ms)
            SELECT 'customer', id, 'update', \(now) FROM (
                SELECT customer_id AS id FROM identities WHERE id > \(identitiesBefore)
                UNION SELECT customer_id FROM temp.import_new_orders WHERE live AND customer_id IS NOT NULL)
            WHERE id <= \(customersBefore);
        INSERT INTO change_log(entity, entity_id, op, at_ms)
            SELECT 'order', id, 'insert', \(now) FROM temp.import_new_orders;
        INSERT INTO customer_names(customer_names, rowid, search_name)
            SELECT 'delete', id, old_search_name FROM temp.import_renamed WHERE id <= \(customersBefore);
        INSERT INTO customer_names(rowid, search_name)
            SELECT id, search_name FROM customers
            WHERE id > \(customersBefore) OR id IN (SELECT id FROM temp.import_renamed WHERE id <= \(customersBefore));
        """
    }
}
