/// The lifecycle's part of the schema: stage counters kept by triggers, and the stage a
/// customer's order figures imply (shared by the trigger and set-wise writers such as imports).
public enum LifecycleSQL {
    /// Set-wise recomputation of the stage counters (for Rollups.countersSQL).
    public static let rebuildCounters = """
    INSERT OR REPLACE INTO counters(name, value)
        SELECT 'stage_' || s.stage, (SELECT count(*) FROM customers c WHERE c.stage = s.stage AND c.merged_into IS NULL)
        FROM (SELECT 'prospect' AS stage UNION ALL SELECT 'new' UNION ALL SELECT 'active' UNION ALL SELECT 'repeat'
              UNION ALL SELECT 'at_risk' UNION ALL SELECT 'lapsed') s;
    """

    /// The stage a customer's order figures imply (`count`, `last`, `prev`: SQL expressions).
    static func stage(count: String, last: String, prev: String) -> String {
        """
        CASE WHEN \(count) = 0 OR \(last) IS NULL THEN 'prospect'
             WHEN \(count) = 1 THEN 'new'
             WHEN \(prev) >= \(last) - 86400 * coalesce(
                  (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'lifecycle.repeat_days'), 365) THEN 'repeat'
             ELSE 'active' END
        """
    }

    /// The columns `lifecycle_customer_orders` sets, for a customer whose figures are `count`,
    /// `last`, `prev` (an UPDATE of customers that sets the figures itself can set these too).
    static func stageAssignments(count: String, last: String, prev: String) -> String {
        let stage = stage(count: count, last: last, prev: prev)
        return """
            stage = \(stage),
            stage_changed_at = CASE WHEN stage IS (\(stage)) THEN stage_changed_at ELSE coalesce(\(last), stage_changed_at) END,
            stage_due_at = 0
        """
    }

    /// Triggers: stage counters kept by any writer, and a customer whose order figures move
    /// (an order inserted, cancelled, re-dated, deleted, from any process) gets the stage the
    /// fresh order implies at once and `stage_due_at = 0`, so the next `Lifecycle.advance`
    /// recomputes it exactly (median gap, back-dated imports, cancellations).
    public static var triggers: String { """
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
            \(stageAssignments(count: "new.order_count", last: "new.last_order_at", prev: "new.prev_order_at"))
        WHERE id = new.id;
    END;
    """ }

    public static let triggerNames = ["lifecycle_stage_counts_insert", "lifecycle_stage_counts_delete",
                                      "lifecycle_stage_counts_update", "lifecycle_customer_orders"]

    /// True when the stage counters are maintained by triggers (so they can be read as truth).
    public static func countersInstalled(_ db: Database) throws -> Bool {
        try db.scalarInt("""
            SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN
            ('lifecycle_stage_counts_insert', 'lifecycle_stage_counts_delete', 'lifecycle_stage_counts_update')
            """) == 3 && db.scalarInt("SELECT count(*) FROM counters WHERE name >= 'stage_' AND name < 'stage`'") == 6
    }
}
