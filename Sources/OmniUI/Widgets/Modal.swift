/// A centred box over the screen with a title and a wrapped body; clears what is beneath.
/// `render` returns the body rect so callers can draw their own content there instead.
public struct Modal: Widget {
    public var title: String
    public var body: String
    /// Hint line at the bottom of the box ("Esc close").
    public var footer: String?
    /// Preferred outer size; clamped to the screen.
    public var width: Int
    /// Preferred outer height (nil: fit the body).
    public var height: Int?

    public init(title: String, body: String = "", footer: String? = nil, width: Int = 60, height: Int? = nil) {
        self.title = title
        self.body = body
        self.footer = footer
        self.width = width
        self.height = height
    }

    /// The outer rect of the modal centred in `screen`.
    public func frame(in screen: Rect) -> Rect {
        let w = min(width, screen.width - 2)
        let bodyHeight = TextBlock(body).height(forWidth: max(1, w - 4))
        let h = height ?? (bodyHeight + 2 + (footer == nil ? 0 : 2))
        return screen.centered(width: max(0, w), height: min(h, screen.height - 2))
    }

    public func render(into canvas: inout Canvas, in rect: Rect) { _ = renderModal(into: &canvas, in: rect) }

    /// Draws the modal centred in `screen` and returns the body rect.
    @discardableResult
    public func renderModal(into canvas: inout Canvas, in screen: Rect) -> Rect {
        let frame = self.frame(in: screen)
        guard frame.width >= 4, frame.height >= 3 else { return Rect(x: frame.x, y: frame.y, width: 0, height: 0) }
        canvas.fill(frame, style: .normal)
        let box = Box(title: title, glyphs: .rounded, padding: EdgeInsets(horizontal: 1, vertical: 0))
        var content = box.render(into: &canvas, in: frame)
        if let footer, content.height >= 3 {
            let (rest, bottom) = content.splitBottom(1)
            canvas.draw(footer, x: bottom.x, y: bottom.y, width: bottom.width, style: .dim, align: .right)
            content = rest.splitBottom(1).0
        }
        canvas.drawWrapped(body, in: content, style: .normal)
        return content
    }
}
