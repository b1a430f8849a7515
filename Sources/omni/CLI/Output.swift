import Foundation
import OmniStore
import OmniUI

/// Exit codes of every command (documented in the README).
enum ExitCode: Int32 {
    case ok = 0
    case notFound = 1
    case usage = 2
    case store = 3
    /// Bad input in a file (an import row, a theme line): named with file and line.
    case invalidInput = 4
}

/// A command's failure with the exit code it maps to.
struct CommandFailure: Error, CustomStringConvertible {
    let code: ExitCode
    let message: String
    var description: String { message }

    static func notFound(_ message: String) -> CommandFailure { CommandFailure(code: .notFound, message: message) }
}

enum Output {
    /// Every line of text output passes through `SafeText` here, whatever its parts came from:
    /// a control byte, an escape sequence or a bidi override in any store column (tier, SKU
    /// code, carrier, tracking...) is shown as a visible placeholder, never sent to the terminal.
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((terminalSafe(text) + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("omni: " + terminalSafe(text) + "\n").utf8))
    }

    /// `text` with each of its lines sanitised (the line breaks the output itself makes stay).
    static func terminalSafe(_ text: String) -> String {
        if SafeText.isSafe(text.replacingOccurrences(of: "\n", with: "")) { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.sanitize(String($0)) }
            .joined(separator: "\n")
    }

    /// Store text is data: control characters and escape sequences are shown, never sent.
    static func safe(_ text: String) -> String { SafeText.sanitize(text) }

    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = JSONSafety.escape([UInt8](try encoder.encode(value)))
        FileHandle.standardOutput.write(Data(data))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func time(_ unix: Int64?) -> String { unix.map { TimeText.dateTime($0) } ?? "-" }
}

/// Plain-text columns for the CLI, aligned by display width (CJK and emoji take two cells).
struct TextTable {
    struct Column {
        let title: String
        let rightAligned: Bool
        init(_ title: String, right: Bool = false) { self.title = title; self.rightAligned = right }
    }

    let columns: [Column]
    var rows: [[String]] = []
    var maxColumnWidth = 40

    init(_ columns: [Column]) { self.columns = columns }

    mutating func add(_ cells: [String]) { rows.append(cells.map(Output.safe)) }

    func render() -> String {
        var widths = columns.map { $0.title.displayWidth }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = min(maxColumnWidth, max(widths[i], cell.displayWidth))
            }
        }
        func format(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, column) in columns.enumerated() {
                let cell = i < cells.count ? cells[i] : ""
                parts.append(cell.fitted(toWidth: widths[i], align: column.rightAligned ? .right : .left))
            }
            var line = parts.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
        var lines = [format(columns.map(\.title))]
        lines.append(contentsOf: rows.map(format))
        return lines.joined(separator: "\n")
    }
}
