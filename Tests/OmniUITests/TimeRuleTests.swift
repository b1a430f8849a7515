import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// One rule for time: the operator's zone everywhere, named in the header clock; the store's own
/// zone in the store's day, named beside the day.
final class TimeRuleTests: XCTestCase {
    func testAVisitAt2030StoreTimeInTheStoresDayAndThe360() throws {
        let saved = TimeText.operatorZone
        defer { TimeText.operatorZone = saved }
        let h = try SeededHarness(width: 200, height: 50)
        let offset = try StoreDay.utcOffsetMinutes(h.db)
        XCTAssertEqual(offset, 480)
        let store = try XCTUnwrap(try StoreDay.stores(h.db).first)
        // A customer with one order, so the 360's appointments panel is on its first page.
        let customer = try h.db.scalarInt("SELECT id FROM customers WHERE order_count = 1 AND merged_into IS NULL ORDER BY id LIMIT 1")
        let localDay = (h.state.now + Int64(offset) * 60) / 86_400
        let startsAt = localDay * 86_400 - Int64(offset) * 60 + 20 * 3_600 + 30 * 60
        try h.db.execute("""
            INSERT INTO appointments(customer_id, location_id, starts_at, purpose, status) VALUES (?, ?, ?, 'fitting', 'booked')
            """, [customer, store.id, startsAt])

        // The operator in Shanghai: the 360 and the store's day both read 20:30, the zone named.
        TimeText.operatorZone = try XCTUnwrap(TimeZone(identifier: "Asia/Shanghai"))
        h.send(.route(.customer(id: Int64(customer))))
        XCTAssertTrue(h.text.contains(TimeText.date(startsAt) + " 20:30"), h.text)
        XCTAssertTrue(h.text.split(separator: "\n")[0].contains("UTC+08:00"), "the header clock names its zone")
        h.send(.route(.store(query: store.code)))
        XCTAssertTrue(h.state.currentScreen is StoreDayScreen, "\(h.state.tab) " + h.text)
        XCTAssertTrue(h.text.contains("20:30"), h.text)
        XCTAssertTrue(h.text.contains("store time UTC+08:00"), h.text)

        // The operator in UTC: the 360 reads 12:30 and the header says UTC; the store's day stays
        // in store time, 20:30, and says so.
        TimeText.operatorZone = try XCTUnwrap(TimeZone(identifier: "UTC"))
        h.send(.route(.customer(id: Int64(customer))))
        XCTAssertTrue(h.text.contains(TimeText.date(startsAt) + " 12:30"), h.text)
        XCTAssertFalse(h.text.contains(TimeText.date(startsAt) + " 20:30"), h.text)
        XCTAssertTrue(h.text.split(separator: "\n")[0].contains("UTC+00:00"), h.text)
        h.send(.route(.store(query: store.code)))
        XCTAssertTrue(h.text.contains("20:30"), h.text)
        XCTAssertTrue(h.text.contains("store time UTC+08:00"), h.text)
    }

    func testZonesByNameAndOffset() {
        XCTAssertEqual(TimeText.zone(named: "UTC+08:00")?.secondsFromGMT(), 8 * 3_600)
        XCTAssertEqual(TimeText.zone(named: "UTC-05:30")?.secondsFromGMT(), -(5 * 3_600 + 1_800))
        XCTAssertEqual(TimeText.zone(named: "Asia/Shanghai")?.identifier, "Asia/Shanghai")
        XCTAssertNil(TimeText.zone(named: "Mars/Olympus"))
        XCTAssertNil(TimeText.zone(named: "UTC+99"))
        XCTAssertEqual(TimeText.zoneLabel(TimeZone(secondsFromGMT: -3 * 3_600 - 1_800)!, at: 0), "UTC-03:30")
    }
}
