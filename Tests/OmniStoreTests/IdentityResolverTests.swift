import XCTest
@testable import OmniStore

final class IdentityResolverTests: XCTestCase {
    let t0: Int64 = 1_750_000_000

    // MARK: helpers

    @discardableResult
    func insertOrder(_ db: Database, customer: Int64, ref: String, total: Int, placedAt: Int64,
                     channel: String = "web") throws -> Int64 {
        try db.execute("""
            INSERT INTO orders(channel, external_ref, customer_id, status, fulfilment, placed_at, subtotal, total, units)
            VALUES (?, ?, ?, 'paid', 'ship', ?, ?, ?, 1)
            """, [channel, ref, customer, placedAt, total, total])
        return db.lastInsertRowID
    }

    @discardableResult
    func insertTicket(_ db: Database, customer: Int64, order: Int64?, subject: String, at: Int64) throws -> Int64 {
        try db.execute("""
            INSERT INTO tickets(customer_id, order_id, channel, subject, status, priority, created_at, updated_at,
                                first_response_due, resolution_due)
            VALUES (?, ?, 'web', ?, 'open', 'normal', ?, ?, ?, ?)
            """, [customer, order, subject, at, at, at + 3600, at + 86400])
        return db.lastInsertRowID
    }

    func dump(_ db: Database, _ table: String) throws -> [Row] {
        try db.fetchAll("SELECT * FROM \(table) ORDER BY 1")
    }

    func counter(_ db: Database, _ name: String = "customers") throws -> Int {
        try db.scalarInt("SELECT value FROM counters WHERE name = ?", [name])
    }

    func customerIDs(_ db: Database) throws -> [Int64] {
        try db.fetchAll("SELECT id FROM customers ORDER BY id").map { $0.int64(0) }
    }

    // MARK: creation and matching

    func testNewCustomerIsCreatedWithAllIdentities() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        let r = try resolver.resolve([ContactPoint(.email, " Wang.Wei@Example.com "),
                                      ContactPoint(.phone, "'138 0013 8000", verified: true),
                                      ContactPoint(.wechatOpenID, "oWx123abc", channel: "wechat")],
                                     name: "王伟 Wang Wei", city: "Shanghai", channel: "web",
                                     source: "web order W10023", at: t0, operator: "import")
        XCTAssertEqual(r.outcome, .created)
        XCTAssertEqual(r.createdIdentities.count, 3)
        XCTAssertTrue(r.mergeIDs.isEmpty)

        let c = try XCTUnwrap(db.fetchOne("SELECT name, search_name, city, kind, created_at, merged_into FROM customers WHERE id = ?", [r.customerID]))
        XCTAssertEqual(c.string(0), "王伟 Wang Wei")
        XCTAssertEqual(c.string(1), SearchText.indexText("王伟 Wang Wei"))
        XCTAssertEqual(c.string(2), "Shanghai")
        XCTAssertEqual(c.string(3), "person")
        XCTAssertEqual(c.optionalInt64(4), t0)
        XCTAssertNil(c.optionalInt64(5))
        // The name index follows (FTS trigger on search_name).
        XCTAssertEqual(try db.scalarInt("SELECT rowid FROM customer_names WHERE customer_names MATCH ?",
                                        [SearchText.matchExpression("王伟")!]), Int(r.customerID))

        let ids = try db.fetchAll("""
            SELECT kind, value, raw_value, channel, verified, first_seen_at, link_rule, link_evidence
            FROM identities WHERE customer_id = ? ORDER BY id
            """, [r.customerID])
        XCTAssertEqual(ids.map { $0.string(0) }, ["email", "phone", "wechat_openid"])
        XCTAssertEqual(ids.map { $0.string(1) }, ["wang.wei@example.com", "+8613800138000", "oWx123abc"])
        XCTAssertEqual(ids[1].string(2), "'138 0013 8000")
        XCTAssertEqual(ids.map { $0.string(3) }, ["web", "web", "wechat"])
        XCTAssertEqual(ids.map { $0.int(4) }, [0, 1, 0])
        XCTAssertEqual(ids.map { $0.int(5) }, [Int(t0), Int(t0), Int(t0)])
        XCTAssertEqual(ids.map { $0.string(6) }, ["created", "same_record", "same_record"])
        XCTAssertTrue(ids[0].string(7).contains("web order W10023"))
        XCTAssertTrue(ids[1].string(7).contains("w***@example.com"), ids[1].string(7))
        XCTAssertEqual(try counter(db), 1)
    }

    func testMatchingAnEmailAttachesTheNewPhone() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        let first = try resolver.resolve([ContactPoint(.email, "li.na@example.com")], name: "Li Na", channel: "web",
                                         source: "web order W1", at: t0)
        let second = try resolver.resolve([ContactPoint(.email, "LI.NA@EXAMPLE.COM "), ContactPoint(.phone, "+86 139 1234 5678")],
                                          name: "Li Na (store)", channel: "store", source: "store receipt S77", at: t0 + 60,
                                          operator: "pos")
        XCTAssertEqual(second.outcome, .matched)
        XCTAssertEqual(second.customerID, first.customerID)
        XCTAssertEqual(second.createdIdentities.count, 1)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers"), 1)
        let phone = try XCTUnwrap(db.fetchOne("SELECT customer_id, link_rule, link_evidence, channel FROM identities WHERE kind = 'phone'"))
        XCTAssertEqual(phone.int64(0), first.customerID)
        XCTAssertEqual(phone.string(1), "exact_email")
        XCTAssertTrue(phone.string(2).contains("l***@example.com"), phone.string(2))
        XCTAssertTrue(phone.string(2).contains("store receipt S77"), phone.string(2))
        XCTAssertEqual(phone.string(3), "store")
        // The name of an existing customer is not overwritten by a later record.
        XCTAssertEqual(try db.scalar("SELECT name FROM customers", as: String.self), "Li Na")
        // Seeing only known identifiers again changes nothing.
        let third = try resolver.resolve([ContactPoint(.phone, "13912345678")], name: "", channel: "app", source: "app order A1", at: t0 + 120)
        XCTAssertEqual(third.outcome, .matched)
        XCTAssertEqual(third.customerID, first.customerID)
        XCTAssertTrue(third.createdIdentities.isEmpty)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM identities"), 2)
    }

    // MARK: merging

    /// Two customers (one by e-mail, one by phone) and a record carrying both.
    func makeTwoCustomers(_ db: Database, _ resolver: IdentityResolver) throws -> (a: Int64, b: Int64) {
        let a = try resolver.resolve([ContactPoint(.email, "wang@example.com")], name: "Wang Wei", city: "Shanghai",
                                     channel: "web", source: "web order W1", at: t0).customerID
        let b = try resolver.resolve([ContactPoint(.phone, "13800138000"), ContactPoint(.loyaltyCard, "vip 7788")],
                                     name: "王伟", city: "上海", channel: "store", source: "store receipt S1", at: t0 + 10).customerID
        XCTAssertNotEqual(a, b)
        try insertOrder(db, customer: a, ref: "W1", total: 10_000, placedAt: t0 + 100)
        try insertOrder(db, customer: a, ref: "W2", total: 20_000, placedAt: t0 + 200)
        let bOrder = try insertOrder(db, customer: b, ref: "S1", total: 5_000, placedAt: t0 + 150, channel: "store")
        try insertOrder(db, customer: b, ref: "S2", total: 7_000, placedAt: t0 + 300, channel: "store")
        try insertTicket(db, customer: b, order: bOrder, subject: "wrong size", at: t0 + 400)
        try db.execute("INSERT INTO carts(customer_id, channel, status, updated_at) VALUES (?, 'store', 'open', ?)", [b, t0 + 500])
        try db.execute("INSERT INTO touchpoints(customer_id, channel, kind, at) VALUES (?, 'store', 'store_visit', ?)", [b, t0 + 500])
        return (a, b)
    }

    func testOneRecordTyingTwoCustomersMergesThem() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        let (a, b) = try makeTwoCustomers(db, resolver)
        XCTAssertEqual(try counter(db), 2)
        let bTickets = try db.fetchAll("SELECT id FROM tickets WHERE customer_id = ?", [b]).map { $0.int64(0) }
        let bOrders = try db.fetchAll("SELECT id FROM orders WHERE customer_id = ? ORDER BY id", [b]).map { $0.int64(0) }

        let r = try resolver.resolve([ContactPoint(.email, "Wang@Example.com"), ContactPoint(.phone, "+86 138-0013-8000")],
                                     name: "Wang Wei", channel: "web", source: "shopify order #1001", at: t0 + 1000,
                                     operator: "alice")
        XCTAssertEqual(r.outcome, .merged)
        XCTAssertEqual(r.customerID, a, "survivor: both have 2 orders, a is older")
        XCTAssertEqual(r.mergeIDs.count, 1)

        XCTAssertEqual(try db.scalar("SELECT merged_into FROM customers WHERE id = ?", [b], as: Int64.self), a)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE customer_id = ?", [b]), 0)
        XCTAssertEqual(try db.fetchAll("SELECT id FROM orders WHERE customer_id = ? AND channel = 'store' ORDER BY id", [a]).map { $0.int64(0) }, bOrders)
        XCTAssertEqual(try db.fetchAll("SELECT id FROM tickets WHERE customer_id = ?", [a]).map { $0.int64(0) }, bTickets)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM identities WHERE customer_id = ?", [a]), 3)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM carts WHERE customer_id = ?", [a]), 1)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM touchpoints WHERE customer_id = ?", [a]), 1)
        // Order figures follow the orders (trigger), and the live-customer counter drops.
        let figures = try XCTUnwrap(db.fetchOne("SELECT order_count, lifetime_value, last_order_at FROM customers WHERE id = ?", [a]))
        XCTAssertEqual(figures.int(0), 4)
        XCTAssertEqual(figures.int(1), 42_000)
        XCTAssertEqual(figures.optionalInt64(2), t0 + 300)
        XCTAssertEqual(try counter(db), 1)
        // Moved identities keep their own link rule and evidence.
        let card = try XCTUnwrap(db.fetchOne("SELECT link_rule, link_evidence FROM identities WHERE kind = 'loyalty_card'"))
        XCTAssertEqual(card.string(0), "same_record")
        XCTAssertTrue(card.string(1).contains("store receipt S1"))

        let m = try XCTUnwrap(db.fetchOne("SELECT survivor_id, merged_id, status, rule, evidence, moved, created_by, created_at FROM merges WHERE id = ?", [r.mergeIDs[0]]))
        XCTAssertEqual(m.int64(0), a)
        XCTAssertEqual(m.int64(1), b)
        XCTAssertEqual(m.string(2), "applied")
        XCTAssertEqual(m.string(3), "shared_phone")
        XCTAssertTrue(m.string(4).contains("+86138****8000"), m.string(4))
        XCTAssertTrue(m.string(4).contains("w***@example.com"), "survivor-side evidence: \(m.string(4))")
        XCTAssertTrue(m.string(4).contains("shopify order #1001"))
        XCTAssertEqual(m.string(6), "alice")
        XCTAssertEqual(m.optionalInt64(7), t0 + 1000)
        let moved = try JSONDecoder().decode([String: [Int64]].self, from: Data(m.string(5).utf8))
        XCTAssertEqual(moved["orders"], bOrders)
        XCTAssertEqual(moved["tickets"], bTickets)
        XCTAssertEqual(moved["identities"]?.count, 2)
        XCTAssertEqual(moved["carts"]?.count, 1)
        XCTAssertEqual(moved["touchpoints"]?.count, 1)
        XCTAssertNil(moved["invoices"])

        let audit = try XCTUnwrap(db.fetchOne("SELECT operator, action, entity, entity_id, detail FROM audit_log WHERE action = 'merge'"))
        XCTAssertEqual(audit.string(0), "alice")
        XCTAssertEqual(audit.string(2), "customer")
        XCTAssertEqual(audit.optionalInt64(3), a)
        XCTAssertTrue(audit.string(4).contains("merge #\(r.mergeIDs[0])"))
    }

    func testSurvivorIsTheCustomerWithMoreOrders() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        let older = try resolver.resolve([ContactPoint(.email, "old@example.com")], name: "Old", channel: "web", source: "s", at: t0).customerID
        let busier = try resolver.resolve([ContactPoint(.phone, "13900001111")], name: "Busy", channel: "web", source: "s", at: t0 + 5).customerID
        try insertOrder(db, customer: busier, ref: "B1", total: 100, placedAt: t0 + 10)
        let r = try resolver.resolve([ContactPoint(.email, "old@example.com"), ContactPoint(.phone, "13900001111")],
                                     name: "", channel: "web", source: "s2", at: t0 + 20)
        XCTAssertEqual(r.customerID, busier)
        XCTAssertEqual(try resolver.liveCustomerID(for: older), busier)
    }

    func testUndoRestoresEveryRowExactly() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        let (a, b) = try makeTwoCustomers(db, resolver)
        // An invoice, an asset and an appointment on b, so every movable table is exercised.
        try db.execute("INSERT INTO invoices(customer_id, number, issued_at, due_at, amount) VALUES (?, 'INV-1', ?, ?, 900)", [b, t0, t0 + 86400])
        try db.execute("INSERT INTO assets(customer_id, serial, installed_at) VALUES (?, 'SN-1', ?)", [b, t0])
        try db.execute("INSERT INTO locations(code, name, kind) VALUES ('SH01', 'Shanghai store', 'store')")
        try db.execute("INSERT INTO appointments(customer_id, location_id, starts_at, status) VALUES (?, ?, ?, 'booked')",
                       [b, db.lastInsertRowID, t0])
        // A person of b's (business) account: merges re-point account members too.
        try db.execute("INSERT INTO customers(kind, name, search_name, account_id, created_at) VALUES ('person', 'Member', 'member', ?, ?)", [b, t0])
        let member = db.lastInsertRowID
        let tables = ["customers", "identities", "orders", "tickets", "carts", "touchpoints", "appointments", "assets", "invoices"]
        var before: [String: [Row]] = [:]
        for t in tables { before[t] = try dump(db, t) }
        let counterBefore = try counter(db)
        XCTAssertEqual(counterBefore, 3)

        let r = try resolver.resolve([ContactPoint(.email, "wang@example.com"), ContactPoint(.phone, "13800138000")],
                                     name: "", channel: "web", source: "shopify order #1001", at: t0 + 1000, operator: "alice")
        let mergeID = try XCTUnwrap(r.mergeIDs.first)
        XCTAssertNotEqual(try dump(db, "orders"), before["orders"])
        XCTAssertEqual(try db.scalar("SELECT account_id FROM customers WHERE id = ?", [member], as: Int64.self), a)
        XCTAssertEqual(try counter(db), 2)

        let report = try resolver.undoMerge(mergeID, at: t0 + 2000, operator: "bob")
        XCTAssertEqual(report.survivorID, a)
        XCTAssertEqual(report.restoredID, b)
        XCTAssertTrue(report.notFound.isEmpty)
        XCTAssertEqual(report.movedBack["orders"]?.count, 2)
        for t in tables {
            XCTAssertEqual(try dump(db, t), before[t], "\(t) differs after undo")
        }
        XCTAssertEqual(try counter(db), counterBefore)
        XCTAssertEqual(try counter(db), try db.scalarInt("SELECT count(*) FROM customers WHERE merged_into IS NULL"))
        let m = try XCTUnwrap(db.fetchOne("SELECT status, undone_at, undone_by FROM merges WHERE id = ?", [mergeID]))
        XCTAssertEqual(m.string(0), "undone")
        XCTAssertEqual(m.optionalInt64(1), t0 + 2000)
        XCTAssertEqual(m.string(2), "bob")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM audit_log WHERE action = 'merge_undo' AND operator = 'bob' AND entity_id = ?", [a]), 1)

        // A second undo is refused, saying why.
        XCTAssertThrowsError(try resolver.undoMerge(mergeID, at: t0 + 3000, operator: "bob")) { error in
            XCTAssertEqual(error as? IdentityError, .mergeNotApplied(mergeID, status: "undone"))
        }
        // The pair is not merged again automatically: an agent undid it. It is suggested instead.
        let again = try resolver.resolve([ContactPoint(.email, "wang@example.com"), ContactPoint(.phone, "13800138000")],
                                         name: "", channel: "web", source: "shopify order #1002", at: t0 + 4000)
        XCTAssertTrue(again.mergeIDs.isEmpty)
        guard case .suggested(let ids) = again.outcome else { return XCTFail("expected a suggestion, got \(again.outcome)") }
        XCTAssertEqual(try db.scalar("SELECT status FROM merges WHERE id = ?", [ids[0]], as: String.self), "suggested")
        XCTAssertNil(try db.scalar("SELECT merged_into FROM customers WHERE id = ?", [b], as: Int64.self))
    }

    func testUndoIsRefusedWhileALaterMergeDependsOnIt() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        let (a, b) = try makeTwoCustomers(db, resolver)
        let first = try XCTUnwrap(try resolver.resolve([ContactPoint(.email, "wang@example.com"), ContactPoint(.phone, "13800138000")],
                                                       name: "", channel: "web", source: "order 1", at: t0 + 1000).mergeIDs.first)
        let c = try resolver.resolve([ContactPoint(.email, "big@example.com")], name: "Big", channel: "b2b", source: "b2b", at: t0 - 100).customerID
        for i in 0..<5 { try insertOrder(db, customer: c, ref: "C\(i)", total: 1, placedAt: t0 + Int64(i)) }
        let second = try resolver.merge(a, into: c, reason: "same person, confirmed by phone call", at: t0 + 2000, operator: "carol")

        XCTAssertThrowsError(try resolver.undoMerge(first, at: t0 + 3000, operator: "bob")) { error in
            XCTAssertEqual(error as? IdentityError, .mergeHasLaterMerges(first, survivor: a, later: [second]))
            XCTAssertTrue("\(error)".contains("#\(second)"), "\(error)")
        }
        XCTAssertEqual(try resolver.liveCustomerID(for: b), c, "tombstones chain to the live customer")
        XCTAssertEqual(try resolver.lookup("138 0013 8000"), c)

        try resolver.undoMerge(second, at: t0 + 3000, operator: "bob")
        try resolver.undoMerge(first, at: t0 + 3100, operator: "bob")
        XCTAssertEqual(try resolver.liveCustomerID(for: b), b)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE customer_id = ?", [b]), 2)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE customer_id = ?", [a]), 2)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE customer_id = ?", [c]), 5)
        XCTAssertEqual(try counter(db), 3)
        XCTAssertThrowsError(try resolver.undoMerge(9999, at: t0, operator: "bob")) {
            XCTAssertEqual($0 as? IdentityError, .mergeNotFound(9999))
        }
    }

    // MARK: guards

    func testJunkValuesNeverMergeAndAreNotStored() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        let junk = ["", "null", "n/a", "anonymous", "-1", "00000000000", "test@test.com", " NULL ", "N/A"]
        var customers = Set<Int64>()
        for (n, value) in junk.enumerated() {
            for side in 0..<2 {
                let contacts = [ContactPoint(.email, "person\(n)-\(side)@shop.cn")]
                    + IdentityKind.allCases.map { ContactPoint($0, value) }
                let r = try resolver.resolve(contacts, name: "P\(n)", channel: "web", source: "order \(n)-\(side)",
                                             at: t0 + Int64(n * 10 + side))
                XCTAssertEqual(r.outcome, .created, "junk \"\(value)\" joined a record to an existing customer")
                XCTAssertEqual(r.ignored.count, IdentityKind.allCases.count)
                customers.insert(r.customerID)
            }
        }
        XCTAssertEqual(customers.count, junk.count * 2)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM identities"), junk.count * 2, "only the real e-mails are stored")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM merges"), 0)
        // A record of junk only still gets its own customer, never someone else's.
        let alone1 = try resolver.resolve([ContactPoint(.email, "test@test.com")], name: "x", channel: "web", source: "o1", at: t0)
        let alone2 = try resolver.resolve([ContactPoint(.email, "TEST@test.com")], name: "y", channel: "web", source: "o2", at: t0)
        XCTAssertNotEqual(alone1.customerID, alone2.customerID)
        XCTAssertNil(try resolver.lookup("null"))
        XCTAssertNil(try resolver.lookup(kind: .phone, "00000000000"))
    }

    func testAListedValueAddedAtRunTimeIsJunkToo() throws {
        let (db, _) = try makeStore()
        try db.execute("INSERT INTO identity_junk(kind, value) VALUES ('phone', '+862161234567')") // the store's own phone
        let resolver = IdentityResolver(db)
        let r1 = try resolver.resolve([ContactPoint(.phone, "021 6123 4567"), ContactPoint(.email, "a@shop.cn")], name: "A",
                                      channel: "store", source: "r1", at: t0)
        let r2 = try resolver.resolve([ContactPoint(.phone, "+86 21 6123 4567"), ContactPoint(.email, "b@shop.cn")], name: "B",
                                      channel: "store", source: "r2", at: t0)
        XCTAssertNotEqual(r1.customerID, r2.customerID)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM identities WHERE kind = 'phone'"), 0)
    }

    func testCustomerOverTheKindLimitIsOnlySuggested() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        let phones = (1...5).map { "1390000000\($0)" }
        let blob = try resolver.resolve(phones.map { ContactPoint(.phone, $0) }, name: "Shop counter", channel: "store",
                                        source: "store import", at: t0).customerID
        let other = try resolver.resolve([ContactPoint(.email, "real@shop.cn")], name: "Real", channel: "web", source: "web", at: t0 + 1).customerID
        try insertOrder(db, customer: other, ref: "R1", total: 100, placedAt: t0 + 2)
        let before = try dump(db, "identities")
        let ordersBefore = try dump(db, "orders")

        let r = try resolver.resolve([ContactPoint(.phone, phones[0]), ContactPoint(.email, "real@shop.cn")], name: "",
                                     channel: "store", source: "store receipt S9", at: t0 + 100)
        guard case .suggested(let ids) = r.outcome else { return XCTFail("expected suggested, got \(r.outcome)") }
        XCTAssertEqual(ids.count, 1)
        XCTAssertEqual(r.customerID, other)
        XCTAssertTrue(r.mergeIDs.isEmpty)
        XCTAssertEqual(try dump(db, "identities"), before, "nothing moved")
        XCTAssertEqual(try dump(db, "orders"), ordersBefore, "nothing moved")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers WHERE merged_into IS NOT NULL"), 0)
        let m = try XCTUnwrap(db.fetchOne("SELECT status, moved, rule, evidence, survivor_id, merged_id FROM merges WHERE id = ?", [ids[0]]))
        XCTAssertEqual(m.string(0), "suggested")
        XCTAssertEqual(m.string(1), "{}")
        XCTAssertEqual(m.string(2), "shared_phone")
        XCTAssertTrue(m.string(3).contains("identity.max_per_kind"), m.string(3))
        XCTAssertEqual(Set([m.int64(4), m.int64(5)]), Set([blob, other]))

        // The same record again does not pile up suggestions.
        let r2 = try resolver.resolve([ContactPoint(.phone, phones[0]), ContactPoint(.email, "real@shop.cn")], name: "",
                                      channel: "store", source: "store receipt S10", at: t0 + 200)
        XCTAssertEqual(r2.suggestionIDs, ids)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM merges"), 1)

        // Raising the limit (data, not code) lets the rule merge again.
        try db.execute("UPDATE settings SET value = '10' WHERE key = 'identity.max_per_kind'")
        resolver.reloadReferenceData()
        XCTAssertEqual(try resolver.maxPerKind(), 10)

        // An agent confirms: the merge happens, and is undoable like any other.
        let survivor = try resolver.confirmSuggestion(ids[0], at: t0 + 300, operator: "dave")
        XCTAssertEqual(survivor, other)
        XCTAssertEqual(try resolver.liveCustomerID(for: blob), other)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM identities WHERE customer_id = ?", [other]), 6)
        let applied = try XCTUnwrap(db.fetchOne("SELECT status, created_by, evidence FROM merges WHERE id = ?", [ids[0]]))
        XCTAssertEqual(applied.string(0), "applied")
        XCTAssertEqual(applied.string(1), "dave")
        XCTAssertTrue(applied.string(2).contains("confirmed by dave"))
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM audit_log WHERE action = 'merge_confirm' AND operator = 'dave'"), 1)
        XCTAssertThrowsError(try resolver.confirmSuggestion(ids[0], at: t0 + 301, operator: "dave")) {
            XCTAssertEqual($0 as? IdentityError, .notASuggestion(ids[0], status: "applied"))
        }
        try resolver.undoMerge(ids[0], at: t0 + 400, operator: "dave")
        XCTAssertEqual(try dump(db, "identities"), before)
    }

    func testBlobIsNotGrownByANewRecord() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        let blob = try resolver.resolve((1...5).map { ContactPoint(.email, "e\($0)@shop.cn") }, name: "Reseller",
                                        channel: "web", source: "import", at: t0).customerID
        // A record matching the blob by a phone it has... no: by one of its e-mails, bringing a sixth e-mail.
        let r = try resolver.resolve([ContactPoint(.email, "e1@shop.cn"), ContactPoint(.email, "new@shop.cn")], name: "New",
                                     channel: "web", source: "web order W5", at: t0 + 10)
        XCTAssertNotEqual(r.customerID, blob)
        guard case .suggested = r.outcome else { return XCTFail("expected suggested, got \(r.outcome)") }
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM identities WHERE customer_id = ?", [blob]), 5)
        XCTAssertEqual(try resolver.lookup("new@shop.cn"), r.customerID)
    }

    func testSameNameAndCityIsOnlyEverSuggested() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        let a = try resolver.resolve([ContactPoint(.email, "w1@shop.cn")], name: "王伟", city: "上海", channel: "web", source: "o1", at: t0).customerID
        let b = try resolver.resolve([ContactPoint(.phone, "13700001234")], name: "王伟", city: "上海", channel: "store", source: "o2", at: t0 + 1).customerID
        let elsewhere = try resolver.resolve([ContactPoint(.phone, "13700005678")], name: "王伟", city: "北京", channel: "store", source: "o3", at: t0 + 2).customerID
        XCTAssertEqual(Set([a, b, elsewhere]).count, 3, "names never join records automatically")

        let ids = try resolver.suggestByNameAndCity(b, at: t0 + 10)
        XCTAssertEqual(ids.count, 1)
        let m = try XCTUnwrap(db.fetchOne("SELECT status, rule, survivor_id, merged_id, moved FROM merges WHERE id = ?", [ids[0]]))
        XCTAssertEqual(m.string(0), "suggested")
        XCTAssertEqual(m.string(1), "same_name_city")
        XCTAssertEqual(m.int64(2), a, "older customer survives")
        XCTAssertEqual(m.int64(3), b)
        XCTAssertEqual(m.string(4), "{}")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers WHERE merged_into IS NOT NULL"), 0)
        XCTAssertTrue(try resolver.suggestByNameAndCity(a, at: t0 + 11).isEmpty, "pair already pending")

        try resolver.rejectSuggestion(ids[0], at: t0 + 20, operator: "erin")
        XCTAssertEqual(try db.scalar("SELECT status FROM merges WHERE id = ?", [ids[0]], as: String.self), "rejected")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM audit_log WHERE action = 'merge_reject'"), 1)
        XCTAssertTrue(try resolver.suggestByNameAndCity(b, at: t0 + 30).isEmpty, "a rejected pair is not suggested again")
        XCTAssertThrowsError(try resolver.rejectSuggestion(ids[0], at: t0 + 31, operator: "erin"))

        // A common name in a big city is no evidence at all.
        for i in 0..<5 {
            _ = try resolver.resolve([ContactPoint(.email, "lw\(i)@shop.cn")], name: "Li Wei", city: "Beijing",
                                     channel: "web", source: "o\(i)", at: t0 + 100 + Int64(i))
        }
        let common = try XCTUnwrap(resolver.lookup("lw0@shop.cn"))
        XCTAssertTrue(try resolver.suggestByNameAndCity(common, at: t0 + 200).isEmpty)
    }

    // MARK: lookup and tombstones

    func testTombstonedIdAndAnyFormatResolveToTheSurvivor() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        let (a, b) = try makeTwoCustomers(db, resolver)
        _ = try resolver.resolve([ContactPoint(.email, "wang@example.com"), ContactPoint(.phone, "13800138000")],
                                 name: "", channel: "web", source: "order", at: t0 + 1000)
        XCTAssertEqual(try resolver.liveCustomerID(for: b), a)
        XCTAssertEqual(try resolver.liveCustomerID(for: a), a)
        XCTAssertNil(try resolver.liveCustomerID(for: 424242))
        for typed in ["+86 138 0013 8000", "0086-13800138000", "'13800138000", " WANG@example.com", "VIP 7788", "vip7788"] {
            XCTAssertEqual(try resolver.lookup(typed), a, typed)
        }
        XCTAssertEqual(try resolver.lookup(kind: .loyaltyCard, "vip 7788"), a)
        XCTAssertNil(try resolver.lookup(kind: .email, "VIP 7788"))
        XCTAssertNil(try resolver.lookup("13800138001"))
        // A record arriving with the tombstoned customer's identity lands on the survivor.
        let r = try resolver.resolve([ContactPoint(.loyaltyCard, "VIP7788")], name: "", channel: "store", source: "S9", at: t0 + 2000)
        XCTAssertEqual(r.customerID, a)
        XCTAssertEqual(r.outcome, .matched)
    }

    func testResolveRollsBackWithTheCallersTransaction() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        struct Abort: Error {}
        XCTAssertThrowsError(try db.transaction {
            _ = try resolver.resolve([ContactPoint(.email, "gone@shop.cn")], name: "Gone", channel: "web", source: "o", at: t0)
            throw Abort()
        })
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers"), 0)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM identities"), 0)
        XCTAssertEqual(try counter(db), 0)
        // A bad channel fails the whole resolution, leaving nothing half-written.
        XCTAssertThrowsError(try resolver.resolve([ContactPoint(.email, "x@shop.cn"), ContactPoint(.phone, "13811112222", channel: "fax")],
                                                  name: "X", channel: "web", source: "o", at: t0))
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers"), 0)
        // Inside the caller's own transaction, the caller commits.
        let id = try db.transaction {
            try resolver.resolve([ContactPoint(.email, "kept@shop.cn")], name: "Kept", channel: "web", source: "o", at: t0).customerID
        }
        XCTAssertEqual(try resolver.lookup("kept@shop.cn"), id)
    }
}
