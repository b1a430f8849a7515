import Foundation
import OmniStore
import OmniUI

/// `omni audit`: who did or saw what, newest first; `omni roles`: who may do what.
enum AuditCommands {
    static let spec = CommandSpec(
        "audit", "Who did or saw what: reveals, exports, erasures, merges and undos, ticket changes, visit preparations.",
        options: [CommonOptions.db,
                  OptionSpec(name: "--customer", value: "ID", help: "only entries about this customer"),
                  OptionSpec(name: "--operator", value: "LOGIN", help: "only entries by this operator"),
                  OptionSpec(name: "--action", value: "A", help: "only this action (reveal_pii, privacy_export, merge_undo, ...)"),
                  OptionSpec(name: "--since", value: "DATE", help: "only from this time on (2026-05-01, ISO 8601 or unix seconds)"),
                  OptionSpec(name: "--before", value: "ID", help: "the next page: entries older than entry ID"),
                  CommonOptions.limit(50), CommonOptions.json, CommonOptions.help],
        details: """
        Newest first, 50 a page; the last line names the --before ID of the next page. Needs the 'audit' right
        (supervisor, privacy officer). The console shows the same list with :audit (or `a` in the KPI view).
        """)

    static func run(_ args: ParsedArguments) throws -> ExitCode {
        let db = try Store.open(path: Environment.storePath(args))
        var filter = Audit.Filter()
        if let text = args.value("--customer") {
            guard let id = Int64(text.trimmingCharacters(in: ["#"])) else {
                throw UsageError(message: "--customer takes a customer id, not \"\(text)\"", usage: spec.usage)
            }
            filter.customerID = id
        }
        filter.operatorLogin = args.value("--operator")
        filter.action = args.value("--action")
        if let text = args.value("--since") {
            guard let t = Importer.parseTime(text) else {
                throw UsageError(message: "--since takes a date (2026-05-01), an ISO 8601 time or unix seconds, not \"\(text)\"", usage: spec.usage)
            }
            filter.since = t
        }
        var before: Int64?
        if let text = args.value("--before") {
            guard let id = Int64(text) else { throw UsageError(message: "--before takes an entry id, not \"\(text)\"", usage: spec.usage) }
            before = id
        }
        let limit = try args.int("--limit", default: 50, range: 1...10_000, spec: spec)
        do { try Roles.require(db, login: Environment.operatorLogin, .audit) } catch let refusal as RoleRefusal {
            throw CommandFailure(code: .usage, message: refusal.description)
        }
        let rows = try Audit.list(db, filter, limit: limit, before: before)
        if args.flag("--json") { try Output.json(["entries": rows]); return .ok }
        if rows.isEmpty { Output.line("no audit entries match"); return .ok }
        var table = TextTable([.init("id", right: true), .init("when"), .init("operator"), .init("action"), .init("about"), .init("detail")])
        table.maxColumnWidth = 90
        for e in rows {
            table.add([String(e.id), TimeText.dateTime(e.at), e.operatorLogin, e.action,
                       e.entityID.map { "\(e.entity) #\($0)" } ?? e.entity, e.detail])
        }
        Output.line(table.render())
        if rows.count == limit, let last = rows.last { Output.line("more: --before \(last.id)") }
        return .ok
    }

    static let rolesSpec = CommandSpec(
        "roles", "Operators' roles and what each role may do; give a login a role.",
        positionals: "[set LOGIN ROLE]", min: 0, max: 3,
        options: [CommonOptions.db, CommonOptions.json, CommonOptions.help],
        details: """
        Roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")). A login not listed has the role in the
        setting roles.default ('agent' in a new store). The operator is $OMNI_OPERATOR, else the OS login.
        `omni roles set LOGIN ROLE` needs the 'roles' right (supervisor), except while no login is supervisor
        (the first assignment of a store). One audit row per assignment.
        """)

    static func runRoles(_ args: ParsedArguments) throws -> ExitCode {
        let db = try Store.open(path: Environment.storePath(args))
        if let action = args.positionals.first {
            guard action == "set", args.positionals.count == 3 else {
                throw UsageError(message: "`omni roles` takes no argument, or set LOGIN ROLE", usage: rolesSpec.usage)
            }
            guard let role = Role(rawValue: args.positionals[2]) else {
                throw UsageError(message: "unknown role \"\(args.positionals[2])\"; one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))",
                                 usage: rolesSpec.usage)
            }
            do {
                try Roles.assign(db, login: args.positionals[1], role: role, by: Environment.operatorLogin, at: Environment.now())
            } catch let refusal as RoleRefusal {
                throw CommandFailure(code: .usage, message: refusal.description)
            }
            Output.line("\(args.positionals[1]) is now \(role.title)")
            return .ok
        }
        let me = Environment.operatorLogin
        let matrix = try Roles.matrix(db)
        let assignments = try Roles.assignments(db)
        if args.flag("--json") {
            struct Payload: Encodable { var you: String; var yourRole: String; var rights: [String: [String]]; var operators: [Roles.Assignment] }
            try Output.json(Payload(you: me, yourRole: try Roles.role(db, login: me),
                                    rights: Dictionary(uniqueKeysWithValues: matrix.map { ($0.role, $0.rights) }), operators: assignments))
            return .ok
        }
        Output.line("you: \(me), role \(try Roles.role(db, login: me))")
        Output.line()
        Output.line(rightsTable(matrix))
        Output.line()
        if assignments.isEmpty { Output.line("no login has a role yet: everyone is \(try Roles.role(db, login: "\u{0}"))") }
        for a in assignments { Output.line("  \(Output.safe(a.login)): \(a.role) (since \(TimeText.date(a.grantedAt)), by \(Output.safe(a.grantedBy)))") }
        return .ok
    }

    static func rightsTable(_ matrix: [(role: String, rights: [String])]) -> String {
        var table = TextTable([.init("right")] + matrix.map { .init($0.role) })
        for right in Right.allCases {
            table.add(["\(right.rawValue) (\(right.summary))"] + matrix.map { $0.rights.contains(right.rawValue) ? "yes" : "-" })
        }
        table.maxColumnWidth = 50
        return table.render()
    }
}
