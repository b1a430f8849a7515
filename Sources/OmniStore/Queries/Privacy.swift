/// Personal data is masked until an agent reveals it (which is audited).
public enum Privacy {
    /// `+8613812345678` -> `+86138****5678`; short values keep only their last two characters.
    public static func maskPhone(_ phone: String) -> String {
        let chars = Array(phone)
        guard chars.count >= 8 else { return String(repeating: "*", count: max(0, chars.count - 2)) + String(chars.suffix(2)) }
        let keepEnd = 4
        let keepStart = chars.count - keepEnd - 4
        return String(chars.prefix(keepStart)) + "****" + String(chars.suffix(keepEnd))
    }

    /// `wang.fang@example.com` -> `w***@example.com`.
    public static func maskEmail(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@"), at != email.startIndex else { return "***" }
        return String(email[email.startIndex]) + "***" + String(email[at...])
    }

    /// Openids, cards and account ids: the first two and last four characters.
    public static func maskToken(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count > 6 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(2)) + "…" + String(chars.suffix(4))
    }

    public static func mask(kind: String, value: String) -> String {
        switch kind {
        case "phone": return maskPhone(value)
        case "email": return maskEmail(value)
        default: return maskToken(value)
        }
    }
}

// MARK: masked by default in every output

/// `--json` and every other encoding of an identity carry what the text output shows: the
/// masked value and `"masked": true`, unless the identity was revealed (which is audited), in
/// which case the full value and `"masked": false`. Nothing personal leaves unmasked by accident.
extension IdentityInfo {
    enum EncodedKeys: String, CodingKey {
        case id, kind, value, masked, channel, verified, firstSeenAt = "first_seen_at", linkRule = "link_rule",
             linkEvidence = "link_evidence"
    }

    /// True when `value` is the full value (revealed); false when only its mask is known to be shown.
    public var isRevealed: Bool { masked == value }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: EncodedKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(isRevealed ? value : masked, forKey: .value)
        try c.encode(!isRevealed, forKey: .masked)
        try c.encode(channel, forKey: .channel)
        try c.encode(verified, forKey: .verified)
        try c.encode(firstSeenAt, forKey: .firstSeenAt)
        try c.encode(linkRule, forKey: .linkRule)
        try c.encode(linkEvidence, forKey: .linkEvidence)
    }
}

extension Privacy {
    /// The kinds of exported records that carry personal data (identity values, or customers
    /// referred to by their first identity): exporting them writes an audit entry.
    public static let personalExportKinds: Set<String> = ["customers", "identities", "orders", "tickets", "messages", "touchpoints"]

    /// A customer's identities in full, with ONE audit entry naming the operator, the customer,
    /// what was revealed (the identity kinds and count) and where (`via`: "omni customer --json").
    public static func revealIdentities(_ db: Database, customerID: Int64, operator login: String, now: Int64,
                                        via: String) throws -> [IdentityInfo] {
        try db.transaction {
            let identities = try db.fetchAll("""
                SELECT id, kind, value, channel, verified, first_seen_at, link_rule, link_evidence
                FROM identities WHERE customer_id = ? ORDER BY kind, first_seen_at
                """, [customerID]).map { r in
                IdentityInfo(id: r.int64(0), kind: r.string(1), value: r.string(2), masked: r.string(2), channel: r.string(3),
                             verified: r.bool(4), firstSeenAt: r.int64(5), linkRule: r.string(6), linkEvidence: r.string(7))
            }
            var kinds: [String: Int] = [:]
            for i in identities { kinds[i.kind, default: 0] += 1 }
            let what = kinds.keys.sorted().map { "\(kinds[$0]!) \($0)" }.joined(separator: ", ")
            try Audit.record(db, operator: login, action: "reveal_pii", entity: "customer", id: customerID,
                             detail: "revealed \(identities.isEmpty ? "no identities" : what) via \(via)", at: now)
            return identities
        }
    }

    /// One audit entry for an export of personal records, written after the export completed.
    public static func recordExport(_ db: Database, kind: String, count: Int, destination: String, operator login: String,
                                    now: Int64) throws {
        try db.transaction {
            try Audit.record(db, operator: login, action: "export_pii", entity: kind, id: nil,
                             detail: "exported \(count) \(kind) with personal data to \(destination)", at: now)
        }
    }
}
