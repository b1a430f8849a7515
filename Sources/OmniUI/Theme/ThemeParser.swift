/// Parses theme files:
/// ```
/// # comment
/// table_header = black on cyan bold
/// bad          = #ff5f5f underline
/// dim          = 244
/// ```
/// One `key = foreground [on background] [bold|underline|reverse|dim ...]` per line; a line
/// may also be attributes only (`title = bold`) or `on <colour>` only. Keys are
/// `StyleRole.themeKey`. Colours: `default`, the 8 names and their `bright-`/`bright_`
/// variants (ANSI 8-15), `grey`/`gray` (ANSI 8), 0-255, `#rrggbb`.
public enum ThemeParser {
    /// The specs a file sets (only the keys it names).
    public static func parseSpecs(_ text: String, file: String) throws(ThemeError) -> [StyleRole: StyleSpec] {
        var specs: [StyleRole: StyleSpec] = [:]
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = stripComment(String(rawLine)).themeTrimmed
            if line.isEmpty { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw .syntax(file: file, line: lineNumber, message: "expected \"key = colour ...\", got \"\(SafeText.sanitize(line))\"")
            }
            let key = String(line[..<eq]).themeTrimmed
            let value = String(line[line.index(after: eq)...]).themeTrimmed
            guard let role = roleByKey[key] else {
                throw .unknownKey(file: file, line: lineNumber, key: SafeText.sanitize(key), suggestion: suggest(key))
            }
            specs[role] = try parseSpec(value, file: file, line: lineNumber)
        }
        return specs
    }

    /// A full theme: the file's specs laid over `base` (the built-in default unless given).
    public static func parse(_ text: String, name: String, file: String,
                             base: Theme = BuiltinTheme.default) throws(ThemeError) -> Theme {
        let specs = try parseSpecs(text, file: file)
        var theme = base
        theme.name = name
        for (role, spec) in specs { theme.specs[role] = spec }
        return theme
    }

    static let roleByKey: [String: StyleRole] = {
        var m: [String: StyleRole] = [:]
        for role in StyleRole.allCases { m[role.themeKey] = role }
        return m
    }()

    static let attributeNames: [String: TextAttributes] = [
        "bold": .bold, "underline": .underline, "reverse": .reverse, "dim": .dim,
    ]

    static let colourNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// A `#` starts a comment at the start of a line, or after whitespace when followed by
    /// whitespace or the end of the line (`red  # note`); `#rrggbb` is a colour.
    static func stripComment(_ line: String) -> String {
        let chars = Array(line)
        for i in chars.indices where chars[i] == "#" {
            if i == 0 { return "" }
            let before = chars[i - 1]
            let after: Character = i + 1 < chars.count ? chars[i + 1] : " "
            if (before == " " || before == "\t") && (after == " " || after == "\t" || after == "\r" || after == "#") {
                return String(chars[..<i])
            }
        }
        return line
    }

    static func parseSpec(_ value: String, file: String, line: Int) throws(ThemeError) -> StyleSpec {
        var spec = StyleSpec()
        var sawForeground = false
        var tokens = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { String($0).lowercased() }[...]
        if tokens.isEmpty { throw .syntax(file: file, line: line, message: "missing colour after \"=\"") }
        while let token = tokens.popFirst() {
            if let attr = attributeNames[token] {
                spec.attributes.insert(attr)
            } else if token == "on" {
                guard let bg = tokens.popFirst() else {
                    throw .syntax(file: file, line: line, message: "missing colour after \"on\"")
                }
                guard let c = parseColour(bg) else { throw .unknownColour(file: file, line: line, name: SafeText.sanitize(bg)) }
                spec.background = c
            } else if let c = parseColour(token) {
                if sawForeground {
                    throw .syntax(file: file, line: line, message: "two foreground colours; write \"on\" before a background")
                }
                spec.foreground = c
                sawForeground = true
            } else {
                throw .unknownColour(file: file, line: line, name: SafeText.sanitize(token))
            }
        }
        return spec
    }

    /// A colour by name, index or `#rrggbb` (case-insensitive), or nil.
    public static func parseColour(_ raw: String) -> ThemeColor? {
        let s = raw.lowercased()
        if s == "default" || s == "none" { return .terminalDefault }
        if s == "grey" || s == "gray" { return .ansi(8) }
        if let i = colourNames.firstIndex(of: s) { return .ansi(i) }
        for prefix in ["bright-", "bright_"] where s.hasPrefix(prefix) {
            if let i = colourNames.firstIndex(of: String(s.dropFirst(prefix.count))) { return .ansi(8 + i) }
        }
        if s.hasPrefix("#") {
            let hex = Array(s.dropFirst())
            guard hex.count == 6, let v = UInt32(String(hex), radix: 16) else { return nil }
            return .rgb(UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
        }
        if !s.isEmpty, s.count <= 3, s.allSatisfy(\.isASCII), let n = Int(s), (0...255).contains(n) {
            return .indexed(n)
        }
        return nil
    }

    /// Writes a colour back as theme text.
    public static func format(_ c: ThemeColor) -> String {
        switch c {
        case .terminalDefault: return "default"
        case .ansi(let i) where (0..<8).contains(i): return colourNames[i]
        case .ansi(let i) where (8..<16).contains(i): return "bright-" + colourNames[i - 8]
        case .ansi(let i), .indexed(let i): return String(i)
        case let .rgb(r, g, b):
            return "#" + [r, g, b].map { v in
                let h = String(v, radix: 16)
                return h.count == 1 ? "0" + h : h
            }.joined()
        }
    }

    /// Writes a spec back as theme text (`black on cyan bold`).
    public static func format(_ spec: StyleSpec) -> String {
        var parts = [format(spec.foreground)]
        if spec.background != .terminalDefault { parts += ["on", format(spec.background)] }
        for (name, attr) in [("bold", TextAttributes.bold), ("underline", .underline), ("reverse", .reverse), ("dim", .dim)]
            where spec.attributes.contains(attr) {
            parts.append(name)
        }
        return parts.joined(separator: " ")
    }

    /// A whole theme as file text, one line per role in `StyleRole` order.
    public static func format(_ theme: Theme) -> String {
        let width = StyleRole.allCases.map(\.themeKey.count).max() ?? 0
        return StyleRole.allCases.map { role in
            role.themeKey.padded(toWidth: width) + " = " + format(theme.spec(role))
        }.joined(separator: "\n") + "\n"
    }

    /// The closest known key to a misspelt one (edit distance <= 3), for error messages.
    static func suggest(_ key: String) -> String? {
        var best: (String, Int)?
        for candidate in roleByKey.keys.sorted() {
            let d = editDistance(Array(key), Array(candidate))
            if d <= 3, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and CRs (no Foundation needed).
    fileprivate var themeTrimmed: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
