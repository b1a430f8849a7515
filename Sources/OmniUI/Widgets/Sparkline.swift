/// A one-row chart of values as block heights: `▁▂▃▄▅▆▇█`.
public struct Sparkline: Widget {
    public static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public var values: [Double]
    /// Fixed bottom of the scale (nil: the smallest value). Use 0 for counts.
    public var minimum: Double?
    /// Fixed top of the scale (nil: the largest value).
    public var maximum: Double?
    public var style: StyleRole

    public init(_ values: [Double], minimum: Double? = nil, maximum: Double? = nil, style: StyleRole = .sparkline) {
        self.values = values
        self.minimum = minimum
        self.maximum = maximum
        self.style = style
    }

    /// The sparkline as text, of the last `width` values (all when nil). Non-finite values
    /// show as spaces; a flat series shows as mid-height blocks.
    public func text(width: Int? = nil) -> String {
        let shown = width.map { Array(values.suffix(max(0, $0))) } ?? values
        let finite = shown.filter { $0.isFinite }
        guard let lo0 = minimum ?? finite.min(), let hi0 = maximum ?? finite.max() else {
            return String(repeating: " ", count: shown.count)
        }
        let lo = min(lo0, hi0)
        let hi = max(lo0, hi0)
        var out = ""
        for v in shown {
            guard v.isFinite else {
                out.append(" ")
                continue
            }
            if hi == lo {
                out.append(Self.blocks[3])
                continue
            }
            let t = (min(max(v, lo), hi) - lo) / (hi - lo)
            let i = Int((t * Double(Self.blocks.count - 1)).rounded())
            out.append(Self.blocks[min(max(0, i), Self.blocks.count - 1)])
        }
        return out
    }

    /// Draws the last values that fit, right-aligned, on the first row of `rect`.
    public func render(into canvas: inout Canvas, in rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        canvas.draw(text(width: rect.width), x: rect.x, y: rect.y, width: rect.width, style: style, align: .right)
    }
}
