import Foundation
import XCTest

/// The console under abuse, on the real binary in tmux: 20,000 random keys (text in every
/// script, special keys, F-keys) with the window resized and the simulator writing the store
/// all along, and SIGKILL right after a confirmed write. Afterwards the console still answers,
/// quits with the terminal restored, and the store passes `integrity_check` and `omni doctor`.
/// (That typed text never reaches a write is proved key by key in OmniUITests' KeyFuzzTests.)
final class ConsoleFaultEndToEndTests: TmuxTestCase {
    /// The console's process: the child of the pane's shell.
    func consolePID() throws -> Int32 {
        let shellPID = try tmux("display", "-p", "-t", "omni", "#{pane_pid}").trimmingCharacters(in: .whitespacesAndNewlines)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let (_, children) = shell("pgrep -P \(shellPID)")
            if let pid = children.split(separator: "\n").compactMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }).first {
                return pid
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw XCTSkip("no console process under the shell \(shellPID)")
    }

    func assertWhole(_ omni: String, _ db: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let integrity = shell("sqlite3 \(quote(db)) 'PRAGMA integrity_check;'").1.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(integrity, "ok", file: file, line: line)
        let (code, out) = try run(omni, ["doctor", "--db", db])
        XCTAssertEqual(code, 0, out, file: file, line: line)
    }

    func seeded(_ prefix: String) throws -> (omni: String, dir: URL, db: String) {
        guard which("tmux") != nil, which("sqlite3") != nil else { throw XCTSkip("tmux and sqlite3 are needed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory(prefix)
        let db = dir.appendingPathComponent("s.db").path
        let (code, out) = try run(omni, ["seed", "--db", db, "--size", "small", "--seed", "4"])
        XCTAssertEqual(code, 0, out)
        return (omni, dir, db)
    }

    func testTwentyThousandRandomKeysWithAWriterAndResizes() throws {
        let (omni, dir, db) = try seeded("omni-key-fuzz")
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: omni)
        writer.arguments = ["simulate", "--db", db, "--rate", "40", "--duration", "300", "--seed", "9"]
        writer.standardOutput = FileHandle.nullDevice
        writer.standardError = FileHandle.nullDevice
        try writer.run()
        defer { if writer.isRunning { writer.terminate() }; writer.waitUntilExit() }

        try startSession(width: 80, height: 24, environment: ["XDG_CONFIG_HOME=\(dir.path)"])
        try tmux("send-keys", "-t", "omni", "\(quote(omni)) --db \(quote(db)); echo status=$?", "Enter")
        try waitFor("[1 Customers]")
        let pid = try consolePID()

        // Printable text of several scripts (never `q`, which would end the run early), and the
        // keys that move, open, close and switch, as the bytes an xterm sends for them. A chunk
        // of 100 keys goes in one `send-keys -H`, so an Esc may run into the next key (Alt+key).
        let text = Array("abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789 /:?<>[]{}#@.-_,王芳雪店é😀")
        let special: [[UInt8]] = [[0x0d], [0x1b], Array("\u{1b}[A".utf8), Array("\u{1b}[B".utf8), Array("\u{1b}[C".utf8),
                                  Array("\u{1b}[D".utf8), Array("\u{1b}[5~".utf8), Array("\u{1b}[6~".utf8), Array("\u{1b}[H".utf8),
                                  Array("\u{1b}[F".utf8), [0x09], Array("\u{1b}[Z".utf8), [0x7f], Array("\u{1b}OP".utf8),
                                  Array("\u{1b}OQ".utf8), Array("\u{1b}OR".utf8), Array("\u{1b}OS".utf8), Array("\u{1b}[15~".utf8),
                                  Array("\u{1b}[17~".utf8), [0x0c]]
        let sizes = [(80, 24), (120, 36), (200, 50), (61, 15), (40, 10), (100, 30)]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        var sent = 0
        var chunk = 0
        while sent < 20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<100 {
                if next() % 10 < 7 {
                    bytes += Array(String(text[next() % text.count]).utf8)
                } else {
                    bytes += special[next() % special.count]
                }
            }
            try tmux(["send-keys", "-t", "omni", "-H"] + bytes.map { String(format: "%02x", $0) })
            sent += 100
            chunk += 1
            if chunk % 20 == 0 {
                let (w, h) = sizes[next() % sizes.count]
                try tmux("resize-window", "-t", "omni", "-x", String(w), "-y", String(h))
            }
            Thread.sleep(forTimeInterval: 0.03)
            XCTAssertEqual(kill(pid, 0), 0, "the console is alive after \(sent) keys")
            if kill(pid, 0) != 0 { break }
        }
        try tmux("resize-window", "-t", "omni", "-x", "80", "-y", "24")
        // Still answering: back to normal mode, to the Orders view, then quit.
        for k in ["Escape", "Escape", "Escape", "F2", "Escape", "F2"] {
            try tmux("send-keys", "-t", "omni", k)
            Thread.sleep(forTimeInterval: 0.2)
        }
        try waitFor("[2 Orders]")
        try tmux("send-keys", "-t", "omni", "q")
        try waitFor("status=0", timeout: 15)
        let modes = try tmux("display", "-p", "-t", "omni", "#{alternate_on} #{cursor_flag}").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(modes, "0 1", "main screen, cursor shown")
        writer.terminate()
        writer.waitUntilExit()
        try assertWhole(omni, db)
    }

    func testSIGKILLRightAfterAConfirmedWriteLeavesAWholeStore() throws {
        let (omni, dir, db) = try seeded("omni-kill-write")
        try startSession(width: 120, height: 36, environment: ["XDG_CONFIG_HOME=\(dir.path)"])
        for round in 0..<3 {
            try tmux("send-keys", "-t", "omni", "clear", "Enter")
            try tmux("send-keys", "-t", "omni", "\(quote(omni)) --db \(quote(db))", "Enter")
            try waitFor("[1 Customers]")
            let pid = try consolePID()
            try tmux("send-keys", "-t", "omni", "F4")
            try waitFor("[4 Tickets]")
            for _ in 0..<round { try tmux("send-keys", "-t", "omni", "j") }
            try tmux("send-keys", "-t", "omni", "a")
            try waitFor("↵ confirm")
            try tmux("send-keys", "-t", "omni", "Enter")
            Thread.sleep(forTimeInterval: 0.02 * Double(round))  // before, while and after the write commits
            XCTAssertEqual(kill(pid, SIGKILL), 0)
            let deadline = Date().addingTimeInterval(5)
            while kill(pid, 0) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            XCTAssertNotEqual(kill(pid, 0), 0, "killed")
            // Nothing restored the terminal (SIGKILL cannot be caught): the shell's `reset` does.
            // The tty is still raw (no CR to NL), so the line ends with a line feed, C-j.
            try tmux("send-keys", "-t", "omni", "reset; echo reset-\(round)-done", "C-j")
            try waitFor("reset-\(round)-done", timeout: 15)
            Thread.sleep(forTimeInterval: 0.5)
            try assertWhole(omni, db)
        }
    }
}
