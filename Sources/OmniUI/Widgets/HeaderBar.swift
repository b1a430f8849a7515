/// The top bar: segments on the left (store, operator, role) and on the right (live status,
/// clock). The right side wins space; left segments are truncated first.
public struct HeaderBar: Widget {
    public var left: [StyledText]
    public var right: [StyledText]
    public var style: StyleRole
    public var separator: String

    public init(left: [StyledText], right: [StyledText] = [], style: StyleRole = .header, separator: String = "  ") {
        self.left = left
        self.right = right
        self.style = style
        self.separator = separator
    }

    public func render(into canvas: inout Canvas, in rect: Rect) {
        BarLayout.render(left: left, right: right, separator: separator, style: style, into: &canvas, in: rect)
    }
}

/// Shared left/right segment layout of header and footer bars.
enum BarLayout {
    static func render(left: [StyledText], right: [StyledText], separator: String, style: StyleRole,
                       into canvas: inout Canvas, in rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        let y = rect.y
        canvas.fill(rect.row(0), style: style)
        let inner = Rect(x: rect.x + 1, y: y, width: rect.width - 2, height: 1)
        let sepWidth = separator.displayWidth
        let rightWidth = right.reduce(0) { $0 + $1.displayWidth } + sepWidth * max(0, right.count - 1)
        let rightShown = min(rightWidth, inner.width)
        var x = inner.maxX - rightShown
        for (i, seg) in right.enumerated() where x < inner.maxX {
            if i > 0 { x += canvas.draw(separator, x: x, y: y, width: inner.maxX - x, style: style) }
            x += canvas.draw(seg.text, x: x, y: y, width: inner.maxX - x, style: seg.style)
        }
        let leftLimit = inner.maxX - rightShown - (rightShown > 0 ? 2 : 0)
        x = inner.x
        for (i, seg) in left.enumerated() where x < leftLimit {
            if i > 0 { x += canvas.draw(separator, x: x, y: y, width: leftLimit - x, style: style) }
            x += canvas.draw(seg.text, x: x, y: y, width: leftLimit - x, style: seg.style)
        }
    }
}
