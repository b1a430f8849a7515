import XCTest
@testable import OmniUI

/// Toasts sit on the footer row, so they never cover a box title (titles can be on any body
/// row: panels scroll, and the 360 has three columns at 200x50).
final class ToastPlacementTests: XCTestCase {
    static let message = "ticket #123 updated (recorded in the audit log)"

    /// Rows 0 to height-2 are exactly what they were without the toast; the footer shows it.
    func assertToastOnlyOnFooter(width: Int, height: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let h = try AppHarness(width: width, height: height)
        h.keys(.function(2))
        let before = AppRenderer.render(h.state)
        let title = try XCTUnwrap(before.line(2).split(separator: "─").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        h.send(.toast(Self.message, isError: false))
        let after = AppRenderer.render(h.state)
        for y in 0..<(height - 1) {
            XCTAssertEqual(after.line(y), before.line(y), "row \(y) changed", file: file, line: line)
        }
        XCTAssertTrue(after.line(2).contains(title), "title \(title) readable", file: file, line: line)
        XCTAssertTrue(after.line(height - 1).contains(Self.message), after.line(height - 1), file: file, line: line)
        let x = try XCTUnwrap(after.column(of: Self.message, row: height - 1), file: file, line: line)
        XCTAssertEqual(after[x, height - 1].style, .toast, file: file, line: line)
    }

    func testToastAndTitleBothReadableAt80x24() throws {
        try assertToastOnlyOnFooter(width: 80, height: 24)
    }

    func testToastAndTitleBothReadableAt200x50() throws {
        try assertToastOnlyOnFooter(width: 200, height: 50)
    }

    func testNewestToastFirstAndHintsMakeRoom() throws {
        let h = try AppHarness(width: 200, height: 50)
        h.keys(.escape)
        XCTAssertTrue(h.text.contains("? help"))
        h.send(.toast("first", isError: false))
        h.send(.toast("save failed", isError: true))
        let footer = AppRenderer.render(h.state).line(49)
        XCTAssertTrue(footer.contains("? help"), "hints stay when there is room: \(footer)")
        let newest = try XCTUnwrap(footer.range(of: "✖ save failed"))
        let older = try XCTUnwrap(footer.range(of: "first"))
        XCTAssertLessThan(newest.lowerBound, older.lowerBound, footer)

        h.send(.resize(width: 80, height: 24))
        h.send(.toast(String(repeating: "long message ", count: 5), isError: false))
        let narrow = AppRenderer.render(h.state).line(23)
        XCTAssertTrue(narrow.contains("long message long message"), narrow)
        XCTAssertFalse(narrow.contains("? hel"), "a hint that does not fit is dropped whole: \(narrow)")
    }

    func testARepeatedToastShowsOnce() throws {
        let h = try AppHarness()
        h.send(.toast("identities revealed", isError: false))
        h.send(.toast("other", isError: false))
        h.send(.toast("identities revealed", isError: false))
        XCTAssertEqual(h.state.toasts.map(\.message), ["other", "identities revealed"])
        XCTAssertEqual(h.text.components(separatedBy: "identities revealed").count, 2, "shown once")
    }

    func testToastBesideTheCommandLineKeepsTheTypedText() throws {
        let h = try AppHarness()
        h.keys(.escape, .char(":"))
        h.type("order R10")
        h.send(.toast("copied", isError: false))
        let frame = AppRenderer.frame(h.state)
        let footer = frame.canvas.line(23)
        XCTAssertTrue(footer.hasPrefix(" COMMAND :order R10"), footer)
        XCTAssertTrue(footer.hasSuffix(" copied "), footer)
        XCTAssertEqual(frame.cursor?.y, 23)
    }

    func testToastsExpire() throws {
        let h = try AppHarness()
        h.send(.toast(Self.message, isError: false))
        XCTAssertTrue(h.text.contains(Self.message))
        h.send(.tick(nowMs: AppHarness.now * 1000 + AppReducer.toastMs + 1))
        XCTAssertFalse(h.text.contains(Self.message))
    }
}
