/// Text from the store is data, never terminal commands. `SafeText` turns any string (or byte
/// buffer) into one that is safe and honest to draw: every control, escape introducer and
/// bidi override is replaced by a visible stand-in that says what the character was.
///
/// - C0 controls U+0000-U+001F (ESC, BEL, CR, LF, TAB...) -> Control Pictures U+2400+n (␛ ␇ ␍ ␊ ␉)
/// - DEL U+007F -> ␡
/// - C1 controls U+0080-U+009F, bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E,
///   U+2066-U+2069) and line/paragraph separators (U+2028, U+2029) -> `‹U+202E›`
/// - invalid UTF-8 (byte input) -> U+FFFD
public enum SafeText {
    /// Left and right markers around a code point shown as `‹U+XXXX›`.
    public static let markerOpen = "‹"
    public static let markerClose = "›"

    /// The visible stand-in for `scalar`, or nil when the scalar is safe to draw as is.
    public static func replacement(for scalar: Unicode.Scalar) -> String? {
        let v = scalar.value
        switch v {
        case 0x00...0x1F:
            return String(Unicode.Scalar(0x2400 + v)!)
        case 0x7F:
            return "\u{2421}"
        case 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029:
            return marker(v)
        default:
            return nil
        }
    }

    static func marker(_ v: UInt32) -> String {
        var hex = String(v, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        return markerOpen + "U+" + hex + markerClose
    }

    /// True when `text` has nothing that `sanitize` would replace.
    public static func isSafe(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { replacement(for: $0) == nil }
    }

    /// `text` with every control, escape introducer and bidi control made visible.
    public static func sanitize(_ text: String) -> String {
        if isSafe(text) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let r = replacement(for: scalar) {
                out.append(contentsOf: r.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Decodes bytes as UTF-8 (invalid sequences become U+FFFD) and sanitises the result.
    public static func sanitize<Bytes: Collection>(bytes: Bytes) -> String where Bytes.Element == UInt8 {
        sanitize(String(decoding: bytes, as: UTF8.self))
    }
}

extension String {
    /// This text with controls, escapes and bidi overrides shown as visible placeholders.
    public var sanitizedForDisplay: String { SafeText.sanitize(self) }
}
