import OmniStore

/// One ticket: its SLA clocks, the thread across channels (customer, agent, note; channel and
/// time; wrapped), the customer and the order. `c` customer 360, `o` order; `a` assign to me,
/// `s` status, `p` priority, `n` note: each a write with an audit row.
public struct TicketDetailScreen: Screen {
    public static let kind: ScreenKind = "tickets.detail"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Ticket #\(ticketID)" + ((detail?.ticket.subject ?? subject).map { " · " + $0 } ?? "") }
    public var entities: Set<String> { ["ticket"] }

    public var ticketID: Int64
    public var subject: String?
    public var detail: TicketDetail?
    public var loaded = false
    public var cursor = PanelCursor()
    public var picker: TicketPicker?
    /// The note being written (`n`), while open.
    public var note: InputLine?
    public var newKeys: [String: Int64] = [:]

    public init(ticketID: Int64, subject: String? = nil) {
        self.ticketID = ticketID
        self.subject = subject
    }

    public static let bindings: [ActionSpec] = []  // declared with the queue (shared scope)

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] { [.query(.ticketDetail(id: ticketID))] }

    public var capturesText: Bool { picker != nil || note != nil }
    public var inputMode: InputMode { note != nil ? .note : .pick }
    public var crumb: String { "Ticket #\(ticketID)" }
    public var yankText: String? { detail?.order?.externalRef }

    func noteRect(_ rect: Rect) -> Rect {
        let inner = Box().contentRect(in: rect)
        return Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1)
    }

    public func cursorPosition(in rect: Rect) -> (x: Int, y: Int)? {
        guard let note else { return nil }
        let r = noteRect(rect)
        var scratch = Canvas(width: r.maxX, height: r.y + 1)
        return (note.render(into: &scratch, in: r, prompt: Self.notePrompt), r.y)
    }

    static let notePrompt = "note: "

    public mutating func input(_ key: Key, _ ctx: ScreenContext) -> [ScreenEffect]? {
        if var line = note {
            switch key {
            case .escape:
                note = nil
            case .enter:
                note = nil
                let text = line.text.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { return [.toast("empty note not added")] }
                return [.query(.ticketAddNote(id: ticketID, text: text))]
            default:
                line.handle(key)
                note = line
            }
            return []
        }
        if let p = picker {
            switch p.choose(key) {
            case .stay: return []
            case .cancel: picker = nil
            case .chosen(let value):
                picker = nil
                return [p.kind == .status ? .query(.ticketSetStatus(id: ticketID, status: value))
                                          : .query(.ticketSetPriority(id: ticketID, priority: value))]
            }
            return []
        }
        return nil
    }

    public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard let d = detail else { return [] }
        let page = self.page(d, ctx)
        switch action {
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            page.move(&cursor, action: action, width: ctx.bodyWidth - 2, height: ctx.bodyHeight - 2)
        case .open:
            if let target = page.selected(cursor, width: ctx.bodyWidth - 2)?.target { return [.route(target)] }
        case .sectionNext, .sectionPrevious:
            page.layout(width: ctx.bodyWidth - 2).jump(&cursor, forward: action == .sectionNext, height: ctx.bodyHeight - 2)
        case .ticketAssignToMe:
            return [.query(.ticketAssign(id: ticketID, to: ctx.operatorLogin))]
        case .ticketStatus: picker = TicketPicker(kind: .status)
        case .ticketPriority: picker = TicketPicker(kind: .priority)
        case .ticketNote: note = InputLine()
        case .ticketCustomer:
            guard let c = d.ticket.customerID else { return [.toast("ticket #\(ticketID) has no known customer")] }
            return [.route(.customer(id: c))]
        case .ticketOrder:
            guard let o = d.ticket.orderID else { return [.toast("ticket #\(ticketID) is not about an order")] }
            return [.route(.order(id: o))]
        default: break
        }
        return []
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        switch result {
        case .ticketDetail(let d):
            if let old = detail, let d {
                let known = Set(old.messages.map(\.id))
                for m in d.messages where !known.contains(m.id) { newKeys["msg:\(m.id)"] = ctx.nowMs + 5_000 }
            }
            detail = d
            loaded = true
        case .ticketUpdated:
            return [.toast("ticket #\(ticketID) updated (recorded in the audit log)"), .query(.ticketDetail(id: ticketID))]
        default: break
        }
        return []
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        loaded = true
        return []
    }

    public mutating func tick(_ ctx: ScreenContext) { newKeys = newKeys.filter { $0.value > ctx.nowMs } }

    static func clock(_ label: String, due: Int64, doneAt: Int64?, now: Int64) -> [StyledText] {
        var segs = [StyledText(label + " due " + TimeText.dateTime(due) + " ", style: .dim)]
        if let done = doneAt {
            let kept = done <= due
            segs.append(StyledText(kept ? "✓ met" : "✗ missed by \(TimeText.span(done - due))", style: kept ? .good : .bad))
        } else {
            segs.append(StyledText(TimeText.slaClock(due: due, now: now),
                                   style: due < now ? .bad : (due - now < 3_600 ? .warn : .normal)))
        }
        return segs
    }

    func page(_ d: TicketDetail, _ ctx: ScreenContext) -> PanelPage {
        let t = d.ticket
        let now = ctx.now
        var header: [PanelLine] = []
        header.append(PanelLine([StyledText("#\(t.id) ", style: .accent), StyledText(t.subject, style: .title)]))
        header.append(PanelLine([StyledText("status ", style: .dim), StyledText(t.status, style: .accent),
                                 StyledText(" · priority ", style: .dim),
                                 StyledText(t.priority, style: TicketText.priorityStyle(t.priority)),
                                 StyledText(" · via ", style: .dim), StyledText(t.channel, style: ViewText.channelStyle(t.channel)),
                                 StyledText(" · ", style: .dim), StyledText("team " + (t.team ?? "–") + " · ", style: .dim),
                                 StyledText(t.assignee.map { "assigned to " + $0 } ?? "unassigned (a assigns to you)",
                                            style: t.assignee == nil ? .warn : .normal)],
                                keep: 1, drop: [7]))
        // The SLA clocks: side by side when they fit, else one line each, never cut.
        let first = Self.clock("first response", due: d.firstResponseDue, doneAt: t.firstResponseAt, now: now)
        let resolution = Self.clock("resolution", due: d.resolutionDue, doneAt: t.resolvedAt, now: now)
        let both = first + [StyledText("   ")] + resolution
        if both.reduce(0, { $0 + $1.displayWidth }) <= ctx.bodyWidth - 2 {
            header.append(PanelLine(both))
        } else {
            header.append(PanelLine(first, keep: 1))
            header.append(PanelLine(resolution, keep: 1))
        }
        var who: [StyledText] = [StyledText("customer ", style: .dim)]
        if let c = t.customerID {
            who.append(StyledText((t.customerName ?? "#\(c)") + " #\(c)", style: .accent))
            who.append(StyledText(" (c 360)", style: .dim))
        } else { who.append(StyledText("unknown", style: .placeholder)) }
        who.append(StyledText(" · opened \(TimeText.dateTime(t.createdAt)) · \(t.agentReplies) agent replies", style: .dim))
        if let o = d.order {
            who.append(StyledText(" · order ", style: .dim))
            who.append(StyledText(o.externalRef, style: .accent))
            who.append(StyledText(" (o)", style: .dim))
        }
        if let csat = t.csat { who.append(StyledText(" · CSAT \(csat)/5", style: csat >= 4 ? .good : .warn)) }
        header.append(PanelLine(who))
        header.append(PanelLine(""))

        let width = ctx.bodyWidth - 2
        let columnCount = PanelPage.columns([], width: width) >= 2 ? 2 : 1
        let colWidth = columnCount == 2 ? (width - 1) / 2 : width
        let wrapWidth = max(10, colWidth - 4 - 2)

        var thread: [PanelLine] = []
        for m in d.messages {
            let style: StyleRole
            let who: String
            switch m.authorKind {
            case "agent": style = .accent; who = "agent " + m.author
            case "note": style = .warn; who = "NOTE by " + m.author
            default: style = .normal; who = (m.authorKind == "customer" ? "customer " : m.authorKind + " ") + m.author
            }
            var head = [StyledText(TimeText.short(m.at) + " ", style: .dim),
                        StyledText(m.channel.padded(toWidth: 11), style: ViewText.channelStyle(m.channel)),
                        StyledText(" " + who, style: style),
                        StyledText("  " + TimeText.relative(m.at, now: now), style: .dim)]
            if newKeys["msg:\(m.id)"] != nil { head.insert(StyledText("NEW ", style: .new), at: 0) }
            thread.append(PanelLine(head, key: "msg:\(m.id)"))
            for line in m.body.wrapped(toWidth: wrapWidth) { thread.append(PanelLine("  " + line)) }
        }
        let threadPanel = Panel(title: "Thread across channels (\(d.messages.count))", trailing: "n note",
                                lines: thread, empty: "no messages yet")
        var orderLines: [PanelLine] = []
        if let o = d.order {
            let (promise, pstyle) = ViewText.promise(o)
            orderLines.append(PanelLine([StyledText(o.externalRef, style: .accent),
                                         StyledText(" " + o.channel, style: ViewText.channelStyle(o.channel)),
                                         StyledText(" · \(o.status) · \(o.total) · promise "), StyledText(promise, style: pstyle)],
                                        key: "order:\(o.id)", target: .order(id: o.id)))
            orderLines.append(PanelLine("placed \(TimeText.dateTime(o.placedAt)) · \(o.fulfilment)"
                                        + (o.locationName.map { " · " + $0 } ?? ""), style: .dim))
        }
        let orderPanel = Panel(title: "Order", trailing: "o opens", lines: orderLines, empty: "not about an order")
        var customerLines: [PanelLine] = []
        if let c = t.customerID {
            customerLines.append(PanelLine([StyledText(t.customerName ?? "#\(c)", style: .accent),
                                            StyledText(" #\(c) · ↵ or c opens the 360", style: .dim)],
                                           key: "customer:\(c)", target: .customer(id: c)))
            customerLines.append(PanelLine("t on the 360: every ticket of this customer", style: .dim))
        }
        let customerPanel = Panel(title: "Customer", lines: customerLines, empty: "unknown customer")
        let columns: [[Panel]] = columnCount == 2 ? [[threadPanel], [customerPanel, orderPanel]]
            : [[threadPanel, orderPanel, customerPanel]]
        return PanelPage(header: header, columns: columns)
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let inner = Box(title: title).render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        guard let d = detail else {
            let text = loaded ? "No ticket #\(ticketID) in this store · Esc goes back" : "loading ticket #\(ticketID)…"
            canvas.draw(text, x: inner.x, y: inner.y + inner.height / 2, width: inner.width, style: .placeholder, align: .center)
            return
        }
        var pageRect = inner
        if (note != nil || picker != nil) && inner.height > 2 {
            pageRect = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1)
        }
        page(d, ctx).render(into: &canvas, in: pageRect, cursor: cursor)
        let bottom = Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1)
        if let note {
            note.render(into: &canvas, in: bottom, prompt: Self.notePrompt, placeholder: "internal note · ↵ adds · Esc cancels")
        } else if let picker {
            picker.render(into: &canvas, at: bottom, ticket: ticketID)
        }
    }
}
