import Foundation
import XCTest

/// Arguments that name nothing are errors (exit 2, the argument named), never zeros or ignored.
final class ArgumentsEndToEndTests: TmuxTestCase {
    func testUnknownFiguresAndBadDatesAreUsageErrors() throws {
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-args")
        let db = dir.appendingPathComponent("a.db").path
        XCTAssertEqual(try run(omni, ["init", "--db", db]).0, 0)
        for (args, says) in [(["kpi", "--explain", "revenue-"], "no figure \"revenue-\""),
                             (["kpi", "--explain", "orders-nochannel"], "no figure \"orders-nochannel\""),
                             (["store", "--date", "garbage"], "--date takes a real calendar date as YYYY-MM-DD, not \"garbage\""),
                             (["store", "--date", "2026-02-30"], "not \"2026-02-30\""),
                             (["store", "1", "--date", "2026-02-30"], "not \"2026-02-30\""),
                             (["store", "--date", "2026-02-28"], "--date needs a store")] {
            let (code, out) = try run(omni, args + ["--db", db])
            XCTAssertEqual(code, 2, "\(args): \(out)")
            XCTAssertTrue(out.contains(says), "\(args): \(out)")
        }
        let (code, out) = try run(omni, ["kpi", "--explain", "revenue-web", "--db", db])
        XCTAssertEqual(code, 0, out)
    }
}
