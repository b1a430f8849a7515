/// The one way omni words a duration (late by, waiting, SLA clocks), so the journey, the order
/// and the queue say the same: `45s`, `12m`, `3h 05m`, `2d 04h`, `9d`.
public enum DurationText {
    public static func short(_ seconds: Int64) -> String {
        let s = seconds == Int64.min ? Int64.max : abs(seconds)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if s >= 7 * 86_400 { return "\(s / 86_400)d" }
        if s >= 86_400 { return "\(s / 86_400)d \(two((s % 86_400) / 3_600))h" }
        if s >= 3_600 { return "\(s / 3_600)h \(two((s % 3_600) / 60))m" }
        if s >= 60 { return "\(s / 60)m" }
        return "\(s)s"
    }
}
