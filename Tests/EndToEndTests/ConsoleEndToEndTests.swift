import Foundation
import XCTest

/// Runs the built `omni` inside tmux: opens, switches tabs, opens help, uses the command line,
/// switches theme, resizes to too small and back, quits, and checks the shell is back.
final class ConsoleEndToEndTests: XCTestCase {
    var socket = "omni-test-\(getpid())"

    func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// `omni` sits next to the test bundle (`.build/debug/omni`).
    func omniBinary() throws -> String {
        var candidates: [URL] = []
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("omni"))
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("omni"))
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("omni"))
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) { return c.path }
        throw XCTSkip("omni binary not found next to the tests (\(candidates.map(\.path)))")
    }

    @discardableResult
    func run(_ tool: String, _ args: [String], input: String? = nil, env: [String: String] = [:]) throws -> (Int32, String) {
        // Output goes through a file, not a pipe: a tmux server started by this call inherits
        // the descriptors and would keep a pipe open forever.
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("omni-e2e-out-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL) }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        p.standardOutput = outHandle
        p.standardError = outHandle
        let inPipe = Pipe()
        p.standardInput = inPipe
        try p.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        inPipe.fileHandleForWriting.closeFile()
        p.waitUntilExit()
        try outHandle.close()
        let data = (try? Data(contentsOf: outURL)) ?? Data()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// tmux through `system()`: a tmux server started from Foundation's Process keeps
    /// `waitUntilExit` from returning, so these calls go through the shell with plain files.
    func tmux(_ args: String...) throws -> String {
        func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("omni-tmux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let command = (["tmux", "-L", socket] + args).map(quote).joined(separator: " ")
            + " </dev/null >" + quote(out.path) + " 2>&1"
        _ = system(command)
        return (try? String(contentsOf: out, encoding: .utf8)) ?? ""
    }

    func capture() throws -> String { try tmux("capture-pane", "-p", "-t", "omni") }

    /// Waits until the pane shows `text` (or times out and fails with the pane).
    func waitFor(_ text: String, timeout: TimeInterval = 8, file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var pane = ""
        while Date() < deadline {
            pane = try capture()
            if pane.contains(text) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("pane never showed \"\(text)\":\n\(pane)", file: file, line: line)
    }

    func testConsoleInTmux() throws {
        guard which("tmux") != nil else { throw XCTSkip("tmux is not installed") }
        let omni = try omniBinary()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("omni-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("shop.db").path
        let (code, out) = try run(omni, ["init", "--db", db])
        XCTAssertEqual(code, 0, out)
        if let sqlite = which("sqlite3") {
            let sql = """
            INSERT INTO customers(id, name, search_name, created_at, stage) VALUES (1, '王芳', '王 芳', 1700000000, 'active');
            INSERT INTO orders(id, channel, external_ref, customer_id, status, fulfilment, placed_at, total, units)
              VALUES (10, 'web', 'W10010', 1, 'paid', 'ship', 1700000000, 9900, 1);
            """
            let (c, o) = try run(sqlite, [db], input: sql)
            XCTAssertEqual(c, 0, o)
        }
        // A bad store: one line, exit 3, terminal untouched.
        let (badCode, badOut) = try run(omni, ["--db", dir.appendingPathComponent("missing/none.db").path])
        XCTAssertEqual(badCode, 3, badOut)

        _ = try? tmux("kill-server")
        defer { _ = try? tmux("kill-server") }
        _ = try tmux("new-session", "-d", "-s", "omni", "-x", "80", "-y", "24",
                     "env", "PS1=READY$ ", "TERM=xterm-256color", "XDG_CONFIG_HOME=\(dir.path)", "sh")
        Thread.sleep(forTimeInterval: 0.3)
        _ = try tmux("send-keys", "-t", "omni", "\(omni) --db \(db)", "Enter")
        try waitFor("[1 Customers]")
        try waitFor("shop.db")
        _ = try tmux("send-keys", "-t", "omni", "Escape")
        Thread.sleep(forTimeInterval: 0.2)
        _ = try tmux("send-keys", "-t", "omni", "2")
        try waitFor("[2 Orders]")
        try waitFor("W10010")
        _ = try tmux("send-keys", "-t", "omni", "?")
        try waitFor("Help")
        _ = try tmux("send-keys", "-t", "omni", "Escape")
        Thread.sleep(forTimeInterval: 0.2)
        _ = try tmux("send-keys", "-t", "omni", ":")
        _ = try tmux("send-keys", "-t", "omni", "-l", "customer 王")
        _ = try tmux("send-keys", "-t", "omni", "Enter")
        try waitFor("[1 Customers]")
        try waitFor("王芳")
        _ = try tmux("send-keys", "-t", "omni", "Escape")
        _ = try tmux("send-keys", "-t", "omni", ":")
        _ = try tmux("send-keys", "-t", "omni", "-l", "theme nosuchtheme")
        _ = try tmux("send-keys", "-t", "omni", "Enter")
        try waitFor("unknown theme")
        _ = try tmux("send-keys", "-t", "omni", ":")
        _ = try tmux("send-keys", "-t", "omni", "-l", "theme mono")
        _ = try tmux("send-keys", "-t", "omni", "Enter")
        _ = try tmux("resize-window", "-t", "omni", "-x", "50", "-y", "10")
        try waitFor("enlarge the terminal")
        _ = try tmux("resize-window", "-t", "omni", "-x", "80", "-y", "24")
        try waitFor("[1 Customers]")
        _ = try tmux("send-keys", "-t", "omni", "q")
        try waitFor("READY$")
        let pane = try capture()
        XCTAssertFalse(pane.contains("[1 Customers]"), "terminal restored:\n\(pane)")
    }
}
