import Foundation
import OmniStore
import OmniUI

/// `omni keys`: every key binding of the console (the same registry the help overlay reads),
/// and `omni keys check FILE` to validate a keys.conf before starting the console.
enum KeysCommand {
    static let spec = CommandSpec(
        "keys", "List every key of the console, or check a key map file.",
        positionals: "[check FILE]", min: 0, max: 2, options: [CommonOptions.json, CommonOptions.help],
        details: """
        Key maps live in $XDG_CONFIG_HOME/omni/keys.conf: one `action-id = key [key...]` per line, `#` comments.
        Keys are spelled like `j`, `G`, `ctrl-w`, `alt-2`, `pgdn`, `f5`, `enter`, `esc`, `space`.
        """)

    static func run(_ args: ParsedArguments) throws -> ExitCode {
        switch args.positionals.first {
        case nil:
            let specs = ActionRegistry.standard.specs
            if args.flag("--json") {
                try Output.json(specs.map { ["id": $0.id.rawValue, "keys": $0.keyText, "name": $0.name, "description": $0.description,
                                             "where": $0.scope.label, "writes": $0.writes ? "yes" : "no"] })
                return .ok
            }
            var table = TextTable([.init("keys"), .init("action"), .init("what it does"), .init("where"), .init("writes")])
            table.maxColumnWidth = 60
            for s in specs { table.add([s.keyText, s.id.rawValue, s.description, s.scope.label, s.writes ? "writes" : ""]) }
            Output.line(table.render())
            Output.line()
            Output.line("Commands (type : in the console):")
            for c in ActionRegistry.standard.commands { Output.line("  \(c.usage.padding(toLength: 22, withPad: " ", startingAt: 0)) \(c.description)") }
            Output.line()
            Output.line("Roles (what a new store allows; `omni roles` shows the store's own table and who has which role):")
            Output.line(AuditCommands.rightsTable(Role.allCases.map { ($0.rawValue, $0.defaultRights.map(\.rawValue)) }))
            return .ok
        case "check":
            guard args.positionals.count == 2 else { throw UsageError(message: "`omni keys check` needs a FILE", usage: spec.usage) }
            let path = args.positionals[1]
            guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure.notFound("no key map at \(path)") }
            let (_, errors) = KeyMapFile.load(path: path, into: .standard)
            guard errors.isEmpty else {
                throw CommandFailure(code: .invalidInput, message: errors.joined(separator: "\n"))
            }
            Output.line("\(path): ok")
            return .ok
        case let other?:
            throw UsageError(message: "unknown keys action \"\(other)\" (use `omni keys` or `omni keys check FILE`)", usage: spec.usage)
        }
    }
}
