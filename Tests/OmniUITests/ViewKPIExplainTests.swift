import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// Every KPI figure opens the rows behind it.
final class ViewKPIExplainTests: XCTestCase {
    func select(_ name: String, _ h: SeededHarness, file: StaticString = #filePath, line: UInt = #line) {
        h.keys(.char("g"))
        for _ in 0..<80 {
            if (h.state.currentScreen as? KPIScreen)?.selectedFigure == name { return }
            h.keys(.char("j"))
        }
        XCTFail("figure \(name) never selected", file: file, line: line)
    }

    func testLateDeliveriesOpensItsRowsAndTheCountEqualsTheFigure() throws {
        for (w, hgt) in [(80, 24), (160, 48)] {
            let h = try SeededHarness(width: w, height: hgt)
            h.keys(.function(5))
            let snap = try XCTUnwrap((h.state.currentScreen as? KPIScreen)?.snapshot)
            let late = snap.onTime.denominator - snap.onTime.numerator
            select("late-deliveries", h)
            let line = try XCTUnwrap(h.text.split(separator: "\n").first { $0.contains("Late deliveries") }, h.text)
            XCTAssertTrue(line.contains("▶"), "selected by a symbol: \(line)")
            XCTAssertTrue(line.contains(KPIScreen.count(late)), String(line))
            h.keys(.enter)
            let screen = try XCTUnwrap(h.state.currentScreen as? KPIExplainScreen)
            XCTAssertEqual(screen.name, "late-deliveries")
            let e = try XCTUnwrap(screen.explanation)
            XCTAssertEqual(e.figure, Int64(late))
            XCTAssertEqual(Int64(e.count), e.figure, "the list count equals the figure")
            let text = h.text
            XCTAssertTrue(text.contains("Late deliveries"), text)
            XCTAssertTrue(text.contains("figure \(KPIScreen.count(late)) orders"), text)
            XCTAssertTrue(text.contains("rows behind it \(KPIScreen.count(e.count))"), text)
            XCTAssertTrue(text.contains("window:"), text)
            if case .orders(let rows) = e.rows, let first = rows.first {
                XCTAssertTrue(text.contains(first.externalRef), text)
                h.keys(.enter)
                XCTAssertEqual(h.state.tab, .orders)
                XCTAssertEqual((h.state.currentScreen as? OrderDetailScreen)?.orderID, first.id)
                h.keys(.char("5"))
            }
            XCTAssertTrue(h.state.currentScreen is KPIExplainScreen)
            h.keys(.escape)
            XCTAssertEqual((h.state.currentScreen as? KPIScreen)?.selectedFigure, "late-deliveries")
        }
    }

    func testEveryFigureNameIsKnownToTheStoreAndDrillsToItsKind() throws {
        let h = try SeededHarness(width: 160, height: 48)
        h.keys(.function(5))
        let snap = try XCTUnwrap((h.state.currentScreen as? KPIScreen)?.snapshot)
        let names = KPIScreen.layout(snap, width: 158).1.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        let known = Set(try KPIExplain.names(h.db))
        for n in names { XCTAssertTrue(known.contains(n), n) }
        // Tickets, stock, customers drill to their routes.
        for (name, check) in [("open-tickets", { (s: any Screen) in s is TicketDetailScreen }),
                              ("low-stock", { (s: any Screen) in s is MovementScreen }),
                              ("customers", { (s: any Screen) in s is Customer360Screen })] {
            h.send(.route(.kpiExplain(name: name)))
            let e = try XCTUnwrap((h.state.currentScreen as? KPIExplainScreen)?.explanation, name)
            XCTAssertEqual(Int64(e.count), e.figure, name)
            guard e.count > 0 else { continue }
            h.keys(.enter)
            XCTAssertTrue(check(h.state.currentScreen), "\(name): \(type(of: h.state.currentScreen))")
        }
    }

    func testLiveChangeRequeriesFigureAndRowsTogether() throws {
        let h = try SeededHarness(width: 160, height: 48)
        h.send(.route(.kpiExplain(name: "open-tickets")))
        let before = h.queries.count
        let batch = ChangeBatch(entities: ["ticket"], count: 1, latestAtMs: h.state.nowMs + 5_000, lastSeq: 1)
        h.state.nowMs += 5_000
        h.send(.storeChanged(batch))
        XCTAssertEqual(Array(h.queries.dropFirst(before)), [.kpiExplain(name: "open-tickets", limit: KPIExplainScreen.limit)])
        let e = try XCTUnwrap((h.state.currentScreen as? KPIExplainScreen)?.explanation)
        XCTAssertEqual(Int64(e.count), e.figure)
    }
}
