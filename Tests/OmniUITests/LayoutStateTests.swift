import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// Text that carries state (an order's status, LATE, an SLA clock, who a ticket is assigned
/// to) is never cut, at 80x24, 120x36 and 200x50, in the 360, the orders list, the ticket queue
/// and the ticket; lower-priority text goes first. At 200x50 the 360 shows the identities'
/// reasons in full.
final class LayoutStateTests: XCTestCase {
    static let sizes = [(80, 24), (120, 36), (200, 50)]

    func lines(_ h: SeededHarness) -> [String] {
        let c = h.canvas
        return (0..<c.height).map { c.line($0) }
    }

    /// A customer with a late order, an open ticket with an SLA, and few orders (so the order
    /// and ticket panels are both on the first screen even at 80x24).
    func customer(_ db: Database) throws -> Int64 {
        let row = try db.fetchOne("""
            SELECT c.id FROM customers c
             WHERE c.merged_into IS NULL AND c.order_count BETWEEN 1 AND 5
               AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.promised_by IS NOT NULL
                           AND o.delivered_at > o.promised_by)
               AND EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = c.id AND t.status IN ('new', 'open', 'pending'))
             ORDER BY c.id LIMIT 1
            """)
        return try XCTUnwrap(row, "the seed has a customer with a late order and an open ticket").int64(0)
    }

    func test360ShowsOrderStatusLATEAndTheSLAClockWhole() throws {
        let h = try SeededHarness(width: 80, height: 24)
        let id = try customer(h.db)
        h.send(.route(.customer(id: id)))
        for (w, hgt) in Self.sizes {
            h.send(.resize(width: w, height: hgt))
            let screen = try XCTUnwrap(h.state.currentScreen as? Customer360Screen)
            let data = try XCTUnwrap(screen.data)
            let shown = lines(h)
            var sawLate = false
            for o in data.orders {
                let line = try XCTUnwrap(shown.first { $0.contains(o.externalRef) }, "\(w)x\(hgt): order \(o.externalRef) shown")
                let (promise, _) = ViewText.promise(o)
                XCTAssertTrue(line.contains(o.status + " ") && line.contains(promise), "\(w)x\(hgt): \(line)")
                if promise == "LATE" { sawLate = true }
            }
            XCTAssertTrue(sawLate, "\(w)x\(hgt): LATE shown")
            XCTAssertFalse(data.openTickets.isEmpty)
            for t in data.openTickets {
                let line = try XCTUnwrap(shown.first { $0.contains("#\(t.id) ") }, "\(w)x\(hgt): ticket \(t.id)\n\(h.text)")
                let clock = t.slaDueAt.map { TimeText.slaClock(due: $0, now: SeededHarness.now) } ?? "no SLA"
                XCTAssertTrue(line.contains(t.status + " · " + clock), "\(w)x\(hgt): \(line)")
            }
            if w == 200 {
                // Identities: every value, and every word of every reason, on screen; nothing cut.
                let text = shown.joined(separator: "\n")
                for i in data.identities {
                    XCTAssertTrue(text.contains(i.masked), i.masked)
                    for word in (i.linkRule + " " + i.linkEvidence).split(separator: " ") {
                        XCTAssertTrue(text.contains(word), "\(word) of \(i.linkRule) \(i.linkEvidence)\n\(text)")
                    }
                }
                let idLines = shown.filter { $0.contains("why:") }
                XCTAssertFalse(idLines.isEmpty)
                // (the identities are the first column; what is right of it belongs to other panels)
                let firstColumn = idLines.map { line -> String in
                    guard let why = line.range(of: "why:"),
                          let end = line.range(of: "│", range: why.upperBound..<line.endIndex) else { return line }
                    return String(line[..<end.lowerBound])
                }
                XCTAssertFalse(firstColumn.contains { $0.contains("…") }, firstColumn.joined(separator: "\n"))
            }
        }
    }

    func testOrdersListShowsStatusAndLATEWhole() throws {
        let h = try SeededHarness(width: 80, height: 24)
        h.keys(.function(2), .char("f"))  // LATE only
        for (w, hgt) in Self.sizes {
            h.send(.resize(width: w, height: hgt))
            let list = try XCTUnwrap(h.state.currentScreen as? OrderListScreen)
            XCTAssertFalse(list.rows.isEmpty)
            let shown = lines(h)
            for o in list.rows.prefix(hgt - 6) {
                let line = try XCTUnwrap(shown.first { $0.contains(o.externalRef) }, "\(w)x\(hgt): \(o.externalRef)")
                XCTAssertTrue(line.contains(" " + o.status + " "), "\(w)x\(hgt): status of \(o.externalRef) in \(line)")
                XCTAssertTrue(line.contains("LATE"), "\(w)x\(hgt): \(line)")
            }
        }
    }

    func testTicketQueueAndTicketShowTheSLAClockAndStatusWhole() throws {
        let h = try SeededHarness(width: 80, height: 24)
        for (w, hgt) in Self.sizes {
            h.send(.resize(width: w, height: hgt))
            h.keys(.function(4))
            let queue = try XCTUnwrap(h.state.currentScreen as? TicketQueueScreen)
            XCTAssertFalse(queue.rows.isEmpty)
            let shown = lines(h)
            for t in queue.rows.prefix(hgt - 6) {
                let clock = TicketText.sla(t, now: SeededHarness.now).text
                let line = try XCTUnwrap(shown.first { $0.contains(clock) && $0.contains(" \(t.id) ") }, "\(w)x\(hgt): #\(t.id) \(clock)")
                XCTAssertTrue(line.contains(" " + t.status + " "), "\(w)x\(hgt): \(line)")
            }
            h.keys(.enter)
            let detail = try XCTUnwrap((h.state.currentScreen as? TicketDetailScreen)?.detail)
            let text = lines(h)
            let resolution = TimeText.slaClock(due: detail.resolutionDue, now: SeededHarness.now)
            let clockLine = try XCTUnwrap(text.first { $0.contains("resolution due") }, h.text)
            if detail.ticket.resolvedAt == nil {
                XCTAssertTrue(clockLine.contains("resolution due " + TimeText.dateTime(detail.resolutionDue) + " " + resolution),
                              "\(w)x\(hgt): \(clockLine)")
            }
            let statusLine = try XCTUnwrap(text.first { $0.contains("status " + detail.ticket.status) })
            let who = detail.ticket.assignee.map { "assigned to " + $0 } ?? "unassigned (a assigns to you)"
            XCTAssertTrue(statusLine.contains(who), "\(w)x\(hgt): \(statusLine)")
            h.keys(.escape)
        }
    }
}
