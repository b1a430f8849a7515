import OmniStore

/// The update function of the loop: `reduce(&state, action) -> [Effect]`. Pure apart from the
/// state it is given; effects are run by the loop (omni/Console) and come back as Actions.
public enum AppReducer {
    /// How long toasts stay.
    public static let toastMs: Int64 = 4_000

    /// The state a console starts with: every tab's root screen pushed and started.
    public static func start(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        state.stacks = Array(repeating: [], count: AppTab.allCases.count)
        for tab in AppTab.allCases {
            effects += push(AppRouter.rootScreen(for: tab), on: tab, &state)
        }
        effects.append(.runQuery(QueryRequest(id: takeRequestID(&state), screen: 0,
                                              query: .operatorRole(login: state.session.operatorLogin), debounceMs: 0)))
        return effects
    }

    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        guard !state.quitting else { return [] }
        switch action {
        case .key(let key):
            return handleKey(key, &state)
        case let .resize(width, height):
            state.width = max(0, width)
            state.height = max(0, height)
            return []
        case .tick(let nowMs):
            state.nowMs = nowMs
            state.toasts.removeAll { $0.untilMs <= nowMs }
            if state.isBusy { state.spinnerFrame += 1 }
            let ctx = state.context
            modifyCurrent(&state) { $0.tick(ctx) }
            return []
        case let .queryFinished(screenID, request, result):
            return finished(screenID, request, result, &state)
        case .storeChanged(let batch):
            return storeChanged(batch, &state)
        case .watchStatus(let status):
            switch status {
            case let .live(last, rate): state.live = .live(lastChangeAtMs: last, writesPerMinute: rate)
            case .warning(let text): state.live = .warning(text)
            }
            return []
        case let .themeChanged(name, warning):
            state.themeName = name
            if let warning { toast(warning, isError: true, &state) }
            return []
        case .route(let route):
            return go(route, &state)
        case let .toast(text, isError):
            toast(text, isError: isError, &state)
            return []
        }
    }

    // MARK: Keys

    static func handleKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        state.footerMessage = nil
        let mode = state.mode
        if case .alt(let c) = key, state.registry.action(for: key, on: state.currentScreen.kind) == nil {
            // Nothing binds this Alt key. In normal mode take it as what the terminal sent, Esc
            // then the character; while an input has the keyboard it is swallowed, so a fast Esc
            // and letter can never turn typed text into a command.
            guard mode == .normal else { return [] }
            return handleKey(.escape, &state) + handleKey(.char(c), &state)
        }
        if state.isTooSmall {
            // Only quitting and redrawing make sense until the terminal is enlarged.
            if let spec = state.registry.action(for: key, on: state.currentScreen.kind) {
                if spec.id == .quit, mode == .normal { state.quitting = true; return [.quit] }
                if spec.id == .redraw { return [.redraw] }
                if spec.id == .back {
                    state.overlay = nil
                    state.confirm = nil
                }
            }
            return []
        }
        if let pending = state.confirm {
            // A write waits: ↵ runs it, any other key cancels it and does nothing else.
            state.confirm = nil
            guard key == .enter else {
                state.footerMessage = ("cancelled: " + pending.text, false)
                return []
            }
            return run(pending.query, from: pending.screen, &state)
        }
        if let spec = state.registry.viewSwitch(for: key) {
            // Switching views closes any overlay; the `/` filter keeps its text, as with Enter.
            state.overlay = nil
            return perform(spec, &state)
        }
        if let overlay = state.overlay {
            switch overlay {
            case .help(var help): return helpKey(key, &help, &state)
            case .command(var line): return commandKey(key, &line, &state)
            case .filter(var input): return filterKey(key, &input, &state)
            case .noFilter(var input):
                switch key {
                case .escape, .enter: state.overlay = nil
                default:
                    input.handle(key)
                    state.overlay = .noFilter(input)
                }
                return []
            }
        }
        let kind = state.currentScreen.kind
        if state.currentScreen.capturesText {
            let ctx = state.context
            var consumed: [ScreenEffect]?
            modifyCurrent(&state) { consumed = $0.input(key, ctx) }
            if let effects = consumed { return apply(effects, from: state.current.id, &state) }
            // The input did not want it. Typed text never becomes a command (only `:` and `?`,
            // which a field gives up when it is empty); other keys may move or switch views,
            // never write.
            guard let spec = state.registry.action(for: key, on: kind), !spec.writes else { return [] }
            if case .char = key, spec.id != .commandLine, spec.id != .help { return [] }
            return perform(spec, &state)
        }
        let spec = state.registry.action(for: key, on: kind)
        if case .char = key {
            var typing = false
            modifyCurrent(&state) { typing = $0.startTyping(key, bound: spec != nil) }
            if typing {
                let ctx = state.context
                var effects: [ScreenEffect]?
                modifyCurrent(&state) { effects = $0.input(key, ctx) }
                return apply(effects ?? [], from: state.current.id, &state)
            }
        }
        guard let spec else { return [] }
        return perform(spec, &state)
    }

    /// Runs one registry action: app actions here, the rest on the current screen.
    public static func perform(_ spec: ActionSpec, _ state: inout AppState) -> [Effect] {
        if spec.writes && state.readOnly {
            state.footerMessage = ("read-only: \(spec.keyText) \(spec.name) is disabled (started with --read-only)", true)
            return []
        }
        switch spec.id {
        case .quit:
            state.quitting = true
            return [.quit]
        case .help:
            state.overlay = .help(HelpState())
            return []
        case .commandLine:
            state.overlay = .command(CommandLineState())
            return []
        case .filter:
            var focused = false
            modifyCurrent(&state) { focused = $0.focusInput() }
            if focused { return [] }
            guard let text = state.currentScreen.filterText else {
                // Nothing to filter: say so, and keep what is typed next away from the commands.
                state.overlay = .noFilter(InputLine())
                return []
            }
            state.overlay = .filter(InputLine(text))
            return []
        case .back:
            return back(&state)
        case .nextTab: return switchTab(state.tab.next, &state)
        case .previousTab: return switchTab(state.tab.previous, &state)
        case .tabCustomers: return switchTab(.customers, &state)
        case .tabOrders: return switchTab(.orders, &state)
        case .tabStock: return switchTab(.stock, &state)
        case .tabTickets: return switchTab(.tickets, &state)
        case .tabKPIs: return switchTab(.kpis, &state)
        case .tabStores: return switchTab(.stores, &state)
        case .redraw:
            return [.redraw]
        case .yank:
            guard let text = state.currentScreen.yankText, !text.isEmpty else {
                state.footerMessage = ("nothing to copy here", false)
                return []
            }
            state.footerMessage = ("copied " + text + " (OSC 52)", false)
            return [.copy(text)]
        case .sortNext, .sortPrevious:
            let ctx = state.context
            var sorted = false
            modifyCurrent(&state) { sorted = $0.sort(forward: spec.id == .sortNext, ctx) }
            if !sorted { state.footerMessage = ("nothing to sort here", false) }
            return []
        default:
            let ctx = state.context
            var effects: [ScreenEffect] = []
            modifyCurrent(&state) { effects = $0.perform(spec.id, ctx) }
            return apply(effects, from: state.current.id, &state)
        }
    }

    static func back(_ state: inout AppState) -> [Effect] {
        if state.stacks[state.tab.rawValue].count > 1 {
            let gone = state.stacks[state.tab.rawValue].removeLast()
            state.pendingReads.removeValue(forKey: gone.id)
            // One back stack across views: a screen opened from another view returns there.
            if let from = gone.returnTo { state.tab = from }
            return revealed(&state)
        }
        if let f = state.currentScreen.filterText, !f.isEmpty {
            let ctx = state.context
            var effects: [ScreenEffect] = []
            modifyCurrent(&state) { effects = $0.setFilter("", ctx) }
            return apply(effects, from: state.current.id, &state)
        }
        return []
    }

    static func switchTab(_ tab: AppTab, _ state: inout AppState) -> [Effect] {
        guard tab != state.tab else { return [] }
        state.tab = tab
        return revealed(&state)
    }

    // MARK: Overlays

    static func helpKey(_ key: Key, _ help: inout HelpState, _ state: inout AppState) -> [Effect] {
        switch key {
        case .escape:
            state.overlay = nil
            return []
        case .char("?") where help.filter.isEmpty:
            state.overlay = nil
            return []
        case .up: help.scroll = max(0, help.scroll - 1)
        case .down: help.scroll += 1
        case .pageUp: help.scroll = max(0, help.scroll - 10)
        case .pageDown: help.scroll += 10
        case .ctrl("l"): return [.redraw]
        default:
            if help.filter.handle(key) { help.scroll = 0 }
        }
        state.overlay = .help(help)
        return []
    }

    static func filterKey(_ key: Key, _ input: inout InputLine, _ state: inout AppState) -> [Effect] {
        let ctx = state.context
        switch key {
        case .enter, .down:
            state.overlay = nil
            return []
        case .escape:
            state.overlay = nil
            var effects: [ScreenEffect] = []
            modifyCurrent(&state) { effects = $0.setFilter("", ctx) }
            return apply(effects, from: state.current.id, &state)
        default:
            let before = input.text
            input.handle(key)
            state.overlay = .filter(input)
            guard input.text != before else { return [] }
            var effects: [ScreenEffect] = []
            let text = input.text
            modifyCurrent(&state) { effects = $0.setFilter(text, ctx) }
            return apply(effects, from: state.current.id, &state)
        }
    }

    static func commandKey(_ key: Key, _ line: inout CommandLineState, _ state: inout AppState) -> [Effect] {
        switch key {
        case .escape:
            state.overlay = nil
            return []
        case .enter:
            state.overlay = nil
            let text = line.input.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return [] }
            if state.commandHistory.last != text { state.commandHistory.append(text) }
            if state.commandHistory.count > 100 { state.commandHistory.removeFirst() }
            return execute(text, &state)
        case .up:
            guard !state.commandHistory.isEmpty else { break }
            if line.historyIndex == nil { line.draft = line.input.text }
            let i = max(0, (line.historyIndex ?? state.commandHistory.count) - 1)
            line.historyIndex = i
            line.input.setText(state.commandHistory[i])
        case .down:
            guard let i = line.historyIndex else { break }
            if i + 1 < state.commandHistory.count {
                line.historyIndex = i + 1
                line.input.setText(state.commandHistory[i + 1])
            } else {
                line.historyIndex = nil
                line.input.setText(line.draft)
            }
        case .tab:
            let typed = line.input.text
            // SKU codes come from the store as they are asked for; the answer completes the line.
            if let space = typed.firstIndex(of: " "), CommandParser.canonical(typed[..<space].lowercased()) == "sku" {
                let prefix = typed[typed.index(after: space)...].trimmingCharacters(in: .whitespaces)
                state.overlay = .command(line)
                return run(.findSKUs(text: prefix, limit: 50), from: completionScreen, &state)
            }
            let (text, candidates) = CommandParser.complete(typed, registry: state.registry, themes: state.themeNames,
                                                            arguments: completionArguments(state))
            line.input.setText(text)
            line.completions = candidates
        case .backspace where line.input.isEmpty:
            state.overlay = nil
            return []
        default:
            line.input.handle(key)
            line.completions = []
            line.historyIndex = nil
        }
        state.overlay = .command(line)
        return []
    }

    /// Runs a `:` command line (without the colon).
    public static func execute(_ text: String, _ state: inout AppState) -> [Effect] {
        switch CommandParser.parse(text, registry: state.registry) {
        case .failure(let error):
            state.footerMessage = (error.message, true)
            return []
        case .success(let command):
            switch command {
            case .quit:
                state.quitting = true
                return [.quit]
            case .help:
                state.overlay = .help(HelpState())
                return []
            case .theme(let name):
                return [.setTheme(name)]
            case .route(let route):
                return go(route, &state)
            }
        }
    }

    // MARK: Screens

    /// Applies a route: switch to its tab and push its screen.
    static func go(_ route: Route, _ state: inout AppState) -> [Effect] {
        let (tab, screen) = AppRouter.screen(for: route)
        let from = state.tab
        state.overlay = nil
        state.tab = tab
        if case .kpis = route { return revealed(&state) }
        return push(screen, on: tab, returnTo: tab == from ? nil : from, &state)
    }

    static func push(_ screen: any Screen, on tab: AppTab, returnTo: AppTab? = nil, _ state: inout AppState) -> [Effect] {
        let id = state.nextScreenID
        state.nextScreenID += 1
        var s = screen
        let effects = s.start(state.context)
        state.stacks[tab.rawValue].append(ScreenEntry(id: id, screen: s, returnTo: returnTo))
        return apply(effects, from: id, &state)
    }

    /// The way back from the current screen, oldest first: what Esc walks through, across views.
    public static func breadcrumb(_ state: AppState) -> [String] {
        var crumbs: [String] = []
        var tab = state.tab.rawValue
        var index = state.stacks[tab].count - 1
        var seen = Set<ScreenID>()
        while index >= 0 {
            let entry = state.stacks[tab][index]
            guard seen.insert(entry.id).inserted else { break }
            crumbs.append(entry.screen.crumb)
            if let from = entry.returnTo {
                tab = from.rawValue
                index = state.stacks[tab].count - 1
            } else {
                index -= 1
            }
        }
        return crumbs.reversed()
    }

    /// A screen came back into view (tab switch, back): catch up on changes it missed.
    static func revealed(_ state: inout AppState) -> [Effect] {
        let id = state.current.id
        guard let batch = state.staleBatches.removeValue(forKey: id) else { return [] }
        let ctx = state.context
        var effects: [ScreenEffect] = []
        modifyCurrent(&state) { effects = $0.storeChanged(batch, ctx) }
        return apply(effects, from: id, &state)
    }

    /// Turns screen effects into app effects.
    static func apply(_ effects: [ScreenEffect], from id: ScreenID, _ state: inout AppState) -> [Effect] {
        var out: [Effect] = []
        for effect in effects {
            switch effect {
            case let .query(query, debounceMs):
                if query.writes && state.readOnly {
                    state.footerMessage = ("read-only: this would change the store (started with --read-only)", true)
                    continue
                }
                if let text = query.confirmation {
                    // A write waits in the footer for ↵; nothing is written until then.
                    state.confirm = PendingWrite(screen: id, query: query, text: text)
                    continue
                }
                out += run(query, from: id, debounceMs: debounceMs, &state)
            case .push(let screen):
                let tab = state.locate(id).flatMap { AppTab(rawValue: $0.0) } ?? state.tab
                out += push(screen, on: tab, &state)
            case .pop:
                if let (t, i) = state.locate(id), i > 0, i == state.stacks[t].count - 1 {
                    let gone = state.stacks[t].removeLast()
                    state.pendingReads.removeValue(forKey: id)
                    if t == state.tab.rawValue {
                        if let from = gone.returnTo { state.tab = from }
                        out += revealed(&state)
                    }
                }
            case .route(let route):
                out += go(route, &state)
            case let .toast(text, isError):
                toast(text, isError: isError, &state)
            }
        }
        return out
    }

    /// Starts a query for screen `id` (a confirmed write, or a read).
    static func run(_ query: Query, from id: ScreenID, debounceMs: Int = 0, _ state: inout AppState) -> [Effect] {
        let request = takeRequestID(&state)
        if query.writes { state.pendingWrites.insert(request) } else { state.pendingReads[id] = request }
        return [.runQuery(QueryRequest(id: request, screen: id, query: query, debounceMs: debounceMs))]
    }

    static func takeRequestID(_ state: inout AppState) -> RequestID {
        let id = state.nextRequestID
        state.nextRequestID += 1
        return id
    }

    /// The pseudo screen the `:sku` completion's queries answer to.
    static let completionScreen: ScreenID = -1

    /// Candidates for `:` arguments from what the console has loaded: store codes (the Stores
    /// list), ticket ids (the ticket queue), SKU codes (the last completion answer, and the
    /// Stock search's hits).
    static func completionArguments(_ state: AppState) -> [String: [String]] {
        var args: [String: [String]] = ["sku": state.skuCompletions]
        for stack in state.stacks {
            for entry in stack {
                if let list = entry.screen as? StoreListScreen { args["store", default: []] += list.stores.map(\.code) }
                if let queue = entry.screen as? TicketQueueScreen { args["ticket", default: []] += queue.rows.map { String($0.id) } }
                if let search = entry.screen as? StockSearchScreen { args["sku", default: []] += search.hits.map(\.code) }
            }
        }
        return args
    }

    static func finished(_ screenID: ScreenID, _ request: RequestID, _ result: Result<QueryResult, QueryFailure>,
                         _ state: inout AppState) -> [Effect] {
        if screenID == completionScreen {
            guard state.pendingReads[screenID] == request else { return [] }
            state.pendingReads.removeValue(forKey: screenID)
            guard case .success(.skus(let skus)) = result else { return [] }
            state.skuCompletions = skus.map(\.code)
            guard case .command(var line) = state.overlay else { return [] }
            let (text, candidates) = CommandParser.complete(line.input.text, registry: state.registry, themes: state.themeNames,
                                                            arguments: ["sku": state.skuCompletions])
            line.input.setText(text)
            line.completions = candidates
            state.overlay = .command(line)
            return []
        }
        if screenID == 0 {
            if case .success(.operatorRole(let role)) = result { state.session.role = role }
            return []
        }
        if state.pendingWrites.remove(request) == nil {
            guard state.pendingReads[screenID] == request else { return [] }  // superseded: the latest wins
            state.pendingReads.removeValue(forKey: screenID)
        }
        if case .failure(let failure) = result {
            state.footerMessage = ("query failed: " + failure.message, true)
        }
        guard let (t, i) = state.locate(screenID) else { return [] }
        let ctx = state.context
        var s = state.stacks[t][i].screen
        let effects: [ScreenEffect]
        switch result {
        case .success(let value): effects = s.receive(value, ctx)
        case .failure(let failure): effects = s.failed(failure, ctx)
        }
        state.stacks[t][i].screen = s
        return apply(effects, from: screenID, &state)
    }

    static func storeChanged(_ batch: ChangeBatch, _ state: inout AppState) -> [Effect] {
        var out: [Effect] = []
        let ctx = state.context
        for (t, stack) in state.stacks.enumerated() {
            for (i, entry) in stack.enumerated() where !entry.screen.entities.isDisjoint(with: batch.entities) {
                let visible = t == state.tab.rawValue && i == stack.count - 1
                if visible {
                    var s = entry.screen
                    let effects = s.storeChanged(batch, ctx)
                    state.stacks[t][i].screen = s
                    out += apply(effects, from: entry.id, &state)
                } else {
                    state.staleBatches[entry.id] = merge(state.staleBatches[entry.id], batch)
                }
            }
        }
        return out
    }

    static func merge(_ a: ChangeBatch?, _ b: ChangeBatch) -> ChangeBatch {
        guard var m = a else { return b }
        m.entities.formUnion(b.entities)
        for (k, v) in b.ids { m.ids[k, default: []].formUnion(v) }
        m.count += b.count
        m.latestAtMs = max(m.latestAtMs, b.latestAtMs)
        m.lastSeq = max(m.lastSeq, b.lastSeq)
        return m
    }

    static func toast(_ text: String, isError: Bool, _ state: inout AppState) {
        // The same message again (a live refresh repeating it) moves up instead of showing twice.
        state.toasts.removeAll { $0.message == text && $0.isError == isError }
        state.toasts.append(ToastEntry(message: text, isError: isError, untilMs: state.nowMs + toastMs))
        if state.toasts.count > 3 { state.toasts.removeFirst(state.toasts.count - 3) }
    }

    static func modifyCurrent(_ state: inout AppState, _ body: (inout any Screen) -> Void) {
        let t = state.tab.rawValue
        let i = state.stacks[t].count - 1
        var s = state.stacks[t][i].screen
        body(&s)
        state.stacks[t][i].screen = s
    }
}
