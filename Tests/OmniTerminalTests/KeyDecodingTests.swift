import CNcurses
import OmniUI
import XCTest
@testable import OmniTerminal

final class KeyDecodingTests: XCTestCase {
    func testPrintableCharacters() {
        XCTAssertEqual(KeyDecoder.decode([.character(0x61)]), [.char("a")])
        XCTAssertEqual(KeyDecoder.decode([.character(0x47)]), [.char("G")])
        XCTAssertEqual(KeyDecoder.decode([.character(0x20)]), [.char(" ")])
        // 東 (U+6771) and 王 (U+738B): wide CJK characters arrive as one wchar each.
        XCTAssertEqual(KeyDecoder.decode([.character(0x6771), .character(0x738B)]), [.char("東"), .char("王")])
    }

    func testCombiningSequencesBecomeOneGrapheme() {
        // e + COMBINING ACUTE ACCENT is one character; so is a flag made of two regional indicators.
        XCTAssertEqual(KeyDecoder.decode([.character(0x65), .character(0x301), .character(0x78)]),
                       [.char("e\u{301}"), .char("x")])
        XCTAssertEqual(KeyDecoder.decode([.character(0x1F1E8), .character(0x1F1F3)]), [.char("🇨🇳")])
    }

    func testControlCodes() {
        XCTAssertEqual(KeyDecoder.decodeCharacter(23), .ctrl("w"))
        XCTAssertEqual(KeyDecoder.decodeCharacter(1), .ctrl("a"))
        XCTAssertEqual(KeyDecoder.decodeCharacter(26), .ctrl("z"))
        XCTAssertEqual(KeyDecoder.decodeCharacter(127), .backspace)
        XCTAssertEqual(KeyDecoder.decodeCharacter(8), .backspace)
        XCTAssertEqual(KeyDecoder.decodeCharacter(9), .tab)
        XCTAssertEqual(KeyDecoder.decodeCharacter(10), .enter)
        XCTAssertEqual(KeyDecoder.decodeCharacter(13), .enter)
        XCTAssertEqual(KeyDecoder.decodeCharacter(27), .escape)
        // Other controls, C1 controls and bidi overrides are dropped, never passed on.
        XCTAssertNil(KeyDecoder.decodeCharacter(0))
        XCTAssertNil(KeyDecoder.decodeCharacter(0x1C))
        XCTAssertNil(KeyDecoder.decodeCharacter(0x9B))
        XCTAssertNil(KeyDecoder.decodeCharacter(0x202E))
        XCTAssertNil(KeyDecoder.decodeCharacter(0xD800))
    }

    func testControlsSplitCharacterRuns() {
        XCTAssertEqual(KeyDecoder.decode([.character(0x61), .character(23), .character(0x62), .character(13)]),
                       [.char("a"), .ctrl("w"), .char("b"), .enter])
        // Esc before a printable is Alt with it (testAltDigitIsEscThenTheDigitInOneRead).
        XCTAssertEqual(KeyDecoder.decode([.character(0x61), .character(27), .character(13)]),
                       [.char("a"), .escape, .enter])
    }

    func testAltDigitIsEscThenTheDigitInOneRead() {
        // What terminals (and tmux's send-keys M-2) send for Alt-2: ESC then "2", in one write.
        XCTAssertEqual(KeyDecoder.decode([.character(27), .character(0x32)]), [.alt("2")])
        for n in 1...6 {
            XCTAssertEqual(KeyDecoder.decode([.character(27), .character(0x30 + UInt32(n))]),
                           [.alt(Character(String(n)))])
        }
        XCTAssertEqual(KeyDecoder.decode([.character(27), .character(0x47)]), [.alt("G")])
        // Between other keys, and after a plain Esc.
        XCTAssertEqual(KeyDecoder.decode([.character(0x61), .character(27), .character(0x32), .character(0x62)]),
                       [.char("a"), .alt("2"), .char("b")])
        XCTAssertEqual(KeyDecoder.decode([.character(27), .character(27), .character(0x35)]), [.escape, .alt("5")])
    }

    func testEscWithoutAPrintableAfterItStaysEsc() {
        XCTAssertEqual(KeyDecoder.decode([.character(27)]), [.escape])
        XCTAssertEqual(KeyDecoder.decode([.character(27), .character(27)]), [.escape, .escape])
        XCTAssertEqual(KeyDecoder.decode([.character(27), .character(13)]), [.escape, .enter])
        XCTAssertEqual(KeyDecoder.decode([.character(27), .keyCode(KEY_UP)]), [.escape, .up])
        XCTAssertEqual(KeyDecoder.decode([.character(0x32), .character(27)]), [.char("2"), .escape])
        // A bidi override after Esc is dropped, not made into an Alt key.
        XCTAssertEqual(KeyDecoder.decode([.character(27), .character(0x202E)]), [.escape])
    }

    func testFunctionKeysOneToSix() {
        let f0 = Int32(omni_key_f0())
        XCTAssertEqual(KeyDecoder.decode((1...6).map { RawInput.keyCode(f0 + $0) }), (1...6).map { Key.function(Int($0)) })
    }

    func testKeyCodes() {
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_UP), .up)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_DOWN), .down)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_LEFT), .left)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_RIGHT), .right)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_HOME), .home)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_END), .end)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_PPAGE), .pageUp)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_NPAGE), .pageDown)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_BTAB), .backTab)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_DC), .delete)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_IC), .insert)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_BACKSPACE), .backspace)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(KEY_ENTER), .enter)
        XCTAssertEqual(KeyDecoder.decodeKeyCode(Int32(omni_key_f0()) + 5), .function(5))
        XCTAssertEqual(KeyDecoder.decodeKeyCode(Int32(omni_key_f0()) + 1), .function(1))
        XCTAssertNil(KeyDecoder.decodeKeyCode(Int32(omni_key_f0())))
        XCTAssertNil(KeyDecoder.decodeKeyCode(KEY_RESIZE))
        XCTAssertEqual(KeyDecoder.decode([.keyCode(KEY_RESIZE), .keyCode(KEY_F0 + 5), .character(0x71)]),
                       [.function(5), .char("q")])
    }

    func testMouse() {
        XCTAssertEqual(KeyDecoder.decode(.mouse(x: 3, y: 7, buttons: MouseMask.button1Clicked)),
                       .mouse(MouseEvent(button: .left, x: 3, y: 7)))
        XCTAssertEqual(KeyDecoder.decode(.mouse(x: 0, y: 1, buttons: MouseMask.button1Pressed)),
                       .mouse(MouseEvent(button: .left, x: 0, y: 1)))
        XCTAssertEqual(KeyDecoder.decode(.mouse(x: 5, y: 5, buttons: MouseMask.wheelUp)),
                       .mouse(MouseEvent(button: .wheelUp, x: 5, y: 5)))
        XCTAssertEqual(KeyDecoder.decode(.mouse(x: 5, y: 5, buttons: MouseMask.wheelDown)),
                       .mouse(MouseEvent(button: .wheelDown, x: 5, y: 5)))
        XCTAssertEqual(KeyDecoder.decode(.mouse(x: 1, y: 2, buttons: MouseMask.button3Pressed)),
                       .mouse(MouseEvent(button: .right, x: 1, y: 2)))
        XCTAssertNil(KeyDecoder.decode(.mouse(x: 1, y: 2, buttons: MouseMask.button1Released)))
        XCTAssertEqual(MouseMask.reported & MouseMask.button1Released, 0)
    }
}
