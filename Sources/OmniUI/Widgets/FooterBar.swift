/// A key hint in the footer: key in `.footerKey`, description in `.footer` ("↵ open").
public struct KeyHint: Equatable, Sendable {
    public var key: String
    public var label: String
    public init(_ key: String, _ label: String) {
        self.key = key
        self.label = label
    }
}

/// The bottom bar: key hints on the left (`↵ open  / filter  ? help`) and status segments on
/// the right (busy, errors, row position). Hints that do not fit are dropped whole.
public struct FooterBar: Widget {
    public var hints: [KeyHint]
    public var right: [StyledText]
    public var style: StyleRole

    public init(hints: [KeyHint], right: [StyledText] = [], style: StyleRole = .footer) {
        self.hints = hints
        self.right = right
        self.style = style
    }

    /// The hints as plain text, as drawn when everything fits.
    public var hintText: String { hints.map { $0.key + " " + $0.label }.joined(separator: "  ") }

    public func render(into canvas: inout Canvas, in rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        BarLayout.render(left: [], right: right, separator: "  ", style: style, into: &canvas, in: rect)
        let rightWidth = right.reduce(0) { $0 + $1.displayWidth } + 2 * max(0, right.count - 1)
        let limit = rect.maxX - 1 - rightWidth - (rightWidth > 0 ? 2 : 0)
        var x = rect.x + 1
        for (i, hint) in hints.enumerated() {
            let w = (i > 0 ? 2 : 0) + StyledText(hint.key).displayWidth + 1 + StyledText(hint.label).displayWidth
            guard x + w <= limit else { break }
            if i > 0 { x += 2 }
            x += canvas.draw(hint.key, x: x, y: rect.y, width: limit - x, style: .footerKey)
            x += 1
            x += canvas.draw(hint.label, x: x, y: rect.y, width: limit - x, style: style)
        }
    }
}
