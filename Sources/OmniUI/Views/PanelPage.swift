import Foundation

/// One line of a panel: styled segments, and where Enter goes from it (selectable lines).
struct PanelLine: Sendable {
    var segments: [StyledText]
    /// A stable key for keeping the cursor on the same thing across refreshes ("order:12").
    var key: String?
    var target: Route?
    /// The last `keep` segments carry state (status, LATE, an SLA clock): never cut. When the
    /// line is too wide, the segments in `drop` go first (in that order), then the rest is cut.
    var keep = 0
    var drop: [Int] = []
    /// Long text (a "why", a reason): wrapped onto more lines instead of cut, each continuation
    /// indented by `wrapIndent` cells.
    var wraps = false
    var wrapIndent = 5

    init(_ segments: [StyledText], key: String? = nil, target: Route? = nil, keep: Int = 0, drop: [Int] = []) {
        self.segments = segments
        self.key = key
        self.target = target
        self.keep = keep
        self.drop = drop
    }

    init(_ text: String, style: StyleRole = .normal, key: String? = nil, target: Route? = nil) {
        self.init([StyledText(text, style: style)], key: key, target: target)
    }

    /// A line of long text that wraps.
    static func wrapping(_ text: String, style: StyleRole = .normal, indent: Int = 5) -> PanelLine {
        var line = PanelLine(text, style: style)
        line.wraps = true
        line.wrapIndent = indent
        return line
    }

    var width: Int { segments.reduce(0) { $0 + $1.displayWidth } }

    /// The segments to draw in `width` cells: whole when they fit; else the droppable ones
    /// removed, then the text before the kept tail cut, so the state at the end stays whole.
    func fitted(to width: Int) -> [StyledText] {
        guard self.width > width, keep > 0 || !drop.isEmpty else { return segments }
        var segs = segments
        for i in drop where i < segs.count {
            segs[i] = StyledText("", style: segs[i].style)
            if segs.reduce(0, { $0 + $1.displayWidth }) <= width { return segs }
        }
        let tail = Array(segs.suffix(min(keep, segs.count)))
        let tailWidth = tail.reduce(0) { $0 + $1.displayWidth }
        var room = width - tailWidth
        guard room > 0 else { return tail }
        var head: [StyledText] = []
        for seg in segs.dropLast(min(keep, segs.count)) where room > 0 {
            let w = seg.displayWidth
            if w <= room {
                head.append(seg)
                room -= w
            } else {
                // The cut segment keeps a space before the state that follows it.
                head.append(StyledText(seg.text.truncated(toWidth: max(1, room - 1)) + " ", style: seg.style))
                room = 0
            }
        }
        return head + tail
    }

    /// This line as drawn in `width` cells: one line, or several when it wraps.
    func expanded(to width: Int) -> [PanelLine] {
        guard wraps, self.width > width, width > wrapIndent + 4 else { return [self] }
        let text = segments.map(\.text).joined()
        let style = segments.first?.style ?? .normal
        let first = text.wrapped(toWidth: width)
        guard let head = first.first else { return [self] }
        var out = [PanelLine(head, style: style)]
        let rest = String(text.dropFirst(head.count)).trimmingCharacters(in: .whitespaces)
        let pad = String(repeating: " ", count: wrapIndent)
        for l in rest.wrapped(toWidth: width - wrapIndent) { out.append(PanelLine(pad + l, style: style)) }
        out[0].key = key
        out[0].target = target
        return out
    }
}

/// A titled box of lines.
struct Panel: Sendable {
    var title: String
    var trailing: String?
    var lines: [PanelLine]
    var empty: String = "none"
}

/// Cursor and scroll of a panel page.
public struct PanelCursor: Sendable, Equatable {
    public var selectedKey: String?
    public var scroll: Int = 0
    /// The panel the last `{` `}` jump went to (cleared by any other move).
    public var section: Int?
    public init() {}
}

/// A page of panels laid out in columns (three at 150+ cells, two at 100+, else stacked), drawn
/// into a tall virtual canvas and shown through a scrolling window. Selectable lines (those
/// with a key) form the j/k cursor order.
struct PanelPage {
    var header: [PanelLine]
    var columns: [[Panel]]
    /// Relative column widths (empty: equal).
    var weights: [Int] = []

    struct Selectable {
        var key: String
        var target: Route?
        var x: Int
        var y: Int
        var width: Int
    }

    /// Distributes `panels` over as many columns as `width` allows; the first `pinned` panels stay
    /// in the first column.
    static func columns(_ panels: [Panel], width: Int) -> Int {
        width >= 150 ? 3 : (width >= 100 ? 2 : 1)
    }

    func layout(width: Int) -> PanelLayout {
        let colCount = columns.count
        let gap = 1
        let sizes = (0..<colCount).map { LayoutSize.flex($0 < weights.count ? weights[$0] : 1) }
        let spans = LayoutSize.resolve(sizes, total: width, spacing: gap)
        // Long text wraps at its panel's width (inside the border and the 2-cell indent).
        var columns = self.columns
        for c in columns.indices {
            let inner = max(1, spans[c].length - 4)
            for p in columns[c].indices where columns[c][p].lines.contains(where: \.wraps) {
                columns[c][p].lines = columns[c][p].lines.flatMap { $0.expanded(to: inner) }
            }
        }
        var heights = columns.map { col in col.reduce(0) { $0 + max(1, $1.lines.count) + 2 } }
        if heights.isEmpty { heights = [0] }
        let headerHeight = header.count
        let total = headerHeight + (heights.max() ?? 0)
        var canvas = Canvas(width: width, height: max(1, total))
        var selectable: [Selectable] = []
        var sections: [PanelLayout.Section] = []
        for (i, line) in header.enumerated() {
            canvas.draw(line.fitted(to: width), x: 0, y: i, width: width)
        }
        for (c, col) in columns.enumerated() {
            let x = spans[c].offset
            let colWidth = spans[c].length
            var y = headerHeight
            for panel in col {
                let h = max(1, panel.lines.count) + 2
                let rect = Rect(x: x, y: y, width: colWidth, height: h)
                let inner = Box(title: panel.title, trailingTitle: panel.trailing).render(into: &canvas, in: rect)
                sections.append(PanelLayout.Section(title: panel.title, y: y, firstKey: panel.lines.first { $0.key != nil }?.key))
                if panel.lines.isEmpty {
                    canvas.draw(panel.empty, x: inner.x + 2, y: inner.y, width: inner.width - 2, style: .placeholder)
                }
                for (i, line) in panel.lines.enumerated() {
                    let ly = inner.y + i
                    canvas.draw(line.fitted(to: inner.width - 2), x: inner.x + 2, y: ly, width: inner.width - 2)
                    if let key = line.key {
                        selectable.append(Selectable(key: key, target: line.target, x: inner.x, y: ly, width: inner.width))
                    }
                }
                y += h
            }
        }
        return PanelLayout(canvas: canvas, selectable: selectable, sections: sections)
    }

    /// Moves the cursor to the next (delta > 0) or previous selectable line, or scrolls by pages.
    func move(_ cursor: inout PanelCursor, action: ActionID, width: Int, height: Int) {
        layout(width: width).move(&cursor, action: action, height: height)
    }

    func selected(_ cursor: PanelCursor, width: Int) -> Selectable? {
        layout(width: width).selected(cursor)
    }

    func render(into canvas: inout Canvas, in rect: Rect, cursor: PanelCursor) {
        layout(width: rect.width).render(into: &canvas, in: rect, cursor: cursor)
    }
}

/// A panel page drawn at one width: its tall canvas and its selectable lines in cursor order.
/// Moving the cursor and drawing a frame only read it, so a screen may keep it across frames.
struct PanelLayout {
    var canvas: Canvas
    var selectable: [PanelPage.Selectable]
    /// The panels in drawing order (column by column): the `{` `}` jump stops.
    var sections: [Section] = []

    struct Section {
        var title: String
        var y: Int
        var firstKey: String?
    }

    /// `}` / `{`: the next or previous panel, its first selectable line selected and its top in view.
    func jump(_ cursor: inout PanelCursor, forward: Bool, height: Int) {
        guard !sections.isEmpty else { return }
        let current = selectable.first { $0.key == cursor.selectedKey }
        // The panel holding the selection: the last one that starts at or above it in its column.
        var index: Int? = cursor.section.flatMap { $0 < sections.count ? $0 : nil }
        if index == nil, let key = cursor.selectedKey {
            index = sections.firstIndex { $0.firstKey == key }
            if index == nil, let current {
                index = sections.indices.last { sections[$0].y <= current.y && sectionHolds($0, current) }
            }
        }
        let next: Int
        if let index { next = (index + (forward ? 1 : sections.count - 1)) % sections.count }
        else { next = forward ? 0 : sections.count - 1 }
        show(sections[next], &cursor, height: height)
        cursor.section = next
    }

    /// Jumps to the panel whose title starts with `prefix` (the store's day's A, W, R, K).
    func jump(_ cursor: inout PanelCursor, toTitle prefix: String, height: Int) {
        guard let i = sections.firstIndex(where: { $0.title.hasPrefix(prefix) }) else { return }
        show(sections[i], &cursor, height: height)
        cursor.section = i
    }

    private func sectionHolds(_ i: Int, _ line: PanelPage.Selectable) -> Bool {
        guard let key = sections[i].firstKey, let first = selectable.first(where: { $0.key == key }) else { return false }
        return first.x == line.x
    }

    private func show(_ s: Section, _ cursor: inout PanelCursor, height: Int) {
        if let key = s.firstKey { cursor.selectedKey = key }
        cursor.scroll = min(max(0, s.y), max(0, canvas.height - height))
    }

    func move(_ cursor: inout PanelCursor, action: ActionID, height: Int) {
        let sel = selectable
        let maxScroll = max(0, canvas.height - height)
        cursor.section = nil
        let index = sel.firstIndex { $0.key == cursor.selectedKey }
        switch action {
        case .moveDown:
            if let i = index { if i + 1 < sel.count { cursor.selectedKey = sel[i + 1].key } else { cursor.scroll += 1 } }
            else if let f = sel.first { cursor.selectedKey = f.key } else { cursor.scroll += 1 }
        case .moveUp:
            if let i = index, i > 0 { cursor.selectedKey = sel[i - 1].key } else { cursor.scroll -= 1 }
        case .pageDown:
            cursor.scroll += max(1, height - 1)
            cursor.scroll = min(cursor.scroll, maxScroll)
            if let s = sel.first(where: { $0.y >= cursor.scroll }) { cursor.selectedKey = s.key }
            return clampOnly(&cursor, maxScroll)
        case .pageUp:
            cursor.scroll = max(0, cursor.scroll - max(1, height - 1))
            if let s = sel.first(where: { $0.y >= cursor.scroll }) { cursor.selectedKey = s.key }
            return clampOnly(&cursor, maxScroll)
        case .top:
            cursor.scroll = 0
            cursor.selectedKey = sel.first?.key
        case .bottom:
            cursor.scroll = maxScroll
            cursor.selectedKey = sel.last?.key
        default: break
        }
        clampOnly(&cursor, maxScroll)
        // Keep the selection in view.
        if let s = sel.first(where: { $0.key == cursor.selectedKey }), action == .moveDown || action == .moveUp {
            if s.y < cursor.scroll { cursor.scroll = s.y }
            if s.y >= cursor.scroll + height { cursor.scroll = s.y - height + 1 }
        }
    }

    private func clampOnly(_ cursor: inout PanelCursor, _ maxScroll: Int) {
        cursor.scroll = min(max(0, cursor.scroll), maxScroll)
    }

    func selected(_ cursor: PanelCursor) -> PanelPage.Selectable? {
        selectable.first { $0.key == cursor.selectedKey }
    }

    func render(into canvas: inout Canvas, in rect: Rect, cursor: PanelCursor) {
        let page = self.canvas
        let scroll = min(max(0, cursor.scroll), max(0, page.height - rect.height))
        canvas.fill(rect, style: .normal)
        canvas.copyRows(of: page, from: scroll, count: min(rect.height, page.height - scroll), toX: rect.x, y: rect.y)
        if let s = selected(cursor), s.y >= scroll, s.y < scroll + rect.height {
            let y = rect.y + s.y - scroll
            canvas.restyle(x: rect.x + s.x, y: y, width: s.width, style: .selection)
            canvas.draw(SelectionMarker.selected, x: rect.x + s.x, y: y, width: 1, style: .selection)
        }
        if page.height > rect.height {
            let more = "\(scroll + 1)-\(min(page.height, scroll + rect.height))/\(page.height) PgDn"
            canvas.draw(more, x: rect.x, y: rect.maxY - 1, width: rect.width, style: .dim, align: .right)
        }
    }
}

/// The last layout a screen made and what it was made from. Most frames show the same
/// inputs as the one before (the cursor moved, a toast came and went), so they reuse the
/// layout instead of formatting, measuring and drawing every panel again. Shared by the
/// copies of a screen value; the inputs say when it is stale.
final class PanelLayoutMemo<Inputs: Equatable>: @unchecked Sendable {
    private let lock = NSLock()
    private var last: (inputs: Inputs, layout: PanelLayout)?

    func layout(for inputs: Inputs, make: () -> PanelLayout) -> PanelLayout {
        lock.lock()
        defer { lock.unlock() }
        if let last, last.inputs == inputs { return last.layout }
        let layout = make()
        last = (inputs, layout)
        return layout
    }
}

/// Small text helpers shared by the views.
enum ViewText {
    static func yesNo(_ b: Bool) -> String { b ? "✓" : "✗" }

    static func promise(_ o: OmniStoreOrder) -> (String, StyleRole) {
        if o.late { return ("LATE", .bad) }
        if let d = o.deliveredAt, let p = o.promisedBy { return (d <= p ? "kept" : "LATE", d <= p ? .good : .bad) }
        if o.promisedBy != nil { return ("pending", .dim) }
        return ("–", .dim)
    }

    static func channelStyle(_ channel: String) -> StyleRole {
        switch channel {
        case "web": return .channelWeb
        case "app": return .channelApp
        case "wechat": return .channelWechat
        case "marketplace": return .channelMarketplace
        case "store": return .channelStore
        case "callcentre": return .channelCallCentre
        case "b2b": return .channelB2B
        default: return .normal
        }
    }
}

import OmniStore
typealias OmniStoreOrder = OrderSummary
