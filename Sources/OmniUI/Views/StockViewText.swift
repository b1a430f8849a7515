import OmniStore

extension ActionID {
    public static let stockLowList: ActionID = "stock.low"
    public static let stockUnmapped: ActionID = "stock.unmapped"
    public static let stockMovements: ActionID = "stock.movements"
}

/// Text helpers shared by the stock screens: the state of a number in words, so LOW and OUT
/// are never told by colour alone.
enum StockText {
    /// The word for a level (nil when fine).
    static func word(_ level: Availability.Level) -> String? {
        switch level {
        case .out: return "OUT"
        case .low: return "LOW"
        case .ok: return nil
        }
    }

    static func style(_ level: Availability.Level) -> StyleRole? {
        switch level {
        case .out: return .bad
        case .low: return .warn
        case .ok: return nil
        }
    }

    /// `12 LOW`, `0 OUT`, `42`: a number with its state word, styled.
    static func cell(_ value: Int, _ level: Availability.Level) -> TableCell {
        TableCell(word(level).map { "\(value) \($0)" } ?? String(value), style: style(level))
    }

    /// What a channel may sell from a location, after its buffer. `–` when the channel does not
    /// sell from there (ATP after the buffer would be positive, yet nothing is offered).
    static func channelCell(_ c: ChannelAvailability, at loc: StockAtLocation) -> TableCell {
        let expected = max(0, loc.availableToPromise - c.buffer)
        if c.available == 0 && expected > 0 { return TableCell("–", style: .dim) }
        if c.available <= 0 { return TableCell("0 OUT", style: .bad) }
        if c.available <= loc.reorderPoint { return TableCell("\(c.available) LOW", style: .warn) }
        return TableCell(String(c.available))
    }

    /// Short column titles for channels.
    static func channelTitle(_ code: String) -> String {
        switch code {
        case "marketplace": return "mkt"
        case "callcentre": return "call"
        default: return code
        }
    }

    static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : String(n) }
}

extension StockText {
    /// Lays segments out left to right over the rows of `rect`, starting a new row when the
    /// next segment does not fit (a segment wider than a row is truncated).
    static func flow(_ segments: [StyledText], into canvas: inout Canvas, in rect: Rect) {
        var x = rect.x
        var y = rect.y
        for seg in segments {
            var text = seg.text
            let w = seg.displayWidth
            if x + w > rect.maxX && x > rect.x {
                y += 1
                x = rect.x
                if text.hasPrefix(" · ") { text.removeFirst(3) }
            }
            guard y < rect.maxY else { return }
            x += canvas.draw(text, x: x, y: y, width: rect.maxX - x, style: seg.style)
        }
    }
}
