import OmniStore

/// Tab 1: search customers as you type (see `TypedQuery`: an identity, a phone or card ending,
/// #id, a name or its pinyin), with candidate rows that tell namesakes apart.
/// Each keystroke updates the input; the query runs debounced on the store queue and only the
/// latest answer is shown.
public struct CustomerSearchScreen: Screen {
    public static let kind: ScreenKind = "customers.search"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Customers" }
    public var entities: Set<String> { ["customer", "order"] }
    public static let debounceMs = 80
    public static let limit = 200

    public var input: InputLine
    /// The field has the keyboard (SEARCH mode). The view opens in normal mode, ready: a letter or
    /// digit starts the search, while `:`, `?`, `/` and the F-keys keep their meaning.
    public var inputFocused = false
    public var hits: [CustomerHit] = []
    /// The text the shown hits answer.
    public var answered: String?
    public var scroll = ScrollState()
    public var searching = false
    public var newIDs: [Int64: Int64] = [:]

    public init(text: String = "") {
        input = InputLine(text)
    }

    /// Enter (open the 360) and movement are global bindings; typing goes to the search field.
    public static let bindings: [ActionSpec] = []

    public var capturesText: Bool { inputFocused }
    public var crumb: String { query.isEmpty ? "Customers" : "Customers \"\(query)\"" }

    /// The agent's fast path: with the search empty, any letter or digit starts it; with results
    /// shown, a digit (a phone number) or a key that is no command here starts a new search.
    public mutating func startTyping(_ key: Key, bound: Bool) -> Bool {
        guard case .char(let c) = key, !inputFocused, !":?/ ".contains(c) else { return false }
        if query.isEmpty {
            inputFocused = true
            return true
        }
        guard c.isNumber || !bound else { return false }
        input.setText("")
        inputFocused = true
        return true
    }

    public func cursorPosition(in rect: Rect) -> (x: Int, y: Int)? {
        var scratch = Canvas(width: rect.maxX, height: rect.y + 2)
        let x = input.render(into: &scratch, in: inputRect(rect), prompt: "Search: ")
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
        return [.query(.customerSearch(text: query, limit: Self.limit), debounceMs: debounce)]
    }

    public mutating func input(_ key: Key, _ ctx: ScreenContext) -> [ScreenEffect]? {
        switch key {
        case .down:
            if !hits.isEmpty { inputFocused = false }
            return []
        case .enter:
            guard let hit = selectedHit else { return [] }
            return [.push(Customer360Screen(customerID: hit.id, name: hit.name))]
        case .escape:
            inputFocused = false
            return []
        case .char(":") where input.isEmpty, .char("?") where input.isEmpty:
            // An empty field gives `:` and `?` back to the app (command line, help).
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

    var selectedHit: CustomerHit? {
        hits.isEmpty ? nil : hits[min(max(0, scroll.selected), hits.count - 1)]
    }

    public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        let visible = max(1, ctx.bodyHeight - 5)
        switch action {
        case .moveUp:
            if scroll.selected == 0 { inputFocused = true } else { scroll.move(by: -1, count: hits.count, visible: visible) }
        case .moveDown: scroll.move(by: 1, count: hits.count, visible: visible)
        case .pageUp: scroll.pageUp(count: hits.count, visible: visible)
        case .pageDown: scroll.pageDown(count: hits.count, visible: visible)
        case .top: scroll.top(count: hits.count, visible: visible)
        case .bottom: scroll.bottom(count: hits.count, visible: visible)
        case .open:
            guard let hit = selectedHit else { return [] }
            return [.push(Customer360Screen(customerID: hit.id, name: hit.name))]
        default: break
        }
        return []
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard case .customerHits(let new) = result else { return [] }
        let keep = selectedHit?.id
        let old = Set(hits.map(\.id))
        if answered == query, !old.isEmpty {
            for h in new where !old.contains(h.id) { newIDs[h.id] = ctx.nowMs + 5_000 }
        }
        hits = new
        answered = query
        searching = false
        if let keep, let i = hits.firstIndex(where: { $0.id == keep }) { scroll.selected = i }
        scroll.clamp(count: hits.count, visible: max(1, ctx.bodyHeight - 5))
        return []
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        searching = false
        return []
    }

    public mutating func storeChanged(_ batch: ChangeBatch, _ ctx: ScreenContext) -> [ScreenEffect] {
        search(debounce: 0)
    }

    public mutating func tick(_ ctx: ScreenContext) { newIDs = newIDs.filter { $0.value > ctx.nowMs } }

    /// Candidate columns: what tells namesakes apart (masked phone, city, last order, channel)
    /// outranks the profile figures, which drop first on a narrow terminal.
    static let columns: [TableColumn] = [
        TableColumn("Name", width: .flexible(min: 12, weight: 3), priority: 10),
        TableColumn("Phone", width: .flexible(min: 14, max: 16), priority: 9),
        TableColumn("City", width: .flexible(min: 6, max: 14), priority: 8),
        TableColumn("Last order", width: .fixed(10), priority: 6),
        TableColumn("Channel", width: .flexible(min: 5, max: 11), priority: 5),
        TableColumn("Tier", width: .flexible(min: 6, max: 10), priority: 3),
        TableColumn("Orders", align: .right, width: .fixed(6), priority: 2),
        TableColumn("Lifetime", align: .right, width: .flexible(min: 11, max: 14), priority: 1),
        TableColumn("Matched", width: .flexible(min: 12, max: 24), priority: 7),
    ]

    /// Why a row matched, short: an ending shows its last four digits (`card …0048`).
    static func matchedText(_ h: CustomerHit) -> String {
        switch h.matchedBy {
        case "phone ending", "card ending":
            return "\(h.matchedBy.prefix { $0 != " " }) …\(String((h.matched ?? "").suffix(4)))"
        default:
            return h.matchedBy.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// What the search field shows when a query finds nobody.
    static func emptyMessage(for query: String) -> String {
        if TypedQuery(query).tooFewDigits {
            return "Not an id: #\(query) is customer \(query); \(TypedQuery.minimumSuffixDigits)+ digits match phone and card endings"
        }
        return "No customer matches \"\(query)\""
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let trailing = answered == nil ? nil : "\(hits.count)\(hits.count >= Self.limit ? "+" : "") found"
        let inner = Box(title: "Customers · search", trailingTitle: trailing).render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        let field = Rect(x: inner.x, y: inner.y, width: inner.width, height: 1)
        input.render(into: &canvas, in: field, prompt: "Search: ",
                     placeholder: "phone, last 4 digits, email, openid, card, #id, name or pinyin")
        if !inputFocused { canvas.restyle(x: field.x, y: field.y, width: field.width, style: .dim) }
        let tableRect = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
        guard tableRect.height > 0 else { return }
        let empty: String
        if query.isEmpty { empty = "Type a phone or its last 4 digits, an email, an openid, a card, #id, a name or its pinyin" }
        else if searching && answered != query { empty = "searching…" }
        else { empty = Self.emptyMessage(for: query) }
        let rows = hits.map { h -> TableRow in
            TableRow([TableCell(h.name), TableCell(h.maskedPhone ?? "–"), TableCell(h.city),
                      TableCell(h.lastOrderAt.map { TimeText.date($0) } ?? "–"), TableCell(h.lastChannel ?? "–"),
                      TableCell(h.tier), TableCell(String(h.orderCount)), TableCell(h.lifetimeValue.description),
                      TableCell(Self.matchedText(h), style: .dim)],
                     style: newIDs[h.id] != nil ? .new : (h.kind == "business" ? nil : nil))
        }
        Table(columns: Self.columns, source: ArrayRowSource(rows), state: scroll, emptyMessage: empty,
              showsSelection: !inputFocused || hits.count > 0)
            .render(into: &canvas, in: tableRect)
    }
}
