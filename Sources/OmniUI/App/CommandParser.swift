/// A parsed `:` command.
public enum ParsedCommand: Sendable, Equatable {
    case quit
    case help
    case theme(String)
    case route(Route)
}

/// Parsing and Tab completion of the `:` command line, from the registry's command list.
public enum CommandParser {
    public static func parse(_ text: String, registry: ActionRegistry) -> Result<ParsedCommand, CommandError> {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix(":") { body = body.dropFirst() }
        let name = String(body.prefix { $0 != " " }).lowercased()
        let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        func need(_ what: String) -> Result<ParsedCommand, CommandError> {
            .failure(CommandError("usage: :\(name) \(what)"))
        }
        switch name {
        case "q", "quit", "exit": return .success(.quit)
        case "help", "h": return .success(.help)
        case "theme":
            return argument.isEmpty ? need("NAME") : .success(.theme(argument))
        case "customer", "c", "cust":
            return argument.isEmpty ? need("QUERY") : .success(.route(.customerSearch(argument)))
        case "order", "o", "orders":
            guard !argument.isEmpty else { return name == "orders" ? .success(.route(.orders(text: ""))) : need("ID") }
            let digits = argument.hasPrefix("#") ? String(argument.dropFirst()) : argument
            if let id = Int64(digits), digits.allSatisfy(\.isNumber) { return .success(.route(.order(id: id))) }
            return .success(.route(.orders(text: argument)))
        case "sku", "s", "stock":
            return argument.isEmpty ? need("CODE") : .success(.route(.sku(code: argument)))
        case "ticket", "t":
            let digits = argument.hasPrefix("#") ? String(argument.dropFirst()) : argument
            guard let id = Int64(digits) else { return need("ID") }
            return .success(.route(.ticket(id: id)))
        case "kpi", "kpis":
            return .success(.route(.kpis))
        case "merges", "merge":
            return .success(.route(.mergeReview))
        case "audit":
            return .success(.route(.audit))
        case "store", "stores":
            return argument.isEmpty ? need("NAME") : .success(.route(.store(query: argument)))
        default:
            var message = "unknown command :\(SafeText.sanitize(name))"
            if let guess = KeyMapFile.closest(name, among: registry.commands.map(\.name)) { message += " (did you mean :\(guess)?)" }
            return .failure(CommandError(message + "; ? lists them"))
        }
    }

    /// The command every alias means, for argument completion (`:t 12` completes as `:ticket`).
    static func canonical(_ name: String) -> String {
        switch name {
        case "c", "cust": return "customer"
        case "o", "orders": return "order"
        case "s", "stock": return "sku"
        case "t": return "ticket"
        case "stores": return "store"
        default: return name
        }
    }

    /// Completes the command name, or its argument from `arguments` (command name → candidates:
    /// theme names, store codes, ticket ids, SKU codes). Returns the new text and, when several
    /// candidates remain, the candidates (at most 50 are listed).
    public static func complete(_ text: String, registry: ActionRegistry, themes: [String],
                                arguments: [String: [String]] = [:]) -> (String, [String]) {
        if let space = text.firstIndex(of: " ") {
            let typed = String(text[..<space])
            let name = canonical(typed.lowercased())
            let arg = text[text.index(after: space)...].trimmingCharacters(in: .whitespaces)
            var candidates = arguments[name] ?? []
            if name == "theme" { candidates = themes }
            guard !candidates.isEmpty else { return (text, []) }
            let matches = Array(Set(candidates.filter { $0.lowercased().hasPrefix(arg.lowercased()) })).sorted()
            if matches.count == 1 { return (typed + " " + matches[0], []) }
            return (typed + " " + commonPrefix(matches, fallback: arg), Array(matches.prefix(50)))
        }
        let names = registry.commands.map(\.name)
        let matches = names.filter { $0.hasPrefix(text.lowercased()) }
        if matches.count == 1 {
            let spec = registry.commands.first { $0.name == matches[0] }
            return (matches[0] + (spec?.argument == nil ? "" : " "), [])
        }
        return (commonPrefix(matches, fallback: text), matches)
    }

    static func commonPrefix(_ words: [String], fallback: String) -> String {
        guard var prefix = words.first else { return fallback }
        for w in words.dropFirst() {
            while !w.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix.count >= fallback.count ? prefix : fallback
    }
}

public struct CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
