import Foundation
import OmniStore

/// `omni import` and `omni export`: channel exports in, omni's own format in and out.
enum ImportExportCommands {
    static let importKinds = ImportKind.allCases.map(\.rawValue) + ["fx-rates"]

    // MARK: import

    static let importSpec = CommandSpec(
        "import", "Import channel exports (Shopify, Amazon) or omni's own CSV / JSON Lines files, one transaction per file.",
        positionals: "KIND FILE...", min: 2, max: 10_000,
        options: [CommonOptions.db,
                  OptionSpec(name: "--channel", value: "CODE", help: "channel for records that do not name one (default web)"),
                  OptionSpec(name: "--shop", value: "NAME", help: "the shop a channel export comes from: its order refs become NAME/#1017 (default: setting import.shop, else none)"),
                  OptionSpec(name: "--dry-run", value: nil, help: "check every row and report what would change; write nothing"),
                  OptionSpec(name: "--skip-invalid", value: nil, help: "import the good rows and list the bad ones (default: stop at the first, import nothing); exit 4 if none was good"),
                  OptionSpec(name: "--follow", value: nil, help: "keep reading the one FILE (or -) as it grows, committing each order within a second, until a pipe closes or Ctrl-C"),
                  OptionSpec(name: "--date-order", value: "dmy|mdy", help: "read spreadsheet dates (02/01/2024) day-first or month-first (default: decided by the file's own dates)"),
                  CommonOptions.json, CommonOptions.help],
        details: """
        KIND: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")), fx-rates (daily exchange rates, CSV
        date,base,quote,rate; see omni currency --help).
        FILE '-' reads standard input. Files are CSV (RFC 4180; comma, semicolon or tab, detected from the header),
        TSV (Amazon reports) or JSON Lines (.jsonl, or a first byte '{'); UTF-8 (checked strictly, BOM optional),
        UTF-16 with its BOM, or Windows-1252 when the whole file plainly is (with a notice). A record holds at most
        1 MiB and a field 64 KiB; amounts at most 100,000,000,000.00. Each file is one transaction: a bad row stops
        the file and leaves the store as it was, unless --skip-invalid. Importing the same file again changes nothing;
        a newer export of the same orders updates them. Contacts go through identity resolution (junk values never
        match; guarded merges become suggestions); a phone without a country code takes its row's country's calling
        code, else setting phone.default_region (CN). A Shopify order is all consecutive rows with one Name. Sources
        map to channels by a table that settings rows source_channel.NAME extend (README: Sources → channels).
        Exit codes: 0 imported, 2 usage, 3 store error, 4 invalid input (file:line: reason on stderr), also when
        --skip-invalid skipped every row.
        """)

    static func runImport(_ args: ParsedArguments) throws -> ExitCode {
        let spec = importSpec
        if args.positionals[0] == "fx-rates" { return try MoneyCommands.runFXImport(args) }
        guard let kind = ImportKind(rawValue: args.positionals[0]) else {
            var message = "unknown import kind \"\(args.positionals[0])\"; one of \(importKinds.joined(separator: ", "))"
            if let guess = ArgumentParser.closest(args.positionals[0], among: importKinds) { message += " (did you mean \(guess)?)" }
            throw UsageError(message: message, usage: spec.usage)
        }
        let files = Array(args.positionals.dropFirst())
        if files.filter({ $0 == "-" }).count > 1 {
            throw UsageError(message: "standard input (-) can be read once", usage: spec.usage)
        }
        for file in files where file != "-" && !FileManager.default.fileExists(atPath: file) {
            Output.error("\(file): no such file")
            return .invalidInput
        }
        let channel = try args.oneOf("--channel", LookupCommands.channels, spec: spec)
        let dateOrder = try args.oneOf("--date-order", DateOrder.allCases.map(\.rawValue), spec: spec).flatMap(DateOrder.init(rawValue:))
        if args.flag("--follow") {
            guard files.count == 1 else { throw UsageError(message: "--follow reads one FILE (or - for standard input)", usage: spec.usage) }
            guard !args.flag("--dry-run") else { throw UsageError(message: "--follow commits as it reads: it cannot be a --dry-run", usage: spec.usage) }
        }
        let db = try Store.open(path: Environment.storePath(args))
        var options = ImportOptions()
        options.dryRun = args.flag("--dry-run")
        options.skipInvalid = args.flag("--skip-invalid")
        options.channel = channel
        options.dateOrder = dateOrder
        options.shop = args.value("--shop")
        options.now = Environment.now()
        options.operatorLogin = Environment.operatorLogin
        let importer = Importer(db, options: options)
        let interactive = isatty(STDERR_FILENO) == 1
        if args.flag("--follow") {
            return try follow(importer, kind, files[0], db: db, json: args.flag("--json"), interactive: interactive)
        }
        var total = ImportSummary()
        total.kind = kind.rawValue
        total.dryRun = options.dryRun
        for file in files {
            if interactive && file != "-" {
                let started = Date()
                let name = (file as NSString).lastPathComponent
                importer.options.progress = { bytes, size, rows in
                    let elapsed = Date().timeIntervalSince(started)
                    guard elapsed >= 1 else { return }
                    let percent = size > 0 ? Int(Double(bytes) * 100 / Double(size)) : 0
                    let line = "\r\(name): \(rows) rows, \(Int(Double(rows) / elapsed)) rows/s, \(percent)%   "
                    FileHandle.standardError.write(Data(line.utf8))
                }
            }
            if file == "-" { importer.options.progress = nil }
            do {
                let summary = try importer.importInput(kind, InputSpec(file))
                if interactive && summary.seconds >= 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                total.add(summary)
            } catch let failure as ImportFailure {
                if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                if !total.files.isEmpty {
                    try advanceStages(db, now: options.now, into: &total)
                    report(total, json: args.flag("--json"))
                    Output.error("files before \(file) were imported: \(total.files.joined(separator: ", "))")
                }
                Output.error(failure.description)
                return .invalidInput
            }
        }
        if !options.dryRun { try advanceStages(db, now: options.now, into: &total) }
        report(total, json: args.flag("--json"))
        if total.rowsSkipped > 0 && total.rowsSkipped >= total.rowsRead {
            Output.error("nothing was imported: every row of \(total.files.joined(separator: ", ")) was invalid")
            return .invalidInput
        }
        return .ok
    }

    /// `--follow`: commits as the input grows, until the pipe closes or INT/TERM asks to stop
    /// (the transaction in progress is finished first, then the summary is printed).
    static func follow(_ importer: Importer, _ kind: ImportKind, _ file: String, db: Database, json: Bool, interactive: Bool) throws -> ExitCode {
        let stop = FollowStop()
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { stop.stop() }
            source.resume()
            sources.append(source)
        }
        defer {
            for source in sources { source.cancel() }
            signal(SIGINT, SIG_DFL); signal(SIGTERM, SIG_DFL)
        }
        let name = file == "-" ? "standard input" : file
        var total: ImportSummary
        do {
            total = try importer.followInput(kind, InputSpec(file, follow: true), stop: stop) { summary in
                if interactive {
                    FileHandle.standardError.write(Data("\r\(name): \(summary.rowsRead) rows imported, following (Ctrl-C stops)   ".utf8))
                }
            }
        } catch let failure as ImportFailure {
            if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            var done = importer.committed
            if done.rowsRead > 0 {
                try advanceStages(db, now: importer.options.now, into: &done)
                report(done, json: json)
            }
            if case .invalidRow(let issue) = failure {
                Output.error("\(issue) (the rows of \(name) before it were imported; --skip-invalid skips such rows)")
            } else {
                Output.error(failure.description)
            }
            return .invalidInput
        }
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        try advanceStages(db, now: importer.options.now, into: &total)
        report(total, json: json)
        if total.rowsSkipped > 0 && total.rowsSkipped >= total.rowsRead {
            Output.error("nothing was imported: every row of \(name) was invalid")
            return .invalidInput
        }
        return .ok
    }

    /// Imported history moves lifecycle stages with the clock too (a customer whose last order
    /// was a year ago is lapsed, not new): the stages due by now are brought up to date, in
    /// batches of their own after the files' transactions.
    static func advanceStages(_ db: Database, now: Int64, into total: inout ImportSummary) throws {
        let refreshed = try Lifecycle.advance(db, now: now)
        total.stagesExamined += refreshed.examined
        total.stagesChanged += refreshed.changed
    }

    static func report(_ s: ImportSummary, json: Bool) {
        if json {
            do { try Output.json(s) } catch { Output.error("\(error)") }
            return
        }
        let rate = s.seconds > 0 ? " (\(Int(Double(s.rowsRead) / s.seconds)) rows/s)" : ""
        Output.line("\(s.dryRun ? "dry run of" : "imported") \(s.kind)\(s.shop.map { " of shop \(Output.safe($0))" } ?? "") from \(s.files.joined(separator: ", ")): \(s.rowsRead) rows in \(String(format: "%.2f", s.seconds)) s\(rate)")
        for entity in s.entities.keys.sorted() {
            let c = s.entities[entity]!
            Output.line("  \(entity.replacingOccurrences(of: "_", with: " ")): \(c.created) created, \(c.updated) updated, \(c.unchanged) unchanged")
        }
        let resolved = s.customersCreated + s.customersMatched + s.customersMerged + s.customersSuggested
        if resolved > 0 || s.contactsIgnored > 0 {
            Output.line("  identity resolution: \(s.customersCreated) customers created, \(s.customersMatched) matched, \(s.customersMerged) merged, \(s.customersSuggested) suggested for review; \(s.contactsIgnored) junk or malformed contacts ignored")
        }
        if s.stagesExamined > 0 {
            Output.line("  lifecycle: \(s.stagesChanged) of \(s.stagesExamined) customers changed stage at today's date")
        }
        for notice in s.notices { Output.line("  notice: " + Output.safe(notice)) }
        for note in s.notes { Output.line("  " + Output.safe(note)) }
        if s.rowsSkipped > 0 {
            Output.line("  skipped \(s.rowsSkipped) rows:")
            for issue in s.issues { Output.line("    " + Output.safe(issue.description)) }
        }
        if s.dryRun { Output.line("dry run: nothing was written") }
    }

    // MARK: export

    static let exportSpec = CommandSpec(
        "export", "Export one entity in omni's own format (CSV or JSON Lines), which `omni import` reads back.",
        positionals: "KIND", min: 1, max: 1,
        options: [CommonOptions.db,
                  OptionSpec(name: "--format", value: "csv|jsonl", help: "default csv (jsonl when --out ends in .jsonl)"),
                  OptionSpec(name: "--since", value: "DATE", help: "only records from this time on (2026-05-01, ISO 8601 or unix seconds)"),
                  OptionSpec(name: "--out", value: "FILE", help: "write to FILE (replaced when complete) instead of stdout"),
                  CommonOptions.help],
        details: """
        KIND: \(Exporter.kinds.map(\.rawValue).joined(separator: ", ")).
        Columns are documented in the README; times are UTC ISO 8601, money integer minor units.
        Customers are referred to as KIND:VALUE of their first identity (email:ann@example.com), else #ID.
        """)

    static func runExport(_ args: ParsedArguments) throws -> ExitCode {
        let spec = exportSpec
        guard let kind = ImportKind(rawValue: args.positionals[0]), Exporter.kinds.contains(kind) else {
            let names = Exporter.kinds.map(\.rawValue)
            var message = "cannot export \"\(args.positionals[0])\"; one of \(names.joined(separator: ", "))"
            if let guess = ArgumentParser.closest(args.positionals[0], among: names) { message += " (did you mean \(guess)?)" }
            throw UsageError(message: message, usage: spec.usage)
        }
        let out = args.value("--out")
        let format: ExportFormat
        if let f = try args.oneOf("--format", ExportFormat.allCases.map(\.rawValue), spec: spec) {
            format = ExportFormat(rawValue: f)!
        } else {
            format = out.map { ["jsonl", "ndjson"].contains(($0 as NSString).pathExtension.lowercased()) } == true ? .jsonl : .csv
        }
        var since: Int64?
        if let text = args.value("--since") {
            guard let t = Importer.parseTime(text) else {
                throw UsageError(message: "--since takes a date (2026-05-01), an ISO 8601 time or unix seconds, not \"\(text)\"", usage: spec.usage)
            }
            since = t
        }
        // Records with personal data (identity values, customers named by their first identity)
        // leave only with an audit entry, so those exports need a store omni can write.
        let path = Environment.storePath(args)
        let personal = Privacy.personalExportKinds.contains(kind.rawValue)
        let db = try Store.open(path: path, readOnly: !personal)
        if personal && db.isReadOnly {
            throw CommandFailure(code: .store, message: """
                exporting \(kind.rawValue) writes an audit entry (it carries personal data), and \(path) cannot be written \
                by this user (read-only file or folder); nothing was exported
                """)
        }
        let n = try Exporter.export(db, kind: kind, format: format, since: since, path: out)
        if personal {
            try Privacy.recordExport(db, kind: kind.rawValue, count: n, destination: out ?? "standard output",
                                     operator: Environment.operatorLogin, now: Environment.now())
        }
        if let out { Output.error("wrote \(n) \(kind.rawValue) to \(out)\(personal ? " (recorded in the audit log)" : "")") }
        return .ok
    }
}
