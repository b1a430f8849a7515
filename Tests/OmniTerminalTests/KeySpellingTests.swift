import OmniUI
import XCTest

final class KeySpellingTests: XCTestCase {
    func testParsesConfigSpellings() {
        XCTAssertEqual(Key(config: "ctrl-w"), .ctrl("w"))
        XCTAssertEqual(Key(config: "Ctrl-W"), .ctrl("w"))
        XCTAssertEqual(Key(config: "C-w"), .ctrl("w"))
        XCTAssertEqual(Key(config: "^W"), .ctrl("w"))
        XCTAssertEqual(Key(config: "pgdn"), .pageDown)
        XCTAssertEqual(Key(config: "PageUp"), .pageUp)
        XCTAssertEqual(Key(config: "f5"), .function(5))
        XCTAssertEqual(Key(config: "F12"), .function(12))
        XCTAssertEqual(Key(config: "enter"), .enter)
        XCTAssertEqual(Key(config: "esc"), .escape)
        XCTAssertEqual(Key(config: "shift-tab"), .backTab)
        XCTAssertEqual(Key(config: "x"), .char("x"))
        XCTAssertEqual(Key(config: "G"), .char("G"))
        XCTAssertEqual(Key(config: "g"), .char("g"))
        XCTAssertEqual(Key(config: "/"), .char("/"))
        XCTAssertEqual(Key(config: "東"), .char("東"))
        XCTAssertEqual(Key(config: "space"), .char(" "))
        XCTAssertEqual(Key(config: " pgdn "), .pageDown)
        // Ctrl-M / Ctrl-I / Ctrl-H are what the terminal sends for Enter / Tab / Backspace.
        XCTAssertEqual(Key(config: "ctrl-m"), .enter)
        XCTAssertEqual(Key(config: "ctrl-i"), .tab)
        XCTAssertEqual(Key(config: "ctrl-h"), .backspace)
    }

    func testAltSpellings() {
        XCTAssertEqual(Key(config: "alt-2"), .alt("2"))
        XCTAssertEqual(Key(config: "Alt+2"), .alt("2"))
        XCTAssertEqual(Key(config: "M-2"), .alt("2"))
        XCTAssertEqual(Key(config: "meta-x"), .alt("x"))
        XCTAssertEqual(Key(config: "alt-G"), .alt("G"), "the character keeps its case")
        XCTAssertEqual(Key(config: "alt-space"), .alt(" "))
        for bad in ["alt-", "alt-ctrl-x", "alt-xy", "alt-f1", "m-"] {
            XCTAssertNil(Key(config: bad), bad)
        }
        XCTAssertEqual(Key.alt("2").displayName, "Alt-2")
        XCTAssertEqual(Key.alt(" ").displayName, "Alt-Space")
        for key in [Key.alt("2"), .alt("G"), .alt(" "), .alt("東")] {
            XCTAssertEqual(key.configSpelling.flatMap { Key(config: $0) }, key)
        }
    }

    func testRejectsUnknownSpellings() {
        for bad in ["", "pgdnn", "f0", "f64", "f5x", "ctrl-", "ctrl-ww", "ctrl-1", "hyper-x", "\u{1B}", "xy"] {
            XCTAssertNil(Key(config: bad), "\(bad.debugDescription) should not parse")
        }
    }

    func testRoundTrips() {
        var keys: [Key] = [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .enter, .escape,
                           .tab, .backTab, .backspace, .delete, .insert, .char("x"), .char("G"),
                           .char(" "), .char("東"), .char("/"), .char("?")]
        keys += (1...24).map { Key.function($0) }
        keys += "abcdefgklnopqrstuvwxyz".map { Key.ctrl($0) }
        for key in keys {
            guard let spelling = key.configSpelling else { return XCTFail("\(key) has no spelling") }
            XCTAssertEqual(Key(config: spelling), key, spelling)
        }
        XCTAssertNil(Key.mouse(MouseEvent(button: .left, x: 0, y: 0)).configSpelling)
    }

    func testDisplayNames() {
        XCTAssertEqual(Key.up.displayName, "↑")
        XCTAssertEqual(Key.pageDown.displayName, "PgDn")
        XCTAssertEqual(Key.ctrl("w").displayName, "Ctrl-W")
        XCTAssertEqual(Key.function(1).displayName, "F1")
        XCTAssertEqual(Key.escape.displayName, "Esc")
        XCTAssertEqual(Key.enter.displayName, "↵")
        XCTAssertEqual(Key.char("G").description, "G")
        XCTAssertEqual(Key.char(" ").displayName, "Space")
    }
}
