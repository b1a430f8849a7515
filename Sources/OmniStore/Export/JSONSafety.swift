/// JSON that is safe to print on a terminal: JSON encoders escape C0 controls but pass DEL,
/// the C1 controls (U+0080-U+009F: U+009B is a one-byte CSI on many terminals), the bidi
/// controls and the line/paragraph separators through as raw bytes. Those characters can only
/// stand inside JSON strings, so replacing each with its `\uXXXX` escape keeps the JSON valid
/// and the decoded text identical.
public enum JSONSafety {
    /// `json` (UTF-8) with DEL, C1, bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E,
    /// U+2066-U+2069) and U+2028/U+2029 written as `\uXXXX`.
    public static func escape(_ json: [UInt8]) -> [UInt8] {
        guard needsEscaping(json) else { return json }
        var out: [UInt8] = []
        out.reserveCapacity(json.count + 64)
        var i = 0
        let n = json.count
        while i < n {
            let b = json[i]
            if b == 0x7F { append(0x7F, to: &out); i += 1; continue }
            if b == 0xC2, i + 1 < n, (0x80...0x9F).contains(json[i + 1]) {
                append(UInt32(json[i + 1]), to: &out); i += 2; continue
            }
            if b == 0xD8, i + 1 < n, json[i + 1] == 0x9C { append(0x061C, to: &out); i += 2; continue }
            if b == 0xE2, i + 2 < n {
                let b1 = json[i + 1], b2 = json[i + 2]
                let scalar = 0x2000 + (UInt32(b1 & 0x3F) << 6) + UInt32(b2 & 0x3F)
                if (b1 == 0x80 || b1 == 0x81) && isUnsafe(scalar) { append(scalar, to: &out); i += 3; continue }
            }
            out.append(b)
            i += 1
        }
        return out
    }

    public static func escape(_ json: String) -> String {
        String(decoding: escape(Array(json.utf8)), as: UTF8.self)
    }

    static func isUnsafe(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x7F, 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return true
        default: return false
        }
    }

    static func needsEscaping(_ json: [UInt8]) -> Bool {
        json.contains { $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }
    }

    static func append(_ scalar: UInt32, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int((scalar >> UInt32(shift)) & 0xF)]) }
    }
}
