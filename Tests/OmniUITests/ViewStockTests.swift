import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// A small seeded demo store (Seeder, fixed clock) in a temp folder and a synchronous driver of
/// the loop: queries run inline through `QueryRunner`, as the store queue would run them.
final class SeededHarness {
    static let now: Int64 = 1_767_000_000  // 2025-12-29
    let dir: URL
    let db: Database
    var state: AppState
    var queries: [Query] = []
    var lastEffects: [Effect] = []

    init(width: Int = 80, height: Int = 24, readOnly: Bool = false, login: String = "alice") throws {
        let dir = try makeTemporaryFolder("omni-views")
        self.dir = dir
        do {
            let path = dir.appendingPathComponent("omni.db").path
            _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: 1, now: Self.now), progress: nil)
            db = try Store.open(path: path)
        } catch {
            // deinit does not run for a half-made harness.
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
        state = AppState(width: width, height: height, nowMs: Self.now * 1000,
                         session: SessionInfo(storeName: "omni.db", operatorLogin: login), readOnly: readOnly)
        settle(AppReducer.start(&state))
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func settle(_ effects: [Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            guard case .runQuery(let request) = effect else { continue }
            queries.append(request.query)
            let result: Result<QueryResult, QueryFailure>
            do {
                result = .success(try QueryRunner.run(request.query, db: db, now: state.now, operator: state.session.operatorLogin))
            } catch {
                result = .failure(QueryFailure("\(error)"))
            }
            queue += AppReducer.reduce(&state, .queryFinished(screen: request.screen, request: request.id, result))
        }
    }

    @discardableResult
    func send(_ action: Action) -> [Effect] {
        let effects = AppReducer.reduce(&state, action)
        lastEffects = effects
        settle(effects)
        return effects
    }

    @discardableResult
    func keys(_ keys: Key...) -> [Effect] {
        var all: [Effect] = []
        for k in keys { all += send(.key(k)) }
        return all
    }

    func type(_ text: String) { for c in text { send(.key(.char(c))) } }

    var canvas: Canvas { AppRenderer.render(state) }
    var text: String { canvas.text }
}

final class ViewStockTests: XCTestCase {
    /// A SKU with at least one OUT or LOW location, and every location's (name, ATP) from the store.
    func stockedSKU(_ db: Database) throws -> (code: String, id: Int64) {
        let row = try db.fetchOne("""
            SELECT s.code, s.id FROM skus s JOIN stock st ON st.sku_id = s.id
            GROUP BY s.id HAVING sum(st.on_hand - st.reserved - st.safety_stock <= st.reorder_point) > 0 AND count(*) >= 3
            ORDER BY s.id LIMIT 1
            """)
        let r = try XCTUnwrap(row)
        return (r.string(0), r.int64(1))
    }

    func testSearchAsYouTypeThenSKUScreenShowsATPAndLowOutWords() throws {
        for (w, hgt) in [(80, 24), (160, 48)] {
            let h = try SeededHarness(width: w, height: hgt)
            h.keys(.function(3))
            XCTAssertEqual(h.state.tab, .stock)
            XCTAssertTrue(h.text.contains("e.g. TEE-RED-M"), h.text)
            h.keys(.char("/"))
            XCTAssertEqual(h.state.mode, .search)
            let (code, skuID) = try stockedSKU(h.db)
            h.type(code)
            XCTAssertTrue(h.text.contains(code), h.text)
            XCTAssertTrue(h.queries.contains(.findSKUs(text: code, limit: StockSearchScreen.limit)))
            h.keys(.enter)
            let screen = try XCTUnwrap(h.state.currentScreen as? StockScreen)
            XCTAssertEqual(screen.stock?.sku.id, skuID)
            let text = h.text
            // Every location's ATP equals on_hand - reserved - safety (never below 0) in the store.
            let rows = try h.db.fetchAll("""
                SELECT l.name, st.on_hand, st.reserved, st.safety_stock, st.reorder_point FROM stock st
                JOIN locations l ON l.id = st.location_id WHERE st.sku_id = ?
                """, [skuID])
            let visible = SeededHarness.visibleRows(h.state)
            var sawWord = false
            let canvas = h.canvas
            for r in rows {
                let atp = max(0, r.int(1) - r.int(2) - r.int(3))
                let free = r.int(1) - r.int(2) - r.int(3)
                let word = free <= 0 ? " OUT" : (free <= r.int(4) ? " LOW" : "")
                guard let y = (0..<canvas.height).first(where: { canvas.line($0).contains(String(r.string(0).prefix(12))) }) else {
                    XCTAssertGreaterThan(rows.count, visible, "only rows beyond the window may be missing")
                    continue
                }
                XCTAssertTrue(canvas.line(y).contains(" \(atp)\(word)"), "ATP of \(r.string(0)): \(atp)\(word) in\n\(canvas.line(y))")
                if !word.isEmpty {
                    sawWord = true
                    let x = try XCTUnwrap(canvas.column(of: "\(atp)\(word)", row: y))
                    let style = canvas[x, y].style
                    XCTAssertTrue(style == (free <= 0 ? .bad : .warn) || style == .selection, "\(style)")
                }
            }
            XCTAssertTrue(sawWord, "a LOW or OUT word is drawn:\n\(text)")
            XCTAssertTrue(text.contains("totals after buffers"), text)
            XCTAssertTrue(text.contains("channel codes"), text)
            if w >= 160 {
                XCTAssertTrue(text.contains("wechat"), "channel columns at 160: \(text)")
                XCTAssertTrue(text.contains("b2b"), text)
            }
        }
    }

    func testSkuRouteFromCommandLineAndMovementsLedgerNewestFirst() throws {
        let h = try SeededHarness(width: 160, height: 48)
        let (code, skuID) = try stockedSKU(h.db)
        h.send(.route(.sku(code: code)))
        XCTAssertEqual(h.state.tab, .stock)
        let screen = try XCTUnwrap(h.state.currentScreen as? StockScreen)
        let first = try XCTUnwrap(screen.stock?.locations.first)
        h.keys(.enter)
        let ledger = try XCTUnwrap(h.state.currentScreen as? MovementScreen)
        XCTAssertEqual(ledger.locationID, first.locationID)
        let expected = try StockQueries.movements(h.db, skuID: skuID, locationID: first.locationID, limit: MovementScreen.limit)
        XCTAssertEqual(ledger.rows, expected)
        XCTAssertEqual(ledger.rows.map(\.at), ledger.rows.map(\.at).sorted(by: >), "newest first")
        if let m = expected.first {
            XCTAssertTrue(h.text.contains(m.reason), h.text)
        } else {
            XCTAssertTrue(h.text.contains("No movements"), h.text)
        }
        h.keys(.escape)
        XCTAssertTrue(h.state.currentScreen is StockScreen)
        h.keys(.char("m"))
        XCTAssertNil((h.state.currentScreen as? MovementScreen)?.locationID)
    }

    func testUnknownSKUSaysWhatToDo() throws {
        let h = try SeededHarness(width: 80, height: 24)
        h.send(.route(.sku(code: "NOPE-XYZ")))
        XCTAssertTrue(h.text.contains("No SKU \"NOPE-XYZ\""), h.text)
    }

    func testLowStockKeysetPagedAndUnmappedCodes() throws {
        let h = try SeededHarness(width: 80, height: 24)
        h.keys(.escape, .tab, .tab, .escape)  // stock tab, leave the input
        h.keys(.char("l"))
        let low = try XCTUnwrap(h.state.currentScreen as? LowStockScreen)
        let total = try h.db.scalarInt("SELECT count(*) FROM stock WHERE on_hand - reserved - safety_stock <= reorder_point")
        XCTAssertEqual(low.rows.count, min(total, LowStockScreen.pageSize))
        XCTAssertTrue(h.text.contains("LOW") || h.text.contains("OUT"), h.text)
        if total > LowStockScreen.pageSize {
            h.keys(.char("G"))
            let more = try XCTUnwrap(h.state.currentScreen as? LowStockScreen)
            XCTAssertGreaterThan(more.rows.count, LowStockScreen.pageSize)
            XCTAssertTrue(h.queries.contains { if case .lowStock(let after, _) = $0 { return after > 0 } else { return false } })
        }
        let firstRow = try XCTUnwrap(low.rows.first)
        XCTAssertEqual(firstRow.available, firstRow.onHand - firstRow.reserved - firstRow.safetyStock)
        h.keys(.escape, .char("u"))
        let unmapped = try XCTUnwrap(h.state.currentScreen as? StockUnmappedScreen)
        let expected = try StockQueries.unmappedChannelCodes(h.db, limit: StockUnmappedScreen.limit)
        XCTAssertEqual(unmapped.rows, expected)
        if let u = expected.first { XCTAssertTrue(h.text.contains(u.code), h.text) }
    }

    func testLiveRefreshKeepsTheCursorOnTheSameLocation() throws {
        let h = try SeededHarness(width: 160, height: 48)
        let (code, skuID) = try stockedSKU(h.db)
        h.send(.route(.sku(code: code)))
        h.keys(.down, .down)
        let before = try XCTUnwrap((h.state.currentScreen as? StockScreen)?.selected)
        // Another process sells a unit at the selected location.
        try h.db.execute("UPDATE stock SET on_hand = on_hand - 1 WHERE sku_id = ? AND location_id = ?", [skuID, before.locationID])
        h.send(.storeChanged(ChangeBatch(entities: ["stock"], ids: [:], count: 1, latestAtMs: h.state.nowMs, lastSeq: 1)))
        let after = try XCTUnwrap((h.state.currentScreen as? StockScreen)?.selected)
        XCTAssertEqual(after.locationID, before.locationID)
        XCTAssertEqual(after.onHand, before.onHand - 1)
    }
}

extension SeededHarness {
    static func visibleRows(_ state: AppState) -> Int { StockScreen.visible(state.context) }
}
