import Foundation

/// Creates and upgrades the schema. `PRAGMA user_version` holds the schema version and
/// `PRAGMA application_id` marks the file as an omni store.
public enum Migrator {
    /// 'OMNI' in ASCII.
    public static let applicationID = 0x4F4D_4E49
    /// 1: the first schema. 2: kpi_buyers_day and the customer triggers that keep it, and
    /// kpi_ticket_due and the ticket triggers that keep it. 6: search indexes (phone and card
    /// endings; names with pinyin). 3 to 5 are other branches' steps.
    public static let currentVersion = 6

    /// Checks the file is an omni store this build can read. An empty database is "new".
    public enum Status: Equatable, Sendable { case empty, current, needsUpgrade(from: Int) }

    public static func status(of db: Database) throws -> Status {
        let version = try db.scalarInt("PRAGMA user_version")
        let appID = try db.scalarInt("PRAGMA application_id")
        let tables = try db.scalarInt("SELECT count(*) FROM sqlite_master")
        if version == 0 && appID == 0 && tables == 0 { return .empty }
        guard appID == applicationID else { throw StoreError.notAnOmniStore(path: db.path) }
        if version > currentVersion {
            throw StoreError.newerSchema(path: db.path, found: version, supported: currentVersion)
        }
        return version == currentVersion ? .current : .needsUpgrade(from: version)
    }

    /// Brings the store to the current version in one transaction.
    public static func migrate(_ db: Database, withTriggers: Bool = true) throws {
        switch try status(of: db) {
        case .current:
            try complete(db)
        case .empty:
            try db.transaction {
                try db.execute(SchemaTables.tables)
                try db.execute(SchemaTables.indexes)
                if withTriggers { try db.execute(SchemaTriggers.all) }
                try ReferenceData.install(db)
                try db.execute("PRAGMA application_id = \(applicationID)")
                try db.execute("PRAGMA user_version = \(currentVersion)")
            }
        case .needsUpgrade:
            try db.transaction {
                // Read again under the write lock: another process may have upgraded it meanwhile.
                let from = try db.scalarInt("PRAGMA user_version")
                guard from < currentVersion else { return }
                for version in (from + 1)...currentVersion { try upgrade(db, to: version) }
                try db.execute("PRAGMA user_version = \(currentVersion)")
            }
        }
    }

    /// One step, from `version - 1` to `version`, inside the upgrade's transaction.
    static func upgrade(_ db: Database, to version: Int) throws {
        switch version {
        case 2:
            // The customer rollup triggers are replaced as a group (their insert and delete
            // bodies gained the buyers rollup), then the new table is counted from customers.
            try db.execute(SchemaTables.buyersDay)
            for name in Schema.names(in: SchemaTriggers.customerRollups, after: "CREATE TRIGGER ") {
                try db.execute("DROP TRIGGER IF EXISTS \(name)")
            }
            try db.execute(SchemaTriggers.customerRollups)
            try db.execute(Rollups.buyersSQL)
            try addTicketDue(db)
        case 3, 4, 5:
            // Numbers reserved for steps being written on other branches; merged, they replace this.
            break
        case 6:
            try SearchIndexUpgrade.apply(db)
        default:
            throw StoreError.invalid("\(db.path) has schema version \(version - 1), which this omni cannot upgrade")
        }
    }

    /// What a version-2 store may lack: kpi_ticket_due and its triggers joined version 2 before
    /// it was released, after some development stores had reached it. Empty when complete.
    public static func missingObjects(_ db: Database) throws -> [String] {
        let names = ["kpi_ticket_due"] + Schema.names(in: SchemaTriggers.ticketDueRollups, after: "CREATE TRIGGER ")
        let present = Set(try db.fetchAll("""
            SELECT name FROM sqlite_master WHERE (type = 'table' AND name = 'kpi_ticket_due')
                OR (type = 'trigger' AND tbl_name = 'tickets' AND name LIKE 'rollup_tickets_due_%')
            """).map { $0.string(0) })
        return names.filter { !present.contains($0) }
    }

    /// Adds what a development version-2 store lacks, in one transaction; nothing when complete
    /// (one read of the schema, which SQLite holds in memory: cheap enough for every open).
    public static func complete(_ db: Database) throws {
        guard try !missingObjects(db).isEmpty else { return }
        try db.transaction {
            // Read again under the write lock: another process may have completed it meanwhile.
            if try !missingObjects(db).isEmpty { try addTicketDue(db) }
        }
    }

    /// kpi_ticket_due, its triggers and its count from the tickets. Safe to run on a store that
    /// has some of them already (the v1 upgrade, or completing a development v2 store).
    static func addTicketDue(_ db: Database) throws {
        if try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'kpi_ticket_due'") == 0 {
            try db.execute(SchemaTables.ticketDue)
        }
        for name in Schema.names(in: SchemaTriggers.ticketDueRollups, after: "CREATE TRIGGER ") {
            try db.execute("DROP TRIGGER IF EXISTS \(name)")
        }
        try db.execute(SchemaTriggers.ticketDueRollups)
        try db.execute(Rollups.ticketDueSQL)
    }

    /// Puts the triggers back after a bulk load and recomputes what they would have kept.
    public static func restoreTriggers(_ db: Database) throws {
        try SchemaTriggers.dropAll(in: db)
        try db.execute(SchemaTriggers.all)
    }

    public static func dropTriggers(_ db: Database) throws {
        try SchemaTriggers.dropAll(in: db)
    }
}
