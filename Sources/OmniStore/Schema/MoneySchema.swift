import Foundation

/// Money in its own currency: the revenue rollups keyed by currency (so no figure ever adds
/// rand to yuan), the daily exchange rates KPIs convert with, and the reporting-currency
/// settings. New stores get these tables from `SchemaTables`; older ones from `upgrade`.
enum MoneySchema {
    /// Net sales per UTC day, channel and currency; orders per minute, channel and currency.
    static let salesTables = """
    CREATE TABLE kpi_sales_day(
        day INTEGER NOT NULL, channel TEXT NOT NULL, currency TEXT NOT NULL,
        orders INTEGER NOT NULL DEFAULT 0, repeat_orders INTEGER NOT NULL DEFAULT 0,
        gross INTEGER NOT NULL DEFAULT 0, discount INTEGER NOT NULL DEFAULT 0,
        refunded INTEGER NOT NULL DEFAULT 0, units INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY(day, channel, currency)) WITHOUT ROWID;
    CREATE TABLE kpi_sales_minute(
        minute INTEGER NOT NULL, channel TEXT NOT NULL, currency TEXT NOT NULL,
        orders INTEGER NOT NULL DEFAULT 0, gross INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY(minute, channel, currency)) WITHOUT ROWID;
    """

    /// One row per currency pair and UTC day: 1 `base` = `rate` `quote` (`omni import fx-rates`).
    static let fxRates = """
    CREATE TABLE fx_rates(
        day INTEGER NOT NULL, base TEXT NOT NULL, quote TEXT NOT NULL,
        rate REAL NOT NULL CHECK (rate > 0), source TEXT NOT NULL DEFAULT '',
        PRIMARY KEY(base, quote, day)) WITHOUT ROWID;
    """

    static let settings: [(String, String, String)] = [
        ("reporting.currency", "CNY", "KPIs report revenue in this currency (ISO code), converted with fx_rates"),
        ("fx.max_age_days", "7", "an exchange rate older than this many days before the amount's day is not used"),
    ]

    /// The sales rollups counted from the orders (the `Rollups.rebuild` part, and the backfill).
    static let rebuildSQL = """
    DELETE FROM kpi_sales_day; DELETE FROM kpi_sales_minute;
    INSERT INTO kpi_sales_day(day, channel, currency, orders, repeat_orders, gross, discount, refunded, units)
        SELECT o.placed_at / 86400, o.channel, o.currency, count(*),
               sum(EXISTS(SELECT 1 FROM orders p WHERE p.customer_id = o.customer_id AND p.status <> 'cancelled'
                          AND (p.placed_at < o.placed_at OR (p.placed_at = o.placed_at AND p.id < o.id)))),
               sum(total), sum(discount), sum(refunded), sum(units)
        FROM orders o WHERE status <> 'cancelled' GROUP BY 1, 2, 3;
    INSERT INTO kpi_sales_minute(minute, channel, currency, orders, gross)
        SELECT placed_at / 60, channel, currency, count(*), sum(total) FROM orders
        WHERE status <> 'cancelled' AND placed_at >= (SELECT coalesce(max(placed_at), 0) - 2 * 86400 FROM orders)
        GROUP BY 1, 2, 3;
    """

    /// The upgrade step (schema version 4 on this branch): the sales rollups gain their
    /// currency key (rebuilt from the orders, as `Rollups.rebuild` would), the orders' rollup
    /// triggers are replaced as a group (their sales upserts name the new key), fx_rates is
    /// created and the reporting settings are added where absent.
    static func upgrade(_ db: Database) throws {
        for name in Schema.names(in: SchemaTriggers.ordersRollups, after: "CREATE TRIGGER ") {
            try db.execute("DROP TRIGGER IF EXISTS \(name)")
        }
        try db.execute("DROP TABLE IF EXISTS kpi_sales_day; DROP TABLE IF EXISTS kpi_sales_minute;")
        try db.execute(salesTables)
        if try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'fx_rates'") == 0 {
            try db.execute(fxRates)
        }
        try db.execute(SchemaTriggers.ordersRollups)
        try db.execute(rebuildSQL)
        for s in settings {
            try db.execute("INSERT OR IGNORE INTO settings(key, value, description) VALUES (?, ?, ?)", [s.0, s.1, s.2])
        }
    }
}
