import Foundation
import OmniStore

extension ActionID {
    public static let storePrepare: ActionID = "store.prepare"
    public static let storeUnprepare: ActionID = "store.unprepare"
    public static let storePreviousDay: ActionID = "store.day-previous"
    public static let storeNextDay: ActionID = "store.day-next"
    public static let storeToday: ActionID = "store.today"
    public static let storeJumpAppointments: ActionID = "store.jump-appointments"
    public static let storeJumpPickups: ActionID = "store.jump-pickups"
    public static let storeJumpReturns: ActionID = "store.jump-returns"
    public static let storeJumpKeepInTouch: ActionID = "store.jump-keep-in-touch"
}

/// One store's day for its associates: the day's appointments with each cart item's size and
/// colour and the ATP at this store now (items not on hand say where the nearest stock is),
/// pickups waiting (oldest first), returns expected, customers to keep in touch with (a call only
/// with phone consent) and the day's figures. `p` prepares the selected visit (reserves its cart
/// here), `u` undoes it, `[`/`]` move a day. Panels sit in columns on a wide terminal and stack
/// (scrolling) on a narrow one; the cursor stays on the same row across live refreshes.
public struct StoreDayScreen: Screen {
    public static let kind: ScreenKind = "stores.day"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Store · " + (view?.store.name ?? name ?? "#\(locationID)") }
    public var entities: Set<String> { ["appointment", "stock", "order", "customer"] }

    public var locationID: Int64
    public var name: String?
    /// The day shown; nil until the first answer (today in the store's local time).
    public var day: LocalDay?
    public var view: StoreDayView?
    public var loaded = false
    public var cursor = PanelCursor()
    /// The last refusal or failure (also toasted), shown above the panels until the next write.
    public var notice: String?

    public init(locationID: Int64, name: String? = nil, day: LocalDay? = nil) {
        self.locationID = locationID
        self.name = name
        self.day = day
    }

    public static let bindings: [ActionSpec] = [
        ActionSpec(.storePrepare, keys: [.char("p")], name: "prepare",
                   description: "prepare the selected visit: reserve its cart at this store (audited)", scope: .screens([kind]),
                   writes: true),
        ActionSpec(.storeUnprepare, keys: [.char("u")], name: "undo prepare",
                   description: "undo prepare: release what was reserved for the selected visit (audited)", scope: .screens([kind]),
                   writes: true),
        ActionSpec(.storePreviousDay, keys: [.char("[")], name: "day −1", description: "the store's previous day",
                   scope: .screens([kind])),
        ActionSpec(.storeNextDay, keys: [.char("]")], name: "day +1", description: "the store's next day", scope: .screens([kind])),
        ActionSpec(.storeToday, keys: [.char("T")], name: "today", description: "back to today at this store",
                   scope: .screens([kind]), hint: false),
        ActionSpec(.storeJumpAppointments, keys: [.char("A")], name: "appointments",
                   description: "jump to the day's appointments", scope: .screens([kind]), hint: false),
        ActionSpec(.storeJumpPickups, keys: [.char("W")], name: "pickups",
                   description: "jump to the pickups waiting", scope: .screens([kind]), hint: false),
        ActionSpec(.storeJumpReturns, keys: [.char("R")], name: "returns",
                   description: "jump to the returns expected", scope: .screens([kind]), hint: false),
        ActionSpec(.storeJumpKeepInTouch, keys: [.char("K")], name: "keep in touch",
                   description: "jump to the customers to keep in touch with", scope: .screens([kind]), hint: false),
    ]

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] {
        [.query(.storeDay(locationID: locationID, day: day))]
    }

    static func shift(_ day: LocalDay, by days: Int64) -> LocalDay {
        LocalDay(containing: (day.daysSinceEpoch + days) * 86_400, utcOffsetMinutes: 0)
    }

    /// The appointment under the cursor (its line or one of its item lines).
    var selectedAppointment: StoreAppointment? {
        guard let key = cursor.selectedKey, key.hasPrefix("appt:"), let id = Int64(key.dropFirst(5)) else { return nil }
        return view?.appointments.first { $0.id == id }
    }

    public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        let page = self.page(ctx)
        switch action {
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            page.move(&cursor, action: action, width: ctx.bodyWidth - 2, height: ctx.bodyHeight - 2)
        case .open:
            if let target = page.selected(cursor, width: ctx.bodyWidth - 2)?.target { return [.route(target)] }
        case .storePrepare, .storeUnprepare:
            guard let a = selectedAppointment else {
                return [.toast("select an appointment first (j/k), then \(action == .storePrepare ? "p" : "u")", isError: true)]
            }
            notice = nil
            return [.query(action == .storePrepare ? .prepareAppointment(id: a.id) : .unprepareAppointment(id: a.id))]
        case .storePreviousDay, .storeNextDay:
            guard let d = day ?? view?.day else { return [] }
            day = Self.shift(d, by: action == .storeNextDay ? 1 : -1)
            return [.query(.storeDay(locationID: locationID, day: day))]
        case .storeToday:
            day = nil
            return [.query(.storeDay(locationID: locationID, day: nil))]
        case .sectionNext, .sectionPrevious:
            page.layout(width: ctx.bodyWidth - 2).jump(&cursor, forward: action == .sectionNext, height: ctx.bodyHeight - 2)
        case .storeJumpAppointments, .storeJumpPickups, .storeJumpReturns, .storeJumpKeepInTouch:
            let title = [ActionID.storeJumpAppointments: "Appointments", .storeJumpPickups: "Pickups waiting",
                         .storeJumpReturns: "Returns expected", .storeJumpKeepInTouch: "Keep in touch"][action] ?? ""
            page.layout(width: ctx.bodyWidth - 2).jump(&cursor, toTitle: title, height: ctx.bodyHeight - 2)
        default: break
        }
        return []
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        switch result {
        case .storeDay(let v):
            let dayChanged = view?.day != v.day
            view = v
            day = v.day
            loaded = true
            let sel = page(for: v, ctx).layout(width: max(1, ctx.bodyWidth - 2)).selectable
            if dayChanged || cursor.selectedKey == nil || !sel.contains(where: { $0.key == cursor.selectedKey }) {
                if dayChanged { cursor.scroll = 0 }
                // The first visit still to prepare, else the first row.
                let booked = v.appointments.first { $0.status == "booked" }.map { "appt:\($0.id)" }
                cursor.selectedKey = sel.first { $0.key == booked }?.key ?? sel.first?.key
            }
        case let .appointmentPrepared(id, prepared, lines):
            let units = lines.reduce(0) { $0 + $1.quantity }
            notice = nil
            return [.toast(prepared ? "appointment \(id) prepared: \(units) units reserved here"
                                    : "appointment \(id) back to booked: \(units) units released"),
                    .query(.storeDay(locationID: locationID, day: day))]
        case let .appointmentRefused(_, reason):
            notice = reason
            return [.toast(reason, isError: true), .query(.storeDay(locationID: locationID, day: day))]
        default: break
        }
        return []
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        loaded = true
        return []
    }

    // MARK: Panels

    static func zone(_ v: StoreDayView) -> TimeZone { TimeZone(secondsFromGMT: v.utcOffsetMinutes * 60) ?? .current }

    static func offsetText(_ minutes: Int) -> String {
        let sign = minutes < 0 ? "-" : "+"
        let m = abs(minutes)
        return "UTC\(sign)\(m / 60 < 10 ? "0" : "")\(m / 60):\(m % 60 < 10 ? "0" : "")\(m % 60)"
    }

    /// Words for an item's availability here.
    static func availability(_ item: AppointmentItem) -> StyledText {
        if item.reservedForThis > 0 {
            return StyledText("✓ \(item.reservedForThis) reserved · ATP here \(item.availableHere)", style: .good)
        } else if item.availableHere >= item.quantity {
            return StyledText("✓ ATP here \(item.availableHere)", style: .good)
        }
        return StyledText(item.availableHere > 0 ? "⚠ SHORT: ATP here \(item.availableHere)" : "✗ NOT HERE: ATP here 0",
                          style: item.availableHere > 0 ? .warn : .bad)
    }

    /// Where the nearest stock is for a short item (its own line, so it survives 80 columns).
    static func nearestLine(_ item: AppointmentItem, status: String) -> PanelLine? {
        guard item.short || (item.reservedForThis == 0 && item.availableHere < item.quantity && status == "booked") else { return nil }
        if let n = item.nearest {
            let km = n.distanceKm.map { String(format: " · %.0f km", $0) } ?? ""
            return PanelLine([StyledText("     → nearest \(n.code) ", style: .accent),
                              StyledText("\(n.available) available\(km) · \(n.name)", style: .normal)])
        }
        return PanelLine("     → no other location has \(item.quantity)", style: .bad)
    }

    func page(_ ctx: ScreenContext) -> PanelPage {
        guard let view else { return PanelPage(header: [], columns: []) }
        return page(for: view, ctx)
    }

    func page(for v: StoreDayView, _ ctx: ScreenContext) -> PanelPage {
        let zone = Self.zone(v)
        let now = v.now
        let today = LocalDay(containing: now, utcOffsetMinutes: v.utcOffsetMinutes)
        let dayWord = v.day == today ? "today" : (v.day.daysSinceEpoch < today.daysSinceEpoch
                                                 ? "\(today.daysSinceEpoch - v.day.daysSinceEpoch)d ago"
                                                 : "in \(v.day.daysSinceEpoch - today.daysSinceEpoch)d")
        var header: [PanelLine] = [
            PanelLine([StyledText(v.store.name, style: .title), StyledText("  \(v.store.code) · \(v.store.kind) · \(v.store.city)", style: .dim),
                       StyledText("  \(v.day) ", style: .accent), StyledText("(\(dayWord), \(Self.offsetText(v.utcOffsetMinutes)))", style: .dim),
                       StyledText("  [ ] day · p prepare · u undo", style: .dim)]),
        ]
        if let notice { header.append(PanelLine("✗ " + notice, style: .bad)) }
        header.append(PanelLine(""))

        // Appointments
        var apptLines: [PanelLine] = []
        for a in v.appointments {
            let c = a.customer
            let statusStyle: StyleRole = a.status == "prepared" ? .good : (a.status == "missed" || a.status == "cancelled" ? .bad : .normal)
            var segs = [StyledText(TimeText.clock(a.startsAt, zone: zone) + " ", style: .accent),
                        StyledText(a.status == "prepared" ? "PREPARED ✓" : a.status, style: statusStyle)]
            if a.status == "booked" && !a.items.isEmpty {
                segs.append(StyledText(a.canPrepare ? " (p ready)" : " (short)", style: a.canPrepare ? .dim : .warn))
            }
            segs += [StyledText(" " + c.name), StyledText(" · " + (c.phone ?? "no phone"), style: .dim),
                     StyledText(" · " + c.tier, style: .dim), StyledText(" · " + a.purpose)]
            apptLines.append(PanelLine(segs, key: "appt:\(a.id)", target: .customer(id: c.id)))
            if a.items.isEmpty {
                apptLines.append(PanelLine("   no cart", style: .dim))
            }
            for item in a.items {
                apptLines.append(PanelLine([StyledText("   " + item.skuCode + " ", style: .accent),
                                            StyledText("×\(item.quantity) \(item.size)/\(item.color)  "),
                                            Self.availability(item), StyledText("  " + item.name, style: .dim)]))
                if let line = Self.nearestLine(item, status: a.status) { apptLines.append(line) }
            }
        }
        let apptPanel = Panel(title: "Appointments (\(v.appointments.count))", trailing: "↵ customer 360",
                              lines: apptLines, empty: "no appointments this day")

        // Pickups
        let pickupLines = v.pickups.map { p in
            PanelLine([StyledText("waiting " + TimeText.span(p.waitingSeconds).padded(toWidth: 8),
                                  style: p.waitingSeconds > 3 * 86_400 ? .bad : (p.waitingSeconds > 86_400 ? .warn : .normal)),
                       StyledText(" " + p.externalRef + " ", style: .accent),
                       StyledText((p.customerName ?? "guest") + " "),
                       StyledText("\(p.channel) · \(p.units) units · \(p.total)", style: .dim)],
                      key: "pickup:\(p.orderID)", target: .order(id: p.orderID))
        }
        let pickupPanel = Panel(title: "Pickups waiting (\(v.figures.pickupsWaiting))", trailing: "oldest first",
                                lines: pickupLines, empty: "no pickups waiting")

        // Returns
        let returnLines = v.returnsExpected.map { r in
            PanelLine([StyledText((r.externalRef ?? "#\(r.orderID)") + " ", style: .accent),
                       StyledText((r.customerName ?? "guest") + " "),
                       StyledText("\(r.skuCode ?? "?") ×\(r.quantity) · \(r.reason) · since \(TimeText.date(r.createdAt, zone: zone))",
                                  style: .dim)],
                      key: "return:\(r.returnID)", target: .order(id: r.orderID))
        }
        let returnPanel = Panel(title: "Returns expected (\(v.figures.returnsExpected))", lines: returnLines,
                                empty: "no returns expected")

        // Keep in touch
        let keepLines = v.keepInTouch.map { k in
            // Whether staff may call comes first: it is what the row is for, and it survives truncation.
            var segs = [StyledText(k.name + " "), StyledText(k.stage.replacingOccurrences(of: "_", with: "-"), style: k.stage == "lapsed" ? .bad : .warn)]
            segs.append(k.canCall ? StyledText(" · call " + (k.phone ?? ""), style: .good)
                                  : StyledText(" · no phone consent", style: .dim))
            segs.append(StyledText(" · " + (k.daysSinceLastOrder.map { "\($0) days since last purchase" } ?? "never bought"), style: .normal))
            if let ch = k.lastChannel { segs.append(StyledText(" · last " + ch, style: .dim)) }
            return PanelLine(segs, key: "kit:\(k.customerID)", target: .customer(id: k.customerID))
        }
        let keepPanel = Panel(title: "Keep in touch (\(v.figures.keepInTouchAtRisk) at risk · \(v.figures.keepInTouchLapsed) lapsed)",
                              lines: keepLines, empty: "nobody at risk or lapsed")

        // Figures
        let f = v.figures
        var figureLines: [PanelLine] = [
            PanelLine([StyledText("sales ", style: .dim), StyledText("\(f.net)", style: .title),
                       StyledText(" · \(f.orders) orders attributed to this store", style: .dim)]),
        ]
        for s in f.sales {
            figureLines.append(PanelLine([StyledText("  " + s.channel.padded(toWidth: 12), style: ViewText.channelStyle(s.channel)),
                                          StyledText(s.fulfilment.padded(toWidth: 16), style: .dim),
                                          StyledText("\(s.orders) orders · \(s.net)")]))
        }
        figureLines.append(PanelLine("appointments \(f.appointments) · kept \(f.appointmentsKept) · missed \(f.appointmentsMissed)"))
        figureLines.append(PanelLine("prepared \(f.appointmentsPrepared) visits · items prepared \(f.itemsPrepared)"))
        figureLines.append(PanelLine("pickups waiting \(f.pickupsWaiting) · returns expected \(f.returnsExpected)", style: .dim))
        let figurePanel = Panel(title: "The day's figures", trailing: v.day.description, lines: figureLines)

        let width = ctx.bodyWidth - 2
        switch PanelPage.columns([], width: width) {
        case 3:
            return PanelPage(header: header, columns: [[apptPanel], [figurePanel, pickupPanel, returnPanel], [keepPanel]],
                             weights: [2, 1, 1])
        case 2:
            return PanelPage(header: header, columns: [[apptPanel, figurePanel], [pickupPanel, returnPanel, keepPanel]],
                             weights: [3, 2])
        default:
            return PanelPage(header: header, columns: [[apptPanel, figurePanel, pickupPanel, returnPanel, keepPanel]])
        }
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        // The store's day is in the store's own zone, named beside the day.
        let inner = Box(title: title, trailingTitle: view.map { "\($0.day) · times in store time \(TimeText.zoneLabel(Self.zone($0), at: ctx.now))" })
            .render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        guard let view else {
            let text = loaded ? "Store #\(locationID) could not be read (see the footer)" : "loading the store's day…"
            canvas.draw(text, x: inner.x, y: inner.y + inner.height / 2, width: inner.width, style: .placeholder, align: .center)
            return
        }
        page(for: view, ctx).render(into: &canvas, in: inner, cursor: cursor)
    }
}
