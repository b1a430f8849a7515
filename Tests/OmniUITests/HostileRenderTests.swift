import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// Hostile text in every text column, rendered in-process by every view at 80x24 and 200x50:
/// no control character, escape introducer, C1 or bidi control in any cell, and every row
/// exactly as wide as the screen (columns aligned).
final class HostileRenderTests: XCTestCase {
    static let hostile = """
        char(27) || ']0;PWNED' || char(7) || char(27) || '[2J' || char(155) || char(0) || char(127) || char(133) \
        || char(8238) || 'exe' || char(8294) || char(65039) || 'x' || char(8205) || 'e' || char(769) || char(769) \
        || char(128077) || char(127997) || char(128104) || char(8205) || char(128105) || char(127464) || char(127475) \
        || CAST(x'ff2dfe' AS TEXT) || char(13) || char(10) || 'L2'
        """

    func unsafeScalar(_ canvas: Canvas) -> String? {
        for y in 0..<canvas.height {
            for x in 0..<canvas.width {
                for s in canvas[x, y].text.unicodeScalars {
                    let v = s.value
                    if v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                        || v == 0x200E || v == 0x200F || v == 0x061C || v == 0x2028 || v == 0x2029 {
                        return "U+\(String(v, radix: 16)) at \(x),\(y)"
                    }
                }
            }
        }
        return nil
    }

    func check(_ h: AppHarness, _ label: String) {
        for (w, hgt) in [(80, 24), (200, 50)] {
            h.send(.resize(width: w, height: hgt))
            let canvas = AppRenderer.render(h.state)
            XCTAssertNil(unsafeScalar(canvas), "\(label) at \(w)x\(hgt)")
            XCTAssertEqual(canvas.width, w)
            // Columns stay aligned: every cell's text is as wide as the cells it holds, and
            // every wide cell is followed by its continuation (and only then).
            var misaligned: String?
            for y in 0..<canvas.height where misaligned == nil {
                for x in 0..<canvas.width {
                    let cell = canvas[x, y]
                    if cell.isContinuation {
                        if x == 0 || canvas[x - 1, y].width != 2 { misaligned = "orphan continuation at \(x),\(y)"; break }
                    } else if cell.text.displayWidth != Int(cell.width) {
                        misaligned = "\(cell.text.debugDescription) takes \(cell.text.displayWidth) cells, drawn in \(cell.width) at \(x),\(y)"; break
                    } else if cell.width == 2 && (x + 1 >= canvas.width || !canvas[x + 1, y].isContinuation) {
                        misaligned = "wide cell without continuation at \(x),\(y)"; break
                    }
                }
            }
            XCTAssertNil(misaligned, "\(label) at \(w)x\(hgt)")
        }
    }

    func testEveryViewDrawsHostileDataSafely() throws {
        let h = try AppHarness(width: 200, height: 50)
        let tables = try h.db.fetchAll("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")
            .map { $0.string(0) }
        var touched = 0
        for table in tables {
            for column in try h.db.fetchAll("SELECT name FROM pragma_table_info(?) WHERE upper(type) = 'TEXT'", [table]).map({ $0.string(0) }) {
                // Columns a CHECK or a foreign key keeps to a list cannot hold free text: skipped.
                if (try? h.db.execute("UPDATE OR IGNORE \"\(table)\" SET \"\(column)\" = \"\(column)\" || \(Self.hostile)")) != nil { touched += 1 }
            }
        }
        XCTAssertGreaterThan(touched, 30)
        try h.db.execute("UPDATE customers SET name = name || printf('%.*c', 100000, 'W') WHERE id = 2")

        h.send(.resize(width: 200, height: 50))
        check(h, "customer search")
        h.type("#1")
        check(h, "search hit")
        h.keys(.enter)
        check(h, "360")
        h.keys(.char("r"))
        check(h, "360 revealed")
        h.keys(.escape, .escape, .escape, .char("2"))
        check(h, "orders")
        h.keys(.enter)
        check(h, "order detail")
        h.keys(.escape, .escape, .char("3"))
        check(h, "stock search")
        h.type("TEE")
        check(h, "stock hits")
        h.keys(.enter)
        check(h, "stock detail")
        h.keys(.escape, .escape, .escape, .char("4"))
        check(h, "tickets")
        h.keys(.enter)
        check(h, "ticket detail")
        h.keys(.escape, .escape, .char("5"))
        check(h, "KPIs")
        h.keys(.escape, .char("6"))
        check(h, "stores")
        h.keys(.enter)
        check(h, "store day")
        h.keys(.char("?"))
        check(h, "help")
    }
}
