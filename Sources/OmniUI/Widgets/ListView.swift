/// One entry of a `ListView`.
public struct ListItem: Equatable, Sendable, ExpressibleByStringLiteral {
    public var text: String
    /// Dimmer text shown right-aligned (a count, a date).
    public var detail: String?
    public var style: StyleRole?

    public init(_ text: String, detail: String? = nil, style: StyleRole? = nil) {
        self.text = text
        self.detail = detail
        self.style = style
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// A single-column selectable list. Items come from a window closure, like `Table`, so only
/// the visible items are asked for.
public struct ListView: Widget {
    public var count: Int
    public var items: (Range<Int>) -> [ListItem]
    public var state: ScrollState
    public var emptyMessage: String
    public var showsSelection: Bool

    public init(count: Int, state: ScrollState = ScrollState(), emptyMessage: String = "Nothing here",
                showsSelection: Bool = true, items: @escaping (Range<Int>) -> [ListItem]) {
        self.count = count
        self.items = items
        self.state = state
        self.emptyMessage = emptyMessage
        self.showsSelection = showsSelection
    }

    public init(items all: [ListItem], state: ScrollState = ScrollState(), emptyMessage: String = "Nothing here",
                showsSelection: Bool = true) {
        self.init(count: all.count, state: state, emptyMessage: emptyMessage, showsSelection: showsSelection) {
            Array(all[$0.clamped(to: 0..<all.count)])
        }
    }

    public func render(into canvas: inout Canvas, in rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        canvas.fill(rect, style: .normal)
        guard count > 0 else {
            canvas.draw(emptyMessage, x: rect.x, y: rect.y + (rect.height - 1) / 2, width: rect.width,
                        style: .placeholder, align: .center)
            return
        }
        let s = state.clamped(count: count, visible: rect.height)
        let shown = items(s.offset..<min(count, s.offset + rect.height))
        let textX = rect.x + SelectionMarker.width
        let textWidth = rect.width - SelectionMarker.width
        for (i, item) in shown.prefix(rect.height).enumerated() {
            let y = rect.y + i
            let selected = showsSelection && s.offset + i == s.selected
            let style: StyleRole = selected ? .selection : (item.style ?? .normal)
            canvas.fill(x: rect.x, y: y, width: rect.width, height: 1, style: style)
            if selected { canvas.draw(SelectionMarker.selected, x: rect.x, y: y, width: 1, style: style) }
            var detailWidth = 0
            if let detail = item.detail, !detail.isEmpty, textWidth > 8 {
                detailWidth = min(StyledText(detail).displayWidth, textWidth / 2)
                canvas.draw(detail, x: rect.maxX - detailWidth, y: y, width: detailWidth,
                            style: selected ? .selection : .dim, align: .right)
                detailWidth += 1
            }
            canvas.draw(item.text, x: textX, y: y, width: textWidth - detailWidth, style: style)
        }
    }
}
