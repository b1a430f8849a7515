import Foundation
import OmniStore
import OmniUI

/// `omni store` (the store's day), `omni customers --stage` (the lifecycle lists) and
/// `omni kpi --explain NAME` (the rows behind a figure).
enum StoreDayCommands {
    // MARK: store

    static let storeSpec = CommandSpec(
        "store", "A store's day: appointments with their carts checked against stock here, pickups waiting, returns expected, customers to keep in touch with, the day's figures.",
        positionals: "[NAME|ID]", min: 0, max: 1,
        options: [CommonOptions.db,
                  OptionSpec(name: "--date", value: "YYYY-MM-DD", help: "the store's local date (default today)"),
                  OptionSpec(name: "--prepare", value: "APPOINTMENT", help: "reserve this appointment's cart here and mark it prepared (audited)"),
                  OptionSpec(name: "--unprepare", value: "APPOINTMENT", help: "release what --prepare reserved and return it to booked (audited)"),
                  CommonOptions.limit(100), CommonOptions.json, CommonOptions.help],
        details: """
        NAME|ID is a location id, code (SH-NJR) or (part of) its name or city; without it, the stores are listed.
        Available here = max(0, on hand − reserved − safety stock) now; a short item names the nearest other
        store or warehouse holding enough. Preparing refuses, writing nothing, when an item is short.
        Times are the store's local time (setting store.utc_offset_minutes, default +08:00).
        """)

    static func zone(_ offsetMinutes: Int) -> TimeZone { TimeZone(secondsFromGMT: offsetMinutes * 60) ?? .current }

    static func offsetText(_ minutes: Int) -> String {
        let sign = minutes < 0 ? "-" : "+"
        let m = abs(minutes)
        return "UTC\(sign)\(m / 60 < 10 ? "0" : "")\(m / 60):\(m % 60 < 10 ? "0" : "")\(m % 60)"
    }

    static func resolveStore(_ db: Database, _ query: String) throws -> StoreLocation {
        let found = try StoreDay.lookup(db, query)
        guard !found.isEmpty else { throw CommandFailure.notFound("no store or location matches \"\(Output.safe(query))\"") }
        guard found.count == 1 else {
            let list = found.map { "\($0.code) (\(Output.safe($0.name)))" }.joined(separator: ", ")
            throw CommandFailure(code: .usage, message: "\"\(Output.safe(query))\" matches \(found.count) locations: \(list); name one by code")
        }
        return found[0]
    }

    static func appointmentID(_ args: ParsedArguments, _ name: String) throws -> Int64? {
        guard let text = args.value(name) else { return nil }
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard let id = Int64(digits), id > 0 else {
            throw UsageError(message: "\(name) takes an appointment id, not \"\(text)\"", usage: storeSpec.usage)
        }
        return id
    }

    static func runStore(_ args: ParsedArguments) throws -> ExitCode {
        let spec = storeSpec
        let limit = try args.int("--limit", default: 100, range: 1...100_000, spec: spec)
        let db = try Store.open(path: Environment.storePath(args))
        let now = Environment.now()
        if let id = try appointmentID(args, "--prepare") ?? appointmentID(args, "--unprepare") {
            let preparing = args.value("--prepare") != nil
            if preparing && args.value("--unprepare") != nil {
                throw UsageError(message: "--prepare and --unprepare do not go together", usage: spec.usage)
            }
            do {
                let lines = preparing
                    ? try StoreDay.prepare(db, appointmentID: id, operator: Environment.operatorLogin, now: now)
                    : try StoreDay.unprepare(db, appointmentID: id, operator: Environment.operatorLogin, now: now)
                if args.flag("--json") {
                    struct Done: Encodable { var appointment: Int64; var action: String; var lines: [PreparedLine] }
                    try Output.json(Done(appointment: id, action: preparing ? "prepared" : "unprepared", lines: lines))
                } else {
                    let what = lines.map { "\($0.skuCode) ×\($0.quantity)" }.joined(separator: ", ")
                    Output.line(preparing ? "appointment \(id) prepared; reserved \(what.isEmpty ? "nothing (no cart)" : what)"
                                          : "appointment \(id) back to booked; released \(what.isEmpty ? "nothing" : what)")
                }
                return .ok
            } catch let error as StoreDayError {
                if case .appointmentNotFound = error { throw CommandFailure.notFound(error.description) }
                throw CommandFailure(code: .notFound, message: error.description)
            }
        }
        guard let query = args.positionals.first else {
            let stores = try StoreDay.stores(db)
            if args.flag("--json") { try Output.json(stores); return .ok }
            var table = TextTable([.init("id", right: true), .init("code"), .init("name"), .init("city"), .init("pickup"), .init("ships")])
            for s in stores { table.add([String(s.id), s.code, s.name, s.city, s.canPickup ? "yes" : "no", s.canShip ? "yes" : "no"]) }
            Output.line(stores.isEmpty ? "no stores" : table.render())
            Output.line("show one with `omni store CODE`")
            return .ok
        }
        let store = try resolveStore(db, query)
        let offset = try StoreDay.utcOffsetMinutes(db)
        var day = LocalDay(containing: now, utcOffsetMinutes: offset)
        if let text = args.value("--date") {
            guard let parsed = LocalDay(text) else {
                throw UsageError(message: "--date takes a date as YYYY-MM-DD, not \"\(text)\"", usage: spec.usage)
            }
            day = parsed
        }
        let view = try StoreDay.load(db, locationID: store.id, day: day, now: now, utcOffsetMinutes: offset, listLimit: limit)
        if args.flag("--json") { try Output.json(view); return .ok }
        printDay(view)
        return .ok
    }

    static func printDay(_ v: StoreDayView) {
        let z = zone(v.utcOffsetMinutes)
        let f = v.figures
        Output.line("\(Output.safe(v.store.code)) · \(Output.safe(v.store.name)) · \(Output.safe(v.store.city)) · \(v.day) (\(offsetText(v.utcOffsetMinutes)))")
        Output.line("\(f.orders) orders · net \(f.net) · \(f.appointments) appointments (\(f.appointmentsKept) kept, \(f.appointmentsMissed) missed, "
                    + "\(f.appointmentsPrepared) prepared, \(f.itemsPrepared) items prepared) · \(f.pickupsWaiting) pickups waiting · "
                    + "\(f.returnsExpected) returns expected")
        Output.line()
        Output.line("Appointments")
        if v.appointments.isEmpty { Output.line("  none") }
        for a in v.appointments {
            let c = a.customer
            let consent = "call \(c.consentPhone ? "✓" : "✗") sms \(c.consentSMS ? "✓" : "✗") wechat \(c.consentWeChat ? "✓" : "✗")"
            var head = "  \(TimeText.clock(a.startsAt, zone: z))  #\(a.id) [\(a.status)]  \(Output.safe(c.name)) (#\(c.id), \(c.tier), \(c.stage))"
            head += "  \(c.phone ?? "no phone") · \(consent)"
            Output.line(head)
            Output.line("         \(Output.safe(a.purpose))"
                        + (a.preparedAt.map { " · prepared \(TimeText.short($0, zone: z)) by \(Output.safe(a.preparedBy ?? "?"))" } ?? "")
                        + (a.canPrepare ? " · ready to prepare: omni store --prepare \(a.id)" : ""))
            if a.cartID != nil && a.items.isEmpty { Output.line("         cart is empty") }
            if !a.items.isEmpty {
                var table = TextTable([.init("sku"), .init("item"), .init("colour"), .init("size"), .init("qty", right: true),
                                       .init("here", right: true), .init("state"), .init("nearest with enough")])
                for i in a.items {
                    let state = i.reservedForThis > 0 ? "reserved \(i.reservedForThis)" : i.short ? "SHORT" : a.status == "booked" ? "ok" : "-"
                    let nearest = i.nearest.map { n in
                        "\(n.code) \(n.kind) · \(n.available) avail" + (n.distanceKm.map { String(format: " · %.0f km", $0) } ?? "")
                    } ?? (i.short ? "none has enough" : "")
                    table.add([i.skuCode, i.name, i.color, i.size, String(i.quantity), String(i.availableHere), state, nearest])
                }
                Output.line(table.render().split(separator: "\n", omittingEmptySubsequences: false).map { "         " + $0 }.joined(separator: "\n"))
            }
        }
        Output.line()
        Output.line("Pickups waiting (oldest first)")
        if v.pickups.isEmpty { Output.line("  none") } else {
            var table = TextTable([.init("order", right: true), .init("ref"), .init("channel"), .init("customer"), .init("ready"),
                                   .init("waiting", right: true), .init("units", right: true), .init("total", right: true)])
            for p in v.pickups {
                table.add([String(p.orderID), p.externalRef, p.channel, p.customerName.map { "\($0) #\(p.customerID ?? 0)" } ?? "-",
                           TimeText.short(p.readyAt, zone: z), TimeText.span(p.waitingSeconds), String(p.units), p.total.description])
            }
            Output.line(indent(table.render()))
        }
        Output.line()
        Output.line("Returns expected here")
        if v.returnsExpected.isEmpty { Output.line("  none") } else {
            var table = TextTable([.init("return", right: true), .init("order", right: true), .init("customer"), .init("sku"),
                                   .init("qty", right: true), .init("reason"), .init("since")])
            for r in v.returnsExpected {
                table.add([String(r.returnID), String(r.orderID), r.customerName ?? "-", r.skuCode ?? "-", String(r.quantity), r.reason,
                           TimeText.short(r.createdAt, zone: z)])
            }
            Output.line(indent(table.render()))
        }
        Output.line()
        Output.line("Keep in touch (\(f.keepInTouchAtRisk) at risk, \(f.keepInTouchLapsed) lapsed; phone masked)")
        if v.keepInTouch.isEmpty { Output.line("  none") } else {
            var table = TextTable([.init("id", right: true), .init("name"), .init("stage"), .init("days", right: true),
                                   .init("last via"), .init("lifetime", right: true), .init("phone"), .init("call?")])
            for k in v.keepInTouch {
                table.add([String(k.customerID), k.name, k.stage, k.daysSinceLastOrder.map(String.init) ?? "-", k.lastChannel ?? "-",
                           k.lifetimeValue.description, k.phone ?? "-", k.canCall ? "yes" : "no (no consent)"])
            }
            Output.line(indent(table.render()))
        }
        if !f.sales.isEmpty {
            Output.line()
            Output.line("Sales attributed to the store")
            var table = TextTable([.init("channel"), .init("fulfilment"), .init("orders", right: true), .init("net", right: true)])
            for s in f.sales { table.add([s.channel, s.fulfilment, String(s.orders), s.net.description]) }
            Output.line(indent(table.render()))
        }
    }

    static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    // MARK: customers

    static let stageNames = CustomerStage.allCases.map(\.rawValue)

    static let customersSpec = CommandSpec(
        "customers", "Customers by lifecycle stage: counts and this week's movements, or one stage's list.",
        options: [CommonOptions.db,
                  OptionSpec(name: "--stage", value: "STAGE", help: stageNames.joined(separator: ", ")),
                  OptionSpec(name: "--store", value: "NAME", help: "only customers whose home store this is (code, id or name)"),
                  CommonOptions.limit(50), CommonOptions.json, CommonOptions.help],
        details: """
        Stages, first rule that holds wins (days from the lifecycle.* settings):
          prospect  no order
          lapsed    last order 180+ days ago
          at_risk   last order 90+ days ago, or (3+ orders) longer ago than 2 × their median gap and 30+ days
          new       one order, placed in the last 30 days
          repeat    2+ orders in the last 365 days
          active    everyone else
        """)

    static func runCustomers(_ args: ParsedArguments) throws -> ExitCode {
        let spec = customersSpec
        let limit = try args.int("--limit", default: 50, range: 1...100_000, spec: spec)
        var stage: CustomerStage?
        if let text = args.value("--stage") {
            guard let s = CustomerStage(name: text) else {
                throw UsageError(message: "--stage must be one of \(stageNames.joined(separator: ", ")), not \"\(text)\"", usage: spec.usage)
            }
            stage = s
        }
        let db = try Store.open(path: Environment.storePath(args))
        let now = Environment.now()
        let store = try args.value("--store").map { try resolveStore(db, $0) }
        guard let stage else {
            if store != nil { throw UsageError(message: "--store needs --stage", usage: spec.usage) }
            let counts = try Lifecycle.counts(db)
            let since = Lifecycle.weekStart(now: now, utcOffsetMinutes: try StoreDay.utcOffsetMinutes(db))
            let moves = try Lifecycle.movements(db, since: since)
            if args.flag("--json") {
                struct Payload: Encodable { var stages: [StageCount]; var thisWeek: [StageMovement] }
                try Output.json(Payload(stages: counts, thisWeek: moves))
                return .ok
            }
            var table = TextTable([.init("stage"), .init("customers", right: true)])
            for c in counts { table.add([c.stage.rawValue, String(c.count)]) }
            Output.line(table.render())
            Output.line("this week (since \(TimeText.date(since, zone: zone(try StoreDay.utcOffsetMinutes(db))))): "
                        + moves.map { "\($0.count) became \($0.stage.rawValue)" }.joined(separator: " · "))
            return .ok
        }
        let rows = try Lifecycle.customers(db, stage: stage, homeLocationID: store?.id, limit: limit)
        if args.flag("--json") { try Output.json(rows); return .ok }
        var table = TextTable([.init("id", right: true), .init("name"), .init("orders", right: true), .init("last order"),
                               .init("last via"), .init("lifetime", right: true), .init("in stage since"), .init("home store")])
        for c in rows {
            table.add([String(c.id), c.name, String(c.orderCount),
                       c.lastOrderAt.map { "\(TimeText.date($0)) (\(TimeText.relative($0, now: now)))" } ?? "never",
                       c.lastChannel ?? "-", c.lifetimeValue.description, c.stageChangedAt.map { TimeText.date($0) } ?? "-", c.homeStore ?? "-"])
        }
        Output.line(rows.isEmpty ? "no \(stage.rawValue) customers\(store.map { " at \(Output.safe($0.code))" } ?? "")" : table.render())
        return .ok
    }

    // MARK: kpi --explain

    /// `omni kpi --explain NAME [--json] [--days N] [--limit N]`: definition, window, figure and rows.
    static func runKPIExplain(name: String, args: ParsedArguments) throws -> ExitCode {
        let days = try args.int("--days", default: 7, range: 1...365, spec: LookupCommands.kpiSpec)
        var limit = 50
        if let text = args.value("--limit") {
            guard let n = Int(text), (1...100_000).contains(n) else {
                throw UsageError(message: "--limit takes a whole number from 1 to 100000, not \"\(text)\"", usage: LookupCommands.kpiSpec.usage)
            }
            limit = n
        }
        let db = try Store.open(path: Environment.storePath(args))
        let now = Environment.now()
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        guard let e = try KPIExplain.explain(db, name: key, now: now, limit: limit, windowDays: days) else {
            let known = try KPIExplain.names(db)
            var message = "no figure \"\(Output.safe(name))\""
            if let guess = ArgumentParser.closest(key, among: known) { message += " (did you mean \(guess)?)" }
            throw UsageError(message: message + "; figures: " + known.joined(separator: ", "), usage: LookupCommands.kpiSpec.usage)
        }
        if args.flag("--json") { try Output.json(e); return .ok }
        Output.line("\(e.name): \(e.title)")
        Output.line(e.definition)
        var window = "window: \(e.window.label)"
        if let from = e.window.from { window += " · from \(TimeText.dateTime(from))" }
        if let to = e.window.to { window += " · to \(TimeText.dateTime(to))" }
        Output.line(window)
        let figure = e.figureText
        Output.line("figure: \(figure) · rows: \(e.count)\(e.truncated ? " (first \(e.rows.count) shown; --limit N for more)" : "")")
        if e.figure != e.rowsFigure {
            Output.line("note: the base rows give \(e.rowsFigure), the maintained rollup \(e.figure); `omni doctor` checks and repairs rollups")
        }
        Output.line()
        Output.line(rowsTable(e.rows))
        return .ok
    }

    static func rowsTable(_ rows: KPIExplainRows) -> String {
        guard rows.count > 0 else { return "no rows" }
        switch rows {
        case .orders(let list):
            var t = TextTable([.init("order", right: true), .init("channel"), .init("ref"), .init("customer"), .init("status"),
                               .init("fulfilment"), .init("placed"), .init("promised"), .init("delivered"), .init("full"),
                               .init("net", right: true), .init("units", right: true)])
            for o in list {
                t.add([String(o.id), o.channel, o.externalRef, o.customerName.map { "\($0) #\(o.customerID ?? 0)" } ?? "-", o.status, o.fulfilment,
                       TimeText.short(o.placedAt), o.promisedBy.map { TimeText.short($0) } ?? "-", o.deliveredAt.map { TimeText.short($0) } ?? "-",
                       o.inFull ? "yes" : "NO", o.net.description, String(o.units)])
            }
            return t.render()
        case .tickets(let list):
            let now = Environment.now()
            var t = TextTable([.init("ticket", right: true), .init("SLA"), .init("priority"), .init("status"), .init("channel"),
                               .init("subject"), .init("customer"), .init("assignee"), .init("created")])
            for k in list {
                t.add([String(k.id), k.slaDueAt.map { TimeText.slaClock(due: $0, now: now) } ?? "-", k.priority, k.status, k.channel, k.subject,
                       k.customerName ?? "-", k.assignee ?? "-", TimeText.short(k.createdAt)])
            }
            return t.render()
        case .stock(let list):
            var t = TextTable([.init("sku"), .init("item"), .init("location"), .init("on hand", right: true), .init("reserved", right: true),
                               .init("safety", right: true), .init("available", right: true), .init("reorder at", right: true)])
            for s in list {
                t.add([s.skuCode, s.skuName, s.locationCode, String(s.onHand), String(s.reserved), String(s.safetyStock), String(s.available),
                       String(s.reorderPoint)])
            }
            return t.render()
        case .customers(let list):
            var t = TextTable([.init("id", right: true), .init("name"), .init("stage"), .init("orders", right: true), .init("last order"),
                               .init("previous"), .init("last via"), .init("lifetime", right: true)])
            for c in list {
                t.add([String(c.id), c.name, c.stage, String(c.orderCount), c.lastOrderAt.map { TimeText.date($0) } ?? "-",
                       c.prevOrderAt.map { TimeText.date($0) } ?? "-", c.lastChannel ?? "-", c.lifetimeValue.description])
            }
            return t.render()
        case .touchpoints(let list):
            var t = TextTable([.init("id", right: true), .init("at"), .init("kind"), .init("channel"), .init("customer"), .init("detail")])
            for p in list {
                t.add([String(p.id), TimeText.short(p.at), p.kind, p.channel, "\(p.customerName ?? "?") #\(p.customerID)", p.detail])
            }
            return t.render()
        case .returns(let list):
            var t = TextTable([.init("return", right: true), .init("order", right: true), .init("sku"), .init("qty", right: true),
                               .init("channel"), .init("status"), .init("reason"), .init("where"), .init("created")])
            for r in list {
                t.add([String(r.id), String(r.orderID), r.skuCode ?? "-", String(r.quantity), r.channel, r.status, r.reason,
                       r.locationName ?? "-", TimeText.short(r.createdAt)])
            }
            return t.render()
        }
    }
}
