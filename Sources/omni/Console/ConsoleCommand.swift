import Foundation
import OmniStore
import OmniTerminal
import OmniUI

/// `omni [--db PATH] [--theme NAME|PATH] [--mouse] [--read-only]`: the interactive console.
enum ConsoleCommand {
    static let spec = CommandSpec("", "The interactive console (run `omni` with no command).",
                                  options: [
                                      CommonOptions.db,
                                      OptionSpec(name: "--theme", value: "NAME|PATH",
                                                 help: "colour theme by name or file (default $OMNI_THEME, mono under NO_COLOR)"),
                                      OptionSpec(name: "--mouse", value: nil,
                                                 help: "enable the mouse (takes the terminal's text selection away)"),
                                      OptionSpec(name: "--read-only", value: nil,
                                                 help: "refuse every action that writes (reveal, ticket changes)"),
                                      CommonOptions.help,
                                  ])

    /// Lines for `omni --help`.
    static let overviewText = """
    Console:
      omni [--db PATH] [--theme NAME|PATH] [--mouse] [--read-only]
        opens the console. Keys are commands until an input opens (the footer names the mode:
        NORMAL, SEARCH, FILTER, COMMAND, HELP, NOTE, PICK, CONFIRM); the input owns every printable
        key until Enter or Esc, and Esc always returns to NORMAL. On the Customers view a letter or
        digit starts the search. 1-6, F1-F6 or Tab switch views, Enter drills in, Esc goes back (one
        back stack across views), / filters, : runs a command (:customer QUERY, :order ID, :sku CODE,
        :ticket ID, :store NAME, :merges, :audit, :theme NAME, :q; Tab completes), < > sort, y copies,
        { } jump between panels, ? lists every key, q quits. Every write asks for Enter first.
        Keys can be remapped in $XDG_CONFIG_HOME/omni/keys.conf (`action-id = key [key...]`).
    """

    /// Parses the options, opens the store (before touching the terminal: a bad store prints
    /// one line and exits 3), then runs the loop. Returns only on errors before the loop starts.
    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            Output.line(spec.help.replacingOccurrences(of: "omni  ", with: "omni "))
            return ExitCode.ok.rawValue
        }
        let parsed: ParsedArguments
        do {
            parsed = try ArgumentParser.parse(arguments, spec: spec)
        } catch let error as UsageError {
            Output.error(error.description.replacingOccurrences(of: "`omni `", with: "`omni`"))
            return ExitCode.usage.rawValue
        } catch {
            Output.error("\(error)")
            return ExitCode.usage.rawValue
        }
        let path = Environment.storePath(parsed)
        var readOnly = parsed.flag("--read-only")
        let queue: StoreQueue
        do {
            // A store this user cannot write opens as if --read-only (writes gated, no clock).
            readOnly = try Store.open(path: path, readOnly: readOnly).isReadOnly || readOnly
            var options = Database.Options()
            options.readOnly = readOnly
            queue = try StoreQueue(path: path, options: options)
        } catch let error as StoreError {
            Output.error(error.description)
            return ExitCode.store.rawValue
        } catch let error as DatabaseError {
            Output.error("store error: \(error.description)")
            return ExitCode.store.rawValue
        } catch {
            Output.error("\(error)")
            return ExitCode.store.rawValue
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            Output.error("the console needs a terminal; for scripts use a command (see `omni --help`)")
            return ExitCode.usage.rawValue
        }
        let env = Environment.variables
        let (theme, themeWarning) = ThemeLoader.resolveStartupTheme(requested: parsed.value("--theme"), environment: env)
        var registry = ActionRegistry.standard
        var warnings: [String] = themeWarning.map { [$0] } ?? []
        if let keysPath = KeyMapFile.defaultPath(environment: env) {
            let (remapped, errors) = KeyMapFile.load(path: keysPath, into: registry)
            registry = remapped
            warnings += errors
        }
        let options = ConsoleLoop.Options(storePath: path, readOnly: readOnly, mouse: parsed.flag("--mouse"),
                                          color: (env["NO_COLOR"] ?? "").isEmpty, operatorLogin: Environment.operatorLogin,
                                          pinnedNow: env["OMNI_NOW"].flatMap { Int64($0) })
        MainActor.assumeIsolated {
            let loop = ConsoleLoop(options: options, queue: queue, theme: theme, registry: registry,
                                   themeNames: ThemeLoader(environment: env).list().map(\.name))
            loop.run(warnings: warnings)
        }
        return ExitCode.ok.rawValue
    }
}
