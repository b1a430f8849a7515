import OmniStore

/// Tab 3: find a SKU by code, channel SKU code or name, as you type (debounced; the latest
/// answer wins). Enter opens its stock in every location; `l` low stock, `u` unmapped codes.
public struct StockSearchScreen: Screen {
    public static let kind: ScreenKind = "stock.search"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Stock" }
    public var entities: Set<String> { [] }
    public static let debounceMs = 80
    public static let limit = 100

    public var input: InputLine
    /// The SKU field has the keyboard (SEARCH mode); `/` enters it, Esc leaves it.
    public var inputFocused = false
    public var hits: [SKUInfo] = []
    /// The text the shown hits answer.
    public var answered: String?
    public var scroll = ScrollState()
    public var searching = false

    public init(text: String = "") {
        input = InputLine(text)
    }

    public static let bindings: [ActionSpec] = [
        ActionSpec(.stockLowList, keys: [.char("l")], name: "low stock",
                   description: "low and out-of-stock SKUs in every location, with reorder suggestions",
                   scope: .screens([kind, StockScreen.kind])),
        ActionSpec(.stockUnmapped, keys: [.char("u")], name: "unmapped",
                   description: "channel SKU codes that map to no SKU", scope: .screens([kind, StockScreen.kind])),
    ]

    public var capturesText: Bool { inputFocused }
    public var crumb: String { query.isEmpty ? "Stock" : "Stock \"\(query)\"" }
    public var yankText: String? { inputFocused ? nil : selectedHit?.code }

    public func cursorPosition(in rect: Rect) -> (x: Int, y: Int)? {
        var scratch = Canvas(width: rect.maxX, height: rect.y + 2)
        let x = input.render(into: &scratch, in: inputRect(rect), prompt: "SKU: ")
        return (x, inputRect(rect).y)
    }

    func inputRect(_ rect: Rect) -> Rect { Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: 1) }

    var query: String { input.text.trimmingCharacters(in: .whitespaces) }

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] { search(debounce: 0) }

    mutating func search(debounce: Int) -> [ScreenEffect] {
        guard !query.isEmpty else {
            hits = []
            answered = nil
            searching = false
            return []
        }
        searching = true
        return [.query(.findSKUs(text: query, limit: Self.limit), debounceMs: debounce)]
    }

    var selectedHit: SKUInfo? { hits.isEmpty ? nil : hits[min(max(0, scroll.selected), hits.count - 1)] }

    func openSelected() -> [ScreenEffect] {
        guard let hit = selectedHit else { return [] }
        return [.push(StockScreen(skuID: hit.id, code: hit.code))]
    }

    public mutating func input(_ key: Key, _ ctx: ScreenContext) -> [ScreenEffect]? {
        switch key {
        case .down:
            if !hits.isEmpty { inputFocused = false }
            return []
        case .enter:
            return openSelected()
        case .escape:
            inputFocused = false
            return []
        case .char(":") where input.isEmpty, .char("?") where input.isEmpty:
            inputFocused = false
            return nil
        default:
            let before = input.text
            guard input.handle(key) else { return nil }
            if input.text != before {
                scroll = ScrollState()
                return search(debounce: Self.debounceMs)
            }
            return []
        }
    }

    public mutating func focusInput() -> Bool {
        inputFocused = true
        return true
    }

    static func visible(_ ctx: ScreenContext) -> Int { max(1, ctx.bodyHeight - 5) }

    public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        let visible = Self.visible(ctx)
        switch action {
        case .moveUp:
            if scroll.selected == 0 { inputFocused = true } else { scroll.move(by: -1, count: hits.count, visible: visible) }
        case .moveDown: scroll.move(by: 1, count: hits.count, visible: visible)
        case .pageUp: scroll.pageUp(count: hits.count, visible: visible)
        case .pageDown: scroll.pageDown(count: hits.count, visible: visible)
        case .top: scroll.top(count: hits.count, visible: visible)
        case .bottom: scroll.bottom(count: hits.count, visible: visible)
        case .open: return openSelected()
        case .stockLowList: return [.push(LowStockScreen())]
        case .stockUnmapped: return [.push(StockUnmappedScreen())]
        default: break
        }
        return []
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard case .skus(let new) = result else { return [] }
        let keep = selectedHit?.id
        hits = new
        answered = query
        searching = false
        if let keep, let i = hits.firstIndex(where: { $0.id == keep }) { scroll.selected = i }
        scroll.clamp(count: hits.count, visible: Self.visible(ctx))
        return []
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        searching = false
        return []
    }

    static let columns: [TableColumn] = [
        TableColumn("Code", width: .flexible(min: 12, max: 20), priority: 10),
        TableColumn("Name", width: .flexible(min: 12, weight: 3), priority: 9),
        TableColumn("Colour", width: .flexible(min: 6, max: 16), priority: 4),
        TableColumn("Size", width: .fixed(5), priority: 5),
        TableColumn("Price", align: .right, width: .flexible(min: 9, max: 12), priority: 6),
        TableColumn("Matched by", width: .flexible(min: 10, max: 26), priority: 7),
    ]

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let trailing = answered == nil ? "l low stock · u unmapped"
            : "\(hits.count)\(hits.count >= Self.limit ? "+" : "") found"
        let inner = Box(title: "Stock · find a SKU", trailingTitle: trailing).render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        let field = Rect(x: inner.x, y: inner.y, width: inner.width, height: 1)
        input.render(into: &canvas, in: field, prompt: "SKU: ", placeholder: "SKU code, channel SKU code or name")
        if !inputFocused { canvas.restyle(x: field.x, y: field.y, width: field.width, style: .dim) }
        let tableRect = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
        guard tableRect.height > 0 else { return }
        let empty: String
        if query.isEmpty {
            empty = inputFocused ? "Type a SKU code, e.g. TEE-RED-M, a channel code or a name · Esc leaves the field"
                : "/ and type a SKU code, e.g. TEE-RED-M, a channel code or a name · l low stock · u unmapped"
        } else if searching && answered != query { empty = "searching…" }
        else { empty = "No SKU matches \"\(query)\" · try part of the code or the name" }
        let rows = hits.map { s in
            TableRow([TableCell(s.code, style: .accent), TableCell(s.name), TableCell(s.color), TableCell(s.size),
                      TableCell(s.price.description), TableCell(s.matchedBy, style: .dim)])
        }
        Table(columns: Self.columns, source: ArrayRowSource(rows), state: scroll, emptyMessage: empty,
              showsSelection: !inputFocused || !hits.isEmpty)
            .render(into: &canvas, in: tableRect)
    }
}
