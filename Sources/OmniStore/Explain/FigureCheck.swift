import Foundation

/// `omni doctor --figures`: every KPI figure recomputed from the raw rows with plain SQL written
/// apart from the rollups, counters and funnel queries, and compared with what the KPI view shows
/// (`KPIQueries.snapshot`, `Lifecycle.counts`). Ratios are compared as their two counts, so a
/// figure is equal only when numerator and denominator both are.
public enum FigureCheck {
    public struct Figure: Sendable, Equatable, Codable {
        public var name: String
        /// What the KPI view shows, and the recomputation from the rows.
        public var shown: String
        public var recomputed: String
        public var equal: Bool
    }

    public struct Report: Sendable, Equatable, Codable {
        public var now: Int64
        public var windowDays: Int
        public var figures: [Figure]
        /// Revenue of today recomputed per channel and currency (the comparison is per channel).
        public var revenueByCurrency: [ChannelCurrencyRevenue]
        public var allEqual: Bool { figures.allSatisfy(\.equal) }
        public var differences: Int { figures.filter { !$0.equal }.count }
    }

    public struct ChannelCurrencyRevenue: Sendable, Equatable, Codable {
        public var channel: String
        public var currency: String
        public var orders: Int
        public var netMinor: Int64
    }

    static let day: Int64 = 86_400

    public static func run(_ db: Database, now: Int64, windowDays: Int = 7, repeatWindowDays: Int = 30) throws -> Report {
        try db.read {
            let k = try KPIQueries.snapshot(db, now: now, windowDays: windowDays, repeatWindowDays: repeatWindowDays)
            let stages = try Lifecycle.counts(db)
            var figures: [Figure] = []
            func add(_ name: String, _ shown: Int64, _ recomputed: Int64) {
                figures.append(Figure(name: name, shown: String(shown), recomputed: String(recomputed), equal: shown == recomputed))
            }
            func add(_ name: String, _ shown: Ratio, _ num: Int, _ den: Int) {
                let again = Ratio(num, den)
                figures.append(Figure(name: name, shown: "\(shown.percent) (\(shown.numerator)/\(shown.denominator))",
                                      recomputed: "\(again.percent) (\(num)/\(den))",
                                      equal: shown.numerator == num && shown.denominator == den))
            }
            let today = now >= 0 ? now / day : (now - day + 1) / day
            let todayFrom = today * day, to = (today + 1) * day
            let windowFrom = (today - Int64(windowDays) + 1) * day
            let longFrom = (today - Int64(repeatWindowDays) + 1) * day

            // Revenue, orders and AOV today, per channel (grouped by currency too). Money figures
            // are in the reporting currency: each channel's amount per currency converted at the
            // day's rate (as the KPI view does), amounts without a rate compared as a list.
            var byCurrency: [ChannelCurrencyRevenue] = []
            var perChannel: [String: (orders: Int, counted: Int, net: Int64, unconverted: [Money])] = [:]
            var fx = try FXConverter(db)
            for r in try db.fetchAll("""
                SELECT channel, currency, count(*), sum(total) - sum(refunded) FROM orders
                WHERE placed_at >= ? AND placed_at < ? AND status IN ('pending','paid','fulfilled','delivered','returned')
                GROUP BY channel, currency ORDER BY channel, currency
                """, [todayFrom, to]) {
                let channel = r.string(0), amount = Money(minor: r.int64(3), currency: r.string(1))
                byCurrency.append(ChannelCurrencyRevenue(channel: channel, currency: amount.currency, orders: r.int(2), netMinor: amount.minor))
                perChannel[channel, default: (0, 0, 0, [])].orders += r.int(2)
                if let converted = try fx.convert(amount, day: today) {
                    perChannel[channel, default: (0, 0, 0, [])].net += converted.money.minor
                    perChannel[channel, default: (0, 0, 0, [])].counted += r.int(2)
                } else if amount.minor != 0 {
                    perChannel[channel, default: (0, 0, 0, [])].unconverted.append(amount)
                }
            }
            func text(_ amounts: [Money]) -> String { amounts.isEmpty ? "none" : Money.list(amounts) }
            for c in k.today {
                let again = perChannel[c.channel] ?? (0, 0, 0, [])
                add("revenue today, \(c.channel) (\(fx.reporting))", c.net.minor, again.net)
                add("orders today, \(c.channel)", Int64(c.orders), Int64(again.orders))
                add("AOV today, \(c.channel) (\(fx.reporting))", c.aov.minor, again.counted == 0 ? 0 : again.net / Int64(again.counted))
                let shown = text(c.unconverted), recomputed = text(again.unconverted)
                if shown != "none" || recomputed != "none" {
                    figures.append(Figure(name: "revenue today without a rate, \(c.channel)", shown: shown, recomputed: recomputed,
                                          equal: shown == recomputed))
                }
            }
            let allOrders = perChannel.values.reduce(0) { $0 + $1.orders }
            let allNet = perChannel.values.reduce(Int64(0)) { $0 + $1.net }
            add("orders today, all", Int64(k.todayTotal.orders), Int64(allOrders))
            add("revenue today, all (\(fx.reporting))", k.todayTotal.net.minor, allNet)

            // The funnel: one pass over the window's touchpoints per customer, then their orders.
            let f = try db.fetchOne("""
                SELECT coalesce(sum(r), 0), coalesce(sum(r * e), 0), coalesce(sum(r * e * ca), 0), coalesce(sum(r * e * ca * ch), 0),
                       coalesce(sum(r * e * ca * ch * (n_window > 0)), 0), coalesce(sum(r * e * ca * ch * (n_window > 0) * (n_all >= 2)), 0)
                FROM (SELECT p.customer_id,
                             max(p.kind = 'campaign_sent' OR p.kind = 'visit') AS r, max(p.kind = 'product_view') AS e,
                             max(p.kind = 'add_to_cart') AS ca, max(p.kind = 'checkout') AS ch,
                             (SELECT count(*) FROM orders o WHERE o.customer_id = p.customer_id AND o.status <> 'cancelled'
                                 AND o.placed_at >= ?1 AND o.placed_at < ?2) AS n_window,
                             (SELECT count(*) FROM orders o WHERE o.customer_id = p.customer_id AND o.status <> 'cancelled'
                                 AND o.placed_at < ?2) AS n_all
                      FROM touchpoints p WHERE p.at >= ?1 AND p.at < ?2 GROUP BY p.customer_id)
                """, [windowFrom, to])
            for (i, stage) in Funnel.stages.enumerated() {
                add("funnel \(stage)", Int64(k.funnel.count > i ? k.funnel[i].count : -1), f?.int64(i) ?? 0)
            }
            var funnelAbove100 = 0
            for s in k.funnel where (s.conversion ?? 0) > 1 { funnelAbove100 += 1 }
            add("funnel conversions above 100%", Int64(funnelAbove100), 0)

            // Repeat rate: live customers with 1+ (buyers) and 2+ (repeat) orders since the window's first day.
            let rp = try db.fetchOne("""
                SELECT coalesce(sum(n >= 1), 0), coalesce(sum(n >= 2), 0) FROM (
                    SELECT o.customer_id, count(*) AS n FROM orders o JOIN customers c ON c.id = o.customer_id
                    WHERE c.merged_into IS NULL AND o.status <> 'cancelled' AND o.placed_at >= ? GROUP BY o.customer_id)
                """, [longFrom])
            add("repeat rate", k.repeatPurchaseRate, rp?.int(1) ?? 0, rp?.int(0) ?? 0)

            // Delivery: orders delivered in the window.
            let dl = try db.fetchOne("""
                SELECT count(*), coalesce(sum(promised_by IS NULL OR delivered_at <= promised_by), 0), coalesce(sum(in_full <> 0), 0),
                       coalesce(sum((promised_by IS NULL OR delivered_at <= promised_by) AND in_full <> 0), 0)
                FROM orders WHERE delivered_at >= ? AND delivered_at < ? AND status <> 'cancelled'
                """, [windowFrom, to])
            let delivered = dl?.int(0) ?? 0
            add("on time (OT)", k.onTime, dl?.int(1) ?? 0, delivered)
            add("in full (IF)", k.inFull, dl?.int(2) ?? 0, delivered)
            add("OTIF", k.otif, dl?.int(3) ?? 0, delivered)

            // Returns: units returned ÷ units sold over the long window.
            let returned = try db.scalarInt("SELECT coalesce(sum(quantity), 0) FROM returns WHERE created_at >= ? AND created_at < ?", [longFrom, to])
            let sold = try db.scalarInt("""
                SELECT coalesce(sum(units), 0) FROM orders WHERE placed_at >= ? AND placed_at < ? AND status <> 'cancelled'
                """, [longFrom, to])
            add("return rate", k.returnRate, returned, sold)

            // Service.
            let fr = try db.fetchOne("""
                SELECT count(*), coalesce(sum(first_response_at <= first_response_due), 0) FROM tickets
                WHERE first_response_at >= ? AND first_response_at < ?
                """, [windowFrom, to])
            add("SLA first response", k.firstResponseSLA, fr?.int(1) ?? 0, fr?.int(0) ?? 0)
            let rs = try db.fetchOne("""
                SELECT count(*), coalesce(sum(resolved_at <= resolution_due), 0), coalesce(sum(agent_replies <= 1), 0),
                       count(csat), coalesce(sum(csat IN (4, 5)), 0)
                FROM tickets WHERE resolved_at >= ? AND resolved_at < ?
                """, [windowFrom, to])
            add("SLA resolution", k.resolutionSLA, rs?.int(1) ?? 0, rs?.int(0) ?? 0)
            add("first-contact resolution", k.firstContactResolution, rs?.int(2) ?? 0, rs?.int(0) ?? 0)
            add("CSAT", k.csat, rs?.int(4) ?? 0, rs?.int(3) ?? 0)
            add("open tickets", Int64(k.openTickets),
                Int64(try db.scalarInt("SELECT count(*) FROM tickets WHERE status = 'new' OR status = 'open' OR status = 'pending'")))
            add("breaching tickets", Int64(k.breachingTickets), Int64(try db.scalarInt("""
                SELECT count(*) FROM tickets WHERE status NOT IN ('solved','closed')
                    AND (CASE WHEN first_response_at IS NULL AND first_response_due < resolution_due THEN first_response_due
                              ELSE resolution_due END) < ?
                """, [now])))

            // Stock.
            let st = try db.fetchOne("""
                SELECT count(*), coalesce(sum(on_hand - reserved - safety_stock <= 0), 0),
                       coalesce(sum(on_hand - reserved - safety_stock <= reorder_point), 0) FROM stock
                """)
            add("stock-out rate", k.stockOutRate, st?.int(1) ?? 0, st?.int(0) ?? 0)
            add("low stock", Int64(k.lowStock), st?.int64(2) ?? 0)
            // Oversold: open demand per SKU and channel against the stock at the locations it sells from.
            var demand: [String: Int] = [:]
            for r in try db.fetchAll("""
                SELECT o.channel, l.sku_id, l.quantity - l.quantity_returned FROM order_lines l JOIN orders o ON o.id = l.order_id
                WHERE (o.status = 'pending' OR o.status = 'paid') AND l.sku_id IS NOT NULL
                """) { demand["\(r.string(0))|\(r.int64(1))", default: 0] += r.int(2) }
            var oversold = 0
            for (key, units) in demand {
                let parts = key.split(separator: "|")
                let channel = String(parts[0]), sku = Int64(parts[1]) ?? 0
                let buffer = try db.scalar("SELECT units FROM channel_buffers WHERE channel = ? AND sku_id = ?", [channel, sku], as: Int.self)
                    ?? db.scalar("SELECT units FROM channel_buffers WHERE channel = ? AND sku_id = 0", [channel], as: Int.self) ?? 0
                var sellable = 0
                for r in try db.fetchAll("""
                    SELECT s.on_hand, s.safety_stock, l.kind, l.can_ship, l.can_pickup FROM stock s JOIN locations l ON l.id = s.location_id
                    WHERE s.sku_id = ?
                    """, [sku]) {
                    let sells = channel == "store" ? r.string(2) == "store" : (r.bool(3) || r.bool(4))
                    if sells { sellable += max(0, r.int(0) - r.int(1) - buffer) }
                }
                if units > sellable { oversold += 1 }
            }
            add("oversold SKU-channels", Int64(k.oversold), Int64(oversold))

            // Customers and their lifecycle stages.
            add("customers", Int64(k.customers), Int64(try db.scalarInt("SELECT count(*) FROM customers WHERE merged_into IS NULL")))
            var stageRows: [String: Int] = [:]
            for r in try db.fetchAll("SELECT stage, count(*) FROM customers WHERE merged_into IS NULL GROUP BY stage") {
                stageRows[r.string(0)] = r.int(1)
            }
            for s in stages { add("stage \(s.stage.rawValue)", Int64(s.count), Int64(stageRows[s.stage.rawValue] ?? 0)) }

            return Report(now: now, windowDays: windowDays, figures: figures, revenueByCurrency: byCurrency)
        }
    }
}
