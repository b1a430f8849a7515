import Foundation
import OmniStore
import XCTest

/// The Stores view and the KPI drill-down through the real binary in tmux: open Stores, pick a
/// store with an appointment today, prepare it and see the ATP there drop by the cart's
/// quantity; then open the KPI view, select late deliveries, Enter, see the list, Esc back.
final class StoresEndToEndTests: TmuxTestCase {
    static let now: Int64 = 1_767_000_000

    func keys(_ keys: String...) throws { for k in keys { try tmux("send-keys", "-t", "omni", k) } }
    func literal(_ text: String) throws { try tmux("send-keys", "-t", "omni", "-l", text) }

    func testPrepareInStoresThenKPIDrillDownInTmux() throws {
        guard which("tmux") != nil else { throw XCTSkip("tmux is not installed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-stores-e2e")
        let db = dir.appendingPathComponent("shop.db").path
        let (code, out) = shell("OMNI_NOW=\(Self.now) \(quote(omni)) seed --db \(quote(db)) --size small --seed 1")
        XCTAssertEqual(code, 0, out)

        // A store whose first appointment today can be prepared, and the ATP of its first item.
        let store = try Store.open(path: db)
        let day = LocalDay(containing: Self.now, utcOffsetMinutes: try StoreDay.utcOffsetMinutes(store))
        var found: (StoreLocation, StoreAppointment)?
        for s in try StoreDay.stores(store) {
            let v = try StoreDay.load(store, locationID: s.id, day: day, now: Self.now)
            if let a = v.appointments.first, a.canPrepare { found = (s, a); break }
        }
        let (location, appointment) = try XCTUnwrap(found, "the seed has a preparable appointment today")
        let item = appointment.items[0]
        let snapshot = try KPIQueries.snapshot(store, now: Self.now)
        let late = snapshot.onTime.denominator - snapshot.onTime.numerator

        try startSession(width: 160, height: 48, environment: ["XDG_CONFIG_HOME=\(dir.path)", "OMNI_NOW=\(Self.now)"])
        try tmux("send-keys", "-t", "omni", "\(quote(omni)) --db \(quote(db))", "Enter")
        try waitFor("[1 Customers]")
        try keys("F6")
        try waitFor("[6 Stores]")
        try waitFor(location.code)
        try keys(":")
        try literal("store \(location.code)")
        try keys("Enter")
        try waitFor("\(location.code) · store")
        try waitFor("\(item.skuCode) ×\(item.quantity)")
        try waitFor("✓ ATP here \(item.availableHere)")
        try keys("p")
        try waitFor("reserve its cart at this store? ↵ confirm")
        try keys("Enter")
        try waitFor("PREPARED")
        try waitFor("\(item.quantity) reserved · ATP here \(item.availableHere - item.quantity)")

        // KPI view: select late deliveries, open its rows, go back.
        try keys("5")
        try waitFor("[5 KPIs]")
        try waitFor("Late deliveries")
        var selected = false
        for _ in 0..<60 {
            let pane = try capture()
            if pane.split(separator: "\n").contains(where: { $0.contains("Late deliveries") && $0.contains("▶") }) {
                selected = true
                break
            }
            try keys("j")
            Thread.sleep(forTimeInterval: 0.1)
        }
        let board = try capture()
        XCTAssertTrue(selected, board)
        try keys("Enter")
        try waitFor("KPI · Late deliveries")
        let list = try waitFor("rows behind it \(late)")
        XCTAssertTrue(list.contains("figure \(late) orders"), list)
        try keys("Escape")
        try waitFor("KPIs · supervisors")
        try keys("q")
        try waitFor("READY$")
    }
}
