import OmniStore

/// Tab 6's root: the locations that serve customers (stores and pickup points), or those
/// matching `:store NAME`. Enter opens the store's day; a `:store` query with one match opens it
/// at once.
public struct StoreListScreen: Screen {
    public static let kind: ScreenKind = "stores.list"
    public var kind: ScreenKind { Self.kind }
    public var title: String { query.isEmpty ? "Stores" : "Stores matching \"\(query)\"" }
    public var entities: Set<String> { [] }

    /// The `:store` text ("" for every store that serves customers).
    public var query: String
    public var stores: [StoreLocation] = []
    public var loaded = false
    public var scroll = ScrollState()
    /// The `/` filter over the listed stores.
    public var text = ""
    /// `<` `>`: the column the list is sorted by.
    public var sortOrder = ListSort()
    public var shown: [StoreLocation] {
        let words = ListFilter.words(text)
        let list = stores.filter { ListFilter.matches([$0.code, $0.name, $0.kind, $0.city], words) }
        return sortOrder.apply(list, row: Self.row)
    }

    public mutating func sort(forward: Bool, _ ctx: ScreenContext) -> Bool {
        let keep = selected?.id
        sortOrder.step(forward: forward, columns: Self.columns.count)
        if let keep, let i = shown.firstIndex(where: { $0.id == keep }) { scroll.selected = i }
        scroll.clamp(count: shown.count, visible: Self.visible(ctx))
        return true
    }
    public var filterText: String? { text }
    public var crumb: String { query.isEmpty ? "Stores" : "Stores \"\(query)\"" }

    public mutating func setFilter(_ text: String, _ ctx: ScreenContext) -> [ScreenEffect] {
        self.text = text
        scroll = ScrollState()
        return []
    }

    /// Opened the single match already (so Esc comes back to this list, not into it again).
    var autoOpened = false

    public init(query: String = "") {
        self.query = query.trimmingCharacters(in: .whitespaces)
    }

    public static let bindings: [ActionSpec] = []

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] {
        [.query(query.isEmpty ? .storeList : .storeLookup(text: query))]
    }

    static func visible(_ ctx: ScreenContext) -> Int { max(1, ctx.bodyHeight - 3) }

    var selected: StoreLocation? {
        let list = shown
        return list.isEmpty ? nil : list[min(max(0, scroll.selected), list.count - 1)]
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
            guard let s = selected else { return [] }
            return [.push(StoreDayScreen(locationID: s.id, name: s.name))]
        default: break
        }
        return []
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard case .stores(let list) = result else { return [] }
        let keep = selected?.id
        stores = list
        loaded = true
        if let keep, let i = shown.firstIndex(where: { $0.id == keep }) { scroll.selected = i }
        scroll.clamp(count: shown.count, visible: Self.visible(ctx))
        if !query.isEmpty, list.count == 1, !autoOpened {
            autoOpened = true
            return [.push(StoreDayScreen(locationID: list[0].id, name: list[0].name))]
        }
        return []
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        loaded = true
        return []
    }

    static let columns: [TableColumn] = [
        TableColumn("Code", width: .flexible(min: 6, max: 12), priority: 9),
        TableColumn("Name", width: .flexible(min: 12, weight: 3, max: 40), priority: 10),
        TableColumn("Kind", width: .flexible(min: 5, max: 10), priority: 3),
        TableColumn("City", width: .flexible(min: 6, weight: 2, max: 20), priority: 6),
        TableColumn("Pickup", width: .fixed(6), priority: 4),
        TableColumn("Ships", width: .fixed(5), priority: 2),
    ]

    static func row(_ s: StoreLocation) -> TableRow {
        TableRow([TableCell(s.code, style: .accent), TableCell(s.name), TableCell(s.kind, style: .dim), TableCell(s.city),
                  TableCell(s.canPickup ? "✓ yes" : "✗ no", style: s.canPickup ? .good : .dim),
                  TableCell(s.canShip ? "✓" : "✗", style: .dim)])
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let list = shown
        let position = list.isEmpty ? "" : "\(min(scroll.selected, list.count - 1) + 1)/\(list.count)"
            + (text.isEmpty ? "" : " of \(stores.count)")
        let inner = Box(title: title + (text.isEmpty ? "" : " · /" + text) + (sortOrder.label(Self.columns).map { " · " + $0 } ?? "")
                        + " · ↵ the store's day", trailingTitle: position)
            .render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        let rows = list.map(Self.row)
        let empty = loaded ? (!stores.isEmpty ? "No store matches /\(text) · Esc clears the filter"
                              : query.isEmpty ? "No store serves customers in this store file"
                                            : "No location matches \"\(query)\" · try :store with a code, a name or a city")
            : "loading stores…"
        Table(columns: Self.columns, source: ArrayRowSource(rows), state: scroll, sort: sortOrder.marker, emptyMessage: empty)
            .render(into: &canvas, in: inner)
    }
}
