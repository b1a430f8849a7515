import Foundation

/// Money as integer minor units with its currency; formatting lives here so the CLI and the
/// console agree.
public struct Money: Equatable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var minor: Int64
    public var currency: String

    public init(minor: Int64, currency: String = "CNY") {
        self.minor = minor
        self.currency = currency
    }

    static func symbol(_ currency: String) -> String {
        switch currency {
        case "CNY": return "¥"
        case "USD": return "$"
        case "EUR": return "€"
        case "GBP": return "£"
        default: return currency + " "
        }
    }

    /// `¥1,234.50`; negative amounts get a leading minus.
    public var description: String {
        let sign = minor < 0 ? "-" : ""
        let absolute = minor.magnitude
        let units = absolute / 100, cents = absolute % 100
        var grouped = ""
        for (i, ch) in String(units).reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        return sign + Money.symbol(currency) + String(grouped.reversed()) + "." + (cents < 10 ? "0" : "") + String(cents)
    }

    /// `¥1.2M`, `¥35.4k`: for tiles where width is short.
    public var compact: String {
        let value = Double(minor) / 100
        let sign = value < 0 ? "-" : ""
        let a = abs(value)
        let body: String
        if a >= 1_000_000 { body = String(format: "%.1fM", a / 1_000_000) }
        else if a >= 10_000 { body = String(format: "%.1fk", a / 1_000) }
        else { body = String(format: "%.0f", a) }
        return sign + Money.symbol(currency) + body
    }
}
