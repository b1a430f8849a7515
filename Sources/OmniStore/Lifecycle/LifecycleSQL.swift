/// Schema additions the lifecycle asks for. Not installed by the migrator yet: the lead folds
/// them into SchemaTables / SchemaTriggers / ReferenceData; until then `installProposed` puts
/// them into a store (tests use it) and the code works with or without them.
public enum LifecycleSQL {
    /// Indexes: this week's movements by stage_changed_at; keep-in-touch lists per store in
    /// recency order; pickups waiting at a store; funnel explain rows by touchpoint kind.
    public static let indexes = """
    CREATE INDEX IF NOT EXISTS customers_stage_changed ON customers(stage, stage_changed_at) WHERE merged_into IS NULL;
    CREATE INDEX IF NOT EXISTS customers_home_stage ON customers(home_location_id, stage, last_order_at) WHERE merged_into IS NULL;
    CREATE INDEX IF NOT EXISTS orders_pickup_waiting ON orders(location_id, ready_at) WHERE fulfilment = 'pickup' AND status = 'fulfilled';
    CREATE INDEX IF NOT EXISTS touchpoints_kind_at ON touchpoints(kind, at);
    """

    /// Counter rows for the stage counts (ReferenceData.install would add them).
    public static let counterRows = """
    INSERT OR IGNORE INTO counters(name, value) VALUES
        ('stage_prospect', 0), ('stage_new', 0), ('stage_active', 0), ('stage_repeat', 0), ('stage_at_risk', 0), ('stage_lapsed', 0);
    """

    /// Set-wise recomputation of the stage counters (for Rollups.countersSQL).
    public static let rebuildCounters = """
    INSERT OR REPLACE INTO counters(name, value)
        SELECT 'stage_' || s.stage, (SELECT count(*) FROM customers c WHERE c.stage = s.stage AND c.merged_into IS NULL)
        FROM (SELECT 'prospect' AS stage UNION ALL SELECT 'new' UNION ALL SELECT 'active' UNION ALL SELECT 'repeat'
              UNION ALL SELECT 'at_risk' UNION ALL SELECT 'lapsed') s;
    """

    /// Triggers: stage counters kept by any writer, and a customer whose order figures move
    /// (an order inserted, cancelled, re-dated, deleted, from any process) gets the stage the
    /// fresh order implies at once and `stage_due_at = 0`, so the next `Lifecycle.advance`
    /// recomputes it exactly (median gap, back-dated imports, cancellations).
    public static let triggers = """
    CREATE TRIGGER IF NOT EXISTS lifecycle_stage_counts_insert AFTER INSERT ON customers WHEN new.merged_into IS NULL BEGIN
        UPDATE counters SET value = value + 1 WHERE name = 'stage_' || new.stage;
    END;
    CREATE TRIGGER IF NOT EXISTS lifecycle_stage_counts_delete AFTER DELETE ON customers WHEN old.merged_into IS NULL BEGIN
        UPDATE counters SET value = value - 1 WHERE name = 'stage_' || old.stage;
    END;
    CREATE TRIGGER IF NOT EXISTS lifecycle_stage_counts_update AFTER UPDATE OF stage, merged_into ON customers
    WHEN old.stage IS NOT new.stage OR (old.merged_into IS NULL) <> (new.merged_into IS NULL) BEGIN
        UPDATE counters SET value = value - 1 WHERE name = 'stage_' || old.stage AND old.merged_into IS NULL;
        UPDATE counters SET value = value + 1 WHERE name = 'stage_' || new.stage AND new.merged_into IS NULL;
    END;
    CREATE TRIGGER IF NOT EXISTS lifecycle_customer_orders AFTER UPDATE OF order_count, last_order_at, prev_order_at, merged_into ON customers
    WHEN new.merged_into IS NULL AND (old.order_count IS NOT new.order_count OR old.last_order_at IS NOT new.last_order_at
                                      OR old.prev_order_at IS NOT new.prev_order_at OR old.merged_into IS NOT NULL) BEGIN
        UPDATE customers SET
            stage = CASE WHEN new.order_count = 0 OR new.last_order_at IS NULL THEN 'prospect'
                         WHEN new.order_count = 1 THEN 'new'
                         WHEN new.prev_order_at >= new.last_order_at - 86400 * coalesce(
                              (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'lifecycle.repeat_days'), 365) THEN 'repeat'
                         ELSE 'active' END,
            stage_changed_at = CASE WHEN stage IS (CASE WHEN new.order_count = 0 OR new.last_order_at IS NULL THEN 'prospect'
                         WHEN new.order_count = 1 THEN 'new'
                         WHEN new.prev_order_at >= new.last_order_at - 86400 * coalesce(
                              (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'lifecycle.repeat_days'), 365) THEN 'repeat'
                         ELSE 'active' END) THEN stage_changed_at ELSE coalesce(new.last_order_at, stage_changed_at) END,
            stage_due_at = 0
        WHERE id = new.id;
    END;
    """

    public static let triggerNames = ["lifecycle_stage_counts_insert", "lifecycle_stage_counts_delete",
                                      "lifecycle_stage_counts_update", "lifecycle_customer_orders"]

    /// Installs the proposed indexes, counters and triggers into a store and sets the counters.
    public static func installProposed(_ db: Database) throws {
        try db.transaction {
            try db.execute(indexes)
            try db.execute(counterRows)
            try db.execute(triggers)
            try db.execute(rebuildCounters)
        }
    }

    /// True when the stage counters are maintained by triggers (so they can be read as truth).
    public static func countersInstalled(_ db: Database) throws -> Bool {
        try db.scalarInt("""
            SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN
            ('lifecycle_stage_counts_insert', 'lifecycle_stage_counts_delete', 'lifecycle_stage_counts_update')
            """) == 3 && db.scalarInt("SELECT count(*) FROM counters WHERE name >= 'stage_' AND name < 'stage`'") == 6
    }
}
