import Foundation

/// Builds a deterministic demo store that looks like a real omnichannel retailer: customers
/// known across channels (with the reasons for every join), orders in every channel and
/// fulfilment type, stock with its ledger, tickets on SLA clocks, journeys with experience
/// breaks, appointments with carts, B2B accounts. Same options, same rows.
///
/// A bulk load: triggers and secondary indexes are dropped, rows go in through reused
/// prepared statements in one transaction with the journal off and CHECKs skipped; the
/// rollups and customer order figures (what `Rollups.rebuild` computes) are accumulated while
/// generating and written at the end, then indexes, counters and the name index are rebuilt
/// and the triggers, foreign keys, WAL and NORMAL sync come back. Run with OMNI_SEED_PROFILE
/// set to print time per table and per index to stderr.
public enum Seeder {
    public static func seed(path: String, options: SeedOptions, progress: (@Sendable (SeedProgress) -> Void)?) throws -> SeedSummary {
        let started = Date()
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            let size = (try? fm.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            if size > 0 {
                throw StoreError.invalid("\(path) already exists and is not empty: seed writes a new store only (choose another path or remove the file)")
            }
        }
        do {
            return try run(path: path, options: options, progress: progress, started: started)
        } catch {
            // The file was new or empty: leave nothing half-written behind.
            for suffix in ["", "-wal", "-shm", "-journal"] { try? fm.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    private static func run(path: String, options: SeedOptions, progress: (@Sendable (SeedProgress) -> Void)?, started: Date) throws -> SeedSummary {
        let db = try Store.create(path: path, withTriggers: false)
        var phases: [SeedSummary.Phase] = []
        var mark = Date()
        func phase(_ name: String) {
            let t = Date()
            phases.append(SeedSummary.Phase(name: name, seconds: t.timeIntervalSince(mark)))
            mark = t
        }
        progress?(SeedProgress(phase: "prepare", done: 0, total: 1))
        try db.execute("PRAGMA journal_mode = OFF")
        try db.execute("PRAGMA synchronous = OFF")
        try db.execute("PRAGMA foreign_keys = OFF")
        // CHECK constraints with IN lists build an ephemeral table on every row (SQLite 3.40):
        // the generator writes only valid values, so they are skipped for the load and
        // `PRAGMA integrity_check` (which evaluates them) proves it in the tests.
        try db.execute("PRAGMA ignore_check_constraints = ON")
        // A modest cache loads appends faster than a big one (measured); indexes get more below.
        let loadCache = 65_536
        try db.execute("PRAGMA cache_size = -\(loadCache)")
        try Migrator.dropTriggers(db)
        // Secondary indexes go and come back after the load (a sort per index beats millions of
        // random inserts into each). UNIQUE constraints stay: they are the schema's promises.
        // (Measured: keeping even the append-ordered ones during the load costs more than
        // sorting them afterwards.)
        let indexes = try db.fetchAll("""
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY rowid
            """).map { ($0.string(0), $0.string(1)) }
        for (name, _) in indexes { try db.execute("DROP INDEX \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"") }

        var counts: [String: Int] = [:]
        try db.transaction {
            let generator = try SeedGenerator(db: db, options: options, progress: progress)
            progress?(SeedProgress(phase: "catalogue", done: 0, total: 1))
            try generator.seedReference()
            try generator.seedCatalogue()
            try generator.seedStock()
            phase("catalogue and stock")
            // Identity values are random-looking, so UNIQUE(kind, value) grows everywhere at
            // once: give it a cache that holds it while customers load.
            try db.execute("PRAGMA cache_size = -393216")
            try generator.seedCustomers()
            try db.execute("PRAGMA cache_size = -\(loadCache)")
            phase("customers")
            try generator.seedOrders()
            phase("orders, tickets, touchpoints")
            try generator.seedAppointments()
            try generator.seedB2B()
            phase("appointments and B2B")
            for inserter in generator.inserters { counts[inserter.table, default: 0] += inserter.rows }
            if ProcessInfo.processInfo.environment["OMNI_SEED_PROFILE"] != nil {
                for i in generator.inserters { FileHandle.standardError.write("\(i.table) \(i.rows) rows \(i.nanos / 1_000_000) ms\n".data(using: .utf8)!) }
            }
            for table in ["locations", "teams", "operators", "products", "skus", "channel_skus", "channel_buffers"] {
                counts[table] = try db.scalarInt("SELECT count(*) FROM \(table)")
            }
            try db.execute("PRAGMA ignore_check_constraints = OFF")
            progress?(SeedProgress(phase: "rollups", done: 0, total: 1))
            // What `Rollups.rebuild(db)` computes, accumulated during generation (same result,
            // checked by `Rollups.verify` in the tests; minutes faster on the large store).
            try generator.rollups.write(db)
            phase("rollups")
            try db.execute("PRAGMA cache_size = -524288")
            try db.execute("PRAGMA threads = 2")   // the index sorter may use a helper thread
            progress?(SeedProgress(phase: "indexes", done: 0, total: indexes.count))
            let profile = ProcessInfo.processInfo.environment["OMNI_SEED_PROFILE"] != nil
            for (i, index) in indexes.enumerated() {
                let t0 = Date()
                try db.execute(index.1)
                if profile { FileHandle.standardError.write("index \(index.0) \(Int(Date().timeIntervalSince(t0) * 1000)) ms\n".data(using: .utf8)!) }
                progress?(SeedProgress(phase: "indexes", done: i + 1, total: indexes.count))
            }
            try db.execute("PRAGMA threads = 0")
            try db.execute(Rollups.countersSQL)
            // Open tickets by due day: a scan of tickets_queue, which indexes only open tickets.
            try db.execute(Rollups.ticketDueSQL)
            phase("indexes and counters")
            progress?(SeedProgress(phase: "lifecycle", done: 0, total: 1))
            _ = try Lifecycle.refreshAll(db, now: options.now)
            try db.execute(LifecycleSQL.rebuildCounters)
            phase("lifecycle stages")
            progress?(SeedProgress(phase: "search", done: 0, total: 1))
            try db.execute("INSERT INTO customer_names(customer_names) VALUES ('rebuild')")
            try Migrator.restoreTriggers(db)
            phase("name index and triggers")
        }
        progress?(SeedProgress(phase: "finish", done: 0, total: 1))
        try db.execute("PRAGMA analysis_limit = 400")
        try db.execute("ANALYZE")
        try db.execute("PRAGMA foreign_keys = ON")
        try db.execute("PRAGMA cache_size = -\(Database.Options().cacheKiB)")
        try db.execute("PRAGMA synchronous = NORMAL")
        try db.execute("PRAGMA journal_mode = WAL")
        phase("analyze and restore")
        progress?(SeedProgress(phase: "done", done: 1, total: 1))
        return SeedSummary(rowCounts: counts.filter { $0.value > 0 }, phases: phases,
                           elapsedSeconds: Date().timeIntervalSince(started))
    }
}
