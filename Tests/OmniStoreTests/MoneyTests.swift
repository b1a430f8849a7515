import Foundation
import XCTest
@testable import OmniStore

/// Money in its own currency: formatting, the sales rollups keyed by currency, KPIs that never
/// add currencies (per currency without rates, converted with them, missing rates listed),
/// exchange-rate files, lifetime value per currency, and the schema upgrade.
final class MoneyTests: XCTestCase {
    /// 2026-11-23 02:13:20 UTC.
    static let now: Int64 = 1_795_400_000
    static let today = now / 86_400

    // MARK: formatting

    func testEveryAmountShowsItsOwnCurrency() {
        XCTAssertEqual(Money(minor: 167_800, currency: "ZAR").description, "R 1,678.00")
        XCTAssertEqual(Money(minor: 1_250, currency: "EUR").description, "€12.50")
        XCTAssertEqual(Money(minor: 500, currency: "USD").description, "US$5.00")
        XCTAssertEqual(Money(minor: 9_900, currency: "CNY").description, "¥99.00")
        XCTAssertEqual(Money(minor: 1_500, currency: "JPY").description, "JP¥1,500", "yen has no minor unit")
        XCTAssertEqual(Money(minor: 1_250, currency: "KWD").description, "KWD 1.250", "dinar has three decimals")
        XCTAssertEqual(Money(minor: 1_000_000, currency: "KRW").description, "₩1,000,000")
        XCTAssertEqual(Money(minor: 199, currency: "CAD").description, "CA$1.99")
        XCTAssertEqual(Money(minor: 1_234_567, currency: "CHF").description, "CHF 12,345.67")
        XCTAssertEqual(Money(minor: -505, currency: "GBP").description, "-£5.05")
        XCTAssertEqual(Money(minor: 5, currency: "USD").description, "US$0.05")
        XCTAssertEqual(Money(minor: 0, currency: Money.severalCurrencies).description, "several currencies")
        XCTAssertEqual(Money(minor: 3_540_000, currency: "ZAR").compact, "R 35.4k")
        XCTAssertEqual(Money(minor: 120_000_000, currency: "JPY").compact, "JP¥120.0M")
        XCTAssertEqual(Money.minor(fromDecimal: "1678.00", currency: "ZAR"), 167_800)
        XCTAssertEqual(Money.minor(fromDecimal: "1500", currency: "JPY"), 1_500)
        XCTAssertEqual(Money.minor(fromDecimal: "1.2345", currency: "KWD"), 1_235)
        XCTAssertNil(Money.minor(fromDecimal: "12,5x", currency: "EUR"))
        XCTAssertEqual(Money.list(Money.totals([Money(minor: 100, currency: "ZAR"), Money(minor: 200, currency: "CNY"),
                                                Money(minor: 50, currency: "ZAR")])), "R 1.50 + ¥2.00", "added per currency only")
    }

    // MARK: a store with orders in four currencies

    /// Today: web ZAR 1,678.00 and EUR 12.50 (and a cancelled EUR order), app USD 5.00 and CNY 99.00
    /// (the ZAR buyer's second order); yesterday: web ZAR 100.00. Imported as a user would.
    func fourCurrencyStore() throws -> (Database, String) {
        let (db, path) = try makeStore()
        let file = try temporaryDirectory().appendingPathComponent("orders.csv")
        try """
        channel,external_ref,customer_ref,status,fulfilment,placed_at,currency,subtotal,discount,shipping,tax,total,refunded,lines
        web,Z-1,email:thabo@example.co.za,paid,ship,2026-11-23T01:00:00Z,ZAR,167800,0,0,0,167800,0,[]
        web,E-1,email:anna@example.de,paid,ship,2026-11-23T01:10:00Z,EUR,1250,0,0,0,1250,0,[]
        web,E-2,email:anna@example.de,cancelled,ship,2026-11-23T01:20:00Z,EUR,9999,0,0,0,9999,0,[]
        app,U-1,email:joe@example.com,paid,ship,2026-11-23T01:30:00Z,USD,500,0,0,0,500,0,[]
        app,C-1,email:thabo@example.co.za,paid,ship,2026-11-23T02:00:00Z,CNY,9900,0,0,0,9900,0,[]
        web,Z-0,email:thabo@example.co.za,paid,ship,2026-11-22T12:00:00Z,ZAR,10000,0,0,0,10000,0,[]

        """.write(to: file, atomically: true, encoding: .utf8)
        var options = ImportOptions()
        options.now = Self.now
        _ = try Importer(db, options: options).importFile(.orders, file.path)
        return (db, path)
    }

    func rates(_ db: Database, _ csv: String) throws -> FXRatesSummary {
        try FXRatesImport.importText(db, text: csv, file: "rates.csv")
    }

    func testSalesRollupIsKeyedByCurrencyOnEveryWritePath() throws {
        let (db, _) = try fourCurrencyStore()
        let rows = try db.fetchAll("SELECT channel, currency, orders, gross FROM kpi_sales_day WHERE day = ? ORDER BY 1, 2", [Self.today])
            .map { "\($0.string(0)) \($0.string(1)) \($0.int(2)) \($0.int(3))" }
        XCTAssertEqual(rows, ["app CNY 1 9900", "app USD 1 500", "web EUR 1 1250", "web ZAR 1 167800"])
        XCTAssertEqual(try Rollups.verify(db), [], "the import's set-wise apply agrees with a recomputation")
        // The triggers (any writer): a new order, then one order moving currency.
        try db.execute("""
            INSERT INTO orders(channel, external_ref, status, fulfilment, placed_at, currency, total, units)
            VALUES ('app', 'X-1', 'paid', 'ship', ?, 'EUR', 700, 1)
            """, [Self.now - 60])
        try db.execute("UPDATE orders SET currency = 'GBP' WHERE external_ref = 'U-1'")
        XCTAssertEqual(try db.scalarInt("SELECT gross FROM kpi_sales_day WHERE day = ? AND channel = 'app' AND currency = 'EUR'",
                                        [Self.today]), 700)
        XCTAssertEqual(try db.scalarInt("SELECT gross FROM kpi_sales_day WHERE day = ? AND channel = 'app' AND currency = 'GBP'",
                                        [Self.today]), 500)
        XCTAssertEqual(try db.scalarInt("SELECT gross FROM kpi_sales_day WHERE day = ? AND channel = 'app' AND currency = 'USD'",
                                        [Self.today]), 0)
        XCTAssertEqual(try db.scalarInt("SELECT sum(gross) FROM kpi_sales_minute WHERE currency = 'GBP'"), 500)
        XCTAssertEqual(try Rollups.verify(db), [])
        // A rollup row in the wrong currency is caught.
        try db.execute("UPDATE kpi_sales_day SET currency = 'CNY' WHERE currency = 'ZAR' AND day = ?", [Self.today])
        XCTAssertEqual(try Rollups.verify(db), ["kpi_sales_day: 2 rows differ from a recomputation"])
    }

    func testWithoutRatesKPIsGiveRevenuePerCurrency() throws {
        let (db, _) = try fourCurrencyStore()
        let k = try KPIQueries.snapshot(db, now: Self.now)
        XCTAssertEqual(k.reportingCurrency, "CNY")
        XCTAssertFalse(k.fxRatesLoaded)
        XCTAssertNil(k.rateDate)
        XCTAssertEqual(k.rates, [])
        XCTAssertEqual(k.todayTotal.orders, 4)
        XCTAssertEqual(k.todayTotal.net, Money(minor: 9_900, currency: "CNY"), "only yuan is added to the yuan net")
        XCTAssertEqual(k.todayTotal.aov, Money(minor: 9_900, currency: "CNY"), "AOV over the orders the net counts")
        XCTAssertEqual(k.unconverted, [Money(minor: 1_250, currency: "EUR"), Money(minor: 500, currency: "USD"),
                                       Money(minor: 167_800, currency: "ZAR")])
        XCTAssertEqual(k.todayByCurrency, [Money(minor: 9_900, currency: "CNY"), Money(minor: 1_250, currency: "EUR"),
                                           Money(minor: 500, currency: "USD"), Money(minor: 167_800, currency: "ZAR")])
        let web = try XCTUnwrap(k.today.first { $0.channel == "web" })
        XCTAssertEqual(web.orders, 2)
        XCTAssertEqual(web.net, Money(minor: 0, currency: "CNY"))
        XCTAssertEqual(web.unconverted, [Money(minor: 1_250, currency: "EUR"), Money(minor: 167_800, currency: "ZAR")])
        XCTAssertEqual(k.revenueTrend.last, 9_900)
        XCTAssertEqual(k.trendUnconverted, [Money(minor: 1_250, currency: "EUR"), Money(minor: 500, currency: "USD"),
                                            Money(minor: 177_800, currency: "ZAR")], "yesterday's rand too")
        XCTAssertEqual(k.ordersTrend.suffix(2), [1, 4])
        // omni doctor --figures recomputes the same from the orders: equal, and says what had no rate.
        let check = try FigureCheck.run(db, now: Self.now)
        XCTAssertTrue(check.allEqual, "\(check.figures.filter { !$0.equal })")
        let missing = try XCTUnwrap(check.figures.first { $0.name == "revenue today without a rate, web" })
        XCTAssertEqual(missing.recomputed, "€12.50 + R 1,678.00")
    }

    func testWithRatesKPIsConvertSayTheRateDateAndListWhatHadNoRate() throws {
        let (db, _) = try fourCurrencyStore()
        let summary = try rates(db, """
            date,base,quote,rate
            2026-11-21,ZAR,CNY,0.40
            2026-11-22,ZAR,CNY,0.3921
            2026-11-23,CNY,USD,0.14
            2026-11-10,EUR,CNY,7.80

            """)
        XCTAssertEqual(summary.rows, 4)
        XCTAssertEqual(summary.created, 4)
        XCTAssertEqual(summary.pairs, ["CNY/USD", "EUR/CNY", "ZAR/CNY"])
        let k = try KPIQueries.snapshot(db, now: Self.now)
        XCTAssertTrue(k.fxRatesLoaded)
        // ZAR at yesterday's rate (the latest on or before today), USD by the inverse of CNY→USD;
        // the EUR rate is 13 days old, past fx.max_age_days (7): EUR is listed, not guessed.
        let zar = (1_678.00 * 0.3921 * 100).rounded(), usd = (5.00 / 0.14 * 100).rounded()
        XCTAssertEqual(k.todayTotal.net, Money(minor: 9_900 + Int64(zar) + Int64(usd), currency: "CNY"))
        XCTAssertEqual(k.todayTotal.net.description, "¥792.65")
        XCTAssertEqual(k.todayTotal.aov, Money(minor: (9_900 + Int64(zar) + Int64(usd)) / 3, currency: "CNY"))
        XCTAssertEqual(k.rateDate, "2026-11-22", "the oldest rate today's figures used")
        XCTAssertEqual(k.rates.map(\.currency), ["USD", "ZAR"])
        XCTAssertEqual(k.rates.map(\.date), ["2026-11-23", "2026-11-22"])
        XCTAssertEqual(k.rates[0].rate, 1 / 0.14, accuracy: 1e-12)
        XCTAssertEqual(k.unconverted, [Money(minor: 1_250, currency: "EUR")])
        // Yesterday's rand converts at yesterday's rate (the day before's is older).
        XCTAssertEqual(k.revenueTrend[k.trendDays - 2], Int64((100.00 * 0.3921 * 100).rounded()))
        XCTAssertEqual(k.trendUnconverted, [Money(minor: 1_250, currency: "EUR")])
        let check = try FigureCheck.run(db, now: Self.now)
        XCTAssertTrue(check.allEqual, "\(check.figures.filter { !$0.equal })")
        XCTAssertEqual(check.figures.first { $0.name == "revenue today, all (CNY)" }?.recomputed, String(k.todayTotal.net.minor))
        // The rows behind the web figure, recomputed from the orders and converted the same way:
        // they agree with the rollup (no false drift), and the figure is written in yuan.
        let web = try XCTUnwrap(try KPIExplain.explain(db, name: "revenue-web", now: Self.now))
        XCTAssertEqual(web.figure, Int64(zar))
        XCTAssertEqual(web.rowsFigure, web.figure)
        XCTAssertEqual(web.figureText, "¥657.94")
        XCTAssertEqual(try XCTUnwrap(try KPIExplain.explain(db, name: "orders-web", now: Self.now)).figureText, "2 orders")

        // A fresh EUR rate, and a longer allowed age: every amount converts, nothing is listed.
        _ = try rates(db, "date,base,quote,rate\n2026-11-23,EUR,CNY,7.70\n")
        let all = try KPIQueries.snapshot(db, now: Self.now)
        XCTAssertEqual(all.unconverted, [])
        XCTAssertEqual(all.todayTotal.net.minor, 79_265 + Int64((12.50 * 7.70 * 100).rounded()))

        // Reporting in another currency: yuan is now an amount to convert, at the inverse rate.
        try db.execute("UPDATE settings SET value = 'USD' WHERE key = 'reporting.currency'")
        let usdReport = try KPIQueries.snapshot(db, now: Self.now)
        XCTAssertEqual(usdReport.reportingCurrency, "USD")
        XCTAssertEqual(usdReport.todayTotal.net.currency, "USD")
        XCTAssertEqual(usdReport.unconverted.map(\.currency), ["EUR", "ZAR"], "no EUR→USD or ZAR→USD rate")
        XCTAssertEqual(usdReport.todayTotal.net.minor, 500 + Int64((99.00 * 0.14 * 100).rounded()))
    }

    // MARK: exchange-rate files

    func testRateFilesAsSpreadsheetsWriteThemAndBadLinesNamed() throws {
        let (db, _) = try makeStore()
        // Semicolons, a decimal comma, a BOM, CRLF, lower-case codes, columns in another order.
        let semicolons = "\u{FEFF}Rate;Date;Base;Quote\r\n0,3921;2026-11-22;zar;cny\r\n18,05;2026-11-22;USD;ZAR\r\n"
        let first = try rates(db, semicolons)
        XCTAssertEqual(first.created, 2)
        XCTAssertEqual(try db.fetchAll("SELECT base, quote, day, rate FROM fx_rates ORDER BY base").map {
            "\($0.string(0)) \($0.string(1)) \(FXConverter.date($0.int64(2))) \($0.double(3))"
        }, ["USD ZAR 2026-11-22 18.05", "ZAR CNY 2026-11-22 0.3921"])
        let again = try rates(db, semicolons)
        XCTAssertEqual([again.created, again.updated, again.unchanged], [0, 0, 2], "the same file again changes nothing")
        let changes = db.totalChanges
        _ = try rates(db, semicolons)
        XCTAssertEqual(db.totalChanges, changes)
        let updated = try rates(db, "date\tbase\tquote\trate\n2026-11-22\tZAR\tCNY\t0.395\n")
        XCTAssertEqual(updated.updated, 1)

        func refused(_ text: String, _ message: String, line: UInt = #line) {
            XCTAssertThrowsError(try rates(db, text), line: line) { error in
                XCTAssertEqual((error as? FXRatesError)?.description, message, line: line)
            }
        }
        refused("date,base,quote,rate\n2026-11-20,ZAR,CNY,0.39\n2026-02-30,ZAR,CNY,0.39\n",
                "rates.csv:3: date \"2026-02-30\" is not a date written YYYY-MM-DD (nothing from rates.csv was imported)")
        refused("date,base,quote,rate\n2026-11-20,ZAR,CNY,-1\n",
                "rates.csv:2: rate \"-1\" is not a positive number (nothing from rates.csv was imported)")
        refused("date,base,quote,rate\n2026-11-20,RAND,CNY,0.39\n",
                "rates.csv:2: base \"RAND\" is not a currency code (three letters, as USD) (nothing from rates.csv was imported)")
        refused("date,from,to,rate\n", "rates.csv:1: missing columns base, quote; the header must name date, base, quote and rate "
                + "(source optional), found: date, from, to, rate (nothing from rates.csv was imported)")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM fx_rates WHERE day = ?", [FXConverter.day("2026-11-20")!]), 0,
                       "a refused file writes nothing")
        XCTAssertEqual(FXConverter.day("2026-11-23"), Self.today)
    }

    // MARK: lifetime value

    func testLifetimeValueIsPerCurrency() throws {
        let (db, _) = try fourCurrencyStore()
        let thabo = try XCTUnwrap(try db.scalar("SELECT customer_id FROM identities WHERE value = 'thabo@example.co.za'", as: Int64.self))
        let anna = try XCTUnwrap(try db.scalar("SELECT customer_id FROM identities WHERE value = 'anna@example.de'", as: Int64.self))
        let t = try XCTUnwrap(try CustomerQueries.threeSixty(db, id: thabo, now: Self.now))
        XCTAssertEqual(t.profile.lifetimeValues, [Money(minor: 177_800, currency: "ZAR"), Money(minor: 9_900, currency: "CNY")])
        XCTAssertEqual(t.profile.lifetimeValue.description, "several currencies", "rand and yuan are never one number")
        let a = try XCTUnwrap(try CustomerQueries.threeSixty(db, id: anna, now: Self.now))
        XCTAssertEqual(a.profile.lifetimeValue.description, "€12.50", "the cancelled order is not lifetime value")
        XCTAssertEqual(a.profile.lifetimeValues, [Money(minor: 1_250, currency: "EUR")])
        // Search rows carry the currency column too; queries that select more after the hit's
        // columns count from hitColumnCount.
        let hitRow = try XCTUnwrap(try db.fetchOne("SELECT \(CustomerQueries.hitColumns) FROM customers c WHERE c.id = ?", [thabo]))
        XCTAssertEqual(hitRow.values.count, CustomerQueries.hitColumnCount)
        XCTAssertEqual(CustomerQueries.hit(hitRow, matchedBy: "test").lifetimeValue.description, "several currencies")
        let order = try XCTUnwrap(try OrderQueries.detail(db, id: Int64(try db.scalarInt("SELECT id FROM orders WHERE external_ref = 'Z-1'")),
                                                          now: Self.now))
        XCTAssertEqual(order.order.total.description, "R 1,678.00")
    }

    // MARK: upgrade

    /// Takes the money step back out of a current store: sales rollups without currency (counted
    /// from the orders as before), no fx_rates or reporting settings, the old order triggers.
    /// The step is then run as the upgrade runs it (`upgradeMoneyStep`), whatever its number.
    func downgradeToVersion2(_ db: Database) throws {
        let oldTriggers = SchemaTriggers.ordersRollups
            .replacingOccurrences(of: "day, channel, currency, orders", with: "day, channel, orders")
            .replacingOccurrences(of: "minute, channel, currency, orders", with: "minute, channel, orders")
            .replacingOccurrences(of: "(day, channel, currency)", with: "(day, channel)")
            .replacingOccurrences(of: "(minute, channel, currency)", with: "(minute, channel)")
            .replacingOccurrences(of: "channel, new.currency,", with: "channel,")
            .replacingOccurrences(of: "channel, old.currency,", with: "channel,")
            .replacingOccurrences(of: "customer_id, currency ON orders", with: "customer_id ON orders")
        XCTAssertFalse(oldTriggers.contains("currency"), oldTriggers)
        try db.transaction {
            for name in Schema.names(in: SchemaTriggers.ordersRollups, after: "CREATE TRIGGER ") { try db.execute("DROP TRIGGER \(name)") }
            try db.execute("""
                DROP TABLE kpi_sales_day; DROP TABLE kpi_sales_minute; DROP TABLE fx_rates;
                DELETE FROM settings WHERE key IN ('reporting.currency', 'fx.max_age_days');
                CREATE TABLE kpi_sales_day(
                    day INTEGER NOT NULL, channel TEXT NOT NULL,
                    orders INTEGER NOT NULL DEFAULT 0, repeat_orders INTEGER NOT NULL DEFAULT 0,
                    gross INTEGER NOT NULL DEFAULT 0, discount INTEGER NOT NULL DEFAULT 0,
                    refunded INTEGER NOT NULL DEFAULT 0, units INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY(day, channel)) WITHOUT ROWID;
                CREATE TABLE kpi_sales_minute(
                    minute INTEGER NOT NULL, channel TEXT NOT NULL,
                    orders INTEGER NOT NULL DEFAULT 0, gross INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY(minute, channel)) WITHOUT ROWID;
                INSERT INTO kpi_sales_day(day, channel, orders, repeat_orders, gross, discount, refunded, units)
                SELECT placed_at / 86400, channel, count(*), 0, sum(total), sum(discount), sum(refunded), sum(units)
                FROM orders WHERE status <> 'cancelled' GROUP BY 1, 2;
                INSERT INTO kpi_sales_minute(minute, channel, orders, gross)
                SELECT placed_at / 60, channel, count(*), sum(total) FROM orders WHERE status <> 'cancelled' GROUP BY 1, 2;
                """)
            try db.execute(oldTriggers)
        }
    }

    /// The money step of `Migrator.upgrade`, in a transaction as the upgrade runs it.
    func upgradeMoneyStep(_ path: String) throws -> Database {
        let db = try Store.open(path: path)
        try db.transaction { try MoneySchema.upgrade(db) }
        return db
    }

    func schema(_ d: Database) throws -> Set<String> {
        Set(try d.fetchAll("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'")
            .map { $0.values.map { "\($0)" }.joined(separator: " | ") })
    }

    /// A version-2 store whose orders are in several currencies is upgraded to the schema a new
    /// store has, its sales rollups counted again from its orders, per currency.
    func testVersion2StoreIsUpgradedToCurrencyKeyedRollups() throws {
        let (fresh, _) = try makeStore()
        let (db, path) = try fourCurrencyStore()
        try downgradeToVersion2(db)
        // A version-2 writer's order: the old triggers add it across currencies.
        try db.execute("""
            INSERT INTO orders(channel, external_ref, status, fulfilment, placed_at, currency, total, units)
            VALUES ('web', 'G-1', 'paid', 'ship', ?, 'GBP', 300, 1)
            """, [Self.now - 60])
        XCTAssertEqual(try db.scalarInt("SELECT gross FROM kpi_sales_day WHERE day = ? AND channel = 'web'", [Self.today]),
                       167_800 + 1_250 + 300, "version 2 added rand, euro and pounds together")
        let upgraded = try upgradeMoneyStep(path)
        XCTAssertEqual(try schema(upgraded).symmetricDifference(try schema(fresh)), [], "the upgrade gives the schema a new store has")
        XCTAssertEqual(try Rollups.verify(upgraded), [])
        XCTAssertEqual(try upgraded.fetchAll("SELECT currency, gross FROM kpi_sales_day WHERE day = ? AND channel = 'web' ORDER BY 1",
                                             [Self.today]).map { "\($0.string(0)) \($0.int(1))" },
                       ["EUR 1250", "GBP 300", "ZAR 167800"])
        XCTAssertEqual(try FXConverter.reportingCurrency(upgraded), "CNY")
        XCTAssertEqual(try upgraded.scalar("SELECT value FROM settings WHERE key = 'fx.max_age_days'", as: String.self), "7")
    }

    /// A version-2 store whose orders are all in one currency keeps its rollup rows (repeat
    /// flags as they were counted), now keyed by that currency.
    func testSingleCurrencyVersion2StoreKeepsItsRollupRows() throws {
        let (fresh, _) = try makeStore()
        let (db, path) = try makeStore()
        for (i, ref) in ["A-1", "A-2", "A-3"].enumerated() {
            try db.execute("""
                INSERT INTO orders(channel, external_ref, status, fulfilment, placed_at, currency, total, units)
                VALUES ('app', ?, 'paid', 'ship', ?, 'CNY', ?, 1)
                """, [ref, Self.now - Int64(i) * 86_400, 1_000 * (i + 1)])
        }
        try downgradeToVersion2(db)
        try db.execute("UPDATE kpi_sales_day SET repeat_orders = 1 WHERE day = ?", [Self.today])
        let before = try db.fetchAll("SELECT day, channel, orders, repeat_orders, gross FROM kpi_sales_day ORDER BY 1")
            .map { $0.values.map { "\($0)" }.joined(separator: " ") }
        let upgraded = try upgradeMoneyStep(path)
        XCTAssertEqual(try schema(upgraded).symmetricDifference(try schema(fresh)), [])
        let after = try upgraded.fetchAll("SELECT day, channel, orders, repeat_orders, gross, currency FROM kpi_sales_day ORDER BY 1")
        XCTAssertEqual(after.map { $0.values.prefix(5).map { "\($0)" }.joined(separator: " ") }, before, "the rows as they were")
        XCTAssertEqual(Set(after.map { $0.string(5) }), ["CNY"])
        XCTAssertEqual(try upgraded.scalarInt("SELECT count(*) FROM kpi_sales_minute WHERE currency = 'CNY'"),
                       try upgraded.scalarInt("SELECT count(*) FROM kpi_sales_minute"))
        XCTAssertEqual(try Rollups.verify(upgraded), [])
    }
}
