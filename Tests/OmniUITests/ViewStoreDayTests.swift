import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// The Stores tab on the small seeded store (fixed clock 2025-12-29): a store's day with
/// Chinese names, a cart item missing at the store (the nearest stock shown), prepare and undo.
final class ViewStoreDayTests: XCTestCase {
    /// Opens `:store code` and returns the day screen.
    @discardableResult
    func openStore(_ h: SeededHarness, _ code: String, file: StaticString = #filePath, line: UInt = #line) throws -> StoreDayScreen {
        h.keys(.escape, .char(":"))
        h.type("store " + code)
        h.keys(.enter)
        XCTAssertEqual(h.state.tab, .stores, file: file, line: line)
        return try XCTUnwrap(h.state.currentScreen as? StoreDayScreen, h.text, file: file, line: line)
    }

    /// The booked appointment today whose cart has an item not on hand at its store.
    func shortAppointment(_ db: Database) throws -> (code: String, appt: StoreAppointment, item: AppointmentItem) {
        let day = LocalDay(containing: SeededHarness.now, utcOffsetMinutes: try StoreDay.utcOffsetMinutes(db))
        for s in try StoreDay.stores(db) {
            let v = try StoreDay.load(db, locationID: s.id, day: day, now: SeededHarness.now)
            for a in v.appointments where a.status == "booked" {
                if let i = a.items.first(where: { $0.short && $0.nearest != nil }) { return (s.code, a, i) }
            }
        }
        throw XCTSkip("no appointment with a short item in the seed")
    }

    /// A booked appointment today whose cart can be prepared (the day's earlier visits may
    /// already be kept or missed, so it need not be the first).
    func preparableAppointment(_ db: Database) throws -> (code: String, appt: StoreAppointment) {
        let day = LocalDay(containing: SeededHarness.now, utcOffsetMinutes: try StoreDay.utcOffsetMinutes(db))
        for s in try StoreDay.stores(db) {
            let v = try StoreDay.load(db, locationID: s.id, day: day, now: SeededHarness.now)
            if let a = v.appointments.first(where: \.canPrepare) { return (s.code, a) }
        }
        XCTFail("the seed has no preparable appointment today")
        throw XCTSkip("no preparable appointment in the seed")
    }

    /// Walks the cursor down to the appointment.
    func select(_ h: SeededHarness, _ appt: StoreAppointment, file: StaticString = #filePath, line: UInt = #line) {
        var steps = 0
        while (h.state.currentScreen as? StoreDayScreen)?.cursor.selectedKey != "appt:\(appt.id)" && steps < 30 {
            h.keys(.char("j"))
            steps += 1
        }
        XCTAssertEqual((h.state.currentScreen as? StoreDayScreen)?.cursor.selectedKey, "appt:\(appt.id)", file: file, line: line)
    }

    func testStoreListIsTheTabRootAndEnterOpensTheDay() throws {
        let h = try SeededHarness(width: 80, height: 24)
        h.keys(.function(6))
        XCTAssertEqual(h.state.tab, .stores)
        XCTAssertTrue(h.text.contains("[6 Stores]") || h.text.contains("Stores"), h.text)
        let list = try XCTUnwrap(h.state.currentScreen as? StoreListScreen)
        XCTAssertEqual(list.stores, try StoreDay.stores(h.db))
        XCTAssertTrue(h.text.contains("三里屯店"), h.text)
        h.keys(.enter)
        let day = try XCTUnwrap(h.state.currentScreen as? StoreDayScreen)
        XCTAssertEqual(day.locationID, list.stores[0].id)
        XCTAssertTrue(h.text.contains("today"), h.text)
        h.keys(.escape)
        XCTAssertTrue(h.state.currentScreen is StoreListScreen)
    }

    func testDayAt80x24And160x48ShowsChineseNamesAndNearestStock() throws {
        for (w, hgt) in [(80, 24), (160, 48), (200, 50)] {
            let h = try SeededHarness(width: w, height: hgt)
            let (code, appt, item) = try shortAppointment(h.db)
            let screen = try openStore(h, code)
            let v = try XCTUnwrap(screen.view)
            XCTAssertEqual(v.store.code, code)
            // Walk the cursor to the appointment: the page scrolls to keep it in view.
            var guardSteps = 0
            while (h.state.currentScreen as? StoreDayScreen)?.cursor.selectedKey != "appt:\(appt.id)" && guardSteps < 20 {
                h.keys(.char("j"))
                guardSteps += 1
            }
            let text = h.text
            XCTAssertTrue(text.contains(appt.customer.name), "\(w)x\(hgt): Chinese name \(appt.customer.name)\n\(text)")
            XCTAssertTrue(text.contains(item.skuCode), text)
            XCTAssertTrue(text.contains("NOT HERE") || text.contains("SHORT"), text)
            let nearest = try XCTUnwrap(item.nearest)
            XCTAssertTrue(text.contains("nearest \(nearest.code)"), "\(w)x\(hgt):\n\(text)")
            XCTAssertTrue(text.contains("\(nearest.available) available"), text)
            if let phone = appt.customer.phone { XCTAssertTrue(phone.contains("****") && text.contains(phone), text) }
            XCTAssertTrue(text.contains("▶"), "the selected row is marked by a symbol")
            if w >= 150 {
                XCTAssertTrue(text.contains("Pickups waiting") && text.contains("Keep in touch") && text.contains("figures"), text)
            }
            // Keep in touch: a call only with phone consent.
            for k in v.keepInTouch.prefix(3) where w >= 150 {
                let row = try XCTUnwrap(text.split(separator: "\n").first {
                    $0.contains(k.name) && ($0.contains("at-risk") || $0.contains("lapsed"))
                })
                XCTAssertTrue(row.contains(k.canCall ? "call" : "no phone consent"), String(row))
            }
            // Figures panel (scroll down on the small terminal).
            h.keys(.char("G"))
            XCTAssertTrue(h.text.contains("Keep in touch") || h.text.contains("no phone consent") || h.text.contains("call"), h.text)
        }
    }

    func testPrepareDropsATPByTheQuantityAndUndoRestoresIt() throws {
        let h = try SeededHarness(width: 160, height: 48)
        let (code, appt) = try preparableAppointment(h.db)
        let screen = try openStore(h, code)
        select(h, appt)
        let before = try XCTUnwrap(screen.view?.appointments.first { $0.id == appt.id })
        XCTAssertTrue(h.text.contains("ATP here \(before.items[0].availableHere)"), h.text)
        h.keys(.char("p"))
        XCTAssertFalse(h.queries.contains(.prepareAppointment(id: appt.id)), "prepare waits for ↵")
        XCTAssertTrue(h.text.contains("prepare appointment \(appt.id): reserve its cart at this store? ↵ confirm"), h.text)
        h.keys(.enter)
        XCTAssertTrue(h.queries.contains(.prepareAppointment(id: appt.id)))
        let after = try XCTUnwrap((h.state.currentScreen as? StoreDayScreen)?.view?.appointments.first { $0.id == appt.id })
        XCTAssertEqual(after.status, "prepared")
        for (b, a) in zip(before.items, after.items) {
            XCTAssertEqual(a.availableHere, b.availableHere - b.quantity, b.skuCode)
            XCTAssertEqual(a.reservedForThis, b.quantity)
        }
        XCTAssertTrue(h.text.contains("PREPARED"), h.text)
        XCTAssertTrue(h.text.contains("\(after.items[0].reservedForThis) reserved · ATP here \(after.items[0].availableHere)"), h.text)
        XCTAssertEqual(try h.db.scalar("SELECT status FROM appointments WHERE id = ?", [appt.id], as: String.self), "prepared")
        h.keys(.char("u"), .enter)
        let undone = try XCTUnwrap((h.state.currentScreen as? StoreDayScreen)?.view?.appointments.first { $0.id == appt.id })
        XCTAssertEqual(undone.status, "booked")
        XCTAssertEqual(undone.items.map(\.availableHere), before.items.map(\.availableHere))
    }

    func testPrepareRefusalNamesTheSKUAndReadOnlyWritesNothing() throws {
        let h = try SeededHarness(width: 160, height: 48)
        let (code, appt, item) = try shortAppointment(h.db)
        try openStore(h, code)
        while (h.state.currentScreen as? StoreDayScreen)?.cursor.selectedKey != "appt:\(appt.id)" { h.keys(.char("j")) }
        h.keys(.char("p"), .enter)
        XCTAssertTrue(h.text.contains("\(item.skuCode) short"), h.text)
        XCTAssertEqual(try h.db.scalar("SELECT status FROM appointments WHERE id = ?", [appt.id], as: String.self), "booked")

        let ro = try SeededHarness(width: 160, height: 48, readOnly: true)
        let (code2, appt2) = try preparableAppointment(ro.db)
        let movements = try ro.db.scalarInt("SELECT count(*) FROM stock_movements")
        let audits = try ro.db.scalarInt("SELECT count(*) FROM audit_log")
        try openStore(ro, code2)
        select(ro, appt2)
        ro.keys(.char("p"))
        XCTAssertFalse(ro.queries.contains(.prepareAppointment(id: appt2.id)))
        XCTAssertTrue(ro.text.contains("read-only"), ro.text)
        XCTAssertEqual(try ro.db.scalarInt("SELECT count(*) FROM stock_movements"), movements)
        XCTAssertEqual(try ro.db.scalarInt("SELECT count(*) FROM audit_log"), audits)
        XCTAssertEqual(try ro.db.scalar("SELECT status FROM appointments WHERE id = ?", [appt2.id], as: String.self), "booked")
    }

    func testDaysMoveWithBracketsAndEnterOpensThe360() throws {
        let h = try SeededHarness(width: 160, height: 48)
        let (code, appt) = try preparableAppointment(h.db)
        let screen = try openStore(h, code)
        select(h, appt)
        let today = try XCTUnwrap(screen.day)
        h.keys(.char("]"))
        XCTAssertEqual((h.state.currentScreen as? StoreDayScreen)?.view?.day, StoreDayScreen.shift(today, by: 1))
        h.keys(.char("["), .char("["))
        XCTAssertEqual((h.state.currentScreen as? StoreDayScreen)?.view?.day, StoreDayScreen.shift(today, by: -1))
        h.keys(.char("]"))
        XCTAssertEqual((h.state.currentScreen as? StoreDayScreen)?.view?.day, today)
        XCTAssertEqual((h.state.currentScreen as? StoreDayScreen)?.cursor.selectedKey, "appt:\(appt.id)")
        h.keys(.enter)
        XCTAssertEqual(h.state.tab, .customers)
        XCTAssertEqual((h.state.currentScreen as? Customer360Screen)?.customerID, appt.customer.id)
    }

    func testLiveChangeKeepsTheCursorOnTheSameRow() throws {
        let h = try SeededHarness(width: 160, height: 48)
        let (code, _, _) = try shortAppointment(h.db)
        try openStore(h, code)
        h.keys(.char("j"))
        let key = (h.state.currentScreen as? StoreDayScreen)?.cursor.selectedKey
        XCTAssertNotNil(key)
        let batch = ChangeBatch(entities: ["stock"], count: 1, latestAtMs: h.state.nowMs, lastSeq: 1)
        h.send(.storeChanged(batch))
        XCTAssertTrue(h.queries.filter { if case .storeDay = $0 { return true } else { return false } }.count >= 2)
        XCTAssertEqual((h.state.currentScreen as? StoreDayScreen)?.cursor.selectedKey, key)
    }

    /// A, W, R and K jump to the store's day's sections; } and { step through every panel, on
    /// the store's day and on the KPI board.
    func testJumpKeysReachEachSectionOfTheDayAndEachKPIPanel() throws {
        let h = try SeededHarness(width: 80, height: 24)
        let (code, _) = try preparableAppointment(h.db)
        try openStore(h, code)
        for (key, title) in [("K", "Keep in touch"), ("R", "Returns expected"), ("W", "Pickups waiting"), ("A", "Appointments")] {
            h.keys(.char(Character(key)))
            let text = h.text
            XCTAssertTrue(text.contains("┌─ " + title), "\(key): the \(title) panel in view\n\(text)")
        }
        let before = try XCTUnwrap(h.state.currentScreen as? StoreDayScreen).cursor
        h.keys(.char("}"))
        XCTAssertNotEqual((h.state.currentScreen as? StoreDayScreen)?.cursor.scroll, before.scroll)
        h.keys(.char("{"))
        XCTAssertEqual((h.state.currentScreen as? StoreDayScreen)?.cursor.scroll, before.scroll)

        h.keys(.function(5))
        var panels: [String] = []
        for _ in 0..<9 {
            let board = try XCTUnwrap(h.state.currentScreen as? KPIScreen)
            let s = try XCTUnwrap(board.snapshot)
            let spots = KPIScreen.layout(s, width: 78).1
            let spot = try XCTUnwrap(spots.first { $0.name == (board.selectedFigure ?? spots.first?.name) })
            panels.append(spot.panel)
            XCTAssertTrue(h.text.contains(spot.panel), "the selected figure's panel is in view: \(spot.panel)\n\(h.text)")
            h.keys(.char("}"))
        }
        XCTAssertGreaterThanOrEqual(Set(panels).count, 6, "\(panels)")
        XCTAssertEqual(panels.first, panels.last.flatMap { _ in panels.first }, "it wraps round")
    }
}
