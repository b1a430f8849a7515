import OmniStore

/// Channel SKU codes that map to no SKU: the inconsistent codes across channels a merchandiser
/// has to fix (orders with them cannot reserve stock).
public struct StockUnmappedScreen: Screen {
    public static let kind: ScreenKind = "stock.unmapped"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Stock · unmapped channel codes" }
    public var entities: Set<String> { ["stock"] }
    public static let limit = 1_000

    /// Every row loaded; `rows` is what the list shows (those matching the `/` filter).
    public var loadedRows: [UnmappedChannelSKU] = []
    /// The `/` filter over the loaded rows.
    public var text = ""
    public var rows: [UnmappedChannelSKU] {
        let words = ListFilter.words(text)
        guard !words.isEmpty else { return loadedRows }
        return loadedRows.filter { r in ListFilter.matches([r.channel, r.code], words) }
    }
    public var filterText: String? { text }

    public mutating func setFilter(_ text: String, _ ctx: ScreenContext) -> [ScreenEffect] {
        self.text = text
        scroll = ScrollState()
        return []
    }
    public var loaded = false
    public var scroll = ScrollState()

    public init() {}

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] { [.query(.unmappedChannelCodes(limit: Self.limit))] }

    static func visible(_ ctx: ScreenContext) -> Int { max(1, ctx.bodyHeight - 3) }

    var selected: UnmappedChannelSKU? { rows.isEmpty ? nil : rows[min(scroll.selected, rows.count - 1)] }

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
            // The closest canonical SKUs by code, to map it to.
            guard let r = selected else { return [] }
            return [.push(StockSearchScreen(text: r.code))]
        default: break
        }
        return []
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard case .unmappedChannelCodes(let list) = result else { return [] }
        let keep = selected
        loadedRows = list
        loaded = true
        if let keep, let i = rows.firstIndex(of: keep) { scroll.selected = i }
        scroll.clamp(count: rows.count, visible: Self.visible(ctx))
        return []
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        loaded = true
        return []
    }

    static let columns: [TableColumn] = [
        TableColumn("Channel", width: .flexible(min: 10, max: 14), priority: 10),
        TableColumn("Channel SKU code", width: .flexible(min: 16, weight: 3), priority: 9),
        TableColumn("Maps to", width: .flexible(min: 12, max: 30), priority: 5),
    ]

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let trailing = rows.isEmpty ? "" : "\(rows.count)" + (text.isEmpty ? "" : " of \(loadedRows.count)")
            + "\(loadedRows.count >= Self.limit ? "+" : "") codes"
        let inner = Box(title: title + " · ↵ searches SKUs for the code", trailingTitle: trailing).render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        let table = rows.map { r in
            TableRow([TableCell(r.channel, style: ViewText.channelStyle(r.channel)), TableCell(r.code, style: .accent),
                      TableCell("✗ no SKU", style: .bad)])
        }
        let empty = loaded ? "Every channel SKU code maps to a SKU · Esc goes back" : "loading channel codes…"
        Table(columns: Self.columns, source: ArrayRowSource(table), state: scroll, emptyMessage: empty)
            .render(into: &canvas, in: inner)
    }
}
