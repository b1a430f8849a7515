import Foundation
import OmniStore

/// `omni demo`: the newcomer's first command. A demo store (created when missing), the
/// simulator writing into it on its own queue and connection, and the console on top.
enum DemoCommand {
    static let spec = CommandSpec(
        "demo", "Open the console on a demo store that is live: a simulator writes orders, deliveries, stock and tickets while you watch.",
        options: [OptionSpec(name: "--db", value: "PATH", help: "the demo store (default ~/.local/share/omni/demo.db; created when missing)"),
                  OptionSpec(name: "--size", value: "SIZE", help: "small (default), medium or large, when the store is created"),
                  OptionSpec(name: "--rate", value: "N", help: "simulated events per second (default 5; 0 for none)"),
                  OptionSpec(name: "--theme", value: "NAME|PATH", help: "colour theme"),
                  OptionSpec(name: "--mouse", value: nil, help: "enable the mouse"),
                  CommonOptions.help],
        details: "The demo never writes into your real store: without --db it uses its own file.")

    static func defaultPath() -> String {
        let real = Store.defaultPath(environment: Environment.variables.filter { $0.key != "OMNI_DB" })
        return ((real as NSString).deletingLastPathComponent as NSString).appendingPathComponent("demo.db")
    }

    static func run(_ args: ParsedArguments) throws -> ExitCode {
        let path = args.value("--db") ?? defaultPath()
        let rate = try args.int("--rate", default: 5, range: 0...10_000, spec: spec)
        let size = try args.oneOf("--size", SeedSize.allCases.map(\.rawValue), spec: spec).flatMap(SeedSize.init(rawValue:)) ?? .small
        if !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileHandle.standardError.write(Data("creating a \(size.rawValue) demo store at \(path)…\n".utf8))
            let summary = try Seeder.seed(path: path, options: SeedOptions(size: size, seed: 1, now: Environment.now()), progress: nil)
            FileHandle.standardError.write(Data("seeded in \(String(format: "%.1f", summary.elapsedSeconds)) s\n".utf8))
        }
        if rate > 0 {
            // Its own connection on its own queue: the console's queries never wait for it.
            let simulator = try Simulator(db: try Store.open(path: path), seed: UInt64(Date().timeIntervalSince1970), operator: "simulator")
            nonisolated(unsafe) let confined = simulator // used only on the simulator queue from here on
            DispatchQueue(label: "omni.simulator", qos: .utility).async {
                _ = SimulationRunner.run(confined, rate: Double(rate), duration: nil, clock: Environment.now, shouldStop: { false })
            }
        }
        var console = ["--db", path]
        if let theme = args.value("--theme") { console += ["--theme", theme] }
        if args.flag("--mouse") { console.append("--mouse") }
        return ExitCode(rawValue: ConsoleCommand.run(console)) ?? .ok
    }
}
