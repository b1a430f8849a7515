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

    /// `WITH f0(c) ... f5(c)`: the stages as CTEs over the window bound as ?1 (from) and ?2 (to).
    static let stagesCTE = """
        WITH f0(c) AS (SELECT DISTINCT customer_id FROM touchpoints
                       WHERE kind IN ('campaign_sent','visit') AND at >= ?1 AND at < ?2),
             f1(c) AS (SELECT DISTINCT customer_id FROM touchpoints
                       WHERE kind = 'product_view' AND at >= ?1 AND at < ?2 AND customer_id IN f0),
             f2(c) AS (SELECT DISTINCT customer_id FROM touchpoints
                       WHERE kind = 'add_to_cart' AND at >= ?1 AND at < ?2 AND customer_id IN f1),
             f3(c) AS (SELECT DISTINCT customer_id FROM touchpoints
                       WHERE kind = 'checkout' AND at >= ?1 AND at < ?2 AND customer_id IN f2),
             f4(c) AS (SELECT c FROM f3 WHERE EXISTS(SELECT 1 FROM orders o WHERE o.customer_id = f3.c
                       AND o.placed_at >= ?1 AND o.placed_at < ?2 AND o.status <> 'cancelled')),
             f5(c) AS (SELECT c FROM f4 WHERE (SELECT count(*) FROM orders o WHERE o.customer_id = f4.c
                       AND o.placed_at < ?2 AND o.status <> 'cancelled') >= 2)
        """

    /// The customers of one stage (0 = reach … 5 = repeat), as a condition on `customers c`
    /// taking the window's bounds as its two arguments.
    static func stageCondition(_ index: Int) -> String {
        "c.id IN (\(stagesCTE) SELECT c FROM f\(index))"
    }

    public struct Counts: Equatable, Sendable {
        public var stages: [Int]
        /// Distinct customers who ordered in the window but are not in the purchase stage.
        public var outsideBuyers: Int
        /// Their orders (not cancelled), and orders with no customer (walk-ins).
        public var outsideOrders: Int
    }

    /// The six stage counts and the purchases outside the funnel, for the window [from, to).
    public static func counts(_ db: Database, from: Int64, to: Int64) throws -> Counts {
        let r = try db.fetchOne("""
            \(stagesCTE),
                 buyers(c) AS (SELECT DISTINCT customer_id FROM orders
                               WHERE placed_at >= ?1 AND placed_at < ?2 AND status <> 'cancelled' AND customer_id IS NOT NULL)
            SELECT (SELECT count(*) FROM f0), (SELECT count(*) FROM f1), (SELECT count(*) FROM f2), (SELECT count(*) FROM f3),
                   (SELECT count(*) FROM f4), (SELECT count(*) FROM f5),
                   (SELECT count(*) FROM buyers WHERE c NOT IN f4),
                   (SELECT count(*) FROM orders WHERE placed_at >= ?1 AND placed_at < ?2 AND status <> 'cancelled'
                        AND (customer_id IS NULL OR customer_id NOT IN f4))
            """, [from, to])
        return Counts(stages: (0..<6).map { r?.int($0) ?? 0 }, outsideBuyers: r?.int(6) ?? 0, outsideOrders: r?.int(7) ?? 0)
    }
}
