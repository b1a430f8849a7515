import Foundation

public struct ChannelSales: Equatable, Sendable, Codable {
    public var channel: String
    public var orders: Int
    /// Net revenue = gross − discounts − refunds (orders' totals are after discount), in the
    /// reporting currency: amounts in other currencies converted, those without a rate left out.
    public var net: Money
    /// Average order value = net ÷ the orders `net` counts (those without a rate left out).
    public var aov: Money
    /// Net amounts of orders in currencies with no rate, per currency (not in `net`).
    public var unconverted: [Money] = []
}

public struct FunnelStage: Equatable, Sendable, Codable {
    public var stage: String
    public var count: Int
    /// This stage ÷ the stage before it (nil for the first).
    public var conversion: Double?
}

public struct Ratio: Equatable, Sendable, Codable {
    public var numerator: Int
    public var denominator: Int
    public var value: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }
    public init(_ numerator: Int, _ denominator: Int) { self.numerator = numerator; self.denominator = denominator }

    /// `92.3%`, or `–` when there is nothing to divide by.
    public var percent: String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }
}

/// Every figure of the KPI pane, read from maintained rollups and counters (never a scan of
/// orders or of the ticket backlog), so it costs the same on 4M orders as on 4k.
public struct KPISnapshot: Equatable, Sendable, Codable {
    public var now: Int64
    public var today: [ChannelSales]
    public var todayTotal: ChannelSales
    /// Net revenue per day, oldest first, `trendDays` long (today last).
    public var revenueTrend: [Int64]
    public var ordersTrend: [Int]
    /// Orders in each of the last 60 minutes, oldest first.
    public var ordersPerMinute: [Int]
    /// Orders placed in the rolling last 60 seconds, (now − 60 s, now] (not cancelled).
    public var ordersLast60s: Int
    /// Distinct customers of one cohort (reached in the funnel window) at each stage; each
    /// stage a subset of the one before (see `Funnel`).
    public var funnel: [FunnelStage]
    /// Purchase ÷ reach (never above 100%).
    public var funnelOverall: Ratio
    /// Who the funnel follows, and the window [from, to) it looks at (UTC seconds).
    public var funnelCohort: String
    public var funnelFrom: Int64
    public var funnelTo: Int64
    /// When the funnel was counted: `now`, or up to `funnelMaxAge` seconds before it.
    public var funnelAsOf: Int64
    /// Purchases beside the funnel: customers who ordered in the window outside the purchase
    /// stage (store walk-ins, B2B, untracked journeys), and their orders plus anonymous ones.
    public var buyersOutsideFunnel: Int
    public var ordersOutsideFunnel: Int
    public var repeatPurchaseRate: Ratio
    public var onTime: Ratio
    public var inFull: Ratio
    public var otif: Ratio
    public var returnRate: Ratio
    public var openTickets: Int
    public var breachingTickets: Int
    public var firstResponseSLA: Ratio
    public var resolutionSLA: Ratio
    public var firstContactResolution: Ratio
    public var csat: Ratio
    public var stockOutRate: Ratio
    public var lowStock: Int
    /// SKU-channels whose open demand exceeds what the channel sells from (`Oversold`).
    public var oversold: Int
    public var customers: Int
    public var windowDays: Int
    public var trendDays: Int
    /// The currency every revenue figure is in (the `reporting.currency` setting).
    public var reportingCurrency: String = "CNY"
    /// Whether fx_rates holds any rate (none: revenue is given per currency, nothing converted).
    public var fxRatesLoaded = false
    /// The oldest rate date today's converted figures used (`YYYY-MM-DD`); nil when nothing
    /// needed converting.
    public var rateDate: String?
    /// Each rate today's figures were converted with.
    public var rates: [FXRateUsed] = []
    /// Today's net revenue per currency, as the orders carry it (before any conversion).
    public var todayByCurrency: [Money] = []
    /// Today's net in currencies without a rate: not in `todayTotal.net`, listed instead.
    public var unconverted: [Money] = []
    /// The trend's days' net in currencies without a rate (per currency, over the trend).
    public var trendUnconverted: [Money] = []
}

public enum KPIQueries {
    static let day: Int64 = 86_400

    /// The first UTC day of the repeat-purchase window: `days` days, today included.
    static func repeatStartDay(today: Int64, days: Int) -> Int64 { today - Int64(days) + 1 }

    /// Open tickets whose next SLA deadline has passed, `sla_due_at < now`, without counting
    /// the overdue backlog: its days before today come from kpi_ticket_due (one row per day
    /// that still holds an open ticket), and today's tickets due before `now` are counted on
    /// tickets_queue, a range over at most one day. Exact at any instant, boundaries included:
    /// a ticket due on an earlier day is due before `now`, one due on a later day is not.
    static func breachingTickets(_ db: Database, now: Int64) throws -> Int {
        let today = now / day   // cut towards zero, as SQLite's CAST cuts the rollup's days
        // Where today's day starts. Near 1970 that cut makes day 0 span (−1 day, +1 day), so
        // the range starts a day early there and the day test keeps it to day 0.
        let from = (today > 0 ? today : today - 1) * day
        return try db.scalarInt("""
            SELECT coalesce((SELECT sum(open) FROM kpi_ticket_due WHERE day < ?1), 0)
                 + (SELECT count(*) FROM tickets
                    WHERE sla_due_at >= ?2 AND sla_due_at < ?3 AND \(SchemaTriggers.dueDay("tickets")) = ?1)
            """, [today, from, now])
    }

    /// Net revenue of the orders `o` matching `condition`, in the reporting currency: summed per
    /// UTC day and currency, converted as the sales rollup's rows are, those without a rate left
    /// out. The rows behind a revenue figure, recomputed (`KPIExplain`).
    public static func convertedNet(_ db: Database, where condition: String, _ arguments: [DatabaseValueConvertible?],
                                    fx: inout FXConverter) throws -> Int64 {
        var total: Int64 = 0
        for r in try db.fetchAll("""
            SELECT o.placed_at / 86400, o.currency, coalesce(sum(o.total - o.refunded), 0) FROM orders o
            WHERE \(condition) GROUP BY 1, 2
            """, arguments) {
            if let converted = try fx.convert(Money(minor: r.int64(2), currency: r.string(1)), day: r.int64(0)) {
                total += converted.money.minor
            }
        }
        return total
    }

    /// Amounts added up per currency, zeros left out, in currency-code order.
    static func byCode(_ amounts: [Money]) -> [Money] {
        Money.totals(amounts).filter { $0.minor != 0 }.sorted { $0.currency < $1.currency }
    }

    struct Revenue {
        var channels: [ChannelSales] = []
        var total = ChannelSales(channel: "all", orders: 0, net: Money(minor: 0), aov: Money(minor: 0))
        var trend: [Int64] = []
        var ordersTrend: [Int] = []
        var byCurrency: [Money] = []
        var rates: [FXRateUsed] = []
        var trendUnconverted: [Money] = []
    }

    /// Today's sales by channel and the trend, from kpi_sales_day (one row per day, channel and
    /// currency), in the reporting currency: amounts in another currency are converted at their
    /// day's rate, and those without one are listed per currency instead of added.
    static func revenue(_ db: Database, today: Int64, trendDays: Int, fx: inout FXConverter) throws -> Revenue {
        var out = Revenue()
        let reporting = fx.reporting
        let zero = Money(minor: 0, currency: reporting)
        var rates: [String: FXRateUsed] = [:]
        var byCurrency: [Money] = []
        var totalCounted = 0
        var totalNet = zero, totalOrders = 0, totalUnconverted: [Money] = []
        var channelOrder: [String] = []
        var perChannel: [String: (orders: Int, counted: Int, net: Int64, unconverted: [Money])] = [:]
        for r in try db.fetchAll("""
            SELECT ch.code, k.currency, coalesce(k.orders, 0), coalesce(k.gross - k.refunded, 0)
            FROM channels ch LEFT JOIN kpi_sales_day k ON k.channel = ch.code AND k.day = ? ORDER BY ch.position, k.currency
            """, [today]) {
            let channel = r.string(0)
            if perChannel[channel] == nil { channelOrder.append(channel); perChannel[channel] = (0, 0, 0, []) }
            guard let currency = r.optionalString(1) else { continue }
            let orders = r.int(2), amount = Money(minor: r.int64(3), currency: currency)
            byCurrency.append(amount)
            perChannel[channel]!.orders += orders
            totalOrders += orders
            if let converted = try fx.convert(amount, day: today) {
                perChannel[channel]!.net += converted.money.minor
                perChannel[channel]!.counted += orders
                totalNet.minor += converted.money.minor
                totalCounted += orders
                if let rate = converted.rate { rates[rate.currency] = rate }
            } else {
                perChannel[channel]!.unconverted.append(amount)
                totalUnconverted.append(amount)
            }
        }
        func aov(_ net: Int64, _ orders: Int) -> Money { Money(minor: orders == 0 ? 0 : net / Int64(orders), currency: reporting) }
        for channel in channelOrder {
            let c = perChannel[channel]!
            out.channels.append(ChannelSales(channel: channel, orders: c.orders, net: Money(minor: c.net, currency: reporting),
                                             aov: aov(c.net, c.counted), unconverted: Self.byCode(c.unconverted)))
        }
        out.total = ChannelSales(channel: "all", orders: totalOrders, net: totalNet, aov: aov(totalNet.minor, totalCounted),
                                 unconverted: Self.byCode(totalUnconverted))
        out.byCurrency = Self.byCode(byCurrency)
        out.rates = rates.values.sorted { $0.currency < $1.currency }

        out.trend = Array(repeating: Int64(0), count: trendDays)
        out.ordersTrend = Array(repeating: 0, count: trendDays)
        var trendUnconverted: [Money] = []
        let trendStart = today - Int64(trendDays) + 1
        for r in try db.fetchAll("""
            SELECT day, currency, sum(gross - refunded), sum(orders) FROM kpi_sales_day WHERE day BETWEEN ? AND ? GROUP BY day, currency
            """, [trendStart, today]) {
            let day = r.int64(0), i = Int(day - trendStart)
            let amount = Money(minor: r.int64(2), currency: r.string(1))
            out.ordersTrend[i] += r.int(3)
            if let converted = try fx.convert(amount, day: day) {
                out.trend[i] += converted.money.minor
            } else {
                trendUnconverted.append(amount)
            }
        }
        out.trendUnconverted = Self.byCode(trendUnconverted)
        return out
    }

    /// `funnelMaxAge`: seconds a funnel counted earlier for the same window may be reused (the
    /// console's board passes 10; everything else counts it afresh).
    public static func snapshot(_ db: Database, now: Int64, windowDays: Int = 7, trendDays: Int = 14,
                                repeatWindowDays: Int = 30, funnelMaxAge: Int64 = 0) throws -> KPISnapshot {
        try db.read {
            let today = now / day
            let windowStart = today - Int64(windowDays) + 1
            var fx = try FXConverter(db)
            let revenue = try Self.revenue(db, today: today, trendDays: trendDays, fx: &fx)
            let sales = revenue.channels, total = revenue.total
            let revenueTrend = revenue.trend, ordersTrend = revenue.ordersTrend
            var perMinute = Array(repeating: 0, count: 60)
            let minuteNow = now / 60
            for r in try db.fetchAll("""
                SELECT minute, sum(orders) FROM kpi_sales_minute WHERE minute BETWEEN ? AND ? GROUP BY minute
                """, [minuteNow - 59, minuteNow]) {
                perMinute[Int(r.int64(0) - (minuteNow - 59))] = r.int(1)
            }

            let last60s = try db.scalarInt("""
                SELECT count(*) FROM orders WHERE placed_at > ? AND placed_at <= ? AND status <> 'cancelled'
                """, [now - 60, now])
            let funnelFrom = windowStart * day, funnelTo = (today + 1) * day
            let (funnelCounts, funnelAsOf) = try Funnel.counts(db, from: funnelFrom, to: funnelTo, now: now, maxAge: funnelMaxAge)
            var funnel: [FunnelStage] = []
            for (i, name) in Funnel.stages.enumerated() {
                let n = funnelCounts.stages[i]
                let previous = i == 0 ? nil : funnelCounts.stages[i - 1]
                funnel.append(FunnelStage(stage: name, count: n, conversion: previous.map { $0 == 0 ? 0 : Double(n) / Double($0) }))
            }

            // Buyers: live customers whose last order is on or after the window's first UTC day;
            // repeat customers: their second-to-last one is. No upper bound, so a repeat
            // customer is always a buyer (KPIExplain lists the same customers).
            let buyerDays = try db.fetchOne("""
                SELECT coalesce(sum(last_orders), 0), coalesce(sum(prev_orders), 0) FROM kpi_buyers_day WHERE day >= ?
                """, [repeatStartDay(today: today, days: repeatWindowDays)])
            let buyers = buyerDays?.int(0) ?? 0, repeaters = buyerDays?.int(1) ?? 0

            let delivery = try db.fetchOne("""
                SELECT coalesce(sum(delivered), 0), coalesce(sum(on_time), 0), coalesce(sum(in_full), 0), coalesce(sum(otif), 0)
                FROM kpi_delivery_day WHERE day BETWEEN ? AND ?
                """, [windowStart, today])
            let returnsStart = repeatStartDay(today: today, days: repeatWindowDays)
            let unitsReturned = try db.scalarInt("SELECT coalesce(sum(units), 0) FROM kpi_returns_day WHERE day BETWEEN ? AND ?",
                                                 [returnsStart, today])
            let unitsSold = try db.scalarInt("SELECT coalesce(sum(units), 0) FROM kpi_sales_day WHERE day BETWEEN ? AND ?",
                                             [returnsStart, today])
            let t = try db.fetchOne("""
                SELECT coalesce(sum(fr_met), 0), coalesce(sum(fr_applied), 0), coalesce(sum(res_met), 0), coalesce(sum(res_applied), 0),
                       coalesce(sum(fcr), 0), coalesce(sum(solved), 0), coalesce(sum(csat_good), 0), coalesce(sum(csat_all), 0)
                FROM kpi_ticket_day WHERE day BETWEEN ? AND ?
                """, [windowStart, today])
            var counters: [String: Int] = [:]
            for r in try db.fetchAll("SELECT name, value FROM counters") { counters[r.string(0)] = r.int(1) }
            let breaching = try breachingTickets(db, now: now)
            let oversold = try Oversold.count(db)

            return KPISnapshot(
                now: now, today: sales, todayTotal: total, revenueTrend: revenueTrend, ordersTrend: ordersTrend,
                ordersPerMinute: perMinute, ordersLast60s: last60s, funnel: funnel,
                funnelOverall: Ratio(funnelCounts.stages[4], funnelCounts.stages[0]),
                funnelCohort: Funnel.cohort(windowDays: windowDays), funnelFrom: funnelFrom, funnelTo: funnelTo, funnelAsOf: funnelAsOf,
                buyersOutsideFunnel: funnelCounts.outsideBuyers, ordersOutsideFunnel: funnelCounts.outsideOrders,
                repeatPurchaseRate: Ratio(repeaters, buyers),
                onTime: Ratio(delivery?.int(1) ?? 0, delivery?.int(0) ?? 0),
                inFull: Ratio(delivery?.int(2) ?? 0, delivery?.int(0) ?? 0),
                otif: Ratio(delivery?.int(3) ?? 0, delivery?.int(0) ?? 0),
                returnRate: Ratio(unitsReturned, unitsSold),
                openTickets: counters["open_tickets"] ?? 0, breachingTickets: breaching,
                firstResponseSLA: Ratio(t?.int(0) ?? 0, t?.int(1) ?? 0), resolutionSLA: Ratio(t?.int(2) ?? 0, t?.int(3) ?? 0),
                firstContactResolution: Ratio(t?.int(4) ?? 0, t?.int(5) ?? 0), csat: Ratio(t?.int(6) ?? 0, t?.int(7) ?? 0),
                stockOutRate: Ratio(counters["stock_out"] ?? 0, counters["stock_locations"] ?? 0),
                lowStock: counters["stock_low"] ?? 0, oversold: oversold, customers: counters["customers"] ?? 0,
                windowDays: windowDays, trendDays: trendDays, reportingCurrency: fx.reporting, fxRatesLoaded: fx.ratesLoaded,
                rateDate: revenue.rates.map(\.date).min(), rates: revenue.rates, todayByCurrency: revenue.byCurrency,
                unconverted: total.unconverted, trendUnconverted: revenue.trendUnconverted)
        }
    }
}
