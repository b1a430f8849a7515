import Foundation

/// Turning identifiers as people type and systems export them into the one form stored in
/// `identities.value`, and telling junk from identity.
///
/// Why this matters more than the matching itself: identity resolution joins customers on
/// equal values, so every value that is not really one person's — a placeholder typed into a
/// mandatory field ("n/a", "000000000"), a test address, a store's own phone used for walk-in
/// sales — joins everyone who used it. Customer data platforms have merged thousands of
/// strangers into one profile through a single such value. So: a junk value never matches,
/// is never stored, and the list of junk is data (`identity_junk`), which operations can extend
/// without a release.
public enum IdentityNormalizer {
    /// What a raw value is after normalisation.
    public enum Verdict: Equatable, Sendable {
        /// The normalised value to store and match on.
        case valid(String)
        /// Not an identifier: never matched, never stored. The reason is for logs and tests.
        case junk(reason: String)

        public var value: String? {
            if case .valid(let v) = self { return v }
            return nil
        }
    }

    /// The stored form of `raw` for `kind`, or nil when it is structurally not such a value
    /// (an e-mail without '@' or domain, a phone with fewer than 6 digits). Pure.
    /// `region`: the ISO 3166 alpha-2 country whose calling code a phone without one takes
    /// (the buyer's country, else the store's default region); nil: none known, the phone is
    /// kept as written (digits only, no `+`: unverified).
    public static func normalize(_ kind: IdentityKind, _ raw: String, region: String? = defaultRegion) -> String? {
        switch kind {
        case .email: return normalizeEmail(raw)
        case .phone: return normalizePhone(raw, region: region)
        case .loyaltyCard:
            let t = trimmed(raw)
            let v = (containsWhitespace(t) ? String(String.UnicodeScalarView(t.unicodeScalars.filter {
                !CharacterSet.whitespacesAndNewlines.contains($0)
            })) : t).uppercased()
            return v.isEmpty ? nil : v
        case .wechatOpenID, .marketplaceID, .webAccount:
            // Opaque ids issued by another system: case is significant (WeChat openids are
            // base64-like), so only surrounding white space goes.
            let v = trimmed(raw)
            return v.isEmpty ? nil : v
        }
    }

    /// Normalises `raw` and checks it against the junk list and the structural junk rules.
    /// The list is consulted with the raw value (trimmed, lower-cased) as well as with the
    /// normalised one, so "NULL", " n/a " and "00000000000" are caught whatever they would
    /// normalise to.
    public static func classify(_ kind: IdentityKind, _ raw: String, junk: IdentityJunkList,
                                region: String? = defaultRegion) -> Verdict {
        let rawKey = trimmed(raw).lowercased()
        if junk.contains(kind, rawKey) { return .junk(reason: "listed as junk: \"\(rawKey)\"") }
        guard let value = normalize(kind, raw, region: region) else {
            return .junk(reason: "not a valid \(kind.label)")
        }
        if junk.contains(kind, value) || junk.contains(kind, value.lowercased()) {
            return .junk(reason: "listed as junk: \"\(value)\"")
        }
        let mail = value.lowercased()
        if let at = mail.firstIndex(of: "@") {
            // Rows like ('email', 'noreply@*') or ('email', '*@example.invalid') in identity_junk.
            // A web account or marketplace id that is an e-mail address is judged as one too:
            // "test@test.com" is nobody's login either.
            let local = mail[..<at], domain = mail[mail.index(after: at)...]
            if kind != .email && junk.contains(.email, mail) { return .junk(reason: "listed as junk: \"\(mail)\"") }
            if junk.contains(.email, local + "@*") { return .junk(reason: "listed as junk: mailbox \"\(local)\"") }
            if junk.contains(.email, "*@" + domain) { return .junk(reason: "listed as junk: domain \"\(domain)\"") }
        }
        if let reason = structuralJunk(kind, value) { return .junk(reason: reason) }
        return .valid(value)
    }

    /// Values no person owns whatever the list says: phones made of one repeated digit
    /// (00000000000, +86 111 1111 1111) and any id made of one repeated character.
    static func structuralJunk(_ kind: IdentityKind, _ value: String) -> String? {
        switch kind {
        case .phone:
            var national = Substring(value.hasPrefix("+") ? value.dropFirst() : Substring(value))
            if value.hasPrefix("+"), let code = CallingCodes.code(prefixOf: national) { national = national.dropFirst(code.count) }
            if let first = national.first, national.allSatisfy({ $0 == first }) {
                return "phone of one repeated digit"
            }
            return nil
        case .email:
            let local = value.prefix { $0 != "@" }
            if local.count >= 3, let first = local.first, local.allSatisfy({ $0 == first }) {
                return "mailbox of one repeated character"
            }
            return nil
        default:
            if value.count >= 3, let first = value.first, value.allSatisfy({ $0 == first }) {
                return "\(kind.label) of one repeated character"
            }
            return nil
        }
    }

    /// `raw` without surrounding white space and newlines (`CharacterSet.whitespacesAndNewlines`).
    /// Fast path in pure Swift when both ends are ASCII: for ASCII the set is exactly tab, LF,
    /// VT, FF, CR and space, and trimming stops at the first character outside it. Anything
    /// else (a non-ASCII character at either end) goes to Foundation, which knows the rest.
    static func trimmed(_ raw: String) -> String {
        let fast: String?? = raw.utf8.withContiguousStorageIfAvailable { p -> String? in
            var start = 0, end = p.count
            while start < end, isASCIISpace(p[start]) { start += 1 }
            while end > start, isASCIISpace(p[end - 1]) { end -= 1 }
            if start == end { return "" }
            guard p[start] < 0x80, p[end - 1] < 0x80 else { return nil }
            if start == 0 && end == p.count { return raw }
            return String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
        }
        if let fast, let value = fast { return value }
        return raw.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @inline(__always) static func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }

    /// Whether `s` contains a character of `CharacterSet.whitespacesAndNewlines`; pure Swift for ASCII.
    static func containsWhitespace(_ s: String) -> Bool {
        if let ascii = s.utf8.withContiguousStorageIfAvailable({ p -> Bool? in
            var space = false
            for b in p {
                if b >= 0x80 { return nil }
                if isASCIISpace(b) { space = true }
            }
            return space
        }), let answer = ascii {
            return answer
        }
        return s.unicodeScalars.contains { CharacterSet.whitespacesAndNewlines.contains($0) }
    }

    /// Lower-cased and trimmed; one '@', a non-empty mailbox, a dotted domain, no spaces.
    /// Deliberately no provider rules (gmail dots, +tags): a wrong rule there merges strangers.
    static func normalizeEmail(_ raw: String) -> String? {
        var s = trimmed(raw).lowercased()
        if s.hasPrefix("mailto:") { s = String(s.dropFirst(7)) }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, !domain.isEmpty,
              !containsWhitespace(s) else { return nil }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else { return nil }
        return s
    }

    /// The region a phone without a country code takes when the caller knows none: mainland
    /// China, the store's default unless its `phone.default_region` setting says otherwise.
    public static let defaultRegion: String? = "CN"

    /// E.164, the country from the number itself (`+`, `00`) or else from `region`.
    /// Accepts spaces, dashes, dots, parentheses, full-width digits, a leading `'` (spreadsheet
    /// text marker, as in Shopify exports), `00` as the international prefix, the calling code
    /// written without `+` before a full national number (`27836602217` in ZA, `8613812345678`
    /// in CN). The national trunk prefix goes, also after an explicit code (`(+44)07841832920`
    /// is `+447841832920`), except where it is part of the number (Italy, San Marino, Vatican);
    /// `1` before a 10-digit North American number and `8` before an 11-digit Russian or
    /// Kazakh one are trunk prefixes too. Without a code and without a region the digits are
    /// kept as written, without `+`: a number omni could not place. Fewer than 6 national
    /// digits, more than 15 digits, or letters: not a phone.
    static func normalizePhone(_ raw: String, region: String? = defaultRegion) -> String? {
        var s = Substring(trimmed(raw))
        while s.first == "'" || s.first == "\u{2019}" { s = s.dropFirst() }
        var hasPlus = false
        var digits = ""
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: digits.unicodeScalars.append(scalar)
            case 0xFF10...0xFF19: digits.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0x2B, 0xFF0B: // + and full-width ＋, only before the first digit
                if hasPlus || !digits.isEmpty { return nil }
                hasPlus = true
            case 0x20, 0x09, 0xA0, 0x3000, 0x2D, 0x2E, 0x28, 0x29, 0xFF08, 0xFF09, 0x2010...0x2015:
                continue
            default:
                return nil
            }
        }
        if !hasPlus && digits.hasPrefix("00") {
            hasPlus = true
            digits = String(digits.dropFirst(2))
        }
        let country: String
        var national: Substring
        if hasPlus {
            guard let code = CallingCodes.code(prefixOf: Substring(digits)) else {
                // A code no country has: kept as given.
                guard digits.count >= 6, digits.count <= 15 else { return nil }
                return "+" + digits
            }
            country = code
            national = Substring(digits).dropFirst(code.count)
        } else if let region, let code = CallingCodes.byRegion[region.uppercased()] {
            country = code
            national = Substring(digits)
            if code != "1" && digits.count >= code.count + 9 && digits.hasPrefix(code) {
                national = national.dropFirst(code.count)   // the code written without '+'
            }
        } else {
            guard digits.count >= 6, digits.count <= 15 else { return nil }
            return digits
        }
        if country == "1" && national.count == 11 && national.hasPrefix("1") {
            national = national.dropFirst()
        } else if country == "7" && national.count == 11 && national.hasPrefix("8") {
            national = national.dropFirst()
        } else if national.hasPrefix("0") && !CallingCodes.zeroIsPartOfNumber.contains(country) {
            national = national.dropFirst()
        }
        guard national.count >= 6, country.count + national.count <= 15 else { return nil }
        return "+" + country + national
    }
}

/// The `identity_junk` table in memory: (kind, value) pairs, kind '*' meaning every kind.
/// Loaded once per resolver; the table is small (tens to hundreds of rows).
public struct IdentityJunkList: Sendable {
    private var entries: Set<String>

    public init(_ entries: [(kind: String, value: String)]) {
        self.entries = Set(entries.map { $0.kind + "\u{1F}" + $0.value.lowercased() })
    }

    public static func load(from db: Database) throws -> IdentityJunkList {
        let rows = try db.fetchAll("SELECT kind, value FROM identity_junk")
        return IdentityJunkList(rows.map { (kind: $0.string(0), value: $0.string(1)) })
    }

    /// True when `value` is junk for `kind` (listed for that kind or for '*').
    /// Compared case-insensitively: a listed value is junk however it was typed.
    public func contains(_ kind: IdentityKind, _ value: String) -> Bool {
        let v = value.lowercased()
        return entries.contains(kind.rawValue + "\u{1F}" + v) || entries.contains("*\u{1F}" + v)
    }
}

/// Partly hidden values for evidence text: enough for an agent to recognise which value
/// joined two records without the evidence column becoming a second copy of personal data.
enum IdentityMask {
    static func mask(_ kind: IdentityKind, _ value: String) -> String {
        // Scalars, not Characters: identities are normalised text, and grapheme breaking would
        // cost more than the rest of an import's evidence text.
        let chars = Array(value.unicodeScalars)
        func text(_ s: some Collection<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(s)) }
        switch kind {
        case .email:
            guard let at = chars.firstIndex(of: "@"), at > 0 else { return "***" }
            return String(chars[0]) + "***" + text(chars[at...])
        case .phone:
            if value.hasPrefix("+86") && chars.count == 14 {
                return text(chars[0..<6]) + "****" + text(chars[10...])
            }
            if chars.count > 8 { return text(chars[0..<4]) + "****" + text(chars[(chars.count - 4)...]) }
            return "***" + text(chars.suffix(2))
        case .loyaltyCard:
            return chars.count > 4 ? "****" + text(chars.suffix(4)) : "****"
        case .wechatOpenID, .marketplaceID, .webAccount:
            if chars.count > 8 { return text(chars.prefix(3)) + "***" + text(chars.suffix(3)) }
            return text(chars.prefix(1)) + "***"
        }
    }
}
