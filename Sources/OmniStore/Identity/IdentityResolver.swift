import Foundation

/// The identity graph: which customer a record (an order, a ticket, a sign-up) belongs to,
/// judged from the identifiers on it, and the merges that follow when one record carries
/// identifiers of two customers.
///
/// Rules, and the lessons behind them:
/// - Only exact, normalised identifiers join records (UNIQUE(kind, value) makes each value
///   belong to one customer). Names never auto-join: two 王伟 in 上海 are two people.
/// - Junk values (see `IdentityNormalizer`) never match and are never stored: one "n/a" phone
///   accepted once becomes the bridge that merges every later "n/a" customer.
/// - A customer already holding `identity.max_per_kind` identities of a kind that the record
///   carries is a likely blob (a shared store phone, a reseller's account): it is not
///   auto-merged or grown on that record; a 'suggested' merges row waits for an agent.
/// - Every merge is reversible exactly: the `moved` column lists each row id that moved, per
///   table; the merged customer stays as a tombstone (`merged_into`), so ids printed on old
///   tickets and in other systems still resolve.
/// - A pair an agent rejected is never suggested again, and a pair whose merge was undone is
///   never auto-merged again (only suggested): a human decision is not overridden by a rule.
///
/// Works on the caller's connection: inside the caller's transaction when there is one (as a
/// savepoint, so a failure leaves the caller's other work alone), else in its own. Not
/// thread-safe, like `Database`. Every SQL value is bound.
public final class IdentityResolver {
    public enum CustomerKind: String, Sendable, Codable, CaseIterable {
        case person, business
    }

    /// A contact left out of resolution, and why.
    public struct IgnoredContact: Sendable, Equatable {
        public var contact: ContactPoint
        public var reason: String
    }

    public struct Resolution: Sendable, Equatable {
        public enum Outcome: Sendable, Equatable {
            /// No identifier was known: a new customer.
            case created
            /// Known identifiers of one customer (new ones were attached to it).
            case matched
            /// Identifiers of several customers: merged into `customerID`.
            case merged
            /// Something needs an agent: these `merges` rows are status 'suggested'.
            case suggested([Int64])
        }
        /// The live customer the record belongs to.
        public var customerID: Int64
        public var outcome: Outcome
        /// Identity rows inserted for this record.
        public var createdIdentities: [Int64]
        /// Applied `merges` rows written for this record.
        public var mergeIDs: [Int64]
        /// Pending 'suggested' `merges` rows written (or already pending) for this record.
        public var suggestionIDs: [Int64]
        /// Junk and invalid contacts, not stored.
        public var ignored: [IgnoredContact]
    }

    /// What `undoMerge` did.
    public struct UndoReport: Sendable, Equatable {
        public var mergeID: Int64
        public var survivorID: Int64
        /// The customer brought back from its tombstone.
        public var restoredID: Int64
        /// Rows moved back, per table.
        public var movedBack: [String: [Int64]]
        /// Rows of the merge record no longer on the survivor (deleted or re-assigned since): left where they are.
        public var notFound: [String: [Int64]]
    }

    public let db: Database
    /// Set by a caller that runs every `resolve` inside a unit it rolls back as a whole when
    /// `resolve` throws (the importer: one transaction per file, or one savepoint per unit with
    /// --skip-invalid). `resolve` then writes without a savepoint of its own: an open savepoint
    /// costs a flush of the FTS5 name index on every statement once the index has been
    /// written in the transaction. Atomicity is unchanged: a throw still leaves nothing behind
    /// once the caller's unit rolls back.
    var callerRollsBackOnError = false
    private var junkCache: IdentityJunkList?
    private var maxPerKindCache: Int?
    private var phoneRegionCache: String?
    /// Verdicts of raw contacts already classified (bounded): an import meets the same e-mail
    /// on every order of a customer, and classifying is string work on every call.
    private var verdicts: [ContactKey: IdentityNormalizer.Verdict] = [:]
    struct ContactKey: Hashable { let kind: IdentityKind; let raw: String }

    /// Tables whose `customer_id` a merge moves. Fixed here: table names in `merges.moved`
    /// are checked against this list before use, never spliced from data.
    static let movableTables = ["identities", "orders", "tickets", "carts", "touchpoints",
                                "appointments", "assets", "invoices"]
    /// Key in `merges.moved` for people of a business account (`customers.account_id`).
    static let accountMembersKey = "customers.account_id"

    public init(_ db: Database) {
        self.db = db
    }

    /// Forget the cached junk list and settings (after editing `identity_junk` or `settings`).
    public func reloadReferenceData() {
        junkCache = nil
        maxPerKindCache = nil
        phoneRegionCache = nil
        verdicts = [:]
    }

    /// A raw contact normalised, or why it is junk; remembered for the next time it is met.
    func classify(_ kind: IdentityKind, _ raw: String, junk: IdentityJunkList, region: String? = nil) -> IdentityNormalizer.Verdict {
        let key = ContactKey(kind: kind, raw: kind == .phone && region != nil ? raw + "\u{1F}" + region! : raw)
        if let known = verdicts[key] { return known }
        let verdict = IdentityNormalizer.classify(kind, raw, junk: junk, region: kind == .phone ? (region ?? defaultPhoneRegion()) : nil)
        if verdicts.count >= 50_000 { verdicts = [:] }
        verdicts[key] = verdict
        return verdict
    }

    /// The store's default region for phones without a country code (`phone.default_region`,
    /// CN when unset; empty: none, such phones are kept as written, unverified).
    public func defaultPhoneRegion() -> String? {
        if let phoneRegionCache { return phoneRegionCache.isEmpty ? nil : phoneRegionCache }
        let text = (try? db.scalar("SELECT value FROM settings WHERE key = 'phone.default_region'", as: String.self)) ?? nil
        let region = text.map { $0.trimmingCharacters(in: .whitespaces).uppercased() } ?? "CN"
        phoneRegionCache = region
        return region.isEmpty ? nil : region
    }

    public func junkList() throws -> IdentityJunkList {
        if let junkCache { return junkCache }
        let list = try IdentityJunkList.load(from: db)
        junkCache = list
        return list
    }

    /// `identity.max_per_kind` from settings (5 when absent or unreadable).
    public func maxPerKind() throws -> Int {
        if let maxPerKindCache { return maxPerKindCache }
        let text: String? = try db.scalar("SELECT value FROM settings WHERE key = ?", ["identity.max_per_kind"])
        let value = text.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 5
        maxPerKindCache = value
        return value
    }

    // MARK: - Resolution

    private struct Item {
        var contact: ContactPoint
        var value: String
        var owner: Int64?
        var kind: IdentityKind { contact.kind }
        var masked: String { "\(kind.label) \(IdentityMask.mask(kind, value))" }
    }

    /// Finds or creates the customer a record belongs to.
    ///
    /// - Parameters:
    ///   - contacts: identifiers on the record, raw (normalised and junk-checked here).
    ///   - name, kind, city: used only when a customer is created.
    ///   - channel: `channels.code` of the record; the default channel of its contacts.
    ///   - source: what the record is, for evidence ("shopify order #1001", "web order W10023").
    ///   - at: unix seconds.
    ///   - operator: who or what is writing ("import", an operator login).
    public func resolve(_ contacts: [ContactPoint], name: String, kind: CustomerKind = .person, city: String = "",
                        channel: String, source: String, at: Int64, operator: String = "system") throws -> Resolution {
        try resolve(contacts, verdicts: nil, name: name, kind: kind, city: city, channel: channel, source: source, at: at,
                    operator: `operator`)
    }

    /// `resolve`, with the contacts already classified (`verdicts[i]` for `contacts[i]`).
    func resolve(_ contacts: [ContactPoint], verdicts: [IdentityNormalizer.Verdict]?, name: String, kind: CustomerKind = .person,
                 city: String = "", channel: String, source: String, at: Int64, operator: String = "system") throws -> Resolution {
        let junk = try junkList()
        let limit = try maxPerKind()
        guard db.isInTransaction else {
            return try db.transaction {
                let found = try classifyAndLookUp(contacts, verdicts: verdicts, junk: junk)
                return try settle(found, name: name, kind: kind, city: city, channel: channel, source: source, at: at,
                                  limit: limit, operator: `operator`)
            }
        }
        // Inside the caller's transaction the look-ups are reads of the same snapshot, so they
        // need no savepoint; the common case (every identifier already belongs to one live
        // customer) writes nothing and returns without opening one.
        let found = try classifyAndLookUp(contacts, verdicts: verdicts, junk: junk)
        if let only = found.soleLiveOwner {
            return Resolution(customerID: only, outcome: .matched, createdIdentities: [], mergeIDs: [],
                              suggestionIDs: [], ignored: found.ignored)
        }
        if callerRollsBackOnError {
            return try settle(found, name: name, kind: kind, city: city, channel: channel, source: source, at: at,
                              limit: limit, operator: `operator`)
        }
        return try db.withSavepoint("omni_identity") {
            try settle(found, name: name, kind: kind, city: city, channel: channel, source: source, at: at,
                       limit: limit, operator: `operator`)
        }
    }

    /// A record's contacts classified (junk and duplicates out) and looked up (read-only).
    private struct Lookup {
        var items: [Item] = []
        var ignored: [IgnoredContact] = []
        /// Distinct live owners, in the order first seen.
        var owners: [Int64] = []
        /// Whether every owner's customer row exists (tombstones followed to a live row).
        var ownersExist = true

        /// The one live customer holding every identifier of the record, when that is all there
        /// is: resolution then matches it and writes nothing, whatever the other guards say
        /// (no other customer to merge or suggest, nothing new to attach).
        var soleLiveOwner: Int64? {
            guard ownersExist, owners.count == 1, !items.isEmpty, items.allSatisfy({ $0.owner != nil }) else { return nil }
            return owners[0]
        }
    }

    private func classifyAndLookUp(_ contacts: [ContactPoint], verdicts: [IdentityNormalizer.Verdict]?,
                                   junk: IdentityJunkList) throws -> Lookup {
        var found = Lookup()
        var seen = Set<String>()
        for (i, contact) in contacts.enumerated() {
            switch verdicts?[i] ?? classify(contact.kind, contact.value, junk: junk, region: contact.region) {
            case .junk(let reason):
                found.ignored.append(IgnoredContact(contact: contact, reason: reason))
            case .valid(let value):
                if seen.insert(contact.kind.rawValue + "\u{1F}" + value).inserted {
                    found.items.append(Item(contact: contact, value: value))
                }
            }
        }
        var last: (owner: Int64, live: Int64?)?
        for i in found.items.indices {
            if let owner = try identityOwner(found.items[i].kind, found.items[i].value) {
                let resolved: Int64?
                if let last, last.owner == owner { resolved = last.live } else { resolved = try liveCustomerID(for: owner) }
                last = (owner, resolved)
                if resolved == nil { found.ownersExist = false }
                let live = resolved ?? owner
                found.items[i].owner = live
                if !found.owners.contains(live) { found.owners.append(live) }
            }
        }
        return found
    }

    /// The writing half of `resolve`: creates, attaches, merges or suggests. Runs atomically.
    private func settle(_ found: Lookup, name: String, kind: CustomerKind, city: String, channel: String,
                        source: String, at: Int64, limit: Int, operator: String) throws -> Resolution {
        do {
            let items = found.items, owners = found.owners, ignored = found.ignored
            var result = Resolution(customerID: 0, outcome: .matched, createdIdentities: [], mergeIDs: [],
                                    suggestionIDs: [], ignored: ignored)
            var created = false
            let recordKinds = Set(items.map(\.kind))

            func createCustomer(with newItems: [Item]) throws -> Int64 {
                let insert = try db.statement("INSERT INTO customers(kind, name, search_name, city, created_at) VALUES (?, ?, ?, ?, ?)")
                insert.reset()
                insert.bindText(1, kind.rawValue); insert.bindText(2, name); insert.bindText(3, SearchText.indexText(name))
                insert.bindText(4, city); insert.bindInt(5, at)
                try insert.run()
                let id = db.lastInsertRowID
                created = true
                for (n, item) in newItems.enumerated() {
                    let rule = n == 0 ? "created" : "same_record"
                    let evidence = n == 0 ? "first seen on \(source)"
                                          : "arrived together with \(newItems[0].masked) on \(source)"
                    result.createdIdentities.append(try insertIdentity(item, customer: id, channel: channel, at: at,
                                                                        rule: rule, evidence: evidence))
                }
                return id
            }

            if owners.isEmpty {
                result.customerID = try createCustomer(with: items)
                result.outcome = .created
                return result
            }

            var trusted: [Int64] = []
            var doubtful: [(id: Int64, kind: IdentityKind)] = []
            for owner in owners {
                if let k = try saturatedKind(of: owner, among: recordKinds, limit: limit) {
                    doubtful.append((owner, k))
                } else {
                    trusted.append(owner)
                }
            }
            let unowned = items.filter { $0.owner == nil }
            func firstItem(of customer: Int64) -> Item? { items.first { $0.owner == customer } }

            let survivor: Int64
            if trusted.isEmpty {
                if unowned.isEmpty {
                    survivor = try preferredSurvivor(doubtful.map(\.id))
                } else {
                    // Do not grow a likely blob: the new identifiers get a customer of their own.
                    survivor = try createCustomer(with: unowned)
                }
            } else {
                survivor = try preferredSurvivor(trusted)
                let survivorItem = firstItem(of: survivor)
                for other in trusted where other != survivor {
                    guard let otherItem = firstItem(of: other) else { continue }
                    let evidence = "same \(otherItem.masked) (customer \(other)) and \(survivorItem?.masked ?? "record") (customer \(survivor)) on \(source)"
                    let rule = "shared_\(otherItem.kind.rawValue)"
                    switch try pairDecision(survivor, other) {
                    case .rejected:
                        continue
                    case .pending(let id):
                        result.suggestionIDs.append(id)
                    case .undone:
                        let (s, m) = try orderedPair(survivor, other)
                        result.suggestionIDs.append(try insertSuggestion(survivor: s, merged: m, rule: rule,
                            evidence: evidence + "; not merged automatically: an earlier merge of this pair was undone",
                            at: at, operator: `operator`))
                    case .none:
                        result.mergeIDs.append(try applyMerge(survivor: survivor, merged: other, rule: rule,
                                                               evidence: evidence, at: at, operator: `operator`))
                    }
                }
                if let survivorItem {
                    for item in unowned {
                        result.createdIdentities.append(try insertIdentity(
                            item, customer: survivor, channel: channel, at: at,
                            rule: "exact_\(survivorItem.kind.rawValue)",
                            evidence: "arrived with \(survivorItem.masked) of customer \(survivor) on \(source)"))
                    }
                }
            }
            for d in doubtful where d.id != survivor {
                let item = firstItem(of: d.id)
                let evidence = "same \(item?.masked ?? d.kind.label) (customer \(d.id)) on \(source); not merged automatically: customer \(d.id) already holds \(limit) or more \(d.kind.label) identities (identity.max_per_kind)"
                switch try pairDecision(survivor, d.id) {
                case .rejected: continue
                case .pending(let id): result.suggestionIDs.append(id)
                case .undone, .none:
                    let (s, m) = try orderedPair(survivor, d.id)
                    result.suggestionIDs.append(try insertSuggestion(survivor: s, merged: m,
                        rule: "shared_\((item?.kind ?? d.kind).rawValue)", evidence: evidence, at: at, operator: `operator`))
                }
            }
            result.customerID = survivor
            if !result.mergeIDs.isEmpty {
                result.outcome = .merged
            } else if !result.suggestionIDs.isEmpty {
                result.outcome = .suggested(result.suggestionIDs)
            } else {
                result.outcome = created ? .created : .matched
            }
            return result
        }
    }

    // MARK: - Lookup

    /// The live customer that `id` is, following tombstones (`merged_into`); nil when no such customer.
    public func liveCustomerID(for id: Int64) throws -> Int64? {
        var current = id
        let stmt = try db.statement("SELECT merged_into FROM customers WHERE id = ?")
        for _ in 0..<64 {
            stmt.reset()
            defer { stmt.reset() }
            stmt.bindInt(1, current)
            guard try stmt.step() else { return nil }
            guard let next = stmt.columnInt64(0) else { return current }
            current = next
        }
        throw IdentityError.tombstoneCycle(id)
    }

    /// The live customer owning what an agent typed. With `kind`, only that kind is tried;
    /// without, the text is read as each kind it could be: '@' as e-mail (then web account),
    /// a phone-looking string as phone first, else openid, loyalty card, marketplace id, web account.
    /// Junk finds nothing. One indexed probe per kind tried.
    public func lookup(kind: IdentityKind? = nil, _ raw: String) throws -> Int64? {
        let junk = try junkList()
        let kinds: [IdentityKind]
        if let kind {
            kinds = [kind]
        } else if raw.contains("@") {
            kinds = [.email, .webAccount, .marketplaceID]
        } else if IdentityNormalizer.normalizePhone(raw) != nil {
            kinds = [.phone, .loyaltyCard, .marketplaceID, .webAccount, .wechatOpenID]
        } else {
            kinds = [.wechatOpenID, .loyaltyCard, .marketplaceID, .webAccount]
        }
        for k in kinds {
            guard case .valid(let value) = IdentityNormalizer.classify(k, raw, junk: junk) else { continue }
            if let owner = try identityOwner(k, value) { return try liveCustomerID(for: owner) }
        }
        return nil
    }

    // MARK: - Helpers

    /// Runs `body` atomically: a savepoint inside the caller's transaction, else a transaction.
    func atomically<T>(_ body: () throws -> T) throws -> T {
        guard db.isInTransaction else { return try db.transaction(body) }
        return try db.withSavepoint("omni_identity", body)
    }

    func identityOwner(_ kind: IdentityKind, _ value: String) throws -> Int64? {
        let stmt = try db.statement("SELECT customer_id FROM identities WHERE kind = ? AND value = ?")
        stmt.reset()
        defer { stmt.reset() }
        stmt.bindText(1, kind.rawValue)
        stmt.bindText(2, value)
        return try stmt.step() ? stmt.columnInt64(0) : nil
    }

    private func insertIdentity(_ item: Item, customer: Int64, channel: String, at: Int64,
                                rule: String, evidence: String) throws -> Int64 {
        let insert = try db.statement("""
            INSERT INTO identities(customer_id, kind, value, raw_value, channel, verified, first_seen_at, link_rule, link_evidence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insert.reset()
        insert.bindInt(1, customer); insert.bindText(2, item.kind.rawValue); insert.bindText(3, item.value)
        insert.bindText(4, item.contact.value); insert.bindText(5, item.contact.channel ?? channel)
        insert.bindInt(6, item.contact.verified ? 1 : 0); insert.bindInt(7, at); insert.bindText(8, rule)
        insert.bindText(9, evidence)
        try insert.run()
        return db.lastInsertRowID
    }

    /// The first kind among `kinds` of which `customer` already holds `limit` or more identities.
    func saturatedKind(of customer: Int64, among kinds: Set<IdentityKind>, limit: Int) throws -> IdentityKind? {
        for kind in IdentityKind.allCases where kinds.contains(kind) {
            let n = try db.scalarInt("SELECT count(*) FROM identities WHERE customer_id = ? AND kind = ?",
                                     [customer, kind.rawValue])
            if n >= limit { return kind }
        }
        return nil
    }

    /// The survivor of a merge: the customer with more orders (agents know it, and fewer rows
    /// move), then the oldest, then the lowest id.
    func preferredSurvivor(_ ids: [Int64]) throws -> Int64 {
        var best: (id: Int64, orders: Int, created: Int64)?
        for id in ids {
            guard let row = try db.fetchOne("SELECT order_count, created_at FROM customers WHERE id = ?", [id]) else {
                throw IdentityError.customerNotFound(id)
            }
            let candidate = (id: id, orders: row.int(0), created: row.optionalInt64(1) ?? 0)
            if let b = best {
                if candidate.orders > b.orders
                    || (candidate.orders == b.orders && (candidate.created, candidate.id) < (b.created, b.id)) {
                    best = candidate
                }
            } else {
                best = candidate
            }
        }
        guard let best else { throw IdentityError.customerNotFound(0) }
        return best.id
    }

    func orderedPair(_ a: Int64, _ b: Int64) throws -> (survivor: Int64, merged: Int64) {
        let s = try preferredSurvivor([a, b])
        return (s, s == a ? b : a)
    }

    enum PairDecision: Equatable { case none, pending(Int64), rejected, undone }

    /// What was decided before about customers `a` and `b` (either direction).
    func pairDecision(_ a: Int64, _ b: Int64) throws -> PairDecision {
        let rows = try db.fetchAll("""
            SELECT id, status FROM merges
            WHERE ((survivor_id = ? AND merged_id = ?) OR (survivor_id = ? AND merged_id = ?))
              AND status IN ('suggested','rejected','undone')
            ORDER BY id DESC
            """, [a, b, b, a])
        if rows.contains(where: { $0.string(1) == "rejected" }) { return .rejected }
        if let pending = rows.first(where: { $0.string(1) == "suggested" }) { return .pending(pending.optionalInt64(0) ?? 0) }
        if !rows.isEmpty { return .undone }
        return .none
    }

    func insertSuggestion(survivor: Int64, merged: Int64, rule: String, evidence: String,
                          at: Int64, operator: String) throws -> Int64 {
        try db.execute("""
            INSERT INTO merges(survivor_id, merged_id, status, rule, evidence, moved, created_at, created_by)
            VALUES (?, ?, 'suggested', ?, ?, '{}', ?, ?)
            """, [survivor, merged, rule, evidence, at, `operator`])
        return db.lastInsertRowID
    }

    func audit(_ action: String, customer: Int64, detail: String, at: Int64, operator: String) throws {
        try db.execute("INSERT INTO audit_log(at, operator, action, entity, entity_id, detail) VALUES (?, ?, ?, 'customer', ?, ?)",
                       [at, `operator`, action, customer, detail])
    }
}
