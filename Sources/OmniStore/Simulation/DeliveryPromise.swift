import Foundation

/// When an order is promised, the one rule the seed and the simulator share: a promise is
/// always after the order is placed, a number of business days (Monday to Friday, China time)
/// that depends on how the order is fulfilled and where it was sold, at 21:00 local time.
///
/// - in store: handed over when placed (the promise is the placement)
/// - pickup and ship from store: 2 business days
/// - ship from a DC: 3 business days (marketplace 2, B2B 5)
public enum DeliveryPromise {
    /// China time, as the demo's stores and teams keep it.
    static let calendar = BusinessCalendar(utcOffsetMinutes: 480, dayStartMinute: 0, dayEndMinute: 1440, businessDays: 31)

    public static func businessDays(channel: String, fulfilment: String) -> Int {
        switch fulfilment {
        case "in_store": return 0
        case "pickup", "ship_from_store": return 2
        default: return channel == "b2b" ? 5 : channel == "marketplace" ? 2 : 3
        }
    }

    /// The promise for an order placed at `placed` (nil for in-store sales: handed over at once).
    public static func promisedBy(placed: Int64, channel: String, fulfilment: String) -> Int64? {
        let days = businessDays(channel: channel, fulfilment: fulfilment)
        guard days > 0 else { return nil }
        let offset = Int64(calendar.utcOffsetMinutes) * 60
        var day = (placed + offset) >= 0 ? (placed + offset) / 86_400 : ((placed + offset) - 86_399) / 86_400
        var left = days
        while left > 0 {
            day += 1
            if calendar.isBusinessDay(day) { left -= 1 }
        }
        return day * 86_400 + 21 * 3_600 - offset
    }
}
