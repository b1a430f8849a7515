import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// One `r` on the 360 is one `reveal_pii` audit row: live refreshes keep the revealed values
/// without revealing again.
final class Customer360RevealTests: XCTestCase {
    static let phone = "+8613812345678"
    static let phoneMasked = "+86138****5678"

    /// The 360 of 王芳 (#1, two identities) at 160x48, where the identities panel is on screen.
    func open360() throws -> AppHarness {
        let h = try AppHarness(width: 160, height: 48)
        h.type("13812345678")
        h.keys(.enter)
        XCTAssertTrue(h.state.currentScreen is Customer360Screen)
        XCTAssertTrue(h.text.contains(Self.phoneMasked), identityRows(h))
        return h
    }

    /// The identities panel's rows, for failure messages (the whole canvas is too long to read).
    func identityRows(_ h: AppHarness) -> String {
        let canvas = AppRenderer.render(h.state)
        return (0..<canvas.height).map { canvas.line($0) }
            .filter { $0.contains("Identities") || $0.contains("phone ") || $0.contains("email ") }.joined(separator: "\n")
    }

    func reveals(_ h: AppHarness) throws -> Int {
        try h.db.scalarInt("SELECT count(*) FROM audit_log WHERE action = 'reveal_pii' AND entity = 'customer' AND entity_id = 1")
    }

    /// A change-feed batch for customer #1, as the watcher would deliver it.
    func customerChanged(_ h: AppHarness, entities: Set<String> = ["customer"]) {
        var ids: [String: Set<Int64>] = [:]
        for e in entities { ids[e] = [1] }
        h.send(.storeChanged(ChangeBatch(entities: entities, ids: ids, count: 1, latestAtMs: h.state.nowMs, lastSeq: 1)))
    }

    func testLiveRefreshesKeepRevealedValuesWithoutAuditingAgain() throws {
        let h = try open360()
        h.keys(.char("r"))
        XCTAssertEqual(try reveals(h), 1)
        XCTAssertTrue(h.text.contains(Self.phone), identityRows(h))
        // The store changes for this customer: a new order (as the simulator writes), then more.
        try h.db.execute("""
            INSERT INTO orders(id, channel, external_ref, customer_id, status, fulfilment, placed_at, total, units)
            VALUES (5000, 'app', 'LIVE1', 1, 'paid', 'ship', ?, 100, 1)
            """, [AppHarness.now])
        customerChanged(h, entities: ["order", "customer"])
        customerChanged(h)
        customerChanged(h, entities: ["ticket"])
        let text = h.text
        XCTAssertTrue(text.contains("LIVE1"), "the refresh ran")
        XCTAssertTrue(text.contains(Self.phone), identityRows(h))
        XCTAssertTrue(text.contains("wang.fang@example.cn"), identityRows(h))
        XCTAssertFalse(text.contains(Self.phoneMasked))
        XCTAssertTrue(text.contains("revealed, audited"), identityRows(h))
        XCTAssertEqual(try reveals(h), 1, "one r, one audit row")
        XCTAssertEqual(h.queries.filter { $0 == .revealIdentities(customerID: 1) }.count, 1)
        XCTAssertEqual(try h.db.scalarInt("SELECT count(*) FROM audit_log"), 1, "nothing else audited")
    }

    func testIdentityArrivingAfterRevealStaysMaskedUntilRAgain() throws {
        let h = try open360()
        h.keys(.char("r"))
        try h.db.execute("""
            INSERT INTO identities(customer_id, kind, value, raw_value, channel, verified, first_seen_at)
            VALUES (1, 'phone', '+8613900001111', '13900001111', 'app', 0, ?)
            """, [AppHarness.now])
        customerChanged(h)
        var text = h.text
        XCTAssertTrue(text.contains(Self.phone), identityRows(h))
        XCTAssertTrue(text.contains("+86139****1111"), "the new identity was not revealed: \(identityRows(h))")
        XCTAssertFalse(text.contains("+8613900001111"))
        XCTAssertTrue(text.contains("Identities (3) · 1 masked"), identityRows(h))
        XCTAssertEqual(try reveals(h), 1)
        // A second r is a second action: it shows the new one and is audited once more.
        h.keys(.char("r"))
        customerChanged(h)
        text = h.text
        XCTAssertTrue(text.contains("+8613900001111"), identityRows(h))
        XCTAssertTrue(text.contains("Identities (3) · revealed, audited"), identityRows(h))
        XCTAssertEqual(try reveals(h), 2)
    }

    func testLeavingAndReopeningIsMaskedAndTabSwitchBackDoesNotAudit() throws {
        let h = try open360()
        h.keys(.char("r"))
        // Away to Orders while the customer changes, then back: the missed change is caught up
        // with a refresh, which must not reveal again.
        h.keys(.char("2"))
        XCTAssertEqual(h.state.tab, .orders)
        customerChanged(h)
        h.keys(.char("1"))
        XCTAssertTrue(h.state.currentScreen is Customer360Screen)
        XCTAssertTrue(h.text.contains(Self.phone), identityRows(h))
        XCTAssertEqual(try reveals(h), 1)
        // Esc leaves the 360; opening it again starts masked.
        h.keys(.escape)
        XCTAssertFalse(h.state.currentScreen is Customer360Screen)
        h.keys(.enter)
        XCTAssertTrue(h.state.currentScreen is Customer360Screen)
        let text = h.text
        XCTAssertTrue(text.contains(Self.phoneMasked), identityRows(h))
        XCTAssertFalse(text.contains(Self.phone))
        XCTAssertTrue(text.contains("Identities (2) · masked"), identityRows(h))
        XCTAssertEqual(try reveals(h), 1)
    }
}
