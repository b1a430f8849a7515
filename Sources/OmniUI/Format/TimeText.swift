import Foundation
import OmniStore

/// Times are stored in UTC and shown in one zone the screen names: the operator's zone by
/// default (`OMNI_TZ`, else `TZ`, else the system's), the store's own zone in the store's day.
public enum TimeText {
    /// The operator's zone: `OMNI_TZ` (an IANA name such as `Asia/Shanghai`, or `UTC+08:00`),
    /// else the process's zone (`TZ`). Set once at start (and by tests).
    nonisolated(unsafe) public static var operatorZone: TimeZone = zone(named: ProcessInfo.processInfo.environment["OMNI_TZ"]) ?? .current

    /// A zone from an IANA name, `UTC`, or `UTC±HH:MM`; nil when it names none.
    public static func zone(named name: String?) -> TimeZone? {
        guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return nil }
        if let z = TimeZone(identifier: name) { return z }
        let upper = name.uppercased()
        for prefix in ["UTC", "GMT"] where upper.hasPrefix(prefix) {
            let rest = upper.dropFirst(prefix.count)
            if rest.isEmpty { return TimeZone(secondsFromGMT: 0) }
            guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
            let parts = rest.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let h = Int(parts[0]), h <= 14,
                  let m = parts.count == 2 ? Int(parts[1]) : 0, (0..<60).contains(m) else { return nil }
            return TimeZone(secondsFromGMT: (sign == "-" ? -1 : 1) * (h * 3_600 + m * 60))
        }
        return nil
    }

    /// `UTC+08:00`: how a screen names the zone its times are in (at that moment, for DST).
    public static func zoneLabel(_ zone: TimeZone, at unix: Int64) -> String {
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(unix)))
        let a = abs(offset)
        return "UTC" + (offset < 0 ? "-" : "+") + two(a / 3_600) + ":" + two(a % 3_600 / 60)
    }

    /// Local calendar fields of a moment.
    struct Fields: Equatable {
        var year, month, day, hour, minute: Int
    }

    /// The local fields of `unix` in `zone`: the zone's offset at that moment, then Gregorian
    /// day arithmetic (H. Hinnant's civil_from_days). Lists format a time per row, and a
    /// Calendar call costs ~20 times more. Before 1583 Foundation's calendar is Julian, so
    /// those (never stored) moments still go through it.
    static func fields(_ unix: Int64, zone: TimeZone) -> Fields {
        let date = Date(timeIntervalSince1970: TimeInterval(unix))
        guard unix >= gregorianFrom else {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            return Fields(year: c.year ?? 0, month: c.month ?? 0, day: c.day ?? 0, hour: c.hour ?? 0, minute: c.minute ?? 0)
        }
        let local = unix + Int64(zone.secondsFromGMT(for: date))
        let days = local.floorDivided(by: 86_400)
        let seconds = Int(local - days * 86_400)
        let z = days + 719_468  // days since 0000-03-01
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // from March 1st
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return Fields(year: Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0), month: Int(month),
                      day: Int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1),
                      hour: seconds / 3_600, minute: seconds % 3_600 / 60)
    }

    /// 1583-01-01 UTC: from here on the arithmetic and Foundation's calendar agree.
    static let gregorianFrom: Int64 = -12_212_553_600

    private static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// `2026-11-23 14:05`
    public static func dateTime(_ unix: Int64, zone: TimeZone = TimeText.operatorZone) -> String {
        let c = fields(unix, zone: zone)
        return "\(c.year)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }

    /// `2026-11-23`
    public static func date(_ unix: Int64, zone: TimeZone = TimeText.operatorZone) -> String {
        let c = fields(unix, zone: zone)
        return "\(c.year)-\(two(c.month))-\(two(c.day))"
    }

    /// `11-23 14:05`: for list columns.
    public static func short(_ unix: Int64, zone: TimeZone = TimeText.operatorZone) -> String {
        let c = fields(unix, zone: zone)
        return "\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }

    /// `14:05`
    public static func clock(_ unix: Int64, zone: TimeZone = TimeText.operatorZone) -> String {
        let c = fields(unix, zone: zone)
        return "\(two(c.hour)):\(two(c.minute))"
    }

    /// `12d`, `2d 03h`, `3h 05m`, `12m`, `40s`: a span in the two largest units (days alone past a week).
    public static func span(_ seconds: Int64) -> String { DurationText.short(seconds) }

    /// An SLA clock in words so it never relies on colour: `due in 3h 05m` / `BREACHED 1h 20m ago`.
    public static func slaClock(due: Int64, now: Int64) -> String {
        due >= now ? "due in \(span(due - now))" : "BREACHED \(span(now - due)) ago"
    }

    /// `5m ago`, `in 2d 01h`.
    public static func relative(_ unix: Int64, now: Int64) -> String {
        unix <= now ? "\(span(now - unix)) ago" : "in \(span(unix - now))"
    }
}

extension Int64 {
    /// Division rounding towards minus infinity (days before 1970 start at their midnight).
    func floorDivided(by d: Int64) -> Int64 {
        let q = self / d
        return self % d < 0 ? q - 1 : q
    }
}
