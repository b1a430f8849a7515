import OmniStore

/// Low and out-of-stock SKU-locations across the whole store, with reorder suggestions, keyset
/// paged by stock row as the cursor nears the end (never everything at once). Enter opens the SKU.
public struct LowStockScreen: Screen {
    public static let kind: ScreenKind = "stock.low"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Stock · low and out" }
    public var entities: Set<String> { ["stock"] }
    public static let pageSize = 100
    public static let prefetchMargin = 30

    /// Every row loaded; `rows` is what the list shows (those matching the `/` filter).
    public var loadedRows: [LowStockRow] = []
    /// The `/` filter over the loaded rows.
    public var text = ""
    public var rows: [LowStockRow] {
        let words = ListFilter.words(text)
        guard !words.isEmpty else { return loadedRows }
        return loadedRows.filter { r in ListFilter.matches([r.skuCode, r.skuName, r.locationName], words) }
    }
    public var filterText: String? { text }

    public mutating func setFilter(_ text: String, _ ctx: ScreenContext) -> [ScreenEffect] {
        self.text = text
        scroll = ScrollState()
        return []
    }
    public var scroll = ScrollState()
    public var exhausted = false
    public var loaded = false
    enum Pending: Sendable, Equatable {
        case none
        case reload(keep: Int64?, limit: Int)
        case more
    }
    var pending: Pending = .none

    public init() {}

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] { reload(keep: nil) }

    mutating func reload(keep: Int64?) -> [ScreenEffect] {
        let limit = min(max(Self.pageSize, loadedRows.count), 1_000)
        pending = .reload(keep: keep, limit: limit)
        return [.query(.lowStock(afterStockID: 0, limit: limit))]
    }

    mutating func loadMoreIfNeeded() -> [ScreenEffect] {
        guard !exhausted, pending == .none, let last = loadedRows.last,
              scroll.selected >= rows.count - Self.prefetchMargin else { return [] }
        pending = .more
        return [.query(.lowStock(afterStockID: last.stockID, limit: Self.pageSize))]
    }

    var selected: LowStockRow? { rows.isEmpty ? nil : rows[min(scroll.selected, rows.count - 1)] }

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
            guard let r = selected else { return [] }
            return [.push(StockScreen(skuID: r.skuID, code: r.skuCode))]
        default: return []
        }
        return loadMoreIfNeeded()
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard case .lowStock(let page) = result else { return [] }
        switch pending {
        case let .reload(keep, limit):
            loadedRows = page
            exhausted = page.count < limit
            if let keep, let i = rows.firstIndex(where: { $0.stockID == keep }) {
                let shift = i - scroll.selected
                scroll.selected = i
                scroll.offset += shift
            }
        case .more:
            let known = Set(loadedRows.map(\.stockID))
            loadedRows += page.filter { !known.contains($0.stockID) }
            exhausted = page.count < Self.pageSize
        case .none:
            break
        }
        pending = .none
        loaded = true
        scroll.clamp(count: rows.count, visible: Self.visible(ctx))
        return loadMoreIfNeeded()
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        pending = .none
        loaded = true
        return []
    }

    public mutating func storeChanged(_ batch: ChangeBatch, _ ctx: ScreenContext) -> [ScreenEffect] {
        reload(keep: selected?.stockID)
    }

    static let columns: [TableColumn] = [
        TableColumn("SKU", width: .flexible(min: 12, max: 18), priority: 10),
        TableColumn("Name", width: .flexible(min: 8, weight: 2, max: 48), priority: 3),
        TableColumn("Location", width: .flexible(min: 10, weight: 2, max: 34), priority: 9),
        TableColumn("On hand", align: .right, width: .fixed(7), priority: 6),
        TableColumn("Resv", align: .right, width: .fixed(5), priority: 4),
        TableColumn("Safety", align: .right, width: .fixed(6), priority: 5),
        TableColumn("Reorder", align: .right, width: .fixed(7), priority: 2),
        TableColumn("ATP", align: .right, width: .fixed(8), priority: 8),
        TableColumn("Order", align: .right, width: .fixed(6), priority: 7),
    ]

    /// Available to promise by the one rule the SKU view and the store's day use (never below 0;
    /// the state word says OUT).
    static func atp(_ r: LowStockRow) -> Int {
        Availability.availableToPromise(onHand: r.onHand, reserved: r.reserved, safetyStock: r.safetyStock)
    }

    static func row(_ r: LowStockRow) -> TableRow {
        TableRow([TableCell(r.skuCode, style: .accent), TableCell(r.skuName), TableCell(r.locationName),
                  TableCell(String(r.onHand)), TableCell(String(r.reserved)), TableCell(String(r.safetyStock)),
                  TableCell(String(r.reorderPoint)), StockText.cell(Self.atp(r), r.level),
                  TableCell(r.suggestedOrder > 0 ? "+\(r.suggestedOrder)" : "–", style: r.suggestedOrder > 0 ? .accent : .dim)])
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let position = rows.isEmpty ? "" : "\(min(scroll.selected, rows.count - 1) + 1)/\(rows.count)\(exhausted ? "" : "+")"
        let inner = Box(title: title + " · Order = suggested reorder", trailingTitle: position).render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        let rowsCopy = rows
        let source = ClosureRowSource(count: rows.count) { range in
            range.clamped(to: 0..<rowsCopy.count).map { Self.row(rowsCopy[$0]) }
        }
        let empty = loaded ? "Nothing is low: every SKU-location is above its reorder point · Esc goes back" : "loading low stock…"
        Table(columns: Self.columns, source: source, state: scroll, emptyMessage: empty).render(into: &canvas, in: inner)
    }
}
