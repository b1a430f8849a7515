import OmniStore

// MARK: - How to add a screen
//
// A screen is a value type conforming to `Screen`: its own state, how it reacts to actions and
// query results, and how it draws itself into the body rect. The app (AppState + AppReducer)
// owns the frame (header, tabs, footer, overlays, toasts), the per-tab back stacks, key
// dispatch, read-only gating and running queries; a screen never touches the store or the
// terminal itself.
//
// 1. Create `Sources/OmniUI/Views/<Name>Screen.swift`:
//
//        public struct StockScreen: Screen {
//            public static let kind: ScreenKind = "stock.sku"      // unique, "<tab>.<screen>"
//            public var kind: ScreenKind { Self.kind }
//            public var title: String { "Stock · \(code)" }         // shown in the body's box title
//            public var entities: Set<String> { ["stock"] }         // live updates: which changes matter
//            var code: String
//            var stock: SKUStock?
//            public init(code: String) { self.code = code }
//
//            // First query when the screen is pushed (and after a live change, by default).
//            public mutating func start(_ ctx: ScreenContext) -> [ScreenEffect] { [.query(.skuStockByCode(code: code))] }
//
//            // A registry action (an `ActionID`) that applies to this screen: movement, Enter, jump keys.
//            public mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect] {
//                switch action {
//                case .moveDown: ...; return []
//                case .open: return [.push(MovementsScreen(...))]          // drill in (same tab)
//                case .jumpTickets: return [.route(.ticketsOfCustomer(...))] // jump to another tab
//                default: return []
//                }
//            }
//
//            // The answer to the latest query this screen asked for (stale ones never arrive).
//            public mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect] {
//                if case .skuStock(let s) = result { stock = s }
//                return []
//            }
//
//            public func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext) { ... }
//        }
//
//    Optional hooks have defaults (see the protocol extension below): `input` (typed text when
//    `capturesText`), `focusInput` (what `/` does on a screen with its own input), `setFilter`
//    (the `/` filter line), `failed`, `storeChanged` (re-queries when `entities` intersect),
//    `tick` (once a second).
// 2. Key bindings: add `ActionSpec`s for your screen's keys to `ActionRegistry.standard`
//    (App/ActionRegistry.swift), scoped with `.screens([StockScreen.kind])`, with `writes: true`
//    for anything that changes the store. Define new `ActionID`s as static lets in an extension
//    next to your screen. Movement (`moveUp/moveDown/pageUp/pageDown/top/bottom`) and `open`
//    (Enter) are global: every screen receives them through `perform`.
// 3. Where it appears: a tab's root screen is made in `AppRouter.rootScreen(for:)`, and a jump
//    (`Route`, e.g. `.sku(code:)` from the order detail's `s`) is turned into a tab + screen in
//    `AppRouter.screen(for:)` (App/Route.swift).
// 4. Tests: `Tests/OmniUITests/View<Name>Tests.swift`, driving `AppReducer.reduce` with keys
//    and results and reading `AppRenderer.render(state).text`.

/// A screen's kind: a stable name used to scope key bindings (`"orders.list"`).
public struct ScreenKind: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

/// What a screen can read about the app while reacting or drawing.
public struct ScreenContext: Sendable {
    /// Unix seconds (the clock the header shows; SLA countdowns use it).
    public var now: Int64
    /// Unix milliseconds (fresh-row highlighting).
    public var nowMs: Int64
    public var operatorLogin: String
    public var readOnly: Bool
    /// The size of the body rect the screen renders into (rows for paging).
    public var bodyWidth: Int
    public var bodyHeight: Int

    public init(now: Int64, nowMs: Int64, operatorLogin: String, readOnly: Bool, bodyWidth: Int, bodyHeight: Int) {
        self.now = now
        self.nowMs = nowMs
        self.operatorLogin = operatorLogin
        self.readOnly = readOnly
        self.bodyWidth = bodyWidth
        self.bodyHeight = bodyHeight
    }
}

/// What a screen asks the app to do.
public enum ScreenEffect: Sendable {
    /// Run a query on the store queue; the result comes back through `receive`. One read slot
    /// per screen: a newer query supersedes an older one still waiting (the latest wins).
    /// `debounceMs` delays the start (search as you type); a newer query in the meantime wins.
    case query(Query, debounceMs: Int = 0)
    /// Open a screen on top of this tab's stack (Enter drills in).
    case push(any Screen)
    /// Go back one screen (what Esc does).
    case pop
    /// Jump to another tab's screen (`c` customer, `s` stock, `t` tickets...).
    case route(Route)
    /// A toast in the footer for a few seconds: info, or an error.
    case toast(String, isError: Bool = false)
}

/// One screen of the console. See the top of this file for how to add one.
public protocol Screen: Sendable {
    var kind: ScreenKind { get }
    /// Title of the body box (sanitised when drawn).
    var title: String { get }
    /// Entities whose changes make this screen re-query while visible
    /// (`"customer"`, `"order"`, `"stock"`, `"ticket"`, `"appointment"`).
    var entities: Set<String> { get }
    /// True while the screen's own input has focus: printable keys go to `input` first.
    var capturesText: Bool { get }
    /// The active `/` filter text ("" when none), or nil when the screen has no filter.
    var filterText: String? { get }
    /// What kind of input has the keyboard while `capturesText` (the footer's mode word).
    var inputMode: InputMode { get }
    /// A short name for the breadcrumb ("Customers", "王芳", "Order R10003").
    var crumb: String { get }
    /// The text `y` copies (OSC 52): the selected order number, SKU code or revealed phone.
    var yankText: String? { get }
    /// Cursor position to show (screen coordinates) while `capturesText`, else nil.
    func cursorPosition(in rect: Rect) -> (x: Int, y: Int)?

    /// Called when the screen is pushed: its first queries.
    mutating func start(_ ctx: ScreenContext) -> [ScreenEffect]
    /// A registry action that applies here (movement, Enter, the screen's own keys).
    mutating func perform(_ action: ActionID, _ ctx: ScreenContext) -> [ScreenEffect]
    /// A printable key in normal mode, before the registry sees it (`bound`: the registry has an
    /// action for it here). Return true to take it as the start of typing: the screen focuses its
    /// input, and the key is then given to `input`. Only for the agent's fast path (Customers).
    mutating func startTyping(_ key: Key, bound: Bool) -> Bool
    /// Sort the list by the next (`forward`) or previous column (`>` / `<`). Returns false when
    /// the screen has no columns to sort by.
    mutating func sort(forward: Bool, _ ctx: ScreenContext) -> Bool
    /// A key while `capturesText`. Return nil when not consumed: a printable key is then
    /// swallowed (typed text never reaches a command); other keys may reach non-writing actions.
    mutating func input(_ key: Key, _ ctx: ScreenContext) -> [ScreenEffect]?
    /// `/` pressed: focus the screen's own input. Return false to get the app's filter line.
    mutating func focusInput() -> Bool
    /// The filter line changed (every keystroke), or was cleared ("").
    mutating func setFilter(_ text: String, _ ctx: ScreenContext) -> [ScreenEffect]
    /// The latest query this screen asked for succeeded.
    mutating func receive(_ result: QueryResult, _ ctx: ScreenContext) -> [ScreenEffect]
    /// The latest query failed (the app already shows the message in the footer).
    mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect]
    /// Another process changed the store; called only for visible screens whose `entities`
    /// intersect `batch.entities`. Default: `start(ctx)` again (keep the cursor by id!).
    mutating func storeChanged(_ batch: ChangeBatch, _ ctx: ScreenContext) -> [ScreenEffect]
    /// Once a second (clock): expire highlights etc. Rendering happens anyway.
    mutating func tick(_ ctx: ScreenContext)

    func render(into canvas: inout Canvas, in rect: Rect, _ ctx: ScreenContext)
}

extension Screen {
    public var capturesText: Bool { false }
    public var filterText: String? { nil }
    public var inputMode: InputMode { .search }
    public var crumb: String { title }
    public var yankText: String? { nil }
    public func cursorPosition(in rect: Rect) -> (x: Int, y: Int)? { nil }
    public mutating func startTyping(_ key: Key, bound: Bool) -> Bool { false }
    public mutating func sort(forward: Bool, _ ctx: ScreenContext) -> Bool { false }
    public mutating func input(_ key: Key, _ ctx: ScreenContext) -> [ScreenEffect]? { nil }
    public mutating func focusInput() -> Bool { false }
    public mutating func setFilter(_ text: String, _ ctx: ScreenContext) -> [ScreenEffect] { [] }
    public mutating func failed(_ failure: QueryFailure, _ ctx: ScreenContext) -> [ScreenEffect] { [] }
    public mutating func storeChanged(_ batch: ChangeBatch, _ ctx: ScreenContext) -> [ScreenEffect] { start(ctx) }
    public mutating func tick(_ ctx: ScreenContext) {}
}
