import Foundation

/// A customer's lifetime value in its own currencies. `customers.lifetime_value` adds the live
/// orders' net amounts as numbers; it is only an amount when those orders share one currency,
/// so readers ask which (`currencySQL`) and the 360 lists the value per currency (`values`).
public enum CustomerMoney {
    /// SQL for the currency of the customer's live orders (`id` names the customer's id column):
    /// the code when they share one, `*` (`Money.severalCurrencies`) when they do not, NULL
    /// without orders. One index range on orders_customer.
    public static func currencySQL(_ id: String) -> String {
        """
        (SELECT CASE WHEN min(o.currency) = max(o.currency) THEN min(o.currency) ELSE '\(Money.severalCurrencies)' END
         FROM orders o WHERE o.customer_id = \(id) AND o.status <> 'cancelled')
        """
    }

    /// A row's lifetime value from `lifetime_value` and `currencySQL` (no orders: CNY zero).
    public static func lifetimeValue(minor: Int64, currency: String?) -> Money {
        Money(minor: minor, currency: currency ?? "CNY")
    }

    /// The customer's lifetime value per currency: live orders' totals less refunds, largest
    /// first; empty without orders.
    public static func values(_ db: Database, customerID: Int64) throws -> [Money] {
        try db.fetchAll("""
            SELECT currency, sum(total - refunded) FROM orders WHERE customer_id = ? AND status <> 'cancelled'
            GROUP BY currency ORDER BY 2 DESC, 1
            """, [customerID]).map { Money(minor: $0.int64(1), currency: $0.string(0)) }
    }
}
