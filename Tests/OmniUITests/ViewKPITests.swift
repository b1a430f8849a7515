import Foundation
import XCTest
import OmniStore
@testable import OmniUI

final class ViewKPITests: XCTestCase {
    /// Every line of the whole board (scrolled through), for a screen of this size.
    func boardText(_ h: SeededHarness) throws -> String {
        let s = try XCTUnwrap((h.state.currentScreen as? KPIScreen)?.snapshot)
        return KPIScreen.board(s, width: h.state.bodyRect.width - 2).text
    }

    func testFiguresEqualTheSnapshot() throws {
        for (w, hgt) in [(80, 24), (160, 48), (200, 50)] {
            let h = try SeededHarness(width: w, height: hgt)
            h.keys(.function(5))
            let screen = try XCTUnwrap(h.state.currentScreen as? KPIScreen)
            // The same struct `omni kpi --json` prints, read at the same instant.
            let snap = try KPIQueries.snapshot(h.db, now: SeededHarness.now)
            XCTAssertEqual(screen.snapshot, snap)
            let text = h.text
            XCTAssertTrue(text.contains("orders \(KPIScreen.count(snap.todayTotal.orders))"), text)
            XCTAssertTrue(text.contains(snap.todayTotal.net.description), text)
            let board = try boardText(h)
            for ratio in [snap.onTime, snap.inFull, snap.otif, snap.returnRate, snap.repeatPurchaseRate, snap.firstResponseSLA,
                          snap.resolutionSLA, snap.firstContactResolution, snap.csat, snap.stockOutRate] {
                XCTAssertTrue(board.contains(ratio.percent), "\(ratio.percent) in\n\(board)")
            }
            XCTAssertTrue(board.contains("On time") && board.contains(snap.onTime.percent))
            let otLine = try XCTUnwrap(board.split(separator: "\n").first { $0.contains("On time") })
            XCTAssertTrue(otLine.contains(snap.onTime.percent), String(otLine))
            if w >= 100 {
                XCTAssertTrue(otLine.contains("\(KPIScreen.count(snap.onTime.numerator))/\(KPIScreen.count(snap.onTime.denominator))"))
            }
            XCTAssertTrue(board.contains("open tickets \(KPIScreen.count(snap.openTickets))"))
            XCTAssertTrue(board.contains("breaching now \(KPIScreen.count(snap.breachingTickets))"))
            XCTAssertTrue(board.contains("low stock \(KPIScreen.count(snap.lowStock))"))
            XCTAssertTrue(board.contains(snap.funnelOverall.percent))
            for c in snap.today {
                XCTAssertTrue(board.contains(c.net.description), c.channel)
                let aov = c.orders == 0 || (c.aov.minor == 0 && !c.unconverted.isEmpty) ? "–" : c.aov.description
                XCTAssertTrue(board.contains("\(KPIScreen.count(c.orders)) · \(aov)"), c.channel)
            }
            for f in snap.funnel { XCTAssertTrue(board.contains(f.stage), f.stage) }
            if w >= 150 {
                XCTAssertLessThanOrEqual(KPIScreen.board(snap, width: h.state.bodyRect.width - 2).height,
                                         h.state.bodyRect.height - 2, "the grid fits without scrolling")
                XCTAssertFalse(text.contains("PgDn"))
            }
        }
    }

    func testStacksAndScrollsAt80x24AndShowsDefinitions() throws {
        let h = try SeededHarness(width: 80, height: 24)
        h.keys(.function(5))
        let first = h.text
        XCTAssertTrue(first.contains("PgDn"), first)
        h.keys(.pageDown)  // j/k now move the figure cursor (Enter opens its rows); PgDn scrolls
        XCTAssertGreaterThan((h.state.currentScreen as? KPIScreen)?.scroll ?? 0, 0)
        XCTAssertNotEqual(h.text, first)
        h.keys(.char("G"))
        XCTAssertTrue(h.text.contains("Stock and customers") || h.text.contains("customers"), h.text)
        h.keys(.char("d"))
        XCTAssertTrue(h.text.contains("KPI definitions"), h.text)
        XCTAssertTrue(h.text.contains("Repeat rate"), h.text)
        h.keys(.escape)
        XCTAssertFalse(h.text.contains("KPI definitions"))
        XCTAssertEqual(h.state.tab, .kpis)
    }

    func testLiveRefreshIsCoalescedToOncePerSecond() throws {
        let h = try SeededHarness(width: 160, height: 48)
        h.keys(.function(5))
        let batch = ChangeBatch(entities: ["order"], count: 1, latestAtMs: h.state.nowMs, lastSeq: 1)
        // The first change right after the first read waits for the second to pass.
        let first = AppReducer.reduce(&h.state, .storeChanged(batch))
        guard case .runQuery(let r1)? = first.first else { return XCTFail("\(first)") }
        XCTAssertEqual(r1.query, .kpiSnapshot)
        XCTAssertEqual(r1.debounceMs, 1_000)
        // A burst joins the refresh already waiting: nothing new is asked for, so a steady
        // stream of writes can never push the refresh back.
        h.state.nowMs += 400
        let second = AppReducer.reduce(&h.state, .storeChanged(batch))
        XCTAssertTrue(second.isEmpty, "\(second)")
        XCTAssertEqual((h.state.currentScreen as? KPIScreen)?.refreshes, 2, "one read at start, one for the whole burst")
        h.settle(first)
        // Long after, a change refreshes at once.
        h.state.nowMs += 5_000
        let later = AppReducer.reduce(&h.state, .storeChanged(batch))
        guard case .runQuery(let r3)? = later.first else { return XCTFail() }
        XCTAssertEqual(r3.debounceMs, 0)
        // A hidden KPI tab does not query; it catches up when shown.
        h.settle(later)
        h.keys(.char("1"))
        XCTAssertTrue(AppReducer.reduce(&h.state, .storeChanged(batch)).isEmpty)
    }
}
