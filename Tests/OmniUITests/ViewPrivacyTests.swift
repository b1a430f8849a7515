import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// The 360's merge undo and privacy requests, the review list and the audit view, driven through
/// the reducer on a seeded store, as an agent, a privacy officer, a merchandiser and read-only.
final class ViewPrivacyTests: XCTestCase {
    func audits(_ h: SeededHarness) throws -> Int { try h.db.scalarInt("SELECT count(*) FROM audit_log") }

    /// A live customer with orders and no merges.
    func customer(_ h: SeededHarness) throws -> (id: Int64, name: String) {
        let row = try XCTUnwrap(try h.db.fetchOne("""
            SELECT id, name FROM customers WHERE merged_into IS NULL AND order_count >= 2
              AND id NOT IN (SELECT survivor_id FROM merges) AND id NOT IN (SELECT merged_id FROM merges) ORDER BY id LIMIT 1
            """))
        return (row.int64(0), row.string(1))
    }

    func testErasureFromThe360AsksFirstAndNeedsThePrivacyOfficer() throws {
        let h = try SeededHarness(width: 120, height: 40, login: "alice")
        let (id, name) = try customer(h)
        h.send(.route(.customer(id: id)))
        let before = try audits(h)
        h.keys(.char("E"))
        XCTAssertTrue(h.text.contains("Erase #\(id)"), h.text)
        XCTAssertTrue(h.text.contains("↵ erase · n or Esc cancel"), h.text)
        h.keys(.char("j"))  // any other key leaves the question open
        XCTAssertTrue(h.text.contains("Erase #\(id)"), h.text)
        h.keys(.char("n"))
        XCTAssertFalse(h.text.contains("Erase #\(id)"), h.text)
        XCTAssertTrue(h.text.contains("cancelled: nothing was changed"), h.text)
        // An agent is refused, with the role it needs, and nothing is written.
        h.keys(.char("E"), .enter)
        XCTAssertEqual(h.state.footerMessage?.text,
                       "query failed: alice (role agent) may not erase a person's data: needs role privacy_officer; nothing was written")
        XCTAssertEqual(try audits(h), before)
        XCTAssertEqual(try h.db.scalar("SELECT name FROM customers WHERE id = ?", [id], as: String.self), name)

        try Roles.assign(h.db, login: "alice", role: .privacyOfficer, by: "setup", at: SeededHarness.now)
        h.keys(.char("E"), .enter)
        XCTAssertEqual(try h.db.scalar("SELECT name FROM customers WHERE id = ?", [id], as: String.self), "[erased]")
        XCTAssertEqual(try h.db.scalarInt("SELECT count(*) FROM identities WHERE customer_id = ?", [id]), 0)
        XCTAssertEqual(try audits(h), before + 2, "the role assignment and the erasure")
        XCTAssertTrue(h.text.contains("#\(id) erased"), h.text)
        XCTAssertTrue(h.text.contains("[erased]"), "the 360 shows the tombstone:\n\(h.text)")
    }

    func testUndoAskedWithWhatMovesBackThenDone() throws {
        let h = try SeededHarness(width: 200, height: 50, login: "alice")
        let m = try XCTUnwrap(try h.db.fetchOne("SELECT id, survivor_id, merged_id FROM merges WHERE status = 'applied' ORDER BY id LIMIT 1"))
        let (mergeID, survivor, merged) = (m.int64(0), m.int64(1), m.int64(2))
        h.send(.route(.customer(id: survivor)))
        h.keys(.char("u"))
        XCTAssertTrue(h.text.contains("select a merge in the Merges panel first"), h.text)
        for _ in 0..<80 where !h.text.contains("▶ applied  #\(merged)") { h.keys(.char("j")) }
        XCTAssertTrue(h.text.contains("▶ applied  #\(merged)"), h.text)
        h.keys(.char("u"))
        XCTAssertTrue(h.text.contains("Undo merge #\(mergeID)"), h.text)
        XCTAssertTrue(h.text.contains("#\(merged) "), h.text)
        let preview = MergeReview.describe(try MergeReview.undoPreview(h.db, merge: mergeID))
        XCTAssertTrue(h.text.replacingOccurrences(of: "\n│ ", with: " ").contains("takes back"), h.text)
        XCTAssertFalse(preview.isEmpty)
        h.keys(.escape)
        XCTAssertEqual(try h.db.scalar("SELECT status FROM merges WHERE id = ?", [mergeID], as: String.self), "applied",
                       "Esc cancels and keeps the 360")
        XCTAssertTrue(h.state.currentScreen is Customer360Screen)
        h.keys(.char("u"), .enter)
        XCTAssertEqual(try h.db.scalar("SELECT status FROM merges WHERE id = ?", [mergeID], as: String.self), "undone")
        XCTAssertNil(try h.db.scalar("SELECT merged_into FROM customers WHERE id = ?", [merged], as: Int64.self))
        XCTAssertTrue(h.text.contains("undone   #\(merged)"), h.text)
        XCTAssertEqual(try Rollups.verify(h.db), [])
    }

    func testReadOnlyRefusesEveryWriteHere() throws {
        let h = try SeededHarness(width: 120, height: 40, readOnly: true, login: "alice")
        let (id, _) = try customer(h)
        h.send(.route(.customer(id: id)))
        for k: Character in ["u", "E", "X"] {
            h.keys(.char(k))
            XCTAssertEqual(h.state.footerMessage?.isError, true, "\(k): \(String(describing: h.state.footerMessage))")
            XCTAssertTrue(h.state.footerMessage?.text.hasPrefix("read-only") == true, "\(k): \(String(describing: h.state.footerMessage))")
            XCTAssertFalse(h.text.contains("n or Esc cancel"), "no question is asked:\n\(h.text)")
        }
        h.send(.route(.mergeReview))
        h.keys(.char("c"))
        XCTAssertTrue(h.state.footerMessage?.text.hasPrefix("read-only") == true, String(describing: h.state.footerMessage))
        XCTAssertFalse(h.text.contains("Confirm suggestion"), h.text)
    }

    func testReviewListShowsBothProfilesAndRejectsAfterAsking() throws {
        let h = try SeededHarness(width: 80, height: 24, login: "alice")
        let s = try XCTUnwrap(try h.db.fetchOne("SELECT id, survivor_id, merged_id FROM merges WHERE status = 'suggested' ORDER BY id DESC LIMIT 1"))
        h.keys(.escape, .char(":"))
        h.type("merges")
        h.keys(.enter)
        XCTAssertTrue(h.state.currentScreen is MergeReviewScreen)
        XCTAssertTrue(h.text.contains("Keeps #\(s.int64(1))") && h.text.contains("Joins #\(s.int64(2))"), h.text)
        h.keys(.char("x"))
        XCTAssertTrue(h.text.contains("Reject suggestion #\(s.int64(0))"), h.text)
        h.keys(.enter)
        XCTAssertEqual(try h.db.scalar("SELECT status FROM merges WHERE id = ?", [s.int64(0)], as: String.self), "rejected")
        XCTAssertTrue(h.text.contains("rejected"), h.text)
        XCTAssertFalse(h.text.contains("Keeps #\(s.int64(1)) "), "gone from the list:\n\(h.text)")
    }

    func testAuditViewForASupervisorAndRefusedForAnAgent() throws {
        let h = try SeededHarness(width: 120, height: 30, login: "alice")
        h.keys(.function(5), .char("a"))
        XCTAssertTrue(h.state.currentScreen is AuditScreen)
        XCTAssertTrue(h.text.contains("may not read the audit log: needs role privacy_officer or supervisor"), h.text)
        h.keys(.escape)
        let sup = h
        sup.state.session.operatorLogin = "sup.zhou"  // a supervisor in the seeded staff
        sup.keys(.char(":"))
        sup.type("audit")
        sup.keys(.enter)
        XCTAssertTrue(sup.text.contains("Audit log"), sup.text)
        let newest = try XCTUnwrap(try sup.db.fetchOne("SELECT operator, action FROM audit_log ORDER BY at DESC, id DESC LIMIT 1"))
        XCTAssertTrue(sup.text.contains("▶ ") && sup.text.contains(newest.string(1)), sup.text)
    }

    func testTicketWritesNeedTheRight() throws {
        let h = try SeededHarness(login: "merch.huang")
        let ticket = try XCTUnwrap(try h.db.scalar("SELECT id FROM tickets WHERE status = 'open' LIMIT 1", as: Int64.self))
        let before = try audits(h)
        XCTAssertThrowsError(try QueryRunner.run(.ticketAssign(id: ticket, to: "merch.huang"), db: h.db, now: SeededHarness.now,
                                                 operator: "merch.huang")) {
            XCTAssertEqual(($0 as? RoleRefusal)?.allowed, ["agent", "associate", "supervisor"])
        }
        XCTAssertEqual(try audits(h), before)
        _ = try QueryRunner.run(.ticketAssign(id: ticket, to: "agent.li"), db: h.db, now: SeededHarness.now, operator: "agent.li")
        XCTAssertEqual(try audits(h), before + 1)
    }
}
