import XCTest
@testable import OmniUI

/// Graphemes that reached the terminal as `？` (issue 20.19): each is measured by grapheme
/// cluster (two cells for emoji presentation), and sanitised text keeps its placeholders'
/// brackets whatever follows them.
final class GraphemeWidthTests: XCTestCase {
    func testHardGraphemesTakeTheirTerminalWidth() {
        XCTAssertEqual("👍🏽".displayWidth, 2, "skin-tone modifier")
        XCTAssertEqual("👩🏿‍💻".displayWidth, 2, "modifier inside a ZWJ sequence")
        XCTAssertEqual("👨‍👩‍👧‍👦".displayWidth, 2, "ZWJ family")
        XCTAssertEqual("🇨🇳".displayWidth, 2, "flag")
        XCTAssertEqual("❤️".displayWidth, 2, "text-default heart with VS16")
        XCTAssertEqual("क्ष".displayWidth, 2, "Devanagari conjunct: two spacing letters and a virama")
        XCTAssertEqual("क्ष".count, 1)
        XCTAssertEqual("e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}".displayWidth, 1, "stacked combining marks")
        XCTAssertEqual("x\u{200D}e\u{301}\u{301}\u{308}".displayWidth, 2)
        XCTAssertEqual("›\u{FE0F}".displayWidth, 1, "VS16 after a non-emoji stays one cell")
    }

    func testPlaceholderBracketsSurviveAVariationSelector() {
        let shown = SafeText.sanitize("a\u{2066}\u{FE0F}b")
        XCTAssertTrue(shown.unicodeScalars.starts(with: "a‹U+2066›".unicodeScalars), shown)
        XCTAssertEqual(shown.unicodeScalars.last, "b", shown)
        XCTAssertEqual(shown.displayWidth, "a‹U+2066›b".displayWidth, "the selector adds no cell and hides no bracket")
        // Truncation keeps whole graphemes: the bracket is never cut from its selector.
        let cut = shown.truncated(toWidth: 9, ellipsis: "")
        XCTAssertEqual(cut.displayWidth, 9)
        XCTAssertTrue(cut.unicodeScalars.contains("›"), cut)
    }

    func testMixedHostileLineMeasuresByCluster() {
        let line = SafeText.sanitize("\u{1B}]0;X\u{07}👍🏽👨‍👩‍👧🇨🇳❤️क्ष\u{202E}e\u{301}\u{301}")
        XCTAssertFalse(line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        let expected = "␛]0;X␇".displayWidth + 2 + 2 + 2 + 2 + 2 + "‹U+202E›".displayWidth + 1
        XCTAssertEqual(line.displayWidth, expected)
        XCTAssertEqual(line.fitted(toWidth: 30).displayWidth, 30)
    }
}
