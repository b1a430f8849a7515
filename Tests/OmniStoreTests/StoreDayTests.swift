import Foundation
import XCTest
@testable import OmniStore

final class StoreDayTests: XCTestCase {
    let now: Int64 = 1_795_000_000

    func seeded(_ seed: UInt64 = 5) throws -> Database {
        let path = try temporaryDirectory().appendingPathComponent("day.db").path
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: seed, now: now), progress: nil)
        let db = try Store.open(path: path)
        try Lifecycle.refreshAll(db, now: now)
        return db
    }

    func testLocalDays() {
        let d = LocalDay("2026-11-23")!
        XCTAssertEqual(d.description, "2026-11-23")
        XCTAssertNil(LocalDay("2026-02-30"))
        XCTAssertNil(LocalDay("26-11-23"))
        XCTAssertNil(LocalDay("2026-1-23"))
        XCTAssertEqual(LocalDay("1970-01-01")!.daysSinceEpoch, 0)
        let (start, end) = d.interval(utcOffsetMinutes: 480)
        XCTAssertEqual(end - start, 86_400)
        XCTAssertEqual(LocalDay(containing: start, utcOffsetMinutes: 480), d)
        XCTAssertEqual(LocalDay(containing: start - 1, utcOffsetMinutes: 480), LocalDay("2026-11-22"))
        XCTAssertEqual(LocalDay(containing: end - 1, utcOffsetMinutes: 480), d)
        XCTAssertEqual(LocalDay(containing: 951_782_400, utcOffsetMinutes: 0), LocalDay("2000-02-29"))
    }

    func testStoresAndLookup() throws {
        let db = try seeded()
        let stores = try StoreDay.stores(db)
        XCTAssertGreaterThan(stores.count, 5)
        XCTAssertTrue(stores.allSatisfy { $0.kind == "store" || $0.canPickup })
        let first = stores[0]
        XCTAssertEqual(try StoreDay.lookup(db, String(first.id)).map(\.id), [first.id])
        XCTAssertEqual(try StoreDay.lookup(db, first.code.lowercased()).map(\.id), [first.id])
        XCTAssertEqual(try StoreDay.lookup(db, first.name).map(\.id), [first.id])
        XCTAssertGreaterThan(try StoreDay.lookup(db, "Shanghai").count, 1)
        XCTAssertEqual(try StoreDay.lookup(db, "Atlantis"), [])
    }

    func testTheDayOfAStore() throws {
        let db = try seeded()
        let offset = try StoreDay.utcOffsetMinutes(db)
        let today = LocalDay(containing: now, utcOffsetMinutes: offset)
        // Customer 1's home store has a visit today with a cart.
        let home = try db.scalar("SELECT home_location_id FROM customers WHERE id = 1", as: Int64.self)!
        let view = try StoreDay.load(db, locationID: home, day: today, now: now)
        XCTAssertFalse(view.appointments.isEmpty)
        let (start, end) = today.interval(utcOffsetMinutes: offset)
        XCTAssertTrue(view.appointments.allSatisfy { $0.startsAt >= start && $0.startsAt < end })
        XCTAssertEqual(view.appointments.map(\.startsAt), view.appointments.map(\.startsAt).sorted())
        let visit = try XCTUnwrap(view.appointments.first { $0.customer.id == 1 })
        XCTAssertFalse(visit.items.isEmpty)
        for item in visit.items {
            let atp = try db.scalarInt("""
                SELECT max(0, on_hand - reserved - safety_stock) FROM stock WHERE sku_id = ? AND location_id = ?
                """, [item.skuID, home])
            XCTAssertEqual(item.availableHere, atp, item.skuCode)
            if item.short {
                XCTAssertLessThan(item.availableHere, item.quantity)
                if let n = item.nearest {
                    XCTAssertNotEqual(n.locationID, home)
                    XCTAssertGreaterThanOrEqual(n.available, item.quantity)
                }
            }
        }
        if let phone = visit.customer.phone { XCTAssertTrue(phone.contains("****"), "masked: \(phone)") }
        // Pickups oldest first, all waiting here.
        XCTAssertEqual(view.pickups.map(\.readyAt), view.pickups.map(\.readyAt).sorted())
        for p in view.pickups {
            let r = try db.fetchOne("SELECT location_id, fulfilment, status FROM orders WHERE id = ?", [p.orderID])!
            XCTAssertEqual(r.int64(0), home); XCTAssertEqual(r.string(1), "pickup"); XCTAssertEqual(r.string(2), "fulfilled")
            XCTAssertEqual(p.waitingSeconds, now - p.readyAt)
        }
        // Keep in touch: at risk or lapsed customers of this store, consent respected.
        XCTAssertFalse(view.keepInTouch.isEmpty)
        for k in view.keepInTouch {
            XCTAssertTrue(["at_risk", "lapsed"].contains(k.stage))
            let r = try db.fetchOne("SELECT home_location_id, consent_phone FROM customers WHERE id = ?", [k.customerID])!
            XCTAssertEqual(r.int64(0), home)
            if !r.bool(1) { XCTAssertFalse(k.canCall) }
        }
        XCTAssertEqual(view.figures.keepInTouchAtRisk + view.figures.keepInTouchLapsed, try db.scalarInt("""
            SELECT count(*) FROM customers WHERE home_location_id = ? AND stage IN ('at_risk','lapsed') AND merged_into IS NULL
            """, [home]))
        // Figures: sales attributed to the store that day.
        XCTAssertEqual(view.figures.orders, try db.scalarInt("""
            SELECT count(*) FROM orders WHERE location_id = ? AND placed_at >= ? AND placed_at < ? AND status <> 'cancelled'
              AND fulfilment IN ('in_store','pickup','ship_from_store')
            """, [home, start, end]))
        XCTAssertEqual(view.figures.appointments, view.appointments.count)
        // Returns expected here.
        for r in view.returnsExpected {
            let row = try db.fetchOne("SELECT location_id, status FROM returns WHERE id = ?", [r.returnID])!
            XCTAssertEqual(row.int64(0), home); XCTAssertEqual(row.string(1), "expected")
        }
        // JSON round trip of the whole view.
        let data = try JSONEncoder().encode(view)
        XCTAssertEqual(try JSONDecoder().decode(StoreDayView.self, from: data), view)
    }

    func snapshot(_ db: Database) throws -> [String] {
        try ["SELECT count(*), coalesce(sum(reserved), 0), coalesce(sum(on_hand), 0) FROM stock",
             "SELECT count(*) FROM stock_movements", "SELECT count(*) FROM audit_log",
             "SELECT group_concat(id || status || coalesce(prepared_at, '') || coalesce(prepared_by, ''), ',') FROM appointments"].map {
            try db.fetchOne($0)!.values.map { "\($0)" }.joined(separator: "|")
        }
    }

    /// A booked appointment with a cart, made preparable (or short) by adjusting stock.
    func bookedAppointment(_ db: Database) throws -> (id: Int64, location: Int64, cart: Int64) {
        guard let r = try db.fetchOne("""
            SELECT a.id, a.location_id, a.cart_id FROM appointments a
            WHERE a.status = 'booked' AND a.cart_id IS NOT NULL AND a.starts_at >= ?
              AND EXISTS(SELECT 1 FROM cart_items WHERE cart_id = a.cart_id) ORDER BY a.starts_at LIMIT 1
            """, [now]) else {
            throw XCTSkip("no booked appointment with a cart")
        }
        return (r.int64(0), r.int64(1), r.int64(2))
    }

    func testPrepareReservesAndUnprepareReleasesExactly() throws {
        let db = try seeded()
        let a = try bookedAppointment(db)
        let items = try db.fetchAll("SELECT sku_id, quantity FROM cart_items WHERE cart_id = ?", [a.cart]).map { ($0.int64(0), $0.int(1)) }
        // Make sure every item is there (insert or top up stock), then remember the stock.
        for (sku, quantity) in items {
            try db.execute("""
                INSERT INTO stock(sku_id, location_id, on_hand, reserved, safety_stock, updated_at) VALUES (?, ?, ?, 0, 0, ?)
                ON CONFLICT(sku_id, location_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand
                """, [sku, a.location, quantity + 10, now])
        }
        func reserved(_ sku: Int64) throws -> Int {
            try db.scalarInt("SELECT reserved FROM stock WHERE sku_id = ? AND location_id = ?", [sku, a.location])
        }
        let before = try Dictionary(uniqueKeysWithValues: items.map { ($0.0, try reserved($0.0)) })
        let movementsBefore = try db.scalarInt("SELECT count(*) FROM stock_movements")
        let lines = try StoreDay.prepare(db, appointmentID: a.id, operator: "li.na", now: now)
        XCTAssertEqual(lines.count, items.count)
        for (sku, quantity) in items { XCTAssertEqual(try reserved(sku), before[sku]! + quantity) }
        let reserves = try db.fetchAll("""
            SELECT sku_id, reserved_delta, delta, reason, operator, at FROM stock_movements WHERE ref = ? ORDER BY id
            """, ["appointment \(a.id)"])
        XCTAssertEqual(reserves.count, items.count)
        XCTAssertTrue(reserves.allSatisfy { $0.string(3) == "reserve" && $0.int(2) == 0 && $0.string(4) == "li.na" && $0.int64(5) == now })
        XCTAssertEqual(Set(reserves.map { "\($0.int64(0))x\($0.int(1))" }), Set(items.map { "\($0.0)x\($0.1)" }))
        let appt = try db.fetchOne("SELECT status, prepared_at, prepared_by FROM appointments WHERE id = ?", [a.id])!
        XCTAssertEqual(appt.string(0), "prepared"); XCTAssertEqual(appt.optionalInt64(1), now); XCTAssertEqual(appt.string(2), "li.na")
        let audit = try Audit.entries(db, entity: "appointment", id: a.id)
        XCTAssertEqual(audit.first?.action, "prepare")
        XCTAssertEqual(audit.first?.operatorLogin, "li.na")
        // The day shows what is reserved for the visit.
        let day = LocalDay(containing: try db.scalar("SELECT starts_at FROM appointments WHERE id = ?", [a.id], as: Int64.self)!,
                           utcOffsetMinutes: 480)
        let view = try StoreDay.load(db, locationID: a.location, day: day, now: now)
        let shown = try XCTUnwrap(view.appointments.first { $0.id == a.id })
        XCTAssertEqual(shown.status, "prepared")
        XCTAssertTrue(shown.items.allSatisfy { $0.reservedForThis == $0.quantity && !$0.short })
        // Preparing twice is refused.
        XCTAssertThrowsError(try StoreDay.prepare(db, appointmentID: a.id, operator: "li.na", now: now)) {
            XCTAssertEqual($0 as? StoreDayError, .wrongStatus(id: a.id, status: "prepared", expected: "booked"))
        }
        // Undo: exactly released, back to booked, audited.
        let released = try StoreDay.unprepare(db, appointmentID: a.id, operator: "wang.lei", now: now + 60)
        XCTAssertEqual(Set(released.map { "\($0.skuID)x\($0.quantity)" }), Set(items.map { "\($0.0)x\($0.1)" }))
        for (sku, _) in items { XCTAssertEqual(try reserved(sku), before[sku]!) }
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM stock_movements WHERE ref = ? AND reason = 'release'", ["appointment \(a.id)"]),
                       items.count)
        XCTAssertEqual(try db.scalarInt("SELECT coalesce(sum(reserved_delta), 0) FROM stock_movements WHERE ref = ?", ["appointment \(a.id)"]), 0)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM stock_movements"), movementsBefore + 2 * items.count)
        let back = try db.fetchOne("SELECT status, prepared_at, prepared_by FROM appointments WHERE id = ?", [a.id])!
        XCTAssertEqual(back.string(0), "booked"); XCTAssertNil(back.optionalInt64(1)); XCTAssertNil(back.optionalString(2))
        XCTAssertEqual(try Audit.entries(db, entity: "appointment", id: a.id).first?.action, "unprepare")
        XCTAssertEqual(try Rollups.verify(db), [], "stock counters follow the reservations")
    }

    func testPrepareRefusesWhenShortAndWritesNothing() throws {
        let db = try seeded()
        let a = try bookedAppointment(db)
        let item = try db.fetchOne("""
            SELECT ci.sku_id, s.code FROM cart_items ci JOIN skus s ON s.id = ci.sku_id WHERE ci.cart_id = ? ORDER BY s.code LIMIT 1
            """, [a.cart])!
        try db.execute("""
            INSERT INTO stock(sku_id, location_id, on_hand, reserved, safety_stock, updated_at) VALUES (?, ?, 0, 0, 0, ?)
            ON CONFLICT(sku_id, location_id) DO UPDATE SET on_hand = reserved + safety_stock
            """, [item.int64(0), a.location, now])
        let before = try snapshot(db)
        let changes = db.totalChanges
        XCTAssertThrowsError(try StoreDay.prepare(db, appointmentID: a.id, operator: "li.na", now: now)) { error in
            guard case .short(let id, let shortages)? = error as? StoreDayError else { return XCTFail("\(error)") }
            XCTAssertEqual(id, a.id)
            XCTAssertTrue(shortages.contains { $0.skuCode == item.string(1) && $0.available == 0 })
            XCTAssertTrue("\(error)".contains(item.string(1)), "the reason names the SKU: \(error)")
        }
        XCTAssertEqual(db.totalChanges, changes, "nothing written")
        XCTAssertEqual(try snapshot(db), before)
        XCTAssertFalse(db.isInTransaction)
        XCTAssertThrowsError(try StoreDay.prepare(db, appointmentID: 999_999, operator: "x", now: now)) {
            XCTAssertEqual($0 as? StoreDayError, .appointmentNotFound(999_999))
        }
        XCTAssertThrowsError(try StoreDay.unprepare(db, appointmentID: a.id, operator: "x", now: now))
        XCTAssertEqual(try snapshot(db), before)
    }
}
