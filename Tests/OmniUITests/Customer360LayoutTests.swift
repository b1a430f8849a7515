import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// The 360 keeps its laid-out page between frames while nothing it shows has changed. A frame
/// drawn from the kept page must be the frame a first draw makes.
final class Customer360LayoutTests: XCTestCase {
    /// The 360 at 200x60 of a customer with an open ticket under an SLA, and that ticket's due time.
    func open360() throws -> (SeededHarness, due: Int64) {
        let h = try SeededHarness(width: 200, height: 60)
        // The clock nearest to now: it reads in hours and minutes.
        let row = try XCTUnwrap(try h.db.fetchOne("""
            SELECT customer_id, sla_due_at FROM tickets WHERE status IN ('new','open','pending') AND sla_due_at IS NOT NULL
            AND customer_id IS NOT NULL ORDER BY abs(sla_due_at - ?) LIMIT 1
            """, [h.state.now]))
        h.send(.route(.customer(id: row.int64(0))))
        XCTAssertNotNil((h.state.currentScreen as? Customer360Screen)?.data)
        return (h, row.int64(1))
    }

    /// The body as `screen` draws it.
    func body(_ screen: Customer360Screen, _ h: SeededHarness) -> Canvas {
        var canvas = Canvas(width: h.state.width, height: h.state.height)
        screen.render(into: &canvas, in: h.state.bodyRect, h.state.context)
        return canvas
    }

    /// The same screen with nothing laid out yet.
    func firstDraw(of shown: Customer360Screen) -> Customer360Screen {
        var fresh = Customer360Screen(customerID: shown.customerID, name: shown.name)
        fresh.data = shown.data
        fresh.revealedIDs = shown.revealedIDs
        fresh.loaded = shown.loaded
        fresh.cursor = shown.cursor
        fresh.newKeys = shown.newKeys
        fresh.consent = shown.consent
        return fresh
    }

    func testAKeptPageDrawsWhatAFirstDrawDraws() throws {
        let (h, _) = try open360()
        let steps: [(String, () -> Void)] = [
            ("opened", {}),
            ("cursor moved", { h.keys(.down, .down, .down) }),
            ("an hour later", { h.send(.tick(nowMs: h.state.nowMs + 3_600_000)) }),
            ("revealed", { h.keys(.char("r")) }),
            ("paged down", { h.keys(.pageDown) }),
            ("narrower", { h.send(.resize(width: 120, height: 40)) }),
        ]
        for (name, step) in steps {
            step()
            let shown = try XCTUnwrap(h.state.currentScreen as? Customer360Screen)
            let kept = body(shown, h)
            XCTAssertEqual(body(shown, h), kept, "\(name): drawn twice")
            XCTAssertEqual(kept, body(firstDraw(of: shown), h), "\(name):\n\(kept.text)")
        }
    }

    func testTheClockRedrawsTheSLAClocks() throws {
        let (h, due) = try open360()
        let before = TimeText.slaClock(due: due, now: h.state.now)
        XCTAssertTrue(h.text.contains(before), h.text)
        h.send(.tick(nowMs: h.state.nowMs + 3_660_000))
        let after = TimeText.slaClock(due: due, now: h.state.now)
        XCTAssertNotEqual(before, after)
        XCTAssertTrue(h.text.contains(after), h.text)
        XCTAssertFalse(h.text.contains(before), h.text)
    }
}
