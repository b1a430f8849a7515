import XCTest
@testable import OmniUI

final class SafeTextTests: XCTestCase {
    let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J"

    func testControlPictures() {
        XCTAssertEqual(SafeText.sanitize(hostile), "␛]0;owned␇␛[2J")
        XCTAssertEqual(SafeText.sanitize("a\tb\r\nc\u{7F}"), "a␉b␍␊c␡")
        XCTAssertEqual(SafeText.sanitize("\u{0}"), "␀")
    }

    func testC1AndBidiMarkers() {
        XCTAssertEqual(SafeText.sanitize("x\u{9B}2J"), "x‹U+009B›2J") // C1 CSI
        XCTAssertEqual(SafeText.sanitize("abc\u{202E}fed"), "abc‹U+202E›fed")
        XCTAssertEqual(SafeText.sanitize("\u{2066}a\u{2069}"), "‹U+2066›a‹U+2069›")
        XCTAssertEqual(SafeText.sanitize("\u{200F}\u{061C}"), "‹U+200F›‹U+061C›")
    }

    func testSafeTextUnchanged() {
        let s = "王芳 🎉 café e\u{301}"
        XCTAssertEqual(SafeText.sanitize(s), s)
        XCTAssertTrue(SafeText.isSafe(s))
        XCTAssertFalse(SafeText.isSafe(hostile))
    }

    func testInvalidUTF8Bytes() {
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xE4, 0xB8, 0x1B]
        XCTAssertEqual(SafeText.sanitize(bytes: bytes), "a\u{FFFD}b\u{FFFD}␛")
    }

    func testHostileNameNeverReachesCanvas() {
        var canvas = Canvas(width: 40, height: 6)
        canvas.draw(hostile, x: 0, y: 0, width: 40, style: .normal)
        canvas.draw("\u{9B}31m" + hostile, x: 0, y: 1, width: 10, style: .normal, align: .right)
        canvas.drawWrapped(hostile + " " + hostile, in: Rect(x: 0, y: 2, width: 12, height: 3), style: .normal)
        let table = Table(columns: [TableColumn("Name")],
                          source: ArrayRowSource([TableRow(texts: [hostile])]))
        table.render(into: &canvas, in: Rect(x: 20, y: 3, width: 20, height: 2))
        XCTAssertTrue(canvas.line(0).hasPrefix("␛]0;owned␇␛[2J"))
        for cell in canvas.cells {
            for scalar in cell.text.unicodeScalars {
                XCTAssertFalse(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value),
                               "control U+\(String(scalar.value, radix: 16)) reached the canvas")
            }
        }
        XCTAssertFalse(canvas.text.unicodeScalars.contains("\u{1B}"))
        XCTAssertFalse(canvas.text.unicodeScalars.contains("\u{07}"))
    }
}
