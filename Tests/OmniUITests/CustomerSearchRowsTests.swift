import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// The Customers view's candidate rows: what tells namesakes apart (masked phone, city, last
/// order, channel) and why each matched, at 80x24.
final class CustomerSearchRowsTests: XCTestCase {
    func lines(_ h: AppHarness) -> [String] { h.text.components(separatedBy: "\n") }

    func testEndingOfAPhoneListsTheCandidateRow() throws {
        let h = try AppHarness(width: 80, height: 24)
        h.type("5678")
        let frame = lines(h)
        XCTAssertEqual(frame[3], "│Search: 5678                                                                  │", h.text)
        XCTAssertEqual(frame[5], "│  Name     Phone           City      Last order Channel     Tier  Matched     │", h.text)
        XCTAssertEqual(frame[6], "│▶ 王芳     +86138****5678  Shanghai  2025-12-09 marketplace gold  phone …5678 │", h.text)
        XCTAssertEqual(frame[7], "│                                                                              │", "one candidate")
    }

    func testPinyinAndInitialsFindTheChineseName() throws {
        for typed in ["wang fang", "wangfang", "wf", "wnag fang"] {
            let h = try AppHarness(width: 80, height: 24)
            h.type(typed)
            let frame = lines(h)
            let cells = frame[6].split(separator: " ").map(String.init)
            XCTAssertEqual(Array(cells.prefix(6)), ["│▶", "王芳", "+86138****5678", "Shanghai", "2025-12-09", "marketplace"],
                           "\(typed):\n\(h.text)")
            XCTAssertTrue(frame[6].hasSuffix(typed == "wnag fang" ? "similar name │" : " name    │"), "\(typed):\n\(h.text)")
            XCTAssertEqual(frame[7], "│                                                                              │", "one candidate")
        }
    }

    func testAShortNumberSaysHowToTypeAnID() throws {
        let h = try AppHarness(width: 80, height: 24)
        h.type("42")
        XCTAssertTrue(lines(h).contains("│    Not an id: #42 is customer 42; 4+ digits match phone and card endings     │"), h.text)
        XCTAssertTrue(h.state.currentScreen is CustomerSearchScreen, "a number never opens a customer")
    }
}
