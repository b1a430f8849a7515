import XCTest
@testable import OmniUI

final class ThemeTests: XCTestCase {
    static let themesDir: URL = {
        // Tests/OmniUITests/ThemeTests.swift -> repository root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes")
    }()

    static let shipped = ["default", "light", "high-contrast", "mono", "solarized-dark"]

    func load(_ name: String) throws -> (Theme, [StyleRole: StyleSpec]) {
        let path = Self.themesDir.appendingPathComponent(name + ".theme").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return (try ThemeParser.parse(text, name: name, file: path), try ThemeParser.parseSpecs(text, file: path))
    }

    func testThemeKeys() {
        XCTAssertEqual(StyleRole.tableHeader.themeKey, "table_header")
        XCTAssertEqual(StyleRole.channelWechat.themeKey, "channel_wechat")
        XCTAssertEqual(StyleRole.channelB2B.themeKey, "channel_b2b")
        XCTAssertEqual(Set(StyleRole.allCases.map(\.themeKey)).count, StyleRole.allCases.count)
    }

    func testParsesGoodFile() throws {
        let text = """
        # a comment

        table_header = black on cyan bold   # trailing comment
        bad          = #FF5f00 underline
        dim=244
        title = bold
        selection = bright_white on bright-blue reverse dim
        tab = default on 17
        """
        let theme = try ThemeParser.parse(text, name: "t", file: "t.theme")
        XCTAssertEqual(theme.spec(.tableHeader), StyleSpec(foreground: .ansi(0), background: .ansi(6), attributes: .bold))
        XCTAssertEqual(theme.spec(.bad), StyleSpec(foreground: .rgb(0xFF, 0x5F, 0x00), attributes: .underline))
        XCTAssertEqual(theme.spec(.dim), StyleSpec(foreground: .indexed(244)))
        XCTAssertEqual(theme.spec(.title), StyleSpec(attributes: .bold))
        XCTAssertEqual(theme.spec(.selection),
                       StyleSpec(foreground: .ansi(15), background: .ansi(12), attributes: [.reverse, .dim]))
        XCTAssertEqual(theme.spec(.tab), StyleSpec(background: .indexed(17)))
        // Keys the file does not set come from the built-in default.
        XCTAssertEqual(theme.spec(.header), BuiltinTheme.default.spec(.header))
        XCTAssertEqual(theme.name, "t")
    }

    func testErrorsNameFileAndLine() {
        func error(_ text: String) -> String {
            do {
                _ = try ThemeParser.parse(text, name: "x", file: "themes/x.theme")
                return "no error"
            } catch {
                return error.description
            }
        }
        let head = "# header\nnormal = default\n\n\n\n\n"
        XCTAssertEqual(error(head + "tabel_header = red"),
                       "themes/x.theme:7: unknown key \"tabel_header\" (did you mean \"table_header\"?)")
        XCTAssertTrue(error(head + "tabel_header = red").hasPrefix("themes/x.theme:7: unknown key \"tabel_header\""))
        XCTAssertEqual(error(head + "bad = purpel"), "themes/x.theme:7: unknown colour \"purpel\"")
        XCTAssertEqual(error("bad = red on"), "themes/x.theme:1: missing colour after \"on\"")
        XCTAssertEqual(error("bad = 256"), "themes/x.theme:1: unknown colour \"256\"")
        XCTAssertEqual(error("bad = #12345"), "themes/x.theme:1: unknown colour \"#12345\"")
        XCTAssertEqual(error("\nbad red"), "themes/x.theme:2: expected \"key = colour ...\", got \"bad red\"")
        XCTAssertEqual(error("bad = red blue"),
                       "themes/x.theme:1: two foreground colours; write \"on\" before a background")
        XCTAssertEqual(error("bad ="), "themes/x.theme:1: missing colour after \"=\"")
    }

    func testPartialThemeFileLaidOverDefault() throws {
        let dir = try temporaryDirectory("omni-theme")
        try "selection = black on yellow\n".write(to: dir.appendingPathComponent("mine.theme"), atomically: true, encoding: .utf8)
        try "bad = purpel\n".write(to: dir.appendingPathComponent("broken.theme"), atomically: true, encoding: .utf8)
        let loader = ThemeLoader(environment: ["OMNI_THEME_DIR": dir.path, "HOME": "/nonexistent"], executableURL: nil)
        let mine = try loader.load("mine")
        XCTAssertEqual(mine.spec(.selection), StyleSpec(foreground: .ansi(0), background: .ansi(3)))
        for role in StyleRole.allCases where role != .selection {
            XCTAssertEqual(mine.spec(role), BuiltinTheme.default.spec(role), role.themeKey)
        }
        XCTAssertEqual(try loader.load(dir.appendingPathComponent("mine.theme").path).name, "mine")
        // The shipped themes are compiled in: listed even with no themes/ folder on the path.
        XCTAssertEqual(loader.list().map(\.name), ["broken", "default", "high-contrast", "light", "mine", "mono", "solarized-dark"])
        XCTAssertEqual(loader.list().first { $0.name == "default" }?.source, ThemeLoader.builtinSource)

        XCTAssertThrowsError(try loader.load("nosuch")) { error in
            XCTAssertEqual((error as? ThemeError)?.description,
                           "unknown theme \"nosuch\"; available: broken, default, high-contrast, light, mine, mono, solarized-dark")
        }
        // Startup resolution: request, then NO_COLOR, then OMNI_THEME, then default.
        var env = ["OMNI_THEME_DIR": dir.path, "HOME": "/nonexistent", "OMNI_THEME": "mine"]
        var (theme, warning) = ThemeLoader(environment: env, executableURL: nil).resolveStartupTheme(requested: nil)
        XCTAssertEqual(theme.name, "mine")
        XCTAssertNil(warning)
        env["NO_COLOR"] = "1"
        (theme, warning) = ThemeLoader(environment: env, executableURL: nil).resolveStartupTheme(requested: nil)
        XCTAssertEqual(theme, BuiltinTheme.mono)
        env["NO_COLOR"] = ""
        env["OMNI_THEME"] = "broken"
        (theme, warning) = ThemeLoader(environment: env, executableURL: nil).resolveStartupTheme(requested: nil)
        XCTAssertEqual(theme, BuiltinTheme.default)
        XCTAssertEqual(warning, dir.appendingPathComponent("broken.theme").path + ":1: unknown colour \"purpel\"; using default")
        (theme, warning) = ThemeLoader(environment: env, executableURL: nil).resolveStartupTheme(requested: "mine")
        XCTAssertEqual(theme.name, "mine")
        XCTAssertNil(warning)
    }

    func testUserFolderWinsAndExecutableWalkUpFindsCheckoutThemes() throws {
        let root = try temporaryDirectory("omni-xdg")
        let user = root.appendingPathComponent("omni/themes")
        try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
        try "bad = green\n".write(to: user.appendingPathComponent("light.theme"), atomically: true, encoding: .utf8)
        // An executable at <repo>/.build/release/omni finds <repo>/themes.
        let exe = Self.themesDir.deletingLastPathComponent().appendingPathComponent(".build/release/omni")
        let loader = ThemeLoader(environment: ["XDG_CONFIG_HOME": root.path], executableURL: exe)
        XCTAssertEqual(loader.searchDirectories.map(\.standardizedFileURL.path).prefix(2),
                       [user.path, Self.themesDir.standardizedFileURL.path])
        XCTAssertEqual(try loader.load("light").spec(.bad), StyleSpec(foreground: .ansi(2)))
        XCTAssertEqual(try loader.load("solarized-dark").name, "solarized-dark")
        let names = loader.list().map(\.name)
        for name in Self.shipped { XCTAssertTrue(names.contains(name), name) }
        XCTAssertEqual(loader.list().first { $0.name == "light" }?.source, user.appendingPathComponent("light.theme").path)
    }

    func testEveryShippedThemeParsesAndCoversEveryRole() throws {
        for name in Self.shipped {
            let (_, specs) = try load(name)
            for role in StyleRole.allCases {
                XCTAssertNotNil(specs[role], "\(name).theme does not set \(role.themeKey)")
            }
        }
    }

    func testBuiltinThemesMatchShippedFiles() throws {
        XCTAssertEqual(try load("default").0, BuiltinTheme.default)
        XCTAssertEqual(try load("mono").0, BuiltinTheme.mono)
        XCTAssertEqual(Set(BuiltinTheme.default.specs.keys), Set(StyleRole.allCases))
    }

    func testMonoHasNoColoursAndStaysReadable() throws {
        let (mono, _) = try load("mono")
        for role in StyleRole.allCases {
            XCTAssertEqual(mono.spec(role).foreground, .terminalDefault, role.themeKey)
            XCTAssertEqual(mono.spec(role).background, .terminalDefault, role.themeKey)
        }
        // States that matter differ by attributes, so they are still visible without colour.
        XCTAssertNotEqual(mono.spec(.selection), mono.spec(.normal))
        XCTAssertNotEqual(mono.spec(.tabActive), mono.spec(.tab))
        XCTAssertNotEqual(mono.spec(.bad), mono.spec(.normal))
        XCTAssertNotEqual(mono.spec(.inputCursor), mono.spec(.input))
        XCTAssertNotEqual(mono.spec(.tableHeader), mono.spec(.normal))
    }

    func testHighContrastMeetsWCAGAAA() throws {
        let (theme, _) = try load("high-contrast")
        var checked = 0
        for role in StyleRole.allCases {
            let spec = theme.spec(role)
            guard spec.foreground != .terminalDefault || spec.background != .terminalDefault else { continue }
            let fg = spec.foreground == .terminalDefault ? (255, 255, 255) : Contrast.rgb(spec.foreground)
            let bg = spec.background == .terminalDefault ? (0, 0, 0) : Contrast.rgb(spec.background)
            let ratio = Contrast.ratio(fg, bg)
            XCTAssertGreaterThanOrEqual(ratio, 7, "\(role.themeKey): \(ratio)")
            checked += 1
        }
        XCTAssertEqual(checked, StyleRole.allCases.count)
        // The check itself can fail: red on black is only 5.25:1.
        XCTAssertLessThan(Contrast.ratio((255, 0, 0), (0, 0, 0)), 7)
        XCTAssertEqual(Contrast.ratio((255, 255, 255), (0, 0, 0)), 21, accuracy: 0.001)
    }

    func testColourFormatRoundTrips() throws {
        for name in Self.shipped {
            let (theme, _) = try load(name)
            let again = try ThemeParser.parse(ThemeParser.format(theme), name: name, file: "round-trip")
            XCTAssertEqual(again, theme, name)
        }
    }
}

/// WCAG 2 relative luminance and contrast ratio, with the xterm palette for indexed colours.
enum Contrast {
    static let ansi16: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func rgb(_ c: ThemeColor) -> (Int, Int, Int) {
        switch c {
        case .terminalDefault: return (255, 255, 255)
        case .ansi(let i): return ansi16[i]
        case .indexed(let i) where i < 16: return ansi16[i]
        case .indexed(let i) where i < 232:
            let levels = [0, 95, 135, 175, 215, 255]
            let n = i - 16
            return (levels[n / 36], levels[(n / 6) % 6], levels[n % 6])
        case .indexed(let i):
            let v = 8 + 10 * (i - 232)
            return (v, v, v)
        case let .rgb(r, g, b): return (Int(r), Int(g), Int(b))
        }
    }

    static func luminance(_ c: (Int, Int, Int)) -> Double {
        func channel(_ v: Int) -> Double {
            let s = Double(v) / 255
            return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    }

    static func ratio(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Double {
        let la = luminance(a)
        let lb = luminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }
}
