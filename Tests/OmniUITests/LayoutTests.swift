import XCTest
@testable import OmniUI

final class LayoutTests: XCTestCase {
    func testRowsAndColumns() {
        let screen = Rect(x: 0, y: 0, width: 100, height: 30)
        let rows = screen.rows([.fixed(1), .fixed(1), .fill, .fixed(1)])
        XCTAssertEqual(rows.map(\.height), [1, 1, 27, 1])
        XCTAssertEqual(rows.map(\.y), [0, 1, 2, 29])
        let cols = screen.columns([.percent(30), .flex(2), .flex(1)], spacing: 1)
        XCTAssertEqual(cols.map(\.width), [29, 46, 23])
        XCTAssertEqual(cols.map(\.x), [0, 30, 77])
        let mins = Rect(x: 0, y: 0, width: 20, height: 1).columns([.min(15), .flex(1)])
        XCTAssertEqual(mins.map(\.width), [18, 2])
        let tight = Rect(x: 0, y: 0, width: 10, height: 1).columns([.fixed(8), .fixed(8)])
        XCTAssertEqual(tight.map(\.width), [8, 2])
    }

    func testInsetAndCentre() {
        let r = Rect(x: 2, y: 3, width: 10, height: 6)
        XCTAssertEqual(r.inset(by: 1), Rect(x: 3, y: 4, width: 8, height: 4))
        XCTAssertEqual(r.inset(by: EdgeInsets(top: 1, left: 2)), Rect(x: 4, y: 4, width: 8, height: 5))
        XCTAssertEqual(r.inset(by: 10).width, 0)
        XCTAssertEqual(r.centered(width: 4, height: 2), Rect(x: 5, y: 5, width: 4, height: 2))
    }

    func testBoxWithTitle() {
        var canvas = Canvas(width: 16, height: 4)
        let inner = Box(title: "Orders", trailingTitle: "3").render(into: &canvas, in: Rect(canvas))
        XCTAssertEqual(canvas.line(0), "┌─ Orders ─ 3 ─┐")
        XCTAssertEqual(canvas.line(1), "│              │")
        XCTAssertEqual(canvas.line(3), "└──────────────┘")
        XCTAssertEqual(inner, Rect(x: 1, y: 1, width: 14, height: 2))
        var narrow = Canvas(width: 14, height: 3)
        Box(title: "Orders", trailingTitle: "3").render(into: &narrow, in: Rect(narrow))
        XCTAssertEqual(narrow.line(0), "┌─ Ord… ─ 3 ─┐")
        var wide = Canvas(width: 12, height: 3)
        Box(title: "王芳的订单列表").render(into: &wide, in: Rect(wide))
        XCTAssertEqual(wide.line(0), "┌─ 王芳… ──┐")
        XCTAssertEqual(wide[11, 0].text, "┐")
    }

    func testDrawAlignmentAndReturnValue() {
        var canvas = Canvas(width: 10, height: 3)
        XCTAssertEqual(canvas.draw("王芳", x: 0, y: 0, width: 10, style: .normal), 4)
        XCTAssertEqual(canvas.draw("42", x: 0, y: 1, width: 6, style: .accent, align: .right), 6)
        XCTAssertEqual(canvas.line(1), "    42    ")
        XCTAssertEqual(canvas[0, 1].style, .accent)
        XCTAssertEqual(canvas.draw("王芳芳", x: 0, y: 2, width: 5, style: .normal, align: .center), 5)
        XCTAssertEqual(canvas.line(2), "王芳…     ")
        // A wide character that would straddle the width limit is never half drawn.
        var c = Canvas(width: 6, height: 1)
        c.draw("abcdef", x: 0, y: 0, style: .normal)
        c.draw("王芳", x: 0, y: 0, width: 3, style: .normal)
        XCTAssertEqual(c.line(0), "王…def")
    }
}
