import Foundation
import OmniStore
import OmniUI

/// The read commands: what an agent, a merchandiser or a supervisor asks from a shell.
enum LookupCommands {
    static let channels = ["web", "app", "wechat", "marketplace", "store", "callcentre", "b2b"]
    static let orderStatuses = ["pending", "paid", "fulfilled", "delivered", "cancelled", "returned"]
    static let fulfilments = ["ship", "pickup", "ship_from_store", "in_store"]

    // MARK: customer

    static let customerSpec = CommandSpec(
        "customer", "Find a customer and show the 360: identities with join reasons, orders across channels, open tickets, journey, cart, next visit.",
        positionals: "QUERY", min: 1, max: 1,
        options: [CommonOptions.db, OptionSpec(name: "--reveal", value: nil, help: "show personal data unmasked (written to the audit log)"),
                  CommonOptions.json, CommonOptions.help],
        details: """
        QUERY is a phone (13812345678, +86 138 1234 5678), an email, a WeChat openid, a loyalty card, a marketplace
        or web account id, a customer id (1380 or #1380), or part of a name (王, 王芳, "wang", "Emma").
        One match shows the 360; several show a list to pick an id from. Exit 1 when nothing matches.
        """)

    static func runCustomer(_ args: ParsedArguments) throws -> ExitCode {
        let db = try Store.open(path: Environment.storePath(args))
        let query = args.positionals[0]
        let hits = try CustomerQueries.search(db, query, limit: 50)
        guard !hits.isEmpty else { throw CommandFailure.notFound("no customer matches \"\(Output.safe(query))\"") }
        let exact = hits.filter { $0.matchedBy != "name" }
        guard hits.count == 1 || exact.count == 1 else {
            if args.flag("--json") { try Output.json(["matches": hits]); return .ok }
            var table = TextTable([.init("id", right: true), .init("name"), .init("tier"), .init("city"), .init("orders", right: true),
                                   .init("lifetime", right: true), .init("last order"), .init("by")])
            for h in hits {
                table.add([String(h.id), h.name, h.tier, h.city, String(h.orderCount), h.lifetimeValue.description,
                           Output.time(h.lastOrderAt), h.matchedBy])
            }
            Output.line("\(hits.count) customers match \"\(Output.safe(query))\"\(hits.count == 50 ? " (first 50)" : ""); show one with `omni customer ID`")
            Output.line(table.render())
            return .ok
        }
        let id = exact.count == 1 ? exact[0].id : hits[0].id
        let now = Environment.now()
        guard var view = try CustomerQueries.threeSixty(db, id: id, now: now) else {
            throw CommandFailure.notFound("customer \(id) not found")
        }
        if args.flag("--reveal") {
            view.identities = try Privacy.revealIdentities(db, customerID: view.profile.id, operator: Environment.operatorLogin,
                                                           now: now, via: "omni customer\(args.flag("--json") ? " --json" : "")")
        }
        if args.flag("--json") { try Output.json(view); return .ok }
        printCustomer(view, now: now, revealed: args.flag("--reveal"))
        return .ok
    }

    static func printCustomer(_ c: Customer360, now: Int64, revealed: Bool) {
        let p = c.profile
        var title = "#\(p.id) \(Output.safe(p.name))  \(p.kind == "business" ? "B2B account" : "person") · \(p.tier) · \(p.stage)"
        if let from = p.resolvedFrom { title += "  (customer \(from) was merged into this one)" }
        Output.line(title)
        let lifetime = p.lifetimeValues.count > 1 ? Money.list(p.lifetimeValues) : p.lifetimeValue.description
        Output.line("customer since \(TimeText.date(p.createdAt)) · \(p.orderCount) orders · lifetime \(lifetime)"
                    + " · last order \(p.lastOrderAt.map { TimeText.relative($0, now: now) } ?? "never") via \(p.lastChannel ?? "-")")
        let consent = ["email", "sms", "phone", "wechat"].map { "\($0) \(p.consent[$0] == true ? "✓" : "✗")" }.joined(separator: "  ")
        Output.line("consent: \(consent)\(p.homeStore.map { " · home store \(Output.safe($0))" } ?? "")"
                    + "\(p.accountName.map { " · contact of \(Output.safe($0)) (#\(p.accountID ?? 0))" } ?? "")")
        Output.line()
        Output.line("Identities\(revealed ? " (revealed; audited)" : " (masked; --reveal shows them, audited)")")
        var ids = TextTable([.init("kind"), .init("value"), .init("channel"), .init("first seen"), .init("why it belongs here")])
        ids.maxColumnWidth = 70
        for i in c.identities {
            ids.add([i.kind, revealed ? i.value : i.masked, i.channel, TimeText.date(i.firstSeenAt),
                     "\(i.linkRule): \(i.linkEvidence)"])
        }
        Output.line(ids.render())
        if !c.merges.isEmpty {
            Output.line()
            Output.line("Merges")
            for m in c.merges {
                Output.line("  merge \(m.id) [\(m.status)] #\(m.mergedID) → #\(m.survivorID) (\(Output.safe(m.otherName))): \(m.rule) — \(Output.safe(m.evidence))")
            }
        }
        Output.line()
        Output.line("Orders (newest first)")
        var orders = TextTable([.init("id", right: true), .init("placed"), .init("channel"), .init("ref"), .init("status"),
                                .init("fulfilment"), .init("total", right: true), .init("promise")])
        for o in c.orders.prefix(20) {
            orders.add([String(o.id), TimeText.short(o.placedAt), o.channel, o.externalRef, o.status, o.fulfilment,
                        o.total.description, promiseText(o)])
        }
        Output.line(c.orders.isEmpty ? "  none" : orders.render())
        Output.line()
        Output.line("Open tickets")
        if c.openTickets.isEmpty { Output.line("  none") }
        for t in c.openTickets {
            Output.line("  #\(t.id) [\(t.priority)] \(Output.safe(t.subject)) · \(t.channel) · \(t.status) · "
                        + (t.slaDueAt.map { TimeText.slaClock(due: $0, now: now) } ?? "no SLA"))
        }
        Output.line()
        Output.line("Journey (latest first)")
        if c.journey.isEmpty { Output.line("  none") }
        for j in c.journey.prefix(15) {
            Output.line("  \(TimeText.short(j.at))  \(j.channel.padding(toLength: 11, withPad: " ", startingAt: 0)) \(j.kind)"
                        + (j.detail.isEmpty ? "" : " · \(Output.safe(j.detail))")
                        + (j.experienceBreak.map { "  ⚠ BREAK: \($0)" } ?? ""))
        }
        if let cart = c.cart {
            Output.line()
            Output.line("Cart (\(cart.channel), \(cart.status), updated \(TimeText.relative(cart.updatedAt, now: now)))")
            for item in cart.items {
                let stock = item.availableAtStore.map { $0 >= item.quantity ? "in stock at store (\($0))" : "NOT ENOUGH at store (\($0))" } ?? ""
                Output.line("  \(item.quantity) × \(item.skuCode) \(Output.safe(item.name)) \(item.color) \(item.size)  \(stock)")
            }
        }
        if let a = c.nextAppointment {
            Output.line()
            Output.line("Next store visit: \(TimeText.dateTime(a.startsAt)) at \(Output.safe(a.locationName)) — \(Output.safe(a.purpose)) [\(a.status)]")
        }
        if p.kind == "business" {
            Output.line()
            Output.line("Contacts: " + (c.contacts.isEmpty ? "none" : c.contacts.map { "#\($0.id) \(Output.safe($0.name))" }.joined(separator: ", ")))
            Output.line("Assets")
            for a in c.assets {
                let due = a.nextMaintenanceAt.map { $0 < now ? "maintenance OVERDUE since \(TimeText.date($0))" : "maintenance \(TimeText.date($0))" } ?? "no maintenance planned"
                Output.line("  \(a.serial)  \(Output.safe(a.product))  \(Output.safe(a.site))  \(due)")
            }
            Output.line("Unpaid invoices")
            if c.unpaidInvoices.isEmpty { Output.line("  none") }
            for i in c.unpaidInvoices {
                Output.line("  \(i.number)  \(i.amount)  due \(TimeText.date(i.dueAt))\(i.dueAt < now ? "  PAST DUE" : "")")
            }
        }
    }

    static func promiseText(_ o: OrderSummary) -> String {
        guard let promised = o.promisedBy else { return "-" }
        if let delivered = o.deliveredAt { return delivered > promised ? "LATE \(TimeText.span(delivered - promised))" : "kept" }
        return o.late ? "LATE (open)" : "by \(TimeText.short(promised))"
    }

    // MARK: orders

    static let ordersSpec = CommandSpec(
        "orders", "List orders from every channel, newest first.",
        options: [CommonOptions.db,
                  OptionSpec(name: "--channel", value: "CODE", help: "web, app, wechat, marketplace, store, callcentre or b2b"),
                  OptionSpec(name: "--status", value: "STATUS", help: orderStatuses.joined(separator: ", ")),
                  OptionSpec(name: "--fulfilment", value: "TYPE", help: fulfilments.joined(separator: ", ")),
                  OptionSpec(name: "--customer", value: "ID", help: "one customer's orders"),
                  OptionSpec(name: "--late", value: nil, help: "only late ones (delivered after the promise, or past it undelivered)"),
                  OptionSpec(name: "--search", value: "TEXT", help: "an order id or external reference prefix"),
                  CommonOptions.limit(50), CommonOptions.json, CommonOptions.help])

    static func runOrders(_ args: ParsedArguments) throws -> ExitCode {
        let spec = ordersSpec
        var filter = OrderFilter()
        filter.channel = try args.oneOf("--channel", channels, spec: spec)
        filter.status = try args.oneOf("--status", orderStatuses, spec: spec)
        filter.fulfilment = try args.oneOf("--fulfilment", fulfilments, spec: spec)
        if let c = args.value("--customer") {
            guard let id = Int64(c.hasPrefix("#") ? String(c.dropFirst()) : c) else {
                throw UsageError(message: "--customer takes a customer id, not \"\(c)\"", usage: spec.usage)
            }
            filter.customerID = id
        }
        filter.lateOnly = args.flag("--late")
        filter.text = args.value("--search")
        let limit = try args.int("--limit", default: 50, range: 1...100_000, spec: spec)
        let db = try Store.open(path: Environment.storePath(args))
        let now = Environment.now()
        let orders = try OrderQueries.page(db, filter: filter, after: nil, limit: limit, now: now)
        if args.flag("--json") { try Output.json(orders); return .ok }
        var table = TextTable([.init("id", right: true), .init("placed"), .init("channel"), .init("ref"), .init("customer"),
                               .init("status"), .init("fulfilment"), .init("total", right: true), .init("promise")])
        table.maxColumnWidth = 24
        for o in orders {
            table.add([String(o.id), TimeText.short(o.placedAt), o.channel, o.externalRef, o.customerName ?? "-", o.status,
                       o.fulfilment, o.total.description, promiseText(o)])
        }
        Output.line(orders.isEmpty ? "no orders match" : table.render())
        return .ok
    }

    // MARK: order

    static let orderSpec = CommandSpec(
        "order", "Show one order: lines, fulfilment route, shipments with promise vs actual, returns, tickets, the customer.",
        positionals: "ID", min: 1, max: 1, options: [CommonOptions.db, CommonOptions.json, CommonOptions.help],
        details: "ID is omni's order id (10023 or #10023) or the channel's external reference (W10023, #1001).")

    static func runOrder(_ args: ParsedArguments) throws -> ExitCode {
        let db = try Store.open(path: Environment.storePath(args))
        let now = Environment.now()
        let text = args.positionals[0]
        var detail: OrderDetail?
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        if let id = Int64(digits) { detail = try OrderQueries.detail(db, id: id, now: now) }
        if detail == nil, let hit = try OrderQueries.page(db, filter: OrderFilter(text: text), after: nil, limit: 1, now: now).first,
           hit.externalRef == text || "#" + hit.externalRef == text || hit.externalRef == digits {
            detail = try OrderQueries.detail(db, id: hit.id, now: now)
        }
        guard let d = detail else { throw CommandFailure.notFound("no order \"\(Output.safe(text))\"") }
        if args.flag("--json") { try Output.json(d); return .ok }
        let o = d.order
        Output.line("Order #\(o.id) · \(o.channel) \(o.externalRef) · \(o.status) · placed \(TimeText.dateTime(o.placedAt))")
        Output.line("Customer: \(o.customerName.map(Output.safe) ?? "guest")\(o.customerID.map { " (#\($0))" } ?? "")")
        Output.line("Fulfilment: \(o.fulfilment)\(o.locationName.map { " from \(Output.safe($0))" } ?? "")"
                    + " · promised \(Output.time(o.promisedBy)) · delivered \(Output.time(o.deliveredAt)) · \(promiseText(o))"
                    + (d.inFull ? "" : " · NOT IN FULL"))
        Output.line()
        let currency = d.subtotal.currency
        let lineNotes = d.lines.indices.map { d.extras?.lineText($0, currency: currency) }
        var lines = TextTable([.init("sku"), .init("item"), .init("qty", right: true), .init("price", right: true), .init("returned", right: true)]
                              + (lineNotes.contains { $0 != nil } ? [.init("channel says")] : []))
        for (i, l) in d.lines.enumerated() {
            lines.add([l.skuCode, Output.safe(l.name), String(l.quantity), l.unitPrice.description, l.quantityReturned == 0 ? "" : String(l.quantityReturned)]
                      + (lineNotes.contains { $0 != nil } ? [Output.safe(lineNotes[i] ?? "")] : []))
        }
        Output.line(lines.render())
        Output.line("subtotal \(d.subtotal) · discount \(d.discount) · shipping \(d.shipping) · tax \(d.tax) · total \(o.total)"
                    + (d.refunded.minor > 0 ? " · refunded \(d.refunded)" : ""))
        if let extras = d.extras, !extras.isEmpty {
            Output.line()
            Output.line("From the channel's export")
            for (label, text) in extras.describedLines(currency: currency) { Output.line("  \(label): \(Output.safe(text))") }
        }
        if !d.shipments.isEmpty {
            Output.line()
            Output.line("Shipments")
            for s in d.shipments {
                Output.line("  \(s.carrier) \(s.tracking) from \(s.fromLocation.map(Output.safe) ?? "-") · shipped \(Output.time(s.shippedAt)) · delivered \(Output.time(s.deliveredAt))")
            }
        }
        if !d.returns.isEmpty {
            Output.line()
            Output.line("Returns")
            for r in d.returns {
                Output.line("  \(r.quantity) × \(r.skuCode ?? "-") via \(r.channel)\(r.location.map { " at \(Output.safe($0))" } ?? "") · \(r.status) · \(Output.safe(r.reason)) · refund \(r.refund)")
            }
        }
        if !d.tickets.isEmpty {
            Output.line()
            Output.line("Tickets")
            for t in d.tickets { Output.line("  #\(t.id) [\(t.priority)] \(Output.safe(t.subject)) · \(t.status)") }
        }
        return .ok
    }
}
