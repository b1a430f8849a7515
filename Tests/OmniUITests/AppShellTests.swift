import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// A seeded store in a temp folder and a synchronous driver for the loop (queries run inline).
final class AppHarness {
    static let now: Int64 = 1_767_000_000  // 2025-12-29
    let dir: URL
    let db: Database
    var state: AppState
    var queries: [Query] = []

    init(width: Int = 80, height: Int = 24, readOnly: Bool = false, seed: Bool = true,
         registry: ActionRegistry = .standard) throws {
        let dir = try makeTemporaryFolder("omni-app")
        self.dir = dir
        do {
            db = try Store.create(path: dir.appendingPathComponent("omni.db").path)
            if seed { try Self.seed(db) }
        } catch {
            // deinit does not run for a half-made harness.
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
        state = AppState(width: width, height: height, nowMs: Self.now * 1000,
                         session: SessionInfo(storeName: "omni.db", operatorLogin: "alice"), readOnly: readOnly,
                         registry: registry)
        settle(AppReducer.start(&state))
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    static let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J"

    static func seed(_ db: Database) throws {
        let t = now - 86_400 * 30
        try db.execute("INSERT INTO locations(id, code, name, kind, city, can_ship, can_pickup) VALUES (1, 'SH01', 'Shanghai Store', 'store', 'Shanghai', 1, 1)")
        try db.execute("INSERT INTO operators(login, name, role) VALUES ('alice', 'Alice', 'supervisor')")
        let customers: [(Int64, String, String)] = [(1, "王芳", "gold"), (2, "Zoë 🎉 Smith", "member"), (3, hostile, "member"),
                                                    (4, "Acme Trading", "b2b")]
        for (id, name, tier) in customers {
            try db.execute("""
                INSERT INTO customers(id, kind, name, search_name, tier, city, country, created_at, consent_email, consent_sms,
                                      order_count, lifetime_value, last_order_at, last_channel, stage)
                VALUES (?, ?, ?, ?, ?, 'Shanghai', 'CN', ?, 1, 0, 0, 0, NULL, NULL, 'active')
                """, [id, id == 4 ? "business" : "person", name, SearchText.indexText(name), tier, t])
        }
        try db.execute("""
            INSERT INTO identities(customer_id, kind, value, raw_value, channel, verified, first_seen_at, link_rule, link_evidence)
            VALUES (1, 'phone', '+8613812345678', '13812345678', 'wechat', 1, ?, 'same verified phone', 'WeChat login 2025-11-01')
            """, [t])
        try db.execute("""
            INSERT INTO identities(customer_id, kind, value, raw_value, channel, verified, first_seen_at)
            VALUES (1, 'email', 'wang.fang@example.cn', 'wang.fang@example.cn', 'web', 1, ?)
            """, [t])
        for i in 0..<250 {
            let channel = ["web", "app", "wechat", "store", "marketplace"][i % 5]
            let late = i % 7 == 0
            try db.execute("""
                INSERT INTO orders(id, channel, external_ref, customer_id, status, fulfilment, location_id, placed_at,
                                   promised_by, delivered_at, total, units, subtotal)
                VALUES (?, ?, ?, ?, 'delivered', 'ship', 1, ?, ?, ?, ?, 1, ?)
                """, [Int64(1000 + i), channel, "R\(10000 + i)", Int64(i % 3 + 1), t + Int64(i) * 3600,
                      t + Int64(i) * 3600 + 86_400, t + Int64(i) * 3600 + (late ? 2 * 86_400 : 3600), Int64(12_345 + i),
                      Int64(12_345 + i)])
            try db.execute("INSERT INTO order_lines(order_id, sku_code, name, quantity, unit_price) VALUES (?, 'TEE-RED-M', 'Tee red M', 1, ?)",
                           [Int64(1000 + i), Int64(12_345 + i)])
        }
    }

    var ctx: ScreenContext { state.context }

    /// Runs effects until no query is left (debounce ignored), like the loop does.
    func settle(_ effects: [Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            guard case .runQuery(let request) = effect else { continue }
            queries.append(request.query)
            let result: Result<QueryResult, QueryFailure>
            do {
                result = .success(try QueryRunner.run(request.query, db: db, now: state.now, operator: "alice"))
            } catch {
                result = .failure(QueryFailure("\(error)"))
            }
            queue += AppReducer.reduce(&state, .queryFinished(screen: request.screen, request: request.id, result))
        }
    }

    @discardableResult
    func send(_ action: Action) -> [Effect] {
        let effects = AppReducer.reduce(&state, action)
        settle(effects)
        return effects
    }

    @discardableResult
    func keys(_ keys: Key...) -> [Effect] {
        var all: [Effect] = []
        for k in keys { all += send(.key(k)) }
        return all
    }

    func type(_ text: String) {
        for c in text { send(.key(.char(c))) }
    }

    var text: String { AppRenderer.render(state).text }
}

final class AppShellTests: XCTestCase {
    func testTabsSwitchWithNumbersAndTab() throws {
        let h = try AppHarness()
        XCTAssertEqual(h.state.tab, .customers)
        h.keys(.char("2"))
        XCTAssertEqual(h.state.tab, .customers, "on the Customers search a digit starts the search")
        XCTAssertEqual(h.state.mode, .search)
        h.keys(.escape, .function(1))
        XCTAssertEqual(h.state.mode, .normal)
        h.keys(.function(2))
        XCTAssertEqual(h.state.tab, .orders)
        h.keys(.char("1"), .escape, .function(2))
        XCTAssertEqual(h.state.tab, .orders)
        h.keys(.tab)
        XCTAssertEqual(h.state.tab, .stock)
        h.keys(.backTab, .backTab)
        XCTAssertEqual(h.state.tab, .customers)
        h.keys(.function(5))
        XCTAssertEqual(h.state.tab, .kpis)
        XCTAssertTrue(h.text.contains("[5 KPIs]"))
        XCTAssertFalse(h.text.contains("TODO"))
    }

    func testTypingInSearchDoesNotSwitchTabs() throws {
        let h = try AppHarness()
        h.type("2")
        XCTAssertEqual(h.state.tab, .customers)
        XCTAssertTrue(h.text.contains("Search: 2"))
    }

    func testBackStackPerTab() throws {
        let h = try AppHarness()
        h.keys(.function(2))
        XCTAssertEqual(h.state.stacks[1].count, 1)
        h.keys(.enter)
        XCTAssertEqual(h.state.stacks[1].count, 2)
        XCTAssertTrue(h.state.currentScreen is OrderDetailScreen)
        h.keys(.char("1"))
        XCTAssertEqual(h.state.tab, .customers)
        h.keys(.function(2))
        XCTAssertTrue(h.state.currentScreen is OrderDetailScreen, "each tab keeps its stack")
        h.keys(.escape)
        XCTAssertTrue(h.state.currentScreen is OrderListScreen)
        h.keys(.escape)
        XCTAssertEqual(h.state.stacks[1].count, 1, "the root stays")
    }

    func testQuitAndEscFirstWithOverlay() throws {
        let h = try AppHarness()
        h.keys(.escape, .char("?"))
        guard case .help = h.state.overlay else { return XCTFail("help not open") }
        XCTAssertFalse(h.keys(.char("q")).contains(.quit), "q with an overlay open does not quit")
        h.keys(.escape)
        XCTAssertNil(h.state.overlay)
        XCTAssertNotEqual(h.keys(.char("q")), [.quit], "on the empty Customers search q starts a search")
        h.keys(.escape, .backspace, .escape, .function(2))
        XCTAssertEqual(h.keys(.char("q")), [.quit])
        XCTAssertTrue(h.state.quitting)
    }

    func testHelpListsEveryBindingFilteredAsYouType() throws {
        let h = try AppHarness(width: 120, height: 50)
        h.keys(.escape, .char("?"))
        var text = h.text
        XCTAssertTrue(text.contains("Help"))
        XCTAssertTrue(text.contains("quit"))
        h.type("reveal")
        text = h.text
        XCTAssertTrue(text.contains("customer.reveal"))
        XCTAssertFalse(text.contains("tab.next"))
        h.keys(.escape)
        XCTAssertNil(h.state.overlay)
    }

    func testCommandLineHistoryAndCompletion() throws {
        let h = try AppHarness()
        h.keys(.escape, .char(":"))
        h.type("cu")
        h.keys(.tab)
        guard case .command(let line) = h.state.overlay else { return XCTFail("no command line") }
        XCTAssertEqual(line.input.text, "customer ")
        h.type("王")
        h.keys(.enter)
        XCTAssertEqual(h.state.commandHistory, ["customer 王"])
        XCTAssertEqual(h.state.tab, .customers)
        XCTAssertTrue(h.text.contains("王芳"))
        h.keys(.escape, .char(":"))
        h.type("order 1003")
        h.keys(.enter)
        XCTAssertEqual(h.state.tab, .orders)
        XCTAssertTrue(h.state.currentScreen is OrderDetailScreen)
        h.keys(.char(":"), .up)
        guard case .command(let l2) = h.state.overlay else { return XCTFail() }
        XCTAssertEqual(l2.input.text, "order 1003")
        h.keys(.up)
        guard case .command(let l3) = h.state.overlay else { return XCTFail() }
        XCTAssertEqual(l3.input.text, "customer 王")
        h.keys(.down, .down)
        guard case .command(let l4) = h.state.overlay else { return XCTFail() }
        XCTAssertEqual(l4.input.text, "")
        h.type("th")
        h.keys(.tab)
        guard case .command(let l5) = h.state.overlay else { return XCTFail() }
        XCTAssertEqual(l5.input.text, "theme ")
        h.type("mo")
        h.keys(.tab)
        guard case .command(let l6) = h.state.overlay else { return XCTFail() }
        XCTAssertEqual(l6.input.text, "theme mono")
        XCTAssertEqual(h.keys(.enter), [.setTheme("mono")])
    }

    func testUnknownCommandShowsMessage() throws {
        let h = try AppHarness()
        h.keys(.escape, .char(":"))
        h.type("ordr 5")
        h.keys(.enter)
        XCTAssertTrue(h.text.contains("unknown command :ordr"))
        XCTAssertTrue(h.text.contains(":order"))
    }

    func testReadOnlyRefusesWritingActions() throws {
        let h = try AppHarness(readOnly: true)
        h.type("王")
        h.keys(.enter)
        XCTAssertTrue(h.state.currentScreen is Customer360Screen)
        h.keys(.char("r"))
        XCTAssertTrue(h.text.contains("read-only"))
        XCTAssertFalse(h.queries.contains(.revealIdentities(customerID: 1)))
        XCTAssertEqual(try h.db.scalarInt("SELECT count(*) FROM audit_log"), 0)
    }

    func testRemapFileErrorsNameFileAndLine() {
        let text = """
        # my keys
        quit = Q
        frobnicate = x
        help = ctrl-%%
        customer.reveal = o

        move.down = j down ctrl-n
        """
        let (reg, errors) = KeyMapFile.apply(text, file: "keys.conf", to: .standard)
        XCTAssertEqual(errors.count, 3, "\(errors)")
        XCTAssertTrue(errors[0].hasPrefix("keys.conf:3: unknown action \"frobnicate\""))
        XCTAssertTrue(errors[1].hasPrefix("keys.conf:4: bad key \"ctrl-%%\""))
        XCTAssertTrue(errors[2].hasPrefix("keys.conf:5: key o for customer.reveal is already bound to customer.orders"))
        XCTAssertEqual(reg.spec(.quit)?.keys, [.char("Q")])
        XCTAssertEqual(reg.spec(.moveDown)?.keys, [.char("j"), .down, .ctrl("n")])
        XCTAssertEqual(reg.spec(.revealIdentities)?.keys, [.char("r")])
    }

    func testRemappedKeyIsUsedAndShownInHelp() throws {
        let (reg, _) = KeyMapFile.apply("quit = Q\n", file: "keys.conf", to: .standard)
        let h = try AppHarness(registry: reg)
        h.keys(.function(5))
        XCTAssertEqual(h.keys(.char("q")), [])
        XCTAssertTrue(h.text.contains("Q quit"), h.text)
        XCTAssertEqual(h.keys(.char("Q")), [.quit])
    }

    func testTooSmallAndRecovers() throws {
        let h = try AppHarness()
        h.send(.resize(width: 50, height: 10))
        XCTAssertTrue(h.text.contains("enlarge the terminal"))
        XCTAssertTrue(h.text.contains("need 60x15, have 50x10"))
        h.send(.resize(width: 80, height: 24))
        XCTAssertTrue(h.text.contains("[1 Customers]"))
    }

    func testFrameHeaderFooterAndThemeToast() throws {
        let h = try AppHarness()
        h.send(.watchStatus(.live(lastChangeAtMs: AppHarness.now * 1000 - 3000, writesPerMinute: 12)))
        XCTAssertTrue(AppRenderer.render(h.state).line(0).contains("live · 3s ago · 12/min"))
        h.send(.resize(width: 120, height: 24))
        let canvas = AppRenderer.render(h.state)
        XCTAssertTrue(canvas.line(0).contains("omni"))
        XCTAssertTrue(canvas.line(0).contains("omni.db"))
        XCTAssertTrue(canvas.line(0).contains("alice (supervisor)"))
        XCTAssertTrue(canvas.line(0).contains("live · last change 3s ago · 12 writes/min"), canvas.line(0))
        XCTAssertTrue(canvas.line(1).contains("[1 Customers]"))
        XCTAssertTrue(canvas.line(23).contains("? help"), canvas.line(23))
        h.send(.resize(width: 80, height: 24))
        h.send(.themeChanged(name: "default", warning: "unknown theme \"nope\"; using default"))
        XCTAssertTrue(h.text.contains("✖ unknown theme"))
        h.send(.tick(nowMs: AppHarness.now * 1000 + 10_000))
        XCTAssertFalse(h.text.contains("unknown theme"), "toasts expire")
    }

    func testFailedQueryShowsInFooter() throws {
        let h = try AppHarness()
        let id = h.state.current.id
        h.state.pendingReads[id] = 999
        h.send(.queryFinished(screen: id, request: 999, .failure(QueryFailure("database is locked"))))
        XCTAssertTrue(h.text.contains("query failed: database is locked"))
    }

    func testStaleResultsAreDropped() throws {
        let h = try AppHarness()
        let id = h.state.current.id
        // Two searches: only the latest request's answer is shown.
        let first = AppReducer.reduce(&h.state, .key(.char("Z")))
        let second = AppReducer.reduce(&h.state, .key(.char("o")))
        guard case .runQuery(let r1) = first.first, case .runQuery(let r2) = second.first else { return XCTFail() }
        h.send(.queryFinished(screen: id, request: r2.id, .success(.customerHits([]))))
        let stale = try CustomerQueries.search(h.db, "#2")
        XCTAssertFalse(stale.isEmpty)
        h.send(.queryFinished(screen: id, request: r1.id, .success(.customerHits(stale))))
        XCTAssertFalse(h.text.contains("Zoë"))
    }

    func testFilterLineOnOrders() throws {
        let h = try AppHarness()
        h.keys(.function(2), .char("/"))
        h.type("R1000")
        XCTAssertTrue(h.text.contains("/R1000"))
        h.keys(.enter)
        XCTAssertNil(h.state.overlay)
        XCTAssertTrue(h.text.contains("R10001"))
        h.keys(.escape)
        XCTAssertEqual((h.state.currentScreen as? OrderListScreen)?.filter.text, "")
    }
}
