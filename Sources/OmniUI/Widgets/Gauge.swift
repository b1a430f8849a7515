/// A labelled percentage bar: `SLA ██████████████░░ 92.3%`. The fill style can follow
/// thresholds (good / warn / bad) and the number is always written, so it is not colour-only.
public struct Gauge: Widget {
    public var label: String
    /// 0...1 (clamped when drawn).
    public var fraction: Double
    /// Role of the filled part; `styleFor` overrides it when given.
    public var style: StyleRole
    public var styleFor: (@Sendable (Double) -> StyleRole)?

    public init(_ label: String, fraction: Double, style: StyleRole = .bar,
                styleFor: (@Sendable (Double) -> StyleRole)? = nil) {
        self.label = label
        self.fraction = fraction
        self.style = style
        self.styleFor = styleFor
    }

    /// Good at or above `good`, warn at or above `warn`, otherwise bad (e.g. 0.95 / 0.90 for SLA).
    public static func thresholds(good: Double, warn: Double) -> @Sendable (Double) -> StyleRole {
        { f in f >= good ? .good : (f >= warn ? .warn : .bad) }
    }

    /// "92.3%".
    public var percentText: String {
        fraction.isFinite ? String(format1: fraction * 100) + "%" : "–%"
    }

    public func render(into canvas: inout Canvas, in rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        let y = rect.y
        canvas.fill(x: rect.x, y: y, width: rect.width, height: 1, style: .normal)
        let f = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        var x = rect.x
        let labelUsed = canvas.draw(label, x: x, y: y, width: rect.width, style: .normal)
        x += labelUsed + (labelUsed > 0 ? 1 : 0)
        let pct = percentText
        let pctWidth = pct.displayWidth
        let barWidth = rect.maxX - x - pctWidth - 1
        if barWidth >= 3 {
            let filled = Int((f * Double(barWidth)).rounded())
            let fillStyle = styleFor?(f) ?? style
            canvas.draw(String(repeating: "█", count: filled), x: x, y: y, width: filled, style: fillStyle)
            canvas.draw(String(repeating: "░", count: barWidth - filled), x: x + filled, y: y,
                        width: barWidth - filled, style: .dim)
            x += barWidth + 1
        }
        canvas.draw(pct, x: x, y: y, width: rect.maxX - x, style: styleFor?(f) ?? .normal)
    }
}
