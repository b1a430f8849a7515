import Foundation

/// Merges, their exact undo, and suggestions an agent confirms or rejects.
extension IdentityResolver {
    /// Merges customer `merged` into `survivor` on an agent's word (rule 'manual').
    /// Returns the `merges` row id.
    @discardableResult
    public func merge(_ merged: Int64, into survivor: Int64, reason: String, at: Int64, operator: String) throws -> Int64 {
        try atomically {
            try applyMerge(survivor: survivor, merged: merged, rule: "manual",
                           evidence: reason.isEmpty ? "merged by \(`operator`)" : reason, at: at, operator: `operator`)
        }
    }

    /// Moves every row of `merged` to `survivor`, tombstones `merged`, and writes the applied
    /// `merges` row with the exact list of moved row ids. Both must be live.
    func applyMerge(survivor: Int64, merged: Int64, rule: String, evidence: String,
                    at: Int64, operator: String) throws -> Int64 {
        let moved = try moveRows(from: merged, to: survivor)
        try db.execute("""
            INSERT INTO merges(survivor_id, merged_id, status, rule, evidence, moved, created_at, created_by)
            VALUES (?, ?, 'applied', ?, ?, ?, ?, ?)
            """, [survivor, merged, rule, evidence, try Self.encodeMoved(moved), at, `operator`])
        let id = db.lastInsertRowID
        try audit("merge", customer: survivor,
                  detail: "merge #\(id): customer \(merged) merged into \(survivor) (\(rule): \(evidence)); moved \(Self.summary(moved))",
                  at: at, operator: `operator`)
        return id
    }

    /// The row moves of a merge, without the `merges` row. Checks both customers are live.
    /// Customer attributes (name, consents, tier) are left as the survivor has them: consent
    /// in particular must not be inferred from another record.
    private func moveRows(from merged: Int64, to survivor: Int64) throws -> [String: [Int64]] {
        guard survivor != merged else { throw IdentityError.sameCustomer(survivor) }
        for id in [survivor, merged] {
            guard let row = try db.fetchOne("SELECT merged_into FROM customers WHERE id = ?", [id]) else {
                throw IdentityError.customerNotFound(id)
            }
            if let into = row.optionalInt64(0) {
                throw IdentityError.customerMerged(id, into: try liveCustomerID(for: into) ?? into)
            }
        }
        var moved: [String: [Int64]] = [:]
        for table in Self.movableTables {
            // Table names come from the fixed list above; values are bound.
            let ids = try db.fetchAll("SELECT id FROM \(table) WHERE customer_id = ? ORDER BY id", [merged])
                .map { $0.int64(0) }
            guard !ids.isEmpty else { continue }
            try db.execute("UPDATE \(table) SET customer_id = ? WHERE customer_id = ?", [survivor, merged])
            moved[table] = ids
        }
        let members = try db.fetchAll("SELECT id FROM customers WHERE account_id = ? AND id <> ? ORDER BY id",
                                      [merged, survivor]).map { $0.int64(0) }
        if !members.isEmpty {
            try db.execute("UPDATE customers SET account_id = ? WHERE account_id = ? AND id <> ?", [survivor, merged, survivor])
            moved[Self.accountMembersKey] = members
        }
        try db.execute("UPDATE customers SET merged_into = ? WHERE id = ?", [survivor, merged])
        return moved
    }

    /// Reverses an applied merge exactly, from its `moved` record: each listed row still on the
    /// survivor goes back, the tombstone is cleared (the customers counter follows by trigger,
    /// as do both customers' order figures), and the row becomes 'undone'.
    ///
    /// Refused when the merge is not 'applied', or when its survivor was itself merged later
    /// (undo that merge first: otherwise rows would be pulled out from under a third customer).
    /// Rows that left the survivor since (re-assigned or deleted) stay where they are and are
    /// reported in `notFound`. Identities attached to the survivor after the merge stay there.
    @discardableResult
    public func undoMerge(_ id: Int64, at: Int64, operator: String) throws -> UndoReport {
        try atomically {
            guard let row = try db.fetchOne("SELECT survivor_id, merged_id, status, moved FROM merges WHERE id = ?", [id]) else {
                throw IdentityError.mergeNotFound(id)
            }
            let survivor = row.int64(0), merged = row.int64(1), status = row.string(2)
            guard status == "applied" else { throw IdentityError.mergeNotApplied(id, status: status) }
            let later = try db.fetchAll("SELECT id FROM merges WHERE status = 'applied' AND merged_id = ? AND id <> ? ORDER BY id",
                                        [survivor, id]).map { $0.int64(0) }
            guard later.isEmpty else { throw IdentityError.mergeHasLaterMerges(id, survivor: survivor, later: later) }
            guard let mergedRow = try db.fetchOne("SELECT merged_into FROM customers WHERE id = ?", [merged]) else {
                throw IdentityError.mergeInconsistent(id, detail: "customer \(merged) no longer exists")
            }
            guard mergedRow.optionalInt64(0) == survivor else {
                throw IdentityError.mergeInconsistent(id, detail: "customer \(merged) is no longer merged into \(survivor)")
            }
            let moved = try Self.decodeMoved(row.string(3), merge: id)
            var movedBack: [String: [Int64]] = [:]
            var notFound: [String: [Int64]] = [:]
            for (key, ids) in moved.sorted(by: { $0.key < $1.key }) {
                let sql: String
                if key == Self.accountMembersKey {
                    sql = "UPDATE customers SET account_id = ? WHERE id = ? AND account_id = ?"
                } else if Self.movableTables.contains(key) {
                    sql = "UPDATE \(key) SET customer_id = ? WHERE id = ? AND customer_id = ?"
                } else {
                    throw IdentityError.mergeInconsistent(id, detail: "unknown table \"\(key)\" in its moved record")
                }
                for rowID in ids {
                    try db.execute(sql, [merged, rowID, survivor])
                    if db.changes == 1 { movedBack[key, default: []].append(rowID) } else { notFound[key, default: []].append(rowID) }
                }
            }
            try db.execute("UPDATE customers SET merged_into = NULL WHERE id = ?", [merged])
            try db.execute("UPDATE merges SET status = 'undone', undone_at = ?, undone_by = ? WHERE id = ?", [at, `operator`, id])
            var detail = "merge #\(id) undone: customer \(merged) split from \(survivor); moved back \(Self.summary(movedBack))"
            if !notFound.isEmpty { detail += "; no longer on the survivor, left in place: \(Self.summary(notFound))" }
            try audit("merge_undo", customer: survivor, detail: detail, at: at, operator: `operator`)
            return UndoReport(mergeID: id, survivorID: survivor, restoredID: merged, movedBack: movedBack, notFound: notFound)
        }
    }

    /// Performs a suggested merge (an agent's confirmation). The suggestion row becomes the
    /// applied merge (its `moved`, time and operator filled in), between the live customers
    /// its two sides are now. Returns the survivor.
    @discardableResult
    public func confirmSuggestion(_ id: Int64, at: Int64, operator: String) throws -> Int64 {
        try atomically {
            guard let row = try db.fetchOne("SELECT survivor_id, merged_id, status, created_by FROM merges WHERE id = ?", [id]) else {
                throw IdentityError.mergeNotFound(id)
            }
            guard row.string(2) == "suggested" else { throw IdentityError.notASuggestion(id, status: row.string(2)) }
            guard let survivor = try liveCustomerID(for: row.int64(0)) else { throw IdentityError.customerNotFound(row.int64(0)) }
            guard let merged = try liveCustomerID(for: row.int64(1)) else { throw IdentityError.customerNotFound(row.int64(1)) }
            guard survivor != merged else { throw IdentityError.alreadyOneCustomer(id, customer: survivor) }
            let moved = try moveRows(from: merged, to: survivor)
            let note = "; suggested by \(row.string(3)), confirmed by \(`operator`)"
            try db.execute("""
                UPDATE merges SET status = 'applied', survivor_id = ?, merged_id = ?, moved = ?,
                    evidence = evidence || ?, created_at = ?, created_by = ?
                WHERE id = ?
                """, [survivor, merged, try Self.encodeMoved(moved), note, at, `operator`, id])
            try audit("merge_confirm", customer: survivor,
                      detail: "suggestion #\(id) confirmed: customer \(merged) merged into \(survivor); moved \(Self.summary(moved))",
                      at: at, operator: `operator`)
            return survivor
        }
    }

    /// Rejects a suggested merge: these are different customers. The pair is never suggested
    /// again. Who and when are kept in `undone_by` / `undone_at`.
    public func rejectSuggestion(_ id: Int64, at: Int64, operator: String) throws {
        try atomically {
            guard let row = try db.fetchOne("SELECT survivor_id, merged_id, status FROM merges WHERE id = ?", [id]) else {
                throw IdentityError.mergeNotFound(id)
            }
            guard row.string(2) == "suggested" else { throw IdentityError.notASuggestion(id, status: row.string(2)) }
            try db.execute("UPDATE merges SET status = 'rejected', undone_at = ?, undone_by = ? WHERE id = ?", [at, `operator`, id])
            try audit("merge_reject", customer: row.int64(0),
                      detail: "suggestion #\(id) rejected: customers \(row.int64(0)) and \(row.int64(1)) are different",
                      at: at, operator: `operator`)
        }
    }

    /// Weak evidence, suggestion only: live customers of the same kind with the same indexed
    /// name and the same city as `customerID`. Never merges. When more than `maxCandidates`
    /// share the name and city (a common name in a big city), the evidence is no evidence and
    /// nothing is suggested. Pairs with any earlier decision (pending, rejected, undone) are
    /// skipped. Returns the new 'suggested' `merges` row ids.
    @discardableResult
    public func suggestByNameAndCity(_ customerID: Int64, at: Int64, operator: String = "system",
                                     maxCandidates: Int = 3) throws -> [Int64] {
        try atomically {
            guard let id = try liveCustomerID(for: customerID),
                  let me = try db.fetchOne("SELECT name, search_name, city, kind FROM customers WHERE id = ?", [id]) else {
                throw IdentityError.customerNotFound(customerID)
            }
            let name = me.string(0), searchName = me.string(1)
            let city = me.string(2).trimmingCharacters(in: .whitespaces)
            guard !searchName.isEmpty, !city.isEmpty, let match = SearchText.matchExpression(name) else { return [] }
            let candidates = try db.fetchAll("""
                SELECT id FROM customers
                WHERE id IN (SELECT rowid FROM customer_names WHERE customer_names MATCH ?)
                  AND search_name = ? AND city = ? COLLATE NOCASE AND kind = ? AND merged_into IS NULL AND id <> ?
                ORDER BY id LIMIT ?
                """, [match, searchName, city, me.string(3), id, maxCandidates + 1]).map { $0.int64(0) }
            guard candidates.count <= maxCandidates else { return [] }
            var ids: [Int64] = []
            for other in candidates where try pairDecision(id, other) == .none {
                let (s, m) = try orderedPair(id, other)
                ids.append(try insertSuggestion(survivor: s, merged: m, rule: "same_name_city",
                    evidence: "same name \"\(name)\" and city \(city); no shared identity", at: at, operator: `operator`))
            }
            return ids
        }
    }

    // MARK: - The moved record

    static func encodeMoved(_ moved: [String: [Int64]]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(moved), as: UTF8.self)
    }

    static func decodeMoved(_ text: String, merge: Int64) throws -> [String: [Int64]] {
        do {
            return try JSONDecoder().decode([String: [Int64]].self, from: Data(text.utf8))
        } catch {
            throw IdentityError.mergeInconsistent(merge, detail: "its moved record is not readable: \(text.prefix(80))")
        }
    }

    static func summary(_ moved: [String: [Int64]]) -> String {
        moved.isEmpty ? "nothing" : moved.sorted { $0.key < $1.key }.map { "\($0.value.count) \($0.key)" }.joined(separator: ", ")
    }
}
