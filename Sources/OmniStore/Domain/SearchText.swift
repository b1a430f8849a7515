/// How names are indexed and searched. FTS5's unicode61 tokenizer treats an unspaced CJK run
/// as one token, so each CJK character is indexed as a token of its own and a Chinese
/// fragment is searched as a phrase; Latin words are searched as prefixes.
public enum SearchText {
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F,
             0x3040...0x30FF, 0xAC00...0xD7AF:
            return true
        default:
            return false
        }
    }

    /// The text stored in `customers.search_name` for a display name.
    public static func indexText(_ name: String) -> String {
        var out = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCII {
                // The common case, without a Unicode property look-up.
                if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { out.unicodeScalars.append(scalar) } else { out += " " }
            } else if isCJK(scalar) {
                out += " \(Character(scalar)) "
            } else if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += " "
            }
        }
        return out.split(separator: " ").joined(separator: " ")
    }

    /// An FTS5 MATCH expression for what the user typed, or nil when nothing is searchable.
    /// Every term is quoted, so FTS syntax characters in the input are just text.
    public static func matchExpression(_ query: String) -> String? {
        let tokens = indexText(query).split(separator: " ").map(String.init)
        guard !tokens.isEmpty else { return nil }
        var parts: [String] = []
        var cjkRun: [String] = []
        func flushRun() {
            if !cjkRun.isEmpty { parts.append("\"" + cjkRun.joined(separator: " ") + "\"") }
            cjkRun = []
        }
        for token in tokens {
            if token.unicodeScalars.count == 1, let s = token.unicodeScalars.first, isCJK(s) {
                cjkRun.append(token)
            } else {
                flushRun()
                parts.append("\"" + token.replacingOccurrences(of: "\"", with: "\"\"") + "\"*")
            }
        }
        flushRun()
        return parts.joined(separator: " ")
    }
}
