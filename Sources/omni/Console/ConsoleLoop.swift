import Dispatch
import Foundation
import OmniStore
import OmniTerminal
import OmniUI

/// The latest read request per screen, readable from the store queue: a query superseded
/// while it waited (debounce, or behind another query) is skipped instead of run.
final class LatestRequests: @unchecked Sendable {
    // Safety: every access holds `lock`.
    private let lock = NSLock()
    private var latest: [ScreenID: RequestID] = [:]

    func set(_ screen: ScreenID, _ request: RequestID) {
        lock.lock(); latest[screen] = request; lock.unlock()
    }

    func isCurrent(_ screen: ScreenID, _ request: RequestID) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return latest[screen] == nil || latest[screen] == request
    }
}

struct Superseded: Error {}

/// The event loop (DESIGN.md "The loop"): Dispatch sources on `.main` turn stdin, signals,
/// the clock and the store watcher into Actions; `AppReducer.reduce` returns Effects, run
/// here (queries on the StoreQueue, never on main); renders are coalesced to one per
/// main-queue turn and the terminal writes only changed cells.
@MainActor
final class ConsoleLoop {
    struct Options: Sendable {
        var storePath: String
        var readOnly: Bool
        var mouse: Bool
        var color: Bool
        var operatorLogin: String
        /// OMNI_NOW: a pinned clock for scripts and tests.
        var pinnedNow: Int64?
    }

    let options: Options
    let queue: StoreQueue
    var theme: Theme
    var state: AppState
    let terminal = Terminal()
    let reader = KeyReader()
    let latest = LatestRequests()
    var renderScheduled = false
    var sources: [any DispatchSourceProtocol] = []
    var watcher: StoreWatcher?
    var emptyReads = 0

    init(options: Options, queue: StoreQueue, theme: Theme, registry: ActionRegistry, themeNames: [String]) {
        self.options = options
        self.queue = queue
        self.theme = theme
        let name = (options.storePath as NSString).lastPathComponent
        let size = Terminal.querySize() ?? TerminalSize(columns: 80, rows: 24)
        state = AppState(width: size.columns, height: size.rows, nowMs: 0,
                         session: SessionInfo(storeName: name, operatorLogin: options.operatorLogin),
                         readOnly: options.readOnly, registry: registry, themeName: theme.name, themeNames: themeNames)
        state.nowMs = nowMs()
    }

    func nowMs() -> Int64 {
        if let pinned = options.pinnedNow { return pinned * 1000 }
        return Int64(Date().timeIntervalSince1970 * 1000)
    }

    /// Starts the terminal and the sources, then never returns (`dispatchMain`).
    func run(warnings: [String]) -> Never {
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { signal(sig, SIG_IGN) }
        watchSignal(SIGINT) { $0.shutdown(130) }
        watchSignal(SIGTERM) { $0.shutdown(143) }
        watchSignal(SIGHUP) { $0.shutdown(129) }
        watchSignal(SIGWINCH) { loop in
            let size = loop.terminal.handleResize()
            loop.dispatch(.resize(width: size.columns, height: size.rows))
        }
        do {
            try terminal.start(mouse: options.mouse, color: options.color)
        } catch {
            FileHandle.standardError.write(Data("omni: \(error)\n".utf8))
            exit(ExitCode.usage.rawValue)
        }
        let size = terminal.size
        state.width = size.columns
        state.height = size.rows
        run(AppReducer.start(&state))
        for w in warnings { _ = AppReducer.reduce(&state, .toast(w, isError: true)) }

        let stdin = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
        stdin.setEventHandler { [unowned self] in MainActor.assumeIsolated { self.readKeys() } }
        stdin.resume()
        sources.append(stdin)

        let clock = DispatchSource.makeTimerSource(queue: .main)
        let ms = nowMs() % 1000
        clock.schedule(deadline: .now() + .milliseconds(Int(1000 - ms)), repeating: .seconds(1), leeway: .milliseconds(50))
        clock.setEventHandler { [unowned self] in
            MainActor.assumeIsolated { self.dispatch(.tick(nowMs: self.nowMs())) }
        }
        clock.resume()
        sources.append(clock)

        startWatcher()
        startLifecycleClock()
        scheduleRender()
        dispatchMain()
    }

    /// Stages that move with the clock alone (new → active, active → at risk → lapsed) need a
    /// writer. When nothing else writes (a store loaded from files), the console moves them:
    /// shortly after start, then every ten minutes, on the store queue, each batch its own
    /// short transaction. A read-only console leaves the store as it is.
    func startLifecycleClock() {
        guard !options.readOnly else { return }
        let timer = DispatchSource.makeTimerSource(queue: .main)
        timer.schedule(deadline: .now() + .seconds(2), repeating: .seconds(600), leeway: .seconds(10))
        timer.setEventHandler { [unowned self] in MainActor.assumeIsolated { self.advanceStages() } }
        timer.resume()
        sources.append(timer)
    }

    func advanceStages() {
        let now = nowMs() / 1000
        queue.async({ db -> Int in try Lifecycle.advance(db, now: now).changed }, completion: { [weak self] result in
            MainActor.assumeIsolated {
                // The console's own writes do not move its data_version: tell the watcher.
                if case .success(let changed) = result, changed > 0 { self?.watcher?.poke() }
            }
        })
    }

    func watchSignal(_ sig: Int32, _ handler: @escaping @MainActor (ConsoleLoop) -> Void) {
        let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
        source.setEventHandler { [unowned self] in MainActor.assumeIsolated { handler(self) } }
        source.resume()
        sources.append(source)
    }

    /// Live updates from other processes. The watcher delivers on the main queue.
    func startWatcher() {
        do {
            let w = try StoreWatcher(path: options.storePath)
            watcher = w
            state.live = .starting
            w.start(onChange: { [weak self] batch in
                MainActor.assumeIsolated { self?.dispatch(.storeChanged(batch)) }
            }, onStatus: { [weak self] status in
                MainActor.assumeIsolated { self?.dispatch(.watchStatus(status)) }
            })
        } catch {
            state.live = .warning("live updates off: \(error)")
        }
    }

    func readKeys() {
        let keys = reader.readPending()
        if keys.isEmpty {
            // Readable with nothing to read, again and again: stdin is gone (terminal closed).
            emptyReads += 1
            if emptyReads > 200 { shutdown(129) }
            return
        }
        emptyReads = 0
        for key in keys {
            var k = key
            if case .mouse(let m) = key {
                switch m.button {
                case .wheelUp: k = .up
                case .wheelDown: k = .down
                default: continue
                }
            }
            dispatch(.key(k))
        }
    }

    func dispatch(_ action: Action) {
        run(AppReducer.reduce(&state, action))
        scheduleRender()
    }

    func run(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .quit:
                shutdown(0)
            case .redraw:
                terminal.forceRedraw()
            case .setTheme(let name):
                let (t, warning) = ThemeLoader.resolveStartupTheme(requested: name, environment: Environment.variables)
                theme = t
                run(AppReducer.reduce(&state, .themeChanged(name: t.name, warning: warning)))
            case .runQuery(let request):
                runQuery(request)
            case .copy(let text):
                // OSC 52: the terminal (and tmux with set-clipboard) puts it on the clipboard.
                let sequence = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
                FileHandle.standardOutput.write(Data(sequence.utf8))
            }
        }
    }

    func runQuery(_ request: QueryRequest) {
        let writes = request.query.writes
        if !writes { latest.set(request.screen, request.id) }
        let latest = self.latest
        let queue = self.queue
        let now = nowMs() / 1000
        let login = options.operatorLogin
        let start: @Sendable () -> Void = { [weak self] in
            queue.async({ db -> QueryResult in
                if !writes && !latest.isCurrent(request.screen, request.id) { throw Superseded() }
                return try QueryRunner.run(request.query, db: db, now: now, operator: login)
            }, completion: { result in
                MainActor.assumeIsolated {
                    guard let self else { return }
                    if case .failure(let error) = result, error is Superseded { return }
                    let mapped = result.mapError { QueryFailure(String(describing: $0)) }
                    self.dispatch(.queryFinished(screen: request.screen, request: request.id, mapped))
                    if writes { self.watcher?.poke() }
                }
            })
        }
        if request.debounceMs > 0 {
            DispatchQueue.main.asyncAfter(deadline: .now() + .milliseconds(request.debounceMs), execute: start)
        } else {
            start()
        }
    }

    /// At most one render per main-queue turn, however many actions arrived.
    func scheduleRender() {
        guard !renderScheduled else { return }
        renderScheduled = true
        DispatchQueue.main.async { [weak self] in
            MainActor.assumeIsolated {
                guard let self else { return }
                self.renderScheduled = false
                self.render()
            }
        }
    }

    func render() {
        guard terminal.isActive else { return }
        let frame = AppRenderer.frame(state)
        terminal.draw(frame.canvas, theme: theme)
        if let c = frame.cursor { terminal.showCursor(at: c.x, y: c.y) } else { terminal.hideCursor() }
    }

    /// Every exit path: stop watching, give the terminal back, exit.
    func shutdown(_ code: Int32) -> Never {
        watcher?.stop()
        for s in sources { s.cancel() }
        terminal.stop()
        exit(code)
    }
}
