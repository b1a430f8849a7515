/// Why a theme could not be used. `description` names the file and line:
/// `themes/x.theme:7: unknown key "tabel_header"`.
public enum ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownKey(file: String, line: Int, key: String, suggestion: String?)
    case unknownColour(file: String, line: Int, name: String)
    case syntax(file: String, line: Int, message: String)
    /// No theme of that name in any search folder.
    case notFound(name: String, available: [String])
    /// The file exists but could not be read (or is not UTF-8).
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownKey(file, line, key, suggestion):
            let hint = suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""
            return "\(file):\(line): unknown key \"\(key)\"" + hint
        case let .unknownColour(file, line, name):
            return "\(file):\(line): unknown colour \"\(name)\""
        case let .syntax(file, line, message):
            return "\(file):\(line): \(message)"
        case let .notFound(name, available):
            return "unknown theme \"\(name)\"; available: " + available.joined(separator: ", ")
        case let .unreadable(path, reason):
            return "\(path): cannot read theme: \(reason)"
        }
    }
}
