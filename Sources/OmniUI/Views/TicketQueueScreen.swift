import OmniStore

extension ActionID {
    public static let ticketStatusFilter: ActionID = "tickets.filter-status"
    public static let ticketChannelFilter: ActionID = "tickets.filter-channel"
    public static let ticketPriorityFilter: ActionID = "tickets.filter-priority"
    public static let ticketMineFilter: ActionID = "tickets.filter-mine"
    public static let ticketFilterClear: ActionID = "tickets.filter-clear"
    public static let ticketAssignToMe: ActionID = "ticket.assign"
    public static let ticketStatus: ActionID = "ticket.status"
    public static let ticketPriority: ActionID = "ticket.priority"
    public static let ticketNote: ActionID = "ticket.note"
    public static let ticketCustomer: ActionID = "ticket.customer"
    public static let ticketOrder: ActionID = "ticket.order"
}

/// The filters of the ticket queue (shown in its title).
public struct TicketFilterState: Sendable, Equatable {
    public var channel: String?
    /// nil: the open queue (new, open, pending); "breaching": open and past its SLA.
    public var status: String?
    public var priority: String?
    public var mine = false
    public var customerID: Int64?
    public var customerName: String?
    /// The tickets of one order (a short list read with the order, filtered here).
    public var orderID: Int64?

    public init(channel: String? = nil, status: String? = nil, priority: String? = nil, mine: Bool = false,
                customerID: Int64? = nil, customerName: String? = nil, orderID: Int64? = nil) {
        self.channel = channel
        self.status = status
        self.priority = priority
        self.mine = mine
        self.customerID = customerID
        self.customerName = customerName
        self.orderID = orderID
    }

    public func storeFilter(operator login: String) -> TicketFilter {
        TicketFilter(channel: channel, status: status == "breaching" ? nil : status, priority: priority,
                     assignee: mine ? login : nil, breachingOnly: status == "breaching", customerID: customerID)
    }

    /// For an order's tickets (read unfiltered): whether `t` passes the filters.
    func accepts(_ t: TicketSummary, operator login: String, now: Int64) -> Bool {
        if let c = channel, t.channel != c { return false }
        if let p = priority, t.priority != p { return false }
        if mine, t.assignee != login { return false }
        switch status {
        case nil: return true
        case "breaching": return (t.slaDueAt ?? Int64.max) < now
        case let s?: return t.status == s
        }
    }

    /// "open queue · channel web · priority high · mine".
    public var label: String {
        var parts: [String] = []
        if let name = customerName { parts.append("customer " + name) } else if let id = customerID { parts.append("customer #\(id)") }
        if let o = orderID { parts.append("order #\(o)") }
        switch status {
        case nil: parts.append(orderID == nil ? "open queue" : "all statuses")
        case "breaching": parts.append("BREACHING only")
        case let s?: parts.append("status " + s)
        }
        if let c = channel { parts.append("channel " + c) }
        if let p = priority { parts.append("priority " + p) }
        if mine { parts.append("mine") }
        return parts.joined(separator: " · ")
    }

    static let statusCycle: [String?] = [nil, "breaching", "new", "open", "pending", "solved", "closed"]
    static let channelCycle: [String?] = [nil, "web", "app", "wechat", "marketplace", "store", "callcentre", "b2b"]
    static let priorityCycle: [String?] = [nil, "urgent", "high", "normal", "low"]

    static func next(_ value: String?, in cycle: [String?]) -> String? {
        let i = cycle.firstIndex(of: value) ?? 0
        return cycle[(i + 1) % cycle.count]
    }
}

/// What a ticket row and the detail share: the SLA clock in words, styled (.bad breached,
/// .warn within the hour).
enum TicketText {
    static func sla(_ t: TicketSummary, now: Int64) -> TableCell {
        guard let due = t.slaDueAt else { return TableCell(t.resolvedAt == nil ? "no SLA" : "solved", style: .dim) }
        let style: StyleRole = due < now ? .bad : (due - now < 3_600 ? .warn : .normal)
        return TableCell(TimeText.slaClock(due: due, now: now), style: style)
    }

    static func priorityStyle(_ p: String) -> StyleRole {
        switch p {
        case "urgent": return .bad
        case "high": return .warn
        default: return .normal
        }
    }
}

/// Tab 4: the ticket queue, soonest SLA deadline first (breached ones on top), keyset paged as
/// the cursor nears the end, each row with a live SLA clock. Filters cycle with keys and show in
/// the title. Enter opens the thread; a/s/p act on the selected ticket (writes, audited).
public struct TicketQueueScreen: Screen {
    public static let kind: ScreenKind = "tickets.queue"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Tickets · " + filter.label }
    public var entities: Set<String> { ["ticket"] }
    public static let pageSize = 100
    public static let prefetchMargin = 30

    public var filter: TicketFilterState
    public var rows: [TicketSummary] = []
    public var scroll = ScrollState()
    public var exhausted = false
    public var loaded = false
    /// A status or priority picker, while open.
    public var picker: TicketPicker?
    enum Pending: Sendable, Equatable {
        case none
        case reload(keep: Int64?, limit: Int)
        case more
    }
    var pending: Pending = .none
    public var newIDs: [Int64: Int64] = [:]
    /// The `/` filter over the loaded rows (what the list shows).
    public var text = ""
    /// How many tickets the filter matches in all (counted after each reload), for `12/614`.
    public var total: Int?
    /// `<` `>`: the column the loaded rows are sorted by (nil: soonest SLA first).
    public var sortOrder = ListSort()
    /// The rows shown: every loaded row, or those matching the `/` filter, in the chosen sort.
    public var shown: [TicketSummary] {
        let words = ListFilter.words(text)
        guard !words.isEmpty else { return sorted(rows) }
        return sorted(rows).filter {
            ListFilter.matches(["\($0.id)", $0.subject, $0.status, $0.priority, $0.channel, $0.customerName ?? "",
                                $0.assignee ?? "", $0.team ?? ""], words)
        }
    }

    public init(filter: TicketFilterState = TicketFilterState()) {
        self.filter = filter
    }

    public static let bindings: [ActionSpec] = [
        ActionSpec(.ticketStatusFilter, keys: [.char("f")], name: "status",
                   description: "cycle the queue: open, BREACHING, new, open, pending, solved, closed", scope: .screens([kind])),
        ActionSpec(.ticketChannelFilter, keys: [.char("h")], name: "channel",
                   description: "cycle the channel filter: all, web, app, wechat, marketplace, store, callcentre, b2b",
                   scope: .screens([kind])),
        ActionSpec(.ticketPriorityFilter, keys: [.char("P")], name: "priority filter",
                   description: "cycle the priority filter: all, urgent, high, normal, low", scope: .screens([kind]), hint: false),
        ActionSpec(.ticketMineFilter, keys: [.char("m")], name: "mine", description: "only tickets assigned to me (toggle)",
                   scope: .screens([kind])),
        ActionSpec(.ticketFilterClear, keys: [.char("x")], name: "clear", description: "clear every ticket filter",
                   scope: .screens([kind]), hint: false),
        ActionSpec(.ticketAssignToMe, keys: [.char("a")], name: "assign me", description: "assign the ticket to me (audited)",
                   scope: .screens([kind, TicketDetailScreen.kind]), writes: true),
        ActionSpec(.ticketStatus, keys: [.char("s")], name: "set status",
                   description: "change the ticket's status: new, open, pending, solved, closed (audited)",
                   scope: .screens([kind, TicketDetailScreen.kind]), writes: true),
        ActionSpec(.ticketPriority, keys: [.char("p")], name: "set priority",
                   description: "change the ticket's priority: urgent, high, normal, low (audited)",
                   scope: .screens([kind, TicketDetailScreen.kind]), writes: true),
        ActionSpec(.ticketNote, keys: [.char("n")], name: "note", description: "add an internal note to the thread (audited)",
                   scope: .screens([TicketDetailScreen.kind]), writes: true),
        ActionSpec(.ticketCustomer, keys: [.char("c")], name: "customer", description: "the customer 360 of this ticket",
                   scope: .screens([kind, TicketDetailScreen.kind])),
        ActionSpec(.ticketOrder, keys: [.char("o")], name: "order", description: "the order this ticket is about",
                   scope: .screens([kind, TicketDetailScreen.kind])),
    ]

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] { reload(keep: nil, ctx) }

    public var filterText: String? { text }

    func sorted(_ list: [TicketSummary]) -> [TicketSummary] {
        sortOrder.apply(list) { Self.row($0, now: 0, new: false) }
    }

    public mutating func sort(forward: Bool, _ ctx: ScreenContext) -> Bool {
        let keep = selected?.id
        sortOrder.step(forward: forward, columns: Self.columns.count)
        scroll = ScrollState()
        if let keep, let i = shown.firstIndex(where: { $0.id == keep }) { scroll.selected = i }
        scroll.clamp(count: shown.count, visible: Self.visible(ctx))
        return true
    }
    public var crumb: String { "Tickets" }

    public mutating func setFilter(_ text: String, _ ctx: ScreenContext) -> [ScreenEffect] {
        self.text = text
        scroll = ScrollState()
        return loadMoreIfNeeded(ctx)
    }

    mutating func reload(keep: Int64?, _ ctx: ScreenContext) -> [ScreenEffect] {
        if let order = filter.orderID {
            pending = .reload(keep: keep, limit: Int.max)
            return [.query(.orderDetail(id: order))]
        }
        let limit = min(max(Self.pageSize, rows.count), 1_000)
        pending = .reload(keep: keep, limit: limit)
        return [.query(.ticketPage(filter: filter.storeFilter(operator: ctx.operatorLogin), after: nil, limit: limit))]
    }

    mutating func loadMoreIfNeeded(_ ctx: ScreenContext) -> [ScreenEffect] {
        guard !exhausted, pending == .none, let last = rows.last,
              scroll.selected >= shown.count - Self.prefetchMargin else { return [] }
        pending = .more
        return [.query(.ticketPage(filter: filter.storeFilter(operator: ctx.operatorLogin),
                                   after: TicketQueries.cursor(after: last), limit: Self.pageSize))]
    }

    var selected: TicketSummary? {
        let list = shown
        return list.isEmpty ? nil : list[min(max(0, scroll.selected), list.count - 1)]
    }

    static func visible(_ ctx: ScreenContext) -> Int { max(1, ctx.bodyHeight - 3) }

    public var capturesText: Bool { picker != nil }
    public var inputMode: InputMode { .pick }

    public mutating func input(_ key: Key, _ ctx: ScreenContext) -> [ScreenEffect]? {
        guard let p = picker, let t = selected else {
            picker = nil
            return []
        }
        switch p.choose(key) {
        case .stay: return []
        case .cancel:
            picker = nil
            return []
        case .chosen(let value):
            picker = nil
            return [p.kind == .status ? .query(.ticketSetStatus(id: t.id, status: value))
                                      : .query(.ticketSetPriority(id: t.id, priority: value))]
        }
    }

    public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        let visible = Self.visible(ctx)
        let count = shown.count
        switch action {
        case .moveUp: scroll.move(by: -1, count: count, visible: visible)
        case .moveDown: scroll.move(by: 1, count: count, visible: visible)
        case .pageUp: scroll.pageUp(count: count, visible: visible)
        case .pageDown: scroll.pageDown(count: count, visible: visible)
        case .top: scroll.top(count: count, visible: visible)
        case .bottom: scroll.bottom(count: count, visible: visible)
        case .open:
            guard let t = selected else { return [] }
            return [.push(TicketDetailScreen(ticketID: t.id, subject: t.subject))]
        case .ticketStatusFilter:
            filter.status = TicketFilterState.next(filter.status, in: TicketFilterState.statusCycle)
            return refilter(ctx)
        case .ticketChannelFilter:
            filter.channel = TicketFilterState.next(filter.channel, in: TicketFilterState.channelCycle)
            return refilter(ctx)
        case .ticketPriorityFilter:
            filter.priority = TicketFilterState.next(filter.priority, in: TicketFilterState.priorityCycle)
            return refilter(ctx)
        case .ticketMineFilter:
            filter.mine.toggle()
            return refilter(ctx)
        case .ticketFilterClear:
            filter = TicketFilterState(customerID: filter.customerID, customerName: filter.customerName, orderID: filter.orderID)
            return refilter(ctx)
        case .ticketAssignToMe:
            guard let t = selected else { return [] }
            return [.query(.ticketAssign(id: t.id, to: ctx.operatorLogin))]
        case .ticketStatus:
            if selected != nil { picker = TicketPicker(kind: .status) }
            return []
        case .ticketPriority:
            if selected != nil { picker = TicketPicker(kind: .priority) }
            return []
        case .ticketCustomer:
            guard let t = selected else { return [] }
            guard let c = t.customerID else { return [.toast("ticket #\(t.id) has no known customer")] }
            return [.route(.customer(id: c))]
        case .ticketOrder:
            guard let t = selected else { return [] }
            guard let o = t.orderID else { return [.toast("ticket #\(t.id) is not about an order")] }
            return [.route(.order(id: o))]
        default: return []
        }
        return loadMoreIfNeeded(ctx)
    }

    mutating func refilter(_ ctx: ScreenContext) -> [ScreenEffect] {
        rows = []
        total = nil
        exhausted = false
        loaded = false
        scroll = ScrollState()
        return reload(keep: nil, ctx)
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        switch result {
        case .count(let n):
            total = n
            return loadMoreIfNeeded(ctx)
        case .ticketUpdated(let id):
            return [.toast("ticket #\(id) updated (recorded in the audit log)")] + reload(keep: selected?.id, ctx)
        case .orderDetail(let d):
            let all = (d?.tickets ?? []).filter { filter.accepts($0, operator: ctx.operatorLogin, now: ctx.now) }
            let sorted = all.sorted { ($0.slaDueAt ?? Int64.max, $0.id) < ($1.slaDueAt ?? Int64.max, $1.id) }
            return received(sorted, complete: true, ctx)
        case .ticketPage(let page):
            return received(page, complete: false, ctx)
        default:
            return []
        }
    }

    mutating func received(_ page: [TicketSummary], complete: Bool, _ ctx: ScreenContext) -> [ScreenEffect] {
        let reloaded: Bool = { if case .reload = pending { return true } else { return false } }()
        switch pending {
        case let .reload(keep, limit):
            if loaded {
                let before = Set(rows.map(\.id))
                for t in page where !before.contains(t.id) { newIDs[t.id] = ctx.nowMs + 5_000 }
            }
            rows = page
            exhausted = complete || page.count < limit
            if let keep, let i = shown.firstIndex(where: { $0.id == keep }) {
                let shift = i - scroll.selected
                scroll.selected = i
                scroll.offset += shift
            }
        case .more:
            let known = Set(rows.map(\.id))
            rows += page.filter { !known.contains($0.id) }
            exhausted = page.count < Self.pageSize
        case .none:
            break
        }
        pending = .none
        loaded = true
        scroll.clamp(count: shown.count, visible: Self.visible(ctx))
        // After a reload, count the whole queue (the title's total); then page on as needed.
        if reloaded {
            if exhausted { total = rows.count }
            else { return [.query(.ticketCount(filter: filter.storeFilter(operator: ctx.operatorLogin)))] }
        }
        return loadMoreIfNeeded(ctx)
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        pending = .none
        loaded = true
        return []
    }

    public mutating func storeChanged(_ batch: ChangeBatch, _ ctx: ScreenContext) -> [ScreenEffect] {
        reload(keep: selected?.id, ctx)
    }

    public mutating func tick(_ ctx: ScreenContext) { newIDs = newIDs.filter { $0.value > ctx.nowMs } }

    static let columns: [TableColumn] = [
        TableColumn("SLA", width: .fixed(20), priority: 10),
        TableColumn("#", align: .right, width: .fixed(6), priority: 9),
        TableColumn("Pri", width: .fixed(6), priority: 8),
        TableColumn("Subject", width: .flexible(min: 12, weight: 3), priority: 9),
        TableColumn("Status", width: .fixed(7), priority: 6),
        TableColumn("Channel", width: .flexible(min: 7, max: 11), priority: 5),
        TableColumn("Customer", width: .flexible(min: 8, weight: 2, max: 30), priority: 4),
        TableColumn("Assignee", width: .flexible(min: 8, max: 12), priority: 3),
        TableColumn("Team", width: .flexible(min: 6, max: 14), priority: 1),
    ]

    static func row(_ t: TicketSummary, now: Int64, new: Bool) -> TableRow {
        TableRow([TicketText.sla(t, now: now), TableCell("\(t.id)"),
                  TableCell(t.priority, style: TicketText.priorityStyle(t.priority)), TableCell(t.subject),
                  TableCell(t.status), TableCell(t.channel, style: ViewText.channelStyle(t.channel)),
                  TableCell(t.customerName ?? "–"), TableCell(t.assignee ?? "unassigned", style: t.assignee == nil ? .dim : nil),
                  TableCell(t.team ?? "–", style: .dim)],
                 style: new ? .new : nil)
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let list = shown
        let all = total.map { String(max($0, rows.count)) } ?? "\(rows.count)\(exhausted ? "" : "+")"
        let position = list.isEmpty ? "" : "\(min(scroll.selected, list.count - 1) + 1)/"
            + (text.isEmpty ? all : "\(list.count) of \(all)")
        let order = sortOrder.label(Self.columns)
            ?? (filter.status == "solved" || filter.status == "closed" ? "newest first" : "soonest SLA first")
        let inner = Box(title: title + (text.isEmpty ? "" : " · /" + text) + " · " + order, trailingTitle: position)
            .render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        var tableRect = inner
        if let picker, inner.height > 2 {
            tableRect = Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1)
            picker.render(into: &canvas, at: Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1),
                          ticket: selected?.id)
        }
        let rowsCopy = list
        let newIDs = self.newIDs
        let now = ctx.now
        let source = ClosureRowSource(count: rowsCopy.count) { range in
            range.clamped(to: 0..<rowsCopy.count).map { Self.row(rowsCopy[$0], now: now, new: newIDs[rowsCopy[$0].id] != nil) }
        }
        let empty: String
        if !loaded { empty = "loading tickets…" }
        else if !rows.isEmpty { empty = "No loaded ticket matches /" + text + " · Esc clears the filter" }
        else if filter == TicketFilterState() { empty = "No open tickets: the queue is clear · f shows solved and closed ones" }
        else { empty = "No tickets match " + filter.label + " · x clears the filters" }
        Table(columns: Self.columns, source: source, state: scroll, sort: sortOrder.marker, emptyMessage: empty)
            .render(into: &canvas, in: tableRect)
    }
}

/// A one-key picker for a ticket's status or priority, drawn on the last row of the screen.
public struct TicketPicker: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case status, priority }
    public var kind: Kind

    enum Choice: Equatable { case stay, cancel, chosen(String) }

    var options: [(key: Character, value: String)] {
        switch kind {
        case .status: return [("n", "new"), ("o", "open"), ("p", "pending"), ("s", "solved"), ("c", "closed")]
        case .priority: return [("u", "urgent"), ("h", "high"), ("n", "normal"), ("l", "low")]
        }
    }

    func choose(_ key: Key) -> Choice {
        switch key {
        case .escape: return .cancel
        case .char(let c):
            if let o = options.first(where: { $0.key == c }) { return .chosen(o.value) }
            if let n = c.wholeNumberValue, n >= 1, n <= options.count { return .chosen(options[n - 1].value) }
            return .stay
        default: return .stay
        }
    }

    func render(into canvas: inout Canvas, at rect: Rect, ticket: Int64?) {
        canvas.fill(rect, style: .input)
        var segs = [StyledText((kind == .status ? "status" : "priority") + (ticket.map { " of #\($0)" } ?? "") + ": ",
                               style: .input)]
        for o in options {
            segs.append(StyledText(String(o.key), style: .footerKey))
            segs.append(StyledText(" " + o.value + "  ", style: .input))
        }
        segs.append(StyledText("Esc cancels", style: .input))
        canvas.draw(segs, x: rect.x, y: rect.y, width: rect.width)
    }
}
