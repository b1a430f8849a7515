#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Restores the terminal when the process dies of a fatal signal (a Swift trap, a segfault,
/// abort): the user gets their shell back instead of a raw, invisible-cursor alternate screen.
///
/// The handler uses only async-signal-safe calls: `tcsetattr`, `write`, `sigaction`, `raise`.
/// When it restored the console's terminal it then re-raises with SIG_DFL, so the process dies
/// at once with the same signal (a core dump as before, but no 30 s wait on the Swift
/// backtracer's interactive prompt); otherwise it hands the signal to the handler installed
/// before (normally SIG_DFL, or the backtracer).
///
/// Why the shared state is safe: it lives in one block allocated once (`state`), written only
/// on the main queue by `install`/`arm`/`disarm` before or after curses owns the terminal, and
/// read by the handler. The static `state` is initialised by `install` before any handler is
/// registered, so the handler never runs Swift's lazy global initialisation; it only loads a
/// pointer and reads plain C structs (no allocation, no locks, no reference counting).
public enum CrashGuard {
    /// The fatal signals handled.
    public static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    struct State {
        var savedTermios = termios()
        var hasTermios: Int32 = 0
        /// 1 while curses owns the terminal (between `arm` and `disarm`).
        var armed: Int32 = 0
        var installed: Int32 = 0
        /// The signal that made the handler restore the terminal (0: none yet).
        var restoredAt: Int32 = 0
        /// Previous handlers, indexed by signal number.
        var previous: (sigaction, sigaction, sigaction, sigaction, sigaction, sigaction,
                       sigaction, sigaction, sigaction, sigaction, sigaction, sigaction,
                       sigaction, sigaction, sigaction, sigaction, sigaction, sigaction,
                       sigaction, sigaction, sigaction, sigaction, sigaction, sigaction,
                       sigaction, sigaction, sigaction, sigaction, sigaction, sigaction,
                       sigaction, sigaction)
            = (sigaction(), sigaction(), sigaction(), sigaction(), sigaction(), sigaction(),
               sigaction(), sigaction(), sigaction(), sigaction(), sigaction(), sigaction(),
               sigaction(), sigaction(), sigaction(), sigaction(), sigaction(), sigaction(),
               sigaction(), sigaction(), sigaction(), sigaction(), sigaction(), sigaction(),
               sigaction(), sigaction(), sigaction(), sigaction(), sigaction(), sigaction(),
               sigaction(), sigaction())
    }

    /// See the type's documentation for why unsynchronised access is safe here.
    nonisolated(unsafe) static let state: UnsafeMutablePointer<State> = {
        let p = UnsafeMutablePointer<State>.allocate(capacity: 1)
        p.initialize(to: State())
        return p
    }()

    /// Leaves the alternate screen, shows the cursor, resets attributes, turns off mouse
    /// reporting and keypad-transmit mode.
    static var restoreSequence: StaticString {
        "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l\u{1B}[?1l\u{1B}>\u{1B}[?1049l\u{1B}[?25h\u{1B}[0m\r\n"
    }

    /// Installs the handlers (once; later calls do nothing). Main queue.
    public static func install() {
        let s = state  // runs the lazy initialiser outside any signal handler
        guard s.pointee.installed == 0 else { return }
        s.pointee.installed = 1
        for sig in signals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = crashHandler
            #else
            action.__sigaction_u.__sa_handler = crashHandler
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            withPrevious(sig) { previous in _ = sigaction(sig, &action, previous) }
        }
    }

    /// Records the terminal state to restore (the termios from before curses) and arms the
    /// handler. Called by `Terminal.start`.
    static func arm(savedTermios: termios?) {
        install()
        if let t = savedTermios {
            state.pointee.savedTermios = t
            state.pointee.hasTermios = 1
        } else {
            state.pointee.hasTermios = 0
        }
        state.pointee.armed = 1
    }

    /// Disarms after a normal `Terminal.stop` (a later crash has no screen to restore).
    static func disarm() {
        state.pointee.armed = 0
    }

    private static func withPrevious(_ sig: Int32, _ body: (UnsafeMutablePointer<sigaction>) -> Void) {
        guard sig > 0, sig < 32 else { return }
        withUnsafeMutableBytes(of: &state.pointee.previous) { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: sigaction.self)
            body(base + Int(sig))
        }
    }

    /// Writes the one-line crash notice for `sig` into `buffer`; returns its length.
    /// Allocation-free, so it can run in the handler; internal for tests.
    static func formatNotice(signal sig: Int32, into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
        let prefix: StaticString = "omni crashed (signal "
        let suffix: StaticString = "); terminal restored\n"
        var n = 0
        func put(_ byte: UInt8) {
            if n < capacity { buffer[n] = byte; n += 1 }
        }
        func put(_ s: StaticString) {
            let p = s.utf8Start
            for i in 0..<s.utf8CodeUnitCount { put(p[i]) }
        }
        put(prefix)
        var v = Int(sig)
        if v < 0 { put(UInt8(ascii: "-")); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            } while v > 0 && count < d.count
            while count > 0 {
                count -= 1
                put(d[count])
            }
        }
        put(suffix)
        return n
    }

    /// The handler. Async-signal-safe: see the type's documentation.
    fileprivate static func handle(_ sig: Int32) {
        let s = state
        if s.pointee.armed != 0 {
            s.pointee.armed = 0
            s.pointee.restoredAt = sig
            if s.pointee.hasTermios != 0 {
                _ = withUnsafePointer(to: &s.pointee.savedTermios) { tcsetattr(STDIN_FILENO, TCSAFLUSH, $0) }
            }
            let seq = restoreSequence
            _ = write(STDOUT_FILENO, seq.utf8Start, seq.utf8CodeUnitCount)
            var line: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &line) { raw in
                let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
                let len = formatNotice(signal: sig, into: p, capacity: raw.count)
                _ = write(STDERR_FILENO, p, len)
            }
        }
        // While the console owned the terminal: die at once with the signal's own status
        // (SIG_DFL). The Swift runtime's backtracer, the handler before ours, would otherwise
        // hold the process for 30 s on an interactive prompt on the terminal just restored.
        // Otherwise hand over to the previous handler. Re-raise: the signal is blocked while
        // we run, so it is delivered when we return.
        if s.pointee.restoredAt != 0 {
            var fallback = sigaction()
            #if canImport(Glibc)
            fallback.__sigaction_handler.sa_handler = SIG_DFL
            #else
            fallback.__sigaction_u.__sa_handler = SIG_DFL
            #endif
            sigemptyset(&fallback.sa_mask)
            fallback.sa_flags = 0
            _ = sigaction(sig, &fallback, nil)
        } else {
            withPrevious(sig) { previous in _ = sigaction(sig, previous, nil) }
        }
        _ = raise(sig)
    }
}

private let crashHandler: @convention(c) (Int32) -> Void = { sig in
    CrashGuard.handle(sig)
}
