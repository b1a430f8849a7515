import Foundation
import XCTest
@testable import OmniUI

/// The themes compiled into the binary are the files in `themes/`, byte for byte: the folder
/// stays the one source (`.ci/gen-themes` regenerates `ShippedThemes.swift` from it).
final class ShippedThemesTests: XCTestCase {
    var themesFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes")
    }

    func testShippedThemesEqualTheThemeFilesByteForByte() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: themesFolder.path).filter { $0.hasSuffix(".theme") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 5)
        let names = files.map { String($0.dropLast(".theme".count)) }
        XCTAssertEqual(ShippedThemes.texts.keys.sorted(), names, "run .ci/gen-themes after adding or removing a theme file")
        for (file, name) in zip(files, names) {
            let bytes = try Data(contentsOf: themesFolder.appendingPathComponent(file))
            XCTAssertEqual(Data((ShippedThemes.texts[name] ?? "").utf8), bytes, "themes/\(file) changed: run .ci/gen-themes")
        }
    }

    func testEveryShippedThemeLoadsByNameWithNoThemeFolderAround() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("omni-no-themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let loader = ThemeLoader(environment: ["XDG_CONFIG_HOME": empty.path, "HOME": empty.path],
                                 executableURL: empty.appendingPathComponent("omni"))
        XCTAssertEqual(loader.list().map(\.name), ShippedThemes.texts.keys.sorted())
        for name in ShippedThemes.texts.keys {
            let theme = try loader.load(name)
            XCTAssertEqual(theme.name, name)
        }
        // light differs from default: it was really read from its text.
        XCTAssertNotEqual(try loader.load("light").specs, try loader.load("default").specs)
    }
}
