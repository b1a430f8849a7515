import OmniStore

extension ActionID {
    public static let revealIdentities: ActionID = "customer.reveal"
    public static let customerOrders: ActionID = "customer.orders"
    public static let customerTickets: ActionID = "customer.tickets"
}

/// The customer 360: profile, identities (masked until `r`), merges, orders from every
/// channel, open tickets with live SLA clocks, the journey with experience breaks, the cart
/// with availability at the appointment's store, the next appointment, B2B contacts, assets
/// and unpaid invoices. Panels sit in columns on a wide terminal and stack (scrolling) on a
/// narrow one.
public struct Customer360Screen: Screen {
    public static let kind: ScreenKind = "customers.360"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Customer · " + (data?.profile.name ?? name ?? "#\(customerID)") }
    public var entities: Set<String> { ["customer", "order", "ticket", "appointment"] }

    public var customerID: Int64
    public var name: String?
    public var data: Customer360?
    /// Ids of the identities shown in full: those an `r` read, each `r` audited once; nil
    /// while masked. The 360 itself carries every value, so a live refresh re-reads it and
    /// keeps these unmasked without revealing (and auditing) again. Leaving the 360 drops the
    /// screen and this with it: opening it again starts masked.
    public var revealedIDs: Set<Int64>?
    public var loaded = false
    public var missing = false
    public var cursor = PanelCursor()
    public var crumb: String { data?.profile.name ?? name ?? "#\(customerID)" }
    /// `y`: the first phone shown in full (revealed, audited); never a masked value.
    public var yankText: String? {
        guard let revealed = revealedIDs, let data else { return nil }
        return data.identities.first { $0.kind == "phone" && revealed.contains($0.id) }?.value
    }
    public var newKeys: [String: Int64] = [:]
    /// Consent flags with when and where each was given (`consentStatus`, after each load).
    public var consent: [ConsentHistory.Flag]?
    /// The question open over the 360 (undo a merge, a privacy request); it takes the keys.
    var confirmation: Confirmation?
    public var capturesText: Bool { confirmation != nil }
    /// While a question is open the keyboard answers it: the footer says CONFIRM.
    public var inputMode: InputMode { .confirm }
    private let layoutMemo = PanelLayoutMemo<LayoutInputs>()

    /// Everything the laid-out page depends on: the same inputs draw the same page.
    struct LayoutInputs: Equatable {
        var data: Customer360
        var revealedIDs: Set<Int64>?
        var consent: [ConsentHistory.Flag]?
        var freshKeys: Set<String>
        /// SLA clocks and relative times read the clock.
        var now: Int64
        var bodyWidth: Int
        var width: Int
    }

    public init(customerID: Int64, name: String? = nil) {
        self.customerID = customerID
        self.name = name
    }

    public static let bindings: [ActionSpec] = [
        ActionSpec(.revealIdentities, keys: [.char("r")], name: "reveal",
                   description: "show identities in full (recorded in the audit log)", scope: .screens([kind]), writes: true),
        ActionSpec(.customerOrders, keys: [.char("o")], name: "orders", description: "this customer's orders (Orders view)",
                   scope: .screens([kind])),
        ActionSpec(.customerTickets, keys: [.char("t")], name: "tickets",
                   description: "this customer's tickets (Tickets view)", scope: .screens([kind])),
    ]

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] { [.query(.customer360(id: customerID))] }

    public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        let layout = self.layout(ctx, width: ctx.bodyWidth - 2)
        switch action {
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            layout?.move(&cursor, action: action, height: ctx.bodyHeight - 2)
        case .open:
            if let target = layout?.selected(cursor)?.target { return [.route(target)] }
        case .sectionNext, .sectionPrevious:
            layout?.jump(&cursor, forward: action == .sectionNext, height: ctx.bodyHeight - 2)
        case .revealIdentities:
            return [.query(.revealIdentities(customerID: data?.profile.id ?? customerID))]
        case .customerOrders:
            return [.route(.ordersOfCustomer(id: data?.profile.id ?? customerID, name: displayName))]
        case .customerTickets:
            return [.route(.ticketsOfCustomer(id: data?.profile.id ?? customerID, name: displayName))]
        default: return privacyPerform(action, ctx)
        }
        return []
    }

    public mutating func input(_ key: Key, _ ctx: ScreenContext) -> [ScreenEffect]? { privacyInput(key) }

    var displayName: String { data?.profile.name ?? name ?? "#\(customerID)" }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        switch result {
        case .customer360(let value):
            let oldKeys = Set(data.map { page(for: $0, ctx).columns.flatMap { $0.flatMap { $0.lines.compactMap(\.key) } } } ?? [])
            data = value
            loaded = true
            missing = value == nil
            if let value {
                if !oldKeys.isEmpty {
                    for key in page(for: value, ctx).columns.flatMap({ $0.flatMap { $0.lines.compactMap(\.key) } })
                    where !oldKeys.contains(key) { newKeys[key] = ctx.nowMs + 5_000 }
                }
                return [.query(.consentStatus(customerID: value.profile.id))]
            }
        case .revealedIdentities(let ids):
            revealedIDs = (revealedIDs ?? []).union(ids.map(\.id))
            return [.toast("identities revealed; recorded in the audit log")]
        default: return privacyReceive(result, ctx)
        }
        return []
    }

    public mutating func tick(_ ctx: ScreenContext) { newKeys = newKeys.filter { $0.value > ctx.nowMs } }

    /// The page laid out at `width`, reused while its inputs are unchanged; nil until loaded.
    func layout(_ ctx: ScreenContext, width: Int) -> PanelLayout? {
        guard let data else { return nil }
        let inputs = LayoutInputs(data: data, revealedIDs: revealedIDs, consent: consent, freshKeys: Set(newKeys.keys), now: ctx.now,
                                  bodyWidth: ctx.bodyWidth, width: width)
        return layoutMemo.layout(for: inputs) { page(for: data, ctx).layout(width: width) }
    }

    // MARK: Panels

    func page(for d: Customer360, _ ctx: ScreenContext) -> PanelPage {
        let p = d.profile
        let now = ctx.now
        var header: [PanelLine] = []
        let kindText = p.kind == "business" ? "B2B account" : "person"
        header.append(PanelLine([StyledText(p.name, style: .title), StyledText("  \(kindText) · #\(p.id)", style: .dim),
                                 StyledText("  tier ", style: .dim), StyledText(p.tier, style: .accent),
                                 StyledText("  stage ", style: .dim), StyledText(p.stage, style: .accent),
                                 StyledText(p.city.isEmpty ? "" : "  " + p.city, style: .normal)]))
        let lifetime = p.lifetimeValues.count > 1 ? Money.list(p.lifetimeValues) : p.lifetimeValue.description
        var facts = "customer since \(TimeText.date(p.createdAt)) · lifetime \(lifetime) · \(p.orderCount) orders"
        if let last = p.lastChannel { facts += " · last channel \(last)" }
        if let home = p.homeStore { facts += " · home store \(home)" }
        if let account = p.accountName { facts += " · account \(account)" }
        if let from = p.resolvedFrom { facts += " · (#\(from) was merged into this profile)" }
        header.append(PanelLine(facts))
        header.append(PanelLine(consentSegments(p)))
        header.append(PanelLine(""))

        // Identities. One that arrived after the last `r` (a live refresh) stays masked until
        // `r` again: the audit row covers what the agent chose to see, and showing more without
        // an action of theirs would put personal data on screen that no one asked for.
        let ids = d.identities
        let revealedSet = revealedIDs ?? []
        let stillMasked = ids.filter { !revealedSet.contains($0.id) }.count
        var idLines: [PanelLine] = []
        for i in ids {
            let value = revealedSet.contains(i.id) ? i.value : i.masked
            // The value is never cut; where it came from and why it is linked wrap below it.
            idLines.append(PanelLine([StyledText(i.kind.padded(toWidth: 14), style: .accent), StyledText(value)],
                                     key: "identity:\(i.id)", keep: 1))
            idLines.append(.wrapping("   " + i.channel + (i.verified ? " · verified ✓" : " · unverified") + " · first seen "
                                     + TimeText.date(i.firstSeenAt), style: .dim, indent: 3))
            idLines.append(.wrapping("   why: " + i.linkRule + (i.linkEvidence.isEmpty ? "" : " — " + i.linkEvidence),
                                     style: .dim, indent: 8))
        }
        let idState = revealedIDs == nil ? "masked" : stillMasked > 0 ? "\(stillMasked) masked" : "revealed, audited"
        let idPanel = Panel(title: "Identities (\(ids.count)) · " + idState,
                            trailing: revealedIDs == nil || stillMasked > 0 ? "r reveals" : nil, lines: idLines)

        // Merges
        let mergeLines = d.merges.map { m -> [PanelLine] in
            let other = m.survivorID == p.id ? m.mergedID : m.survivorID
            return [PanelLine([StyledText(m.status.padded(toWidth: 9), style: m.status == "applied" ? .good : .warn),
                               StyledText("#\(other) \(m.otherName)")],
                              key: "merge:\(m.id)", target: .customer(id: other)),
                    .wrapping("   \(m.rule): \(m.evidence) · \(m.createdBy) \(TimeText.date(m.createdAt))", style: .dim, indent: 3)]
        }.flatMap { $0 }
        let mergePanel = Panel(title: "Merges", trailing: mergeLines.isEmpty ? nil : "u undoes the selected", lines: mergeLines,
                               empty: "no merges")

        // Orders
        let orderLines = d.orders.map { o -> PanelLine in
            let (promise, style) = ViewText.promise(o)
            return PanelLine([StyledText(o.externalRef.padded(toWidth: 10) + " "),
                              StyledText(o.channel.padded(toWidth: 12), style: ViewText.channelStyle(o.channel)),
                              StyledText(TimeText.date(o.placedAt) + " "),
                              StyledText(o.total.description.leftAligned(toWidth: 11) + " "),
                              StyledText(o.status.padded(toWidth: 10)),
                              StyledText(promise, style: style)],
                             key: "order:\(o.id)", target: .order(id: o.id), keep: 2, drop: [1, 2])
        }
        let orderPanel = Panel(title: "Orders, every channel", trailing: "\(p.orderCount) · o all", lines: orderLines,
                               empty: "no orders")

        // Tickets
        let ticketLines = d.openTickets.map { t -> PanelLine in
            let sla: StyledText
            if let due = t.slaDueAt {
                sla = StyledText(TimeText.slaClock(due: due, now: now), style: due < now ? .bad : (due - now < 3600 ? .warn : .good))
            } else { sla = StyledText("no SLA", style: .dim) }
            return PanelLine([StyledText("#\(t.id) ", style: .accent), StyledText(t.subject + "  "),
                              StyledText(t.priority + " · " + t.status + " · ", style: .dim), sla],
                             key: "ticket:\(t.id)", target: .ticket(id: t.id), keep: 2)
        }
        let ticketPanel = Panel(title: "Open tickets", trailing: "t all", lines: ticketLines, empty: "no open tickets")

        // Journey
        var journeyLines: [PanelLine] = []
        for tp in d.journey {
            journeyLines.append(PanelLine([StyledText(TimeText.short(tp.at) + " ", style: .dim),
                                           StyledText(tp.channel.padded(toWidth: 11), style: ViewText.channelStyle(tp.channel)),
                                           StyledText(" " + tp.kind + (tp.detail.isEmpty ? "" : " · " + tp.detail))]))
            if let br = tp.experienceBreak {
                journeyLines.append(PanelLine("   ⚠ " + br, style: .warn))
            }
        }
        let journeyPanel = Panel(title: "Journey", lines: journeyLines, empty: "no touchpoints")

        // Cart and appointment
        var cartLines: [PanelLine] = []
        if let cart = d.cart {
            cartLines.append(PanelLine("\(cart.channel) cart · \(cart.status) · updated \(TimeText.relative(cart.updatedAt, now: now))",
                                       style: .dim))
            for item in cart.items {
                let avail: StyledText
                if let a = item.availableAtStore {
                    avail = a >= item.quantity ? StyledText("✓ \(a) at store", style: .good)
                        : StyledText(a > 0 ? "⚠ only \(a) at store" : "✗ none at store", style: a > 0 ? .warn : .bad)
                } else { avail = StyledText("(no store visit)", style: .dim) }
                cartLines.append(PanelLine([StyledText(item.skuCode + " ", style: .accent),
                                            StyledText("\(item.name) \(item.color) \(item.size) ×\(item.quantity)  "), avail],
                                           key: "cart:\(item.skuID)", target: .sku(code: item.skuCode)))
            }
        }
        let cartPanel = Panel(title: "Cart", lines: cartLines, empty: "no open cart")
        var apptLines: [PanelLine] = []
        if let a = d.nextAppointment {
            apptLines.append(PanelLine([StyledText(TimeText.dateTime(a.startsAt), style: .accent),
                                        StyledText("  " + TimeText.relative(a.startsAt, now: now), style: .dim)]))
            apptLines.append(PanelLine("\(a.locationName) · \(a.purpose) · \(a.status)"))
        }
        let apptPanel = Panel(title: "Next appointment", lines: apptLines, empty: "none booked")

        var panelsA = [idPanel, mergePanel, cartPanel, apptPanel]
        let panelsB = [orderPanel, ticketPanel]
        var panelsC = [journeyPanel]
        if p.kind == "business" || !d.contacts.isEmpty || !d.assets.isEmpty || !d.unpaidInvoices.isEmpty {
            let contacts = d.contacts.map { c in
                PanelLine([StyledText(c.name), StyledText("  #\(c.id) · \(c.orderCount) orders", style: .dim)],
                          key: "contact:\(c.id)", target: .customer(id: c.id))
            }
            let assets = d.assets.map { a -> PanelLine in
                var seg = [StyledText(a.product + " "), StyledText(a.serial + " · " + a.site + " ", style: .dim)]
                if let due = a.nextMaintenanceAt {
                    seg.append(due < now ? StyledText("⚠ maintenance OVERDUE \(TimeText.span(now - due))", style: .bad)
                                         : StyledText("maintenance due \(TimeText.relative(due, now: now))",
                                                      style: due - now < 14 * 86_400 ? .warn : .normal))
                }
                return PanelLine(seg)
            }
            let invoices = d.unpaidInvoices.map { inv in
                PanelLine([StyledText(inv.number + " "), StyledText(inv.amount.description + " "),
                           inv.dueAt < now ? StyledText("OVERDUE since \(TimeText.date(inv.dueAt))", style: .bad)
                                           : StyledText("due \(TimeText.date(inv.dueAt))", style: .dim)])
            }
            panelsC += [Panel(title: "Contacts", lines: contacts, empty: "no contacts"),
                        Panel(title: "Assets", lines: assets, empty: "no installed assets"),
                        Panel(title: "Unpaid invoices", lines: invoices, empty: "all paid")]
        }
        let width = ctx.bodyWidth - 2
        let columns: [[Panel]]
        var weights: [Int] = []
        switch PanelPage.columns([], width: width) {
        case 3: columns = [panelsA, panelsB, panelsC]; weights = [2, 3, 2]
        case 2:
            panelsA += panelsC
            columns = [panelsB, panelsA]
        default: columns = [panelsB + panelsA + panelsC]
        }
        var page = PanelPage(header: header, columns: columns, weights: weights)
        // Fresh rows from a live change.
        if !newKeys.isEmpty {
            for c in page.columns.indices {
                for pi in page.columns[c].indices {
                    for li in page.columns[c][pi].lines.indices {
                        if let k = page.columns[c][pi].lines[li].key, newKeys[k] != nil {
                            page.columns[c][pi].lines[li].segments.insert(StyledText("NEW ", style: .new), at: 0)
                        }
                    }
                }
            }
        }
        return page
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let inner = Box(title: title).render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        guard let layout = layout(ctx, width: inner.width) else {
            let text = missing ? "No customer #\(customerID) in this store" : "loading customer #\(customerID)…"
            canvas.draw(text, x: inner.x, y: inner.y + inner.height / 2, width: inner.width, style: .placeholder, align: .center)
            return
        }
        layout.render(into: &canvas, in: inner, cursor: cursor)
        confirmation?.render(into: &canvas, in: inner)
    }
}
