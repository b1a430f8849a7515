import XCTest
@testable import OmniUI

final class TableTests: XCTestCase {
    /// A row source that records every window it is asked for.
    final class CountingSource: TableRowSource {
        let rowCount: Int
        var requests: [Range<Int>] = []
        init(count: Int) { rowCount = count }
        func rows(in range: Range<Int>) -> [TableRow] {
            requests.append(range)
            return range.map { TableRow(texts: ["C\($0)", "王芳", "\($0 * 10)"]) }
        }
    }

    func testWideCharactersDoNotShiftNextColumn() {
        let columns = [
            TableColumn("Name", width: .fixed(5)),
            TableColumn("Note", width: .fixed(3)),
            TableColumn("Total", align: .right, width: .fixed(6)),
        ]
        let rows = [
            TableRow(texts: ["王芳芳芳", "🎉🎉", "12"]),
            TableRow(texts: ["abcdefg", "xyzw", "345"]),
            TableRow(texts: ["王芳", "🎉", "6789"]),
        ]
        var canvas = Canvas(width: 20, height: 4)
        let table = Table(columns: columns, source: ArrayRowSource(rows), showsSelection: false)
        table.render(into: &canvas, in: Rect(canvas))
        // Marker 2 cells, Name at 2 (5 wide), Note at 8 (3 wide), Total at 12 (6 wide, right).
        XCTAssertEqual(canvas.line(1), "  王芳… 🎉…     12  ")
        XCTAssertEqual(canvas.line(2), "  abcd… xy…    345  ")
        XCTAssertEqual(canvas.line(3), "  王芳  🎉    6789  ")
        XCTAssertEqual(canvas[2, 1].text, "王")
        XCTAssertTrue(canvas[3, 1].isContinuation)
        XCTAssertEqual(canvas[6, 1].text, "…")
        XCTAssertEqual(canvas[8, 1].text, "🎉")
        XCTAssertEqual(canvas[10, 1].text, "…")
        // The Total column's digits end at the same column in every row.
        for y in 1...3 {
            XCTAssertNotEqual(canvas[17, y].text, " ", "row \(y)")
            XCTAssertEqual(canvas[18, y].text, " ", "row \(y)")
        }
    }

    func testHeaderSortMarkerAndSelectionBar() {
        let columns = [TableColumn("Name", width: .fixed(6)), TableColumn("Total", align: .right, width: .fixed(7))]
        let rows = (0..<5).map { TableRow(texts: ["n\($0)", "\($0)"]) }
        var canvas = Canvas(width: 20, height: 4)
        Table(columns: columns, source: ArrayRowSource(rows), state: ScrollState(selected: 1),
              sort: (1, .descending)).render(into: &canvas, in: Rect(canvas))
        XCTAssertEqual(canvas.line(0), "  Name   Total ▼    ")
        XCTAssertEqual(canvas[0, 0].style, .tableHeader)
        XCTAssertEqual(canvas.line(2), "▶ n1           1    ")
        XCTAssertEqual(Set(canvas.styles(row: 2, from: 0, count: 20)), [.selection])
        XCTAssertEqual(canvas[0, 1].text, " ")
        XCTAssertEqual(canvas[2, 1].style, .normal)
    }

    func testCellAndRowStyleOverrides() {
        let columns = [TableColumn("Order", width: .fixed(6)), TableColumn("Due", width: .fixed(6))]
        let rows = [
            TableRow([TableCell("10023"), TableCell("late", style: .bad)]),
            TableRow([TableCell("10024"), TableCell("ok")], style: .new),
        ]
        var canvas = Canvas(width: 16, height: 3)
        Table(columns: columns, source: ArrayRowSource(rows), showsSelection: false)
            .render(into: &canvas, in: Rect(canvas))
        XCTAssertEqual(canvas[9, 1].style, .bad)
        XCTAssertEqual(canvas[2, 1].style, .normal)
        XCTAssertEqual(canvas[2, 2].style, .new)
        XCTAssertEqual(canvas[9, 2].style, .new)
    }

    func testLowPriorityColumnsDropAtNarrowWidths() {
        let columns = [
            TableColumn("Customer", width: .flexible(min: 20), priority: 10),
            TableColumn("City", width: .flexible(min: 12), priority: 2),
            TableColumn("Email", width: .flexible(min: 24), priority: 1),
            TableColumn("Orders", align: .right, width: .fixed(7), priority: 9),
            TableColumn("Spend", align: .right, width: .fixed(10), priority: 8),
            TableColumn("Segment", width: .fixed(12), priority: 3),
        ]
        let source = ArrayRowSource([TableRow(texts: ["王芳", "上海", "fang@example.cn", "12", "3,400.00", "VIP"])])
        let wide = Table(columns: columns, source: source)
        XCTAssertEqual(wide.layout(width: 160).map(\.column), [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(wide.layout(width: 80).map(\.column), [0, 1, 3, 4, 5])
        XCTAssertEqual(wide.layout(width: 60).map(\.column), [0, 3, 4, 5])
        XCTAssertEqual(wide.layout(width: 41).map(\.column), [0, 3, 4])
        XCTAssertEqual(wide.layout(width: 40).map(\.column), [0, 3])

        var c160 = Canvas(width: 160, height: 2)
        wide.render(into: &c160, in: Rect(c160))
        var c80 = Canvas(width: 80, height: 2)
        wide.render(into: &c80, in: Rect(c80))
        XCTAssertTrue(c160.line(0).contains("Email"))
        XCTAssertTrue(c160.line(1).contains("fang@example.cn"))
        XCTAssertFalse(c80.line(0).contains("Email"))
        XCTAssertFalse(c80.line(1).contains("fang@example.cn"))
        XCTAssertTrue(c80.line(1).contains("3,400.00"))
        XCTAssertEqual(c80.line(0).displayWidth, 80)
        // Flexible columns share the spare width: at 80 nothing is left over at the right.
        let layout = wide.layout(width: 80)
        XCTAssertEqual(layout.last.map { $0.x + $0.width }, 80)
    }

    /// A SKU table like the Stock search: one flexible Name column without a maximum.
    static let skuColumns = [
        TableColumn("Code", width: .flexible(min: 12, max: 20), priority: 10),
        TableColumn("Name", width: .flexible(min: 12, weight: 3), priority: 9),
        TableColumn("Colour", width: .flexible(min: 6, max: 16), priority: 4),
        TableColumn("Size", width: .fixed(5), priority: 5),
        TableColumn("Price", align: .right, width: .flexible(min: 9, max: 12), priority: 6),
    ]
    static let skuRows = [
        TableRow(texts: ["BED-SGE-180", "Cotton bedding set 纯棉四件套, sage 鼠尾草绿, 180", "sage 鼠尾草绿", "180", "¥908.00"]),
        TableRow(texts: ["BED-GRY-150", "Cotton bedding set 纯棉四件套, grey 灰, 150", "grey 灰", "150", "¥699.00"]),
    ]

    func testColumnsFitTheirContentBeforeTheFlexibleColumnTakesTheRest() {
        let table = Table(columns: Self.skuColumns, source: ArrayRowSource(Self.skuRows), showsSelection: false)
        for width in [200, 120] {
            var canvas = Canvas(width: width, height: 3)
            table.render(into: &canvas, in: Rect(canvas))
            XCTAssertTrue(canvas.line(1).contains("  sage 鼠尾草绿 "), "\(width):\n\(canvas.text)")
            XCTAssertTrue(canvas.line(1).contains("Cotton bedding set 纯棉四件套, sage 鼠尾草绿, 180 "), canvas.text)
            // Name takes what the others leave: the table fills the width.
            XCTAssertEqual(table.layout(width: width, rows: Self.skuRows).last.map { $0.x + $0.width }, width)
        }
        // Narrow: the short values stay whole and the long name is the one cut.
        var canvas = Canvas(width: 64, height: 3)
        table.render(into: &canvas, in: Rect(canvas))
        // Code and Price are narrower than their minimum and give the difference to Name.
        XCTAssertEqual(canvas.line(0), "  Code        Name                   Colour        Size    Price")
        XCTAssertEqual(canvas.line(1), "  BED-SGE-180 Cotton bedding set 纯… sage 鼠尾草绿 180   ¥908.00")
        XCTAssertEqual(canvas.line(2), "  BED-GRY-150 Cotton bedding set 纯… grey 灰       150   ¥699.00")
    }

    func testImportantColumnsAreShownWholeFirstAndTheOpenEndedOneTakesTheRest() {
        let columns = [
            TableColumn("Id", width: .fixed(4), priority: 10),
            TableColumn("Subject", width: .flexible(min: 8, weight: 3), priority: 9),
            TableColumn("Customer", width: .flexible(min: 8, max: 20), priority: 6),
            TableColumn("Channel", width: .flexible(min: 7, max: 11), priority: 5),
        ]
        let rows = [TableRow(texts: ["1", "Where is my order TM2600000045526?", "Grace Johnson", "marketplace"])]
        let table = Table(columns: columns, source: ArrayRowSource(rows), showsSelection: false)
        // Marker 2 + 4 + 8 + 8 + 7 + 3 gaps = 32. With 6 cells more, Customer (missing 5) is
        // shown whole before Channel (missing 4, less important), which gets the one left.
        XCTAssertEqual(table.layout(width: 38, rows: rows).map(\.width), [4, 8, 13, 8])
        // With 9 more, both are whole; Subject, open-ended, is cut even though it ranks higher.
        XCTAssertEqual(table.layout(width: 41, rows: rows).map(\.width), [4, 8, 13, 11])
        // With room for everything, Subject is whole and the rest is shared by weight up to max.
        XCTAssertEqual(table.layout(width: 80, rows: rows).map(\.width), [4, 44, 16, 11])
        // Titles are content too (with the sort marker), and Subject's is narrower than its minimum.
        let sorted = Table(columns: columns, source: ArrayRowSource([]), sort: (3, .ascending))
        XCTAssertEqual(sorted.layout(width: 33, rows: []).map(\.width), [4, 7, 8, 9])
    }

    func testVirtualSourceIsAskedOnlyForTheVisibleWindow() {
        let source = CountingSource(count: 5_000_000)
        let table = Table(columns: [TableColumn("Id", width: .fixed(10)), TableColumn("Name"),
                                    TableColumn("N", align: .right, width: .fixed(8))],
                          source: source, state: ScrollState(selected: 2_500_005, offset: 2_500_000))
        var canvas = Canvas(width: 60, height: 11)
        table.render(into: &canvas, in: Rect(canvas))
        XCTAssertEqual(source.requests, [2_500_000..<2_500_010])
        XCTAssertEqual(canvas.line(1).prefix(12), "  C2500000  ")
        // Selection below the window scrolls just enough to show it.
        let below = Table(columns: table.columns, source: source, state: ScrollState(selected: 4_999_999, offset: 0))
        below.render(into: &canvas, in: Rect(canvas))
        XCTAssertEqual(source.requests.last, 4_999_990..<5_000_000)
        XCTAssertEqual(source.requests.count, 2)
        XCTAssertTrue(canvas.line(10).hasPrefix("▶ C4999999"))
    }

    func testEmptyState() {
        var canvas = Canvas(width: 30, height: 5)
        let source = CountingSource(count: 0)
        Table(columns: [TableColumn("Name")], source: source, emptyMessage: "No orders match “xyz”")
            .render(into: &canvas, in: Rect(canvas))
        XCTAssertTrue(source.requests.isEmpty)
        let y = (1...4).first { canvas.line($0).contains("No orders") }
        XCTAssertNotNil(y)
        if let y { XCTAssertEqual(canvas[canvas.column(of: "No", row: y)!, y].style, .placeholder) }
    }

    func testScrollStateKeepsSelectionVisible() {
        var s = ScrollState()
        s.move(by: 12, count: 100, visible: 10)
        XCTAssertEqual(s, ScrollState(selected: 12, offset: 3))
        s.pageDown(count: 100, visible: 10)
        XCTAssertEqual(s.selected, 21)
        XCTAssertEqual(s.offset, 12)
        s.bottom(count: 100, visible: 10)
        XCTAssertEqual(s, ScrollState(selected: 99, offset: 90))
        s.move(by: -95, count: 100, visible: 10)
        XCTAssertEqual(s, ScrollState(selected: 4, offset: 4))
        s.clamp(count: 0, visible: 10)
        XCTAssertEqual(s, ScrollState())
    }
}
