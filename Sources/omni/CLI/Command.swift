/// One subcommand: its spec (options, help) and what it runs.
struct Command {
    let spec: CommandSpec
    let run: (ParsedArguments) throws -> ExitCode
}

enum CommonOptions {
    static let db = OptionSpec(name: "--db", value: "PATH", help: "the store (default $OMNI_DB, else ~/.local/share/omni/omni.db)")
    static let json = OptionSpec(name: "--json", value: nil, help: "print JSON (stable snake_case field names; personal data masked as in text) instead of text")
    static let help = OptionSpec(name: "--help", value: nil, help: "show this help")
    static func limit(_ fallback: Int) -> OptionSpec {
        OptionSpec(name: "--limit", value: "N", help: "at most N rows (default \(fallback))")
    }
}
