import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// Random keys through the reducer on a small seeded store: typed text never writes, never
/// navigates while an input owns the keyboard, and nothing crashes (with resizes, including a
/// terminal too small to draw in). Reads are run once per distinct query and remembered, so
/// 20,000 keys stay fast; a write runs for real, and only when it is allowed.
final class KeyFuzzTests: XCTestCase {
    static let now: Int64 = 1_767_000_000

    final class Driver {
        let db: Database
        var state: AppState
        var memo: [String: Result<QueryResult, QueryFailure>] = [:]
        /// Writes that ran: (the key, the mode before it, the query).
        var writes: [(Key, InputMode, Query)] = []

        init(db: Database, width: Int, height: Int) {
            self.db = db
            state = AppState(width: width, height: height, nowMs: KeyFuzzTests.now * 1000,
                             session: SessionInfo(storeName: "omni.db", operatorLogin: "alice"))
            settle(AppReducer.start(&state), key: .escape, mode: .normal)
        }

        var queryTime: TimeInterval = 0
        func answer(_ query: Query) -> Result<QueryResult, QueryFailure> {
            let t0 = Date()
            defer { queryTime += Date().timeIntervalSince(t0) }
            let run = { () -> Result<QueryResult, QueryFailure> in
                do { return .success(try QueryRunner.run(query, db: self.db, now: KeyFuzzTests.now, operator: "alice")) }
                catch { return .failure(QueryFailure("\(error)")) }
            }
            if query.writes { return run() }
            // Search as you type asks for every prefix typed; the hits for the first character
            // stand in for them all (real rows, far fewer reads).
            var key = String(describing: query)
            switch query {
            case .customerSearch(let text, let limit):
                key = "c" + String(text.prefix(1))
                if memo[key] == nil {
                    memo[key] = Result { try QueryRunner.run(.customerSearch(text: String(text.prefix(1)), limit: limit), db: db,
                                                             now: KeyFuzzTests.now, operator: "alice") }
                        .mapError { QueryFailure("\($0)") }
                }
            case .findSKUs(let text, let limit):
                key = "s" + String(text.prefix(1))
                if memo[key] == nil {
                    memo[key] = Result { try QueryRunner.run(.findSKUs(text: String(text.prefix(1)), limit: limit), db: db,
                                                             now: KeyFuzzTests.now, operator: "alice") }
                        .mapError { QueryFailure("\($0)") }
                }
            default: break
            }
            if let known = memo[key] { return known }
            let result = run()
            memo[key] = result
            return result
        }

        func settle(_ effects: [Effect], key: Key, mode: InputMode) {
            var queue = effects
            while !queue.isEmpty {
                guard case .runQuery(let request) = queue.removeFirst() else { continue }
                if request.query.writes { writes.append((key, mode, request.query)) }
                queue += AppReducer.reduce(&state, .queryFinished(screen: request.screen, request: request.id,
                                                                  answer(request.query)))
            }
        }

        /// Sends one key; returns the effects the key itself produced.
        @discardableResult
        func press(_ key: Key) -> [Effect] {
            let mode = state.mode
            let effects = AppReducer.reduce(&state, .key(key))
            settle(effects, key: key, mode: mode)
            return effects
        }
    }

    /// A key as fingers and a noisy line would produce them: mostly text (Latin, digits, the
    /// keys that open inputs, CJK), some editing and movement keys, a few view switches.
    static func randomKey(_ rng: inout SplitMix) -> Key {
        let r = rng.next() % 100
        switch r {
        case 0..<55:
            let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /:?#+@.-_[]<>王芳雪")
            return .char(alphabet[Int(rng.next() % UInt64(alphabet.count))])
        case 55..<63: return .char(Array("/:/?")[Int(rng.next() % 4)])
        case 63..<72: return .enter
        case 72..<78: return .escape
        case 78..<84: return [.up, .down, .left, .right, .pageDown, .pageUp, .home, .end][Int(rng.next() % 8)]
        case 84..<88: return .backspace
        case 88..<91: return [.tab, .backTab][Int(rng.next() % 2)]
        case 91..<94: return .function(Int(rng.next() % 6) + 1)
        case 94..<97: return .alt(Array("123456qsapx")[Int(rng.next() % 11)])
        default: return [.ctrl("w"), .ctrl("u"), .ctrl("l"), .delete][Int(rng.next() % 4)]
        }
    }

    func testTwentyThousandRandomKeysNeverWriteFromTypedText() throws {
        let dir = try temporaryDirectory("omni-fuzz")
        let path = dir.appendingPathComponent("omni.db").path
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: 7, now: Self.now), progress: nil)
        let db = try Store.open(path: path)
        let started = Date()
        let d = Driver(db: db, width: 80, height: 24)
        var rng = SplitMix(seed: 19)
        let sizes = [(80, 24), (120, 36), (200, 50), (40, 10), (61, 15)]
        var confirmed = 0
        for i in 0..<20_000 {
            if i % 400 == 399 {
                let (w, h) = sizes[Int(rng.next() % UInt64(sizes.count))]
                d.state.width = w
                _ = AppReducer.reduce(&d.state, .resize(width: w, height: h))
            }
            if d.state.quitting {
                // `q` or `:q` quit: start again where the fuzz left the store.
                d.state = Driver(db: db, width: d.state.width, height: d.state.height).state
            }
            let key = Self.randomKey(&rng)
            let mode = d.state.mode
            let tab = d.state.tab
            let depth = d.state.stacks.map(\.count)
            let writesBefore = d.writes.count
            d.press(key)
            let wrote = d.writes.count > writesBefore
            if wrote {
                for (k, m, q) in d.writes[writesBefore...] {
                    let reveal: Bool = { if case .revealIdentities = q { return true } else { return false } }()
                    if reveal {
                        XCTAssertEqual(m, .normal, "a reveal only from normal mode (key \(k))")
                    } else {
                        XCTAssertEqual(k, .enter, "key \(i): \(q) written by \(k) in \(m)")
                        XCTAssertEqual(m, .confirm, "key \(i): \(q) written without confirmation")
                        confirmed += 1
                    }
                }
            }
            if case .char = key, mode != .normal {
                // Text typed into an input: never a write, never a jump.
                XCTAssertFalse(wrote, "key \(i): typed \(key) in \(mode) wrote")
                XCTAssertEqual(d.state.tab, tab, "key \(i): typed \(key) in \(mode) switched views")
                if mode != .pick && mode != .confirm {
                    XCTAssertEqual(d.state.stacks.map(\.count), depth, "key \(i): typed \(key) in \(mode) opened a screen")
                }
            }
            if d.state.mode == .confirm && mode != .confirm {
                XCTAssertTrue([.normal, .pick, .note].contains(mode), "key \(i): a write armed from \(mode)")
                if mode == .note { XCTAssertEqual(key, .enter) }
            }
            if i % 97 == 0 { _ = AppRenderer.frame(d.state) }
        }
        print("key fuzz: \(d.writes.count) writes, \(confirmed) confirmed with ↵, \(d.memo.count) distinct reads, \(Int(Date().timeIntervalSince(started) * 1000)) ms, \(Int(d.queryTime * 1000)) ms answering")
        // Escape from wherever the fuzz ended returns to normal mode.
        for _ in 0..<3 { d.press(.escape) }
        XCTAssertEqual(d.state.mode, .normal)
    }

    /// In every view, an input opened and fed 300 random printable characters writes nothing.
    func testTextTypedIntoEveryInputOfEveryViewWritesNothing() throws {
        let dir = try temporaryDirectory("omni-fuzz-text")
        let path = dir.appendingPathComponent("omni.db").path
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: 3, now: Self.now), progress: nil)
        let db = try Store.open(path: path)
        let audit = try db.scalarInt("SELECT count(*) FROM audit_log")
        var rng = SplitMix(seed: 5)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzASPUNO0123456789 /:?#+王")
        for view in 1...6 {
            for opener in [Key.char("/"), .char(":")] {
                // On the root, and one screen in (Enter) where there is one.
                for drill in [false, true] {
                    let d = Driver(db: db, width: 80, height: 24)
                    d.press(.function(view))
                    if drill { d.press(.char("j")); d.press(.enter) }
                    d.press(opener)
                    XCTAssertNotEqual(d.state.mode, .normal, "view \(view): \(opener) opens an input")
                    let tab = d.state.tab
                    let depth = d.state.stacks.map(\.count)
                    for _ in 0..<300 {
                        d.press(.char(alphabet[Int(rng.next() % UInt64(alphabet.count))]))
                        if d.state.mode == .normal { break }
                    }
                    XCTAssertTrue(d.writes.isEmpty, "view \(view): typed text wrote \(d.writes.map(\.2))")
                    XCTAssertEqual(d.state.tab, tab)
                    XCTAssertEqual(d.state.stacks.map(\.count), depth)
                    d.press(.escape)
                    XCTAssertEqual(d.state.mode, .normal, "Esc returns to normal mode (view \(view), \(opener))")
                }
            }
        }
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM audit_log"), audit)
    }
}

/// A small, seedable generator (the fuzz is the same on every run).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
