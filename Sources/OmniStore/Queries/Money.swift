import Foundation

/// Money as integer minor units with its currency (ISO 4217 code); formatting lives here so the
/// CLI, the console and the exports agree.
///
/// The currency rule: an amount is always shown in its own currency, never in another one's
/// symbol. A symbol stands alone only where it names one currency: `€`, `£`, `₹`, `₩`, `₺`,
/// `₫`, `₱`, `₪`, `R ` (rand), and `¥` for the yuan (CNY, this store's home currency). A symbol
/// several currencies share carries the country prefix: `US$`, `CA$`, `A$`, `NZ$`, `HK$`, `S$`,
/// `MX$`, `NT$`, `JP¥`, `R$` (real). Every other currency shows its ISO code and a space
/// (`CHF 12.50`, `SEK 99.00`, `KWD 1.250`). Minor units follow the currency's exponent:
/// 0 decimals for JPY, KRW and others without a minor unit, 3 for KWD, BHD, OMR, JOD, TND,
/// IQD and LYD, 2 otherwise.
public struct Money: Equatable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var minor: Int64
    public var currency: String

    public init(minor: Int64, currency: String = "CNY") {
        self.minor = minor
        self.currency = currency
    }

    /// What the amount is written with: a symbol, a prefixed symbol, or the ISO code and a space.
    public static func symbol(_ currency: String) -> String {
        switch currency {
        case "CNY": return "¥"
        case "JPY": return "JP¥"
        case "USD": return "US$"
        case "CAD": return "CA$"
        case "AUD": return "A$"
        case "NZD": return "NZ$"
        case "HKD": return "HK$"
        case "SGD": return "S$"
        case "MXN": return "MX$"
        case "TWD": return "NT$"
        case "BRL": return "R$"
        case "EUR": return "€"
        case "GBP": return "£"
        case "INR": return "₹"
        case "KRW": return "₩"
        case "TRY": return "₺"
        case "VND": return "₫"
        case "PHP": return "₱"
        case "ILS": return "₪"
        case "ZAR": return "R "
        default: return currency.isEmpty ? "" : currency + " "
        }
    }

    static let zeroDecimal: Set<String> = ["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "PYG", "XAF", "XOF", "XPF", "KMF",
                                           "GNF", "RWF", "VUV", "BIF", "DJF"]
    static let threeDecimal: Set<String> = ["KWD", "BHD", "OMR", "JOD", "TND", "IQD", "LYD"]

    /// Decimal places of the currency's minor unit (ISO 4217).
    public static func exponent(_ currency: String) -> Int {
        if zeroDecimal.contains(currency) { return 0 }
        if threeDecimal.contains(currency) { return 3 }
        return 2
    }

    /// 10 to the currency's exponent: minor units in one major unit.
    public static func minorPerMajor(_ currency: String) -> Int64 {
        var n: Int64 = 1
        for _ in 0..<exponent(currency) { n *= 10 }
        return n
    }

    /// A decimal amount written in major units (`1678.00`, `-5`, `99.5`) as minor units of
    /// `currency`, rounded half away from zero; nil when it is not a number.
    public static func minor(fromDecimal text: String, currency: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.hasPrefix("-") ? trimmed.dropFirst() : Substring(trimmed)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let value = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        var scaled = value * Decimal(minorPerMajor(currency)), rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    /// The amount's digits without a symbol: `1,234.50`, `1,235` (JPY), `1.250` (KWD).
    public var amountText: String {
        let exponent = Money.exponent(currency)
        let per = UInt64(Money.minorPerMajor(currency))
        let absolute = minor.magnitude
        let units = absolute / per, fraction = absolute % per
        var grouped = ""
        for (i, ch) in String(units).reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        var text = String(grouped.reversed())
        if exponent > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: exponent - digits.count) + digits
        }
        return text
    }

    /// The currency of a figure that adds amounts of several currencies (a customer's lifetime
    /// value when their orders are in more than one): it is shown as words, never as an amount.
    public static let severalCurrencies = "*"

    /// `¥1,234.50`, `R 1,678.00`, `US$5.00`, `JP¥1,500`; negative amounts get a leading minus.
    public var description: String {
        if currency == Money.severalCurrencies { return "several currencies" }
        return (minor < 0 ? "-" : "") + Money.symbol(currency) + amountText
    }

    /// The amount in major units as a floating-point number (for conversion and charts).
    public var major: Double { Double(minor) / Double(Money.minorPerMajor(currency)) }

    /// `¥1.2M`, `R 35.4k`: for tiles where width is short.
    public var compact: String {
        if currency == Money.severalCurrencies { return "mixed" }
        let value = major
        let sign = value < 0 ? "-" : ""
        let a = abs(value)
        let body: String
        if a >= 1_000_000 { body = String(format: "%.1fM", a / 1_000_000) }
        else if a >= 10_000 { body = String(format: "%.1fk", a / 1_000) }
        else { body = String(format: "%.0f", a) }
        return sign + Money.symbol(currency) + body
    }

    /// Amounts added up per currency (never across currencies), in first-seen order; zero
    /// amounts are kept only when nothing else is.
    public static func totals<S: Sequence>(_ amounts: S) -> [Money] where S.Element == Money {
        var order: [String] = [], sums: [String: Int64] = [:]
        for m in amounts {
            if sums[m.currency] == nil { order.append(m.currency) }
            sums[m.currency, default: 0] += m.minor
        }
        let all = order.map { Money(minor: sums[$0]!, currency: $0) }
        let nonZero = all.filter { $0.minor != 0 }
        return nonZero.isEmpty ? Array(all.prefix(1)) : nonZero
    }

    /// Amounts in several currencies side by side: `¥1,200.00 + R 1,678.00`.
    public static func list(_ amounts: [Money]) -> String {
        amounts.map(\.description).joined(separator: " + ")
    }

    /// Whether `code` looks like an ISO 4217 currency code (three capital letters).
    public static func isCurrencyCode(_ code: String) -> Bool {
        code.count == 3 && code.unicodeScalars.allSatisfy { $0.value >= 65 && $0.value <= 90 }
    }
}
