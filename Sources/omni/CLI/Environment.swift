import Foundation
import OmniStore

/// What commands read from the environment, in one place.
enum Environment {
    static var variables: [String: String] { ProcessInfo.processInfo.environment }

    /// The wall clock, or `OMNI_NOW` (unix seconds) so scripts and tests can pin "now".
    static func now() -> Int64 {
        if let pinned = variables["OMNI_NOW"], let value = Int64(pinned) { return value }
        return Int64(Date().timeIntervalSince1970)
    }

    /// Who is at the keyboard, for the audit trail: `OMNI_OPERATOR`, else the OS login.
    static var operatorLogin: String {
        if let op = variables["OMNI_OPERATOR"], !op.isEmpty { return op }
        if let user = variables["USER"], !user.isEmpty { return user }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }

    static func storePath(_ arguments: ParsedArguments) -> String {
        arguments.value("--db") ?? Store.defaultPath(environment: variables)
    }
}
