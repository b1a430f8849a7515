import Foundation

public struct TicketFilter: Equatable, Sendable, Codable {
    public var channel: String?
    /// One status; nil means the open queue (new, open, pending).
    public var status: String?
    public var priority: String?
    public var assignee: String?
    public var breachingOnly = false
    public var customerID: Int64?

    public init(channel: String? = nil, status: String? = nil, priority: String? = nil, assignee: String? = nil,
                breachingOnly: Bool = false, customerID: Int64? = nil) {
        self.channel = channel; self.status = status; self.priority = priority
        self.assignee = assignee; self.breachingOnly = breachingOnly; self.customerID = customerID
    }

    var isOpenQueue: Bool { status == nil || ["new", "open", "pending"].contains(status!) }
}

/// Keyset position in the queue: (sla_due_at, id) ascending for open tickets,
/// (created_at, id) descending for solved and closed ones.
public struct TicketCursor: Equatable, Hashable, Sendable, Codable {
    public var key: Int64
    public var id: Int64
    public init(key: Int64, id: Int64) { self.key = key; self.id = id }
}

public struct TicketMessageInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var channel: String
    public var authorKind: String
    public var author: String
    public var body: String
    public var at: Int64
}

public struct TicketDetail: Equatable, Sendable, Codable {
    public var ticket: TicketSummary
    public var firstResponseDue: Int64
    public var resolutionDue: Int64
    public var messages: [TicketMessageInfo]
    public var order: OrderSummary?
}

public enum TicketQueries {
    public static let statuses = ["new", "open", "pending", "solved", "closed"]
    public static let priorities = ["urgent", "high", "normal", "low"]

    static let summaryColumns = """
        t.id, t.customer_id, c.name, t.order_id, t.channel, t.subject, t.status, t.priority, tm.name, t.assignee,
        t.created_at, t.sla_due_at, t.first_response_at, t.resolved_at, t.agent_replies, t.csat
        """

    static func summary(_ r: Row) -> TicketSummary {
        TicketSummary(id: r.int64(0), customerID: r.optionalInt64(1), customerName: r.optionalString(2), orderID: r.optionalInt64(3),
                      channel: r.string(4), subject: r.string(5), status: r.string(6), priority: r.string(7),
                      team: r.optionalString(8), assignee: r.optionalString(9), createdAt: r.int64(10),
                      slaDueAt: r.optionalInt64(11), firstResponseAt: r.optionalInt64(12), resolvedAt: r.optionalInt64(13),
                      agentReplies: r.int(14), csat: r.optionalInt(15))
    }

    /// The queue, soonest SLA deadline first (breaching ones on top), keyset paged.
    public static func page(_ db: Database, filter: TicketFilter, after cursor: TicketCursor?, limit: Int, now: Int64) throws -> [TicketSummary] {
        let (sql, args) = pageSQL(filter: filter, after: cursor, limit: limit, now: now)
        return try db.fetchAll(sql, args).map(summary)
    }

    /// The statement `page` runs, with its arguments.
    public static func pageSQL(filter: TicketFilter, after cursor: TicketCursor?, limit: Int, now: Int64) -> (String, [DatabaseValueConvertible?]) {
        var conditions: [String] = []
        var args: [DatabaseValueConvertible?] = []
        let open = filter.isOpenQueue
        if open {
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
        let order: String
        if open {
            if let cursor { conditions.append("(t.sla_due_at, t.id) > (?, ?)"); args.append(cursor.key); args.append(cursor.id) }
            order = "t.sla_due_at, t.id"
        } else {
            if let cursor { conditions.append("(t.created_at, t.id) < (?, ?)"); args.append(cursor.key); args.append(cursor.id) }
            order = "t.created_at DESC, t.id DESC"
        }
        args.append(limit)
        let sql = """
            SELECT \(summaryColumns) FROM (
                SELECT t.id AS pid FROM tickets t WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT ?
            ) p JOIN tickets t ON t.id = p.pid LEFT JOIN customers c ON c.id = t.customer_id
            LEFT JOIN teams tm ON tm.id = t.team_id ORDER BY \(order)
            """
        return (sql, args)
    }

    public static func cursor(after ticket: TicketSummary) -> TicketCursor {
        TicketCursor(key: ticket.slaDueAt ?? ticket.createdAt, id: ticket.id)
    }

    public static func detail(_ db: Database, id: Int64, now: Int64) throws -> TicketDetail? {
        try db.read { () -> TicketDetail? in
            guard let r = try db.fetchOne("""
                SELECT \(summaryColumns), t.first_response_due, t.resolution_due FROM tickets t
                LEFT JOIN customers c ON c.id = t.customer_id LEFT JOIN teams tm ON tm.id = t.team_id WHERE t.id = ?
                """, [id]) else { return nil }
            let ticket = summary(r)
            let messages = try db.fetchAll("""
                SELECT id, channel, author_kind, author, body, at FROM ticket_messages WHERE ticket_id = ? ORDER BY at, id
                """, [id]).map {
                TicketMessageInfo(id: $0.int64(0), channel: $0.string(1), authorKind: $0.string(2), author: $0.string(3),
                                  body: $0.string(4), at: $0.int64(5))
            }
            var order: OrderSummary?
            if let orderID = ticket.orderID {
                order = try db.fetchOne("""
                    SELECT \(OrderQueries.summaryColumns) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
                    LEFT JOIN locations l ON l.id = o.location_id WHERE o.id = ?
                    """, [orderID]).map { OrderQueries.summary($0, now: now) }
            }
            return TicketDetail(ticket: ticket, firstResponseDue: r.int64(16), resolutionDue: r.int64(17),
                                messages: messages, order: order)
        }
    }

    // MARK: Agent actions: each one transaction with an audit entry.

    static func requireTicket(_ db: Database, _ id: Int64) throws -> Row {
        guard let row = try db.fetchOne("SELECT status, priority, assignee FROM tickets WHERE id = ?", [id]) else {
            throw StoreError.notFound("ticket \(id)")
        }
        return row
    }

    public static func assign(_ db: Database, id: Int64, to assignee: String, operator login: String, now: Int64) throws {
        try db.transaction {
            let before = try requireTicket(db, id)
            try db.execute("UPDATE tickets SET assignee = ?, updated_at = ?, status = CASE WHEN status = 'new' THEN 'open' ELSE status END WHERE id = ?",
                           [assignee, now, id])
            try Audit.record(db, operator: login, action: "assign", entity: "ticket", id: id,
                             detail: "assignee \(before.optionalString(2) ?? "-") -> \(assignee)", at: now)
        }
    }

    public static func setStatus(_ db: Database, id: Int64, to status: String, operator login: String, now: Int64) throws {
        guard statuses.contains(status) else { throw StoreError.invalid("unknown ticket status \"\(status)\" (one of \(statuses.joined(separator: ", ")))") }
        try db.transaction {
            let before = try requireTicket(db, id)
            let solving = status == "solved" || status == "closed"
            try db.execute("""
                UPDATE tickets SET status = ?, updated_at = ?,
                    resolved_at = CASE WHEN ?3 THEN coalesce(resolved_at, ?2) ELSE NULL END
                WHERE id = ?4
                """, [status, now, solving, id])
            try Audit.record(db, operator: login, action: "status", entity: "ticket", id: id,
                             detail: "status \(before.string(0)) -> \(status)", at: now)
        }
    }

    public static func setPriority(_ db: Database, id: Int64, to priority: String, operator login: String, now: Int64) throws {
        guard priorities.contains(priority) else {
            throw StoreError.invalid("unknown priority \"\(priority)\" (one of \(priorities.joined(separator: ", ")))")
        }
        try db.transaction {
            let before = try requireTicket(db, id)
            try db.execute("UPDATE tickets SET priority = ?, updated_at = ? WHERE id = ?", [priority, now, id])
            try Audit.record(db, operator: login, action: "priority", entity: "ticket", id: id,
                             detail: "priority \(before.string(1)) -> \(priority)", at: now)
        }
    }

    /// An internal note (not sent to the customer, not an agent reply for SLA purposes).
    public static func addNote(_ db: Database, id: Int64, text: String, operator login: String, now: Int64) throws {
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { throw StoreError.invalid("a note needs some text") }
        try db.transaction {
            _ = try requireTicket(db, id)
            try db.execute("""
                INSERT INTO ticket_messages(ticket_id, channel, author_kind, author, body, at)
                SELECT id, channel, 'note', ?, ?, ? FROM tickets WHERE id = ?
                """, [login, body, now, id])
            try db.execute("UPDATE tickets SET updated_at = ? WHERE id = ?", [now, id])
            try Audit.record(db, operator: login, action: "note", entity: "ticket", id: id, detail: "added a note", at: now)
        }
    }
}
