import Foundation

/// Opening an omni store: the file's location, its checks, its schema.
public enum Store {
    /// `--db PATH`, else `$OMNI_DB`, else `$XDG_DATA_HOME/omni/omni.db` (~/.local/share/omni/omni.db).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let db = environment["OMNI_DB"], !db.isEmpty { return db }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            dataHome = xdg
        } else {
            dataHome = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return dataHome + "/omni/omni.db"
    }

    /// Opens an existing store for use. Missing, foreign, corrupt or newer stores throw `StoreError`
    /// and the file is left as it was. An older schema is upgraded here, in one transaction, when
    /// the store is opened for writing; a read-only open never writes, so it refuses one. The
    /// same holds for a version-2 store made during development, before kpi_ticket_due joined
    /// version 2 (`Migrator.complete`).
    public static func open(path: String, readOnly: Bool = false) throws -> Database {
        var options = Database.Options()
        options.readOnly = readOnly
        let db = try Database(path: path, options: options)
        // A file or folder this process cannot write is read without writing (Database opened
        // it read-only): no upgrade, no completion, and writes fail with SQLite's read-only error.
        let readOnly = readOnly || db.isReadOnly
        switch try Migrator.status(of: db) {
        case .current:
            // A store that reached version 2 during development may lack its newest objects:
            // a writable open adds them (one transaction), a read-only one says how to.
            if !readOnly {
                try Migrator.complete(db)
            } else if case let missing = try Migrator.missingObjects(db), !missing.isEmpty {
                throw StoreError.invalid("""
                    \(path) lacks \(missing.joined(separator: ", ")), which schema version 2 gained late; this omni adds them \
                    when it opens the store for writing, and a read-only open does not (file left untouched): open it once \
                    without --read-only (`omni init --db \(path)` adds them and changes nothing else)
                    """)
            }
            return db
        case .empty: throw StoreError.notAnOmniStore(path: path)
        case .needsUpgrade(let from):
            if readOnly {
                throw StoreError.invalid("""
                    \(path) has schema version \(from); this omni upgrades it to \(Migrator.currentVersion) when it opens it for \
                    writing, and a read-only open does not (file left untouched): open it once without --read-only \
                    (`omni init --db \(path)` upgrades it and changes nothing else)
                    """)
            }
            try Migrator.migrate(db)
            return db
        }
    }

    /// Opens the store, creating the file (and its folder) and the schema when needed.
    public static func create(path: String, withTriggers: Bool = true) throws -> Database {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError.cannotOpen(path: path, detail: "cannot create folder \(folder): \(error.localizedDescription)")
            }
        }
        var options = Database.Options()
        options.create = true
        let db = try Database(path: path, options: options)
        try Migrator.migrate(db, withTriggers: withTriggers)
        return db
    }
}
