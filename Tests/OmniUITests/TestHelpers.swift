import Foundation
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

/// A fresh, empty folder under the system temporary folder; the caller removes it.
func makeTemporaryFolder(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

extension XCTestCase {
    /// A fresh folder for this test, removed when the test ends, whether it passed or failed.
    func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = try makeTemporaryFolder(prefix)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }
}
