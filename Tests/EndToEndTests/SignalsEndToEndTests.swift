import Foundation
import XCTest

/// The console stopped by every catchable signal: the terminal is restored (main screen,
/// cursor visible) and the process is gone at once with the signal's status (143, 129, 130 and
/// 131 for TERM, HUP, INT and QUIT after a clean shutdown; 139 and 134, killed by the signal,
/// for SEGV and ABRT), with no wait on the Swift backtracer's prompt.
final class SignalsEndToEndTests: TmuxTestCase {
    func testQuitSegvAndAbortRestoreTheTerminalAndExitPromptly() throws {
        guard which("tmux") != nil else { throw XCTSkip("tmux is not installed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-signals")
        let db = dir.appendingPathComponent("s.db").path
        XCTAssertEqual(try run(omni, ["init", "--db", db]).0, 0)
        try startSession(width: 80, height: 24, environment: ["XDG_CONFIG_HOME=\(dir.path)"])
        for (signal, name, status) in [(SIGTERM, "TERM", 143), (SIGHUP, "HUP", 129), (SIGINT, "INT", 130),
                                       (SIGQUIT, "QUIT", 131), (SIGSEGV, "SEGV", 139), (SIGABRT, "ABRT", 134)] {
            _ = try tmux("send-keys", "-t", "omni", "clear", "Enter")
            _ = try tmux("send-keys", "-t", "omni", "\(omni) --db \(db); echo status-\(name)=$?", "Enter")
            _ = try waitFor("[1 Customers]")
            let shellPID = try tmux("display", "-p", "-t", "omni", "#{pane_pid}").trimmingCharacters(in: .whitespacesAndNewlines)
            let (_, children) = shell("pgrep -P \(shellPID)")
            guard let pid = children.split(separator: "\n").compactMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }).first else {
                return XCTFail("no omni process under the shell \(shellPID)")
            }
            let sent = Date()
            XCTAssertEqual(kill(pid, signal), 0)
            _ = try waitFor("status-\(name)=\(status)", timeout: 5)
            XCTAssertLessThan(Date().timeIntervalSince(sent), 3, "\(name): exited promptly")
            XCTAssertEqual(kill(pid, 0), -1, "\(name): the process is gone")
            let modes = try tmux("display", "-p", "-t", "omni", "#{alternate_on} #{cursor_flag}").trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertEqual(modes, "0 1", "\(name): main screen, cursor shown")
            let pane = try capture()
            XCTAssertFalse(pane.contains("[1 Customers]"), "\(name): the console is off the screen")
        }
    }
}
