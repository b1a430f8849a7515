import Foundation

/// The tables and indexes of an omni store, version 2 (`Migrator` upgrades older stores). Times
/// are UTC unix seconds; money is integer minor units with a currency code. Every lookup the
/// console makes has an index here, planned for ~1M customers and ~4M orders (keyset pages,
/// counters and day rollups instead of COUNT(*)).
enum SchemaTables {
    /// The tables, with every `CHECK(column IN (...))` spelled as a chain of equalities: SQLite
    /// evaluates an IN list of more than two constants through a temporary b-tree built again
    /// at every run of a statement, so each insert paid for one per such column (a tenth of an
    /// import's time). Same constraint, same errors; written here as lists, which read better.
    static var tables: String { expandingCheckLists(tablesWithCheckLists) }

    static func expandingCheckLists(_ sql: String) -> String {
        let pattern = try! NSRegularExpression(pattern: #"CHECK\((\w+) IN \(([^)]*)\)\)"#)
        var out = sql
        for match in pattern.matches(in: sql, range: NSRange(sql.startIndex..., in: sql)).reversed() {
            let column = String(sql[Range(match.range(at: 1), in: sql)!])
            let values = sql[Range(match.range(at: 2), in: sql)!].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let chain = values.map { "\(column) = \($0)" }.joined(separator: " OR ")
            out.replaceSubrange(Range(match.range, in: out)!, with: "CHECK(\(chain))")
        }
        return out
    }

    static let tablesWithCheckLists = """
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL, description TEXT NOT NULL DEFAULT '') WITHOUT ROWID;
    CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
    CREATE TABLE channels(code TEXT PRIMARY KEY, name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK(kind IN ('digital','store','assisted','b2b','marketplace')),
        position INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
    CREATE TABLE locations(
        id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK(kind IN ('warehouse','store','dc')),
        city TEXT NOT NULL DEFAULT '', latitude REAL, longitude REAL,
        can_ship INTEGER NOT NULL DEFAULT 0, can_pickup INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE teams(
        id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
        utc_offset_minutes INTEGER NOT NULL DEFAULT 480,
        day_start_minute INTEGER NOT NULL DEFAULT 540, day_end_minute INTEGER NOT NULL DEFAULT 1080,
        business_days INTEGER NOT NULL DEFAULT 31); -- bit 0 = Monday ... bit 6 = Sunday
    CREATE TABLE operators(
        login TEXT PRIMARY KEY, name TEXT NOT NULL,
        role TEXT NOT NULL CHECK(role IN ('agent','merchandiser','store','supervisor','admin')),
        team_id INTEGER REFERENCES teams(id), location_id INTEGER REFERENCES locations(id)) WITHOUT ROWID;
    CREATE TABLE sla_policies(
        priority TEXT PRIMARY KEY CHECK(priority IN ('urgent','high','normal','low')),
        first_response_minutes INTEGER NOT NULL, resolution_minutes INTEGER NOT NULL) WITHOUT ROWID;

    CREATE TABLE customers(
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'person' CHECK(kind IN ('person','business')),
        name TEXT NOT NULL,
        search_name TEXT NOT NULL DEFAULT '',
        account_id INTEGER REFERENCES customers(id),
        tier TEXT NOT NULL DEFAULT 'member',
        city TEXT NOT NULL DEFAULT '', country TEXT NOT NULL DEFAULT '',
        home_location_id INTEGER REFERENCES locations(id),
        consent_email INTEGER NOT NULL DEFAULT 0, consent_sms INTEGER NOT NULL DEFAULT 0,
        consent_phone INTEGER NOT NULL DEFAULT 0, consent_wechat INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        merged_into INTEGER REFERENCES customers(id),
        order_count INTEGER NOT NULL DEFAULT 0,
        lifetime_value INTEGER NOT NULL DEFAULT 0,
        first_order_at INTEGER, last_order_at INTEGER, prev_order_at INTEGER, last_channel TEXT,
        stage TEXT NOT NULL DEFAULT 'prospect', stage_changed_at INTEGER, stage_due_at INTEGER,
        gap_median_days REAL,
        \(PrivacySchema.consentSourceColumn));
    CREATE VIRTUAL TABLE customer_names USING fts5(
        search_name, content='customers', content_rowid='id', tokenize='unicode61 remove_diacritics 2');

    CREATE TABLE identities(
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        kind TEXT NOT NULL CHECK(kind IN ('email','phone','wechat_openid','loyalty_card','marketplace_id','web_account')),
        value TEXT NOT NULL,
        raw_value TEXT NOT NULL DEFAULT '',
        channel TEXT NOT NULL REFERENCES channels(code),
        verified INTEGER NOT NULL DEFAULT 0,
        first_seen_at INTEGER NOT NULL,
        link_rule TEXT NOT NULL DEFAULT 'created',
        link_evidence TEXT NOT NULL DEFAULT '',
        UNIQUE(kind, value));
    CREATE TABLE identity_junk(kind TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(kind, value)) WITHOUT ROWID;
    CREATE TABLE merges(
        id INTEGER PRIMARY KEY,
        survivor_id INTEGER NOT NULL REFERENCES customers(id),
        merged_id INTEGER NOT NULL REFERENCES customers(id),
        status TEXT NOT NULL CHECK(status IN ('applied','undone','suggested','rejected')),
        rule TEXT NOT NULL, evidence TEXT NOT NULL,
        moved TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL, created_by TEXT NOT NULL,
        undone_at INTEGER, undone_by TEXT);

    CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT NOT NULL,
        category TEXT NOT NULL DEFAULT '', brand TEXT NOT NULL DEFAULT '');
    CREATE TABLE skus(
        id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
        product_id INTEGER NOT NULL REFERENCES products(id),
        name TEXT NOT NULL, color TEXT NOT NULL DEFAULT '', size TEXT NOT NULL DEFAULT '',
        price INTEGER NOT NULL, currency TEXT NOT NULL DEFAULT 'CNY');
    CREATE TABLE channel_skus(
        channel TEXT NOT NULL REFERENCES channels(code), code TEXT NOT NULL,
        sku_id INTEGER REFERENCES skus(id),
        PRIMARY KEY(channel, code)) WITHOUT ROWID;
    CREATE TABLE stock(
        id INTEGER PRIMARY KEY,
        sku_id INTEGER NOT NULL REFERENCES skus(id),
        location_id INTEGER NOT NULL REFERENCES locations(id),
        on_hand INTEGER NOT NULL DEFAULT 0, reserved INTEGER NOT NULL DEFAULT 0,
        safety_stock INTEGER NOT NULL DEFAULT 0, reorder_point INTEGER NOT NULL DEFAULT 0,
        reorder_qty INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        UNIQUE(sku_id, location_id));
    CREATE TABLE stock_movements(
        id INTEGER PRIMARY KEY,
        sku_id INTEGER NOT NULL REFERENCES skus(id),
        location_id INTEGER NOT NULL REFERENCES locations(id),
        delta INTEGER NOT NULL, reserved_delta INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL CHECK(reason IN ('sale','receipt','return','adjustment','transfer_in','transfer_out','reserve','release','count')),
        ref TEXT NOT NULL DEFAULT '', at INTEGER NOT NULL, operator TEXT NOT NULL DEFAULT 'system');
    CREATE TABLE channel_buffers(
        channel TEXT NOT NULL REFERENCES channels(code),
        sku_id INTEGER NOT NULL DEFAULT 0, -- 0: every SKU
        units INTEGER NOT NULL CHECK(units >= 0),
        PRIMARY KEY(channel, sku_id)) WITHOUT ROWID;

    CREATE TABLE orders(
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL REFERENCES channels(code),
        external_ref TEXT NOT NULL,
        customer_id INTEGER REFERENCES customers(id),
        status TEXT NOT NULL CHECK(status IN ('pending','paid','fulfilled','delivered','cancelled','returned')),
        fulfilment TEXT NOT NULL CHECK(fulfilment IN ('ship','pickup','ship_from_store','in_store')),
        location_id INTEGER REFERENCES locations(id),
        placed_at INTEGER NOT NULL,
        promised_by INTEGER, ready_at INTEGER, delivered_at INTEGER,
        in_full INTEGER NOT NULL DEFAULT 1,
        currency TEXT NOT NULL DEFAULT 'CNY',
        subtotal INTEGER NOT NULL DEFAULT 0, discount INTEGER NOT NULL DEFAULT 0,
        shipping INTEGER NOT NULL DEFAULT 0, tax INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0, refunded INTEGER NOT NULL DEFAULT 0,
        units INTEGER NOT NULL DEFAULT 0,
        UNIQUE(channel, external_ref));
    CREATE TABLE order_lines(
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id),
        sku_id INTEGER REFERENCES skus(id),
        sku_code TEXT NOT NULL, name TEXT NOT NULL,
        quantity INTEGER NOT NULL, unit_price INTEGER NOT NULL,
        quantity_returned INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE shipments(
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id),
        carrier TEXT NOT NULL DEFAULT '', tracking TEXT NOT NULL DEFAULT '',
        from_location_id INTEGER REFERENCES locations(id),
        shipped_at INTEGER, delivered_at INTEGER);
    CREATE TABLE returns(
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id),
        sku_id INTEGER REFERENCES skus(id),
        quantity INTEGER NOT NULL,
        channel TEXT NOT NULL REFERENCES channels(code),
        location_id INTEGER REFERENCES locations(id),
        reason TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK(status IN ('expected','received','refunded')),
        created_at INTEGER NOT NULL, received_at INTEGER, refund INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE carts(
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        channel TEXT NOT NULL REFERENCES channels(code),
        status TEXT NOT NULL CHECK(status IN ('open','converted','abandoned')),
        updated_at INTEGER NOT NULL);
    CREATE TABLE cart_items(
        cart_id INTEGER NOT NULL REFERENCES carts(id),
        sku_id INTEGER NOT NULL REFERENCES skus(id),
        quantity INTEGER NOT NULL CHECK(quantity > 0),
        PRIMARY KEY(cart_id, sku_id)) WITHOUT ROWID;
    CREATE TABLE appointments(
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        location_id INTEGER NOT NULL REFERENCES locations(id),
        starts_at INTEGER NOT NULL,
        purpose TEXT NOT NULL DEFAULT '',
        cart_id INTEGER REFERENCES carts(id),
        status TEXT NOT NULL CHECK(status IN ('booked','prepared','kept','missed','cancelled')),
        prepared_at INTEGER, prepared_by TEXT);

    CREATE TABLE tickets(
        id INTEGER PRIMARY KEY,
        customer_id INTEGER REFERENCES customers(id),
        order_id INTEGER REFERENCES orders(id),
        channel TEXT NOT NULL REFERENCES channels(code),
        subject TEXT NOT NULL,
        status TEXT NOT NULL CHECK(status IN ('new','open','pending','solved','closed')),
        priority TEXT NOT NULL CHECK(priority IN ('urgent','high','normal','low')),
        team_id INTEGER REFERENCES teams(id),
        assignee TEXT,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
        first_response_due INTEGER NOT NULL, resolution_due INTEGER NOT NULL,
        first_response_at INTEGER, resolved_at INTEGER,
        agent_replies INTEGER NOT NULL DEFAULT 0,
        csat INTEGER CHECK(csat BETWEEN 1 AND 5),
        -- The next SLA deadline this ticket faces; NULL once solved. Indexed for the queue.
        sla_due_at INTEGER GENERATED ALWAYS AS (
            CASE WHEN status IN ('solved','closed') THEN NULL
                 WHEN first_response_at IS NULL THEN min(first_response_due, resolution_due)
                 ELSE resolution_due END) VIRTUAL);
    CREATE TABLE ticket_messages(
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id),
        channel TEXT NOT NULL REFERENCES channels(code),
        author_kind TEXT NOT NULL CHECK(author_kind IN ('customer','agent','note','system')),
        author TEXT NOT NULL DEFAULT '', body TEXT NOT NULL, at INTEGER NOT NULL);
    CREATE TABLE touchpoints(
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        channel TEXT NOT NULL REFERENCES channels(code),
        kind TEXT NOT NULL CHECK(kind IN ('campaign_sent','campaign_opened','visit','product_view','add_to_cart',
            'checkout','purchase','store_visit','call','chat','return','ticket','delivery')),
        detail TEXT NOT NULL DEFAULT '', sku_id INTEGER REFERENCES skus(id), ref TEXT NOT NULL DEFAULT '',
        at INTEGER NOT NULL);

    CREATE TABLE assets(
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        sku_id INTEGER REFERENCES skus(id),
        serial TEXT NOT NULL UNIQUE, site TEXT NOT NULL DEFAULT '',
        installed_at INTEGER NOT NULL, next_maintenance_at INTEGER);
    CREATE TABLE invoices(
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id),
        number TEXT NOT NULL UNIQUE,
        issued_at INTEGER NOT NULL, due_at INTEGER NOT NULL,
        amount INTEGER NOT NULL, currency TEXT NOT NULL DEFAULT 'CNY', paid_at INTEGER);

    CREATE TABLE audit_log(
        id INTEGER PRIMARY KEY, at INTEGER NOT NULL, operator TEXT NOT NULL,
        action TEXT NOT NULL, entity TEXT NOT NULL, entity_id INTEGER, detail TEXT NOT NULL DEFAULT '');
    CREATE TABLE change_log(
        seq INTEGER PRIMARY KEY, entity TEXT NOT NULL, entity_id INTEGER NOT NULL,
        op TEXT NOT NULL, at_ms INTEGER NOT NULL);

    -- Rollups kept current by triggers, so KPIs cost the same on 4M orders as on 4k.
    \(MoneySchema.salesTables)
    \(MoneySchema.fxRates)
    CREATE TABLE kpi_delivery_day(
        day INTEGER NOT NULL, channel TEXT NOT NULL,
        delivered INTEGER NOT NULL DEFAULT 0, on_time INTEGER NOT NULL DEFAULT 0,
        in_full INTEGER NOT NULL DEFAULT 0, otif INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY(day, channel)) WITHOUT ROWID;
    CREATE TABLE kpi_returns_day(
        day INTEGER NOT NULL, channel TEXT NOT NULL,
        returns INTEGER NOT NULL DEFAULT 0, units INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY(day, channel)) WITHOUT ROWID;
    CREATE TABLE kpi_ticket_day(
        day INTEGER NOT NULL, channel TEXT NOT NULL,
        created INTEGER NOT NULL DEFAULT 0, solved INTEGER NOT NULL DEFAULT 0,
        fr_applied INTEGER NOT NULL DEFAULT 0, fr_met INTEGER NOT NULL DEFAULT 0,
        res_applied INTEGER NOT NULL DEFAULT 0, res_met INTEGER NOT NULL DEFAULT 0,
        fcr INTEGER NOT NULL DEFAULT 0, csat_all INTEGER NOT NULL DEFAULT 0, csat_good INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY(day, channel)) WITHOUT ROWID;
    CREATE TABLE kpi_touch_day(
        day INTEGER NOT NULL, kind TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY(day, kind)) WITHOUT ROWID;
    \(buyersDay)
    \(ticketDue)
    \(orderDetails)
    \(PrivacySchema.tables)
    """

    /// Live customers (merged_into IS NULL) whose last / second-to-last order falls on each UTC
    /// day: buyers and repeat customers of the last N days are a sum over N rows, however many
    /// customers there are. Rows may fall to zero and stay. Added in schema version 2.
    static let buyersDay = """
    CREATE TABLE kpi_buyers_day(
        day INTEGER PRIMARY KEY,
        last_orders INTEGER NOT NULL DEFAULT 0, prev_orders INTEGER NOT NULL DEFAULT 0);
    """

    /// Open tickets by the UTC day of their next SLA deadline (`sla_due_at`): tickets breaching
    /// at `now` are the sum of the days before today plus today's tickets due before `now`,
    /// counted on tickets_queue (see `KPIQueries.breachingTickets`). The triggers delete a day
    /// when its last open ticket leaves it, so the sum runs over the days that still hold an
    /// overdue ticket, not over all history. Added in schema version 2.
    static let ticketDue = """
    CREATE TABLE kpi_ticket_due(
        day INTEGER PRIMARY KEY,
        open INTEGER NOT NULL DEFAULT 0);
    """

    static let indexes = """
    CREATE INDEX customers_last_order ON customers(last_order_at) WHERE merged_into IS NULL;
    CREATE INDEX customers_prev_order ON customers(prev_order_at) WHERE merged_into IS NULL;
    CREATE INDEX customers_stage ON customers(stage, last_order_at) WHERE merged_into IS NULL;
    CREATE INDEX customers_stage_due ON customers(stage_due_at) WHERE stage_due_at IS NOT NULL;
    CREATE INDEX customers_merged ON customers(merged_into) WHERE merged_into IS NOT NULL;
    CREATE INDEX customers_account ON customers(account_id) WHERE account_id IS NOT NULL;
    CREATE INDEX customers_home_stage ON customers(home_location_id, stage, last_order_at) WHERE merged_into IS NULL;
    CREATE INDEX customers_stage_changed ON customers(stage, stage_changed_at) WHERE merged_into IS NULL;
    CREATE INDEX identities_customer ON identities(customer_id, kind);
    \(SearchIndexUpgrade.tailIndex)
    CREATE INDEX merges_survivor ON merges(survivor_id);
    CREATE INDEX merges_merged ON merges(merged_id);
    CREATE INDEX merges_status ON merges(status, created_at);
    CREATE INDEX skus_product ON skus(product_id);
    CREATE INDEX channel_skus_code ON channel_skus(code);
    CREATE INDEX channel_skus_sku ON channel_skus(sku_id);
    CREATE INDEX stock_location ON stock(location_id, sku_id);
    CREATE INDEX stock_low ON stock(location_id, sku_id) WHERE on_hand - reserved - safety_stock <= reorder_point;
    CREATE INDEX stock_movements_sku ON stock_movements(sku_id, location_id, at);
    CREATE INDEX orders_placed ON orders(placed_at, id);
    CREATE INDEX orders_ref ON orders(external_ref);
    CREATE INDEX orders_customer ON orders(customer_id, placed_at);
    CREATE INDEX orders_channel ON orders(channel, placed_at, id);
    CREATE INDEX orders_status ON orders(status, placed_at, id);
    CREATE INDEX orders_fulfilment ON orders(fulfilment, placed_at, id);
    CREATE INDEX orders_late ON orders(placed_at, id) WHERE delivered_at > promised_by;
    CREATE INDEX orders_open ON orders(placed_at, id, promised_by) WHERE delivered_at IS NULL AND status IN ('paid','fulfilled');
    CREATE INDEX orders_pickup_waiting ON orders(location_id, ready_at) WHERE fulfilment = 'pickup' AND status = 'fulfilled';
    CREATE INDEX orders_location ON orders(location_id, placed_at) WHERE location_id IS NOT NULL;
    CREATE INDEX orders_delivered ON orders(delivered_at) WHERE delivered_at IS NOT NULL;
    CREATE INDEX order_lines_order ON order_lines(order_id);
    CREATE INDEX order_lines_sku ON order_lines(sku_id);
    CREATE INDEX shipments_order ON shipments(order_id);
    CREATE INDEX returns_order ON returns(order_id);
    CREATE INDEX returns_location ON returns(location_id, status);
    CREATE INDEX returns_created ON returns(created_at);
    CREATE INDEX carts_customer ON carts(customer_id, updated_at);
    CREATE INDEX appointments_location ON appointments(location_id, starts_at);
    CREATE INDEX appointments_customer ON appointments(customer_id, starts_at);
    CREATE INDEX tickets_queue ON tickets(sla_due_at, id) WHERE sla_due_at IS NOT NULL;
    CREATE INDEX tickets_customer ON tickets(customer_id, created_at);
    CREATE INDEX tickets_order ON tickets(order_id) WHERE order_id IS NOT NULL;
    CREATE INDEX tickets_resolved ON tickets(resolved_at) WHERE resolved_at IS NOT NULL;
    CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, at);
    CREATE INDEX touchpoints_customer ON touchpoints(customer_id, at);
    CREATE INDEX touchpoints_kind_at ON touchpoints(kind, at);
    CREATE INDEX assets_customer ON assets(customer_id);
    CREATE INDEX assets_maintenance ON assets(next_maintenance_at) WHERE next_maintenance_at IS NOT NULL;
    CREATE INDEX invoices_customer ON invoices(customer_id, due_at);
    CREATE INDEX audit_entity ON audit_log(entity, entity_id, at);
    CREATE INDEX change_log_at ON change_log(at_ms);
    """
}
