import XCTest
@testable import OmniTerminal

/// What curses is given for graphemes it cannot hold as one plain cell: the grapheme's exact
/// cells, never `？` (a fixed wcwidth like glibc's, so the test does not depend on the locale).
final class GlyphPlanTests: XCTestCase {
    func wcwidth(_ v: UInt32) -> Int {
        switch v {
        case 0x200D, 0xFE0F, 0x0301, 0x0308, 0x094D, 0x0302...0x0307: return 0
        case 0x1F3FB...0x1F3FF, 0x1F44D, 0x1F468, 0x1F469, 0x1F467, 0x1F466, 0x4E00...0x9FFF: return 2
        default: return 1
        }
    }

    func plan(_ text: String, _ width: Int) -> [GlyphPlan.Cell] { GlyphPlan.cells(for: text, width: width, wcwidth: wcwidth) }

    func testEveryHardGraphemeFillsItsCellsWithoutAQuestionMark() {
        for (text, width) in [("👍🏽", 2), ("👨‍👩‍👧", 2), ("👨‍👩‍👧‍👦", 2), ("🇨🇳", 2), ("❤️", 2), ("क्ष", 2),
                              ("e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}", 1), ("›\u{FE0F}", 1), ("中", 2), ("e\u{301}", 1)] {
            let cells = plan(text, width)
            XCTAssertEqual(cells.reduce(0) { $0 + $1.width }, width, text)
            XCTAssertFalse(cells.contains { $0.scalars.contains(0xFF1F) || $0.scalars.contains(0x3F) }, text)
            XCTAssertTrue(cells.allSatisfy { $0.scalars.count <= 5 && !$0.scalars.isEmpty }, text)
        }
    }

    func testWhatEachBecomes() {
        XCTAssertEqual(plan("👍🏽", 2), [GlyphPlan.Cell(scalars: [0x1F44D, 0x1F3FD], width: 2)])
        XCTAssertEqual(plan("🇨🇳", 2).map(\.scalars), [[0x1F1E8], [0x1F1F3]], "a flag's indicators, one cell each")
        XCTAssertEqual(GlyphPlan.cells(for: "🇨🇳", width: 2, wcwidth: { v in (0x1F1E6...0x1F1FF).contains(v) ? -1 : 1 }).map(\.scalars),
                       [[0x43], [0x4E]], "a flag curses cannot measure: its letters")
        XCTAssertEqual(plan("❤️", 2).map(\.scalars), [[0x2764], [0x20]])
        XCTAssertEqual(plan("क्ष", 2).map(\.scalars), [[0x915, 0x94D], [0x937]], "a conjunct scalar by scalar")
        XCTAssertEqual(plan("›\u{FE0F}", 1).map(\.scalars), [[0x203A, 0xFE0F]], "the bracket is drawn")
        XCTAssertEqual(plan("👨‍👩‍👧‍👦", 2).map(\.scalars), [[0x1F468]], "a cluster too long for a cell keeps its first person")
    }
}
