import Foundation
import XCTest
import OmniStore
@testable import OmniUI

final class ViewStockDumpTests: XCTestCase {
    func testDump() throws {
        guard ProcessInfo.processInfo.environment["OMNI_DUMP"] != nil else { return }
        for (w, hgt) in [(200, 50), (160, 48)] {
            let h = try SeededHarness(width: w, height: hgt)
            h.keys(.escape, .char("5"))
            print(h.text)
            print(h.state.currentScreen.kind)
        }
    }
}
