import Foundation
import OmniStore
import Synchronization

/// Ctrl-C during a long-running command asks it to stop at the next safe point.
enum Interrupt {
    static let requested = Atomic<Bool>(false)

    static func install() {
        requested.store(false, ordering: .relaxed)
        signal(SIGINT) { _ in Interrupt.requested.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in Interrupt.requested.store(true, ordering: .relaxed) }
    }

    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}

enum WriteCommands {
    static let seedSpec = CommandSpec(
        "seed", "Create a deterministic demo store: a retailer in China and abroad, with history so KPIs have trends.",
        options: [CommonOptions.db,
                  OptionSpec(name: "--size", value: "SIZE", help: "small (≈2k customers, default), medium (≈100k) or large (≈1M customers, ≈4M orders)"),
                  OptionSpec(name: "--seed", value: "N", help: "random seed (default 1); the same seed gives the same store"),
                  CommonOptions.json, CommonOptions.help],
        details: "The store must not exist yet (or be empty). History ends now, so today has orders.")

    static func runSeed(_ args: ParsedArguments) throws -> ExitCode {
        let spec = seedSpec
        let size = try args.oneOf("--size", SeedSize.allCases.map(\.rawValue), spec: spec).flatMap(SeedSize.init(rawValue:)) ?? .small
        let seedText = args.value("--seed") ?? "1"
        guard let seed = UInt64(seedText) else {
            throw UsageError(message: "--seed takes a whole number, not \"\(seedText)\"", usage: spec.usage)
        }
        let path = Environment.storePath(args)
        let interactive = isatty(STDERR_FILENO) == 1 && !args.flag("--json")
        let showProgress: @Sendable (SeedProgress) -> Void = { p in
            let percent = p.total > 0 ? p.done * 100 / p.total : 0
            FileHandle.standardError.write(Data("\r\u{1B}[K\(p.phase) \(percent)%".utf8))
        }
        let summary = try Seeder.seed(path: path, options: SeedOptions(size: size, seed: seed, now: Environment.now()),
                                      progress: interactive ? showProgress : nil)
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if args.flag("--json") {
            struct Payload: Encodable { var path: String; var size: String; var seed: UInt64; var rows: [String: Int]; var seconds: Double }
            try Output.json(Payload(path: path, size: size.rawValue, seed: seed, rows: summary.rowCounts, seconds: summary.elapsedSeconds))
        } else {
            Output.line("seeded \(path) (\(size.rawValue), seed \(seed)) in \(String(format: "%.1f", summary.elapsedSeconds)) s")
            Output.line(summary.report)
        }
        return .ok
    }

    static let simulateSpec = CommandSpec(
        "simulate", "Write a realistic stream of business into the store until Ctrl-C (orders, deliveries, stock, returns, tickets, journeys).",
        options: [CommonOptions.db,
                  OptionSpec(name: "--rate", value: "N", help: "events per second (default 20)"),
                  OptionSpec(name: "--duration", value: "S", help: "stop after S seconds (default: until Ctrl-C)"),
                  OptionSpec(name: "--seed", value: "N", help: "random seed (default: from the clock)"),
                  CommonOptions.json, CommonOptions.help],
        details: "Each event is one small transaction. Open `omni` in another terminal to watch it live. Failed events are counted (text and JSON `failures`, `last_failure`); on a store that cannot take writes (corrupt, read-only, gone, full) it stops at once and exits 3, as it does when every event failed.")

    static func runSimulate(_ args: ParsedArguments) throws -> ExitCode {
        let spec = simulateSpec
        let rate = try args.int("--rate", default: 20, range: 1...100_000, spec: spec)
        let duration = args.value("--duration") == nil ? nil : Double(try args.int("--duration", default: 0, range: 1...10_000_000, spec: spec))
        let seed: UInt64
        if let text = args.value("--seed") {
            guard let value = UInt64(text) else { throw UsageError(message: "--seed takes a whole number, not \"\(text)\"", usage: spec.usage) }
            seed = value
        } else {
            seed = UInt64(Date().timeIntervalSince1970 * 1000)
        }
        let db = try Store.open(path: Environment.storePath(args))
        let simulator = try Simulator(db: db, seed: seed, operator: "simulator")
        Interrupt.install()
        let quiet = args.flag("--json")
        let result = SimulationRunner.run(simulator, rate: Double(rate), duration: duration, clock: Environment.now,
                                          shouldStop: { Interrupt.isRequested }, progress: quiet ? nil : { p in
            let t = p.totals
            Output.line(String(format: "%6.1fs  %6d events (%5.1f/s)  orders %d  deliveries %d (late %d)  tickets %d  returns %d  merges %d  busy %d",
                               p.elapsed, t.events, p.rate, t.orders, t.deliveries, t.lateDeliveries, t.tickets, t.returns, t.merges, t.busyRetries))
        })
        let t = result.totals
        if quiet {
            try Output.json(t)
        } else {
            if let failure = t.lastFailure, t.stoppedBecause == nil { Output.error("last failure: \(failure)") }
            Output.line("stopped after \(String(format: "%.1f", result.elapsed)) s: \(t.events) events, \(t.orders) orders, "
                        + "deliveries \(t.deliveries) (late \(t.lateDeliveries)), \(t.failures) failures")
        }
        // A store that cannot take writes (corrupt, read-only, gone, full), or a run in which
        // every event failed, is a failed run: exit 3 with the reason on stderr.
        if let reason = t.stoppedBecause {
            Output.error("simulate stopped: \(reason)")
            return .store
        }
        if t.failures > 0 && t.events == 0 {
            Output.error("simulate: every event failed (\(t.failures)); the store took no writes")
            return .store
        }
        return .ok
    }
}
