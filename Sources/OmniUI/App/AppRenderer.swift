import Foundation
import OmniStore

/// A rendered frame: the canvas and where the text cursor goes (nil: hidden).
public struct Frame: Sendable {
    public var canvas: Canvas
    public var cursor: (x: Int, y: Int)?
}

/// `render(state) -> Canvas`: a pure function of the state. The frame is header (row 0), tabs
/// (row 1), the current screen's body, and the footer (last row) with the toasts; overlays on top.
/// Toasts live on the footer row because box titles can be on any body row (panels scroll).
public enum AppRenderer {
    static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    public static func render(_ state: AppState) -> Canvas { frame(state).canvas }

    public static func frame(_ state: AppState) -> Frame {
        var canvas = Canvas(width: state.width, height: state.height)
        guard !state.isTooSmall else {
            tooSmall(state, &canvas)
            return Frame(canvas: canvas, cursor: nil)
        }
        header(state, &canvas)
        Tabs(AppTab.allCases.map(\.title), active: state.tab.rawValue)
            .render(into: &canvas, in: Rect(x: 0, y: 1, width: state.width, height: 1))
        let body = state.bodyRect
        let ctx = state.context
        state.currentScreen.render(into: &canvas, in: body, ctx)
        let mode = state.mode
        if mode != .normal && mode != .help { highlightBorder(body, &canvas) }
        breadcrumb(state, body, &canvas)
        var cursor = state.currentScreen.capturesText && state.overlay == nil && state.confirm == nil
            ? state.currentScreen.cursorPosition(in: body) : nil
        let footerRow = Rect(x: 0, y: state.height - 1, width: state.width, height: 1)
        let wordWidth = modeWord(mode, &canvas, footerRow)
        let footerRect = Rect(x: wordWidth, y: footerRow.y, width: max(0, state.width - wordWidth), height: 1)
        if let pending = state.confirm {
            canvas.fill(footerRect, style: .footer)
            // Any key but ↵ cancels; Esc is the one to name.
            let segs = [StyledText(" " + pending.text + "? ", style: .warn), StyledText("↵", style: .footerKey),
                        StyledText(" confirm  ", style: .footer), StyledText("Esc", style: .footerKey),
                        StyledText(" cancel", style: .footer)]
            canvas.draw(segs, x: footerRect.x, y: footerRect.y, width: footerRect.width)
            return Frame(canvas: canvas, cursor: nil)
        }
        switch state.overlay {
        case .command(let line):
            let x = line.input.render(into: &canvas, in: footerRect, prompt: ":")
            cursor = (x, footerRect.y)
            toastAfterInput(state, x: x, &canvas)
            if !line.completions.isEmpty {
                let text = line.completions.joined(separator: "  ")
                canvas.fill(x: 0, y: footerRect.y - 1, width: state.width, height: 1, style: .help)
                canvas.draw(text, x: 1, y: footerRect.y - 1, width: state.width - 2, style: .help)
            }
        case .filter(let input):
            let x = input.render(into: &canvas, in: footerRect, prompt: "/",
                                 placeholder: "filter " + state.currentScreen.crumb + " · ↵ keep · Esc clear")
            cursor = (x, footerRect.y)
            toastAfterInput(state, x: x, &canvas)
        case .noFilter(let input):
            let x = input.render(into: &canvas, in: footerRect, prompt: "/")
            cursor = (x, footerRect.y)
            let note = Rect(x: x + 2, y: footerRect.y, width: max(0, state.width - x - 2), height: 1)
            canvas.draw("nothing to filter in " + state.currentScreen.crumb + " · Esc closes", x: note.x, y: note.y,
                        width: note.width, style: .warn)
        case .help(let help):
            footer(state, footerRect, &canvas)
            cursor = helpOverlay(state, help, &canvas)
        case nil:
            footer(state, footerRect, &canvas)
        }
        return Frame(canvas: canvas, cursor: cursor)
    }

    /// The mode word at the left of the footer (` NORMAL `, ` SEARCH `...); returns its width.
    static func modeWord(_ mode: InputMode, _ canvas: inout Canvas, _ row: Rect) -> Int {
        let word = " " + mode.rawValue + " "
        guard row.width > word.count + 20 else { return 0 }
        return canvas.draw(word, x: row.x, y: row.y, width: word.count, style: mode == .normal ? .tab : .tabActive)
    }

    /// While an input owns the keyboard, the body's frame is drawn in the accent style.
    static func highlightBorder(_ body: Rect, _ canvas: inout Canvas) {
        guard body.width >= 2, body.height >= 2 else { return }
        canvas.restyle(x: body.x, y: body.y, width: 1, style: .accent)
        canvas.restyle(x: body.maxX - 1, y: body.y, width: 1, style: .accent)
        for x in (body.x + 1)..<(body.maxX - 1) where canvas[x, body.y].style == .border {
            canvas.restyle(x: x, y: body.y, width: 1, style: .accent)
        }
        canvas.restyle(x: body.x, y: body.maxY - 1, width: body.width, style: .accent)
        for y in (body.y + 1)..<(body.maxY - 1) {
            canvas.restyle(x: body.x, y: y, width: 1, style: .accent)
            canvas.restyle(x: body.maxX - 1, y: y, width: 1, style: .accent)
        }
    }

    /// The way back (what Esc walks through, across views) on the body's bottom border.
    static func breadcrumb(_ state: AppState, _ body: Rect, _ canvas: inout Canvas) {
        let crumbs = AppReducer.breadcrumb(state)
        guard crumbs.count > 1, body.height >= 2, body.width > 20 else { return }
        let room = body.width - 6
        let short = crumbs.map { SafeText.sanitize($0).truncated(toWidth: 24) }
        var text = short.joined(separator: " › ")
        var dropped = 0
        while text.displayWidth > room - 2, dropped < short.count - 1 {
            dropped += 1
            text = "… › " + short.dropFirst(dropped).joined(separator: " › ")
        }
        text = " " + text.truncated(toWidth: room - 2) + " "
        canvas.draw(text, x: body.x + 2, y: body.maxY - 1, width: text.displayWidth, style: .dim)
    }

    static func tooSmall(_ state: AppState, _ canvas: inout Canvas) {
        let text = "enlarge the terminal (need \(AppState.minimumWidth)x\(AppState.minimumHeight), have \(state.width)x\(state.height))"
        guard state.width > 0, state.height > 0 else { return }
        let lines = text.wrapped(toWidth: state.width)
        let top = max(0, (state.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < state.height {
            canvas.draw(line, x: 0, y: top + i, width: state.width, style: .warn, align: .center)
        }
        if top + lines.count + 1 < state.height {
            canvas.draw("q quits", x: 0, y: top + lines.count + 1, width: state.width, style: .dim, align: .center)
        }
    }

    public static func clockText(_ nowMs: Int64) -> String {
        let s = nowMs / 1000
        let sec = Int(((s % 60) + 60) % 60)
        return TimeText.clock(s) + ":" + (sec < 10 ? "0" : "") + String(sec) + " " + TimeText.zoneLabel(TimeText.operatorZone, at: s)
    }

    public static func liveText(_ state: AppState) -> StyledText? {
        switch state.live {
        case .off: return nil
        case .starting: return StyledText("live · starting", style: .headerLive)
        case .warning(let text): return StyledText("⚠ " + text, style: .headerWarn)
        case let .live(last, rate):
            // Narrow terminals get the short form: "live · 3s ago · 12/min".
            let compact = state.width < 110
            var t = "live"
            if let last { t += (compact ? " · " : " · last change ") + TimeText.span(max(0, state.nowMs - last) / 1000) + " ago" }
            else { t += compact ? "" : " · no changes yet" }
            t += compact ? " · \(rate)/min" : " · \(rate) writes/min"
            return StyledText(t, style: .headerLive)
        }
    }

    static func header(_ state: AppState, _ canvas: inout Canvas) {
        var op = state.session.operatorLogin
        if let role = state.session.role { op += " (\(role))" }
        var left = [StyledText("omni", style: .title), StyledText(state.session.storeName), StyledText(op)]
        if state.readOnly { left.append(StyledText("READ-ONLY", style: .headerWarn)) }
        var right: [StyledText] = []
        if let live = liveText(state) { right.append(live) }
        right.append(StyledText(clockText(state.nowMs)))
        HeaderBar(left: left, right: right).render(into: &canvas, in: Rect(x: 0, y: 0, width: state.width, height: 1))
    }

    /// Footer hints: only the keys that work in the current mode (for normal mode, the registry's
    /// bindings on this screen), then status.
    public static func hints(_ state: AppState) -> [KeyHint] {
        switch state.mode {
        case .normal:
            var typing = state.currentScreen
            let typesLetters = typing.startTyping(.char("a"), bound: true)
            var hints: [KeyHint] = typesLetters ? [KeyHint("type", "search"), KeyHint("F1-F6", "views")] : []
            hints += state.registry.applicable(on: state.currentScreen.kind)
                .filter { $0.hint && !$0.keys.isEmpty && !(state.readOnly && $0.writes) }
                .filter { $0.id != .back || AppReducer.breadcrumb(state).count > 1 }
                .filter { spec in
                    // Keys the screen takes as typing (the Customers search) are not commands there.
                    guard case .char = spec.keys[0], typesLetters else { return true }
                    var probe = state.currentScreen
                    return !probe.startTyping(spec.keys[0], bound: true)
                }
                .map { spec -> KeyHint in
                    // On a screen whose `/` enters its own search field, the hint says so.
                    var probe = state.currentScreen
                    if spec.id == .filter, probe.focusInput() { return KeyHint(spec.keys[0].displayName, "search") }
                    return KeyHint(spec.keys[0].displayName, spec.name)
                }
            return hints
        case .search: return [KeyHint("↵", "open"), KeyHint("↓", "results"), KeyHint("Esc", "done")]
        case .filter:
            if case .noFilter = state.overlay { return [KeyHint("Esc", "close")] }
            return [KeyHint("↵", "keep"), KeyHint("Esc", "clear")]
        case .command: return [KeyHint("Tab", "complete"), KeyHint("↑↓", "history"), KeyHint("↵", "run"), KeyHint("Esc", "cancel")]
        case .help: return [KeyHint("type", "filter"), KeyHint("↑↓", "scroll"), KeyHint("Esc", "close")]
        case .note: return [KeyHint("↵", "add (then confirm)"), KeyHint("Esc", "cancel")]
        case .pick: return [KeyHint("letter", "choose"), KeyHint("Esc", "cancel")]
        case .confirm: return [KeyHint("↵", "confirm"), KeyHint("Esc", "cancel")]
        }
    }

    static func footer(_ state: AppState, _ rect: Rect, _ canvas: inout Canvas) {
        // Newest toast first. Hints make room for toasts; a row too narrow for all clips the oldest.
        var right = state.toasts.suffix(3).reversed().map { toast($0).segment }
        if state.isBusy { right.append(StyledText(spinner[state.spinnerFrame % spinner.count] + " loading", style: .footer)) }
        if let message = state.footerMessage {
            right.append(StyledText((message.isError ? "✖ " : "") + message.text, style: message.isError ? .toastError : .footer))
        }
        FooterBar(hints: hints(state), right: right).render(into: &canvas, in: rect)
    }

    static func toast(_ entry: ToastEntry) -> Toast { entry.isError ? .error(entry.message) : Toast(entry.message) }

    /// While `:` or `/` owns the footer row, the newest toast goes right of the typed text
    /// (cursor at `x`), never over it.
    static func toastAfterInput(_ state: AppState, x: Int, _ canvas: inout Canvas) {
        guard let newest = state.toasts.last else { return }
        let rect = Rect(x: x + 2, y: state.height - 1, width: state.width - x - 2, height: 1)
        guard rect.width >= 8 else { return }
        toast(newest).render(into: &canvas, in: rect)
    }

    /// The help overlay: every binding (filtered) and the commands. Returns the cursor.
    /// Where a key works, in words: "all views", "Tickets: queue, ticket".
    public static func viewLabel(_ scope: ActionScope) -> String {
        guard case .screens(let kinds) = scope else { return "all views" }
        var byView: [String: [String]] = [:]
        var order: [String] = []
        for kind in kinds.map(\.rawValue).sorted() {
            let parts = kind.split(separator: ".", maxSplits: 1).map(String.init)
            let view = AppTab.allCases.first { $0.title.lowercased() == parts[0] }?.title ?? parts[0]
            if byView[view] == nil { order.append(view) }
            byView[view, default: []].append(parts.count > 1 ? parts[1] : parts[0])
        }
        return order.map { $0 + ": " + byView[$0]!.joined(separator: ", ") }.joined(separator: "; ")
    }

    static func helpOverlay(_ state: AppState, _ help: HelpState, _ canvas: inout Canvas) -> (x: Int, y: Int)? {
        let screenRect = Rect(x: 0, y: 1, width: state.width, height: state.height - 2)
        let width = min(100, state.width - 2)
        let height = state.height - 4
        let modal = Modal(title: "Help — keys and commands", footer: "type to filter · ↑↓ scroll · Esc close",
                          width: width, height: height)
        let body = modal.renderModal(into: &canvas, in: screenRect)
        guard body.height > 2 else { return nil }
        let x = help.filter.render(into: &canvas, in: Rect(x: body.x, y: body.y, width: body.width, height: 1),
                                   prompt: "filter: ", placeholder: "keys, names, descriptions")
        var lines: [(String, String, StyleRole)] = []
        let kind = state.currentScreen.kind
        let specs = state.registry.matching(help.filter.text)
        for spec in specs {
            var desc = spec.description
            if spec.writes { desc += state.readOnly ? " (writes: disabled, read-only)" : " (writes: asks for ↵ first)" }
            desc += " [" + viewLabel(spec.scope) + "]"
            let here = spec.scope.applies(to: kind)
            lines.append((spec.keyText, spec.id.rawValue + " — " + desc, here ? .normal : .dim))
        }
        let commands = state.registry.matchingCommands(help.filter.text)
        if !commands.isEmpty {
            lines.append(("", "", .normal))
            for c in commands { lines.append((c.usage, c.description, .normal)) }
        }
        if help.filter.isEmpty || "kpi definitions".contains(help.filter.text.lowercased()) {
            lines.append(("", "", .normal))
            for l in KPIText.definitions.split(separator: "\n") { lines.append(("", String(l), .dim)) }
        }
        if lines.isEmpty { lines.append(("", "no key or command matches \"\(help.filter.text)\"", .placeholder)) }
        let listRect = Rect(x: body.x, y: body.y + 2, width: body.width, height: body.height - 2)
        let keyWidth = min(state.width < 100 ? 12 : 18, max(6, lines.map { $0.0.displayWidth }.max() ?? 6))
        // Descriptions wrap under themselves instead of being cut; a long key list wraps too.
        let descWidth = max(10, listRect.width - keyWidth - 2)
        lines = lines.flatMap { line -> [(String, String, StyleRole)] in
            let keys = line.0.displayWidth > keyWidth ? line.0.wrapped(toWidth: keyWidth) : [line.0]
            let desc = line.1.isEmpty ? [""] : line.1.wrapped(toWidth: descWidth)
            return (0..<max(keys.count, desc.count)).map { i in
                (i < keys.count ? keys[i] : "", i < desc.count ? desc[i] : "", line.2)
            }
        }
        let maxScroll = max(0, lines.count - listRect.height)
        let scroll = min(help.scroll, maxScroll)
        for (i, line) in lines.dropFirst(scroll).prefix(listRect.height).enumerated() {
            let y = listRect.y + i
            canvas.draw(line.0, x: listRect.x, y: y, width: keyWidth, style: .helpKey)
            canvas.draw(line.1, x: listRect.x + keyWidth + 2, y: y, width: listRect.width - keyWidth - 2, style: line.2)
        }
        return (x, body.y)
    }
}
