import Foundation

/// One SKU a channel has sold beyond its stock.
public struct OversoldRow: Equatable, Sendable, Codable {
    public var channel: String
    public var skuID: Int64
    public var skuCode: String
    public var skuName: String
    /// Units on the channel's open orders (pending or paid: placed, not yet shipped or handed over).
    public var openDemand: Int
    public var openOrders: Int
    /// What the channel sells from: on hand − safety stock − its buffer, at every location it
    /// sells from (reserved units included: they are held for these very orders).
    public var sellable: Int
    /// What the channel may still promise now (after reservations): the SKU view's ATP.
    public var availableToPromise: Int
    /// open demand − sellable: units sold that the channel does not have.
    public var oversold: Int
}

/// Oversold stock per SKU and channel: open demand against what the channel may still ship.
public enum Oversold {
    static let sql = """
        WITH demand AS (
            SELECT o.channel, l.sku_id, sum(l.quantity - l.quantity_returned) AS units, count(DISTINCT o.id) AS orders
            FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.status IN ('pending','paid') AND l.sku_id IS NOT NULL GROUP BY o.channel, l.sku_id),
        supply AS (
            SELECT d.channel, d.sku_id, d.units, d.orders,
                   coalesce((SELECT units FROM channel_buffers b WHERE b.channel = d.channel AND b.sku_id = d.sku_id),
                            (SELECT units FROM channel_buffers b WHERE b.channel = d.channel AND b.sku_id = 0), 0) AS buffer
            FROM demand d),
        figures AS (
            SELECT s.channel, s.sku_id, s.units, s.orders,
                   coalesce(sum(max(0, st.on_hand - st.safety_stock - s.buffer)), 0) AS sellable,
                   coalesce(sum(max(0, st.on_hand - st.reserved - st.safety_stock - s.buffer)), 0) AS atp
            FROM supply s
            LEFT JOIN stock st ON st.sku_id = s.sku_id
                AND st.location_id IN (SELECT id FROM locations lo
                                       WHERE CASE WHEN s.channel = 'store' THEN lo.kind = 'store' ELSE lo.can_ship OR lo.can_pickup END)
            GROUP BY s.channel, s.sku_id)
        """

    /// Every SKU-channel whose open demand exceeds what it sells from, most oversold first.
    public static func list(_ db: Database, limit: Int = 100) throws -> [OversoldRow] {
        try db.fetchAll("""
            \(sql)
            SELECT f.channel, f.sku_id, k.code, k.name, f.units, f.orders, f.sellable, f.atp
            FROM figures f JOIN skus k ON k.id = f.sku_id JOIN channels ch ON ch.code = f.channel
            WHERE f.units > f.sellable ORDER BY f.units - f.sellable DESC, ch.position, k.code LIMIT ?
            """, [limit]).map { r in
            OversoldRow(channel: r.string(0), skuID: r.int64(1), skuCode: r.string(2), skuName: r.string(3), openDemand: r.int(4),
                        openOrders: r.int(5), sellable: r.int(6), availableToPromise: r.int(7), oversold: r.int(4) - r.int(6))
        }
    }

    /// How many SKU-channels are oversold (the KPI view's figure).
    public static func count(_ db: Database) throws -> Int {
        try db.scalarInt("\(sql) SELECT count(*) FROM figures WHERE units > sellable")
    }
}
