/// Line characters for a box border.
public struct BorderGlyphs: Equatable, Sendable {
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character

    public init(horizontal: Character, vertical: Character, topLeft: Character, topRight: Character,
                bottomLeft: Character, bottomRight: Character) {
        self.horizontal = horizontal
        self.vertical = vertical
        self.topLeft = topLeft
        self.topRight = topRight
        self.bottomLeft = bottomLeft
        self.bottomRight = bottomRight
    }

    public static let single = BorderGlyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
                                            bottomLeft: "└", bottomRight: "┘")
    public static let rounded = BorderGlyphs(horizontal: "─", vertical: "│", topLeft: "╭", topRight: "╮",
                                             bottomLeft: "╰", bottomRight: "╯")
    public static let double = BorderGlyphs(horizontal: "═", vertical: "║", topLeft: "╔", topRight: "╗",
                                            bottomLeft: "╚", bottomRight: "╝")
    public static let heavy = BorderGlyphs(horizontal: "━", vertical: "┃", topLeft: "┏", topRight: "┓",
                                           bottomLeft: "┗", bottomRight: "┛")
    public static let ascii = BorderGlyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
                                           bottomLeft: "+", bottomRight: "+")
}

/// A bordered box with an optional title in the top border (`┌─ Orders ───┐`) and padding.
public struct Box: Sendable {
    public var title: String?
    /// Text on the right of the top border (a count, a position such as "12/340").
    public var trailingTitle: String?
    public var glyphs: BorderGlyphs
    public var borderStyle: StyleRole
    public var titleStyle: StyleRole
    public var padding: EdgeInsets
    /// When set, the inside is cleared to this style before drawing.
    public var fillStyle: StyleRole?

    public init(title: String? = nil, trailingTitle: String? = nil, glyphs: BorderGlyphs = .single,
                borderStyle: StyleRole = .border, titleStyle: StyleRole = .title,
                padding: EdgeInsets = EdgeInsets(), fillStyle: StyleRole? = nil) {
        self.title = title
        self.trailingTitle = trailingTitle
        self.glyphs = glyphs
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.padding = padding
        self.fillStyle = fillStyle
    }

    /// The content area for a box drawn in `rect` (inside the border and padding).
    public func contentRect(in rect: Rect) -> Rect { rect.inset(by: 1).inset(by: padding) }

    /// Draws the border (and title) in `rect` and returns the content rect.
    @discardableResult
    public func render(into canvas: inout Canvas, in rect: Rect) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        if let fillStyle { canvas.fill(rect.inset(by: 1), style: fillStyle) }
        let g = glyphs
        let h = String(g.horizontal)
        let v = String(g.vertical)
        canvas.put(String(g.topLeft), width: 1, x: rect.x, y: rect.y, style: borderStyle)
        canvas.put(String(g.topRight), width: 1, x: rect.maxX - 1, y: rect.y, style: borderStyle)
        canvas.put(String(g.bottomLeft), width: 1, x: rect.x, y: rect.maxY - 1, style: borderStyle)
        canvas.put(String(g.bottomRight), width: 1, x: rect.maxX - 1, y: rect.maxY - 1, style: borderStyle)
        for cx in (rect.x + 1)..<(rect.maxX - 1) {
            canvas.put(h, width: 1, x: cx, y: rect.y, style: borderStyle)
            canvas.put(h, width: 1, x: cx, y: rect.maxY - 1, style: borderStyle)
        }
        for cy in (rect.y + 1)..<(rect.maxY - 1) {
            canvas.put(v, width: 1, x: rect.x, y: cy, style: borderStyle)
            canvas.put(v, width: 1, x: rect.maxX - 1, y: cy, style: borderStyle)
        }
        // Titles sit inside the top border with a space either side: "┌─ Title ─…─ 3/9 ─┐".
        let inner = rect.width - 4
        var rightUsed = 0
        if let trailing = trailingTitle, !trailing.isEmpty, inner > 6 {
            let t = " " + SafeText.sanitize(trailing).truncated(toWidth: max(1, inner / 3)) + " "
            rightUsed = t.displayWidth
            canvas.draw(t, x: rect.maxX - 2 - rightUsed, y: rect.y, width: rightUsed, style: titleStyle)
        }
        if let title, !title.isEmpty, inner - rightUsed > 2 {
            let t = " " + SafeText.sanitize(title).truncated(toWidth: inner - rightUsed - 3) + " "
            canvas.draw(t, x: rect.x + 2, y: rect.y, width: t.displayWidth, style: titleStyle)
        }
        return contentRect(in: rect)
    }
}
