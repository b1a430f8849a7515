import Foundation
import XCTest
import OmniStore
@testable import OmniUI

final class ViewTicketTests: XCTestCase {
    func openTickets(_ h: SeededHarness) -> SeededHarness {
        h.keys(.function(4))
        return h
    }

    func testQueueShowsLiveSLAClockBreachedInWordsAndBad() throws {
        for (w, hgt) in [(80, 24), (160, 48)] {
            let h = openTickets(try SeededHarness(width: w, height: hgt))
            let queue = try XCTUnwrap(h.state.currentScreen as? TicketQueueScreen)
            let expected = try TicketQueries.page(h.db, filter: TicketFilter(), after: nil, limit: TicketQueueScreen.pageSize,
                                                  now: SeededHarness.now)
            XCTAssertEqual(queue.rows.map(\.id), expected.map(\.id), "soonest SLA first, as the store pages it")
            let breached = try XCTUnwrap(expected.first { ($0.slaDueAt ?? .max) < SeededHarness.now }, "the demo has breached tickets")
            let clock = TimeText.slaClock(due: breached.slaDueAt!, now: SeededHarness.now)
            XCTAssertTrue(clock.hasPrefix("BREACHED "))
            let canvas = h.canvas
            let y = try XCTUnwrap((0..<canvas.height).first { canvas.line($0).contains(clock) }, canvas.text)
            let x = try XCTUnwrap(canvas.column(of: clock, row: y))
            XCTAssertTrue([StyleRole.bad, .selection].contains(canvas[x, y].style))
            // The clock runs: a minute later the text moves with it.
            h.send(.tick(nowMs: (SeededHarness.now + 3_600) * 1000))
            let later = TimeText.slaClock(due: breached.slaDueAt!, now: SeededHarness.now + 3_600)
            XCTAssertTrue(h.text.contains(later), h.text)
            if let soon = expected.first(where: { ($0.slaDueAt ?? 0) > SeededHarness.now + 3_600 }) {
                XCTAssertTrue(h.text.contains(TimeText.slaClock(due: soon.slaDueAt!, now: SeededHarness.now + 3_600))
                              || queue.rows.firstIndex(of: soon)! > SeededHarness.visibleRows(h.state))
            }
        }
    }

    func testReadOnlyRefusesAssignWithFooterAndWritesNothing() throws {
        let h = openTickets(try SeededHarness(width: 80, height: 24, readOnly: true))
        let before = try h.db.scalarInt("SELECT count(*) FROM audit_log")
        let ticket = try XCTUnwrap((h.state.currentScreen as? TicketQueueScreen)?.selected)
        let effects = h.keys(.char("a"))
        XCTAssertTrue(effects.isEmpty, "no write effect leaves the reducer")
        XCTAssertTrue(h.text.contains("read-only"), h.text)
        XCTAssertEqual(try h.db.scalarInt("SELECT count(*) FROM audit_log"), before)
        XCTAssertEqual(try h.db.fetchOne("SELECT assignee FROM tickets WHERE id = ?", [ticket.id])?.optionalString(0), ticket.assignee)
        XCTAssertFalse(h.queries.contains { $0.writes })
        // The same in the detail, for s, p and n too.
        h.keys(.enter)
        XCTAssertTrue(h.state.currentScreen is TicketDetailScreen)
        for k in ["a", "s", "p", "n"] {
            h.keys(.char(Character(k)))
            XCTAssertTrue(h.text.contains("read-only"), k)
            XCTAssertFalse(h.state.currentScreen.capturesText, "no picker or note line opens in read-only mode")
        }
        XCTAssertEqual(try h.db.scalarInt("SELECT count(*) FROM audit_log"), before)
        XCTAssertFalse(AppRenderer.hints(h.state).contains { $0.label == "assign me" }, "write keys are not hinted")
    }

    func testAssignToMeWritesAnAuditRowAndRefreshes() throws {
        let h = openTickets(try SeededHarness(width: 160, height: 48))
        h.keys(.enter)
        let detail = try XCTUnwrap(h.state.currentScreen as? TicketDetailScreen)
        let id = detail.ticketID
        h.keys(.char("a"))
        XCTAssertTrue(h.text.contains("assign ticket #\(id) to alice? ↵ confirm"), h.text)
        XCTAssertEqual(h.state.mode, .confirm)
        h.keys(.char("x"))
        XCTAssertEqual(h.state.mode, .normal, "any other key cancels")
        XCTAssertNotEqual(try h.db.fetchOne("SELECT assignee FROM tickets WHERE id = ?", [id])?.string(0), "alice")
        h.keys(.char("a"), .enter)
        XCTAssertEqual(try h.db.fetchOne("SELECT assignee FROM tickets WHERE id = ?", [id])?.string(0), "alice")
        XCTAssertEqual(try h.db.scalarInt("""
            SELECT count(*) FROM audit_log WHERE action = 'assign' AND entity = 'ticket' AND entity_id = ? AND operator = 'alice'
            """, [id]), 1)
        XCTAssertTrue(h.text.contains("assigned to alice"), h.text)
        XCTAssertTrue(h.queries.contains(.ticketAssign(id: id, to: "alice")))
    }

    func testStatusAndPriorityPickersAndNote() throws {
        let h = openTickets(try SeededHarness(width: 80, height: 24))
        h.keys(.enter)
        let id = try XCTUnwrap(h.state.currentScreen as? TicketDetailScreen).ticketID
        h.keys(.char("s"))
        XCTAssertTrue(h.text.contains("Esc cancels"), h.text)
        h.keys(.char("q"))  // not an option: stays open, does not quit
        XCTAssertFalse(h.state.quitting)
        h.keys(.char("s"))  // solved
        XCTAssertTrue(h.text.contains("set the status of ticket #\(id) to solved?"), h.text)
        h.keys(.enter)
        XCTAssertEqual(try h.db.fetchOne("SELECT status FROM tickets WHERE id = ?", [id])?.string(0), "solved")
        h.keys(.char("p"), .char("u"), .enter)
        XCTAssertEqual(try h.db.fetchOne("SELECT priority FROM tickets WHERE id = ?", [id])?.string(0), "urgent")
        h.keys(.char("n"))
        XCTAssertTrue(h.state.currentScreen.capturesText)
        h.type("called back, 客户 ok")
        XCTAssertTrue(h.text.contains("note: called back"), h.text)
        h.keys(.enter)
        XCTAssertEqual(h.state.mode, .confirm)
        h.keys(.enter)
        XCTAssertFalse(h.state.currentScreen.capturesText)
        let notes = try h.db.scalarInt("SELECT count(*) FROM ticket_messages WHERE ticket_id = ? AND author_kind = 'note' AND body = ?",
                                       [id, "called back, 客户 ok"])
        XCTAssertEqual(notes, 1)
        let audit = try h.db.fetchAll("SELECT action FROM audit_log WHERE entity = 'ticket' AND entity_id = ? ORDER BY id", [id])
            .map { $0.string(0) }
        XCTAssertEqual(audit, ["status", "priority", "note"])
        let d = try XCTUnwrap((h.state.currentScreen as? TicketDetailScreen)?.detail)
        XCTAssertEqual(d.messages.last?.body, "called back, 客户 ok")
        XCTAssertEqual(d.ticket.priority, "urgent")
    }

    func testFiltersShowInTitleAndJumps() throws {
        let h = openTickets(try SeededHarness(width: 160, height: 48))
        h.keys(.char("f"))
        XCTAssertTrue(h.text.contains("BREACHING only"), h.text)
        let q = try XCTUnwrap(h.state.currentScreen as? TicketQueueScreen)
        XCTAssertFalse(q.rows.isEmpty)
        XCTAssertTrue(q.rows.allSatisfy { ($0.slaDueAt ?? .max) < SeededHarness.now })
        h.keys(.char("m"))
        XCTAssertTrue(h.text.contains("mine"))
        h.keys(.char("x"))
        XCTAssertTrue(h.text.contains("open queue"))
        // c jumps to the customer 360, o to the order.
        let t = try XCTUnwrap((h.state.currentScreen as? TicketQueueScreen)?.rows.first { $0.customerID != nil && $0.orderID != nil })
        let i = try XCTUnwrap((h.state.currentScreen as? TicketQueueScreen)?.rows.firstIndex(of: t))
        for _ in 0..<i { h.keys(.down) }
        h.keys(.char("c"))
        XCTAssertEqual(h.state.tab, .customers)
        XCTAssertEqual((h.state.currentScreen as? Customer360Screen)?.customerID, t.customerID)
        // t on the 360: that customer's tickets.
        h.keys(.char("t"))
        XCTAssertEqual(h.state.tab, .tickets)
        let mine = try XCTUnwrap(h.state.currentScreen as? TicketQueueScreen)
        XCTAssertEqual(mine.filter.customerID, t.customerID)
        XCTAssertTrue(mine.rows.allSatisfy { $0.customerID == t.customerID })
        h.keys(.char("4"))
        h.send(.route(.ticketsOfOrder(id: t.orderID!)))
        let ofOrder = try XCTUnwrap(h.state.currentScreen as? TicketQueueScreen)
        XCTAssertTrue(ofOrder.rows.contains { $0.id == t.id })
        XCTAssertTrue(h.text.contains("order #\(t.orderID!)"))
        h.send(.route(.ticket(id: t.id)))
        h.keys(.char("o"))
        XCTAssertEqual(h.state.tab, .orders)
        XCTAssertEqual((h.state.currentScreen as? OrderDetailScreen)?.orderID, t.orderID)
    }

    func testLiveChangeKeepsTheCursorOnTheSameTicket() throws {
        let h = openTickets(try SeededHarness(width: 80, height: 24))
        h.keys(.down, .down, .down)
        let before = try XCTUnwrap((h.state.currentScreen as? TicketQueueScreen)?.selected)
        // Another process opens a ticket due before every other one (it sorts to the top).
        try h.db.execute("""
            INSERT INTO tickets(customer_id, channel, subject, status, priority, created_at, first_response_due, resolution_due, updated_at)
            VALUES (NULL, 'web', 'fresh from another process', 'new', 'urgent', ?, ?, ?, ?)
            """, [SeededHarness.now, SeededHarness.now - 999_999_999, SeededHarness.now + 600, SeededHarness.now])
        h.send(.storeChanged(ChangeBatch(entities: ["ticket"], count: 1, latestAtMs: h.state.nowMs, lastSeq: 1)))
        let after = try XCTUnwrap(h.state.currentScreen as? TicketQueueScreen)
        XCTAssertEqual(after.selected?.id, before.id)
        XCTAssertEqual(after.rows.first?.subject, "fresh from another process")
        XCTAssertNotNil(after.newIDs[after.rows[0].id], "the new row is highlighted")
        h.keys(.char("g"))
        XCTAssertTrue(h.text.contains("fresh from"), h.text)
    }
}
