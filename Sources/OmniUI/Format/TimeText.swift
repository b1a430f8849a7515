import Foundation

/// Times are stored in UTC and shown in the viewer's local time zone.
public enum TimeText {
    private static func components(_ unix: Int64, zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(unix)))
    }

    private static func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }

    /// `2026-11-23 14:05`
    public static func dateTime(_ unix: Int64, zone: TimeZone = .current) -> String {
        let c = components(unix, zone: zone)
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }

    /// `2026-11-23`
    public static func date(_ unix: Int64, zone: TimeZone = .current) -> String {
        let c = components(unix, zone: zone)
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))"
    }

    /// `11-23 14:05`: for list columns.
    public static func short(_ unix: Int64, zone: TimeZone = .current) -> String {
        let c = components(unix, zone: zone)
        return "\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute))"
    }

    /// `14:05`
    public static func clock(_ unix: Int64, zone: TimeZone = .current) -> String {
        let c = components(unix, zone: zone)
        return "\(two(c.hour)):\(two(c.minute))"
    }

    /// `12d`, `2d 03h`, `3h 05m`, `12m`, `40s`: a span in the two largest units (days alone past a week).
    public static func span(_ seconds: Int64) -> String {
        let s = abs(seconds)
        if s >= 7 * 86_400 { return "\(s / 86_400)d" }
        if s >= 86_400 { return "\(s / 86_400)d \(two(Int((s % 86_400) / 3_600)))h" }
        if s >= 3_600 { return "\(s / 3_600)h \(two(Int((s % 3_600) / 60)))m" }
        if s >= 60 { return "\(s / 60)m" }
        return "\(s)s"
    }

    /// An SLA clock in words so it never relies on colour: `due in 3h 05m` / `BREACHED 1h 20m ago`.
    public static func slaClock(due: Int64, now: Int64) -> String {
        due >= now ? "due in \(span(due - now))" : "BREACHED \(span(now - due)) ago"
    }

    /// `5m ago`, `in 2d 01h`.
    public static func relative(_ unix: Int64, now: Int64) -> String {
        unix <= now ? "\(span(now - unix)) ago" : "in \(span(unix - now))"
    }
}
