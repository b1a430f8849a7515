import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// The back stack across views (with the breadcrumb), `/` where there is nothing to filter,
/// the Stores filter, sorting by column and `y`.
final class NavigationTests: XCTestCase {
    func openOrderFrom360(_ h: AppHarness) throws -> (String?, Int64) {
        h.type("13812345678")
        h.keys(.enter)
        XCTAssertTrue(h.state.currentScreen is Customer360Screen)
        // Down to the first order of the 360's order panel.
        var key = (h.state.currentScreen as? Customer360Screen)?.cursor.selectedKey
        var steps = 0
        while !(key ?? "").hasPrefix("order:"), steps < 60 {
            h.keys(.char("j"))
            key = (h.state.currentScreen as? Customer360Screen)?.cursor.selectedKey
            steps += 1
        }
        let id = try XCTUnwrap(key.flatMap { Int64($0.dropFirst(6)) }, "the 360 lists an order")
        h.keys(.char("j"))  // one further: the cursor must come back exactly here
        let kept = (h.state.currentScreen as? Customer360Screen)?.cursor.selectedKey
        h.keys(.char("k"))
        h.keys(.enter)
        return (kept, id)
    }

    func testEscFromAnOrderOpenedInThe360ReturnsToThe360WithTheCursorWhereItWas() throws {
        for (w, hgt) in [(80, 24), (200, 50)] {
            let h = try AppHarness(width: w, height: hgt)
            let (_, id) = try openOrderFrom360(h)
            XCTAssertEqual(h.state.tab, .orders)
            let detail = try XCTUnwrap(h.state.currentScreen as? OrderDetailScreen)
            XCTAssertEqual(detail.orderID, id)
            // The breadcrumb names the way back, across views, on the body's bottom border.
            let canvas = AppRenderer.render(h.state)
            let bottom = canvas.line(hgt - 2)
            XCTAssertTrue(bottom.contains("王芳 › Order R\(10000 + id - 1000)"), bottom)
            XCTAssertTrue(AppReducer.breadcrumb(h.state).first?.hasPrefix("Customers") ?? false)
            XCTAssertTrue(AppRenderer.hints(h.state).contains { $0.label == "back" })
            let before360 = h.state.stacks[AppTab.customers.rawValue].last?.screen as? Customer360Screen
            h.keys(.escape)
            XCTAssertEqual(h.state.tab, .customers, "Esc returns to the view the order was opened from")
            let back = try XCTUnwrap(h.state.currentScreen as? Customer360Screen)
            XCTAssertEqual(back.cursor, before360?.cursor, "the cursor is where it was")
            XCTAssertEqual(back.cursor.selectedKey, "order:\(id)")
            h.keys(.escape)
            XCTAssertTrue(h.state.currentScreen is CustomerSearchScreen)
            XCTAssertTrue(h.text.contains("Search: 13812345678"), "the search kept its text")
        }
    }

    func testSlashWhereThereIsNothingToFilterSaysSoAndSwallowsTheText() throws {
        let h = try AppHarness(width: 80, height: 24)
        h.keys(.function(2), .enter)
        XCTAssertTrue(h.state.currentScreen is OrderDetailScreen)
        let queries = h.queries.count
        h.keys(.char("/"))
        h.type("sp c t 2")
        XCTAssertEqual(h.state.mode, .filter)
        XCTAssertTrue(h.text.contains("nothing to filter in Order R"), h.text)
        XCTAssertTrue(h.state.currentScreen is OrderDetailScreen, "c, t and 2 were text, not jumps")
        XCTAssertEqual(h.state.tab, .orders)
        XCTAssertEqual(h.queries.count, queries)
        let footer = AppRenderer.render(h.state).line(23)
        XCTAssertTrue(footer.hasPrefix(" FILTER /sp c t 2"), footer)
        h.keys(.escape)
        XCTAssertEqual(h.state.mode, .normal)
        XCTAssertTrue(AppRenderer.render(h.state).line(23).hasPrefix(" NORMAL "))
    }

    func testStoresFilterAsYouTypeAndEnterOpensWhatIsShown() throws {
        let h = try AppHarness(width: 80, height: 24)
        try h.db.execute("INSERT INTO locations(id, code, name, kind, city, can_ship, can_pickup) VALUES (2, 'BJ01', 'Beijing Sanlitun', 'store', 'Beijing', 1, 1)")
        try h.db.execute("INSERT INTO locations(id, code, name, kind, city, can_ship, can_pickup) VALUES (3, 'NJ01', 'Nanjing Xinjiekou', 'store', 'Nanjing', 1, 1)")
        h.send(.route(.store(query: "")))  // a fresh list, with the stores just added
        h.keys(.char("/"))
        h.type("nanjing")
        XCTAssertTrue(h.text.contains("1/1 of 3"), h.text)
        XCTAssertFalse(h.text.contains("Beijing Sanlitun"))
        h.keys(.enter)  // keeps the filter
        XCTAssertEqual(h.state.mode, .normal)
        h.keys(.enter)  // opens what is selected
        let day = try XCTUnwrap(h.state.currentScreen as? StoreDayScreen)
        XCTAssertEqual(day.locationID, 3)
    }

    func testSortByColumnAndCopyTheOrderNumber() throws {
        let h = try AppHarness(width: 120, height: 36)
        h.keys(.function(2))
        let list = try XCTUnwrap(h.state.currentScreen as? OrderListScreen)
        XCTAssertEqual(list.selected?.externalRef, "R10249", "newest first")
        XCTAssertEqual(h.keys(.char("y")), [.copy("R10249")])
        XCTAssertTrue(h.text.contains("copied R10249"), h.text)
        h.keys(.char(">"))
        XCTAssertTrue(h.text.contains("sorted by Order ▲"), h.text)
        XCTAssertTrue(h.text.contains("Order ▲"))
        // The cursor stays on the same order; g goes to the first in the new order.
        XCTAssertEqual((h.state.currentScreen as? OrderListScreen)?.selected?.externalRef, "R10249")
        // The orders list sorts the rows loaded so far (the newest 100 here).
        h.keys(.char("g"))
        XCTAssertEqual((h.state.currentScreen as? OrderListScreen)?.selected?.externalRef, "R10150")
        h.keys(.char(">"))
        XCTAssertTrue(h.text.contains("sorted by Order ▼"), h.text)
        h.keys(.char("g"))
        XCTAssertEqual((h.state.currentScreen as? OrderListScreen)?.selected?.externalRef, "R10249")
        // Total sorts as a number, not as text.
        for _ in 0..<13 { h.keys(.char(">")) }
        XCTAssertTrue(h.text.contains("sorted by Total ▲"), h.text)
        h.keys(.char("g"))
        XCTAssertEqual((h.state.currentScreen as? OrderListScreen)?.selected?.externalRef, "R10150", "the smallest total")
        h.keys(.char("<"))
        XCTAssertTrue(h.text.contains("sorted by Location ▼"), h.text)
        // KPIs have nothing to sort and say so.
        h.keys(.function(5), .char(">"))
        XCTAssertTrue(h.text.contains("nothing to sort here"), h.text)
        h.keys(.char("y"))
        XCTAssertTrue(h.text.contains("nothing to copy here"), h.text)
    }

    func testYankOnThe360CopiesOnlyARevealedPhone() throws {
        let h = try AppHarness(width: 120, height: 36)
        h.type("13812345678")
        h.keys(.enter)
        XCTAssertEqual(h.keys(.char("y")), [], "nothing masked is ever copied")
        h.keys(.char("r"))
        XCTAssertEqual(h.keys(.char("y")), [.copy("+8613812345678")])
    }

    func testHelpAt80x24WrapsDescriptionsAndNamesTheViewOfEachKey() throws {
        let h = try AppHarness(width: 80, height: 24)
        h.keys(.function(4), .char("?"))
        h.type("filter-status")
        let text = h.text
        for id: ActionID in [.ticketStatusFilter, .orderFilterCycle] {
            let spec = try XCTUnwrap(h.state.registry.spec(id))
            for word in spec.description.split(separator: " ") {
                XCTAssertTrue(text.contains(word), "\(word) of \(id) shown whole:\n\(text)")
            }
        }
        XCTAssertTrue(text.contains("[Tickets: queue]"), text)
        XCTAssertTrue(text.contains("[Orders:"), text)  // wrapped: "[Orders:" then "list]"
        XCTAssertFalse(text.contains("…"), text)
        h.keys(.escape)
        // The footer's hints are the registry's bindings for this screen, nothing else.
        let names = Set(h.state.registry.applicable(on: TicketQueueScreen.kind).map(\.name))
        for hint in AppRenderer.hints(h.state) { XCTAssertTrue(names.contains(hint.label), hint.label) }
        XCTAssertEqual(AppRenderer.viewLabel(.global), "all views")
    }

    func testListTitlesCountTheWholeListNotThePagesLoaded() throws {
        let h = try AppHarness(width: 120, height: 36)
        h.keys(.function(2))
        let list = try XCTUnwrap(h.state.currentScreen as? OrderListScreen)
        XCTAssertEqual(list.rows.count, 100, "one page loaded")
        XCTAssertTrue(h.text.contains("1/250 "), h.text)
        XCTAssertFalse(h.text.contains("100+"))
        h.keys(.char("h"))  // channel web: 50 orders
        XCTAssertTrue(h.text.contains("1/50 "), h.text)
        h.keys(.char("x"), .char("f"))  // LATE only, counted the way the KPI counts it
        let late = try h.db.scalarInt("SELECT count(*) FROM orders WHERE delivered_at > promised_by")
        XCTAssertTrue(h.text.contains("1/\(late) "), h.text)
        XCTAssertEqual(try OrderQueries.count(h.db, filter: OrderFilter(), now: AppHarness.now), 250)
    }

    func testCommandLineCompletesSKUCodesStoresTicketIdsAndThemes() throws {
        let h = try SeededHarness(width: 120, height: 36)
        func line() -> CommandLineState? { if case .command(let l) = h.state.overlay { return l } else { return nil } }
        // SKU codes, asked of the store: one match completes, several are listed.
        let code = try XCTUnwrap(try h.db.fetchOne("SELECT code FROM skus ORDER BY code LIMIT 1")).string(0)
        h.keys(.char(":"))
        h.type("sku " + code)
        h.keys(.tab)
        XCTAssertEqual(line()?.input.text, "sku " + code)
        let prefix = String(code.prefix(2))
        let expected = try h.db.fetchAll("SELECT code FROM skus WHERE code LIKE ? ORDER BY code", [prefix + "%"]).map { $0.string(0) }
        h.keys(.ctrl("u"))
        h.type("sku " + prefix)
        h.keys(.tab)
        XCTAssertEqual(line()?.completions, Array(expected.prefix(50)))
        XCTAssertTrue(h.text.contains(expected[0]), h.text)
        // Store codes from the Stores list.
        h.keys(.ctrl("u"))
        h.type("store HZ-B")
        h.keys(.tab)
        XCTAssertEqual(line()?.input.text, "store HZ-BJ")
        // Ticket ids from the queue.
        let ticket = try XCTUnwrap((h.state.stacks[AppTab.tickets.rawValue][0].screen as? TicketQueueScreen)?.rows.first).id
        h.keys(.ctrl("u"))
        h.type("ticket \(ticket)")
        h.keys(.tab)
        XCTAssertTrue(line()?.input.text.hasPrefix("ticket \(ticket)") ?? false)
        // Themes, as before.
        h.keys(.ctrl("u"))
        h.type("theme mo")
        h.keys(.tab)
        XCTAssertEqual(line()?.input.text, "theme mono")
        h.keys(.escape)
        XCTAssertEqual(h.state.mode, .normal)
    }

    func testSlashFiltersLowStockAndTheLedgerAsYouType() throws {
        let h = try SeededHarness(width: 120, height: 36)
        h.keys(.function(3), .char("l"))
        let low = try XCTUnwrap(h.state.currentScreen as? LowStockScreen)
        let code = try XCTUnwrap(low.loadedRows.last?.skuCode)
        h.keys(.char("/"))
        h.type(code.lowercased())
        let filtered = try XCTUnwrap(h.state.currentScreen as? LowStockScreen)
        XCTAssertFalse(filtered.rows.isEmpty)
        XCTAssertTrue(filtered.rows.allSatisfy { $0.skuCode.contains(code) || $0.skuName.lowercased().contains(code.lowercased()) })
        XCTAssertLessThan(filtered.rows.count, filtered.loadedRows.count)
        XCTAssertTrue(h.text.contains(code), h.text)
        h.keys(.escape)
        XCTAssertEqual((h.state.currentScreen as? LowStockScreen)?.rows.count, low.loadedRows.count, "Esc clears the filter")
        XCTAssertEqual(h.state.mode, .normal)
    }
}
