import Foundation
import XCTest

/// The built binary copied alone into an empty folder (no checkout, no share/ folder) still
/// lists every shipped theme and switches the console to `light`; a user theme still wins.
final class InstalledBinaryEndToEndTests: TmuxTestCase {
    func testALoneBinaryCarriesItsThemes() throws {
        let built = try omniBinary()
        let dir = try temporaryDirectory("omni-installed")
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let omni = bin.appendingPathComponent("omni").path
        try FileManager.default.copyItem(atPath: built, toPath: omni)
        let config = dir.appendingPathComponent("config")
        let env = ["XDG_CONFIG_HOME": config.path, "HOME": dir.path, "OMNI_THEME_DIR": ""]
        let (code, out) = try run(omni, ["themes"], env: env)
        XCTAssertEqual(code, 0, out)
        for name in ["default", "high-contrast", "light", "mono", "solarized-dark"] {
            XCTAssertTrue(out.contains("\(name) "), "\(name) listed:\n\(out)")
        }
        XCTAssertFalse(out.contains(FileManager.default.currentDirectoryPath + "/themes"), out)

        // A user theme named light overrides the shipped one.
        let userThemes = config.appendingPathComponent("omni/themes")
        try FileManager.default.createDirectory(at: userThemes, withIntermediateDirectories: true)
        try "accent = red bold\n".write(to: userThemes.appendingPathComponent("light.theme"), atomically: true, encoding: .utf8)
        let (_, overridden) = try run(omni, ["themes"], env: env)
        XCTAssertTrue(overridden.contains(userThemes.appendingPathComponent("light.theme").path), overridden)
        try FileManager.default.removeItem(at: userThemes.appendingPathComponent("light.theme"))

        guard which("tmux") != nil else { throw XCTSkip("tmux is not installed") }
        let db = dir.appendingPathComponent("t.db").path
        XCTAssertEqual(try run(omni, ["init", "--db", db], env: env).0, 0)
        try startSession(width: 80, height: 24, environment: ["XDG_CONFIG_HOME=\(config.path)", "HOME=\(dir.path)"])
        _ = try tmux("send-keys", "-t", "omni", "cd \(quote(dir.path)) && \(quote(omni)) --db \(quote(db))", "Enter")
        _ = try waitFor("[1 Customers]")
        _ = try tmux("send-keys", "-t", "omni", "Escape")
        Thread.sleep(forTimeInterval: 0.2)
        let colouredBefore = try tmux("capture-pane", "-e", "-p", "-t", "omni")
        _ = try tmux("send-keys", "-t", "omni", ":")
        _ = try tmux("send-keys", "-t", "omni", "-l", "theme light")
        _ = try tmux("send-keys", "-t", "omni", "Enter")
        var colouredAfter = colouredBefore
        let deadline = Date().addingTimeInterval(5)
        while colouredAfter == colouredBefore && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            colouredAfter = try tmux("capture-pane", "-e", "-p", "-t", "omni")
        }
        let pane = try capture()
        XCTAssertFalse(pane.contains("unknown theme"), pane)
        XCTAssertNotEqual(colouredAfter, colouredBefore, "the light theme's colours are on screen")
        // F2 takes the keyboard from the search field (command mode), then q quits.
        _ = try tmux("send-keys", "-t", "omni", "F2")
        Thread.sleep(forTimeInterval: 0.3)
        _ = try tmux("send-keys", "-t", "omni", "q")
        _ = try waitFor("READY$")
    }
}
