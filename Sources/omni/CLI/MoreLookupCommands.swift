import Foundation
import OmniStore
import OmniUI

extension LookupCommands {
    // MARK: stock

    static let stockSpec = CommandSpec(
        "stock", "Stock of a SKU at every location with what each channel may still promise, or the low-stock list.",
        positionals: "[SKU]", min: 0, max: 1,
        options: [CommonOptions.db,
                  OptionSpec(name: "--channel", value: "CODE", help: "only this channel's availability"),
                  OptionSpec(name: "--low", value: nil, help: "list low and out-of-stock SKU-locations with reorder suggestions"),
                  OptionSpec(name: "--location", value: "CODE", help: "with --low: one location"),
                  OptionSpec(name: "--unmapped", value: nil, help: "list channel SKU codes that map to no SKU"),
                  OptionSpec(name: "--oversold", value: nil, help: "list SKUs each channel has sold beyond the stock it sells from"),
                  OptionSpec(name: "--ledger", value: nil, help: "with SKU: the stock movements behind the numbers"),
                  CommonOptions.limit(100), CommonOptions.json, CommonOptions.help],
        details: """
        SKU is a SKU code (TEE-RED-M), a channel's SKU code, or words of the product name.
        Available to promise = max(0, on hand − reserved − safety stock − channel buffer).
        Oversold (--oversold): per SKU and channel, open demand (units on the channel's pending and paid
        orders, not yet shipped) beyond what it sells from (on hand − safety stock − its buffer at the
        locations it sells from, reserved units included as they are held for those orders).
        """)

    static func runStock(_ args: ParsedArguments) throws -> ExitCode {
        let spec = stockSpec
        let db = try Store.open(path: Environment.storePath(args))
        let limit = try args.int("--limit", default: 100, range: 1...100_000, spec: spec)
        if args.flag("--unmapped") {
            let rows = try StockQueries.unmappedChannelCodes(db, limit: limit)
            if args.flag("--json") { try Output.json(rows); return .ok }
            var table = TextTable([.init("channel"), .init("channel SKU code")])
            for r in rows { table.add([r.channel, r.code]) }
            Output.line(rows.isEmpty ? "every channel SKU code maps to a SKU" : table.render())
            return .ok
        }
        if args.flag("--oversold") {
            let rows = try Oversold.list(db, limit: limit)
            if args.flag("--json") { try Output.json(rows); return .ok }
            var table = TextTable([.init("channel"), .init("sku"), .init("item"), .init("open demand", right: true),
                                   .init("orders", right: true), .init("sells from", right: true), .init("ATP", right: true),
                                   .init("oversold", right: true)])
            for r in rows {
                table.add([r.channel, r.skuCode, Output.safe(r.skuName), String(r.openDemand), String(r.openOrders), String(r.sellable),
                           String(r.availableToPromise), "\(r.oversold) OVERSOLD"])
            }
            Output.line(rows.isEmpty ? "no channel is oversold" : table.render())
            return .ok
        }
        if args.flag("--low") {
            var locationID: Int64?
            if let code = args.value("--location") {
                guard let id = try db.scalar("SELECT id FROM locations WHERE code = ? OR name = ?", [code, code], as: Int64.self) else {
                    throw CommandFailure.notFound("no location \"\(Output.safe(code))\"")
                }
                locationID = id
            }
            let rows = try StockQueries.lowStock(db, limit: limit, locationID: locationID)
            if args.flag("--json") { try Output.json(rows); return .ok }
            var table = TextTable([.init("sku"), .init("item"), .init("location"), .init("on hand", right: true),
                                   .init("reserved", right: true), .init("safety", right: true), .init("available", right: true),
                                   .init("state"), .init("reorder", right: true)])
            for r in rows {
                table.add([r.skuCode, r.skuName, r.locationName, String(r.onHand), String(r.reserved), String(r.safetyStock),
                           String(max(0, r.available)), r.level == .out ? "OUT" : "low", String(r.suggestedOrder)])
            }
            Output.line(rows.isEmpty ? "nothing is low" : table.render())
            return .ok
        }
        guard let query = args.positionals.first else {
            throw UsageError(message: "`omni stock` needs a SKU, or --low, --oversold or --unmapped", usage: spec.usage)
        }
        let channel = try args.oneOf("--channel", channels, spec: spec)
        let found = try StockQueries.findSKUs(db, query, limit: 20)
        guard !found.isEmpty else { throw CommandFailure.notFound("no SKU matches \"\(Output.safe(query))\"") }
        if found.count > 1 && found[0].matchedBy != "code" && !found[0].matchedBy.hasPrefix("channel code") {
            if args.flag("--json") { try Output.json(["matches": found]); return .ok }
            var table = TextTable([.init("sku"), .init("item"), .init("colour"), .init("size"), .init("price", right: true)])
            for s in found { table.add([s.code, s.name, s.color, s.size, s.price.description]) }
            Output.line("\(found.count) SKUs match; show one with `omni stock CODE`")
            Output.line(table.render())
            return .ok
        }
        guard var stock = try StockQueries.stock(db, skuID: found[0].id) else { throw CommandFailure.notFound("SKU vanished") }
        stock.sku.matchedBy = found[0].matchedBy
        if let channel {
            stock.channelTotals = stock.channelTotals.filter { $0.channel == channel }
            for i in stock.locations.indices { stock.locations[i].byChannel = stock.locations[i].byChannel.filter { $0.channel == channel } }
        }
        let movements = args.flag("--ledger") ? try StockQueries.movements(db, skuID: stock.sku.id, limit: limit) : []
        if args.flag("--json") {
            struct Payload: Encodable { var stock: SKUStock; var movements: [MovementInfo]? }
            try Output.json(Payload(stock: stock, movements: args.flag("--ledger") ? movements : nil))
            return .ok
        }
        let s = stock.sku
        Output.line("\(s.code) · \(Output.safe(s.name)) · \(s.color) \(s.size) · \(s.price)  (matched by \(s.matchedBy))")
        Output.line("on hand \(stock.totalOnHand) · available to promise \(stock.totalAvailable) · "
                    + stock.channelTotals.map { "\($0.channel) \($0.available)" }.joined(separator: " · "))
        if !stock.channelCodes.isEmpty {
            Output.line("channel codes: " + stock.channelCodes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let channelsShown = stock.channelTotals.map(\.channel)
        var table = TextTable([.init("location"), .init("kind"), .init("on hand", right: true), .init("reserved", right: true),
                               .init("safety", right: true), .init("ATP", right: true), .init("state")]
                              + channelsShown.map { .init($0, right: true) })
        for l in stock.locations {
            table.add([l.locationName, l.locationKind, String(l.onHand), String(l.reserved), String(l.safetyStock),
                       String(l.availableToPromise), l.level == .ok ? "ok" : (l.level == .out ? "OUT" : "LOW")]
                      + l.byChannel.map { String($0.available) })
        }
        Output.line(table.render())
        if args.flag("--ledger") {
            Output.line()
            Output.line("Movements (newest first)")
            var ledger = TextTable([.init("at"), .init("location"), .init("delta", right: true), .init("reserved", right: true),
                                    .init("reason"), .init("ref"), .init("by")])
            for m in movements {
                ledger.add([TimeText.short(m.at), m.locationName, String(m.delta), m.reservedDelta == 0 ? "" : String(m.reservedDelta),
                            m.reason, m.ref, m.operatorLogin])
            }
            Output.line(movements.isEmpty ? "  none" : ledger.render())
        }
        return .ok
    }

    // MARK: tickets

    static let ticketsSpec = CommandSpec(
        "tickets", "The service queue, soonest SLA deadline first.",
        options: [CommonOptions.db,
                  OptionSpec(name: "--status", value: "STATUS", help: TicketQueries.statuses.joined(separator: ", ") + " (default: the open queue)"),
                  OptionSpec(name: "--channel", value: "CODE", help: "one channel"),
                  OptionSpec(name: "--priority", value: "P", help: TicketQueries.priorities.joined(separator: ", ")),
                  OptionSpec(name: "--assignee", value: "LOGIN", help: "one agent's tickets"),
                  OptionSpec(name: "--breaching", value: nil, help: "only tickets past an SLA deadline"),
                  CommonOptions.limit(50), CommonOptions.json, CommonOptions.help],
        details: "SLA deadlines are counted in the team's business hours (a Friday-evening ticket is not breached on Saturday).")

    static func runTickets(_ args: ParsedArguments) throws -> ExitCode {
        let spec = ticketsSpec
        var filter = TicketFilter()
        filter.status = try args.oneOf("--status", TicketQueries.statuses, spec: spec)
        filter.channel = try args.oneOf("--channel", channels, spec: spec)
        filter.priority = try args.oneOf("--priority", TicketQueries.priorities, spec: spec)
        filter.assignee = args.value("--assignee")
        filter.breachingOnly = args.flag("--breaching")
        let limit = try args.int("--limit", default: 50, range: 1...100_000, spec: spec)
        let db = try Store.open(path: Environment.storePath(args))
        let now = Environment.now()
        let tickets = try TicketQueries.page(db, filter: filter, after: nil, limit: limit, now: now)
        if args.flag("--json") { try Output.json(tickets); return .ok }
        var table = TextTable([.init("id", right: true), .init("SLA"), .init("priority"), .init("status"), .init("channel"),
                               .init("subject"), .init("customer"), .init("assignee")])
        table.maxColumnWidth = 36
        for t in tickets {
            table.add([String(t.id), t.slaDueAt.map { TimeText.slaClock(due: $0, now: now) } ?? "-", t.priority, t.status, t.channel,
                       t.subject, t.customerName ?? "-", t.assignee ?? "-"])
        }
        Output.line(tickets.isEmpty ? "no tickets match" : table.render())
        return .ok
    }

    // MARK: kpi

    static let kpiSpec = CommandSpec(
        "kpi", "Today's figures and the trend: revenue and orders by channel, AOV, funnel, repeat rate, delivery, returns, service, stock.",
        options: [CommonOptions.db, OptionSpec(name: "--days", value: "N", help: "window for rates (default 7)"),
                  OptionSpec(name: "--explain", value: "NAME", help: "the rows behind one figure (late-deliveries, stock-outs, ...; names in --json)"),
                  CommonOptions.limit(50), CommonOptions.json, CommonOptions.help],
        details: KPIText.definitions)

    static func runKPI(_ args: ParsedArguments) throws -> ExitCode {
        if let name = args.value("--explain") { return try StoreDayCommands.runKPIExplain(name: name, args: args) }
        let days = try args.int("--days", default: 7, range: 1...365, spec: kpiSpec)
        let db = try Store.open(path: Environment.storePath(args))
        let k = try KPIQueries.snapshot(db, now: Environment.now(), windowDays: days)
        if args.flag("--json") {
            // The snapshot's fields, plus the names `--explain` takes, in one flat object.
            struct Payload: Encodable {
                var snapshot: KPISnapshot
                var figures: [String]
                enum Keys: String, CodingKey { case figures }
                func encode(to encoder: Encoder) throws {
                    try snapshot.encode(to: encoder)
                    var container = encoder.container(keyedBy: Keys.self)
                    try container.encode(figures, forKey: .figures)
                }
            }
            try Output.json(Payload(snapshot: k, figures: try KPIExplain.names(db)))
            return .ok
        }
        Output.line("Today (\(TimeText.date(k.now))): \(k.todayTotal.orders) orders · net \(k.todayTotal.net) · AOV \(k.todayTotal.aov)")
        var table = TextTable([.init("channel"), .init("orders", right: true), .init("net revenue", right: true), .init("AOV", right: true)]
                              + (k.unconverted.isEmpty ? [] : [.init("not converted (no rate)")]))
        for c in k.today {
            table.add([c.channel, String(c.orders), c.net.description, c.aov.description]
                      + (k.unconverted.isEmpty ? [] : [c.unconverted.isEmpty ? "-" : Money.list(c.unconverted)]))
        }
        Output.line(table.render())
        for line in MoneyCommands.kpiCurrencyLines(k) { Output.line(line) }
        Output.line("net revenue, last \(k.trendDays) days: \(Sparkline(k.revenueTrend.map(Double.init), minimum: 0).text())  orders/min (60 min): \(Sparkline(k.ordersPerMinute.map(Double.init), minimum: 0).text())")
        Output.line()
        Output.line("Funnel (last \(k.windowDays) days): \(k.funnelCohort)")
        for s in k.funnel {
            Output.line("  \(s.stage.padding(toLength: 9, withPad: " ", startingAt: 0)) \(String(s.count).leftPadded(9))"
                        + (s.conversion.map { String(format: "   %5.1f%% of previous", $0 * 100) } ?? ""))
        }
        Output.line("  purchase ÷ reach \(k.funnelOverall.percent)")
        Output.line("  beside the funnel: \(k.buyersOutsideFunnel) buyers, \(k.ordersOutsideFunnel) orders outside tracked journeys (store walk-ins, B2B, untracked)")
        Output.line()
        Output.line("repeat purchase rate (30 d)  \(k.repeatPurchaseRate.percent)  (\(k.repeatPurchaseRate.numerator) of \(k.repeatPurchaseRate.denominator) buyers)")
        Output.line("on time \(k.onTime.percent) · in full \(k.inFull.percent) · OTIF \(k.otif.percent)  (\(k.onTime.denominator) delivered, last \(k.windowDays) d)")
        Output.line("return rate (30 d)  \(k.returnRate.percent)  (\(k.returnRate.numerator) of \(k.returnRate.denominator) units)")
        Output.line("open tickets \(k.openTickets) · breaching now \(k.breachingTickets)")
        Output.line("SLA first response \(k.firstResponseSLA.percent) · resolution \(k.resolutionSLA.percent) · first-contact resolution \(k.firstContactResolution.percent) · CSAT \(k.csat.percent)")
        Output.line("stock-out rate \(k.stockOutRate.percent) (\(k.stockOutRate.numerator) of \(k.stockOutRate.denominator) SKU-locations) · low stock \(k.lowStock)")
        Output.line("oversold \(k.oversold) SKU-channels (`omni stock --oversold`)")
        Output.line("customers \(k.customers)")
        Output.line("\nEvery figure opens its rows: `omni kpi --explain NAME` (names: `omni kpi --json`, field figures).")
        return .ok
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
