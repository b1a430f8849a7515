/// A team's working week: local hours on business days, at a fixed UTC offset (no DST in the
/// places omni's demo teams sit). SLA targets count minutes inside it only, so a ticket raised
/// on Friday evening with 60 business minutes to first response is due on Monday morning.
public struct BusinessCalendar: Sendable, Equatable {
    public var utcOffsetMinutes: Int
    /// Minutes after local midnight the working day starts and ends (end may be 1440).
    public var dayStartMinute: Int
    public var dayEndMinute: Int
    /// Bit 0 = Monday ... bit 6 = Sunday, as in `teams.business_days`.
    public var businessDays: Int

    public init(utcOffsetMinutes: Int = 480, dayStartMinute: Int = 540, dayEndMinute: Int = 1080, businessDays: Int = 31) {
        self.utcOffsetMinutes = utcOffsetMinutes
        self.dayStartMinute = max(0, min(1440, dayStartMinute))
        self.dayEndMinute = max(0, min(1440, dayEndMinute))
        self.businessDays = businessDays & 0x7F
    }

    /// Every minute of every day.
    public static let allHours = BusinessCalendar(utcOffsetMinutes: 0, dayStartMinute: 0, dayEndMinute: 1440, businessDays: 127)

    /// A calendar with no working time at all counts plain minutes instead (never loops forever).
    var isDegenerate: Bool { businessDays == 0 || dayEndMinute <= dayStartMinute }

    /// Monday = 0 ... Sunday = 6 for a local day number (days since 1970-01-01, a Thursday).
    static func weekday(ofLocalDay day: Int64) -> Int {
        Int(((day % 7) + 7 + 3) % 7)
    }

    func isBusinessDay(_ localDay: Int64) -> Bool {
        businessDays & (1 << BusinessCalendar.weekday(ofLocalDay: localDay)) != 0
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// True when `time` (unix seconds) falls inside working hours.
    public func isOpen(at time: Int64) -> Bool {
        if isDegenerate { return true }
        let local = time + Int64(utcOffsetMinutes) * 60
        let day = BusinessCalendar.floorDiv(local, 86_400)
        let second = local - day * 86_400
        return isBusinessDay(day) && second >= Int64(dayStartMinute) * 60 && second < Int64(dayEndMinute) * 60
    }

    /// The moment `minutes` business minutes after `time`. Time outside working hours does not
    /// count; a start outside them begins counting at the next opening.
    public func adding(businessMinutes minutes: Int, to time: Int64) -> Int64 {
        if minutes <= 0 { return time }
        if isDegenerate { return time + Int64(minutes) * 60 }
        let offset = Int64(utcOffsetMinutes) * 60
        var local = time + offset
        var remaining = Int64(minutes) * 60
        let start = Int64(dayStartMinute) * 60, end = Int64(dayEndMinute) * 60
        // At most a week of closed days between two working days, so this ends quickly.
        while true {
            let day = BusinessCalendar.floorDiv(local, 86_400)
            let dayBase = day * 86_400
            if isBusinessDay(day) {
                let open = dayBase + start, close = dayBase + end
                if local < open { local = open }
                if local < close {
                    let available = close - local
                    if remaining <= available { return local + remaining - offset }
                    remaining -= available
                }
            }
            local = dayBase + 86_400
        }
    }

    /// Business minutes between two moments (0 when `to` is not after `from`).
    public func businessMinutes(from: Int64, to: Int64) -> Int {
        if to <= from { return 0 }
        if isDegenerate { return Int((to - from) / 60) }
        let offset = Int64(utcOffsetMinutes) * 60
        var local = from + offset
        let target = to + offset
        let start = Int64(dayStartMinute) * 60, end = Int64(dayEndMinute) * 60
        var seconds: Int64 = 0
        while local < target {
            let day = BusinessCalendar.floorDiv(local, 86_400)
            let dayBase = day * 86_400
            if isBusinessDay(day) {
                let open = max(local, dayBase + start), close = min(target, dayBase + end)
                if close > open { seconds += close - open }
            }
            local = dayBase + 86_400
        }
        return Int(seconds / 60)
    }
}
