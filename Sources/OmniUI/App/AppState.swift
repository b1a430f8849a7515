import OmniStore

/// Identifies one pushed screen (query results find their screen by it).
public typealias ScreenID = Int
/// Identifies one query request (the latest per screen wins; older results are dropped).
public typealias RequestID = Int

/// A screen on a tab's stack, with its id.
public struct ScreenEntry: Sendable {
    public var id: ScreenID
    public var screen: any Screen
    /// The view it was opened from, when that was another view: Esc goes back there.
    public var returnTo: AppTab?

    public init(id: ScreenID, screen: any Screen, returnTo: AppTab? = nil) {
        self.id = id
        self.screen = screen
        self.returnTo = returnTo
    }
}

/// Input to the loop. Everything that happens becomes one of these.
public enum Action: Sendable {
    case key(Key)
    /// The terminal's size changed (SIGWINCH).
    case resize(width: Int, height: Int)
    /// The one-second clock (unix milliseconds).
    case tick(nowMs: Int64)
    /// A query finished on the store queue.
    case queryFinished(screen: ScreenID, request: RequestID, Result<QueryResult, QueryFailure>)
    /// Another process committed: re-query the visible screens that show these entities.
    case storeChanged(ChangeBatch)
    /// The watcher's status (live / warning), for the header.
    case watchStatus(WatchStatus)
    /// The theme was switched (by `:theme`); `warning` when it fell back.
    case themeChanged(name: String, warning: String?)
    /// Jump somewhere (the command line, tests, the loop).
    case route(Route)
    case toast(String, isError: Bool)
}

/// A query to run for a screen.
public struct QueryRequest: Sendable, Equatable {
    public var id: RequestID
    public var screen: ScreenID
    public var query: Query
    public var debounceMs: Int
}

/// What the loop does for the reducer: queries on the store queue, theme loading, quit.
public enum Effect: Sendable, Equatable {
    case runQuery(QueryRequest)
    /// Load a theme by name or path (ThemeLoader) and answer with `.themeChanged`.
    case setTheme(String)
    /// Repaint every cell (Ctrl-L).
    case redraw
    /// Put this text on the terminal's clipboard (OSC 52).
    case copy(String)
    case quit
}

/// A toast on screen until `untilMs`.
public struct ToastEntry: Sendable, Equatable {
    public var message: String
    public var isError: Bool
    public var untilMs: Int64
}

/// The `:` command line.
public struct CommandLineState: Sendable, Equatable {
    public var input = InputLine()
    /// Index into history while browsing with ↑/↓ (nil: editing a new line).
    public var historyIndex: Int?
    /// What was typed before browsing history started.
    public var draft: String = ""
    /// Candidates shown after Tab when more than one matched.
    public var completions: [String] = []
    public init() {}
}

/// The `?` help overlay.
public struct HelpState: Sendable, Equatable {
    public var filter = InputLine()
    public var scroll = 0
    public init() {}
}

/// What sits over the screen and takes the keys first.
public enum Overlay: Sendable, Equatable {
    case help(HelpState)
    case command(CommandLineState)
    /// The app's `/` filter line over a screen that has no input of its own.
    case filter(InputLine)
    /// `/` on a screen with nothing to filter: says so and swallows typed text until Esc or Enter.
    case noFilter(InputLine)
}

/// Who owns the keyboard. In `.normal` keys are commands; in every other mode an input (or a
/// one-key picker, or a confirmation) owns every printable key until Enter or Esc, and Esc
/// always returns to `.normal`. Shown as a word at the left of the footer.
public enum InputMode: String, Sendable, Equatable, CaseIterable {
    case normal = "NORMAL"
    /// A search field the user entered (the Customers view, the Stock view).
    case search = "SEARCH"
    /// The `/` filter line.
    case filter = "FILTER"
    /// The `:` command line.
    case command = "COMMAND"
    /// The `?` help overlay (or a screen's own text overlay, such as the KPI definitions).
    case help = "HELP"
    /// A note being written.
    case note = "NOTE"
    /// A one-key picker (a ticket's status or priority).
    case pick = "PICK"
    /// A write waiting for ↵ (any other key cancels it).
    case confirm = "CONFIRM"
}

/// A write a key asked for, shown in the footer until ↵ runs it or another key cancels it.
public struct PendingWrite: Sendable, Equatable {
    public var screen: ScreenID
    public var query: Query
    /// What it will do, in words ("set the status of ticket #12 to pending").
    public var text: String
}

/// The header's live slot.
public enum LiveState: Sendable, Equatable {
    case starting
    case live(lastChangeAtMs: Int64?, writesPerMinute: Int)
    case warning(String)
    /// No watcher (tests, or it could not start).
    case off
}

/// Who is at the keyboard and which store is open (header).
public struct SessionInfo: Sendable, Equatable {
    public var storeName: String
    public var operatorLogin: String
    public var role: String?
    public init(storeName: String, operatorLogin: String, role: String? = nil) {
        self.storeName = storeName
        self.operatorLogin = operatorLogin
        self.role = role
    }
}

/// All state of the console: a value on the main queue, changed only by `AppReducer.reduce`.
public struct AppState: Sendable {
    public static let minimumWidth = 60
    public static let minimumHeight = 15

    public var width: Int
    public var height: Int
    public var nowMs: Int64
    public var session: SessionInfo
    public var readOnly: Bool
    public var registry: ActionRegistry
    public var tab: AppTab = .customers
    /// One back stack per tab, root first. Never empty.
    public var stacks: [[ScreenEntry]] = []
    public var overlay: Overlay?
    /// A write waiting for confirmation (↵); every other key cancels it.
    public var confirm: PendingWrite?
    public var commandHistory: [String] = []
    public var toasts: [ToastEntry] = []
    /// A one-line status in the footer (read-only refusals, failed queries); cleared by the next key.
    public var footerMessage: (text: String, isError: Bool)?
    public var live: LiveState = .off
    public var themeName: String
    /// Theme names for `:theme` completion.
    public var themeNames: [String]
    /// SKU codes from the last `:sku` completion answer.
    public var skuCompletions: [String] = []
    /// Read queries waiting or running, per screen (the latest request id).
    public var pendingReads: [ScreenID: RequestID] = [:]
    /// Writes running (their ids).
    public var pendingWrites: Set<RequestID> = []
    /// Changes that hidden screens missed; applied when they come back into view.
    public var staleBatches: [ScreenID: ChangeBatch] = [:]
    public var nextScreenID: ScreenID = 1
    public var nextRequestID: RequestID = 1
    public var quitting = false
    /// Moves the spinner in the footer (ticks while something is in flight).
    public var spinnerFrame = 0

    public var now: Int64 { nowMs / 1000 }

    public init(width: Int, height: Int, nowMs: Int64, session: SessionInfo, readOnly: Bool = false,
                registry: ActionRegistry = .standard, themeName: String = "default", themeNames: [String] = ["default", "mono"]) {
        self.width = width
        self.height = height
        self.nowMs = nowMs
        self.session = session
        self.readOnly = readOnly
        self.registry = registry
        self.themeName = themeName
        self.themeNames = themeNames
    }

    /// Who owns the keyboard now (the footer's mode word).
    public var mode: InputMode {
        if confirm != nil { return .confirm }
        switch overlay {
        case .help: return .help
        case .command: return .command
        case .filter, .noFilter: return .filter
        case nil: break
        }
        guard !stacks.isEmpty else { return .normal }
        return currentScreen.capturesText ? currentScreen.inputMode : .normal
    }

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// The visible screen's entry.
    public var current: ScreenEntry { stacks[tab.rawValue].last! }
    public var currentScreen: any Screen { current.screen }

    /// Header, tabs, footer: the body is what is left.
    public var bodyRect: Rect { Rect(x: 0, y: 2, width: width, height: max(0, height - 3)) }

    public var context: ScreenContext {
        ScreenContext(now: now, nowMs: nowMs, operatorLogin: session.operatorLogin, readOnly: readOnly,
                      bodyWidth: bodyRect.width, bodyHeight: bodyRect.height)
    }

    public var isBusy: Bool { !pendingReads.isEmpty || !pendingWrites.isEmpty }

    /// Where a screen lives: (tab index, stack index).
    func locate(_ id: ScreenID) -> (Int, Int)? {
        for (t, stack) in stacks.enumerated() {
            if let i = stack.firstIndex(where: { $0.id == id }) { return (t, i) }
        }
        return nil
    }
}
