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
