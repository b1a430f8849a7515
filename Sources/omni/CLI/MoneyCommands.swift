import Foundation
import OmniStore

/// `omni import fx-rates` and `omni currency`: the exchange rates KPIs convert with and the
/// currency they report in.
enum MoneyCommands {
    /// `omni import fx-rates FILE...`: daily rates into fx_rates, one transaction per file.
    static func runFXImport(_ args: ParsedArguments) throws -> ExitCode {
        let files = Array(args.positionals.dropFirst())
        for file in files where !FileManager.default.isReadableFile(atPath: file) {
            Output.error("\(file): \(FileManager.default.fileExists(atPath: file) ? "cannot be read" : "no such file")")
            return .invalidInput
        }
        if args.value("--channel") != nil || args.flag("--skip-invalid") {
            throw UsageError(message: "fx-rates takes neither --channel nor --skip-invalid (a bad line refuses its file)",
                             usage: ImportExportCommands.importSpec.usage)
        }
        let db = try Store.open(path: Environment.storePath(args))
        var summaries: [FXRatesSummary] = []
        for file in files {
            do {
                summaries.append(try FXRatesImport.importFile(db, path: file, dryRun: args.flag("--dry-run")))
            } catch let failure as FXRatesError {
                if !summaries.isEmpty { Output.error("files before \(file) were imported: \(summaries.map(\.file).joined(separator: ", "))") }
                Output.error(failure.description)
                return .invalidInput
            }
        }
        if args.flag("--json") {
            try Output.json(summaries)
            return .ok
        }
        for s in summaries {
            let span = s.firstDate.map { first in first == s.lastDate ? first : "\(first) to \(s.lastDate ?? first)" } ?? "no rows"
            Output.line("\(args.flag("--dry-run") ? "dry run of" : "imported") fx-rates from \(s.file): \(s.rows) rates, \(span)")
            Output.line("  fx rates: \(s.created) created, \(s.updated) updated, \(s.unchanged) unchanged")
            Output.line("  pairs: \(s.pairs.isEmpty ? "none" : s.pairs.joined(separator: ", ")) · KPIs report in \(s.reportingCurrency)")
        }
        return .ok
    }

    // MARK: currency

    static let currencySpec = CommandSpec(
        "currency", "The currency KPIs report in, and the exchange rates loaded (set it: omni currency CODE).",
        positionals: "[CODE]", min: 0, max: 1,
        options: [CommonOptions.db, CommonOptions.json, CommonOptions.help],
        details: """
        Every amount is shown in its own currency; KPIs never add currencies. They report in the store's reporting
        currency (the setting reporting.currency, default CNY), converting other currencies with the daily rates of
        `omni import fx-rates FILE` (CSV: date,base,quote,rate), at the rate of the amount's day or the latest
        before it no older than fx.max_age_days (default 7). Amounts without a rate are listed, never guessed.
        With CODE (ISO 4217, e.g. EUR): sets the reporting currency.
        """)

    struct CurrencyReport: Encodable {
        struct Pair: Encodable {
            var base: String
            var quote: String
            var rates: Int
            var firstDate: String
            var lastDate: String
            var latestRate: Double
        }
        var reportingCurrency: String
        var fxMaxAgeDays: Int64
        var pairs: [Pair]
    }

    static func runCurrency(_ args: ParsedArguments) throws -> ExitCode {
        let db = try Store.open(path: Environment.storePath(args))
        if let code = args.positionals.first {
            let upper = code.uppercased()
            guard Money.isCurrencyCode(upper) else {
                throw UsageError(message: "\"\(code)\" is not a currency code (three letters, as EUR)", usage: currencySpec.usage)
            }
            try db.transaction {
                try db.execute("""
                    INSERT INTO settings(key, value, description) VALUES ('reporting.currency', ?, ?)
                    ON CONFLICT(key) DO UPDATE SET value = excluded.value
                    """, [upper, "KPIs report revenue in this currency (ISO code), converted with fx_rates"])
            }
        }
        let fx = try FXConverter(db)
        let pairs = try db.fetchAll("""
            SELECT base, quote, count(*), min(day), max(day),
                   (SELECT rate FROM fx_rates l WHERE l.base = r.base AND l.quote = r.quote ORDER BY day DESC LIMIT 1)
            FROM fx_rates r GROUP BY base, quote ORDER BY base, quote
            """).map {
            CurrencyReport.Pair(base: $0.string(0), quote: $0.string(1), rates: $0.int(2), firstDate: FXConverter.date($0.int64(3)),
                                lastDate: FXConverter.date($0.int64(4)), latestRate: $0.double(5))
        }
        let report = CurrencyReport(reportingCurrency: fx.reporting, fxMaxAgeDays: fx.maxAgeDays, pairs: pairs)
        if args.flag("--json") {
            try Output.json(report)
            return .ok
        }
        Output.line("KPIs report in \(report.reportingCurrency) (\(Money.symbol(report.reportingCurrency).trimmingCharacters(in: .whitespaces))); "
                    + "a rate is used up to \(report.fxMaxAgeDays) days after its date")
        if pairs.isEmpty {
            Output.line("no exchange rates loaded: KPIs give revenue per currency (omni import fx-rates FILE)")
        } else {
            var table = TextTable([.init("pair"), .init("rates", right: true), .init("from"), .init("to"), .init("latest", right: true)])
            for p in pairs {
                table.add(["\(p.base)/\(p.quote)", String(p.rates), p.firstDate, p.lastDate, String(format: "%.6g", p.latestRate)])
            }
            Output.line(table.render())
        }
        return .ok
    }
}

extension MoneyCommands {
    /// What `omni kpi` says about currencies under its revenue table: the reporting currency,
    /// the rates used and their date, and the amounts that had no rate (never added).
    static func kpiCurrencyLines(_ k: KPISnapshot) -> [String] {
        var lines = ["revenue in \(k.reportingCurrency)"
                     + (k.rateDate.map { date in
                         " · converted at rates of \(date): " + k.rates.map { "1 \($0.currency) = \(String(format: "%.6g", $0.rate)) \(k.reportingCurrency)" }
                             .joined(separator: ", ") } ?? "")]
        if !k.unconverted.isEmpty {
            lines.append("not converted (\(k.fxRatesLoaded ? "no rate" : "no fx rates loaded")), not in the net above: "
                         + Money.list(k.unconverted))
        }
        if !k.trendUnconverted.isEmpty {
            lines.append("the \(k.trendDays)-day trend leaves out (no rate): \(Money.list(k.trendUnconverted))")
        }
        return lines
    }
}
