import OmniStore

extension ActionID {
    public static let confirmSuggestion: ActionID = "merges.confirm"
    public static let rejectSuggestion: ActionID = "merges.reject"
}

/// Suggested merges waiting for a person (`:merges`, or `m` in the customer search): the list,
/// and for the selected suggestion the two profiles side by side (identities masked, city,
/// orders, the last orders) with the rule and its evidence. `c` confirms, `x` rejects, each
/// after a confirmation; both need the 'merge' right and write one audit row.
public struct MergeReviewScreen: Screen {
    public static let kind: ScreenKind = "customers.merges"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "Customers · merges to review" }
    public var entities: Set<String> { ["customer"] }
    public static let limit = 500

    public var rows: [MergeReview.Record] = []
    public var sides: (keeps: MergeReview.Side?, joins: MergeReview.Side?)?
    var sidesFor: Int64?
    public var loaded = false
    public var scroll = ScrollState()
    var confirmation: Confirmation?

    public init() {}

    public static let bindings: [ActionSpec] = [
        ActionSpec(.confirmSuggestion, keys: [.char("c")], name: "confirm",
                   description: "merge the two profiles of the selected suggestion (asks first; role with 'merge': agent, supervisor)",
                   scope: .screens([kind]), writes: true),
        ActionSpec(.rejectSuggestion, keys: [.char("x")], name: "reject",
                   description: "mark the selected suggestion as two different people (asks first; 'merge' right)",
                   scope: .screens([kind]), writes: true),
    ]

    public var capturesText: Bool { confirmation != nil }
    /// While a question is open the keyboard answers it: the footer says CONFIRM.
    public var inputMode: InputMode { .confirm }

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] { [.query(.mergeSuggestions(limit: Self.limit))] }

    static func listHeight(_ ctx: ScreenContext) -> Int { max(3, (ctx.bodyHeight - 2) / 3) }
    static func visible(_ ctx: ScreenContext) -> Int { max(1, listHeight(ctx) - 1) }

    var selected: MergeReview.Record? { rows.isEmpty ? nil : rows[min(scroll.selected, rows.count - 1)] }

    mutating func sidesQuery() -> [ScreenEffect] {
        guard let s = selected, s.id != sidesFor else { return [] }
        return [.query(.mergeSides(survivorID: s.survivorID, mergedID: s.mergedID))]
    }

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
            if let s = selected { return [.route(.customer(id: s.survivorID))] }
        case .confirmSuggestion:
            guard let s = selected else { return [] }
            confirmation = Confirmation(
                title: "Confirm suggestion #\(s.id)",
                body: "Merge #\(s.mergedID) \(s.mergedName) into #\(s.survivorID) \(s.survivorName)? Its orders, tickets, "
                    + "identities, carts and appointments move to #\(s.survivorID); the merge can be undone from the 360. "
                    + "Recorded in the audit log.",
                yes: "merge", query: .decideSuggestion(mergeID: s.id, confirm: true))
        case .rejectSuggestion:
            guard let s = selected else { return [] }
            confirmation = Confirmation(
                title: "Reject suggestion #\(s.id)",
                body: "#\(s.survivorID) \(s.survivorName) and #\(s.mergedID) \(s.mergedName) are different people: they stay apart "
                    + "and are never suggested again. Recorded in the audit log.",
                yes: "reject", query: .decideSuggestion(mergeID: s.id, confirm: false))
        default: break
        }
        return sidesQuery()
    }

    public mutating func input(_ key: Key, _ ctx: ScreenContext) -> [ScreenEffect]? {
        guard let c = confirmation else { return nil }
        let (effects, open) = c.answer(key)
        if !open { confirmation = nil }
        return effects
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        switch result {
        case .mergeSuggestions(let list):
            let keep = selected?.id
            rows = list
            loaded = true
            if let keep, let i = rows.firstIndex(where: { $0.id == keep }) { scroll.selected = i }
            scroll.clamp(count: rows.count, visible: Self.visible(ctx))
            sidesFor = nil
            sides = nil
            return sidesQuery()
        case let .mergeSides(keeps, joins):
            sides = (keeps, joins)
            sidesFor = selected?.id
        case let .suggestionDecided(id, confirmed, survivor):
            let text = confirmed ? "suggestion #\(id) confirmed: one customer now, #\(survivor ?? 0)"
                : "suggestion #\(id) rejected: the two customers stay apart"
            return [.toast(text)] + start(ctx)
        default: break
        }
        return []
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        loaded = true
        return []
    }

    static let columns: [TableColumn] = [
        TableColumn("#", align: .right, width: .fixed(5), priority: 10),
        TableColumn("Keeps", width: .flexible(min: 12, max: 24), priority: 9),
        TableColumn("Joins", width: .flexible(min: 12, max: 24), priority: 9),
        TableColumn("Rule", width: .flexible(min: 10, max: 20), priority: 6),
        TableColumn("Evidence", width: .flexible(min: 12, weight: 3), priority: 5),
    ]

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let trailing = rows.isEmpty ? "" : "\(rows.count)\(rows.count >= Self.limit ? "+" : "") waiting · c confirm · x reject"
        let inner = Box(title: title, trailingTitle: trailing).render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        let (listRect, rest) = inner.splitTop(Self.listHeight(ctx))
        let table = rows.map { r in
            TableRow([TableCell(String(r.id), style: .accent), TableCell("#\(r.survivorID) \(r.survivorName)"),
                      TableCell("#\(r.mergedID) \(r.mergedName)"), TableCell(r.rule, style: .warn), TableCell(r.evidence, style: .dim)])
        }
        let empty = loaded ? "No suggested merges waiting for review · Esc goes back" : "loading suggested merges…"
        Table(columns: Self.columns, source: ArrayRowSource(table), state: scroll, emptyMessage: empty).render(into: &canvas, in: listRect)
        if let s = selected, rest.height > 2 {
            let (evidenceRow, sidesRect) = rest.splitTop(2)
            canvas.draw("\(s.rule): \(s.evidence) · suggested by \(s.createdBy) \(TimeText.date(s.createdAt))",
                        x: evidenceRow.x, y: evidenceRow.y + 1, width: evidenceRow.width, style: .accent)
            let halves = sidesRect.columns([.flex(1), .flex(1)], spacing: 1)
            drawSide(sides?.keeps, title: "Keeps #\(s.survivorID)", into: &canvas, in: halves[0], now: ctx.now)
            drawSide(sides?.joins, title: "Joins #\(s.mergedID)", into: &canvas, in: halves[1], now: ctx.now)
        }
        confirmation?.render(into: &canvas, in: inner)
    }

    func drawSide(_ side: MergeReview.Side?, title: String, into canvas: inout Canvas, in rect: Rect, now: Int64) {
        let box = Box(title: title).render(into: &canvas, in: rect)
        guard box.height > 0 else { return }
        guard let side else {
            canvas.draw(sides == nil ? "loading…" : "customer not found", x: box.x, y: box.y, width: box.width, style: .placeholder)
            return
        }
        var lines: [(String, StyleRole)] = [
            (side.name, .title),
            ("\(side.city.isEmpty ? "no city" : side.city) · \(side.tier) · \(side.orderCount) orders", .normal),
        ]
        if let into = side.mergedInto { lines.append(("already merged into #\(into)", .warn)) }
        lines.append(("identities", .dim))
        if side.identities.isEmpty { lines.append(("  none", .dim)) }
        for i in side.identities { lines.append(("  \(i.kind) \(i.masked) · \(i.channel)", .normal)) }
        lines.append(("last orders", .dim))
        if side.lastOrders.isEmpty { lines.append(("  none", .dim)) }
        for o in side.lastOrders {
            lines.append(("  \(o.externalRef) \(o.channel) \(TimeText.date(o.placedAt)) \(Money(minor: o.total, currency: o.currency))", .normal))
        }
        for (i, line) in lines.prefix(box.height).enumerated() {
            canvas.draw(line.0, x: box.x, y: box.y + i, width: box.width, style: line.1)
        }
    }
}
