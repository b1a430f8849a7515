import Foundation
import XCTest
import OmniStore
@testable import OmniUI

final class ViewCustomersOrdersTests: XCTestCase {
    func testSearchShowsWideNamesAndHostileNameSafely() throws {
        for (w, hgt) in [(80, 24), (160, 48)] {
            let h = try AppHarness(width: w, height: hgt)
            h.type("Shanghai")  // no match by name: nothing
            h.keys(.ctrl("u"))
            h.type("#1")
            XCTAssertTrue(h.text.contains("王芳"), h.text)
            h.keys(.ctrl("u"))
            h.type("Zoë")
            XCTAssertTrue(h.text.contains("Zoë 🎉 Smith"), h.text)
            h.keys(.ctrl("u"))
            h.type("#3")
            let text = h.text
            XCTAssertFalse(text.contains("\u{1B}"), "no escape reaches the screen")
            XCTAssertFalse(text.contains("\u{07}"))
            XCTAssertTrue(text.contains("␛]0;owned␇"), text)
            // Every row has exactly the canvas width in cells.
            let canvas = AppRenderer.render(h.state)
            for y in 0..<canvas.height {
                let cells = (0..<canvas.width).reduce(0) { $0 + (canvas[$1, y].isContinuation ? 1 : Int(canvas[$1, y].width)) }
                XCTAssertEqual(cells, w)
            }
        }
    }

    func testSearchByPhoneThen360MaskedThenRevealedWithAudit() throws {
        let h = try AppHarness(width: 160, height: 48)
        h.type("13812345678")
        XCTAssertTrue(h.text.contains("王芳"), h.text)
        XCTAssertTrue(h.text.contains("phone"))
        h.keys(.enter)
        XCTAssertTrue(h.state.currentScreen is Customer360Screen)
        var text = h.text
        XCTAssertTrue(text.contains("138****5678") || text.contains("****"), text)
        XCTAssertFalse(text.contains("+8613812345678"))
        XCTAssertTrue(text.contains("why: same verified phone"), text)
        XCTAssertTrue(text.contains("email ✓ yes"))
        XCTAssertTrue(text.contains("sms ✗ no"))
        XCTAssertTrue(text.contains("Orders, every channel"))
        XCTAssertEqual(try h.db.scalarInt("SELECT count(*) FROM audit_log"), 0)
        h.keys(.char("r"))
        text = h.text
        XCTAssertTrue(text.contains("+8613812345678"), text)
        XCTAssertTrue(text.contains("revealed, audited"))
        XCTAssertEqual(try h.db.scalarInt("SELECT count(*) FROM audit_log WHERE action = 'reveal_pii' AND operator = 'alice'"), 1)
    }

    func test360At80x24StacksAndScrolls() throws {
        let h = try AppHarness(width: 80, height: 24)
        h.type("#1")
        h.keys(.enter)
        let first = h.text
        XCTAssertTrue(first.contains("王芳"))
        XCTAssertTrue(first.contains("PgDn"), first)
        h.keys(.pageDown, .pageDown)
        XCTAssertNotEqual(h.text, first)
        // Enter on an order opens the order detail in the Orders tab.
        h.keys(.home, .down, .enter)
        XCTAssertEqual(h.state.tab, .orders)
        XCTAssertTrue(h.state.currentScreen is OrderDetailScreen)
        h.keys(.char("1"))
        h.keys(.char("o"))
        XCTAssertEqual(h.state.tab, .orders)
        XCTAssertTrue(h.text.contains("customer 王芳"), h.text)
    }

    func testOrdersKeysetPagingLoadsMoreNearTheEnd() throws {
        let h = try AppHarness(width: 160, height: 48)
        h.keys(.function(2))
        guard let list = h.state.currentScreen as? OrderListScreen else { return XCTFail() }
        XCTAssertEqual(list.rows.count, OrderListScreen.pageSize)
        XCTAssertTrue(h.text.contains("R10249"), "newest first")
        h.keys(.char("G"))
        let after = h.state.currentScreen as! OrderListScreen
        XCTAssertGreaterThan(after.rows.count, OrderListScreen.pageSize)
        for _ in 0..<5 { h.keys(.char("G")) }
        let all = h.state.currentScreen as! OrderListScreen
        XCTAssertEqual(all.rows.count, 250)
        XCTAssertTrue(all.exhausted)
        XCTAssertEqual(Set(all.rows.map(\.id)).count, 250)
        XCTAssertTrue(h.queries.contains { if case .orderPage(_, .some, _) = $0 { return true } else { return false } })
        XCTAssertTrue(h.text.contains("R10000"))
    }

    func testOrdersFilterCycleShowsInTitle() throws {
        let h = try AppHarness(width: 160, height: 48)
        h.keys(.function(2), .char("f"))
        XCTAssertTrue(h.text.contains("LATE only"), h.text)
        let list = h.state.currentScreen as! OrderListScreen
        XCTAssertTrue(list.rows.allSatisfy(\.late))
        XCTAssertFalse(list.rows.isEmpty)
        h.keys(.char("h"))
        XCTAssertTrue(h.text.contains("channel web"))
        h.keys(.char("x"))
        XCTAssertTrue(h.text.contains("all channels"))
    }

    func testOrderDetailAndJumps() throws {
        let h = try AppHarness(width: 80, height: 24)
        h.keys(.function(2), .enter)
        let text = h.text
        XCTAssertTrue(text.contains("R10249"), text)
        XCTAssertTrue(text.contains("TEE-RED-M"))
        h.keys(.char("s"))
        XCTAssertEqual(h.state.tab, .stock)
        XCTAssertTrue(h.text.contains("TEE-RED-M"))
        h.keys(.char("2"), .char("c"))
        XCTAssertEqual(h.state.tab, .customers)
        XCTAssertTrue(h.state.currentScreen is Customer360Screen)
        h.keys(.char("2"), .char("t"))
        XCTAssertEqual(h.state.tab, .tickets)
    }

    func testLiveChangeRequeriesVisibleOrdersAndKeepsCursor() throws {
        let h = try AppHarness(width: 160, height: 48)
        h.keys(.function(2), .down, .down)
        let selectedBefore = (h.state.currentScreen as! OrderListScreen).selected?.id
        try h.db.execute("""
            INSERT INTO orders(id, channel, external_ref, customer_id, status, fulfilment, placed_at, total, units)
            VALUES (5000, 'app', 'NEW1', 1, 'paid', 'ship', ?, 100, 1)
            """, [AppHarness.now])
        h.send(.storeChanged(ChangeBatch(entities: ["order"], ids: ["order": [5000]], count: 1, latestAtMs: AppHarness.now * 1000)))
        let list = h.state.currentScreen as! OrderListScreen
        XCTAssertEqual(list.rows.first?.id, 5000)
        XCTAssertEqual(list.selected?.id, selectedBefore, "cursor stays on the same order")
        XCTAssertNotNil(list.newIDs[5000])
        let canvas = AppRenderer.render(h.state)
        let y = (0..<canvas.height).first { canvas.line($0).contains("NEW1") }!
        XCTAssertTrue(canvas.styles(row: y, from: 3, count: 4).contains(.new))
    }
}
