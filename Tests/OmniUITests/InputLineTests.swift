import XCTest
@testable import OmniUI

final class InputLineTests: XCTestCase {
    func testEditingWithCJKAndEmoji() {
        var line = InputLine()
        line.insert("王芳")
        line.insert("🎉")
        XCTAssertEqual(line.text, "王芳🎉")
        XCTAssertEqual(line.cursor, 3)
        line.moveLeft()
        line.backspace()
        XCTAssertEqual(line.text, "王🎉")
        XCTAssertEqual(line.cursor, 1)
        line.insert("小")
        XCTAssertEqual(line.text, "王小🎉")
        line.deleteForward()
        XCTAssertEqual(line.text, "王小")
        line.moveHome()
        line.insert("a")
        XCTAssertEqual(line.text, "a王小")
        XCTAssertEqual(line.cursor, 1)
        line.moveEnd()
        XCTAssertEqual(line.cursor, 3)
    }

    func testZWJSequenceIsOneStep() {
        var line = InputLine("a👨‍👩‍👧b")
        XCTAssertEqual(line.cursor, 3)
        line.moveLeft()
        line.backspace()
        XCTAssertEqual(line.text, "ab")
    }

    func testCombiningMarkJoinsPreviousGrapheme() {
        var line = InputLine("cafe")
        line.insert("\u{301}")
        XCTAssertEqual(line.text, "café")
        XCTAssertEqual(line.cursor, 4)
        line.backspace()
        XCTAssertEqual(line.text, "caf")
    }

    func testDeleteWordAndKillToStartViaKeys() {
        var line = InputLine("customer 王芳  ")
        XCTAssertTrue(line.handle(.ctrl("w")))
        XCTAssertEqual(line.text, "customer ")
        line.insert("1380 extra")
        line.handle(.left)
        line.handle(.left)
        line.handle(.left)
        line.handle(.ctrl("u"))
        XCTAssertEqual(line.text, "tra")
        XCTAssertEqual(line.cursor, 0)
        XCTAssertFalse(line.handle(.enter))
        line.handle(.char("x"))
        line.handle(.end)
        line.handle(.backspace)
        XCTAssertEqual(line.text, "xtr")
    }

    func testPasteIsOneLineWithoutControls() {
        var line = InputLine()
        line.insert("a\nb\u{1B}[2J\tc")
        XCTAssertEqual(line.text, "a b[2J c")
    }

    func testRenderScrollsToKeepCursorVisible() {
        var canvas = Canvas(width: 12, height: 1)
        let rect = Rect(canvas)
        var line = InputLine("王芳王芳王芳王芳") // 16 cells
        var cursorX = line.render(into: &canvas, in: rect, prompt: "/")
        // Prompt takes 1 cell; cursor after the text needs one cell: 11 cells -> last 5 wide chars.
        XCTAssertEqual(canvas.line(0), "/芳王芳王芳 ")
        XCTAssertEqual(cursorX, 11)
        XCTAssertEqual(canvas[11, 0].style, .inputCursor)

        line.moveHome()
        canvas = Canvas(width: 12, height: 1)
        cursorX = line.render(into: &canvas, in: rect, prompt: "/")
        XCTAssertEqual(cursorX, 1)
        XCTAssertEqual(canvas.line(0), "/王芳王芳王 ") // the 6th wide character does not fit
        XCTAssertEqual(canvas[1, 0].style, .inputCursor)
        XCTAssertEqual(canvas[3, 0].style, .input)

        for _ in 0..<6 { line.moveRight() }
        canvas = Canvas(width: 12, height: 1)
        cursorX = line.render(into: &canvas, in: rect, prompt: "/")
        XCTAssertEqual(canvas[cursorX, 0].text, "王") // 7th grapheme is under the cursor
        XCTAssertEqual(canvas[cursorX, 0].style, .inputCursor)
        XCTAssertLessThanOrEqual(cursorX + 2, 12)
    }

    func testPlaceholderWhenEmpty() {
        var canvas = Canvas(width: 20, height: 1)
        let x = InputLine().render(into: &canvas, in: Rect(canvas), prompt: ":", placeholder: "command")
        XCTAssertEqual(x, 1)
        XCTAssertEqual(canvas.line(0), ": command" + String(repeating: " ", count: 11))
        XCTAssertEqual(canvas[2, 0].style, .placeholder)
    }
}
