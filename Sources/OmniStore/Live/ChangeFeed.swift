/// What changed in the store since the last look: the entities (and their ids) that other
/// processes — or the console's own writes — touched, read from `change_log`.
public struct ChangeBatch: Sendable, Equatable {
    /// `customer`, `order`, `stock` (ids are SKU ids), `ticket`, `appointment`.
    public var entities: Set<String>
    public var ids: [String: Set<Int64>]
    /// Rows of change_log read (one per row written by a trigger).
    public var count: Int
    /// Wall time (ms) of the newest change, as the writing process recorded it.
    public var latestAtMs: Int64
    public var lastSeq: Int64

    public init(entities: Set<String> = [], ids: [String: Set<Int64>] = [:], count: Int = 0, latestAtMs: Int64 = 0, lastSeq: Int64 = 0) {
        self.entities = entities; self.ids = ids; self.count = count; self.latestAtMs = latestAtMs; self.lastSeq = lastSeq
    }

    public func touches(_ entity: String) -> Bool { entities.contains(entity) }
}

/// Reads change_log incrementally on one connection. `PRAGMA data_version` tells, without a
/// table read, whether another connection committed since the last call.
public final class ChangeFeed {
    let db: Database
    private(set) public var lastSeq: Int64
    private var lastDataVersion: Int

    /// Starts at the current end of the log: only later changes are reported.
    public init(db: Database) throws {
        self.db = db
        self.lastSeq = try db.scalar("SELECT coalesce(max(seq), 0) FROM change_log", as: Int64.self) ?? 0
        self.lastDataVersion = try db.dataVersion()
    }

    /// True when another connection committed since the last check (cheap: no table read).
    public func hasExternalCommit() throws -> Bool {
        let version = try db.dataVersion()
        defer { lastDataVersion = version }
        return version != lastDataVersion
    }

    /// The changes after `lastSeq`, or nil when there are none. Large bursts are capped: the
    /// entities are still all reported, ids only up to `maxIDs` per entity.
    public func read(maxRows: Int = 50_000, maxIDs: Int = 2_000) throws -> ChangeBatch? {
        var batch = ChangeBatch(lastSeq: lastSeq)
        try db.statement("SELECT seq, entity, entity_id, at_ms FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?")
            .forEach([lastSeq, maxRows]) { row in
                let entity = row.string(1)
                batch.entities.insert(entity)
                if batch.ids[entity, default: []].count < maxIDs { batch.ids[entity, default: []].insert(row.int64(2)) }
                batch.count += 1
                batch.latestAtMs = max(batch.latestAtMs, row.int64(3))
                batch.lastSeq = row.int64(0)
            }
        guard batch.count > 0 else { return nil }
        lastSeq = batch.lastSeq
        return batch
    }
}
