/// Terminal display width of text, per grapheme cluster, in pure Swift (no libc `wcwidth`,
/// which depends on the process locale). Widths follow Unicode East Asian Width (W and F are
/// two cells) and emoji presentation rules, as modern terminals draw them.
public enum DisplayWidth {
    /// Inclusive scalar ranges that are two cells wide: East Asian Wide / Fullwidth and
    /// Emoji_Presentation (Unicode 15). Sorted, non-overlapping, for binary search.
    static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5, 0x2FF0...0x2FFF, 0x3000...0x303E,
        0x3041...0x3096, 0x3099...0x30FF, 0x3105...0x312F, 0x3131...0x318E, 0x3190...0x31E3,
        0x31EF...0x321E, 0x3220...0x3247, 0x3250...0xA48C, 0xA490...0xA4C6, 0xA960...0xA97C,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE52, 0xFE54...0xFE66,
        0xFE68...0xFE6B, 0xFF01...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x16FF0...0x16FF1, 0x17000...0x187F7, 0x18800...0x18CD5,
        0x18D00...0x18D08, 0x1AFF0...0x1AFFE, 0x1B000...0x1B122, 0x1B132...0x1B132,
        0x1B150...0x1B152, 0x1B155...0x1B155, 0x1B164...0x1B167, 0x1B170...0x1B2FB,
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251,
        0x1F260...0x1F265, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
        0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0,
        0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440, 0x1F442...0x1F4FC,
        0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
        0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5,
        0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF,
        0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0,
        0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FA7C,
        0x1FA80...0x1FA88, 0x1FA90...0x1FABD, 0x1FABF...0x1FAC5, 0x1FACE...0x1FADB,
        0x1FAE0...0x1FAE8, 0x1FAF0...0x1FAF8,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// Inclusive scalar ranges that take no cell of their own: combining marks that general
    /// categories may miss, Hangul medial/final jamo, zero-width space/joiners/marks,
    /// variation selectors, word joiner and invisible operators, BOM, tag characters.
    static let zero: [ClosedRange<UInt32>] = [
        0x1160...0x11FF, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xD7B0...0xD7FF,
        0xFE00...0xFE0F, 0xFEFF...0xFEFF, 0xE0000...0xE0FFF,
    ]

    static func contains(_ table: [ClosedRange<UInt32>], _ v: UInt32) -> Bool {
        var lo = 0
        var hi = table.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = table[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// Width of a single scalar on its own: 0, 1 or 2. Control characters count 0 (they are
    /// never drawn: the sanitiser replaces them first).
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }
        if v < 0x300 { return 1 }
        if contains(zero, v) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        return contains(wide, v) ? 2 : 1
    }

    static func isRegionalIndicator(_ v: UInt32) -> Bool { (0x1F1E6...0x1F1FF).contains(v) }

    /// The width of a scalar that is always a grapheme of its own (Grapheme_Cluster_Break
    /// Other: it never joins a neighbour that is itself standalone), or nil for any other
    /// scalar. Covers what store text is mostly made of (Latin, punctuation, symbols, CJK,
    /// kana, Hangul syllables, fullwidth forms), so measuring it needs no grapheme breaking.
    @inline(__always)
    static func standaloneWidth(_ v: UInt32) -> Int? {
        if v < 0x7F { return v >= 0x20 ? 1 : nil }
        if v < 0xA0 { return nil }
        if v < 0x300 { return 1 }
        switch v {
        case 0x2010...0x2027, 0x2030...0x205E, 0x2190...0x2BFF: return contains(wide, v) ? 2 : 1
        case 0x3001...0x3029, 0x3041...0x3096, 0x30A1...0x30FA, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xAC00...0xD7A3, 0xFF01...0xFF60, 0xFFE0...0xFFE6: return 2
        default: return nil
        }
    }

    /// Width of one grapheme cluster (one `Character`): 0, 1 or 2.
    public static func width(of character: Character) -> Int {
        // Fast path: one ASCII scalar ("\r\n" is ASCII too, and has no width either).
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F ? 1 : 0 }
        let scalars = character.unicodeScalars
        var rest = scalars.makeIterator()
        // A lone scalar is as wide as the scalar: nothing joins it.
        if let first = rest.next(), rest.next() == nil { return width(of: first) }
        var base = 0
        var sawBase = false
        var spacing = 0
        let leadIsEmoji = scalars.first.map { $0.properties.isEmoji } ?? false
        var regional = 0
        var hasVS16 = false
        var hasVS15 = false
        var hasZWJ = false
        var hasEmoji = false
        for s in scalars {
            let v = s.value
            if isRegionalIndicator(v) { regional += 1 }
            if v == 0xFE0F { hasVS16 = true }
            if v == 0xFE0E { hasVS15 = true }
            if v == 0x200D { hasZWJ = true }
            if v > 0xFF, s.properties.isEmoji { hasEmoji = true }
            let w = width(of: s)
            spacing += w
            if !sawBase, w > 0 {
                base = w
                sawBase = true
            }
        }
        if regional >= 2 { return 2 }
        // VS16 asks for emoji presentation only of an emoji base (a placeholder's `›` followed
        // by a variation selector stays one cell, its bracket drawn).
        if hasEmoji || (hasVS16 && leadIsEmoji) {
            if hasVS16 || hasZWJ { return 2 }
            if hasVS15 { return 1 }
            return base
        }
        // Keycap sequences (digit + VS16 + U+20E3) are covered by VS16 above. Other clusters
        // (a Devanagari conjunct such as क्ष: two spacing letters joined by a virama) take the
        // cells of their spacing scalars, as terminals draw them, at most two.
        return max(base, min(2, spacing))
    }
}

extension Character {
    /// Cells this grapheme takes in a terminal: 0 (combining/zero-width), 1 or 2.
    public var displayWidth: Int { DisplayWidth.width(of: self) }
}

/// Horizontal alignment of text within a width.
public enum TextAlign: Sendable, Hashable {
    case left
    case right
    case center
}

extension StringProtocol {
    /// Cells this text takes in a terminal (sum of its grapheme widths).
    public var displayWidth: Int { standaloneWidth ?? graphemeWidth }

    /// The width of text made only of standalone scalars, measured scalar by scalar without
    /// finding grapheme boundaries (the costly part); nil when any scalar may join another.
    var standaloneWidth: Int? {
        var total = 0
        for scalar in unicodeScalars {
            guard let w = DisplayWidth.standaloneWidth(scalar.value) else { return nil }
            total += w
        }
        return total
    }

    var graphemeWidth: Int {
        var total = 0
        for ch in self { total += ch.displayWidth }
        return total
    }
}

/// The graphemes of a text with their widths, in order. Text made of standalone scalars is
/// walked scalar by scalar; anything else grapheme by grapheme.
struct Glyphs: Sequence, IteratorProtocol {
    private var scalars: String.UnicodeScalarView.Iterator?
    private var graphemes: String.Iterator?

    /// `standalone`: the text's `standaloneWidth` is not nil (the caller has measured it).
    init(_ text: String, standalone: Bool) {
        if standalone { scalars = text.unicodeScalars.makeIterator() } else { graphemes = text.makeIterator() }
    }

    mutating func next() -> (text: String, width: Int)? {
        if scalars != nil {
            guard let s = scalars?.next() else { return nil }
            return (String(s), DisplayWidth.standaloneWidth(s.value) ?? DisplayWidth.width(of: s))
        }
        guard let ch = graphemes?.next() else { return nil }
        return (String(ch), ch.displayWidth)
    }
}

extension String {
    /// The longest prefix that fits in `width` cells, ending with `ellipsis` when text was cut.
    /// Never splits a wide grapheme; the result's display width is always `<= width`.
    public func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
        fittedPrefix(toWidth: width, ellipsis: ellipsis).text
    }

    /// `truncated(toWidth:ellipsis:)` with the result's width, and whether it is made of
    /// standalone scalars (for `Glyphs`), measuring the text once.
    func fittedPrefix(toWidth width: Int, ellipsis: String = "…") -> (text: String, width: Int, standalone: Bool) {
        guard width > 0 else { return ("", 0, true) }
        let standalone = standaloneWidth
        let total = standalone ?? graphemeWidth
        if total <= width { return (self, total, standalone != nil) }
        let ellipsisWidth = ellipsis.displayWidth
        let suffix = ellipsisWidth <= width ? ellipsis : ""
        let suffixWidth = suffix.isEmpty ? 0 : ellipsisWidth
        var out = ""
        var used = 0
        for glyph in Glyphs(self, standalone: standalone != nil) {
            if used + glyph.width > width - suffixWidth { break }
            out += glyph.text
            used += glyph.width
        }
        return (out + suffix, used + suffixWidth, standalone != nil && suffix.standaloneWidth != nil)
    }

    /// This text followed (or preceded, or surrounded) by spaces up to `width` cells.
    /// Text already wider than `width` is returned unchanged (see `fitted(toWidth:align:)`).
    public func padded(toWidth width: Int, align: TextAlign = .left) -> String {
        let gap = width - displayWidth
        guard gap > 0 else { return self }
        switch align {
        case .left: return self + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + self
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + self + String(repeating: " ", count: gap - left)
        }
    }

    /// Exactly `width` cells: truncated with an ellipsis if too wide, padded if too narrow.
    /// (A wide grapheme that cannot fit leaves a space, so the width is still exact.)
    public func fitted(toWidth width: Int, align: TextAlign = .left, ellipsis: String = "…") -> String {
        truncated(toWidth: width, ellipsis: ellipsis).padded(toWidth: width, align: align)
    }

    /// Left-aligned in `width` cells (truncated or padded).
    public func leftAligned(toWidth width: Int) -> String { fitted(toWidth: width, align: .left) }
    /// Right-aligned in `width` cells (truncated or padded).
    public func rightAligned(toWidth width: Int) -> String { fitted(toWidth: width, align: .right) }
    /// Centred in `width` cells (truncated or padded).
    public func centered(toWidth width: Int) -> String { fitted(toWidth: width, align: .center) }
}
