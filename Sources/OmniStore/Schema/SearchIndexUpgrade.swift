import Foundation

/// The search indexes of "search the way callers speak" (schema step 5): the endings of
/// phones and loyalty cards, and names re-indexed with their pinyin. New stores get the same objects from `SchemaTables`.
enum SearchIndexUpgrade {
    /// Phones and cards by their last four characters: a typed ending of 4+ digits probes the
    /// bucket of its last four (about 1 in 10,000 of them) and compares the rest in the rows.
    /// SQLite keeps it like any index, so the seeder's bulk path and imports need nothing.
    static let tailIndex = """
    CREATE INDEX identities_tail ON identities(substr(value, -4), kind) WHERE kind IN ('phone','loyalty_card');
    """
    /// Brings a store of the previous version up: adds the index and re-indexes every name
    /// whose index text changed (names with Han characters gain their pinyin); the name-index
    /// triggers keep customer_names in step. Runs inside the upgrade's transaction.
    static func apply(_ db: Database) throws {
        // IF NOT EXISTS: a store made by a development build may have it already.
        try db.execute(tailIndex.replacingOccurrences(of: "CREATE INDEX ", with: "CREATE INDEX IF NOT EXISTS "))
        // A changed index text is not a change a screen shows: the change feed's update
        // trigger is left out meanwhile (else every Chinese name becomes a change_log row).
        let feed = try db.fetchOne("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'feed_customers_update'")
        if feed != nil { try db.execute("DROP TRIGGER feed_customers_update") }
        let update = try db.statement("UPDATE customers SET search_name = ? WHERE id = ?")
        for row in try db.fetchAll("SELECT id, name, search_name FROM customers") {
            let text = SearchText.indexText(row.string(1))
            guard text != row.string(2) else { continue }
            update.reset()
            update.bindText(1, text)
            update.bindInt(2, row.int64(0))
            try update.run()
        }
        update.reset()
        if let feed { try db.execute(feed.string(0)) }
    }
}
