/// What typed text can be: the one reading of a query that the console's search, the CLI's
/// `omni customer` and `IdentityResolver.lookup` share.
///
/// - `#42` is customer 42, and nothing else. A bare number is never an id.
/// - The text as each kind of identity it could be, normalised exactly as identities are
///   stored (IdentityNormalizer), in the order they are tried: with '@' e-mail, web account,
///   marketplace id; a phone-looking text phone first, then loyalty card, marketplace id, web
///   account, openid; otherwise openid, loyalty card, marketplace id, web account.
/// - Four or more digits (spaces, dashes, dots and a leading + allowed): the end of a phone
///   number or loyalty card, which every customer whose phone or card ends so matches.
/// - Any letter or CJK character: a name, whose trailing words may narrow by city, home store
///   or tier (`王雪 guangzhou`).
public struct TypedQuery: Sendable, Equatable {
    /// Minimum digits for a phone or card ending (fewer would list a tenth of the store).
    public static let minimumSuffixDigits = 4

    public let text: String
    /// `#42`.
    public let customerID: Int64?
    /// Exact identity readings, in the order they are tried.
    public let identities: [(kind: IdentityKind, value: String)]
    /// The digits of a phone or card ending, when the text is only digits (4 or more).
    public let digitSuffix: String?
    /// Digits only, but fewer than `minimumSuffixDigits` (so neither an id nor an ending).
    public let tooFewDigits: Bool
    /// Whether the text has words a name search can use.
    public let hasNameWords: Bool

    public init(_ raw: String) {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        self.text = text
        var id: Int64?
        if text.hasPrefix("#") {
            let digits = text.dropFirst().trimmingCharacters(in: .whitespaces)
            if !digits.isEmpty, digits.count <= 18, digits.allSatisfy(\.isASCIIDigit) { id = Int64(digits) }
        }
        customerID = id
        guard id == nil, !text.isEmpty else {
            identities = []; digitSuffix = nil; tooFewDigits = false; hasNameWords = false
            return
        }
        identities = Self.identityReadings(text, kind: nil)
        let digits = Self.digitsOnly(text)
        digitSuffix = digits.flatMap { $0.count >= Self.minimumSuffixDigits ? $0 : nil }
        tooFewDigits = digits.map { $0.count < Self.minimumSuffixDigits } ?? false
        hasNameWords = digits == nil && !SearchText.tokens(text).isEmpty
    }

    public static func == (a: TypedQuery, b: TypedQuery) -> Bool { a.text == b.text }

    /// The digits of a text made only of digits and separators (space, dash, dot, brackets,
    /// a leading +; full-width digits count), or nil.
    static func digitsOnly(_ text: String) -> String? {
        var digits = ""
        for (i, scalar) in text.unicodeScalars.enumerated() {
            switch scalar.value {
            case 0x30...0x39: digits.unicodeScalars.append(scalar)
            case 0xFF10...0xFF19: digits.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0x20, 0x2D, 0x2E, 0x28, 0x29, 0x3000: continue
            case 0x2B where i == 0: continue
            default: return nil
            }
        }
        return digits.isEmpty ? nil : digits
    }

    /// The kinds typed text may be, in the order tried, normalised (junk is not filtered here;
    /// the resolver's lookup checks it against the junk list).
    static func identityReadings(_ text: String, kind: IdentityKind?) -> [(kind: IdentityKind, value: String)] {
        IdentityCandidates.kinds(for: text, only: kind).compactMap { k in IdentityNormalizer.normalize(k, text).map { (k, $0) } }
    }
}

/// The identity kinds typed text may be, in the order they are tried (see `TypedQuery`); also
/// what `IdentityResolver.lookup` tries.
enum IdentityCandidates {
    static func kinds(for text: String, only kind: IdentityKind? = nil) -> [IdentityKind] {
        if let kind { return [kind] }
        if text.contains("@") { return [.email, .webAccount, .marketplaceID] }
        if IdentityNormalizer.normalizePhone(text) != nil { return [.phone, .loyaltyCard, .marketplaceID, .webAccount, .wechatOpenID] }
        return [.wechatOpenID, .loyaltyCard, .marketplaceID, .webAccount]
    }
}
