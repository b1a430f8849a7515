/// Horizontal bars, one per row: `Web        ████████▌       1,204`.
public struct BarChart: Widget {
    public struct Bar: Equatable, Sendable {
        public var label: String
        public var value: Double
        /// Text shown after the bar (nil: the value, formatted).
        public var valueText: String?
        public var style: StyleRole
        public init(_ label: String, _ value: Double, valueText: String? = nil, style: StyleRole = .bar) {
            self.label = label
            self.value = value
            self.valueText = valueText
            self.style = style
        }
    }

    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    public var bars: [Bar]
    /// Scale top (nil: the largest value).
    public var maximum: Double?
    public var labelStyle: StyleRole

    public init(_ bars: [Bar], maximum: Double? = nil, labelStyle: StyleRole = .normal) {
        self.bars = bars
        self.maximum = maximum
        self.labelStyle = labelStyle
    }

    /// A bar `fraction` (0...1) of `width` cells long, in eighths of a cell.
    public static func barText(fraction: Double, width: Int) -> String {
        guard width > 0, fraction.isFinite, fraction > 0 else { return "" }
        let units = Int((min(fraction, 1) * Double(width * 8)).rounded())
        var s = String(repeating: "█", count: units / 8)
        if units % 8 > 0 { s.append(eighths[units % 8 - 1]) }
        return s
    }

    static func format(_ v: Double) -> String {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return String(format1: v)
    }

    public func render(into canvas: inout Canvas, in rect: Rect) {
        guard rect.width > 0 else { return }
        let top = maximum ?? bars.map(\.value).filter(\.isFinite).max() ?? 0
        let labelWidth = min(bars.map { StyledText($0.label).displayWidth }.max() ?? 0, rect.width / 3)
        let valueTexts = bars.map { $0.valueText ?? Self.format($0.value) }
        let valueWidth = min(valueTexts.map { StyledText($0).displayWidth }.max() ?? 0, rect.width / 4)
        let barX = rect.x + labelWidth + 1
        let barWidth = max(0, rect.width - labelWidth - valueWidth - 2)
        for (i, bar) in bars.prefix(rect.height).enumerated() {
            let y = rect.y + i
            canvas.fill(x: rect.x, y: y, width: rect.width, height: 1, style: .normal)
            canvas.draw(bar.label, x: rect.x, y: y, width: labelWidth, style: labelStyle)
            let fraction = top > 0 ? bar.value / top : 0
            canvas.draw(Self.barText(fraction: fraction, width: barWidth), x: barX, y: y, width: barWidth,
                        style: bar.style)
            canvas.draw(valueTexts[i], x: rect.maxX - valueWidth, y: y, width: valueWidth, style: .normal,
                        align: .right)
        }
    }
}

extension String {
    /// A number with one decimal place ("92.3"), without Foundation.
    init(format1 v: Double) {
        guard v.isFinite else {
            self = v.isNaN ? "–" : (v > 0 ? "∞" : "-∞")
            return
        }
        let tenths = (abs(v) * 10).rounded()
        let whole = Int(tenths / 10)
        let frac = Int(tenths.truncatingRemainder(dividingBy: 10))
        self = (v < 0 && tenths > 0 ? "-" : "") + "\(whole).\(frac)"
    }
}
