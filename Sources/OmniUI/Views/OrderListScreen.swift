import OmniStore

extension ActionID {
    public static let orderFilterCycle: ActionID = "orders.filter-status"
    public static let orderChannelCycle: ActionID = "orders.filter-channel"
    public static let orderFulfilmentCycle: ActionID = "orders.filter-fulfilment"
    public static let orderFilterClear: ActionID = "orders.filter-clear"
    public static let orderCustomer: ActionID = "orders.customer"
    public static let orderTickets: ActionID = "orders.tickets"
    public static let orderStock: ActionID = "orders.stock"
}

/// The filters of the orders list (shown in its title).
public struct OrderFilterState: Sendable, Equatable {
    public var text: String = ""
    public var channel: String?
    public var status: String?
    public var fulfilment: String?
    public var lateOnly = false
    public var customerID: Int64?
    public var customerName: String?

    public init(text: String = "", channel: String? = nil, status: String? = nil, fulfilment: String? = nil,
                lateOnly: Bool = false, customerID: Int64? = nil, customerName: String? = nil) {
        self.text = text
        self.channel = channel
        self.status = status
        self.fulfilment = fulfilment
        self.lateOnly = lateOnly
        self.customerID = customerID
        self.customerName = customerName
    }

    public var storeFilter: OrderFilter {
        let t = text.trimmingCharacters(in: .whitespaces)
        return OrderFilter(channel: channel, status: status, fulfilment: fulfilment, customerID: customerID,
                           lateOnly: lateOnly, text: t.isEmpty ? nil : t)
    }

    /// "channel web · late · text W10" or "all channels".
    public var label: String {
        var parts: [String] = []
        if let name = customerName { parts.append("customer " + name) } else if let id = customerID { parts.append("customer #\(id)") }
        parts.append(channel.map { "channel " + $0 } ?? "all channels")
        if let s = status { parts.append("status " + s) }
        if lateOnly { parts.append("LATE only") }
        if let f = fulfilment { parts.append("fulfilment " + f) }
        if !text.isEmpty { parts.append("/" + text) }
        return parts.joined(separator: " · ")
    }

    static let statusCycle: [String?] = [nil, "late", "pending", "paid", "fulfilled", "delivered", "returned", "cancelled"]
    static let channelCycle: [String?] = [nil, "web", "app", "wechat", "marketplace", "store", "callcentre", "b2b"]
    static let fulfilmentCycle: [String?] = [nil, "ship", "pickup", "ship_from_store", "in_store"]

    mutating func cycleStatus() {
        let current: String? = lateOnly ? "late" : status
        let i = Self.statusCycle.firstIndex(of: current) ?? 0
        let next = Self.statusCycle[(i + 1) % Self.statusCycle.count]
        lateOnly = next == "late"
        status = next == "late" ? nil : next
    }

    mutating func cycleChannel() {
        let i = Self.channelCycle.firstIndex(of: channel) ?? 0
        channel = Self.channelCycle[(i + 1) % Self.channelCycle.count]
    }

    mutating func cycleFulfilment() {
        let i = Self.fulfilmentCycle.firstIndex(of: fulfilment) ?? 0
        fulfilment = Self.fulfilmentCycle[(i + 1) % Self.fulfilmentCycle.count]
    }
}

/// Tab 2: every order from every channel, newest first, over the whole table by keyset pages
/// (the next page is fetched as the cursor nears the end; never OFFSET, never everything).
public struct OrderListScreen: Screen {
    public static let kind: ScreenKind = "orders.list"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Orders · " + filter.label }
    public var entities: Set<String> { ["order"] }
    public static let pageSize = 100
    /// Fetch the next page when the selection is this close to the end of what is loaded.
    public static let prefetchMargin = 30

    public var filter: OrderFilterState
    public var rows: [OrderSummary] = []
    public var scroll = ScrollState()
    /// No more rows after the last loaded one.
    public var exhausted = false
    public var loaded = false
    enum Pending: Sendable, Equatable {
        case none
        /// Reloading from the top, then putting the cursor back on this order.
        case reload(keep: Int64?, marking: Bool, limit: Int)
        case more
    }
    var pending: Pending = .none
    public var newIDs: [Int64: Int64] = [:]
    /// How many orders the filter matches in all (counted after each reload), for `12/614`.
    public var total: Int?
    /// `<` `>`: the column the loaded rows are sorted by (nil: newest first).
    public var sortOrder = ListSort()
    /// The loaded rows in the chosen sort.
    public var shown: [OrderSummary] { sortOrder.apply(rows) { Self.row($0, new: false) } }

    public init(filter: OrderFilterState = OrderFilterState()) {
        self.filter = filter
    }

    public static let bindings: [ActionSpec] = [
        ActionSpec(.orderFilterCycle, keys: [.char("f")], name: "status",
                   description: "cycle the status filter: all, LATE, pending, paid, fulfilled, delivered, returned, cancelled",
                   scope: .screens([kind])),
        ActionSpec(.orderChannelCycle, keys: [.char("h")], name: "channel",
                   description: "cycle the channel filter: all, web, app, wechat, marketplace, store, callcentre, b2b",
                   scope: .screens([kind])),
        ActionSpec(.orderFulfilmentCycle, keys: [.char("F")], name: "fulfilment",
                   description: "cycle the fulfilment filter: all, ship, pickup, ship_from_store, in_store",
                   scope: .screens([kind]), hint: false),
        ActionSpec(.orderFilterClear, keys: [.char("x")], name: "clear", description: "clear every order filter",
                   scope: .screens([kind]), hint: false),
        ActionSpec(.orderCustomer, keys: [.char("c")], name: "customer",
                   description: "the customer 360 of this order (Customers view)",
                   scope: .screens([kind, OrderDetailScreen.kind])),
        ActionSpec(.orderTickets, keys: [.char("t")], name: "tickets", description: "tickets linked to this order",
                   scope: .screens([kind, OrderDetailScreen.kind])),
        ActionSpec(.orderStock, keys: [.char("s")], name: "stock",
                   description: "stock of the selected line's SKU (Stock view)", scope: .screens([OrderDetailScreen.kind])),
    ]

    public var filterText: String? { filter.text }

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] { reload(keep: nil, debounce: 0) }

    mutating func reload(keep: Int64?, debounce: Int, marking: Bool = false) -> [ScreenEffect] {
        // Reload as many rows as are loaded now (within reason) so the cursor can stay put.
        let limit = min(max(Self.pageSize, rows.count), 1_000)
        pending = .reload(keep: keep, marking: marking, limit: limit)
        return [.query(.orderPage(filter: filter.storeFilter, after: nil, limit: limit), debounceMs: debounce)]
    }

    mutating func loadMoreIfNeeded() -> [ScreenEffect] {
        guard !exhausted, pending == .none, let last = rows.last,
              scroll.selected >= rows.count - Self.prefetchMargin else { return [] }
        pending = .more
        return [.query(.orderPage(filter: filter.storeFilter, after: OrderCursor(placedAt: last.placedAt, id: last.id),
                                  limit: Self.pageSize))]
    }

    var selected: OrderSummary? {
        guard !rows.isEmpty else { return nil }
        let i = min(max(0, scroll.selected), rows.count - 1)
        return sortOrder.column == nil ? rows[i] : shown[i]
    }

    public var yankText: String? { selected?.externalRef }
    public var crumb: String { filter.customerName.map { "Orders of " + $0 } ?? "Orders" }

    public mutating func sort(forward: Bool, _ ctx: ScreenContext) -> Bool {
        let keep = selected?.id
        sortOrder.step(forward: forward, columns: Self.columns.count)
        if let keep, let i = shown.firstIndex(where: { $0.id == keep }) { scroll.selected = i }
        scroll.clamp(count: rows.count, visible: Self.visible(ctx))
        return true
    }

    static func visible(_ ctx: ScreenContext) -> Int { max(1, ctx.bodyHeight - 3) }

    public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        let visible = Self.visible(ctx)
        switch action {
        case .moveUp: scroll.move(by: -1, count: rows.count, visible: visible)
        case .moveDown: scroll.move(by: 1, count: rows.count, visible: visible)
        case .pageUp: scroll.pageUp(count: rows.count, visible: visible)
        case .pageDown: scroll.pageDown(count: rows.count, visible: visible)
        case .top: scroll.top(count: rows.count, visible: visible)
        case .bottom: scroll.bottom(count: rows.count, visible: visible)
        case .open:
            guard let o = selected else { return [] }
            return [.push(OrderDetailScreen(orderID: o.id, ref: o.externalRef))]
        case .orderFilterCycle:
            filter.cycleStatus()
            return refilter()
        case .orderChannelCycle:
            filter.cycleChannel()
            return refilter()
        case .orderFulfilmentCycle:
            filter.cycleFulfilment()
            return refilter()
        case .orderFilterClear:
            filter = OrderFilterState()
            return refilter()
        case .orderCustomer:
            guard let o = selected else { return [] }
            guard let c = o.customerID else { return [.toast("order \(o.externalRef) has no known customer")] }
            return [.route(.customer(id: c))]
        case .orderTickets:
            guard let o = selected else { return [] }
            return [.route(.ticketsOfOrder(id: o.id))]
        default: return []
        }
        return loadMoreIfNeeded()
    }

    mutating func refilter(debounce: Int = 0) -> [ScreenEffect] {
        rows = []
        total = nil
        exhausted = false
        loaded = false
        scroll = ScrollState()
        return reload(keep: nil, debounce: debounce)
    }

    public mutating func setFilter(_ text: String, _ ctx: ScreenContext) -> [ScreenEffect] {
        filter.text = text
        return refilter(debounce: 80)
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        if case .count(let n) = result {
            total = n
            return loadMoreIfNeeded()
        }
        guard case .orderPage(let page) = result else { return [] }
        let reloaded: Bool = { if case .reload = pending { return true } else { return false } }()
        switch pending {
        case let .reload(keep, marking, limit):
            let before = Set(rows.map(\.id))
            rows = page
            exhausted = page.count < limit
            if marking { for o in page where !before.contains(o.id) { newIDs[o.id] = ctx.nowMs + 5_000 } }
            if let keep, let i = shown.firstIndex(where: { $0.id == keep }) {
                let shift = i - scroll.selected
                scroll.selected = i
                // At the top, stay at the top so new rows show; deeper, keep the rows still.
                if scroll.offset > 0 { scroll.offset += shift }
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
        scroll.clamp(count: rows.count, visible: Self.visible(ctx))
        // After a reload, count the whole list (the title's total); then page on as needed.
        if reloaded {
            if exhausted { total = rows.count } else { return [.query(.orderCount(filter: filter.storeFilter))] }
        }
        return loadMoreIfNeeded()
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        pending = .none
        loaded = true
        return []
    }

    public mutating func storeChanged(_ batch: ChangeBatch, _ ctx: ScreenContext) -> [ScreenEffect] {
        reload(keep: selected?.id, debounce: 0, marking: true)
    }

    public mutating func tick(_ ctx: ScreenContext) { newIDs = newIDs.filter { $0.value > ctx.nowMs } }

    static let columns: [TableColumn] = [
        TableColumn("Order", width: .flexible(min: 9, max: 18), priority: 10),
        TableColumn("Channel", width: .flexible(min: 7, max: 11), priority: 8),
        TableColumn("Placed", width: .fixed(11), priority: 9),
        TableColumn("Customer", width: .flexible(min: 8, weight: 2, max: 30), priority: 6),
        TableColumn("Status", width: .flexible(min: 9, max: 10), priority: 7),
        TableColumn("Fulfilment", width: .flexible(min: 10, max: 15), priority: 3),
        TableColumn("Location", width: .flexible(min: 8, max: 34), priority: 1),
        TableColumn("Total", align: .right, width: .flexible(min: 11, max: 13), priority: 5),
        TableColumn("Units", align: .right, width: .fixed(5), priority: 0),
        TableColumn("Promise", width: .fixed(7), priority: 4),
    ]

    static func row(_ o: OrderSummary, new: Bool) -> TableRow {
        let (promise, pstyle) = ViewText.promise(o)
        return TableRow([TableCell(o.externalRef), TableCell(o.channel, style: ViewText.channelStyle(o.channel)),
                         TableCell(TimeText.short(o.placedAt)), TableCell(o.customerName ?? "–"),
                         TableCell(o.status), TableCell(o.fulfilment), TableCell(o.locationName ?? "–"),
                         TableCell(o.total.description), TableCell(String(o.units)), TableCell(promise, style: pstyle)],
                        style: new ? .new : nil)
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let position = rows.isEmpty ? "" : "\(min(scroll.selected, rows.count - 1) + 1)/"
            + (total.map { String(max($0, rows.count)) } ?? "\(rows.count)\(exhausted ? "" : "+")")
        let inner = Box(title: title + " · " + (sortOrder.label(Self.columns) ?? "newest first"), trailingTitle: position)
            .render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        let rowsCopy = sortOrder.column == nil ? rows : shown
        let newIDs = self.newIDs
        let source = ClosureRowSource(count: rows.count) { range in
            range.clamped(to: 0..<rowsCopy.count).map { Self.row(rowsCopy[$0], new: newIDs[rowsCopy[$0].id] != nil) }
        }
        let empty = loaded ? (filter.storeFilter.isEmpty ? "No orders in this store yet" : "No orders match " + filter.label)
            : "loading orders…"
        Table(columns: Self.columns, source: source, state: scroll, sort: sortOrder.marker, emptyMessage: empty)
            .render(into: &canvas, in: inner)
    }
}
