/// Finds the experience breaks in a customer's journey: the moments the channels failed to
/// know each other, which the console exists to close.
public enum Journey {
    static let day: Int64 = 86_400
    static let online: Set<String> = ["web", "app", "wechat", "marketplace"]
    static let service: Set<String> = ["chat", "call", "ticket"]

    /// `touchpoints` newest first; returns them with `experienceBreak` set where one shows.
    public static func markBreaks(_ touchpoints: [TouchpointInfo], lateOrders: [OrderSummary]) -> [TouchpointInfo] {
        var result = touchpoints
        let chronological = touchpoints.indices.reversed()
        for i in chronological {
            let t = touchpoints[i]
            switch t.kind {
            case "store_visit":
                // An online cart, then a store visit with no purchase in between.
                let cartBefore = touchpoints.contains { cart in
                    cart.kind == "add_to_cart" && online.contains(cart.channel) && cart.at < t.at && t.at - cart.at <= 14 * day
                        && !touchpoints.contains { p in p.kind == "purchase" && p.at > cart.at && p.at < t.at }
                }
                if cartBefore { result[i].experienceBreak = "cart abandoned online, then store visit" }
            case _ where service.contains(t.kind):
                let earlier = touchpoints.first {
                    service.contains($0.kind) && $0.channel != t.channel && $0.at < t.at && t.at - $0.at <= 7 * day
                }
                if let earlier {
                    result[i].experienceBreak = "same issue raised again: \(earlier.channel) then \(t.channel)"
                } else if t.kind == "ticket", lateOrders.contains(where: {
                    guard let promised = $0.promisedBy else { return false }
                    return promised < t.at && t.at - promised <= 14 * day
                }) {
                    result[i].experienceBreak = "late delivery, then a ticket"
                }
            default:
                break
            }
        }
        return result
    }
}
