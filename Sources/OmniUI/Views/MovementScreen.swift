import OmniStore

/// The ledger behind a stock number: movements of one SKU (at one location, or everywhere),
/// newest first: on-hand delta, reserved delta, reason, reference, operator.
public struct MovementScreen: Screen {
    public static let kind: ScreenKind = "stock.movements"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Ledger · \(skuCode) · " + (locationName ?? "every location") }
    public var entities: Set<String> { ["stock"] }
    public static let limit = 500

    public var skuID: Int64
    public var skuCode: String
    public var locationID: Int64?
    public var locationName: String?
    /// Every row loaded; `rows` is what the list shows (those matching the `/` filter).
    public var loadedRows: [MovementInfo] = []
    /// The `/` filter over the loaded rows.
    public var text = ""
    public var rows: [MovementInfo] {
        let words = ListFilter.words(text)
        guard !words.isEmpty else { return loadedRows }
        return loadedRows.filter { r in ListFilter.matches([r.locationName, r.reason, r.ref, r.operatorLogin, TimeText.short(r.at)], words) }
    }
    public var filterText: String? { text }

    public mutating func setFilter(_ text: String, _ ctx: ScreenContext) -> [ScreenEffect] {
        self.text = text
        scroll = ScrollState()
        return []
    }
    public var loaded = false
    public var scroll = ScrollState()
    public var newIDs: [Int64: Int64] = [:]

    public init(skuID: Int64, skuCode: String, locationID: Int64? = nil, locationName: String? = nil) {
        self.skuID = skuID
        self.skuCode = skuCode
        self.locationID = locationID
        self.locationName = locationName
    }

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] {
        [.query(.movements(skuID: skuID, locationID: locationID, limit: Self.limit))]
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
        default: break
        }
        return []
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard case .movements(let list) = result else { return [] }
        let keep = rows.isEmpty ? nil : rows[min(scroll.selected, rows.count - 1)].id
        if loaded {
            let old = Set(loadedRows.map(\.id))
            for m in list where !old.contains(m.id) { newIDs[m.id] = ctx.nowMs + 5_000 }
        }
        loadedRows = list
        loaded = true
        if let keep, let i = rows.firstIndex(where: { $0.id == keep }) {
            let shift = i - scroll.selected
            scroll.selected = i
            scroll.offset += shift
        }
        scroll.clamp(count: rows.count, visible: Self.visible(ctx))
        return []
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        loaded = true
        return []
    }

    public mutating func tick(_ ctx: ScreenContext) { newIDs = newIDs.filter { $0.value > ctx.nowMs } }

    var columns: [TableColumn] {
        var cols = [
            TableColumn("When", width: .fixed(11), priority: 10),
            TableColumn("Δ on hand", align: .right, width: .fixed(9), priority: 9),
            TableColumn("Δ reserved", align: .right, width: .fixed(10), priority: 8),
            TableColumn("Reason", width: .flexible(min: 8, max: 16), priority: 7),
            TableColumn("Ref", width: .flexible(min: 8, weight: 2, max: 24), priority: 6),
            TableColumn("Operator", width: .flexible(min: 8, max: 14), priority: 5),
        ]
        if locationID == nil { cols.insert(TableColumn("Location", width: .flexible(min: 10, max: 34), priority: 4), at: 1) }
        return cols
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let position = rows.isEmpty ? "" : "\(min(scroll.selected, rows.count - 1) + 1)/\(rows.count)"
            + (text.isEmpty ? "" : " of \(loadedRows.count)") + (loadedRows.count >= Self.limit ? "+" : "")
        let inner = Box(title: title + (text.isEmpty ? "" : " · /" + text) + " · newest first", trailingTitle: position)
            .render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        let all = locationID == nil
        let table = rows.map { m -> TableRow in
            var cells = [TableCell(TimeText.short(m.at)),
                         TableCell(StockText.signed(m.delta), style: m.delta < 0 ? .warn : (m.delta > 0 ? .good : .dim)),
                         TableCell(StockText.signed(m.reservedDelta), style: m.reservedDelta == 0 ? .dim : nil),
                         TableCell(m.reason), TableCell(m.ref.isEmpty ? "–" : m.ref), TableCell(m.operatorLogin, style: .dim)]
            if all { cells.insert(TableCell(m.locationName), at: 1) }
            return TableRow(cells, style: newIDs[m.id] != nil ? .new : nil)
        }
        let empty = loaded ? "No movements recorded for \(skuCode) here · Esc goes back to the stock" : "loading the ledger…"
        Table(columns: columns, source: ArrayRowSource(table), state: scroll, emptyMessage: empty)
            .render(into: &canvas, in: inner)
    }
}
