/// View tabs with their number keys: ` 1 Customers  [2 Orders]  3 Stock `. The active tab has
/// the `.tabActive` role and is also bracketed, so it is not told by colour alone.
public struct Tabs: Widget {
    public var labels: [String]
    public var active: Int
    /// Key shown before each label (nil: 1, 2, 3...).
    public var keys: [String]?

    public init(_ labels: [String], active: Int, keys: [String]? = nil) {
        self.labels = labels
        self.active = active
        self.keys = keys
    }

    /// The text of tab `i`: "[2 Orders]" when active, " 2 Orders " otherwise (same width).
    public func tabText(_ i: Int) -> String {
        let key = keys.flatMap { i < $0.count ? $0[i] : nil } ?? String(i + 1)
        let body = key.isEmpty ? labels[i] : key + " " + labels[i]
        return i == active ? "[" + body + "]" : " " + body + " "
    }

    public func render(into canvas: inout Canvas, in rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        canvas.fill(rect.row(0), style: .tab)
        var x = rect.x
        for i in labels.indices {
            guard x < rect.maxX else { break }
            let style: StyleRole = i == active ? .tabActive : .tab
            x += canvas.draw(tabText(i), x: x, y: rect.y, width: rect.maxX - x, style: style)
            x += 1
        }
    }
}
