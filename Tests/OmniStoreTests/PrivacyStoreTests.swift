import Foundation
import XCTest
@testable import OmniStore

final class PrivacyStoreTests: XCTestCase {
    func testSHA256StandardVectors() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testConsentChangesAreRecordedByTriggerWithTheirSource() throws {
        let (db, _) = try makeStore()
        try db.execute("INSERT INTO customers(name, created_at) VALUES ('A', 1)")
        let id = db.lastInsertRowID
        try db.execute("UPDATE customers SET consent_email = 1, consent_sms = 1, consent_source = 'import customers.csv:2' WHERE id = ?", [id])
        try db.execute("UPDATE customers SET consent_sms = 0 WHERE id = ?", [id])
        try db.execute("UPDATE customers SET consent_sms = 0, consent_source = 'console (ann)' WHERE id = ?", [id])
        let rows = try db.fetchAll("SELECT flag, old_value, new_value, source FROM consent_history WHERE customer_id = ? ORDER BY id", [id])
        XCTAssertEqual(rows.map { "\($0.string(0)) \($0.int(1))->\($0.int(2)) \($0.string(3))" },
                       ["email 0->1 import customers.csv:2", "sms 0->1 import customers.csv:2", "sms 1->0 unrecorded"],
                       "a source is used once; an update that changes nothing records nothing")
        XCTAssertEqual(try db.scalar("SELECT consent_source FROM customers WHERE id = ?", [id], as: String.self), "",
                       "consumed by the write that set it, so no later change is recorded under its name")
    }

    func testUpgradeFromVersion2AddsTheTablesAndKeepsCustomers() throws {
        let (db, _) = try makeStore()
        try db.execute("INSERT INTO customers(name, created_at, consent_sms) VALUES ('Old', 1, 1)")
        // Back to what a version-2 store had.
        try db.execute("DROP TRIGGER consent_history_update")
        for t in ["consent_history", "erased_identities", "operator_roles", "role_rights"] { try db.execute("DROP TABLE \(t)") }
        try db.execute("DROP INDEX audit_at"); try db.execute("DROP INDEX audit_operator")
        try db.execute("ALTER TABLE customers DROP COLUMN consent_source")
        try db.execute("PRAGMA user_version = 2")
        try Migrator.migrate(db)
        XCTAssertEqual(try db.scalarInt("PRAGMA user_version"), Migrator.currentVersion)
        XCTAssertEqual(try Roles.role(db, login: "anyone"), "agent")
        XCTAssertTrue(try Roles.may(db, login: "anyone", .merge))
        try db.execute("UPDATE customers SET consent_sms = 0, consent_source = 'test' WHERE name = 'Old'")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM consent_history WHERE source = 'test'"), 1)
    }

    func testRefusedActionWritesNothingAndEachActionOneAuditRow() throws {
        let (db, _) = try makeStore()
        let resolver = IdentityResolver(db)
        let a = try resolver.resolve([ContactPoint(.email, "a@shop.example")], name: "Ann", channel: "web", source: "t", at: 10).customerID
        let b = try resolver.resolve([ContactPoint(.email, "b@shop.example")], name: "Ann", channel: "web", source: "t", at: 20).customerID
        let suggestion = try resolver.insertSuggestion(survivor: a, merged: b, rule: "same_name_city", evidence: "same name", at: 30, operator: "system")
        try Roles.assign(db, login: "mo", role: .merchandiser, by: "setup", at: 40)
        func audits() throws -> Int { try db.scalarInt("SELECT count(*) FROM audit_log") }
        let before = try audits()
        XCTAssertThrowsError(try MergeReview.confirm(db, suggestion: suggestion, operator: "mo", at: 50)) { error in
            XCTAssertEqual((error as? RoleRefusal)?.allowed, ["agent", "supervisor"])
        }
        XCTAssertThrowsError(try PrivacyRequests.erase(db, customer: a, operator: "mo", at: 50))
        XCTAssertThrowsError(try PrivacyRequests.export(db, customer: a, operator: "mo", at: 50))
        XCTAssertThrowsError(try CustomerQueries.revealIdentities(db, customerID: a, operator: "mo", now: 50))
        XCTAssertEqual(try audits(), before)
        XCTAssertEqual(try db.scalar("SELECT status FROM merges WHERE id = ?", [suggestion], as: String.self), "suggested")

        try MergeReview.confirm(db, suggestion: suggestion, operator: "ann", at: 60)
        XCTAssertEqual(try audits(), before + 1)
        XCTAssertEqual(MergeReview.describe(try MergeReview.undoPreview(db, merge: suggestion)), "1 identities")
        _ = try MergeReview.undo(db, merge: suggestion, operator: "ann", at: 70)
        XCTAssertEqual(try audits(), before + 2)
        XCTAssertEqual(try MergeReview.undoPreview(db, merge: suggestion), [:], "nothing to move back once undone")
        _ = try CustomerQueries.revealIdentities(db, customerID: a, operator: "ann", now: 80)
        XCTAssertEqual(try audits(), before + 3)
        try Roles.assign(db, login: "pat", role: .privacyOfficer, by: "setup", at: 90)
        XCTAssertEqual(try audits(), before + 4)
        _ = try PrivacyRequests.export(db, customer: b, operator: "pat", at: 100)
        XCTAssertEqual(try audits(), before + 5)
        _ = try PrivacyRequests.erase(db, customer: b, operator: "pat", at: 110)
        XCTAssertEqual(try audits(), before + 6)
        let actions = try Audit.list(db, Audit.Filter(), limit: 6).map(\.action)
        XCTAssertEqual(actions, ["privacy_erase", "privacy_export", "role_assign", "reveal_pii", "merge_undo", "merge_confirm"])
        XCTAssertEqual(try Audit.list(db, Audit.Filter(customerID: b)).map(\.action), ["privacy_erase", "privacy_export"])
        XCTAssertEqual(try Audit.list(db, Audit.Filter(operatorLogin: "pat", since: 105)).map(\.action), ["privacy_erase"])
    }

    /// An erasure also clears what a channel export said of the person's orders (addresses,
    /// notes), keeping the country, the amounts and the taxes.
    func testErasureClearsAddressesAndNotesOfTheirOrders() throws {
        let (db, _) = try makeStore()
        let id = try IdentityResolver(db).resolve([ContactPoint(.email, "zed@shop.example")], name: "Zed Quill", channel: "web",
                                                  source: "t", at: 10).customerID
        try db.execute("""
            INSERT INTO orders(channel, external_ref, customer_id, status, fulfilment, placed_at, subtotal, total, currency)
            VALUES ('web', '#9001', ?, 'paid', 'ship', 20, 1000, 1000, 'ZAR')
            """, [id])
        let order = try db.scalarInt("SELECT id FROM orders WHERE external_ref = '#9001'")
        var extras = OrderExtras()
        extras.billing = OrderExtras.Address(street: "12 Quill Lane", city: "Durban", zip: "4001", country: "ZA", company: "Quill Ltd")
        extras.notes = "call Zed on 082 555 0199"
        extras.taxes = [OrderExtras.Tax(name: "VAT 15%", amount: 130)]
        try db.execute("INSERT INTO order_details(order_id, details) VALUES (?, ?)", [order, extras.encoded()])
        try Roles.assign(db, login: "pat", role: .privacyOfficer, by: "setup", at: 30)
        _ = try PrivacyRequests.erase(db, customer: id, operator: "pat", at: 40)
        let details = try XCTUnwrap(try db.scalar("SELECT details FROM order_details WHERE order_id = ?", [order], as: String.self))
        for gone in ["Quill", "Durban", "4001", "082 555"] { XCTAssertFalse(details.contains(gone), "\(gone) in \(details)") }
        XCTAssertTrue(details.contains("\"ZA\"") && details.contains("VAT 15%"), details)
        XCTAssertEqual(try db.scalarInt("SELECT total FROM orders WHERE id = ?", [order]), 1000, "amounts stay for accounting")
    }
}
