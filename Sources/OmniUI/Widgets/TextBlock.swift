/// A word-wrapped paragraph (or several, separated by `\n`), sanitised, clipped with "…".
public struct TextBlock: Widget {
    public var text: String
    public var style: StyleRole
    public var align: TextAlign

    public init(_ text: String, style: StyleRole = .normal, align: TextAlign = .left) {
        self.text = text
        self.style = style
        self.align = align
    }

    /// Rows this text needs at `width` (for sizing a modal or a panel).
    public func height(forWidth width: Int) -> Int {
        let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { SafeText.sanitize(String($0)) }
        return paragraphs.joined(separator: "\n").wrapped(toWidth: width).count
    }

    public func render(into canvas: inout Canvas, in rect: Rect) {
        canvas.fill(rect, style: .normal)
        canvas.drawWrapped(text, in: rect, style: style, align: align)
    }
}
