import Foundation

/// How many rows a filtered list has in all, for the `12/614` in a list's title (the lists
/// themselves are read in keyset pages). The same conditions as the pages, counted.
extension OrderQueries {
    public static func count(_ db: Database, filter: OrderFilter, now: Int64) throws -> Int {
        let (conditions, args) = try filterConditions(db, filter)
        let common = conditions.map { " AND " + $0 }.joined()
        if filter.lateOnly {
            // The two disjoint ranges the late page reads: delivered after the promise, and
            // still open past it.
            let late = try db.scalarInt("SELECT count(*) FROM orders o INDEXED BY orders_late WHERE o.delivered_at > o.promised_by"
                                        + common, args)
            let open = try db.scalarInt("""
                SELECT count(*) FROM orders o INDEXED BY orders_open
                 WHERE o.delivered_at IS NULL AND o.status IN ('paid','fulfilled') AND o.promised_by < ?
                """ + common, [now] + args)
            return late + open
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try db.scalarInt("SELECT count(*) FROM orders o" + whereClause, args)
    }
}

extension TicketQueries {
    public static func count(_ db: Database, filter: TicketFilter, now: Int64) throws -> Int {
        var conditions: [String] = []
        var args: [DatabaseValueConvertible?] = []
        if filter.isOpenQueue {
            conditions.append("t.sla_due_at IS NOT NULL")
            if let status = filter.status { conditions.append("t.status = ?"); args.append(status) }
        } else {
            conditions.append("t.status = ?"); args.append(filter.status)
        }
        if let channel = filter.channel { conditions.append("t.channel = ?"); args.append(channel) }
        if let priority = filter.priority { conditions.append("t.priority = ?"); args.append(priority) }
        if let assignee = filter.assignee { conditions.append("t.assignee = ?"); args.append(assignee) }
        if let customer = filter.customerID { conditions.append("t.customer_id = ?"); args.append(customer) }
        if filter.breachingOnly { conditions.append("t.sla_due_at < ?"); args.append(now) }
        return try db.scalarInt("SELECT count(*) FROM tickets t WHERE " + conditions.joined(separator: " AND "), args)
    }
}
