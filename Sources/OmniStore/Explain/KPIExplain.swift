import Foundation

/// Every KPI figure opens the rows behind it. Each name has a definition, the window it uses
/// (the same windows as `KPIQueries.snapshot`), the figure as the pane computes it, and the base
/// rows selected with the same conditions as the rollups or counters behind the figure, so the
/// counts agree (`rowsFigure == figure` unless a rollup drifted — `omni doctor` then says so).
public enum KPIExplain {
    enum RowKind { case orders, tickets, stock, customers, touchpoints, returns }

    struct Definition {
        var name: String
        var title: String
        var definition: String
        var window: KPIWindow
        var unit: String
        var kind: RowKind
        /// Conditions on the base table (alias o, t, st, c, tp or r).
        var condition: String
        var arguments: [DatabaseValueConvertible?]
        var order: String
        /// What the figure is over the rows: count(*) or a sum.
        var aggregate: String = "count(*)"
        var figure: (KPISnapshot, [StageCount]) -> Int64
    }

    static let channelCodes = ReferenceData.channels.map(\.code)
    static let funnelStages = ["reach", "engage", "cart", "checkout", "purchase", "repeat"]

    /// Every name, for `omni kpi --json` and completion (kebab-case).
    public static var names: [String] { names(channels: channelCodes) }

    /// Every name with the store's own channels.
    public static func names(_ db: Database) throws -> [String] {
        names(channels: try db.fetchAll("SELECT code FROM channels ORDER BY position").map { $0.string(0) })
    }

    static func names(channels: [String]) -> [String] {
        ["delivered", "late-deliveries", "on-time", "in-full", "otif", "returns", "units-sold",
         "sla-breaches", "first-response-missed", "resolution-missed", "open-tickets",
         "stock-outs", "low-stock", "repeat-customers", "buyers", "customers"]
            + CustomerStage.allCases.map { "stage-" + $0.rawValue.replacingOccurrences(of: "_", with: "-") }
            + channels.map { "revenue-" + $0 } + channels.map { "orders-" + $0 }
            + funnelStages.map { "funnel-" + $0 }
    }

    static let day: Int64 = 86_400

    static func definition(_ name: String, now: Int64, windowDays: Int, repeatWindowDays: Int) -> Definition? {
        let today = now / day
        let windowFrom = (today - Int64(windowDays) + 1) * day, windowTo = (today + 1) * day
        let window = KPIWindow(label: "last \(windowDays) days (UTC days, today included)", from: windowFrom, to: windowTo)
        let repeatFrom = KPIQueries.repeatStartDay(today: today, days: repeatWindowDays) * day
        let returnsWindow = KPIWindow(label: "last \(repeatWindowDays) days (UTC days, today included)", from: repeatFrom, to: windowTo)
        // The day boundary of kpi_buyers_day, and no upper bound, as the figure has.
        let repeatWindow = KPIWindow(label: returnsWindow.label, from: repeatFrom, to: nil)
        let todayWindow = KPIWindow(label: "today (UTC day)", from: today * day, to: windowTo)
        let nowWindow = KPIWindow(label: "now", from: nil, to: nil)
        let delivered = "o.delivered_at >= ? AND o.delivered_at < ? AND o.status <> 'cancelled'"
        let onTime = "o.delivered_at <= coalesce(o.promised_by, o.delivered_at)"
        let live = "o.placed_at >= ? AND o.placed_at < ? AND o.status <> 'cancelled'"
        let hasPrior = """
            EXISTS(SELECT 1 FROM orders p WHERE p.customer_id = o.customer_id AND p.placed_at <= o.placed_at
                   AND p.status <> 'cancelled' AND (p.placed_at < o.placed_at OR p.id < o.id))
            """
        let available = "(st.on_hand - st.reserved - st.safety_stock)"
        func d(_ title: String, _ text: String, _ window: KPIWindow, _ unit: String, _ kind: RowKind, _ condition: String,
               _ args: [DatabaseValueConvertible?], _ order: String, aggregate: String = "count(*)",
               _ figure: @escaping (KPISnapshot, [StageCount]) -> Int64) -> Definition {
            Definition(name: name, title: title, definition: text, window: window, unit: unit, kind: kind, condition: condition,
                       arguments: args, order: order, aggregate: aggregate, figure: figure)
        }
        let deliveredOrder = "o.delivered_at DESC, o.id DESC", placedOrder = "o.placed_at DESC, o.id DESC"
        switch name {
        case "delivered":
            return d("Delivered orders", "Orders delivered in the window (not cancelled): the denominator of on time, in full and OTIF.",
                     window, "orders", .orders, delivered, [windowFrom, windowTo], deliveredOrder) { k, _ in Int64(k.onTime.denominator) }
        case "on-time":
            return d("Delivered on time", "Delivered orders delivered on or before their promise (no promise counts as on time). On-time rate = this ÷ delivered.",
                     window, "orders", .orders, "\(delivered) AND \(onTime)", [windowFrom, windowTo], deliveredOrder) { k, _ in Int64(k.onTime.numerator) }
        case "late-deliveries":
            return d("Late deliveries", "Delivered orders delivered after their promise: delivered − on time.",
                     window, "orders", .orders, "\(delivered) AND o.delivered_at > o.promised_by", [windowFrom, windowTo], deliveredOrder) { k, _ in
                Int64(k.onTime.denominator - k.onTime.numerator)
            }
        case "in-full":
            return d("Delivered in full", "Delivered orders delivered with every unit. In-full rate = this ÷ delivered.",
                     window, "orders", .orders, "\(delivered) AND o.in_full <> 0", [windowFrom, windowTo], deliveredOrder) { k, _ in Int64(k.inFull.numerator) }
        case "otif":
            return d("Delivered on time and in full", "Delivered orders both on time and in full. OTIF = this ÷ delivered.",
                     window, "orders", .orders, "\(delivered) AND \(onTime) AND o.in_full <> 0", [windowFrom, windowTo], deliveredOrder) { k, _ in
                Int64(k.otif.numerator)
            }
        case "returns":
            return d("Units returned", "Return lines created in the window, summed in units. Return rate = units returned ÷ units sold.",
                     returnsWindow, "units", .returns, "r.created_at >= ? AND r.created_at < ?",
                     [returnsWindow.from, returnsWindow.to], "r.created_at DESC, r.id DESC", aggregate: "coalesce(sum(r.quantity), 0)") { k, _ in
                Int64(k.returnRate.numerator)
            }
        case "units-sold":
            return d("Units sold", "Units of orders placed in the window (not cancelled): the denominator of the return rate.",
                     returnsWindow, "units", .orders, live, [returnsWindow.from, returnsWindow.to], placedOrder,
                     aggregate: "coalesce(sum(o.units), 0)") { k, _ in Int64(k.returnRate.denominator) }
        case "sla-breaches":
            return d("Tickets breaching their SLA", "Open tickets whose next SLA deadline (first response, else resolution; business hours) has passed.",
                     nowWindow, "tickets", .tickets, "t.sla_due_at < ?", [now], "t.sla_due_at, t.id") { k, _ in Int64(k.breachingTickets) }
        case "first-response-missed":
            return d("First responses after target", "Tickets first answered in the window after their first-response target. SLA attainment = met ÷ applied.",
                     window, "tickets", .tickets,
                     "t.first_response_at >= ? AND t.first_response_at < ? AND t.first_response_at > t.first_response_due",
                     [windowFrom, windowTo], "t.first_response_at DESC, t.id DESC") { k, _ in
                Int64(k.firstResponseSLA.denominator - k.firstResponseSLA.numerator)
            }
        case "resolution-missed":
            return d("Resolutions after target", "Tickets resolved in the window after their resolution target.",
                     window, "tickets", .tickets, "t.resolved_at >= ? AND t.resolved_at < ? AND t.resolved_at > t.resolution_due",
                     [windowFrom, windowTo], "t.resolved_at DESC, t.id DESC") { k, _ in
                Int64(k.resolutionSLA.denominator - k.resolutionSLA.numerator)
            }
        case "open-tickets":
            return d("Open tickets", "Tickets with status new, open or pending.", nowWindow, "tickets", .tickets,
                     "t.status IN ('new','open','pending')", [], "t.sla_due_at, t.id") { k, _ in Int64(k.openTickets) }
        case "stock-outs":
            return d("SKU-locations out of stock", "Stocked SKU-locations with available ≤ 0 (on hand − reserved − safety stock). Stock-out rate = this ÷ SKU-locations stocked.",
                     nowWindow, "SKU-locations", .stock, "\(available) <= 0", [], "\(available), st.id") { k, _ in Int64(k.stockOutRate.numerator) }
        case "low-stock":
            return d("SKU-locations low on stock", "SKU-locations whose available (on hand − reserved − safety stock) is at or below the reorder point (out of stock included).",
                     nowWindow, "SKU-locations", .stock, "\(available) <= st.reorder_point", [], "\(available), st.id") { k, _ in Int64(k.lowStock) }
        case "repeat-customers":
            return d("Repeat customers", "Customers with 2 or more orders in the window (their second-to-last order is in it). Repeat purchase rate = this ÷ buyers.",
                     repeatWindow, "customers", .customers, "c.prev_order_at >= ? AND c.merged_into IS NULL", [repeatFrom],
                     "c.prev_order_at DESC, c.id DESC") { k, _ in Int64(k.repeatPurchaseRate.numerator) }
        case "buyers":
            return d("Buyers", "Customers who ordered in the window (their last order is in it).",
                     repeatWindow, "customers", .customers, "c.last_order_at >= ? AND c.merged_into IS NULL", [repeatFrom],
                     "c.last_order_at DESC, c.id DESC") { k, _ in Int64(k.repeatPurchaseRate.denominator) }
        case "customers":
            return d("Customers", "Customer profiles, merged-away duplicates not counted.", nowWindow, "customers", .customers,
                     "c.merged_into IS NULL", [], "c.id DESC") { k, _ in Int64(k.customers) }
        default:
            break
        }
        if name.hasPrefix("stage-"), let stage = CustomerStage(name: String(name.dropFirst(6))) {
            return d("Customers in stage \(stage.rawValue)", stageDefinition(stage), nowWindow, "customers", .customers,
                     "c.stage = ? AND c.merged_into IS NULL", [stage.rawValue], "c.last_order_at DESC, c.id DESC") { _, counts in
                Int64(counts.first { $0.stage == stage }?.count ?? 0)
            }
        }
        if name.hasPrefix("revenue-") || name.hasPrefix("orders-") {
            let revenue = name.hasPrefix("revenue-")
            let channel = String(name.dropFirst(revenue ? 8 : 7))
            let figure: (KPISnapshot, [StageCount]) -> Int64 = { k, _ in
                let c = k.today.first { $0.channel == channel }
                return revenue ? (c?.net.minor ?? 0) : Int64(c?.orders ?? 0)
            }
            return d(revenue ? "Net revenue today, \(channel)" : "Orders today, \(channel)",
                     revenue ? "Net revenue = order totals after discounts − refunds, of \(channel) orders placed today (not cancelled), in the reporting currency: other currencies converted at their day's rate, those without a rate left out. AOV = net ÷ the orders it counts."
                             : "\(channel) orders placed today (not cancelled).",
                     todayWindow, revenue ? "minor currency units" : "orders", .orders,
                     "o.channel = ? AND \(live)", [channel, todayWindow.from, todayWindow.to], placedOrder,
                     aggregate: revenue ? "coalesce(sum(o.total - o.refunded), 0)" : "count(*)", figure)
        }
        if name.hasPrefix("funnel-"), let index = funnelStages.firstIndex(of: String(name.dropFirst(7))) {
            let figure: (KPISnapshot, [StageCount]) -> Int64 = { k, _ in Int64(k.funnel.count > index ? k.funnel[index].count : 0) }
            let touch = "tp.at >= ? AND tp.at < ?"
            let touchOrder = "tp.at DESC, tp.id DESC"
            switch funnelStages[index] {
            case "reach":
                return d("Funnel: reach", "Campaign messages sent and visits in the window (touchpoints campaign_sent, visit).",
                         window, "touchpoints", .touchpoints, "tp.kind IN ('campaign_sent','visit') AND \(touch)",
                         [windowFrom, windowTo], touchOrder, figure)
            case "engage":
                return d("Funnel: engage", "Product views in the window. Conversion = engage ÷ reach.",
                         window, "touchpoints", .touchpoints, "tp.kind = 'product_view' AND \(touch)", [windowFrom, windowTo], touchOrder, figure)
            case "cart":
                return d("Funnel: cart", "Add-to-cart events in the window. Conversion = cart ÷ engage.",
                         window, "touchpoints", .touchpoints, "tp.kind = 'add_to_cart' AND \(touch)", [windowFrom, windowTo], touchOrder, figure)
            case "checkout":
                return d("Funnel: checkout", "Checkouts started in the window. Conversion = checkout ÷ cart.",
                         window, "touchpoints", .touchpoints, "tp.kind = 'checkout' AND \(touch)", [windowFrom, windowTo], touchOrder, figure)
            case "purchase":
                return d("Funnel: purchase", "Orders placed in the window, every channel (not cancelled). Overall conversion = purchase ÷ reach.",
                         window, "orders", .orders, live, [windowFrom, windowTo], placedOrder, figure)
            default:
                return d("Funnel: repeat", "Orders placed in the window by a customer who had ordered before (not cancelled).",
                         window, "orders", .orders, "\(live) AND \(hasPrior)", [windowFrom, windowTo], placedOrder, figure)
            }
        }
        return nil
    }

    static func stageDefinition(_ stage: CustomerStage) -> String {
        switch stage {
        case .prospect: return "Customers with no order (cancelled orders do not count)."
        case .new: return "One order, placed within lifecycle.new_days (30)."
        case .active: return "Ordered, and none of the other stages holds."
        case .repeating: return "Two or more orders within lifecycle.repeat_days (365): the second-to-last order is that recent."
        case .atRisk: return "Last order lifecycle.at_risk_days (90) or more ago, or (3+ orders) longer ago than lifecycle.gap_factor (2) × their median gap and at least lifecycle.gap_min_days (30)."
        case .lapsed: return "Last order lifecycle.lapsed_days (180) or more ago."
        }
    }

    static func from(_ kind: RowKind) -> String {
        switch kind {
        case .orders: return "orders o"
        case .tickets: return "tickets t"
        case .stock: return "stock st"
        case .customers: return "customers c"
        case .touchpoints: return "touchpoints tp"
        case .returns: return "returns r"
        }
    }

    static func idColumn(_ kind: RowKind) -> String {
        switch kind {
        case .orders: return "o.id"
        case .tickets: return "t.id"
        case .stock: return "st.id"
        case .customers: return "c.id"
        case .touchpoints: return "tp.id"
        case .returns: return "r.id"
        }
    }

    /// A name's definition text and window without touching the store (for help).
    public static func describe(_ name: String, now: Int64, windowDays: Int = 7) -> (title: String, definition: String, window: KPIWindow)? {
        definition(name, now: now, windowDays: windowDays, repeatWindowDays: 30).map { ($0.title, $0.definition, $0.window) }
    }

    /// The figure, its definition and window, and up to `limit` rows behind it (nil for an unknown name).
    public static func explain(_ db: Database, name: String, now: Int64, limit: Int = 50, windowDays: Int = 7,
                               repeatWindowDays: Int = 30) throws -> KPIExplanation? {
        guard let def = definition(name, now: now, windowDays: windowDays, repeatWindowDays: repeatWindowDays) else { return nil }
        return try db.read {
            let snapshot = try KPIQueries.snapshot(db, now: now, windowDays: windowDays, repeatWindowDays: repeatWindowDays)
            let stages = name.hasPrefix("stage-") ? try Lifecycle.counts(db) : []
            let totals = try db.fetchOne("SELECT count(*), \(def.aggregate) FROM \(from(def.kind)) WHERE \(def.condition)", def.arguments)
            let rows = try fetchRows(db, def, limit: limit)
            let count = totals?.int(0) ?? 0
            var rowsFigure = totals?.int64(1) ?? 0, currency: String?
            if def.unit == "minor currency units" {
                // Money figures are in the reporting currency: the rows converted as the rollup is.
                var fx = try FXConverter(db)
                currency = fx.reporting
                rowsFigure = try KPIQueries.convertedNet(db, where: def.condition, def.arguments, fx: &fx)
            }
            return KPIExplanation(name: name, title: def.title, definition: def.definition, window: def.window, unit: def.unit,
                                  figure: def.figure(snapshot, stages), rowsFigure: rowsFigure, count: count,
                                  rows: rows, truncated: rows.count < count, currency: currency)
        }
    }

    /// Only the rows behind a figure (nil for an unknown name).
    public static func rows(_ db: Database, name: String, now: Int64, limit: Int = 50, windowDays: Int = 7) throws -> KPIExplainRows? {
        guard let def = definition(name, now: now, windowDays: windowDays, repeatWindowDays: 30) else { return nil }
        return try fetchRows(db, def, limit: limit)
    }

    static func fetchRows(_ db: Database, _ def: Definition, limit: Int) throws -> KPIExplainRows {
        // Sort and limit on the base table first, then join names (DESIGN.md: join after the limit).
        let ids = "SELECT \(idColumn(def.kind)) AS id FROM \(from(def.kind)) WHERE \(def.condition) ORDER BY \(def.order) LIMIT ?"
        let args = def.arguments + [max(0, limit)]
        switch def.kind {
        case .orders:
            return .orders(try db.fetchAll("""
                SELECT o.id, o.channel, o.external_ref, o.customer_id, c.name, o.status, o.fulfilment, o.placed_at, o.promised_by,
                       o.delivered_at, o.in_full, o.total - o.refunded, o.currency, o.units
                FROM (\(ids)) s JOIN orders o ON o.id = s.id LEFT JOIN customers c ON c.id = o.customer_id ORDER BY \(def.order)
                """, args).map { r in
                ExplainOrder(id: r.int64(0), channel: r.string(1), externalRef: r.string(2), customerID: r.optionalInt64(3),
                             customerName: r.optionalString(4), status: r.string(5), fulfilment: r.string(6), placedAt: r.int64(7),
                             promisedBy: r.optionalInt64(8), deliveredAt: r.optionalInt64(9), inFull: r.bool(10),
                             net: Money(minor: r.int64(11), currency: r.string(12)), units: r.int(13))
            })
        case .tickets:
            return .tickets(try db.fetchAll("""
                SELECT t.id, t.channel, t.subject, t.status, t.priority, t.customer_id, c.name, t.assignee, t.created_at, t.sla_due_at,
                       t.first_response_due, t.first_response_at, t.resolution_due, t.resolved_at
                FROM (\(ids)) s JOIN tickets t ON t.id = s.id LEFT JOIN customers c ON c.id = t.customer_id ORDER BY \(def.order)
                """, args).map { r in
                ExplainTicket(id: r.int64(0), channel: r.string(1), subject: r.string(2), status: r.string(3), priority: r.string(4),
                              customerID: r.optionalInt64(5), customerName: r.optionalString(6), assignee: r.optionalString(7),
                              createdAt: r.int64(8), slaDueAt: r.optionalInt64(9), firstResponseDue: r.int64(10),
                              firstResponseAt: r.optionalInt64(11), resolutionDue: r.int64(12), resolvedAt: r.optionalInt64(13))
            })
        case .stock:
            return .stock(try db.fetchAll("""
                SELECT st.id, st.sku_id, k.code, k.name, st.location_id, l.code, l.name, st.on_hand, st.reserved, st.safety_stock,
                       st.reorder_point
                FROM (\(ids)) s JOIN stock st ON st.id = s.id JOIN skus k ON k.id = st.sku_id JOIN locations l ON l.id = st.location_id
                ORDER BY \(def.order)
                """, args).map { r in
                ExplainStock(stockID: r.int64(0), skuID: r.int64(1), skuCode: r.string(2), skuName: r.string(3), locationID: r.int64(4),
                             locationCode: r.string(5), locationName: r.string(6), onHand: r.int(7), reserved: r.int(8),
                             safetyStock: r.int(9), reorderPoint: r.int(10), available: r.int(7) - r.int(8) - r.int(9))
            })
        case .customers:
            return .customers(try db.fetchAll("""
                SELECT c.id, c.name, c.stage, c.stage_changed_at, c.order_count, c.first_order_at, c.last_order_at, c.prev_order_at,
                       c.last_channel, c.lifetime_value, \(CustomerMoney.currencySQL("c.id"))
                FROM (\(ids)) s JOIN customers c ON c.id = s.id ORDER BY \(def.order)
                """, args).map { r in
                ExplainCustomer(id: r.int64(0), name: r.string(1), stage: r.string(2), stageChangedAt: r.optionalInt64(3),
                                orderCount: r.int(4), firstOrderAt: r.optionalInt64(5), lastOrderAt: r.optionalInt64(6),
                                prevOrderAt: r.optionalInt64(7), lastChannel: r.optionalString(8), lifetimeValue: CustomerMoney.lifetimeValue(minor: r.int64(9), currency: r.optionalString(10)))
            })
        case .touchpoints:
            return .touchpoints(try db.fetchAll("""
                SELECT tp.id, tp.customer_id, c.name, tp.channel, tp.kind, tp.detail, tp.at
                FROM (\(ids)) s JOIN touchpoints tp ON tp.id = s.id LEFT JOIN customers c ON c.id = tp.customer_id ORDER BY \(def.order)
                """, args).map { r in
                ExplainTouchpoint(id: r.int64(0), customerID: r.int64(1), customerName: r.optionalString(2), channel: r.string(3),
                                  kind: r.string(4), detail: r.string(5), at: r.int64(6))
            })
        case .returns:
            return .returns(try db.fetchAll("""
                SELECT r.id, r.order_id, o.channel, k.code, r.quantity, r.channel, r.status, r.reason, l.name, r.created_at
                FROM (\(ids)) s JOIN returns r ON r.id = s.id LEFT JOIN orders o ON o.id = r.order_id
                LEFT JOIN skus k ON k.id = r.sku_id LEFT JOIN locations l ON l.id = r.location_id ORDER BY \(def.order)
                """, args).map { r in
                ExplainReturn(id: r.int64(0), orderID: r.int64(1), orderChannel: r.optionalString(2), skuCode: r.optionalString(3),
                              quantity: r.int(4), channel: r.string(5), status: r.string(6), reason: r.string(7),
                              locationName: r.optionalString(8), createdAt: r.int64(9))
            })
        }
    }
}
