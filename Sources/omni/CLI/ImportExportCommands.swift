import Foundation
import OmniStore

/// `omni import` and `omni export`: channel exports in, omni's own format in and out.
enum ImportExportCommands {
    static let importKinds = ImportKind.allCases.map(\.rawValue)

    // MARK: import

    static let importSpec = CommandSpec(
        "import", "Import channel exports (Shopify, Amazon) or omni's own CSV / JSON Lines files, one transaction per file.",
        positionals: "KIND FILE...", min: 2, max: 10_000,
        options: [CommonOptions.db,
                  OptionSpec(name: "--channel", value: "CODE", help: "channel for records that do not name one (default web)"),
                  OptionSpec(name: "--dry-run", value: nil, help: "check every row and report what would change; write nothing"),
                  OptionSpec(name: "--skip-invalid", value: nil, help: "import the good rows and list the bad ones (default: stop at the first, import nothing)"),
                  CommonOptions.json, CommonOptions.help],
        details: """
        KIND: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")).
        Files are CSV (RFC 4180, UTF-8 with or without BOM), TSV (Amazon reports) or JSON Lines (.jsonl, or a first
        byte '{'). Each file is one transaction: a bad row stops the file and leaves the store as it was, unless
        --skip-invalid. Importing the same file again changes nothing; a newer export of the same orders updates them.
        Contacts go through identity resolution (junk values never match; guarded merges become suggestions).
        Exit codes: 0 imported, 2 usage, 3 store error, 4 invalid input (file:line: reason on stderr).
        """)

    static func runImport(_ args: ParsedArguments) throws -> ExitCode {
        let spec = importSpec
        guard let kind = ImportKind(rawValue: args.positionals[0]) else {
            var message = "unknown import kind \"\(args.positionals[0])\"; one of \(importKinds.joined(separator: ", "))"
            if let guess = ArgumentParser.closest(args.positionals[0], among: importKinds) { message += " (did you mean \(guess)?)" }
            throw UsageError(message: message, usage: spec.usage)
        }
        let files = Array(args.positionals.dropFirst())
        for file in files where !FileManager.default.isReadableFile(atPath: file) {
            Output.error("\(file): \(FileManager.default.fileExists(atPath: file) ? "cannot be read" : "no such file")")
            return .invalidInput
        }
        let channel = try args.oneOf("--channel", LookupCommands.channels, spec: spec)
        let db = try Store.open(path: Environment.storePath(args))
        var options = ImportOptions()
        options.dryRun = args.flag("--dry-run")
        options.skipInvalid = args.flag("--skip-invalid")
        options.channel = channel
        options.now = Environment.now()
        options.operatorLogin = Environment.operatorLogin
        let importer = Importer(db, options: options)
        let interactive = isatty(STDERR_FILENO) == 1
        var total = ImportSummary()
        total.kind = kind.rawValue
        total.dryRun = options.dryRun
        for file in files {
            if interactive {
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
            do {
                let summary = try importer.importFile(kind, file)
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
        Output.line("\(s.dryRun ? "dry run of" : "imported") \(s.kind) from \(s.files.joined(separator: ", ")): \(s.rowsRead) rows in \(String(format: "%.2f", s.seconds)) s\(rate)")
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
        Exports of \(Privacy.personalExportKinds.sorted().joined(separator: ", ")) carry personal data: each writes one
        audit entry (operator, kind, count, destination), so they need a store omni can write.
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
