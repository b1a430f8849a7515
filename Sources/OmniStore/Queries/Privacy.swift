/// Personal data is masked until an agent reveals it (which is audited).
public enum Privacy {
    /// `+8613812345678` -> `+86138****5678`; short values keep only their last two characters.
    public static func maskPhone(_ phone: String) -> String {
        let chars = Array(phone)
        guard chars.count >= 8 else { return String(repeating: "*", count: max(0, chars.count - 2)) + String(chars.suffix(2)) }
        let keepEnd = 4
        let keepStart = chars.count - keepEnd - 4
        return String(chars.prefix(keepStart)) + "****" + String(chars.suffix(keepEnd))
    }

    /// `wang.fang@example.com` -> `w***@example.com`.
    public static func maskEmail(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@"), at != email.startIndex else { return "***" }
        return String(email[email.startIndex]) + "***" + String(email[at...])
    }

    /// Openids, cards and account ids: the first two and last four characters.
    public static func maskToken(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count > 6 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(2)) + "…" + String(chars.suffix(4))
    }

    public static func mask(kind: String, value: String) -> String {
        switch kind {
        case "phone": return maskPhone(value)
        case "email": return maskEmail(value)
        default: return maskToken(value)
        }
    }
}
