import Foundation

/// Merges as people review them: the list (all, pending suggestions, one customer's), the two
/// profiles of a suggestion side by side, what an undo would move back, and the decisions
/// themselves, each checked against the operator's role, one transaction, one audit row.
public enum MergeReview {
    public struct Record: Sendable, Codable, Equatable {
        public var id: Int64
        public var status: String
        public var rule: String
        public var evidence: String
        public var survivorID: Int64
        public var survivorName: String
        public var mergedID: Int64
        public var mergedName: String
        public var createdAt: Int64
        public var createdBy: String
        public var undoneAt: Int64?
        public var undoneBy: String?
        /// Rows the merge moved, per table ("orders": 3); empty for suggestions.
        public var moved: [String: Int]
    }

    public enum Filter: Sendable, Equatable {
        case all, suggested
        case customer(Int64)
    }

    /// Newest first. `before`: a merge id, for the next page (keyset).
    public static func list(_ db: Database, _ filter: Filter, limit: Int = 50, before: Int64? = nil) throws -> [Record] {
        var sql = """
            SELECT m.id, m.status, m.rule, m.evidence, m.survivor_id, s.name, m.merged_id, g.name,
                   m.created_at, m.created_by, m.undone_at, m.undone_by, m.moved
            FROM merges m JOIN customers s ON s.id = m.survivor_id JOIN customers g ON g.id = m.merged_id
            WHERE m.id < ?
            """
        var args: [DatabaseValueConvertible?] = [before ?? Int64.max]
        switch filter {
        case .all: break
        case .suggested: sql += " AND m.status = 'suggested'"
        case .customer(let id):
            sql += " AND (m.survivor_id = ? OR m.merged_id = ?)"
            args += [id, id]
        }
        sql += " ORDER BY m.id DESC LIMIT ?"
        args.append(limit)
        return try db.fetchAll(sql, args).map { r in
            let moved = (try? IdentityResolver.decodeMoved(r.string(12), merge: r.int64(0))) ?? [:]
            return Record(id: r.int64(0), status: r.string(1), rule: r.string(2), evidence: r.string(3),
                          survivorID: r.int64(4), survivorName: r.string(5), mergedID: r.int64(6), mergedName: r.string(7),
                          createdAt: r.int64(8), createdBy: r.string(9), undoneAt: r.optionalInt64(10),
                          undoneBy: r.optionalString(11), moved: moved.mapValues(\.count))
        }
    }

    public static func record(_ db: Database, id: Int64) throws -> Record? {
        try list(db, .all, limit: 1, before: id + 1).first.flatMap { $0.id == id ? $0 : nil }
    }

    /// One side of a suggestion, as the reviewer compares it: identities masked.
    public struct Side: Sendable, Codable, Equatable {
        public struct Identity: Sendable, Codable, Equatable {
            public var kind: String
            public var masked: String
            public var channel: String
        }
        public struct Order: Sendable, Codable, Equatable {
            public var id: Int64
            public var channel: String
            public var externalRef: String
            public var placedAt: Int64
            public var total: Int64
            public var currency: String
        }
        public var id: Int64
        public var name: String
        public var city: String
        public var tier: String
        public var orderCount: Int
        public var mergedInto: Int64?
        public var identities: [Identity]
        public var lastOrders: [Order]
    }

    public static func side(_ db: Database, customer id: Int64, orders: Int = 3) throws -> Side? {
        guard let c = try db.fetchOne("SELECT id, name, city, tier, order_count, merged_into FROM customers WHERE id = ?", [id]) else {
            return nil
        }
        let identities = try db.fetchAll("SELECT kind, value, channel FROM identities WHERE customer_id = ? ORDER BY kind, id", [id]).map {
            Side.Identity(kind: $0.string(0), masked: Privacy.mask(kind: $0.string(0), value: $0.string(1)), channel: $0.string(2))
        }
        let lastOrders = try db.fetchAll("""
            SELECT id, channel, external_ref, placed_at, total, currency FROM orders
            WHERE customer_id = ? ORDER BY placed_at DESC, id DESC LIMIT ?
            """, [id, orders]).map {
            Side.Order(id: $0.int64(0), channel: $0.string(1), externalRef: $0.string(2), placedAt: $0.int64(3),
                       total: $0.int64(4), currency: $0.string(5))
        }
        return Side(id: c.int64(0), name: c.string(1), city: c.string(2), tier: c.string(3), orderCount: c.int(4),
                    mergedInto: c.optionalInt64(5), identities: identities, lastOrders: lastOrders)
    }

    /// What undoing applied merge `id` would move back now: per table, the rows of its record
    /// still on the survivor. Reads only.
    public static func undoPreview(_ db: Database, merge id: Int64) throws -> [String: Int] {
        guard let row = try db.fetchOne("SELECT survivor_id, moved FROM merges WHERE id = ? AND status = 'applied'", [id]) else {
            return [:]
        }
        let survivor = row.int64(0)
        var counts: [String: Int] = [:]
        for (key, ids) in try IdentityResolver.decodeMoved(row.string(1), merge: id) {
            let table: String
            let column: String
            if key == IdentityResolver.accountMembersKey { table = "customers"; column = "account_id" }
            else if IdentityResolver.movableTables.contains(key) { table = key; column = "customer_id" }
            else { continue }
            var n = 0
            for rowID in ids {
                // Table and column come from the fixed lists above.
                n += try db.scalarInt("SELECT count(*) FROM \(table) WHERE id = ? AND \(column) = ?", [rowID, survivor])
            }
            if n > 0 { counts[key] = n }
        }
        return counts
    }

    /// "3 orders, 2 identities, 1 tickets" in a stable order.
    public static func describe(_ counts: [String: Int]) -> String {
        let counts = counts.filter { $0.value > 0 }
        return counts.isEmpty ? "nothing" : counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }

    // MARK: - Decisions (role-checked)

    public static func undo(_ db: Database, merge id: Int64, operator login: String, at: Int64) throws -> IdentityResolver.UndoReport {
        try Roles.require(db, login: login, .merge)
        return try IdentityResolver(db).undoMerge(id, at: at, operator: login)
    }

    @discardableResult
    public static func confirm(_ db: Database, suggestion id: Int64, operator login: String, at: Int64) throws -> Int64 {
        try Roles.require(db, login: login, .merge)
        return try IdentityResolver(db).confirmSuggestion(id, at: at, operator: login)
    }

    public static func reject(_ db: Database, suggestion id: Int64, operator login: String, at: Int64) throws {
        try Roles.require(db, login: login, .merge)
        try IdentityResolver(db).rejectSuggestion(id, at: at, operator: login)
    }
}
