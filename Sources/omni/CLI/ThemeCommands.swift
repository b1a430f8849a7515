import Foundation
import OmniUI

enum ThemeCommands {
    static let spec = CommandSpec(
        "themes", "List the themes omni can use, or check a theme file.",
        positionals: "[check FILE]", min: 0, max: 2, options: [CommonOptions.json, CommonOptions.help],
        details: """
        Themes are plain text, one `key = foreground [on background] [bold|underline|reverse|dim]` per line, `#` comments.
        Colours: a name (default, black, red, green, yellow, blue, magenta, cyan, white, bright-red...), 0-255, or #rrggbb.
        A theme may be partial: it is laid over `default`. User themes live in $XDG_CONFIG_HOME/omni/themes.
        """)

    static func run(_ args: ParsedArguments) throws -> ExitCode {
        let loader = ThemeLoader()
        switch args.positionals.first {
        case nil:
            let entries = loader.list()
            if args.flag("--json") {
                try Output.json(entries.map { ["name": $0.name, "source": $0.source] })
                return .ok
            }
            var table = TextTable([.init("theme"), .init("from")])
            table.maxColumnWidth = 100
            for e in entries { table.add([e.name, e.source]) }
            Output.line(table.render())
            Output.line("\nsearched: " + loader.searchDirectories.map(\.path).joined(separator: ", "))
            return .ok
        case "check":
            guard args.positionals.count == 2 else {
                throw UsageError(message: "`omni themes check` needs a FILE", usage: spec.usage)
            }
            let path = args.positionals[1]
            do {
                let theme = try ThemeLoader.loadFile(path: path, name: (path as NSString).lastPathComponent)
                if args.flag("--json") { try Output.json(["file": path, "ok": "true", "roles": String(theme.specs.count)]) }
                else { Output.line("\(path): ok (\(theme.specs.count) styles, partial themes laid over default)") }
                return .ok
            } catch {
                throw CommandFailure(code: .invalidInput, message: "\(error)")
            }
        case let other?:
            throw UsageError(message: "unknown themes action \"\(other)\" (use `omni themes` or `omni themes check FILE`)", usage: spec.usage)
        }
    }
}
