import Foundation

/// What an agent typed, read as each kind of identity it could be, normalised the way
/// identities are stored, for an exact lookup on UNIQUE(kind, value).
enum IdentityCandidates {
    static func candidates(for text: String) -> [(kind: String, value: String)] {
        var out: [(String, String)] = []
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("@") {
            out.append(("email", trimmed.lowercased()))
            return out
        }
        let digits = trimmed.filter(\.isASCIIDigit)
        let phoneish = trimmed.allSatisfy { $0.isASCIIDigit || " +-()'".contains($0) }
        if phoneish && digits.count >= 6 {
            if trimmed.hasPrefix("+") { out.append(("phone", "+" + digits)) }
            else if digits.count == 11 && digits.hasPrefix("1") { out.append(("phone", "+86" + digits)) }
            else if digits.hasPrefix("0086") { out.append(("phone", "+" + digits.dropFirst(2))) }
            else if digits.hasPrefix("86") && digits.count == 13 { out.append(("phone", "+" + digits)) }
            else { out.append(("phone", "+" + digits)) }
        }
        out.append(("wechat_openid", trimmed))
        out.append(("loyalty_card", trimmed.uppercased().replacingOccurrences(of: " ", with: "")))
        out.append(("marketplace_id", trimmed))
        out.append(("web_account", trimmed))
        return out
    }
}
