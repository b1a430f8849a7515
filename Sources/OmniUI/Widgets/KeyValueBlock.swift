/// Label/value pairs with the values aligned in one column:
/// ```
///   Customer: 王芳
///     Orders: 12
/// ```
public struct KeyValueBlock: Widget {
    public struct Pair: Equatable, Sendable {
        public var label: String
        public var value: String
        public var valueStyle: StyleRole?
        public init(_ label: String, _ value: String, style: StyleRole? = nil) {
            self.label = label
            self.value = value
            self.valueStyle = style
        }
    }

    public var pairs: [Pair]
    /// Alignment of labels within the label column.
    public var labelAlign: TextAlign
    public var labelStyle: StyleRole
    public var separator: String
    /// Labels never take more than this share of the width (percent).
    public var maxLabelPercent: Int

    public init(_ pairs: [Pair], labelAlign: TextAlign = .right, labelStyle: StyleRole = .dim,
                separator: String = ": ", maxLabelPercent: Int = 50) {
        self.pairs = pairs
        self.labelAlign = labelAlign
        self.labelStyle = labelStyle
        self.separator = separator
        self.maxLabelPercent = maxLabelPercent
    }

    public init(_ pairs: [(String, String)]) {
        self.init(pairs.map { Pair($0.0, $0.1) })
    }

    public func render(into canvas: inout Canvas, in rect: Rect) {
        guard rect.width > 0 else { return }
        let longest = pairs.map { StyledText($0.label).displayWidth }.max() ?? 0
        let labelWidth = min(longest, rect.width * maxLabelPercent / 100)
        let sepWidth = separator.displayWidth
        let valueX = rect.x + labelWidth + sepWidth
        let valueWidth = rect.maxX - valueX
        for (i, pair) in pairs.prefix(rect.height).enumerated() {
            let y = rect.y + i
            canvas.fill(x: rect.x, y: y, width: rect.width, height: 1, style: .normal)
            canvas.draw(pair.label, x: rect.x, y: y, width: labelWidth, style: labelStyle, align: labelAlign)
            canvas.draw(separator, x: rect.x + labelWidth, y: y, width: sepWidth, style: labelStyle)
            canvas.draw(pair.value, x: valueX, y: y, width: valueWidth, style: pair.valueStyle ?? .normal)
        }
    }
}
