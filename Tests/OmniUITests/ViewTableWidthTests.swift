import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// Table columns are as wide as the values on screen (up to a maximum) before the one long
/// column takes the rest: short values show whole at 200 columns and the key ones at 80.
final class ViewTableWidthTests: XCTestCase {
    /// The `count` lines under the table header that contains `header`, top to bottom.
    func dataLines(_ canvas: Canvas, header: String, count: Int) throws -> [String] {
        let y = try XCTUnwrap((0..<canvas.height).first { canvas.line($0).contains(header) }, "no \(header) in\n\(canvas.text)")
        return (y + 1..<min(canvas.height, y + 1 + count)).map(canvas.line)
    }

    func assertWhole(_ values: [String], in line: String, file: StaticString = #filePath, line number: UInt = #line) {
        for value in values where !value.isEmpty {
            XCTAssertTrue(line.contains(value), "\"\(value)\" whole in\n\(line)", file: file, line: number)
        }
    }

    func testSKUSearchShowsTheColourWholeAt200AndTheKeyColumnsAt80() throws {
        for (w, hgt) in [(200, 50), (80, 24)] {
            let h = try SeededHarness(width: w, height: hgt)
            h.keys(.function(3), .char("/"))
            h.type("BED")
            let hits = try XCTUnwrap(h.state.currentScreen as? StockSearchScreen).hits
            XCTAssertTrue(hits.contains { $0.color == "sage 鼠尾草绿" }, "\(hits.map(\.code))")
            let canvas = h.canvas
            let lines = try dataLines(canvas, header: "Colour", count: hits.count)
            XCTAssertEqual(lines.count, hits.count)
            for (hit, line) in zip(hits, lines) {
                assertWhole([hit.code + " ", " " + hit.color + " ", " " + hit.size + " ", hit.price.description], in: line)
                if w == 200 { assertWhole([hit.name], in: line) }
            }
            XCTAssertFalse(canvas.text.contains("鼠尾…"), canvas.text)
        }
    }

    func testListsKeepTheirKeyColumnsWholeAt80() throws {
        let h = try SeededHarness(width: 80, height: 24)
        let visible = SeededHarness.visibleRows(h.state)

        h.type("王")
        let customers = try XCTUnwrap(h.state.currentScreen as? CustomerSearchScreen).hits.prefix(visible)
        XCTAssertFalse(customers.isEmpty)
        // Candidates at 80: what tells namesakes apart (phone, city, last order, channel) is whole.
        for (c, line) in zip(customers, try dataLines(h.canvas, header: "Phone", count: customers.count)) {
            assertWhole([c.name, c.maskedPhone ?? "–", c.city, c.lastOrderAt.map { TimeText.date($0) } ?? "–", c.lastChannel ?? "–"],
                        in: line)
        }

        h.keys(.function(2))
        let orders = try XCTUnwrap(h.state.currentScreen as? OrderListScreen).rows.prefix(visible)
        XCTAssertTrue(orders.contains { $0.externalRef.count >= 15 }, "a long marketplace reference on screen")
        for (o, line) in zip(orders, try dataLines(h.canvas, header: "Promise", count: orders.count)) {
            assertWhole([o.externalRef + " ", " " + o.channel + " ", TimeText.short(o.placedAt), " " + o.status + " ",
                         o.total.description, ViewText.promise(o).0], in: line)
        }

        h.keys(.function(4))
        let tickets = try XCTUnwrap(h.state.currentScreen as? TicketQueueScreen).rows.prefix(visible)
        XCTAssertFalse(tickets.isEmpty)
        for (t, line) in zip(tickets, try dataLines(h.canvas, header: "Subject", count: tickets.count)) {
            assertWhole([TicketText.sla(t, now: h.state.now).text, " \(t.id) ", " " + t.priority + " ", " " + t.channel + " "],
                        in: line)
        }

        h.keys(.function(3), .escape, .char("l"))
        let low = try XCTUnwrap(h.state.currentScreen as? LowStockScreen).rows.prefix(visible)
        XCTAssertFalse(low.isEmpty)
        for (r, line) in zip(low, try dataLines(h.canvas, header: "ATP", count: low.count)) {
            assertWhole([r.skuCode + " ", " \(r.onHand) ", StockText.cell(max(0, r.available), r.level).text], in: line)
        }
    }
}
