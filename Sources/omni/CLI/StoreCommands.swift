import Foundation
import OmniStore

enum StoreCommands {
    static let initSpec = CommandSpec("init", "Create an empty omni store (the schema, channels, SLA policies, settings).",
                                      options: [CommonOptions.db, CommonOptions.json, CommonOptions.help])

    static func runInit(_ args: ParsedArguments) throws -> ExitCode {
        let path = Environment.storePath(args)
        let existed = FileManager.default.fileExists(atPath: path)
        if existed { _ = try Store.open(path: path) } else { _ = try Store.create(path: path) }
        if args.flag("--json") {
            try Output.json(["path": path, "created": existed ? "false" : "true"])
        } else {
            Output.line(existed ? "\(path) is already an omni store (schema \(Migrator.currentVersion))"
                                : "created \(path) (schema \(Migrator.currentVersion))")
        }
        return .ok
    }

    static let doctorSpec = CommandSpec("doctor", "Check a store: schema version, integrity, foreign keys, indexes, row counts, rollups.",
                                        options: [CommonOptions.db,
                                                  OptionSpec(name: "--figures", value: nil, help: "recompute every KPI figure from the raw rows and compare it with the KPI view"),
                                                  CommonOptions.json, CommonOptions.help],
                                        details: "With --figures: revenue, orders and AOV per channel (grouped by currency), the funnel stages, repeat rate, OT/IF/OTIF, return rate, SLA attainment, FCR, CSAT, open and breaching tickets, stock-outs, low stock, customers and stage counts, each recomputed with plain SQL apart from the rollups; every figure is printed equal or DIFFERENT, and any difference exits 3.")

    struct DoctorReport: Encodable {
        var path: String
        var schemaVersion: Int
        var integrity: String
        var foreignKeyProblems: Int
        var missingIndexes: [String]
        var rollupMismatches: [String]
        var rows: [String: Int]
        var ok: Bool
    }

    static func runDoctor(_ args: ParsedArguments) throws -> ExitCode {
        let path = Environment.storePath(args)
        let db = try Store.open(path: path)
        if args.flag("--figures") { return try runFigures(db, json: args.flag("--json")) }
        let integrity = try db.fetchAll("PRAGMA integrity_check").map { $0.string(0) }.joined(separator: "; ")
        let foreignKeys = try db.fetchAll("PRAGMA foreign_key_check").count
        let present = Set(try db.fetchAll("SELECT name FROM sqlite_master WHERE type = 'index'").map { $0.string(0) })
        let missing = Schema.indexNames.filter { !present.contains($0) }
        var rows: [String: Int] = [:]
        for table in Schema.tableNames { rows[table] = try db.scalarInt("SELECT count(*) FROM \"\(table)\"") }
        let mismatches = try Rollups.verify(db)
        let report = DoctorReport(path: path, schemaVersion: try db.scalarInt("PRAGMA user_version"), integrity: integrity,
                                  foreignKeyProblems: foreignKeys, missingIndexes: missing, rollupMismatches: mismatches, rows: rows,
                                  ok: integrity == "ok" && foreignKeys == 0 && missing.isEmpty && mismatches.isEmpty)
        if args.flag("--json") {
            try Output.json(report)
        } else {
            Output.line("store        \(path)")
            Output.line("schema       version \(report.schemaVersion) (this omni reads up to \(Migrator.currentVersion))")
            Output.line("integrity    \(integrity)")
            Output.line("foreign keys \(foreignKeys == 0 ? "ok" : "\(foreignKeys) problems")")
            Output.line("indexes      \(missing.isEmpty ? "ok (\(Schema.indexNames.count))" : "missing: " + missing.joined(separator: ", "))")
            Output.line("rollups      \(mismatches.isEmpty ? "ok (match a recomputation)" : mismatches.joined(separator: "; "))")
            Output.line("rows")
            var table = TextTable([.init("table"), .init("rows", right: true)])
            for name in Schema.tableNames { table.add([name, String(rows[name] ?? 0)]) }
            Output.line(table.render())
            Output.line(report.ok ? "ok" : "problems found")
        }
        return report.ok ? .ok : .store
    }

    /// `omni doctor --figures`: each KPI figure beside its recomputation from the rows.
    static func runFigures(_ db: Database, json: Bool) throws -> ExitCode {
        let report = try FigureCheck.run(db, now: Environment.now())
        if json {
            struct Payload: Encodable { var report: FigureCheck.Report; var allEqual: Bool }
            try Output.json(Payload(report: report, allEqual: report.allEqual))
        } else {
            var table = TextTable([.init("figure"), .init("KPI view", right: true), .init("from the rows", right: true), .init("")])
            for f in report.figures { table.add([f.name, f.shown, f.recomputed, f.equal ? "equal" : "DIFFERENT"]) }
            Output.line(table.render())
            if !report.revenueByCurrency.isEmpty {
                Output.line("revenue today from the rows, per channel and currency:")
                for r in report.revenueByCurrency {
                    Output.line("  \(r.channel) \(r.currency): \(r.orders) orders, net \(Money(minor: r.netMinor, currency: r.currency))")
                }
            }
            Output.line(report.allEqual ? "every figure equal (\(report.figures.count))"
                                        : "\(report.differences) of \(report.figures.count) figures DIFFERENT")
        }
        return report.allEqual ? .ok : .store
    }
}
