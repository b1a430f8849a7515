/// The `settings` table, read with each value checked for type and range: a value a user (or
/// a script) wrote that is not a number, or out of range (`lifecycle.gap_factor = 1e400`), is
/// an error naming the key, the value and what is accepted, never a trap further on.
public enum Settings {
    public enum Kind: Sendable, Equatable {
        case integer(ClosedRange<Int>)
        case number(ClosedRange<Double>)
    }

    /// Every setting omni reads: its type and accepted range.
    public static let known: [String: Kind] = [
        "identity.max_per_kind": .integer(1...1_000),
        "lifecycle.lapsed_days": .integer(1...36_500),
        "lifecycle.at_risk_days": .integer(1...36_500),
        "lifecycle.gap_factor": .number(0.1...100),
        "lifecycle.gap_min_days": .integer(0...36_500),
        "lifecycle.new_days": .integer(1...36_500),
        "lifecycle.repeat_days": .integer(1...36_500),
        "store.utc_offset_minutes": .integer(-720...840),
    ]

    static func accepted(_ kind: Kind) -> String {
        switch kind {
        case .integer(let r): return "a whole number from \(r.lowerBound) to \(r.upperBound)"
        case .number(let r): return "a number from \(r.lowerBound) to \(r.upperBound)"
        }
    }

    static func invalid(_ key: String, _ text: String) -> StoreError {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return StoreError.invalid("setting \(key) = \"\(shown)\" is not accepted: \(accepted(known[key] ?? .integer(0...0))) "
                                  + "(fix it with: UPDATE settings SET value = '…' WHERE key = '\(key)')")
    }

    /// `text` checked as the whole number `key` takes; nil stays nil (the caller's default).
    public static func integer(_ key: String, _ text: String?) throws -> Int? {
        guard let text else { return nil }
        guard case .integer(let range)? = known[key] else { return Int(text) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Int(trimmed), range.contains(value) else { throw invalid(key, text) }
        return value
    }

    /// `text` checked as the number `key` takes (finite, within range); nil stays nil.
    public static func number(_ key: String, _ text: String?) throws -> Double? {
        guard let text else { return nil }
        guard case .number(let range)? = known[key] else { return Double(text) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite, range.contains(value) else { throw invalid(key, text) }
        return value
    }

    /// The stored text of `key`, nil when absent.
    public static func text(_ db: Database, _ key: String) throws -> String? {
        try db.scalar("SELECT value FROM settings WHERE key = ?", [key], as: String.self)
    }

    /// Every stored setting omni knows, checked: the first bad one throws (used by `omni doctor`).
    public static func validateAll(_ db: Database) throws {
        for row in try db.fetchAll("SELECT key, value FROM settings ORDER BY key") {
            let key = row.string(0)
            switch known[key] {
            case .integer?: _ = try integer(key, row.string(1))
            case .number?: _ = try number(key, row.string(1))
            case nil: break
            }
        }
    }
}
