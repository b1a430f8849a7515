import XCTest
@testable import OmniUI

final class WidgetTests: XCTestCase {
    func testSparkline() {
        let s = Sparkline([0, 1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(s.text(), "▁▂▃▄▅▆▇█")
        XCTAssertEqual(Sparkline([5, 5, 5]).text(), "▄▄▄")
        XCTAssertEqual(Sparkline([0, 10, .nan, 5], minimum: 0, maximum: 10).text(), "▁█ ▅")
        var canvas = Canvas(width: 6, height: 1)
        Sparkline([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).render(into: &canvas, in: Rect(canvas))
        // The most recent values are the ones shown, scaled to their own range.
        XCTAssertEqual(canvas.line(0), "▁▂▄▅▇█")
        XCTAssertEqual(canvas[0, 0].style, .sparkline)
    }

    func testGauge() {
        var canvas = Canvas(width: 24, height: 1)
        let gauge = Gauge("SLA", fraction: 0.923, styleFor: Gauge.thresholds(good: 0.95, warn: 0.9))
        gauge.render(into: &canvas, in: Rect(canvas))
        // "SLA " + 14-cell bar + " " + "92.3%"
        XCTAssertEqual(canvas.line(0), "SLA █████████████░ 92.3%")
        XCTAssertEqual(canvas[4, 0].style, .warn)
        XCTAssertEqual(canvas[17, 0].style, .dim)
        XCTAssertEqual(canvas[19, 0].style, .warn)
        XCTAssertEqual(Gauge("x", fraction: 1).percentText, "100.0%")
        XCTAssertEqual(Gauge("x", fraction: 0.5).percentText, "50.0%")
    }

    func testBarChart() {
        var canvas = Canvas(width: 20, height: 2)
        BarChart([.init("Web", 100), .init("微信", 50)]).render(into: &canvas, in: Rect(canvas))
        // labels 4 wide, bar 11 wide from x=5, values right-aligned in 3 cells.
        XCTAssertEqual(canvas.line(0), "Web  ███████████ 100")
        XCTAssertEqual(canvas.line(1), "微信 █████▌       50")
        XCTAssertEqual(canvas[5, 0].style, .bar)
        XCTAssertEqual(BarChart.barText(fraction: 0.5625, width: 2), "█▏")
    }

    func testTabsMarkActiveWithoutColour() {
        var canvas = Canvas(width: 40, height: 1)
        Tabs(["Customers", "Orders", "Stock"], active: 1).render(into: &canvas, in: Rect(canvas))
        XCTAssertEqual(canvas.line(0), " 1 Customers  [2 Orders]  3 Stock       ")
        let x = canvas.column(of: "[2", row: 0)!
        XCTAssertEqual(canvas[x, 0].style, .tabActive)
        XCTAssertEqual(canvas[1, 0].style, .tab)
    }

    func testFooterHints() {
        var canvas = Canvas(width: 40, height: 1)
        FooterBar(hints: [KeyHint("↵", "open"), KeyHint("/", "filter"), KeyHint("?", "help")],
                  right: [StyledText("12/340")]).render(into: &canvas, in: Rect(canvas))
        XCTAssertEqual(canvas.line(0), " ↵ open  / filter  ? help        12/340 ")
        XCTAssertEqual(canvas[1, 0].style, .footerKey)
        XCTAssertEqual(canvas[3, 0].style, .footer)
        // Too narrow: hints that do not fit are dropped whole, never cut.
        var narrow = Canvas(width: 24, height: 1)
        FooterBar(hints: [KeyHint("↵", "open"), KeyHint("/", "filter"), KeyHint("?", "help")],
                  right: [StyledText("12/340")]).render(into: &narrow, in: Rect(narrow))
        XCTAssertEqual(narrow.line(0), " ↵ open          12/340 ")
    }

    func testHeaderBarKeepsRightSide() {
        var canvas = Canvas(width: 30, height: 1)
        HeaderBar(left: [StyledText("omni"), StyledText("Shanghai flagship store")],
                  right: [StyledText("● live", style: .headerLive), StyledText("12:04")])
            .render(into: &canvas, in: Rect(canvas))
        XCTAssertTrue(canvas.line(0).hasSuffix("● live  12:04 "), canvas.line(0))
        XCTAssertTrue(canvas.line(0).hasPrefix(" omni  Shang"))
        XCTAssertTrue(canvas.line(0).contains("…"))
        XCTAssertEqual(canvas[canvas.column(of: "●", row: 0)!, 0].style, .headerLive)
    }

    func testListViewSelectionMarker() {
        var canvas = Canvas(width: 16, height: 3)
        ListView(items: [ListItem("Apples", detail: "3"), "Pears", "Plums", "Figs"],
                 state: ScrollState(selected: 3)).render(into: &canvas, in: Rect(canvas))
        XCTAssertEqual(canvas.line(0), "  Pears         ")
        XCTAssertEqual(canvas.line(2), "▶ Figs          ")
        XCTAssertEqual(canvas[5, 2].style, .selection)
        XCTAssertEqual(canvas[5, 1].style, .normal)
    }

    func testKeyValueBlockAligned() {
        var canvas = Canvas(width: 24, height: 2)
        KeyValueBlock([KeyValueBlock.Pair("Customer", "王芳"), KeyValueBlock.Pair("Tier", "VIP", style: .accent)])
            .render(into: &canvas, in: Rect(canvas))
        XCTAssertEqual(canvas.line(0), "Customer: 王芳" + String(repeating: " ", count: 10))
        XCTAssertEqual(canvas.line(1), "    Tier: VIP           ")
        XCTAssertEqual(canvas[10, 1].style, .accent)
        XCTAssertEqual(canvas[0, 0].style, .dim)
    }

    func testTextBlockWrapsAndClips() {
        var canvas = Canvas(width: 10, height: 2)
        TextBlock("Deliver to the back door please, ring twice").render(into: &canvas, in: Rect(canvas))
        XCTAssertEqual(canvas.line(0), "Deliver to")
        XCTAssertEqual(canvas.line(1), "the back… ")
    }

    func testModalClearsBeneathAndCentres() {
        var canvas = Canvas(width: 30, height: 9)
        for y in 0..<9 { canvas.draw(String(repeating: "x", count: 30), x: 0, y: y, style: .normal) }
        let body = Modal(title: "Help", body: "Press q to quit", footer: "Esc close", width: 20)
            .renderModal(into: &canvas, in: Rect(canvas))
        XCTAssertEqual(canvas.line(1), String(repeating: "x", count: 30))
        XCTAssertEqual(canvas.line(2), "xxxxx╭─ Help ───────────╮xxxxx")
        XCTAssertEqual(canvas.line(3), "xxxxx│ Press q to quit  │xxxxx")
        XCTAssertEqual(canvas.line(4), "xxxxx│                  │xxxxx")
        XCTAssertEqual(canvas.line(5), "xxxxx│        Esc close │xxxxx")
        XCTAssertEqual(canvas.line(6), "xxxxx╰──────────────────╯xxxxx")
        XCTAssertEqual(body, Rect(x: 7, y: 3, width: 16, height: 1))
        XCTAssertEqual(canvas[5, 2].style, .border)
        XCTAssertEqual(canvas[8, 2].style, .title)
        XCTAssertEqual(canvas[6, 4].style, .normal)
    }

    func testToastErrorVariant() {
        var canvas = Canvas(width: 20, height: 1)
        Toast.error("save failed").render(into: &canvas, in: Rect(canvas))
        XCTAssertEqual(canvas.line(0), "      ✖ save failed ")
        XCTAssertTrue(canvas.line(0).contains("✖ save failed"))
        XCTAssertEqual(canvas[19, 0].style, .toastError)
        var info = Canvas(width: 20, height: 1)
        Toast("copied").render(into: &info, in: Rect(info))
        XCTAssertEqual(info.line(0), "             copied ")
        XCTAssertEqual(info[19, 0].style, .toast)
        XCTAssertEqual(info[0, 0].style, .normal)
    }
}
