import Foundation
import OmniStore

extension ActionID {
    public static let kpiDefinitions: ActionID = "kpi.definitions"
}

/// Tab 5: the KPI board for supervisors. Every figure is a field of `KPIQueries.snapshot` (the
/// same struct `omni kpi --json` prints), drawn as tiles in a grid: three columns at 150+ cells,
/// two at 100+, stacked (j/k scroll) below. Kept current as other processes write, at most one
/// refresh a second however many changes arrive. `d` shows the definitions. Every named figure
/// is selectable (j/k move a ▶ cursor between figures) and Enter opens the rows behind it
/// (`KPIExplainScreen`, by the figure's kebab-case name).
public struct KPIScreen: Screen {
    public static let kind: ScreenKind = "kpis.board"
    public var kind: ScreenKind { Self.kind }
    public var title: String { "KPIs" }
    public var entities: Set<String> { ["order", "ticket", "stock", "customer"] }
    /// Live refreshes are at least this far apart.
    public static let minRefreshMs: Int64 = 1_000

    public var snapshot: KPISnapshot?
    public var loaded = false
    public var scroll = 0
    public var showDefinitions = false
    /// The selected figure's kebab-case name (nil: the first figure).
    public var selectedFigure: String?
    /// When the latest refresh was scheduled to run (ms), for coalescing.
    public var lastRefreshAtMs: Int64 = Int64.min / 2
    /// A coalesced live refresh is scheduled and has not answered yet.
    public var refreshPending = false
    public var refreshes = 0

    public init() {}

    public static let bindings: [ActionSpec] = [
        ActionSpec(.kpiDefinitions, keys: [.char("d")], name: "definitions",
                   description: "how every KPI is defined (the same text as omni kpi --help)", scope: .screens([kind])),
    ]

    public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] {
        lastRefreshAtMs = ctx.nowMs
        refreshes += 1
        return [.query(.kpiSnapshot)]
    }

    /// Coalesces bursts: a refresh runs at once if the last one was a second ago or more, else
    /// it is scheduled (debounced) for one second after the last; newer changes join it.
    public mutating func storeChanged(_ batch: ChangeBatch, _ ctx: ScreenContext) -> [ScreenEffect] {
        // One refresh waiting is enough: it reads the store when it runs, so it sees every change
        // up to then. Re-issuing it would push it back (the context's clock only moves once a
        // second), and a steady stream of writes would starve the pane.
        if refreshPending { return [] }
        refreshPending = true
        let at = max(ctx.nowMs, lastRefreshAtMs > ctx.nowMs ? lastRefreshAtMs : lastRefreshAtMs + Self.minRefreshMs)
        if at != lastRefreshAtMs { refreshes += 1 }
        lastRefreshAtMs = at
        return [.query(.kpiSnapshot, debounceMs: Int(at - ctx.nowMs))]
    }

    public var capturesText: Bool { showDefinitions }
    public var inputMode: InputMode { .help }

    public mutating func input(_ key: Key, _ ctx: ScreenContext) -> [ScreenEffect]? {
        switch key {
        case .escape, .char("d"), .enter:
            showDefinitions = false
            return []
        default:
            return nil
        }
    }

    public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
        let height = max(1, ctx.bodyHeight - 2)
        let total = snapshot.map { Self.board($0, width: max(1, ctx.bodyWidth - 2)).height } ?? 0
        let maxScroll = max(0, total - height)
        let spots = snapshot.map { Self.layout($0, width: max(1, ctx.bodyWidth - 2)).1 } ?? []
        let index = spots.firstIndex { $0.name == selectedFigure } ?? 0
        switch action {
        case .moveDown, .moveUp:
            guard !spots.isEmpty else { scroll += action == .moveDown ? 1 : -1; break }
            let next = min(max(0, index + (action == .moveDown ? 1 : -1)), spots.count - 1)
            selectedFigure = spots[next].name
            let y = spots[next].y
            if y < scroll || (next == 0 && action == .moveUp) { scroll = next == 0 ? 0 : y }
            let shown = total > height ? height - 1 : height  // the last row holds "j/k PgDn" when scrolling
            if y >= scroll + shown { scroll = y - shown + 1 }
        case .pageDown: scroll += max(1, height - 1)
        case .pageUp: scroll -= max(1, height - 1)
        case .top:
            scroll = 0
            selectedFigure = spots.first?.name
        case .bottom:
            scroll = maxScroll
            selectedFigure = spots.last?.name
        case .open:
            guard index < spots.count else { return [] }
            return [.push(KPIExplainScreen(name: spots[index].name))]
        case .kpiDefinitions: showDefinitions.toggle()
        case .openAudit: return [.route(.audit)]
        case .sectionNext, .sectionPrevious:
            // `}` / `{`: the first figure of the next or previous panel.
            guard !spots.isEmpty else { break }
            let panel = spots[index].panel
            var panels: [String] = []
            for s in spots where !panels.contains(s.panel) { panels.append(s.panel) }
            let p = panels.firstIndex(of: panel) ?? 0
            let target = panels[(p + (action == .sectionNext ? 1 : panels.count - 1)) % panels.count]
            if let first = spots.first(where: { $0.panel == target }) {
                selectedFigure = first.name
                scroll = first.top
            }
        default: break
        }
        scroll = min(max(0, scroll), maxScroll)
        if action == .pageDown || action == .pageUp, let first = spots.first(where: { $0.y >= scroll && $0.y < scroll + height }) {
            selectedFigure = first.name
        }
        return []
    }

    public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
        if case .kpiSnapshot(let s) = result {
            snapshot = s
            loaded = true
            refreshPending = false
        }
        return []
    }

    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] {
        loaded = true
        refreshPending = false
        return []
    }

    // MARK: Formatting

    /// `12,345`.
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }

    static func percent(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }

    // MARK: Tiles

    enum Item {
        case text([StyledText])
        case bar(label: String, value: Double, max: Double, text: String)
        case spark(values: [Double], label: String)
        case gauge(label: String, ratio: Ratio, good: Double, warn: Double, higherIsBetter: Bool)
    }

    struct Tile {
        var title: String
        var trailing: String?
        var items: [Item]
        /// The figure each item shows (kebab-case, `KPIExplain` names); nil: not selectable.
        var names: [String?] = []
        var height: Int { items.count + 2 }
    }

    /// Where a selectable figure sits on the board.
    struct FigureSpot: Equatable {
        var name: String
        var x: Int
        var y: Int
        var width: Int
        /// The tile it is in (the `{` `}` jump stops).
        var panel: String = ""
        /// The top row of its tile.
        var top: Int = 0
    }

    /// Under the revenue bars: which day's exchange rates converted today's figures, and the
    /// amounts that had no rate (listed per currency, never added to the net above).
    static func currencyNotes(_ s: KPISnapshot) -> [Item] {
        var notes: [Item] = []
        if let date = s.rateDate {
            let pairs = s.rates.map { "\($0.currency) \(String(format: "%.4g", $0.rate))" }.joined(separator: ", ")
            notes.append(.text([StyledText("converted at rates of \(date): ", style: .dim), StyledText(pairs, style: .dim)]))
        }
        if !s.unconverted.isEmpty {
            let reason = s.fxRatesLoaded ? "no rate" : "no fx rates loaded"
            notes.append(.text([StyledText("+ \(reason): ", style: .warn), StyledText(Money.list(s.unconverted), style: .warn)]))
        }
        return notes
    }

    static func tiles(_ s: KPISnapshot) -> [Tile] {
        let currency = s.todayTotal.net.currency
        let maxNet = Double(s.today.map(\.net.minor).max() ?? 0)
        let maxOrders = Double(s.today.map(\.orders).max() ?? 0)
        var revenue: [Item] = [.text([StyledText("net ", style: .dim), StyledText(s.todayTotal.net.description, style: .title),
                                      StyledText(" · AOV ", style: .dim), StyledText(s.todayTotal.aov.description)])]
        for c in s.today {
            revenue.append(.bar(label: c.channel, value: Double(c.net.minor), max: maxNet, text: c.net.description))
        }
        revenue += currencyNotes(s)
        var orders: [Item] = [.text([StyledText("orders ", style: .dim), StyledText(count(s.todayTotal.orders), style: .title),
                                     StyledText(" · AOV by channel at right", style: .dim)])]
        for c in s.today {
            // No AOV without orders it can average: none today, or none with a rate to convert.
            let aov = c.orders == 0 || (c.aov.minor == 0 && !c.unconverted.isEmpty) ? "–" : c.aov.description
            orders.append(.bar(label: c.channel, value: Double(c.orders), max: maxOrders,
                               text: "\(count(c.orders)) · \(aov)"))
        }
        let perMinute = s.ordersPerMinute
        let minuteTile = Tile(title: "Orders per minute", trailing: "60 min", items: [
            .spark(values: perMinute.map(Double.init), label: ""),
            .text([StyledText("last 60 s ", style: .dim), StyledText(count(s.ordersLast60s)),
                   StyledText(" · 60 min ", style: .dim), StyledText(count(perMinute.reduce(0, +))),
                   StyledText(" · peak ", style: .dim), StyledText(count(perMinute.max() ?? 0))]),
        ])
        let trendTotal = s.revenueTrend.reduce(0, +)
        var trendItems: [Item] = [
            .spark(values: s.revenueTrend.map(Double.init), label: ""),
            .text([StyledText("today ", style: .dim), StyledText(Money(minor: s.revenueTrend.last ?? 0, currency: currency).description),
                   StyledText(" · \(s.trendDays) days ", style: .dim),
                   StyledText(Money(minor: trendTotal, currency: currency).description)]),
        ]
        if !s.trendUnconverted.isEmpty {
            trendItems.append(.text([StyledText("+ no rate: ", style: .warn), StyledText(Money.list(s.trendUnconverted), style: .warn)]))
        }
        trendItems += [
            .spark(values: s.ordersTrend.map(Double.init), label: ""),
            .text([StyledText("orders/day, \(s.trendDays) days: ", style: .dim), StyledText(count(s.ordersTrend.reduce(0, +))),
                   StyledText(" orders", style: .dim)]),
        ]
        let trendTile = Tile(title: "Net revenue", trailing: "\(s.trendDays) days", items: trendItems)
        var funnel: [Item] = []
        let widest = s.funnel.map { $0.stage.count }.max() ?? 8
        for (i, f) in s.funnel.enumerated() {
            var segs = [StyledText((i == 0 ? "" : "→ ") + f.stage.padding(toLength: widest + (i == 0 ? 2 : 0), withPad: " ", startingAt: 0),
                                   style: .accent),
                        StyledText(" " + count(f.count).leftPadded(9))]
            if let c = f.conversion { segs.append(StyledText("  " + percent(c) + " of previous", style: .dim)) }
            funnel.append(.text(segs))
        }
        funnel.append(.text([StyledText("overall purchase ÷ reach ", style: .dim), StyledText(s.funnelOverall.percent, style: .title)]))
        funnel.append(.text([StyledText("customers reached in \(s.windowDays) days, each stage ⊂ the one before"
                                        + (s.funnelAsOf < s.now ? " · as of \(TimeText.clock(s.funnelAsOf)):\(String(format: "%02d", Int(((s.funnelAsOf % 60) + 60) % 60)))" : ""),
                                        style: .dim)]))
        funnel.append(.text([StyledText("beside it: ", style: .dim), StyledText(count(s.buyersOutsideFunnel)),
                             StyledText(" buyers, ", style: .dim), StyledText(count(s.ordersOutsideFunnel)),
                             StyledText(" orders outside tracked journeys", style: .dim)]))
        funnel.append(.gauge(label: "Repeat rate", ratio: s.repeatPurchaseRate, good: 0.3, warn: 0.15, higherIsBetter: true))
        let late = s.onTime.denominator - s.onTime.numerator
        let delivery = Tile(title: "Delivery", trailing: "\(s.windowDays) days", items: [
            .text([StyledText("Late deliveries ", style: .normal), StyledText(count(late), style: late > 0 ? .warn : .good),
                   StyledText(" of \(count(s.onTime.denominator)) delivered", style: .dim)]),
            .gauge(label: "On time", ratio: s.onTime, good: 0.95, warn: 0.9, higherIsBetter: true),
            .gauge(label: "In full", ratio: s.inFull, good: 0.95, warn: 0.9, higherIsBetter: true),
            .gauge(label: "OTIF", ratio: s.otif, good: 0.9, warn: 0.8, higherIsBetter: true),
            .gauge(label: "Return rate", ratio: s.returnRate, good: 0.1, warn: 0.2, higherIsBetter: false),
        ])
        let breaching = s.breachingTickets
        let service = Tile(title: "Service", trailing: nil, items: [
            .text([StyledText("open tickets ", style: .dim), StyledText(count(s.openTickets), style: .title),
                   StyledText(" · breaching now ", style: .dim),
                   StyledText(count(breaching) + (breaching > 0 ? " BREACHED" : " ✓"), style: breaching > 0 ? .bad : .good)]),
            .gauge(label: "1st response", ratio: s.firstResponseSLA, good: 0.95, warn: 0.85, higherIsBetter: true),
            .gauge(label: "Resolution", ratio: s.resolutionSLA, good: 0.95, warn: 0.85, higherIsBetter: true),
            .gauge(label: "First contact", ratio: s.firstContactResolution, good: 0.7, warn: 0.5, higherIsBetter: true),
            .gauge(label: "CSAT", ratio: s.csat, good: 0.85, warn: 0.7, higherIsBetter: true),
        ])
        let stock = Tile(title: "Stock and customers", trailing: nil, items: [
            .gauge(label: "Stock-out", ratio: s.stockOutRate, good: 0.02, warn: 0.05, higherIsBetter: false),
            .text([StyledText("low stock ", style: .dim),
                   StyledText(count(s.lowStock) + (s.lowStock > 0 ? " LOW" : ""), style: s.lowStock > 0 ? .warn : .good),
                   StyledText(" SKU-locations", style: .dim)]),
            .text([StyledText("oversold ", style: .dim),
                   StyledText(count(s.oversold) + (s.oversold > 0 ? " OVERSOLD" : " ✓"), style: s.oversold > 0 ? .bad : .good),
                   StyledText(" SKU-channels", style: .dim)]),
            .text([StyledText("customers ", style: .dim), StyledText(count(s.customers)),
                   StyledText(" · 3 then l lists low stock", style: .dim)]),
        ])
        var all = [Tile(title: "Revenue today by channel", trailing: "net, \(s.reportingCurrency) · UTC day", items: revenue),
                   Tile(title: "Orders today by channel", trailing: "orders · AOV", items: orders),
                   minuteTile, trendTile,
                   Tile(title: "Funnel (customers)", trailing: "\(s.windowDays) days", items: funnel),
                   delivery, service, stock]
        all[0].names = [nil] + s.today.map { "revenue-" + $0.channel }
        all[1].names = [nil] + s.today.map { "orders-" + $0.channel }
        all[4].names = s.funnel.map { "funnel-" + $0.stage } + [nil, nil, nil, "repeat-customers"]
        all[5].names = ["late-deliveries", "on-time", "in-full", "otif", "returns"]
        all[6].names = ["open-tickets", "first-response-missed", "resolution-missed", nil, nil]
        all[7].names = ["stock-outs", "low-stock", nil, "customers"]
        return all
    }

    /// The board drawn at full height for `width`; the screen shows a window of it.
    static func board(_ s: KPISnapshot, width: Int) -> Canvas { layout(s, width: width).0 }

    /// The board and where its selectable figures are, in cursor order.
    static func layout(_ s: KPISnapshot, width: Int) -> (Canvas, [FigureSpot]) {
        let t = tiles(s)
        var spots: [FigureSpot] = []
        let columns: [[Tile]]
        if width >= 150 { columns = [[t[0], t[1]], [t[2], t[3], t[4]], [t[5], t[6], t[7]]] }
        else if width >= 100 { columns = [[t[0], t[1], t[2], t[3]], [t[4], t[5], t[6], t[7]]] }
        else { columns = [t] }
        let headerHeight = 1
        let height = headerHeight + (columns.map { $0.reduce(0) { $0 + $1.height } }.max() ?? 0)
        var canvas = Canvas(width: width, height: height)
        let headline: [StyledText] = [
            StyledText("today ", style: .dim), StyledText("orders " + count(s.todayTotal.orders), style: .title),
            StyledText(" · net " + s.todayTotal.net.description + " · AOV " + s.todayTotal.aov.description),
            StyledText(" · open tickets \(count(s.openTickets))", style: .normal),
            StyledText(" · breaching \(count(s.breachingTickets))", style: s.breachingTickets > 0 ? .bad : .normal),
            StyledText(" · as of " + TimeText.clock(s.now) + " · d definitions", style: .dim),
        ]
        canvas.draw(headline, x: 0, y: 0, width: width)
        let gap = 1
        let colWidth = (width - gap * (columns.count - 1)) / columns.count
        for (c, col) in columns.enumerated() {
            let x = c * (colWidth + gap)
            var y = headerHeight
            for tile in col {
                let rect = Rect(x: x, y: y, width: colWidth, height: tile.height)
                let inner = Box(title: tile.title, trailingTitle: tile.trailing).render(into: &canvas, in: rect)
                let r = Rect(x: inner.x + 1, y: inner.y, width: max(0, inner.width - 2), height: inner.height)
                for (i, item) in tile.items.enumerated() {
                    draw(item, into: &canvas, in: Rect(x: r.x, y: r.y + i, width: r.width, height: 1))
                    if i < tile.names.count, let name = tile.names[i], r.y + i < inner.maxY {
                        spots.append(FigureSpot(name: name, x: inner.x, y: r.y + i, width: inner.width, panel: tile.title,
                                                top: y == headerHeight ? 0 : y))
                    }
                }
                y += tile.height
            }
        }
        return (canvas, spots)
    }

    static func draw(_ item: Item, into canvas: inout Canvas, in rect: Rect) {
        guard rect.width > 0 else { return }
        switch item {
        case .text(let segs):
            canvas.draw(segs, x: rect.x, y: rect.y, width: rect.width)
        case let .bar(label, value, top, text):
            let labelWidth = min(12, rect.width / 4)
            let valueWidth = min(max(text.displayWidth, 8), rect.width / 2)
            canvas.draw(label, x: rect.x, y: rect.y, width: labelWidth, style: ViewText.channelStyle(label))
            let barWidth = max(0, rect.width - labelWidth - valueWidth - 2)
            let fraction = top > 0 ? value / top : 0
            canvas.draw(BarChart.barText(fraction: fraction, width: barWidth), x: rect.x + labelWidth + 1, y: rect.y,
                        width: barWidth, style: .bar)
            canvas.draw(text, x: rect.maxX - valueWidth, y: rect.y, width: valueWidth, style: .normal, align: .right)
        case let .spark(values, _):
            Sparkline(values, minimum: min(0, values.min() ?? 0)).render(into: &canvas, in: rect)
        case let .gauge(label, ratio, good, warn, higherIsBetter):
            let labelWidth = min(13, rect.width / 3)
            canvas.draw(label, x: rect.x, y: rect.y, width: labelWidth, style: .normal)
            let pct = ratio.percent
            let counts = ratio.denominator == 0 ? "no data" : "\(count(ratio.numerator))/\(count(ratio.denominator))"
            // Fixed columns so bars and percentages line up from one gauge to the next.
            let pctWidth = 6
            let countsWidth = rect.width >= 44 ? min(13, max(7, counts.displayWidth)) : 0
            let tailWidth = pctWidth + (countsWidth > 0 ? countsWidth + 1 : 0)
            let barWidth = rect.width - labelWidth - 1 - tailWidth - 1
            let style: StyleRole
            if let v = ratio.value {
                style = higherIsBetter ? (v >= good ? .good : (v >= warn ? .warn : .bad))
                    : (v <= good ? .good : (v <= warn ? .warn : .bad))
            } else { style = .dim }
            if barWidth >= 3 {
                let filled = Int((min(max(ratio.value ?? 0, 0), 1) * Double(barWidth)).rounded())
                let bx = rect.x + labelWidth + 1
                canvas.draw(String(repeating: "█", count: filled), x: bx, y: rect.y, width: filled, style: style)
                canvas.draw(String(repeating: "░", count: barWidth - filled), x: bx + filled, y: rect.y,
                            width: barWidth - filled, style: .dim)
            }
            let tx = rect.maxX - tailWidth
            canvas.draw(pct, x: tx, y: rect.y, width: pctWidth, style: style, align: .right)
            if countsWidth > 0 {
                canvas.draw(counts, x: tx + pctWidth + 1, y: rect.y, width: countsWidth, style: .dim)
            }
        }
    }

    public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) {
        let title = snapshot.map { "KPIs · supervisors · money in \($0.reportingCurrency)" } ?? "KPIs · supervisors"
        let inner = Box(title: title, trailingTitle: "live, ≤ 1 refresh/s").render(into: &canvas, in: rect)
        guard inner.height > 0 else { return }
        guard let s = snapshot else {
            let text = loaded ? "KPIs could not be read (see the footer) · they refresh when the store changes"
                : "loading KPIs…"
            canvas.draw(text, x: inner.x, y: inner.y + inner.height / 2, width: inner.width, style: .placeholder, align: .center)
            return
        }
        let (page, spots) = Self.layout(s, width: inner.width)
        let top = min(max(0, scroll), max(0, page.height - inner.height))
        canvas.fill(inner, style: .normal)
        for row in 0..<min(inner.height, page.height - top) {
            for x in 0..<inner.width { canvas[inner.x + x, inner.y + row] = page[x, top + row] }
        }
        // The selected figure: a ▶ in the tile's margin and the selection style (not colour alone).
        if let spot = spots.first(where: { $0.name == selectedFigure }) ?? spots.first,
           spot.y >= top, spot.y < top + inner.height {
            let y = inner.y + spot.y - top
            canvas.restyle(x: inner.x + spot.x, y: y, width: spot.width, style: .selection)
            canvas.draw(SelectionMarker.selected, x: inner.x + spot.x, y: y, width: 1, style: .selection)
        }
        if page.height > inner.height {
            let more = "\(top + 1)-\(min(page.height, top + inner.height))/\(page.height) j/k PgDn"
            canvas.draw(more, x: inner.x, y: inner.maxY - 1, width: inner.width, style: .dim, align: .right)
        }
        if showDefinitions {
            Modal(title: "KPI definitions", body: KPIText.definitions, footer: "d or Esc closes",
                  width: min(inner.width, 124)).renderModal(into: &canvas, in: inner)
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        let w = displayWidth
        return w >= width ? self : String(repeating: " ", count: width - w) + self
    }
}
