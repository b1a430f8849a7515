/// The audit trail: who did or saw what, when.
public enum Audit {
    public static func record(_ db: Database, operator login: String, action: String, entity: String, id: Int64?,
                              detail: String, at: Int64) throws {
        try db.execute("INSERT INTO audit_log(at, operator, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                       [at, login, action, entity, id, detail])
    }

    public struct Entry: Equatable, Sendable, Codable {
        public var at: Int64
        public var operatorLogin: String
        public var action: String
        public var entity: String
        public var entityID: Int64?
        public var detail: String
    }

    public static func entries(_ db: Database, entity: String, id: Int64, limit: Int = 50) throws -> [Entry] {
        try db.fetchAll("""
            SELECT at, operator, action, entity, entity_id, detail FROM audit_log
            WHERE entity = ? AND entity_id = ? ORDER BY at DESC, id DESC LIMIT ?
            """, [entity, id, limit]).map {
            Entry(at: $0.int64(0), operatorLogin: $0.string(1), action: $0.string(2), entity: $0.string(3),
                  entityID: $0.optionalInt64(4), detail: $0.string(5))
        }
    }
}

extension Audit {
    /// One row of the audit view, with its id (the page key).
    public struct Listed: Equatable, Sendable, Codable {
        public var id: Int64
        public var at: Int64
        public var operatorLogin: String
        public var action: String
        public var entity: String
        public var entityID: Int64?
        public var detail: String
    }

    public struct Filter: Equatable, Sendable {
        public var customerID: Int64?
        public var operatorLogin: String?
        public var action: String?
        public var since: Int64?
        public init(customerID: Int64? = nil, operatorLogin: String? = nil, action: String? = nil, since: Int64? = nil) {
            self.customerID = customerID; self.operatorLogin = operatorLogin; self.action = action; self.since = since
        }
    }

    /// Newest first; `before`: the last id of the previous page (keyset paging).
    public static func list(_ db: Database, _ filter: Filter, limit: Int = 50, before: Int64? = nil) throws -> [Listed] {
        var sql = "SELECT id, at, operator, action, entity, entity_id, detail FROM audit_log WHERE id < ?"
        var args: [DatabaseValueConvertible?] = [before ?? Int64.max]
        if let c = filter.customerID {
            // About the customer: entries on the customer, and on their tickets and appointments.
            sql += """
                 AND ((entity = 'customer' AND entity_id = ?)
                   OR (entity = 'ticket' AND entity_id IN (SELECT id FROM tickets WHERE customer_id = ?))
                   OR (entity = 'appointment' AND entity_id IN (SELECT id FROM appointments WHERE customer_id = ?)))
                """
            args += [c, c, c]
        }
        if let o = filter.operatorLogin { sql += " AND operator = ?"; args.append(o) }
        if let a = filter.action { sql += " AND action = ?"; args.append(a) }
        if let s = filter.since { sql += " AND at >= ?"; args.append(s) }
        sql += " ORDER BY at DESC, id DESC LIMIT ?"
        args.append(limit)
        return try db.fetchAll(sql, args).map {
            Listed(id: $0.int64(0), at: $0.int64(1), operatorLogin: $0.string(2), action: $0.string(3), entity: $0.string(4),
                   entityID: $0.optionalInt64(5), detail: $0.string(6))
        }
    }

    /// The actions the log holds, for the help and `--action` errors.
    public static func actions(_ db: Database) throws -> [String] {
        try db.fetchAll("SELECT DISTINCT action FROM audit_log ORDER BY action").map { $0.string(0) }
    }
}
