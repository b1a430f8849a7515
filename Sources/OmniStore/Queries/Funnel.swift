import Foundation

/// The customer funnel, drawn as the Gartner funnel is: one cohort of distinct customers (those
/// reached in the window) followed through reach → engage → cart → checkout → purchase → repeat.
/// Each stage is the customers of the stage before who also did the stage's step in the window,
/// so each stage is a subset of the one before and no conversion can exceed 100%.
///
/// - reach: a campaign message sent or a site/app visit (touchpoints campaign_sent, visit)
/// - engage: a product view (product_view)
/// - cart: an add to cart (add_to_cart)
/// - checkout: a checkout started (checkout)
/// - purchase: an order placed in the window (any channel, not cancelled)
/// - repeat: a customer with 2 or more orders (not cancelled) placed before the window's end
///
/// Orders in the window by customers outside the purchase stage (store walk-ins, B2B, journeys
/// that were not tracked) are counted beside the funnel, not inside it.
public enum Funnel {
    public static let stages = ["reach", "engage", "cart", "checkout", "purchase", "repeat"]

    /// What each stage means, for the screen, `omni kpi --explain` and the README.
    public static let stageDefinitions = [
        "reach": "Distinct customers sent a campaign message or visiting the site or app in the window (touchpoints campaign_sent, visit): the cohort.",
        "engage": "Customers of the cohort who viewed a product in the window. Conversion = engage ÷ reach.",
        "cart": "Customers who engaged and added to a cart in the window. Conversion = cart ÷ engage.",
        "checkout": "Customers who carted and started a checkout in the window. Conversion = checkout ÷ cart.",
        "purchase": "Customers who checked out and placed an order (not cancelled) in the window. Overall conversion = purchase ÷ reach.",
        "repeat": "Customers who purchased and have 2 or more orders (not cancelled) by the window's end. Conversion = repeat ÷ purchase.",
    ]

    /// The cohort sentence shown on screen and in `omni kpi --json`.
    public static func cohort(windowDays: Int) -> String {
        "customers reached (campaign sent or visit) in the last \(windowDays) days; each stage is a subset of the one before"
    }

    /// `WITH m(c, depth), f(c, depth)`: each customer touched in the window [?1, ?2) with the
    /// deepest stage they reached in order (1 = reach … 6 = repeat; 0 = not reached, left out).
    /// One pass over the window's touchpoints (index touchpoints_kind_at), then one customers row
    /// for each who checked out: purchase = their last order (not cancelled) is in the window,
    /// repeat = they have 2 or more (the window ends with today, so no order is after it).
    static let stagesCTE = """
        WITH m(c, depth) AS MATERIALIZED (
                 SELECT customer_id, CASE WHEN max(kind IN ('campaign_sent','visit')) = 0 THEN 0
                                          WHEN max(kind = 'product_view') = 0 THEN 1
                                          WHEN max(kind = 'add_to_cart') = 0 THEN 2
                                          WHEN max(kind = 'checkout') = 0 THEN 3 ELSE 4 END
                 FROM touchpoints
                 WHERE kind IN ('campaign_sent','visit','product_view','add_to_cart','checkout') AND at >= ?1 AND at < ?2
                 GROUP BY customer_id),
             f(c, depth) AS MATERIALIZED (
                 SELECT m.c, CASE WHEN m.depth < 4 THEN m.depth WHEN coalesce(cu.last_order_at, ?1 - 1) < ?1 THEN 4
                                  WHEN cu.order_count < 2 THEN 5 ELSE 6 END
                 FROM m LEFT JOIN customers cu ON cu.id = m.c WHERE m.depth > 0)
        """

    /// The customers of one stage (0 = reach … 5 = repeat), as a condition on `customers c`
    /// taking the window's bounds as its two arguments.
    static func stageCondition(_ index: Int) -> String {
        "c.id IN (\(stagesCTE) SELECT c FROM f WHERE depth >= \(index + 1))"
    }

    public struct Counts: Equatable, Sendable {
        public var stages: [Int]
        /// Distinct customers who ordered in the window but are not in the purchase stage.
        public var outsideBuyers: Int
        /// Their orders (not cancelled), and orders with no customer (walk-ins).
        public var outsideOrders: Int
    }

    /// Counts kept per store and window, for callers that accept a funnel up to some seconds old.
    final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var entries: [String: (from: Int64, to: Int64, at: Int64, counts: Counts)] = [:]
    }
    static let cache = Cache()

    /// The counts for [from, to), reused when computed for the same store and window at most
    /// `maxAge` seconds before `now` (0: always counted afresh). Returns when they were counted.
    public static func counts(_ db: Database, from: Int64, to: Int64, now: Int64, maxAge: Int64) throws -> (Counts, asOf: Int64) {
        if maxAge > 0 {
            cache.lock.lock()
            let hit = cache.entries[db.path]
            cache.lock.unlock()
            if let hit, hit.from == from, hit.to == to, hit.at <= now, now - hit.at < maxAge { return (hit.counts, hit.at) }
        }
        let fresh = try counts(db, from: from, to: to)
        cache.lock.lock()
        cache.entries[db.path] = (from, to, now, fresh)
        cache.lock.unlock()
        return (fresh, now)
    }

    /// The six stage counts and the purchases outside the funnel, for the window [from, to).
    public static func counts(_ db: Database, from: Int64, to: Int64) throws -> Counts {
        // The stages, then one pass over the window's orders: those not by a customer of the
        // purchase stage (walk-ins have no customer) are beside the funnel.
        let r = try db.fetchOne("""
            \(stagesCTE),
                 outside(buyers, orders) AS (
                     SELECT count(DISTINCT CASE WHEN bought THEN NULL ELSE customer_id END), coalesce(sum(NOT bought), 0) FROM (
                         SELECT customer_id, coalesce(customer_id IN (SELECT c FROM f WHERE depth >= 5), 0) AS bought FROM orders
                         WHERE placed_at >= ?1 AND placed_at < ?2 AND status <> 'cancelled'))
            SELECT s.*, o.buyers, o.orders FROM (
                SELECT sum(depth >= 1), sum(depth >= 2), sum(depth >= 3), sum(depth >= 4), sum(depth >= 5), sum(depth >= 6) FROM f) s,
                outside o
            """, [from, to])
        return Counts(stages: (0..<6).map { r?.int($0) ?? 0 }, outsideBuyers: r?.int(6) ?? 0, outsideOrders: r?.int(7) ?? 0)
    }
}
