extension Canvas {
    /// Draws `text` on row `y` from column `x` within `width` cells: sanitised (controls and
    /// bidi overrides shown as placeholders), truncated with "…" (never splitting a wide
    /// grapheme), and padded with spaces of `style` when `align` is `.right` or `.center`.
    /// Returns the number of cells used (the whole `width` when padded).
    @discardableResult
    public mutating func draw(_ text: String, x: Int, y: Int, width: Int, style: StyleRole,
                              align: TextAlign = .left) -> Int {
        guard width > 0, y >= 0, y < height else { return 0 }
        let (fitted, used, standalone) = SafeText.sanitize(text).fittedPrefix(toWidth: width)
        var cx = x
        switch align {
        case .left: break
        case .right:
            fill(x: x, y: y, width: width - used, height: 1, style: style)
            cx += width - used
        case .center:
            let left = (width - used) / 2
            fill(x: x, y: y, width: left, height: 1, style: style)
            fill(x: x + left + used, y: y, width: width - used - left, height: 1, style: style)
            cx += left
        }
        for glyph in Glyphs(fitted, standalone: standalone) where glyph.width > 0 {
            put(glyph.text, width: glyph.width, x: cx, y: y, style: style)
            cx += glyph.width
        }
        return align == .left ? used : width
    }

    /// Draws `text` at (x, y) with no width limit other than the canvas edge. Returns cells used.
    @discardableResult
    public mutating func draw(_ text: String, x: Int, y: Int, style: StyleRole) -> Int {
        draw(text, x: x, y: y, width: max(0, width - x), style: style)
    }

    /// Draws `text` into `rect` word-wrapped by display width (CJK may break anywhere; `\n`
    /// starts a new line), sanitised, clipped to the rect's height with "…" on the last line
    /// when text remains. Returns the number of rows used.
    @discardableResult
    public mutating func drawWrapped(_ text: String, in rect: Rect, style: StyleRole,
                                     align: TextAlign = .left) -> Int {
        guard rect.width > 0, rect.height > 0 else { return 0 }
        let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { SafeText.sanitize(String($0)) }
        var lines = paragraphs.joined(separator: "\n").wrapped(toWidth: rect.width)
        if lines.count > rect.height {
            lines = Array(lines.prefix(rect.height))
            let last = lines[lines.count - 1]
            lines[lines.count - 1] = last.displayWidth < rect.width
                ? last + "…" : last.truncated(toWidth: rect.width - 1) + "…"
        }
        for (i, line) in lines.enumerated() {
            draw(line, x: rect.x, y: rect.y + i, width: rect.width, style: style, align: align)
        }
        return lines.count
    }

    /// Draws a run of styled segments on one row, left to right, within `width` cells.
    /// Returns cells used.
    @discardableResult
    public mutating func draw(_ segments: [StyledText], x: Int, y: Int, width: Int) -> Int {
        var used = 0
        for segment in segments where used < width {
            used += draw(segment.text, x: x + used, y: y, width: width - used, style: segment.style)
        }
        return used
    }

    /// Fills `rect` with blanks of `style`.
    public mutating func fill(_ rect: Rect, style: StyleRole) {
        fill(x: rect.x, y: rect.y, width: rect.width, height: rect.height, style: style)
    }
}

/// A piece of text with a meaning (role).
public struct StyledText: Equatable, Sendable {
    public var text: String
    public var style: StyleRole

    public init(_ text: String, style: StyleRole = .normal) {
        self.text = text
        self.style = style
    }

    /// Display width after sanitising (what drawing will take).
    public var displayWidth: Int { SafeText.sanitize(text).displayWidth }
}
