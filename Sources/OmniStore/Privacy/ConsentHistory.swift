import Foundation

/// Consent flags with where and when each was given (or withdrawn), from consent_history.
public enum ConsentHistory {
    public struct Flag: Sendable, Codable, Equatable {
        public var flag: String
        public var value: Bool
        /// When the flag took its current value; nil: it has had it since the customer was created.
        public var since: Int64?
        /// Where the change came from ("import customers c.csv", "privacy erasure", "unrecorded").
        public var source: String?
    }

    public static let flags = ["email", "sms", "phone", "wechat"]

    /// The current flags of customer `id`, each with its last change.
    public static func current(_ db: Database, customer id: Int64) throws -> [Flag] {
        guard let c = try db.fetchOne("SELECT consent_email, consent_sms, consent_phone, consent_wechat FROM customers WHERE id = ?", [id]) else {
            return []
        }
        return try flags.enumerated().map { i, flag in
            let last = try db.fetchOne("""
                SELECT at, source FROM consent_history WHERE customer_id = ? AND flag = ? ORDER BY at DESC, id DESC LIMIT 1
                """, [id, flag])
            return Flag(flag: flag, value: c.bool(i), since: last?.int64(0), source: last?.string(1))
        }
    }
}
