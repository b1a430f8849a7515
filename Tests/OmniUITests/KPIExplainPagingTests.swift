import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// A figure's rows beyond the first page: the list grows a page at a time as the cursor reaches
/// its end, until every row behind the figure is listed, and the count equals the figure.
final class KPIExplainPagingTests: XCTestCase {
    func testEveryRowBehindALargeFigureCanBeReached() throws {
        let h = try SeededHarness(width: 120, height: 30)
        h.send(.route(.kpiExplain(name: "customers")))
        var screen = try XCTUnwrap(h.state.currentScreen as? KPIExplainScreen)
        let first = try XCTUnwrap(screen.explanation)
        XCTAssertGreaterThan(first.count, 2 * KPIExplainScreen.limit, "a figure with more than two pages of rows")
        XCTAssertEqual(first.rows.count, KPIExplainScreen.limit)
        XCTAssertTrue(h.text.contains("\(KPIScreen.count(KPIExplainScreen.limit)) listed, ↓ at the end lists more"), h.text)
        var pages = 1
        while screen.explanation?.truncated == true && pages < 50 {
            h.keys(.char("G"))
            screen = try XCTUnwrap(h.state.currentScreen as? KPIExplainScreen)
            pages += 1
            XCTAssertFalse(screen.loadingMore, "the page arrived and the indicator ended")
        }
        let e = try XCTUnwrap(screen.explanation)
        XCTAssertFalse(e.truncated)
        XCTAssertEqual(e.rows.count, e.count, "every row listed")
        XCTAssertEqual(Int64(e.count), e.figure, "as many rows as the figure")
        guard case .customers(let rows) = e.rows else { return XCTFail("customers") }
        XCTAssertEqual(Set(rows.map(\.id)).count, rows.count, "no row twice")
        XCTAssertFalse(h.text.contains("lists more"), h.text)
    }
}
