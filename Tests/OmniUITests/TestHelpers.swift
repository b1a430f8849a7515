import XCTest
@testable import OmniUI

extension Canvas {
    /// Columns (x) whose cell starts with `text`'s first grapheme on row `y`, for position checks.
    func column(of text: String, row y: Int) -> Int? {
        let first = String(text.first!)
        for x in 0..<width where self[x, y].text == first {
            var s = ""
            var cx = x
            while cx < width, s.count < text.count {
                s += self[cx, y].text
                cx += 1
            }
            if s.hasPrefix(text) { return x }
        }
        return nil
    }

    /// Styles of row `y` from `x` for `count` cells.
    func styles(row y: Int, from x: Int, count: Int) -> [StyleRole] {
        (x..<(x + count)).map { self[$0, y].style }
    }
}
