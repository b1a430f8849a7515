import Foundation
import XCTest

/// What the end-to-end tests share: finding the built `omni`, running commands, and driving
/// a tmux session (send keys, read the pane, wait for text).
///
/// tmux runs through `system()` with output in plain files: a tmux server started from
/// Foundation's Process inherits its pipes and keeps `waitUntilExit` from ever returning.
class TmuxTestCase: XCTestCase {
    /// One tmux server per test class and process, so parallel runs never share a session.
    var socket: String { "omni-\(String(describing: type(of: self)))-\(getpid())" }

    /// The socket file of `-L socket`, in tmux's own folder (`$TMUX_TMPDIR`, else /tmp, then tmux-UID).
    var socketPath: String {
        let base = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return "\(base)/tmux-\(getuid())/\(socket)"
    }

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

    func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// A shell command with its output in a file.
    func shell(_ command: String) -> (Int32, String) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("omni-e2e-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let status = system(command + " </dev/null >" + quote(out.path) + " 2>&1")
        return (status, (try? String(contentsOf: out, encoding: .utf8)) ?? "")
    }

    /// A program with arguments, optional standard input and extra environment; output through a file.
    @discardableResult
    func run(_ tool: String, _ args: [String], input: String? = nil, env: [String: String] = [:]) throws -> (Int32, String) {
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("omni-e2e-out-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
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

    @discardableResult
    func tmux(_ args: String...) throws -> String { try tmux(args) }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        shell((["tmux", "-L", socket] + args).map(quote).joined(separator: " ")).1
    }

    /// Starts the session "omni", `width` by `height`, running `sh` with the prompt `READY$ ` and
    /// `environment` ("NAME=value"), in place of any earlier server. The server and what runs in it
    /// are killed when the test ends, pass or fail, before the test's folders are removed.
    func startSession(width: Int, height: Int, environment: [String] = []) throws {
        _ = try? tmux("kill-server")
        addTeardownBlock {
            _ = try? self.tmux("kill-server")
            try? FileManager.default.removeItem(atPath: self.socketPath)  // kill-server leaves the socket file
        }
        try tmux(["new-session", "-d", "-s", "omni", "-x", String(width), "-y", String(height),
                  "env", "PS1=READY$ ", "TERM=xterm-256color"] + environment + ["sh"])
        Thread.sleep(forTimeInterval: 0.3)
    }

    func capture() throws -> String { try tmux("capture-pane", "-p", "-t", "omni") }

    /// Waits until the pane shows `text` (or times out and fails with the pane).
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var pane = ""
        while Date() < deadline {
            pane = try capture()
            if pane.contains(text) { return pane }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("pane never showed \"\(text)\":\n\(pane)", file: file, line: line)
        return pane
    }
}
