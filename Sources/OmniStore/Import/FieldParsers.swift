import Foundation

/// Reading values out of exports: money, counts, times, flags. Each failure names the column
/// and the text, for the row's report line.
enum FieldParse {
    /// A decimal amount ("12.50", "-3", "1,234.50", "¥12.5") in minor units (2 decimals).
    static func money(_ row: ImportRow, _ column: String, negative: Bool = true) throws -> Int64? {
        guard let raw = row.trimmed(column) else { return nil }
        guard let value = minorUnits(raw) else { throw row.issue("\(column) \"\(raw)\" is not a number") }
        guard value.magnitude <= maxAmount else { throw row.issue(tooLarge(column, raw)) }
        // Prices, totals and refunds are never negative in a channel's export: a minus there is
        // a broken file, not a credit (discounts are read by magnitude where they are signed).
        guard negative || value >= 0 else { throw row.issue("\(column) \"\(raw)\" is negative") }
        return value
    }

    /// The largest amount omni stores, in minor units (100,000,000,000.00): a day of such orders
    /// still adds up without overflowing the rollups.
    public static let maxAmount: Int64 = 10_000_000_000_000
    /// The largest quantity of one order line.
    public static let maxQuantity: Int64 = 1_000_000

    static func tooLarge(_ column: String, _ raw: String) -> String {
        "\(column) \"\(raw)\" is larger than omni accepts (amounts up to 100,000,000,000.00, that is \(maxAmount) in minor units)"
    }

    /// An amount in integer minor units (omni's own format): whole, within `maxAmount`, and not
    /// negative unless `negative`.
    static func amount(_ row: ImportRow, _ column: String, negative: Bool = false) throws -> Int64? {
        guard let raw = row.trimmed(column) else { return nil }
        guard let value = wholeNumber(raw) else {
            if raw.utf8.count > 1 && raw.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { throw row.issue(tooLarge(column, raw)) }
            throw row.issue("\(column) \"\(raw)\" is not a whole number")
        }
        guard value.magnitude <= maxAmount else { throw row.issue(tooLarge(column, raw)) }
        guard negative || value >= 0 else { throw row.issue("\(column) \"\(raw)\" is negative") }
        return value
    }

    /// `123`, `-4`, `+5`, `12.0`: decimal digits only (no `0x10`, `1e3`, `inf`), nil beyond Int64.
    static func wholeNumber(_ raw: String) -> Int64? {
        var b = Substring(raw)
        if b.hasSuffix(".0") || b.hasSuffix(".00") { b = b[..<b.firstIndex(of: ".")!] }
        var digits = b
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int64(b)
    }

    static func minorUnits(_ raw: String) -> Int64? {
        var bytes = Array(raw.utf8)
        // Currency symbols and spaces around the number.
        while let f = bytes.first, !(f >= 48 && f <= 57) && f != UInt8(ascii: "-") && f != UInt8(ascii: ".") && f != UInt8(ascii: "+") {
            if f == UInt8(ascii: "$") || f == UInt8(ascii: " ") { bytes.removeFirst() }
            else if bytes.starts(with: Array("¥".utf8)) { bytes.removeFirst(2) }
            else if bytes.starts(with: Array("€".utf8)) || bytes.starts(with: Array("£".utf8)) { bytes.removeFirst(bytes.starts(with: Array("€".utf8)) ? 3 : 2) }
            else { break }
        }
        var negative = false
        var i = 0
        if i < bytes.count && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) { negative = bytes[i] == UInt8(ascii: "-"); i += 1 }
        var units: Int64 = 0, cents: Int64 = 0, decimals = 0, digits = 0
        var inFraction = false
        var groupOK = true
        while i < bytes.count {
            let b = bytes[i]
            if b >= 48 && b <= 57 {
                let d = Int64(b - 48)
                if inFraction {
                    decimals += 1
                    if decimals <= 2 { cents = cents * 10 + d } else if d != 0 { return nil }
                } else {
                    // Saturates far above `maxAmount`, so the caller names the amount as too large.
                    units = units > Int64.max / 1000 ? Int64.max / 1000 : units * 10 + d
                }
                digits += 1
            } else if b == UInt8(ascii: ".") && !inFraction {
                inFraction = true
            } else if b == UInt8(ascii: ",") && !inFraction && digits > 0 {
                // Thousands separator: exactly three digits must follow.
                var n = 0, j = i + 1
                while j < bytes.count, bytes[j] >= 48 && bytes[j] <= 57 { n += 1; j += 1 }
                groupOK = n == 3
                if !groupOK { return nil }
            } else if b == UInt8(ascii: " ") && i == bytes.count - 1 {
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        if decimals == 1 { cents *= 10 }
        let value = units * 100 + cents
        return negative ? -value : value
    }

    static func int(_ row: ImportRow, _ column: String) throws -> Int64? {
        guard let raw = row.trimmed(column) else { return nil }
        if let v = wholeNumber(raw) { return v }
        throw row.issue("\(column) \"\(raw)\" is not a whole number")
    }

    static func bool(_ row: ImportRow, _ column: String) throws -> Bool? {
        guard let raw = row.trimmed(column) else { return nil }
        switch raw.lowercased() {
        case "yes", "y", "true", "1", "subscribed", "confirmed_opt_in", "single_opt_in": return true
        case "no", "n", "false", "0", "unsubscribed", "not_subscribed", "pending", "redacted", "invalid": return false
        default: throw row.issue("\(column) \"\(raw)\" is not yes or no")
        }
    }

    static func time(_ row: ImportRow, _ column: String) throws -> Int64? {
        guard let raw = row.trimmed(column) else { return nil }
        if let t = parseTime(raw) { return t }
        if let date = SpreadsheetDate.parse(raw) {
            let rules = row.rules ?? ReadingRules(file: row.file, surveyPath: nil, dateOrder: nil)
            let order = try rules.order(for: date, raw: raw, column: column, row: row)
            guard date.year >= minYear && date.year <= maxYear else { throw row.issue("\(column) \"\(raw)\" is outside the years omni reads (\(minYear)-\(maxYear))") }
            guard let t = date.time(order) else {
                throw row.issue("\(column) \"\(raw)\" is not a day of the calendar (read \(order == .dmy ? "day/month/year" : "month/day/year"))")
            }
            return t
        }
        if let why = whyNotATime(raw) { throw row.issue("\(column) \"\(raw)\" \(why)") }
        throw row.issue("\(column) \"\(raw)\" is not a time (2026-05-01 09:59:00 +0200, 2026-05-01T07:59:00Z, unix seconds, or a spreadsheet's 02/01/2026 11:23)")
    }

    /// Years a time may fall in: anything else is a typing or export error (year 0, 20266).
    static let minYear = 1900, maxYear = 2999

    static func isDay(_ year: Int, _ month: Int, _ day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }

    /// Why an ISO-shaped time is refused (a day that does not exist, a year out of range).
    static func whyNotATime(_ raw: String) -> String? {
        let b = Array(raw.utf8)
        guard b.count >= 10, b[4] == 0x2D, b[7] == 0x2D,
              let y = Int(String(decoding: b[0..<4], as: UTF8.self)), let m = Int(String(decoding: b[5..<7], as: UTF8.self)),
              let d = Int(String(decoding: b[8..<10], as: UTF8.self)) else { return nil }
        if y < minYear || y > maxYear { return "is outside the years omni reads (\(minYear)-\(maxYear))" }
        if !isDay(y, m, d) { return "is not a day of the calendar" }
        return nil
    }

    /// `2026-05-01 09:59:00 +0200`, `2026-05-01T07:59:00Z`, `2026-05-01T09:59:00+02:00`,
    /// `2026-05-01 09:59`, `2026-05-01` (UTC midnight), fractional seconds, or unix seconds.
    static func parseTime(_ raw: String) -> Int64? {
        let b = Array(raw.utf8)
        if !b.isEmpty && b.allSatisfy({ $0 >= 48 && $0 <= 57 }) && b.count <= 11 {
            // Unix seconds within the years omni reads.
            guard let t = Int64(raw), t <= 32_503_680_000 else { return nil }
            return t
        }
        var i = 0
        func number(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func skip(_ c: Character) -> Bool {
            if i < b.count && b[i] == c.asciiValue! { i += 1; return true }
            return false
        }
        guard let year = number(4), skip("-"), let month = number(2), skip("-"), let day = number(2),
              year >= minYear, year <= maxYear, isDay(year, month, day) else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        if i < b.count && (b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ")) {
            i += 1
            guard let h = number(2), skip(":"), let m = number(2) else { return nil }
            hour = h; minute = m
            if skip(":") { guard let s = number(2) else { return nil }; second = s }
            if skip(".") { while i < b.count, b[i] >= 48 && b[i] <= 57 { i += 1 } }
            while i < b.count && b[i] == UInt8(ascii: " ") { i += 1 }
            if i < b.count {
                if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { i += 1 }
                else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                    let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    guard let oh = number(2) else { return nil }
                    _ = skip(":")
                    let om = number(2) ?? 0
                    offset = sign * (oh * 3600 + om * 60)
                } else if raw.hasSuffix(" UTC") { i = b.count } else { return nil }
            }
            guard hour < 24, minute < 60, second < 61, abs(offset) <= 14 * 3600 else { return nil }
        }
        guard i == b.count else { return nil }
        return Int64(daysFromCivil(year, month, day)) * 86400 + Int64(hour * 3600 + minute * 60 + second - offset)
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// `2026-05-01T07:59:00Z`.
    static func isoTime(_ t: Int64) -> String {
        let days = Int(t >= 0 ? t / 86400 : (t - 86399) / 86400)
        let secs = Int(t - Int64(days) * 86400)
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }

    /// A code from a name: "Shanghai Jing'an Store" -> "SHANGHAI-JING-AN-STORE".
    static func code(fromName name: String) -> String {
        var out = ""
        var dash = false
        for s in name.uppercased().unicodeScalars {
            if s.properties.isAlphabetic || ("0"..."9").contains(s) {
                out.unicodeScalars.append(s); dash = false
            } else if !dash && !out.isEmpty {
                out += "-"; dash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "LOC" : out
    }
}

extension Importer {
    /// Times as imports read them (for `--since` and scripts): `2026-05-01`, ISO 8601 with or
    /// without offset, Shopify's `2026-05-01 09:59:00 +0200`, or unix seconds.
    public static func parseTime(_ text: String) -> Int64? { FieldParse.parseTime(text.trimmingCharacters(in: .whitespaces)) }
}
