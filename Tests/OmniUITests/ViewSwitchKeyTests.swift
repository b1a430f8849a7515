import XCTest
@testable import OmniUI

/// Alt-1..6 and F1..F6 switch views even while a search field or an overlay has the keyboard;
/// the digits stay text there.
final class ViewSwitchKeyTests: XCTestCase {
    func testAltDigitSwitchesWhileSearchFieldHasFocusAndDigitIsTyped() throws {
        let h = try AppHarness()
        XCTAssertFalse(h.state.currentScreen.capturesText, "the Customers view starts in normal mode, ready to type")
        h.keys(.char("2"))
        XCTAssertTrue(h.state.currentScreen.capturesText, "a digit starts the search")
        XCTAssertEqual(h.state.tab, .customers, "a digit is typed into the field")
        XCTAssertTrue(h.text.contains("Search: 2"))
        h.keys(.alt("2"))
        XCTAssertEqual(h.state.tab, .orders)
        XCTAssertTrue(h.text.contains("[2 Orders]"))
        h.keys(.alt("1"))
        XCTAssertEqual(h.state.tab, .customers)
        XCTAssertTrue(h.state.currentScreen.capturesText, "the field keeps its focus and text")
        XCTAssertTrue(h.text.contains("Search: 2"))
    }

    func testFunctionKeysSwitchFromFocusedFields() throws {
        let h = try AppHarness()
        h.keys(.function(3))
        XCTAssertEqual(h.state.tab, .stock)
        h.keys(.char("/"))
        XCTAssertTrue(h.state.currentScreen.capturesText, "/ focuses the SKU search field")
        h.keys(.char("5"))
        XCTAssertEqual(h.state.tab, .stock, "5 is typed into the SKU field")
        for (n, tab) in zip(1...6, AppTab.allCases) {
            h.keys(.function(n))
            XCTAssertEqual(h.state.tab, tab, "F\(n)")
        }
    }

    func testViewKeysCloseOverlays() throws {
        let h = try AppHarness()
        h.keys(.char(":"))
        h.type("cust")
        h.keys(.alt("4"))
        XCTAssertNil(h.state.overlay, "the command line closes")
        XCTAssertEqual(h.state.tab, .tickets)
        h.keys(.char("?"))
        h.keys(.function(5))
        XCTAssertNil(h.state.overlay, "help closes")
        XCTAssertEqual(h.state.tab, .kpis)
    }

    func testUnboundAltKeyIsEscThenTheCharacter() throws {
        let h = try AppHarness()
        h.keys(.escape, .char("?"))
        guard case .help = h.state.overlay else { return XCTFail("help not open") }
        // Esc q, sent quickly, while an overlay has the keyboard: swallowed, never a command.
        XCTAssertEqual(h.keys(.alt("q")), [])
        guard case .help = h.state.overlay else { return XCTFail("help still open") }
        h.keys(.escape, .function(2))
        // In normal mode an unbound Alt key is still Esc then the character.
        XCTAssertEqual(h.keys(.alt("q")), [.quit])
    }

    func testRegistryListsAndRemapsTheNewKeys() throws {
        let orders = try XCTUnwrap(ActionRegistry.standard.spec(.tabOrders))
        XCTAssertEqual(orders.keyText, "2 Alt-2 F2")
        XCTAssertEqual(ActionRegistry.standard.matching("alt-6").map(\.id), [.tabStores])

        let (reg, errors) = KeyMapFile.apply("tab.orders = 2 f9 alt-o\ncustomer.reveal = alt-1\n", file: "keys.conf",
                                             to: .standard)
        XCTAssertEqual(errors, ["keys.conf:2: key alt-1 for customer.reveal is already bound to tab.customers"])
        XCTAssertEqual(reg.spec(.tabOrders)?.keys, [.char("2"), .function(9), .alt("o")])
        let h = try AppHarness(registry: reg)
        h.keys(.function(2))
        XCTAssertEqual(h.state.tab, .customers, "F2 is no longer bound")
        h.keys(.function(9))
        XCTAssertEqual(h.state.tab, .orders)
        h.keys(.alt("1"), .alt("o"))
        XCTAssertEqual(h.state.tab, .orders, "a remapped Alt key works from the search field too")
    }

    func testHelpOverlayShowsTheKeys() throws {
        let h = try AppHarness(width: 120, height: 50)
        h.keys(.escape, .char("?"))
        h.type("stores view")
        XCTAssertTrue(h.text.contains("6 Alt-6 F6"), h.text)
    }
}
