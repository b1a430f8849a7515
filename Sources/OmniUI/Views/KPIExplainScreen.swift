import Foundation
import OmniStore

/// The rows behind one KPI figure (Enter on a figure of the KPI board): its definition on top,
/// its window, the figure and how many rows are behind it, and those rows in a list. Enter on a
/// row drills further (order, ticket, customer 360, SKU stock); Esc goes back. A live change
/// re-reads the figure and the rows together, in one read, so they always agree.
public struct KPIExplainScreen: Screen {
    public static let kind: ScreenKind = "kpis.explain"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "KPI · " + (explanation?.title ?? name) }
    public var entities: Set<String> { ["order", "ticket", "stock", "customer"] }
    public static let limit = 200
    public static let minRefreshMs: Int64 = 1_000

    /// The figure's kebab-case name (`late-deliveries`).
    public var name: String
    public var explanation: KPIExplanation?
    public var loaded = false
    public var missing = false
    public var scroll = ScrollState()
    public var lastRefreshAtMs: Int64 = Int64.min / 2
    /// How many rows are read: a page of `limit`, one more page each time the cursor reaches the
    /// end of what is listed, so every row behind the figure can be reached. Refreshes keep it.
    public var rowLimit = KPIExplainScreen.limit
    /// A larger page was asked for and has not arrived yet.
    public var loadingMore = false

    public init(name: String) { self.name = name }

    public static let bindings: [ActionSpec] = []

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] {
        lastRefreshAtMs = ctx.nowMs
        return [.query(.kpiExplain(name: name, limit: rowLimit))]
    }

    /// At most one refresh a second, as the board itself.
    public mutating func storeChanged(_ batch: ChangeBatch, _ ctx: ScreenContext) -> [ScreenEffect] {
        let at = max(ctx.nowMs, lastRefreshAtMs > ctx.nowMs ? lastRefreshAtMs : lastRefreshAtMs + Self.minRefreshMs)
        lastRefreshAtMs = at
        return [.query(.kpiExplain(name: name, limit: rowLimit), debounceMs: Int(at - ctx.nowMs))]
    }

    /// Lines above the table: definition (up to 3), window, figure.
    static let headerHeight = 5
    static func visible(_ ctx: ScreenContext) -> Int { max(1, ctx.bodyHeight - 2 - headerHeight - 1) }

    var rowCount: Int { explanation?.rows.count ?? 0 }

    /// Ids of the selected row, to keep the cursor on it across refreshes.
    static func key(_ rows: KPIExplainRows, _ i: Int) -> String? {
        guard i >= 0, i < rows.count else { return nil }
        switch rows {
        case .orders(let r): return "o\(r[i].id)"
        case .tickets(let r): return "t\(r[i].id)"
        case .stock(let r): return "s\(r[i].stockID)"
        case .customers(let r): return "c\(r[i].id)"
        case .touchpoints(let r): return "p\(r[i].id)"
        case .returns(let r): return "r\(r[i].id)"
        }
    }

    /// Where Enter goes from row `i`.
    static func target(_ rows: KPIExplainRows, _ i: Int) -> Route? {
        guard i >= 0, i < rows.count else { return nil }
        switch rows {
        case .orders(let r): return .order(id: r[i].id)
        case .tickets(let r): return .ticket(id: r[i].id)
        case .stock(let r): return .skuID(r[i].skuID)
        case .customers(let r): return .customer(id: r[i].id)
        case .touchpoints(let r): return .customer(id: r[i].customerID)
        case .returns(let r): return .order(id: r[i].orderID)
        }
    }

    public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        let visible = Self.visible(ctx)
        switch action {
        case .moveUp: scroll.move(by: -1, count: rowCount, visible: visible)
        case .moveDown: scroll.move(by: 1, count: rowCount, visible: visible)
        case .pageUp: scroll.pageUp(count: rowCount, visible: visible)
        case .pageDown: scroll.pageDown(count: rowCount, visible: visible)
        case .top: scroll.top(count: rowCount, visible: visible)
        case .bottom: scroll.bottom(count: rowCount, visible: visible)
        case .open:
            guard let rows = explanation?.rows, let route = Self.target(rows, scroll.selected) else { return [] }
            if case .stock(let r) = rows {
                let row = r[scroll.selected]
                return [.push(MovementScreen(skuID: row.skuID, skuCode: row.skuCode, locationID: row.locationID,
                                             locationName: row.locationName))]
            }
            return [.route(route)]
        default: break
        }
        // The cursor on the last listed row of a longer list: read the next page with it.
        if let e = explanation, e.truncated, !loadingMore, rowCount > 0, scroll.selected >= rowCount - 1,
           [.moveDown, .pageDown, .bottom].contains(action) {
            rowLimit += Self.limit
            loadingMore = true
            return [.query(.kpiExplain(name: name, limit: rowLimit))]
        }
        return []
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        guard case .kpiExplanation(let value) = result else { return [] }
        let keep = explanation.flatMap { Self.key($0.rows, scroll.selected) }
        explanation = value
        loaded = true
        loadingMore = false
        missing = value == nil
        if let keep, let rows = value?.rows, let i = (0..<rows.count).first(where: { Self.key(rows, $0) == keep }) {
            let shift = i - scroll.selected
            scroll.selected = i
            scroll.offset += shift
        }
        scroll.clamp(count: rowCount, visible: Self.visible(ctx))
        return []
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        loaded = true
        loadingMore = false
        return []
    }

    // MARK: Drawing

    static func windowText(_ w: KPIWindow) -> String {
        switch (w.from, w.to) {
        case let (from?, to?): return "\(w.label): \(TimeText.dateTime(from)) → \(TimeText.dateTime(to))"
        case let (from?, nil): return "\(w.label): since \(TimeText.dateTime(from))"
        default: return w.label
        }
    }

    static func figureText(_ e: KPIExplanation) -> String {
        if e.currency != nil { return e.figureText }
        return KPIScreen.count(Int(e.figure)) + " " + e.unit
    }

    func table(_ rows: KPIExplainRows) -> ([TableColumn], [TableRow]) {
        func time(_ t: Int64?) -> String { t.map { TimeText.short($0) } ?? "–" }
        switch rows {
        case .orders(let r):
            return ([TableColumn("Order", width: .flexible(min: 8, max: 12), priority: 10),
                     TableColumn("Channel", width: .flexible(min: 6, max: 11), priority: 6),
                     TableColumn("Customer", width: .flexible(min: 8, weight: 2, max: 20), priority: 8),
                     TableColumn("Status", width: .flexible(min: 6, max: 10), priority: 3),
                     TableColumn("Placed", width: .fixed(11), priority: 4),
                     TableColumn("Promised", width: .fixed(11), priority: 7),
                     TableColumn("Delivered", width: .fixed(11), priority: 7),
                     TableColumn("Full", width: .fixed(4), priority: 2),
                     TableColumn("Net", align: .right, width: .flexible(min: 8, max: 13), priority: 5)],
                    r.map { o in
                        let late = (o.deliveredAt ?? 0) > (o.promisedBy ?? Int64.max)
                        return TableRow([TableCell(o.externalRef, style: .accent), TableCell(o.channel, style: ViewText.channelStyle(o.channel)),
                                         TableCell(o.customerName ?? "guest"), TableCell(o.status), TableCell(time(o.placedAt)),
                                         TableCell(time(o.promisedBy)),
                                         TableCell(time(o.deliveredAt) + (late ? " LATE" : ""), style: late ? .bad : .normal),
                                         TableCell(o.inFull ? "✓" : "✗"), TableCell(o.net.description)])
                    })
        case .tickets(let r):
            return ([TableColumn("Ticket", width: .fixed(7), priority: 10),
                     TableColumn("Subject", width: .flexible(min: 10, weight: 3, max: 40), priority: 9),
                     TableColumn("Customer", width: .flexible(min: 8, weight: 2, max: 18), priority: 6),
                     TableColumn("Status", width: .flexible(min: 6, max: 9), priority: 5),
                     TableColumn("Prio", width: .flexible(min: 4, max: 7), priority: 3),
                     TableColumn("Assignee", width: .flexible(min: 6, max: 12), priority: 2),
                     TableColumn("SLA due", width: .fixed(11), priority: 7)],
                    r.map { t in
                        TableRow([TableCell("#\(t.id)", style: .accent), TableCell(t.subject), TableCell(t.customerName ?? "–"),
                                  TableCell(t.status), TableCell(t.priority), TableCell(t.assignee ?? "–", style: .dim),
                                  TableCell(time(t.slaDueAt))])
                    })
        case .stock(let r):
            return ([TableColumn("SKU", width: .flexible(min: 10, max: 18), priority: 10),
                     TableColumn("Location", width: .flexible(min: 10, weight: 2, max: 34), priority: 9),
                     TableColumn("On hand", align: .right, width: .fixed(7), priority: 6),
                     TableColumn("Resv", align: .right, width: .fixed(5), priority: 4),
                     TableColumn("Safety", align: .right, width: .fixed(6), priority: 3),
                     TableColumn("Reorder", align: .right, width: .fixed(7), priority: 2),
                     TableColumn("Free", align: .right, width: .fixed(8), priority: 8)],
                    r.map { s in
                        TableRow([TableCell(s.skuCode, style: .accent), TableCell(s.locationName), TableCell(String(s.onHand)),
                                  TableCell(String(s.reserved)), TableCell(String(s.safetyStock)), TableCell(String(s.reorderPoint)),
                                  TableCell("\(s.available)" + (s.available <= 0 ? " OUT" : (s.available <= s.reorderPoint ? " LOW" : "")),
                                            style: s.available <= 0 ? .bad : .warn)])
                    })
        case .customers(let r):
            return ([TableColumn("Customer", width: .flexible(min: 10, weight: 2, max: 24), priority: 10),
                     TableColumn("#", width: .fixed(8), priority: 4),
                     TableColumn("Stage", width: .flexible(min: 6, max: 10), priority: 8),
                     TableColumn("Orders", align: .right, width: .fixed(6), priority: 7),
                     TableColumn("Last order", width: .fixed(11), priority: 6),
                     TableColumn("Last channel", width: .flexible(min: 6, max: 12), priority: 3),
                     TableColumn("Lifetime", align: .right, width: .flexible(min: 8, max: 13), priority: 5)],
                    r.map { c in
                        TableRow([TableCell(c.name), TableCell("#\(c.id)", style: .dim), TableCell(c.stage), TableCell(String(c.orderCount)),
                                  TableCell(time(c.lastOrderAt)), TableCell(c.lastChannel ?? "–", style: .dim),
                                  TableCell(c.lifetimeValue.description)])
                    })
        case .touchpoints(let r):
            return ([TableColumn("At", width: .fixed(11), priority: 8),
                     TableColumn("Customer", width: .flexible(min: 8, weight: 2, max: 20), priority: 9),
                     TableColumn("Channel", width: .flexible(min: 6, max: 11), priority: 6),
                     TableColumn("Kind", width: .flexible(min: 6, max: 14), priority: 10),
                     TableColumn("Detail", width: .flexible(min: 6, weight: 3, max: 40), priority: 3)],
                    r.map { t in
                        TableRow([TableCell(time(t.at)), TableCell(t.customerName ?? "#\(t.customerID)"),
                                  TableCell(t.channel, style: ViewText.channelStyle(t.channel)), TableCell(t.kind), TableCell(t.detail, style: .dim)])
                    })
        case .returns(let r):
            return ([TableColumn("Return", width: .fixed(8), priority: 7),
                     TableColumn("Order", width: .fixed(8), priority: 9),
                     TableColumn("SKU", width: .flexible(min: 8, max: 18), priority: 10),
                     TableColumn("Qty", align: .right, width: .fixed(4), priority: 8),
                     TableColumn("Status", width: .flexible(min: 6, max: 10), priority: 5),
                     TableColumn("Reason", width: .flexible(min: 6, weight: 2, max: 24), priority: 4),
                     TableColumn("Created", width: .fixed(11), priority: 6)],
                    r.map { x in
                        TableRow([TableCell("#\(x.id)", style: .dim), TableCell("#\(x.orderID)", style: .accent), TableCell(x.skuCode ?? "?"),
                                  TableCell(String(x.quantity)), TableCell(x.status), TableCell(x.reason), TableCell(time(x.createdAt))])
                    })
        }
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let position = rowCount == 0 ? "" : "\(min(scroll.selected, rowCount - 1) + 1)/\(rowCount)"
        let inner = Box(title: title, trailingTitle: position).render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        guard let e = explanation else {
            let text = missing ? "No KPI figure named \"\(name)\" · omni kpi --json lists them"
                : (loaded ? "The figure could not be read (see the footer)" : "loading the rows behind \(name)…")
            canvas.draw(text, x: inner.x, y: inner.y + inner.height / 2, width: inner.width, style: .placeholder, align: .center)
            return
        }
        let defRect = Rect(x: inner.x, y: inner.y, width: inner.width, height: min(3, inner.height))
        canvas.fill(defRect, style: .normal)
        StockText.flow([StyledText(e.title + ": ", style: .title)] + e.definition.split(separator: " ").map { StyledText($0 + " ") },
                       into: &canvas, in: defRect)
        if inner.height > 4 {
            canvas.draw("window: " + Self.windowText(e.window), x: inner.x, y: inner.y + 3, width: inner.width, style: .dim)
            var figure: [StyledText] = [StyledText("figure ", style: .dim), StyledText(Self.figureText(e), style: .title),
                                        StyledText(" · rows behind it ", style: .dim), StyledText(KPIScreen.count(e.count), style: .title)]
            if e.rowsFigure != e.figure {
                figure.append(StyledText(" · ⚠ rows add up to \(e.rowsFigure): the rollup drifted (omni doctor)", style: .warn))
            }
            if e.truncated {
                figure.append(StyledText(loadingMore ? " · \(KPIScreen.count(e.rows.count)) listed, loading more…"
                                                      : " · \(KPIScreen.count(e.rows.count)) listed, ↓ at the end lists more", style: .dim))
            }
            figure.append(StyledText(" · ↵ open a row · Esc back", style: .dim))
            canvas.draw(figure, x: inner.x, y: inner.y + 4, width: inner.width)
        }
        let top = Self.headerHeight
        guard inner.height > top else { return }
        let tableRect = Rect(x: inner.x, y: inner.y + top, width: inner.width, height: inner.height - top)
        let (columns, rows) = table(e.rows)
        Table(columns: columns, source: ArrayRowSource(rows), state: scroll,
              emptyMessage: "no rows behind this figure in its window").render(into: &canvas, in: tableRect)
    }
}
