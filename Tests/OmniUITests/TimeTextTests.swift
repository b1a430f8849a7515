import Foundation
import XCTest
@testable import OmniUI

final class TimeTextTests: XCTestCase {
    /// The day arithmetic gives the fields Foundation's Gregorian calendar gives, in zones with
    /// daylight saving, half-hour and 45-minute offsets, and across leap years and centuries.
    func testFieldsAgreeWithFoundationsCalendar() throws {
        let zones = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe",
                     "Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati"].compactMap(TimeZone.init(identifier:))
        XCTAssertEqual(zones.count, 8)
        var moments: [Int64] = [0, -1, -86_400, 951_782_400, 951_868_799, 4_107_542_400, 1_767_000_000,
                                TimeText.gregorianFrom, TimeText.gregorianFrom - 1]
        var x: UInt64 = 42
        for _ in 0..<3_000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            moments.append(Int64(x >> 31) % 7_000_000_000 - 2_208_988_800)  // 1900 to 2121
        }
        for zone in zones {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            for t in moments {
                let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(t)))
                let expected = TimeText.Fields(year: c.year!, month: c.month!, day: c.day!, hour: c.hour!, minute: c.minute!)
                XCTAssertEqual(TimeText.fields(t, zone: zone), expected, "\(t) in \(zone.identifier)")
            }
        }
    }

    func testFormats() throws {
        let shanghai = try XCTUnwrap(TimeZone(identifier: "Asia/Shanghai"))
        XCTAssertEqual(TimeText.dateTime(1_767_000_000, zone: shanghai), "2025-12-29 17:20")
        XCTAssertEqual(TimeText.date(1_767_000_000, zone: shanghai), "2025-12-29")
        XCTAssertEqual(TimeText.short(1_767_000_000, zone: shanghai), "12-29 17:20")
        XCTAssertEqual(TimeText.clock(1_767_000_000, zone: try XCTUnwrap(TimeZone(identifier: "UTC"))), "09:20")
    }
}
