import Foundation
import OmniStore
import OmniUI

/// Every subcommand, in the order `omni --help` lists them.
enum Commands {
    static var all: [Command] {
        [
            Command(spec: DemoCommand.spec, run: DemoCommand.run),
            Command(spec: StoreCommands.initSpec, run: StoreCommands.runInit),
            Command(spec: WriteCommands.seedSpec, run: WriteCommands.runSeed),
            Command(spec: WriteCommands.simulateSpec, run: WriteCommands.runSimulate),
            Command(spec: LookupCommands.customerSpec, run: LookupCommands.runCustomer),
            Command(spec: LookupCommands.ordersSpec, run: LookupCommands.runOrders),
            Command(spec: LookupCommands.orderSpec, run: LookupCommands.runOrder),
            Command(spec: LookupCommands.stockSpec, run: LookupCommands.runStock),
            Command(spec: LookupCommands.ticketsSpec, run: LookupCommands.runTickets),
            Command(spec: LookupCommands.kpiSpec, run: LookupCommands.runKPI),
            Command(spec: MoneyCommands.currencySpec, run: MoneyCommands.runCurrency),
            Command(spec: StoreDayCommands.storeSpec, run: StoreDayCommands.runStore),
            Command(spec: StoreDayCommands.customersSpec, run: StoreDayCommands.runCustomers),
            Command(spec: ImportExportCommands.importSpec, run: ImportExportCommands.runImport),
            Command(spec: ImportExportCommands.exportSpec, run: ImportExportCommands.runExport),
            Command(spec: MergeCommands.spec, run: MergeCommands.run),
            Command(spec: PrivacyCommands.spec, run: PrivacyCommands.run),
            Command(spec: AuditCommands.spec, run: AuditCommands.run),
            Command(spec: AuditCommands.rolesSpec, run: AuditCommands.runRoles),
            Command(spec: StoreCommands.doctorSpec, run: StoreCommands.runDoctor),
            Command(spec: ThemeCommands.spec, run: ThemeCommands.run),
            Command(spec: KeysCommand.spec, run: KeysCommand.run),
            Command(spec: BenchCommand.spec, run: BenchCommand.run),
        ]
    }

    static var overview: String {
        var text = """
        omni \(omniVersion) — a terminal console for unified-commerce operations over one SQLite store.

        Usage: omni [COMMAND] [OPTIONS]

        Commands:

        """
        let width = all.map { $0.spec.name.count }.max() ?? 0
        for c in all {
            text += "  \(c.spec.name)\(String(repeating: " ", count: width - c.spec.name.count + 2))\(c.spec.summary)\n"
        }
        text += """

        \(ConsoleCommand.overviewText)

        Global:
          --version  print the version
          --help     this help; `omni COMMAND --help` for a command's options

        The store is --db PATH, else $OMNI_DB, else $XDG_DATA_HOME/omni/omni.db (~/.local/share/omni/omni.db).
        Exit codes: 0 ok, 1 not found, 2 usage error, 3 store error, 4 invalid input in a file.
        """
        return text
    }

    /// Runs the command line and returns the process exit code.
    static func main(_ arguments: [String]) -> Int32 {
        if let zone = ProcessInfo.processInfo.environment["OMNI_TZ"], !zone.isEmpty, TimeText.zone(named: zone) == nil {
            Output.error("OMNI_TZ=\"\(Output.safe(zone))\" names no time zone: use an IANA name such as Asia/Shanghai, UTC, or UTC+08:00")
            return ExitCode.usage.rawValue
        }
        guard let first = arguments.first else {
            return ConsoleCommand.run([])
        }
        switch first {
        case "--version", "-V", "version":
            Output.line("omni \(omniVersion)")
            return ExitCode.ok.rawValue
        case "--help", "-h", "help":
            if arguments.count > 1, let command = all.first(where: { $0.spec.name == arguments[1] }) {
                Output.line(command.spec.help)
            } else {
                Output.line(overview)
            }
            return ExitCode.ok.rawValue
        default:
            break
        }
        if first.hasPrefix("-") && first != "-" {
            // No command, only console options (--db, --theme, --mouse, --read-only): the console.
            return ConsoleCommand.run(arguments)
        }
        guard let command = all.first(where: { $0.spec.name == first }) else {
            var message = first.hasPrefix("-") ? "unknown option \(first)" : "unknown command \"\(first)\""
            if let guess = ArgumentParser.closest(first, among: all.map(\.spec.name)) { message += " (did you mean `omni \(guess)`?)" }
            Output.error(message + "\nRun `omni --help` for the commands.")
            return ExitCode.usage.rawValue
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            Output.line(command.spec.help)
            return ExitCode.ok.rawValue
        }
        do {
            let parsed = try ArgumentParser.parse(rest, spec: command.spec)
            return try command.run(parsed).rawValue
        } catch let error as UsageError {
            Output.error(error.description)
            return ExitCode.usage.rawValue
        } catch let error as CommandFailure {
            Output.error(error.message)
            return error.code.rawValue
        } catch let refusal as RoleRefusal {
            // An action the operator's role may not do: nothing was written.
            Output.error(refusal.description)
            return ExitCode.usage.rawValue
        } catch let error as StoreError {
            Output.error(error.description)
            if case .notFound = error { return ExitCode.notFound.rawValue }
            return ExitCode.store.rawValue
        } catch let error as DatabaseError where error.isOutOfSpace {
            // A write that failed rolls back: say what happened in the user's words first.
            Output.error("store error: the store's disk is full or its file may not grow: this write was rolled back "
                         + "and the store is as it was before it (\(error.description))")
            return ExitCode.store.rawValue
        } catch let error as DatabaseError {
            Output.error("store error: \(error.description)")
            return ExitCode.store.rawValue
        } catch {
            Output.error("\(error)")
            return ExitCode.store.rawValue
        }
    }
}
