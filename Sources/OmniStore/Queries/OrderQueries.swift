import Foundation

/// Filters the orders list understands. All optional; combined with AND.
public struct OrderFilter: Equatable, Sendable, Codable {
    public var channel: String?
    public var status: String?
    public var fulfilment: String?
    public var customerID: Int64?
    public var lateOnly = false
    /// An order id, an external reference prefix (`W10023`, `#1001`), or nothing.
    public var text: String?

    public init(channel: String? = nil, status: String? = nil, fulfilment: String? = nil, customerID: Int64? = nil,
                lateOnly: Bool = false, text: String? = nil) {
        self.channel = channel; self.status = status; self.fulfilment = fulfilment
        self.customerID = customerID; self.lateOnly = lateOnly; self.text = text
    }

    public var isEmpty: Bool { self == OrderFilter() }
}

/// Where a keyset page starts: after this (placed_at, id), newest first.
public struct OrderCursor: Equatable, Hashable, Sendable, Codable {
    public var placedAt: Int64
    public var id: Int64
    public init(placedAt: Int64, id: Int64) { self.placedAt = placedAt; self.id = id }
}

public struct OrderLineInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var skuID: Int64?
    public var skuCode: String
    public var name: String
    public var quantity: Int
    public var unitPrice: Money
    public var quantityReturned: Int
}

public struct ShipmentInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var carrier: String
    public var tracking: String
    public var fromLocation: String?
    public var shippedAt: Int64?
    public var deliveredAt: Int64?
}

public struct ReturnInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var skuCode: String?
    public var quantity: Int
    public var channel: String
    public var location: String?
    public var reason: String
    public var status: String
    public var createdAt: Int64
    public var refund: Money
}

public struct OrderDetail: Equatable, Sendable, Codable {
    public var order: OrderSummary
    public var subtotal: Money
    public var discount: Money
    public var shipping: Money
    public var tax: Money
    public var refunded: Money
    public var readyAt: Int64?
    public var inFull: Bool
    public var lines: [OrderLineInfo]
    public var shipments: [ShipmentInfo]
    public var returns: [ReturnInfo]
    public var tickets: [TicketSummary]
    /// What the channel's export said beyond omni's columns (addresses, discount codes, taxes,
    /// notes, ...); nil for orders omni made or imported before it kept them.
    public var extras: OrderExtras?
}

public enum OrderQueries {
    static let summaryColumns = """
        o.id, o.channel, o.external_ref, o.customer_id, c.name, o.status, o.fulfilment, l.name, o.placed_at,
        o.promised_by, o.delivered_at, o.total, o.currency, o.units
        """

    static func summary(_ r: Row, now: Int64) -> OrderSummary {
        let promised = r.optionalInt64(9), delivered = r.optionalInt64(10), status = r.string(5)
        let late: Bool
        if let promised {
            if let delivered { late = delivered > promised }
            else { late = (status == "paid" || status == "fulfilled") && promised < now }
        } else { late = false }
        return OrderSummary(id: r.int64(0), channel: r.string(1), externalRef: r.string(2), customerID: r.optionalInt64(3),
                            customerName: r.optionalString(4), status: status, fulfilment: r.string(6),
                            locationName: r.optionalString(7), placedAt: r.int64(8), promisedBy: promised, deliveredAt: delivered,
                            total: Money(minor: r.int64(11), currency: r.string(12)), units: r.int(13), late: late)
    }

    /// The conditions a filter puts on `orders o`, and their arguments: one rule for the pages
    /// and for the count in the list's title.
    static func filterConditions(_ db: Database, _ filter: OrderFilter) throws -> ([String], [DatabaseValueConvertible?]) {
        var conditions: [String] = []
        var args: [DatabaseValueConvertible?] = []
        if let channel = filter.channel { conditions.append("o.channel = ?"); args.append(channel) }
        if let status = filter.status { conditions.append("o.status = ?"); args.append(status) }
        if let fulfilment = filter.fulfilment { conditions.append("o.fulfilment = ?"); args.append(fulfilment) }
        if let customer = filter.customerID {
            conditions.append("o.customer_id = ?"); args.append(try CustomerQueries.liveID(db, customer) ?? customer)
        }
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let ref = text.hasPrefix("#") && text.count > 1 && text.dropFirst().allSatisfy(\.isASCIIDigit) ? String(text.dropFirst()) : text
            if let id = Int64(ref) {
                conditions.append("(o.id = ? OR (o.external_ref >= ? AND o.external_ref < ?))")
                args.append(id); args.append(text); args.append(text + "\u{FFFF}")
            } else {
                conditions.append("(o.external_ref >= ? AND o.external_ref < ?)")
                args.append(text); args.append(text + "\u{FFFF}")
            }
        }
        return (conditions, args)
    }

    /// One keyset page of orders, newest first. The ids are chosen and limited first, then
    /// joined to names, so a page costs the same at the top and two million rows deep.
    public static func page(_ db: Database, filter: OrderFilter, after cursor: OrderCursor?, limit: Int, now: Int64) throws -> [OrderSummary] {
        let (sql, args) = try pageSQL(db, filter: filter, after: cursor, limit: limit, now: now)
        return try db.fetchAll(sql, args).map { summary($0, now: now) }
    }

    /// The statement `page` runs, with its arguments (the benchmark times the same SQL in the sqlite3 shell).
    public static func pageSQL(_ db: Database, filter: OrderFilter, after cursor: OrderCursor?, limit: Int,
                               now: Int64) throws -> (String, [DatabaseValueConvertible?]) {
        var (conditions, args) = try filterConditions(db, filter)
        if let cursor {
            conditions.append("(o.placed_at, o.id) < (?, ?)")
            args.append(cursor.placedAt); args.append(cursor.id)
        }
        let pick: String
        if filter.lateOnly {
            // "Late" is two index ranges, each already in page order: delivered after the promise
            // (partial index orders_late) and still open past it (partial index orders_open).
            // An OR over both would walk the whole table newest-first. INDEXED BY: with ANALYZE
            // statistics the planner prefers orders_status and sorts every open order instead.
            let common = conditions.map { " AND " + $0 }.joined()
            pick = """
                SELECT pid FROM (
                    SELECT * FROM (SELECT o.id AS pid, o.placed_at AS pat FROM orders o INDEXED BY orders_late
                        WHERE o.delivered_at > o.promised_by\(common) ORDER BY o.placed_at DESC, o.id DESC LIMIT ?)
                    UNION ALL
                    SELECT * FROM (SELECT o.id AS pid, o.placed_at AS pat FROM orders o INDEXED BY orders_open
                        WHERE o.delivered_at IS NULL AND o.status IN ('paid','fulfilled') AND o.promised_by < ?\(common)
                        ORDER BY o.placed_at DESC, o.id DESC LIMIT ?)
                    ORDER BY pat DESC, pid DESC LIMIT ?)
                """
            args = args + [limit, now] + args + [limit, limit]
        } else {
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            pick = "SELECT o.id AS pid FROM orders o \(whereClause) ORDER BY o.placed_at DESC, o.id DESC LIMIT ?"
            args.append(limit)
        }
        let sql = """
            SELECT \(summaryColumns) FROM (\(pick)) p JOIN orders o ON o.id = p.pid
            LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN locations l ON l.id = o.location_id
            ORDER BY o.placed_at DESC, o.id DESC
            """
        return (sql, args)
    }

    public static func detail(_ db: Database, id: Int64, now: Int64) throws -> OrderDetail? {
        try db.read { () -> OrderDetail? in
            guard let r = try db.fetchOne("""
                SELECT \(summaryColumns), o.subtotal, o.discount, o.shipping, o.tax, o.refunded, o.ready_at, o.in_full
                FROM orders o LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN locations l ON l.id = o.location_id
                WHERE o.id = ?
                """, [id]) else { return nil }
            let currency = r.string(12)
            let lines = try db.fetchAll("""
                SELECT id, sku_id, sku_code, name, quantity, unit_price, quantity_returned FROM order_lines
                WHERE order_id = ? ORDER BY id
                """, [id]).map {
                OrderLineInfo(id: $0.int64(0), skuID: $0.optionalInt64(1), skuCode: $0.string(2), name: $0.string(3),
                              quantity: $0.int(4), unitPrice: Money(minor: $0.int64(5), currency: currency), quantityReturned: $0.int(6))
            }
            let shipments = try db.fetchAll("""
                SELECT s.id, s.carrier, s.tracking, l.name, s.shipped_at, s.delivered_at FROM shipments s
                LEFT JOIN locations l ON l.id = s.from_location_id WHERE s.order_id = ? ORDER BY s.id
                """, [id]).map {
                ShipmentInfo(id: $0.int64(0), carrier: $0.string(1), tracking: $0.string(2), fromLocation: $0.optionalString(3),
                             shippedAt: $0.optionalInt64(4), deliveredAt: $0.optionalInt64(5))
            }
            let returns = try db.fetchAll("""
                SELECT r.id, s.code, r.quantity, r.channel, l.name, r.reason, r.status, r.created_at, r.refund
                FROM returns r LEFT JOIN skus s ON s.id = r.sku_id LEFT JOIN locations l ON l.id = r.location_id
                WHERE r.order_id = ? ORDER BY r.id
                """, [id]).map {
                ReturnInfo(id: $0.int64(0), skuCode: $0.optionalString(1), quantity: $0.int(2), channel: $0.string(3),
                           location: $0.optionalString(4), reason: $0.string(5), status: $0.string(6), createdAt: $0.int64(7),
                           refund: Money(minor: $0.int64(8), currency: currency))
            }
            let tickets = try db.fetchAll("""
                SELECT \(TicketQueries.summaryColumns) FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id
                LEFT JOIN teams tm ON tm.id = t.team_id WHERE t.order_id = ? ORDER BY t.created_at
                """, [id]).map(TicketQueries.summary)
            return OrderDetail(order: summary(r, now: now), subtotal: Money(minor: r.int64(14), currency: currency),
                               discount: Money(minor: r.int64(15), currency: currency),
                               shipping: Money(minor: r.int64(16), currency: currency),
                               tax: Money(minor: r.int64(17), currency: currency),
                               refunded: Money(minor: r.int64(18), currency: currency),
                               readyAt: r.optionalInt64(19), inFull: r.bool(20),
                               lines: lines, shipments: shipments, returns: returns, tickets: tickets,
                               extras: OrderExtras.decode(try db.scalar("SELECT details FROM order_details WHERE order_id = ?", [id])))
        }
    }
}
