import CNcurses
import Dispatch
import OmniUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal's size in cells.
public struct TerminalSize: Equatable, Sendable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }
}

public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// stdin or stdout is not a terminal.
    case notATerminal
    /// curses could not set up the terminal (unknown TERM...).
    case cannotInitialize(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "omni needs a terminal: stdin and stdout must be a tty"
        case .cannotInitialize(let term):
            return "cannot initialise the terminal (TERM=\(term.isEmpty ? "unset" : term))"
        }
    }
}

/// The ncurses backend: sets the terminal up and restores it, draws canvases (only the cells
/// that changed since the last frame), places the cursor, follows resizes.
///
/// Threading: curses is not thread-safe, so everything here runs on the main queue
/// (`@MainActor`; the main actor's executor is the main queue, also after `dispatchMain()`).
/// Create the stdin, SIGWINCH and SIGINT/SIGTERM/SIGHUP Dispatch sources on `.main`.
///
/// Signals: ncurses installs its own SIGINT/SIGTERM/SIGWINCH/SIGTSTP handlers only where the
/// disposition is still SIG_DFL. So before `start`, the app sets SIGINT, SIGTERM, SIGHUP and
/// SIGWINCH to SIG_IGN and watches them with Dispatch signal sources (SIGINT: call `stop()`
/// and exit; SIGWINCH: call `handleResize()` and redraw). SIGTSTP (Ctrl-Z) is left to ncurses,
/// which restores the terminal on suspend and redraws on resume. Fatal signals are covered by
/// `CrashGuard`, which `start` installs.
@MainActor
public final class Terminal {
    public private(set) var isActive = false
    public private(set) var colorDepth: ColorDepth = .none
    public private(set) var mouseEnabled = false
    /// Whether `use_default_colors` worked (the theme's `terminalDefault` keeps the user's colours).
    public private(set) var hasDefaultColors = false

    private var screen: OpaquePointer?
    private var savedTermios: termios?
    private var lastFrame: Canvas?
    private var lastTheme: Theme?
    private var needsClear = false
    private var cursor: (x: Int, y: Int)?

    private struct Resolved {
        var attributes: attr_t
        var pair: Int16
    }
    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }
    private var resolvedByRole: [StyleRole: Resolved] = [:]
    private var resolvedBySpec: [StyleSpec: Resolved] = [:]
    private var pairs: [PairKey: Int16] = [:]
    private var nextPair = 1

    /// Scratch buffers reused for every frame (no allocation per cell).
    private let wideBuffer = UnsafeMutablePointer<wchar_t>.allocate(capacity: 8)
    private var asciiBuffer: [CChar] = []

    public init() {}

    isolated deinit {
        wideBuffer.deallocate()
    }

    // MARK: Setup and restore

    /// Sets the locale to the user's, falling back to C.UTF-8 when that is not UTF-8 (wide
    /// characters need a UTF-8 locale for `wcwidth` and `wget_wch`). Returns whether the
    /// resulting locale is UTF-8. `start` calls it; call it earlier if widths are needed first.
    @discardableResult
    public nonisolated static func ensureUTF8Locale() -> Bool {
        setlocale(LC_ALL, "")
        if isUTF8Codeset() { return true }
        setlocale(LC_ALL, "C.UTF-8")
        if isUTF8Codeset() { return true }
        setlocale(LC_ALL, "en_US.UTF-8")
        return isUTF8Codeset()
    }

    private nonisolated static func isUTF8Codeset() -> Bool {
        guard let cs = omni_codeset() else { return false }
        let name = String(cString: cs).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// Takes over the terminal: UTF-8 locale, saved termios, curses in cbreak/noecho/keypad/
    /// nodelay mode (Ctrl-C still raises SIGINT), ESC delay 25 ms, hidden cursor, colours when
    /// the terminal has them and `color` is true (pass false for NO_COLOR), mouse reporting
    /// only when `mouse` is true (it takes the terminal's text selection away).
    public func start(mouse: Bool = false, color: Bool = true) throws {
        dispatchPrecondition(condition: .onQueue(.main))
        guard !isActive else { return }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        Terminal.ensureUTF8Locale()

        var t = termios()
        savedTermios = tcgetattr(STDIN_FILENO, &t) == 0 ? t : nil
        CrashGuard.arm(savedTermios: savedTermios)

        guard let scr = newterm(nil, omni_stdout(), omni_stdin()) else {
            CrashGuard.disarm()
            let term = getenv("TERM").map { String(cString: $0) } ?? ""
            throw TerminalError.cannotInitialize(term: term)
        }
        screen = scr
        isActive = true
        let win = omni_stdscr()
        cbreak()
        noecho()
        nonl()
        intrflush(win, false)
        keypad(win, true)
        nodelay(win, true)
        set_escdelay(25)
        curs_set(0)
        leaveok(win, true)

        if color && has_colors() {
            start_color()
            hasDefaultColors = use_default_colors() == OK
            colorDepth = ColorDepth(colors: Int(omni_colors()), hasColors: true)
        } else {
            hasDefaultColors = false
            colorDepth = .none
        }
        setMouse(mouse)
        resetStyles()
        lastFrame = nil
        lastTheme = nil
        cursor = nil
        needsClear = true
    }

    /// Gives the terminal back: curses off, termios as before `start`. Idempotent.
    public func stop() {
        dispatchPrecondition(condition: .onQueue(.main))
        guard isActive else { return }
        isActive = false
        if mouseEnabled { _ = mousemask(0, nil) }
        mouseEnabled = false
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        if var t = savedTermios { tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) }
        fflush(omni_stdout())
        CrashGuard.disarm()
        lastFrame = nil
    }

    /// Turns mouse reporting on or off while running.
    public func setMouse(_ enabled: Bool) {
        dispatchPrecondition(condition: .onQueue(.main))
        guard isActive else { return }
        if enabled {
            _ = mouseinterval(0)  // report presses at once instead of waiting to detect clicks
            _ = mousemask(mmask_t(MouseMask.reported), nil)
        } else {
            _ = mousemask(0, nil)
        }
        mouseEnabled = enabled
    }

    // MARK: Size

    /// The size of the terminal on stdout now, from `ioctl(TIOCGWINSZ)`; nil if not a tty.
    public nonisolated static func querySize() -> TerminalSize? {
        var ws = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 else { return nil }
        return TerminalSize(columns: Int(ws.ws_col), rows: Int(ws.ws_row))
    }

    /// The current size (ioctl, falling back to curses' idea, then 80x24).
    public var size: TerminalSize {
        if let s = Terminal.querySize() { return s }
        if isActive { return TerminalSize(columns: Int(omni_cols()), rows: Int(omni_lines())) }
        return TerminalSize(columns: 80, rows: 24)
    }

    /// Call from the SIGWINCH source: tells curses the new size and schedules a full repaint.
    /// Returns the new size; render a canvas of that size and `draw` it.
    @discardableResult
    public func handleResize() -> TerminalSize {
        dispatchPrecondition(condition: .onQueue(.main))
        let s = size
        guard isActive else { return s }
        if Int(omni_lines()) != s.rows || Int(omni_cols()) != s.columns {
            resizeterm(Int32(s.rows), Int32(s.columns))
        }
        lastFrame = nil
        needsClear = true
        return s
    }

    // MARK: Drawing

    /// Writes `canvas` to the screen: only the cells that differ from the last frame drawn
    /// (everything after a resize, a theme change or `forceRedraw`), then one refresh.
    public func draw(_ canvas: Canvas, theme: Theme) {
        dispatchPrecondition(condition: .onQueue(.main))
        guard isActive, let win = omni_stdscr() else { return }
        if lastTheme != theme {
            resetStyles()
            lastTheme = theme
            lastFrame = nil
        }
        if needsClear {
            wclear(win)  // erase, and clear the real screen on the next refresh
            needsClear = false
            lastFrame = nil
        } else if lastFrame == nil || lastFrame!.width != canvas.width || lastFrame!.height != canvas.height {
            werase(win)
        }
        let rows = Int(omni_lines())
        let cols = Int(omni_cols())
        for run in CanvasDiff.runs(from: lastFrame, to: canvas) where run.y < rows && run.x < cols {
            write(run, of: canvas, to: win, columns: cols, theme: theme)
        }
        lastFrame = canvas
        placeCursor(win)
        wnoutrefresh(win)
        doupdate()
    }

    /// Clears the screen and repaints the last frame in full (Ctrl-L, after a resize).
    public func forceRedraw() {
        dispatchPrecondition(condition: .onQueue(.main))
        needsClear = true
        if let frame = lastFrame, let theme = lastTheme {
            lastFrame = nil
            draw(frame, theme: theme)
        }
    }

    /// Shows the cursor at a cell (the input line's caret) from now on.
    public func showCursor(at x: Int, y: Int) {
        dispatchPrecondition(condition: .onQueue(.main))
        guard isActive, let win = omni_stdscr() else { return }
        let wasHidden = cursor == nil
        cursor = (x, y)
        if wasHidden {
            leaveok(win, false)
            curs_set(1)
        }
        placeCursor(win)
        wnoutrefresh(win)
        doupdate()
    }

    /// Hides the cursor.
    public func hideCursor() {
        dispatchPrecondition(condition: .onQueue(.main))
        guard isActive, cursor != nil, let win = omni_stdscr() else { return }
        cursor = nil
        leaveok(win, true)
        curs_set(0)
        doupdate()
    }

    private func placeCursor(_ win: UnsafeMutablePointer<WINDOW>) {
        guard let c = cursor else { return }
        let x = min(max(0, c.x), max(0, Int(omni_cols()) - 1))
        let y = min(max(0, c.y), max(0, Int(omni_lines()) - 1))
        wmove(win, Int32(y), Int32(x))
    }

    private func write(_ run: CellRun, of canvas: Canvas, to win: UnsafeMutablePointer<WINDOW>, columns: Int, theme: Theme) {
        let style = resolve(run.style, theme: theme)
        let cells = run.cells(in: canvas)
        let y = Int32(run.y)

        // Fast path: a run of plain ASCII (most of any screen) in one call.
        if cells.allSatisfy(Terminal.isPlainASCII) {
            let n = min(cells.count, columns - run.x)
            asciiBuffer.removeAll(keepingCapacity: true)
            for cell in cells.prefix(n) { asciiBuffer.append(CChar(bitPattern: cell.text.utf8.first!)) }
            wattr_set(win, style.attributes, style.pair, nil)
            asciiBuffer.withUnsafeBufferPointer { buf in
                _ = mvwaddnstr(win, y, Int32(run.x), buf.baseAddress, Int32(n))
            }
            wattr_set(win, omni_a_normal(), 0, nil)
            return
        }

        var cc = cchar_t()
        var x = run.x
        var index = cells.startIndex
        while index < cells.endIndex, x < columns {
            let cell = cells[index]
            if cell.isContinuation {
                // Drawn with its wide lead; an orphan continuation is shown as a blank.
                if x == 0 || canvas[x - 1, run.y].width != 2 { put(" ", width: 1) }
            } else {
                let fits = cell.width < 2 || x + 1 < columns
                put(fits ? cell.text : " ", width: fits ? Int(cell.width) : 1)
            }
            x += 1
            index += 1
        }

        /// Writes one grapheme at x in exactly the cells the canvas gave it (`GlyphPlan`: as
        /// one cell when curses can hold it, else as cells that add up to its width), so no
        /// column ever shifts and nothing is shown as `？`.
        func put(_ text: String, width: Int) {
            if fillGlyph(text, width: width) {
                setcchar(&cc, wideBuffer, style.attributes, style.pair, nil)
                mvwadd_wch(win, y, Int32(x), &cc)
                return
            }
            var cx = x
            for cell in GlyphPlan.cells(for: text, width: width, wcwidth: { Int(wcwidth(wchar_t(bitPattern: $0))) }) {
                guard cx < columns else { break }
                for (i, scalar) in cell.scalars.enumerated() { wideBuffer[i] = wchar_t(bitPattern: scalar) }
                wideBuffer[cell.scalars.count] = 0
                setcchar(&cc, wideBuffer, style.attributes, style.pair, nil)
                mvwadd_wch(win, y, Int32(cx), &cc)
                cx += cell.width
            }
        }
    }

    /// Fills `wideBuffer` with the scalars of one grapheme (NUL-terminated) if curses can show
    /// it as one cell of `width` columns: a spacing character of that width followed by at most
    /// four zero-width characters.
    private func fillGlyph(_ text: String, width: Int) -> Bool {
        var n = 0
        for scalar in text.unicodeScalars {
            guard n < 5 else { return false }
            let w = Int(wcwidth(wchar_t(bitPattern: scalar.value)))
            if n == 0 {
                guard w == width else { return false }
            } else if w != 0 {
                return false
            }
            wideBuffer[n] = wchar_t(bitPattern: scalar.value)
            n += 1
        }
        guard n > 0 else { return false }
        wideBuffer[n] = 0
        return true
    }

    private static func isPlainASCII(_ cell: Cell) -> Bool {
        guard cell.width == 1 else { return false }
        let utf8 = cell.text.utf8
        guard utf8.count == 1, let b = utf8.first else { return false }
        return b >= 0x20 && b < 0x7F
    }

    // MARK: Styles

    private func resetStyles() {
        resolvedByRole.removeAll(keepingCapacity: true)
        resolvedBySpec.removeAll(keepingCapacity: true)
        pairs.removeAll(keepingCapacity: true)
        nextPair = 1
    }

    private func resolve(_ role: StyleRole, theme: Theme) -> Resolved {
        if let r = resolvedByRole[role] { return r }
        let spec = theme.spec(role)
        let r: Resolved
        if let cached = resolvedBySpec[spec] {
            r = cached
        } else {
            r = resolve(spec)
            resolvedBySpec[spec] = r
        }
        resolvedByRole[role] = r
        return r
    }

    private func resolve(_ spec: StyleSpec) -> Resolved {
        var attributes = omni_a_normal()
        if spec.attributes.contains(.bold) { attributes |= omni_a_bold() }
        if spec.attributes.contains(.underline) { attributes |= omni_a_underline() }
        if spec.attributes.contains(.reverse) { attributes |= omni_a_reverse() }
        if spec.attributes.contains(.dim) { attributes |= omni_a_dim() }

        guard colorDepth != .none else {
            // Attributes only. A style told apart only by its background (a selection bar)
            // would vanish: show it reversed instead.
            if spec.attributes.isEmpty && spec.background != .terminalDefault {
                attributes |= omni_a_reverse()
            }
            return Resolved(attributes: attributes, pair: 0)
        }
        if colorDepth == .ansi8, case .ansi(let n) = spec.foreground, n >= 8 {
            attributes |= omni_a_bold()  // bright foreground on an 8-colour terminal
        }
        let fg = ColorMapping.terminalColor(spec.foreground, depth: colorDepth, foreground: true,
                                            defaultColors: hasDefaultColors)
        let bg = ColorMapping.terminalColor(spec.background, depth: colorDepth, foreground: false,
                                            defaultColors: hasDefaultColors)
        return Resolved(attributes: attributes, pair: pair(foreground: fg, background: bg))
    }

    /// The colour pair for fg/bg, allocated on first use. Pair 0 is the terminal default.
    private func pair(foreground fg: Int, background bg: Int) -> Int16 {
        if fg == -1 && bg == -1 && hasDefaultColors { return 0 }
        let key = PairKey(foreground: fg, background: bg)
        if let p = pairs[key] { return p }
        let limit = min(Int(omni_color_pairs()), Int(Int16.max))
        guard nextPair < limit else { return 0 }
        let p = Int16(nextPair)
        guard init_extended_pair(Int32(p), Int32(fg), Int32(bg)) == OK else {
            pairs[key] = 0
            return 0
        }
        nextPair += 1
        pairs[key] = p
        return p
    }
}
