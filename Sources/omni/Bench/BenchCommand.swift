import Foundation
import OmniStore
import OmniUI

/// `omni bench`: how fast omni answers on a store, beside the sqlite3 shell running the same SQL.
enum BenchCommand {
    static let spec = CommandSpec(
        "bench", "Measure omni on a store: lookups, search, 360, pages, KPIs, rendering, writes; p50/p99/max beside the sqlite3 shell.",
        options: [CommonOptions.db,
                  OptionSpec(name: "--size", value: "SIZE", help: "bench a demo store of this size (small, medium, large), seeded once and kept in ~/.cache/omni"),
                  OptionSpec(name: "--runs", value: "N", help: "runs per operation (default 200)"),
                  OptionSpec(name: "--console", value: nil, help: "also run the console in tmux: first frame, memory per view, idle CPU over 10 s"),
                  OptionSpec(name: "--import", value: "ROWS", help: "instead, time the whole `omni import shopify-orders` on a generated Shopify export of ROWS rows (200000 in the README)"),
                  CommonOptions.json, CommonOptions.help],
        details: """
        Ratios compare omni's call (including building its result values) with the sqlite3 shell's
        `.timer` for the statement it runs. Budgets are those of DESIGN.md, for a 1M-customer store.
        """)

    struct Row: Encodable {
        var operation: String
        var timing: Timing
        var sqlite3P50: Double?
        var ratio: Double?
        var budgetMs: Double?
        var met: Bool?
    }

    struct Report: Encodable {
        var store: String
        var customers: Int
        var orders: Int
        var seedSeconds: Double?
        var seedRowsPerSecond: Double?
        var rows: [Row]
        var console: ConsoleBench.Figures?
        var machine: String
    }

    static func cachePath(_ size: SeedSize) -> String {
        let env = Environment.variables
        let base = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.cache")
        return "\(base)/omni/bench-\(size.rawValue).db"
    }

    static func run(_ args: ParsedArguments) throws -> ExitCode {
        if args.value("--import") != nil {
            let rows = try args.int("--import", default: 200_000, range: 1...10_000_000, spec: spec)
            do {
                try ImportBench.report(try ImportBench.measure(rows: rows, binary: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]), json: args.flag("--json"))
            } catch let failure as ImportBench.BenchFailure {
                Output.error(failure.description)
                return .store
            }
            return .ok
        }
        let runs = try args.int("--runs", default: 200, range: 5...100_000, spec: spec)
        var path = args.value("--db") ?? ""
        var seedSeconds: Double?
        var seedRate: Double?
        if args.value("--db") == nil {
            let size = try args.oneOf("--size", SeedSize.allCases.map(\.rawValue), spec: spec).flatMap(SeedSize.init(rawValue:)) ?? .small
            path = cachePath(size)
            if !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                FileHandle.standardError.write(Data("seeding a \(size.rawValue) store at \(path)…\n".utf8))
                let summary = try Seeder.seed(path: path, options: SeedOptions(size: size, seed: 1, now: Environment.now()), progress: nil)
                seedSeconds = summary.elapsedSeconds
                seedRate = Double(summary.totalRows) / max(summary.elapsedSeconds, 0.001)
            }
        }
        let db = try Store.open(path: path, readOnly: true)
        let cases = try BenchCases(db: db, path: path, now: Environment.now())
        var rows: [Row] = []
        for c in cases.all {
            let timing = try Timing.measure(runs: runs) { i in try c.run(i) }
            // Enough shell executions that their total (~300 ms) dwarfs the shell's start-up noise.
            let shellRuns = Swift.max(50, Swift.min(20_000, Int(300 / Swift.max(timing.p50, 0.005))))
            let shell = c.shellSQL.flatMap { ShellTiming.measure(path: path, sql: $0, runs: shellRuns) }
            rows.append(Row(operation: c.name, timing: timing, sqlite3P50: shell, ratio: shell.map { timing.p50 / max($0, 0.000_1) },
                            budgetMs: c.budgetMs, met: c.budgetMs.map { timing.p50 <= $0 }))
            if !args.flag("--json") { FileHandle.standardError.write(Data(".".utf8)) }
        }
        rows.append(contentsOf: try RenderBench.rows(db: db, now: Environment.now(), runs: runs))
        if !args.flag("--json") { FileHandle.standardError.write(Data("\n".utf8)) }
        // Only bench's own demo stores get written to (the external-write latency).
        let console = args.flag("--console")
            ? ConsoleBench.measure(binary: CommandLine.arguments[0], store: path, writable: args.value("--db") == nil) : nil
        let report = Report(store: path, customers: try db.scalarInt("SELECT value FROM counters WHERE name = 'customers'"),
                            orders: try db.scalarInt("SELECT value FROM counters WHERE name = 'orders'"),
                            seedSeconds: seedSeconds, seedRowsPerSecond: seedRate, rows: rows, console: console, machine: machineDescription())
        if args.flag("--json") { try Output.json(report); return .ok }
        Output.line("store \(path): \(report.customers) customers, \(report.orders) orders — \(report.machine)")
        if let seedSeconds, let seedRate {
            Output.line(String(format: "seeded in %.1f s (%.0f rows/s)", seedSeconds, seedRate))
        }
        var table = TextTable([.init("operation"), .init("p50", right: true), .init("p99", right: true), .init("max", right: true),
                               .init("sqlite3", right: true), .init("ratio", right: true), .init("budget", right: true), .init("")])
        for r in rows {
            table.add([r.operation, Timing.format(r.timing.p50), Timing.format(r.timing.p99), Timing.format(r.timing.max),
                       r.sqlite3P50.map(Timing.format) ?? "-", r.ratio.map { String(format: "%.1fx", $0) } ?? "-",
                       r.budgetMs.map { "< " + Timing.format($0) } ?? "-", r.met.map { $0 ? "met" : "NOT MET" } ?? ""])
        }
        Output.line(table.render())
        if let c = report.console {
            Output.line()
            Output.line(String(format: "console (tmux, 200x60): first frame %.0f ms (budget < 200 ms) · idle CPU %.2f%% over %.0f s (budget < 1%%)",
                               c.firstFrameMs, c.idleCPUPercent, c.idleSeconds))
            if let p50 = c.externalWriteToScreenP50Ms, let p95 = c.externalWriteToScreenP95Ms {
                Output.line(String(format: "external commit (sqlite3 shell) to screen: p50 %.0f ms · p95 %.0f ms (budget p95 < 300 ms)", p50, p95))
            }
            Output.line("RSS: " + ["start", "customers", "orders", "stock", "tickets", "kpis"].map {
                "\($0) \(c.rssKiBByView[$0].map { String(format: "%.1f MB", Double($0) / 1024) } ?? "-")"
            }.joined(separator: " · ") + " (budget < 60 MB)")
        } else if args.flag("--console") {
            Output.line("console figures unavailable (tmux missing or the console did not start)")
        }
        return .ok
    }

    static func machineDescription() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu)"
    }
}
