import Foundation

/// Rows every store starts with: channels, SLA policies, settings, the junk-identity list.
enum ReferenceData {
    static let channels: [(code: String, name: String, kind: String)] = [
        ("web", "Web shop", "digital"),
        ("app", "App", "digital"),
        ("wechat", "WeChat mini-program", "digital"),
        ("marketplace", "Marketplace", "marketplace"),
        ("store", "Store POS", "store"),
        ("callcentre", "Call centre", "assisted"),
        ("b2b", "B2B portal", "b2b"),
    ]

    /// Business-minute targets per priority.
    static let slaPolicies: [(String, Int, Int)] = [
        ("urgent", 60, 8 * 60), ("high", 4 * 60, 2 * 9 * 60), ("normal", 9 * 60, 4 * 9 * 60), ("low", 2 * 9 * 60, 10 * 9 * 60),
    ]

    static let settings: [(String, String, String)] = [
        ("identity.max_per_kind", "5", "a customer holding more identities of one kind stops auto-merging on it"),
        ("lifecycle.lapsed_days", "180", "last order this many days ago or more: lapsed"),
        ("lifecycle.at_risk_days", "90", "last order this many days ago or more: at risk"),
        ("lifecycle.gap_factor", "2", "3+ orders and last order longer ago than this many median gaps: at risk"),
        ("lifecycle.gap_min_days", "30", "...and at least this many days"),
        ("lifecycle.new_days", "30", "one order placed within this many days: new"),
        ("lifecycle.repeat_days", "365", "two or more orders within this many days: repeat"),
        ("store.utc_offset_minutes", "480", "stores' local time (minutes east of UTC) for the store's day"),
    ]

    /// Values that never identify a person. Data, not code: extend with INSERT INTO identity_junk.
    static let junk: [(String, String)] = [
        ("*", ""), ("*", "null"), ("*", "none"), ("*", "n/a"), ("*", "na"), ("*", "-"), ("*", "-1"), ("*", "0"),
        ("*", "anonymous"), ("*", "unknown"), ("*", "test"), ("*", "undefined"),
        ("email", "test@test.com"), ("email", "test@example.com"), ("email", "noreply@example.com"),
        ("email", "no@email.com"), ("email", "none@none.com"), ("email", "a@a.com"), ("email", "customer@example.com"),
        ("email", "guest@guest.com"), ("email", "nobody@nowhere.com"),
        ("email", "noreply@*"), ("email", "no-reply@*"), ("email", "test@*"), ("email", "none@*"), ("email", "*@example.invalid"),
        ("phone", "+860"), ("phone", "+8600000000000"), ("phone", "+8613800000000"), ("phone", "+861111111111"),
        ("phone", "+8612345678901"), ("phone", "+8613888888888"),
    ]

    static func install(_ db: Database) throws {
        for (position, c) in channels.enumerated() {
            try db.execute("INSERT INTO channels(code, name, kind, position) VALUES (?, ?, ?, ?)", [c.code, c.name, c.kind, position])
        }
        for p in slaPolicies {
            try db.execute("INSERT INTO sla_policies(priority, first_response_minutes, resolution_minutes) VALUES (?, ?, ?)",
                           [p.0, p.1, p.2])
        }
        for s in settings + MoneySchema.settings {
            try db.execute("INSERT INTO settings(key, value, description) VALUES (?, ?, ?)", [s.0, s.1, s.2])
        }
        for j in junk {
            try db.execute("INSERT INTO identity_junk(kind, value) VALUES (?, ?)", [j.0, j.1])
        }
        for name in ["customers", "orders", "open_tickets", "stock_locations", "stock_out", "stock_low",
                     "stage_prospect", "stage_new", "stage_active", "stage_repeat", "stage_at_risk", "stage_lapsed"] {
            try db.execute("INSERT INTO counters(name, value) VALUES (?, 0)", [name])
        }
        try db.execute("INSERT INTO meta(key, value) VALUES ('created_by', ?), ('created_at', ?)",
                       ["omni \(omniVersion)", ISO8601DateFormatter().string(from: Date())])
    }
}
