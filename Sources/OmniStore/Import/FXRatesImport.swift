import Foundation

/// A bad line of an exchange-rate file: `file:line: reason`.
public struct FXRatesError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String
    public var description: String { "\(file):\(line): \(reason) (nothing from \(file) was imported)" }
}

/// What `omni import fx-rates` did.
public struct FXRatesSummary: Equatable, Sendable, Codable {
    public var file = ""
    public var rows = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    /// Pairs as `BASE/QUOTE`, sorted.
    public var pairs: [String] = []
    public var firstDate: String?
    public var lastDate: String?
    public var reportingCurrency = ""
}

/// Daily exchange rates from a CSV file into `fx_rates`, one transaction per file.
///
/// The header names the columns, in any order, case-insensitive: `date` (`YYYY-MM-DD`, the UTC
/// day the rate is for), `base` and `quote` (ISO 4217 codes), `rate` (1 base = rate quote, a
/// positive decimal), and an optional `source`. The separator is read from the header (comma,
/// semicolon or tab); with semicolons a decimal comma is accepted (`0,3921`). A UTF-8 BOM and
/// CRLF line ends are fine. The same pair and day again replaces the rate; an unchanged row
/// changes nothing. A bad line refuses the whole file, naming the line.
public enum FXRatesImport {
    public static func importFile(_ db: Database, path: String, dryRun: Bool = false) throws -> FXRatesSummary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FXRatesError(file: path, line: 0, reason: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FXRatesError(file: path, line: firstBadLine(data), reason: "not valid UTF-8 text")
        }
        return try importText(db, text: text, file: path, dryRun: dryRun)
    }

    /// Ends a dry run's transaction (rolled back) with what it would have done.
    private struct DryRun: Error {}

    /// The 1-based line of the first byte sequence that is not UTF-8.
    static func firstBadLine(_ data: Data) -> Int {
        var line = 1
        for chunk in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(data: Data(chunk), encoding: .utf8) == nil { return line }
            line += 1
        }
        return line
    }

    public static func importText(_ db: Database, text: String, file: String, dryRun: Bool = false) throws -> FXRatesSummary {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard let header = lines.first, !header.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw FXRatesError(file: file, line: 1, reason: "empty file; expected a header: date,base,quote,rate")
        }
        let separator: Character = header.contains("\t") ? "\t" : (header.contains(";") && !header.contains(",") ? ";" : ",")
        let names = fields(header, separator).map { $0.lowercased() }
        var column: [String: Int] = [:]
        for (i, name) in names.enumerated() where column[name] == nil { column[name] = i }
        let missing = ["date", "base", "quote", "rate"].filter { column[$0] == nil }
        guard missing.isEmpty else {
            throw FXRatesError(file: file, line: 1, reason: "missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); "
                               + "the header must name date, base, quote and rate (source optional), found: \(names.joined(separator: ", "))")
        }
        var summary = FXRatesSummary()
        summary.file = file
        var pairs = Set<String>(), firstDay: Int64?, lastDay: Int64?
        do {
            try db.transaction {
                let existing = try db.statement("SELECT rate, source FROM fx_rates WHERE base = ? AND quote = ? AND day = ?")
                let upsert = try db.statement("""
                    INSERT INTO fx_rates(day, base, quote, rate, source) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(base, quote, day) DO UPDATE SET rate = excluded.rate, source = excluded.source
                    """)
                for (index, line) in lines.enumerated().dropFirst() {
                    let number = index + 1
                    if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                    let values = fields(line, separator)
                    func value(_ name: String) -> String {
                        let i = column[name]!
                        return i < values.count ? values[i] : ""
                    }
                    func fail(_ reason: String) -> FXRatesError { FXRatesError(file: file, line: number, reason: reason) }
                    guard let day = FXConverter.day(value("date")) else {
                        throw fail("date \"\(value("date"))\" is not a date written YYYY-MM-DD")
                    }
                    let base = value("base").uppercased(), quote = value("quote").uppercased()
                    guard Money.isCurrencyCode(base) else { throw fail("base \"\(value("base"))\" is not a currency code (three letters, as USD)") }
                    guard Money.isCurrencyCode(quote) else { throw fail("quote \"\(value("quote"))\" is not a currency code (three letters, as USD)") }
                    guard base != quote else { throw fail("base and quote are both \(base)") }
                    var rateText = value("rate")
                    if separator == ";" { rateText = rateText.replacingOccurrences(of: ",", with: ".") }
                    guard let rate = Double(rateText), rate.isFinite, rate > 0 else {
                        throw fail("rate \"\(value("rate"))\" is not a positive number")
                    }
                    let source = column["source"] == nil ? "" : value("source")
                    summary.rows += 1
                    let old = try existing.fetchAll([base, quote, day]).first
                    if let old, old.double(0) == rate, old.string(1) == source {
                        summary.unchanged += 1
                    } else {
                        try upsert.execute([day, base, quote, rate, source])
                        if old == nil { summary.created += 1 } else { summary.updated += 1 }
                    }
                    pairs.insert("\(base)/\(quote)")
                    firstDay = min(firstDay ?? day, day)
                    lastDay = max(lastDay ?? day, day)
                }
                if dryRun { throw DryRun() }
            }
        } catch is DryRun {
            // Rolled back: the summary says what the file would have done.
        }
        summary.pairs = pairs.sorted()
        summary.firstDate = firstDay.map(FXConverter.date)
        summary.lastDate = lastDay.map(FXConverter.date)
        summary.reportingCurrency = try FXConverter.reportingCurrency(db)
        return summary
    }

    /// The fields of one line: separated by `separator`, each trimmed, double quotes removed
    /// from a quoted field (`""` inside it is one quote).
    static func fields(_ line: String, _ separator: Character) -> [String] {
        var out: [String] = [], current = "", quoted = false, wasQuoted = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    // A doubled quote is a quote; a single one ends the quoted part.
                    var lookahead = chars
                    if lookahead.next() == "\"" { current.append("\""); chars = lookahead } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" && current.trimmingCharacters(in: .whitespaces).isEmpty {
                quoted = true; wasQuoted = true; current = ""
            } else if c == separator {
                out.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
                current = ""; wasQuoted = false
            } else { current.append(c) }
        }
        out.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
        return out
    }
}
