/// A small, strict argument parser: every subcommand declares its options, and anything
/// else is a usage error (exit 2) that names the argument.
struct OptionSpec {
    let name: String          // "--channel"
    let value: String?        // "CODE", or nil for a flag
    let help: String
}

struct CommandSpec {
    let name: String
    let summary: String
    /// Positional arguments in the usage line, e.g. "QUERY" or "[SKU]".
    let positionals: String
    let minPositionals: Int
    let maxPositionals: Int
    let options: [OptionSpec]
    let details: String

    init(_ name: String, _ summary: String, positionals: String = "", min: Int = 0, max: Int = 0,
         options: [OptionSpec] = [], details: String = "") {
        self.name = name; self.summary = summary; self.positionals = positionals
        self.minPositionals = min; self.maxPositionals = max; self.options = options; self.details = details
    }

    var usage: String {
        let opts = options.map { $0.value == nil ? "[\($0.name)]" : "[\($0.name) \($0.value!)]" }.joined(separator: " ")
        return "omni \(name)\(positionals.isEmpty ? "" : " " + positionals)\(opts.isEmpty ? "" : " " + opts)"
    }

    var help: String {
        var text = "\(summary)\n\nUsage: \(usage)\n"
        if !options.isEmpty {
            text += "\nOptions:\n"
            let width = options.map { $0.name.count + ($0.value.map { $0.count + 1 } ?? 0) }.max() ?? 0
            for o in options {
                let left = o.name + (o.value.map { " " + $0 } ?? "")
                text += "  " + left + String(repeating: " ", count: width - left.count + 2) + o.help + "\n"
            }
        }
        if !details.isEmpty { text += "\n" + details + "\n" }
        return text
    }
}

struct UsageError: Error, CustomStringConvertible {
    let message: String
    let usage: String
    var description: String { "\(message)\nUsage: \(usage)\nRun with --help for details." }
}

struct ParsedArguments {
    var positionals: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    func value(_ name: String) -> String? { values[name] }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    func int(_ name: String, default fallback: Int, range: ClosedRange<Int>, spec: CommandSpec) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let n = Int(text), range.contains(n) else {
            throw UsageError(message: "\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"",
                             usage: spec.usage)
        }
        return n
    }

    func oneOf(_ name: String, _ allowed: [String], spec: CommandSpec) throws -> String? {
        guard let text = values[name] else { return nil }
        guard allowed.contains(text) else {
            throw UsageError(message: "\(name) must be one of \(allowed.joined(separator: ", ")), not \"\(text)\"", usage: spec.usage)
        }
        return text
    }
}

enum ArgumentParser {
    static func parse(_ arguments: [String], spec: CommandSpec) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if onlyPositionals || !arg.hasPrefix("-") || arg == "-" || isNegativeNumber(arg) {
                parsed.positionals.append(arg)
                continue
            }
            if arg == "--" { onlyPositionals = true; continue }
            var name = arg
            var inlineValue: String?
            if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                name = String(arg[..<eq])
                inlineValue = String(arg[arg.index(after: eq)...])
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                var message = "unknown option \(name) for `omni \(spec.name)`"
                if let guess = closest(name, among: spec.options.map(\.name)) { message += " (did you mean \(guess)?)" }
                throw UsageError(message: message, usage: spec.usage)
            }
            if let valueName = option.value {
                let value: String
                if let inlineValue { value = inlineValue }
                else if i < arguments.count { value = arguments[i]; i += 1 }
                else { throw UsageError(message: "\(name) needs a value (\(valueName))", usage: spec.usage) }
                parsed.values[name] = value
            } else {
                if inlineValue != nil { throw UsageError(message: "\(name) takes no value", usage: spec.usage) }
                parsed.flags.insert(name)
            }
        }
        if parsed.positionals.count < spec.minPositionals {
            throw UsageError(message: "`omni \(spec.name)` needs \(spec.positionals)", usage: spec.usage)
        }
        if parsed.positionals.count > spec.maxPositionals {
            let extra = parsed.positionals[spec.maxPositionals]
            throw UsageError(message: "unexpected argument \"\(extra)\" for `omni \(spec.name)`", usage: spec.usage)
        }
        return parsed
    }

    static func isNegativeNumber(_ s: String) -> Bool {
        s.count > 1 && s.hasPrefix("-") && s.dropFirst().allSatisfy(\.isNumber)
    }

    /// The nearest known name by edit distance, when it is close enough to be a typo.
    static func closest(_ word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 }
        guard let best = scored, best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
