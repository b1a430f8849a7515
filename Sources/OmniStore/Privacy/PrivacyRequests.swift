import Foundation

/// Answers to a person's privacy requests: everything the store holds about them (export), and
/// erasure of their personal data while the business records stay (orders, lines and amounts,
/// so revenue and KPIs do not change). Both are role-checked, one transaction, one audit row.
public enum PrivacyRequests {
    /// A value of the export, as SQLite holds it.
    public enum Value: Encodable, Sendable, Equatable {
        case null, integer(Int64), real(Double), text(String)

        public func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .null: try c.encodeNil()
            case .integer(let v): try c.encode(v)
            case .real(let v): try c.encode(v)
            case .text(let v): try c.encode(v)
            }
        }
    }
    public typealias Record = [String: Value]

    /// Everything about one person: every column of every row, per section.
    public struct Export: Encodable, Sendable {
        public var customerID: Int64
        public var exportedAt: Int64
        public var exportedBy: String
        /// The live profile first, then profiles merged into it (tombstones).
        public var profiles: [Record]
        public var identities: [Record]
        public var orders: [Record]
        public var orderLines: [Record]
        public var shipments: [Record]
        public var returns: [Record]
        public var tickets: [Record]
        public var ticketMessages: [Record]
        public var touchpoints: [Record]
        public var carts: [Record]
        public var cartItems: [Record]
        public var appointments: [Record]
        public var assets: [Record]
        public var invoices: [Record]
        public var consentHistory: [Record]
        public var merges: [Record]
        public var auditEntries: [Record]
    }

    /// The person: a live customer and every customer merged into it, however deep.
    static let person = """
        WITH RECURSIVE person(id) AS (SELECT ?1 UNION SELECT c.id FROM customers c JOIN person p ON c.merged_into = p.id)
        """

    static func records(_ db: Database, _ sql: String, _ id: Int64) throws -> [Record] {
        try db.fetchAll(person + "\n" + sql, [id]).map { row in
            var record: Record = [:]
            for (i, name) in row.columns.enumerated() {
                switch row.values[i] {
                case .null: record[name] = .null
                case .integer(let v): record[name] = .integer(v)
                case .real(let v): record[name] = .real(v)
                case .text(let v): record[name] = .text(v)
                case .blob(let bytes): record[name] = .text(bytes.map { String(format: "%02x", $0) }.joined())
                }
            }
            return record
        }
    }

    /// The live customer `id` stands for (following merges), or a not-found error.
    static func liveCustomer(_ db: Database, _ id: Int64) throws -> Int64 {
        guard let live = try IdentityResolver(db).liveCustomerID(for: id) else { throw IdentityError.customerNotFound(id) }
        return live
    }

    /// Everything the store holds about customer `id` (or the customer it was merged into).
    /// Needs the 'export' right; writes one audit row, in the same transaction as the reads.
    public static func export(_ db: Database, customer id: Int64, operator login: String, at: Int64) throws -> Export {
        try Roles.require(db, login: login, .export)
        return try db.transaction {
            let live = try liveCustomer(db, id)
            let ofPerson = "IN (SELECT id FROM person)"
            let ordersOf = "SELECT id FROM orders WHERE customer_id \(ofPerson)"
            let export = Export(
                customerID: live, exportedAt: at, exportedBy: login,
                profiles: try records(db, "SELECT * FROM customers WHERE id \(ofPerson) ORDER BY merged_into IS NOT NULL, id", live),
                identities: try records(db, "SELECT * FROM identities WHERE customer_id \(ofPerson) ORDER BY id", live),
                orders: try records(db, "SELECT * FROM orders WHERE customer_id \(ofPerson) ORDER BY placed_at, id", live),
                orderLines: try records(db, "SELECT * FROM order_lines WHERE order_id IN (\(ordersOf)) ORDER BY order_id, id", live),
                shipments: try records(db, "SELECT * FROM shipments WHERE order_id IN (\(ordersOf)) ORDER BY id", live),
                returns: try records(db, "SELECT * FROM returns WHERE order_id IN (\(ordersOf)) ORDER BY id", live),
                tickets: try records(db, """
                    SELECT id, customer_id, order_id, channel, subject, status, priority, assignee, created_at, updated_at,
                           first_response_at, resolved_at, csat FROM tickets WHERE customer_id \(ofPerson) ORDER BY id
                    """, live),
                ticketMessages: try records(db, """
                    SELECT * FROM ticket_messages WHERE ticket_id IN (SELECT id FROM tickets WHERE customer_id \(ofPerson))
                    ORDER BY ticket_id, at, id
                    """, live),
                touchpoints: try records(db, "SELECT * FROM touchpoints WHERE customer_id \(ofPerson) ORDER BY at, id", live),
                carts: try records(db, "SELECT * FROM carts WHERE customer_id \(ofPerson) ORDER BY id", live),
                cartItems: try records(db, """
                    SELECT * FROM cart_items WHERE cart_id IN (SELECT id FROM carts WHERE customer_id \(ofPerson)) ORDER BY cart_id, sku_id
                    """, live),
                appointments: try records(db, "SELECT * FROM appointments WHERE customer_id \(ofPerson) ORDER BY starts_at, id", live),
                assets: try records(db, "SELECT * FROM assets WHERE customer_id \(ofPerson) ORDER BY id", live),
                invoices: try records(db, "SELECT * FROM invoices WHERE customer_id \(ofPerson) ORDER BY id", live),
                consentHistory: try records(db, "SELECT * FROM consent_history WHERE customer_id \(ofPerson) ORDER BY at, id", live),
                merges: try records(db, """
                    SELECT * FROM merges WHERE survivor_id \(ofPerson) OR merged_id \(ofPerson) ORDER BY id
                    """, live),
                auditEntries: try records(db, """
                    SELECT * FROM audit_log WHERE (entity = 'customer' AND entity_id \(ofPerson))
                        OR (entity = 'ticket' AND entity_id IN (SELECT id FROM tickets WHERE customer_id \(ofPerson)))
                        OR (entity = 'appointment' AND entity_id IN (SELECT id FROM appointments WHERE customer_id \(ofPerson)))
                    ORDER BY at, id
                    """, live))
            try Audit.record(db, operator: login, action: "privacy_export", entity: "customer", id: live,
                             detail: "privacy export: \(export.identities.count) identities, \(export.orders.count) orders, "
                                + "\(export.tickets.count) tickets, \(export.auditEntries.count) audit entries", at: at)
            return export
        }
    }

    /// `export` written to `directory/omni-privacy-export-ID-TIME.json`; returns the path.
    public static func exportFile(_ db: Database, customer id: Int64, directory: String, operator login: String,
                                  at: Int64) throws -> (path: String, export: Export) {
        let export = try export(db, customer: id, operator: login, at: at)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = (directory as NSString).appendingPathComponent("omni-privacy-export-\(export.customerID)-\(at).json")
        try encoder.encode(export).write(to: URL(fileURLWithPath: path))
        return (path, export)
    }

    /// What an erasure did.
    public struct Erasure: Sendable, Codable, Equatable {
        public var customerID: Int64
        /// Customers erased: the live one and those merged into it.
        public var profiles: Int
        public var identities: Int
        public var ticketMessages: Int
        public var tickets: Int
        public var touchpoints: Int
        public var appointments: Int
        /// Orders kept, anonymized (their customer has no identity and no name).
        public var ordersKept: Int
    }

    public static let tombstoneName = "[erased]"

    /// Erases customer `id`'s personal data in one transaction: names, cities, identities,
    /// message bodies and subjects, free text of touchpoints, appointments and assets, and
    /// the person's values wherever the audit log, merge evidence or identity evidence quoted
    /// them. Orders, lines and amounts stay (KPIs unchanged), on a customer with no identity.
    /// Each identity leaves a salted hash in erased_identities, so an import of an old file
    /// does not bring the person back. Needs the 'erase' right; one audit row.
    public static func erase(_ db: Database, customer id: Int64, operator login: String, at: Int64) throws -> Erasure {
        try Roles.require(db, login: login, .erase)
        return try db.transaction {
            let live = try liveCustomer(db, id)
            let ids = try db.fetchAll(person + " SELECT id FROM person ORDER BY id", [live]).map { $0.int64(0) }
            let salt = try ErasedIdentities.salt(db, creating: true)
            var quoted = Set<String>()
            var identities = 0
            for row in try db.fetchAll(person + " SELECT id, kind, value, raw_value FROM identities WHERE customer_id IN (SELECT id FROM person)", [live]) {
                try db.execute("INSERT OR IGNORE INTO erased_identities(hash, kind, erased_at) VALUES (?, ?, ?)",
                               [ErasedIdentities.hash(kind: row.string(1), value: row.string(2), salt: salt), row.string(1), at])
                quoted.insert(row.string(2)); quoted.insert(row.string(3))
                identities += 1
            }
            for row in try db.fetchAll(person + " SELECT name, city FROM customers WHERE id IN (SELECT id FROM person)", [live]) {
                quoted.insert(row.string(0))
            }
            try db.execute(person + " DELETE FROM identities WHERE customer_id IN (SELECT id FROM person)", [live])
            try db.execute(person + """
                UPDATE customers SET name = ?2, search_name = '', city = '', country = '', home_location_id = NULL,
                    consent_email = 0, consent_sms = 0, consent_phone = 0, consent_wechat = 0, consent_source = 'privacy erasure'
                WHERE id IN (SELECT id FROM person)
                """, [live, tombstoneName])
            let tickets = "SELECT id FROM tickets WHERE customer_id IN (SELECT id FROM person)"
            try db.execute(person + " UPDATE ticket_messages SET body = ?2, author = CASE author_kind WHEN 'customer' THEN '' ELSE author END WHERE ticket_id IN (\(tickets))", [live, tombstoneName])
            let messages = db.changes
            try db.execute(person + " UPDATE tickets SET subject = ?2 WHERE customer_id IN (SELECT id FROM person)", [live, tombstoneName])
            let ticketCount = db.changes
            try db.execute(person + " UPDATE touchpoints SET detail = '' WHERE customer_id IN (SELECT id FROM person) AND detail <> ''", [live])
            let touchpoints = db.changes
            try db.execute(person + " UPDATE appointments SET purpose = '' WHERE customer_id IN (SELECT id FROM person)", [live])
            let appointments = db.changes
            try db.execute(person + " UPDATE assets SET site = '' WHERE customer_id IN (SELECT id FROM person)", [live])
            try db.execute(person + " UPDATE returns SET reason = '' WHERE order_id IN (SELECT id FROM orders WHERE customer_id IN (SELECT id FROM person))", [live])
            // What a channel export said of their orders (order_details): the streets, cities, zips
            // and companies of both addresses, notes and note attributes (which carry names and
            // phones) go; the country and province, amounts, taxes and codes stay for accounting.
            try db.execute(person + """
                UPDATE order_details SET details = json_remove(details,
                    '$.billing.street', '$.billing.city', '$.billing.zip', '$.billing.company',
                    '$.shipping.street', '$.shipping.city', '$.shipping.zip', '$.shipping.company',
                    '$.notes', '$.noteAttributes')
                WHERE order_id IN (SELECT id FROM orders WHERE customer_id IN (SELECT id FROM person))
                """, [live])
            // The person's values where other records quoted them: audit details about them,
            // merge evidence of their merges, and identity evidence anywhere (a link's reason
            // may name the identity that joined it).
            for value in quoted where value.count >= 3 && value != tombstoneName {
                try db.execute(person + " UPDATE audit_log SET detail = replace(detail, ?2, ?3) WHERE entity = 'customer' AND entity_id IN (SELECT id FROM person) AND instr(detail, ?2) > 0", [live, value, tombstoneName])
                try db.execute(person + " UPDATE merges SET evidence = replace(evidence, ?2, ?3) WHERE (survivor_id IN (SELECT id FROM person) OR merged_id IN (SELECT id FROM person)) AND instr(evidence, ?2) > 0", [live, value, tombstoneName])
                try db.execute("UPDATE identities SET link_evidence = replace(link_evidence, ?1, ?2) WHERE instr(link_evidence, ?1) > 0", [value, tombstoneName])
            }
            let orders = try db.scalarInt(person + " SELECT count(*) FROM orders WHERE customer_id IN (SELECT id FROM person)", [live])
            let erasure = Erasure(customerID: live, profiles: ids.count, identities: identities, ticketMessages: messages,
                                  tickets: ticketCount, touchpoints: touchpoints, appointments: appointments, ordersKept: orders)
            try Audit.record(db, operator: login, action: "privacy_erase", entity: "customer", id: live,
                             detail: "privacy erasure: \(ids.count) profiles, \(identities) identities (salted hashes kept), "
                                + "\(messages) messages, \(ticketCount) tickets; \(orders) orders kept anonymized", at: at)
            return erasure
        }
    }
}

/// Salted hashes of erased identities: an import that meets one does not recreate the person.
public enum ErasedIdentities {
    /// The store's salt (meta 'privacy.salt'), made at the first erasure.
    static func salt(_ db: Database, creating: Bool) throws -> String? {
        if let row = try db.fetchOne("SELECT value FROM meta WHERE key = 'privacy.salt'") { return row.string(0) }
        guard creating else { return nil }
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try db.execute("INSERT INTO meta(key, value) VALUES ('privacy.salt', ?)", [salt])
        return salt
    }

    static func hash(kind: String, value: String, salt: String?) -> String {
        SHA256.hex((salt ?? "") + "\u{1F}" + kind + "\u{1F}" + value)
    }

    public static func count(_ db: Database) throws -> Int { try db.scalarInt("SELECT count(*) FROM erased_identities") }

    /// Checks normalised identifiers against the erased ones, for an importer. Reads the salt
    /// once; with no erasure in the store every check is free.
    public final class Guard {
        let db: Database
        let salt: String?
        let empty: Bool

        public init(_ db: Database) throws {
            self.db = db
            self.salt = try ErasedIdentities.salt(db, creating: false)
            self.empty = try db.scalarInt("SELECT count(*) FROM (SELECT 1 FROM erased_identities LIMIT 1)") == 0
        }

        /// Whether any of these (kind, normalised value) pairs belonged to an erased person.
        public func isErased(_ identifiers: [(kind: IdentityKind, value: String)]) throws -> Bool {
            guard !empty else { return false }
            for (kind, value) in identifiers {
                let h = ErasedIdentities.hash(kind: kind.rawValue, value: value, salt: salt)
                if try db.scalarInt("SELECT count(*) FROM erased_identities WHERE hash = ?", [h]) > 0 { return true }
            }
            return false
        }
    }
}
