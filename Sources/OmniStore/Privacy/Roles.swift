import Foundation

/// What an operator may do, by role. The login -> role map and the role -> rights table live in
/// the store (operator_roles, role_rights); a login not listed has the role in the setting
/// `roles.default` ('agent' in a new store).
public enum Role: String, CaseIterable, Sendable, Codable {
    case agent, associate, merchandiser, supervisor
    case privacyOfficer = "privacy_officer"

    /// The rights a new store gives each role (role_rights may be edited afterwards).
    public var defaultRights: [Right] {
        switch self {
        case .agent: return [.reveal, .ticketWrite, .merge]
        case .associate: return [.reveal, .ticketWrite]
        case .merchandiser: return []
        case .supervisor: return [.reveal, .ticketWrite, .merge, .export, .audit, .roles]
        case .privacyOfficer: return [.reveal, .export, .erase, .audit]
        }
    }

    public var title: String { self == .privacyOfficer ? "privacy officer" : rawValue }
}

/// An action guarded by role.
public enum Right: String, CaseIterable, Sendable, Codable {
    /// Show personal data unmasked.
    case reveal
    /// Reply to, assign or change tickets.
    case ticketWrite = "ticket_write"
    /// Undo merges; confirm or reject suggested merges.
    case merge
    /// Export everything held about a person (a privacy request).
    case export
    /// Erase a person's personal data (a privacy request).
    case erase
    /// Read the audit log.
    case audit
    /// Give operators roles.
    case roles

    public var summary: String {
        switch self {
        case .reveal: return "reveal personal data"
        case .ticketWrite: return "change tickets"
        case .merge: return "undo merges, confirm or reject suggestions"
        case .export: return "export a person's data"
        case .erase: return "erase a person's data"
        case .audit: return "read the audit log"
        case .roles: return "give operators roles"
        }
    }
}

/// A refused action: who, with which role, and which roles would do.
public struct RoleRefusal: Error, CustomStringConvertible, Sendable, Equatable {
    public var login: String
    public var role: String
    public var right: Right
    public var allowed: [String]

    public var description: String {
        let need = allowed.isEmpty ? "no role has it" : "needs role " + allowed.joined(separator: " or ")
        return "\(login) (role \(role)) may not \(right.summary): \(need)" + (right == .audit ? "" : "; nothing was written")
    }
}

public enum Roles {
    /// The role of `login`: its operator_roles row, else its staff role in `operators` (store
    /// staff are associates, admins supervisors), else the `roles.default` setting.
    public static func role(_ db: Database, login: String) throws -> String {
        if let row = try db.fetchOne("SELECT role FROM operator_roles WHERE login = ?", [login]) { return row.string(0) }
        if let row = try db.fetchOne("SELECT role FROM operators WHERE login = ?", [login]) {
            switch row.string(0) {
            case "store": return Role.associate.rawValue
            case "admin": return Role.supervisor.rawValue
            case let staff: if Role(rawValue: staff) != nil { return staff }
            }
        }
        return try db.fetchOne("SELECT value FROM settings WHERE key = 'roles.default'")?.string(0) ?? Role.agent.rawValue
    }

    public static func may(_ db: Database, login: String, _ right: Right) throws -> Bool {
        let role = try role(db, login: login)
        return try db.scalarInt("SELECT count(*) FROM role_rights WHERE role = ? AND right_name = ?", [role, right.rawValue]) > 0
    }

    /// Throws `RoleRefusal` unless `login`'s role has `right`. Reads only.
    public static func require(_ db: Database, login: String, _ right: Right) throws {
        let role = try role(db, login: login)
        guard try db.scalarInt("SELECT count(*) FROM role_rights WHERE role = ? AND right_name = ?", [role, right.rawValue]) == 0 else { return }
        let allowed = try db.fetchAll("SELECT role FROM role_rights WHERE right_name = ? ORDER BY role", [right.rawValue]).map { $0.string(0) }
        throw RoleRefusal(login: login, role: role, right: right, allowed: allowed)
    }

    /// The rights table, role by role, for `omni roles` and the help.
    public static func matrix(_ db: Database) throws -> [(role: String, rights: [String])] {
        var byRole: [String: [String]] = [:]
        for row in try db.fetchAll("SELECT role, right_name FROM role_rights ORDER BY role, right_name") {
            byRole[row.string(0), default: []].append(row.string(1))
        }
        return Role.allCases.map { ($0.rawValue, byRole[$0.rawValue] ?? []) }
    }

    public struct Assignment: Sendable, Codable, Equatable {
        public var login: String
        public var role: String
        public var grantedAt: Int64
        public var grantedBy: String
    }

    public static func assignments(_ db: Database) throws -> [Assignment] {
        try db.fetchAll("SELECT login, role, granted_at, granted_by FROM operator_roles ORDER BY login").map {
            Assignment(login: $0.string(0), role: $0.string(1), grantedAt: $0.int64(2), grantedBy: $0.string(3))
        }
    }

    /// Gives `login` a role: one transaction, one audit row. Needs the 'roles' right, except
    /// while no login holds the supervisor role (the first assignment of a new store).
    public static func assign(_ db: Database, login: String, role: Role, by operatorLogin: String, at: Int64) throws {
        try db.transaction {
            let supervisors = try db.scalarInt("SELECT count(*) FROM operator_roles WHERE role = 'supervisor'")
            if supervisors > 0 { try require(db, login: operatorLogin, .roles) }
            let before = try self.role(db, login: login)
            try db.execute("""
                INSERT INTO operator_roles(login, role, granted_at, granted_by) VALUES (?, ?, ?, ?)
                ON CONFLICT(login) DO UPDATE SET role = excluded.role, granted_at = excluded.granted_at, granted_by = excluded.granted_by
                """, [login, role.rawValue, at, operatorLogin])
            try Audit.record(db, operator: operatorLogin, action: "role_assign", entity: "operator", id: nil,
                             detail: "\(login): role \(before) -> \(role.rawValue)", at: at)
        }
    }
}
