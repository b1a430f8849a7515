import Foundation

/// One exchange rate a figure was converted with: 1 `currency` = `rate` reporting currency,
/// the rate of `date` (a UTC day, `YYYY-MM-DD`).
public struct FXRateUsed: Equatable, Sendable, Codable {
    public var currency: String
    public var rate: Double
    public var date: String
}

/// Converts amounts into the store's reporting currency with the rates of `fx_rates`.
///
/// An amount of day D in currency X uses the rate of the latest day on or before D, no older
/// than `fx.max_age_days` (default 7) days, for the pair X→reporting, or the inverse of the
/// pair reporting→X when only that one is loaded. No rate: the amount is not converted (the
/// caller lists it). Amounts already in the reporting currency are taken as they are.
public struct FXConverter {
    let db: Database
    public let reporting: String
    public let maxAgeDays: Int64
    /// Whether any rate is loaded (no rates: figures are given per currency).
    public let ratesLoaded: Bool
    private var cache: [String: (rate: Double, day: Int64)?] = [:]

    public init(_ db: Database, reporting: String? = nil) throws {
        self.db = db
        self.reporting = try reporting ?? FXConverter.reportingCurrency(db)
        let age: String? = try db.scalar("SELECT value FROM settings WHERE key = 'fx.max_age_days'")
        maxAgeDays = age.flatMap { Int64($0) }.map { max(0, $0) } ?? 7
        ratesLoaded = try db.scalarInt("SELECT EXISTS (SELECT 1 FROM fx_rates)") != 0
    }

    /// The `reporting.currency` setting (CNY when absent or not an ISO code).
    public static func reportingCurrency(_ db: Database) throws -> String {
        let value: String? = try db.scalar("SELECT value FROM settings WHERE key = 'reporting.currency'")
        guard let code = value?.trimmingCharacters(in: .whitespaces).uppercased(), Money.isCurrencyCode(code) else { return "CNY" }
        return code
    }

    /// The rate and its day for 1 `currency` in the reporting currency on `day`; nil when none
    /// is loaded within the allowed age.
    public mutating func rate(_ currency: String, day: Int64) throws -> (rate: Double, day: Int64)? {
        if currency == reporting { return (1, day) }
        guard ratesLoaded else { return nil }
        let key = "\(currency) \(day)"
        if let hit = cache[key] { return hit }
        let query = "SELECT day, rate FROM fx_rates WHERE base = ? AND quote = ? AND day <= ? AND day >= ? ORDER BY day DESC LIMIT 1"
        let oldest = day - maxAgeDays
        let direct = try db.fetchOne(query, [currency, reporting, day, oldest]).map { (rate: $0.double(1), day: $0.int64(0)) }
        let inverse = try db.fetchOne(query, [reporting, currency, day, oldest]).map { (rate: 1 / $0.double(1), day: $0.int64(0)) }
        let found: (rate: Double, day: Int64)?
        switch (direct, inverse) {
        case let (d?, i?): found = i.day > d.day ? i : d
        case let (d?, nil): found = d
        case let (nil, i?): found = i
        case (nil, nil): found = nil
        }
        cache[key] = found
        return found
    }

    /// `amount` of `day` in the reporting currency, rounded to its minor unit, with the rate
    /// used; nil when there is no rate.
    public mutating func convert(_ amount: Money, day: Int64) throws -> (money: Money, rate: FXRateUsed?)? {
        if amount.currency == reporting { return (amount, nil) }
        guard let r = try rate(amount.currency, day: day) else { return nil }
        let value = (amount.major * r.rate * Double(Money.minorPerMajor(reporting))).rounded()
        return (Money(minor: Int64(value), currency: reporting),
                FXRateUsed(currency: amount.currency, rate: r.rate, date: FXConverter.date(r.day)))
    }

    /// A UTC day number as `YYYY-MM-DD`.
    public static func date(_ day: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(day * 86_400)))
        return String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }

    /// `YYYY-MM-DD` as a UTC day number; nil when it is not a real date.
    public static func day(_ date: String) -> Int64? {
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let at = calendar.date(from: DateComponents(year: y, month: m, day: d)),
              calendar.component(.day, from: at) == d, calendar.component(.month, from: at) == m else { return nil }
        return Int64(at.timeIntervalSince1970) / 86_400
    }
}
