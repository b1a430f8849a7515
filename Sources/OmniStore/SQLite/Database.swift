import CSQLite
import Foundation

/// One SQLite connection. Not thread-safe: each connection lives on one serial queue
/// (see `StoreQueue`), which is why it is not `Sendable`.
public final class Database {
    public struct Options: Sendable {
        public var readOnly = false
        /// Create the file when it does not exist (only `omni init`, `seed` and `demo` do).
        public var create = false
        /// How long a write waits for another process's lock before failing.
        public var busyTimeoutMilliseconds: Int32 = 5_000
        /// Page cache in KiB; sized deliberately within the RSS budget (DESIGN.md).
        public var cacheKiB = 32 * 1024
        public init() {}
    }

    let handle: OpaquePointer
    public let path: String
    private var statementCache: [String: Statement] = [:]
    /// The same cache keyed by where the SQL text lives: SQL written in the source (a literal or
    /// a `static let`) keeps one address, so the hot paths skip hashing the whole text. An entry
    /// is used only when its text is equal (a freed string's address may be reused).
    private var statementsByAddress: [Int: Statement] = [:]
    private var transactionDepth = 0

    /// True when the connection cannot write: opened read-only, or the file or its folder is
    /// not writable by this process (reading then needs no write access at all).
    public let isReadOnly: Bool
    /// True when the store was opened `immutable` (a read-only folder with no -shm beside the
    /// file): no locks, and changes by other processes are not seen.
    public let isImmutable: Bool
    private let fileGuard: FileGuard?

    public init(path: String, options: Options = Options()) throws {
        if path != ":memory:" && !options.create && !FileManager.default.fileExists(atPath: path) {
            throw StoreError.missing(path: path)
        }
        try StoreFileCheck.check(path: path, creating: options.create)
        let exists = path == ":memory:" || FileManager.default.fileExists(atPath: path)
        let readOnly = options.readOnly || (exists && !options.create && !StoreFileCheck.isWritable(path: path))
        var db: OpaquePointer?
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if options.create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        var immutable = false
        var rc = sqlite3_open_v2(path, &db, flags, nil)
        if rc == SQLITE_OK, let opened = db, readOnly, path != ":memory:",
           sqlite3_exec(opened, "SELECT count(*) FROM sqlite_master", nil, nil, nil) & 0xFF == SQLITE_CANTOPEN {
            // A WAL store in a folder this process cannot write, with no -shm to share: read the
            // file as immutable (no locks; what other processes commit later is not seen).
            sqlite3_close_v2(opened)
            db = nil
            immutable = true
            let uri = "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?immutable=1"
            rc = sqlite3_open_v2(uri, &db, flags | SQLITE_OPEN_URI, nil)
        }
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw StoreError.cannotOpen(path: path, detail: message)
        }
        self.handle = db
        self.path = path
        self.isReadOnly = readOnly
        self.isImmutable = immutable
        self.fileGuard = FileGuard(path: path)
        fileGuard?.install(on: db)
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, options.busyTimeoutMilliseconds)
        do {
            // Reading the schema first makes "not a database" fail here, before any write.
            _ = try scalarInt("SELECT count(*) FROM sqlite_master")
            try execute("PRAGMA foreign_keys = ON")
            try execute("PRAGMA cache_size = -\(options.cacheKiB)")
            try execute("PRAGMA temp_store = MEMORY")
            if !readOnly && path != ":memory:" {
                try execute("PRAGMA journal_mode = WAL")
                try execute("PRAGMA synchronous = NORMAL")
            }
        } catch let error as DatabaseError {
            statementCache.removeAll()
            statementsByAddress.removeAll()
            sqlite3_close_v2(db)
            if error.isNotADatabase { throw StoreError.notADatabase(path: path) }
            if error.isCorrupt { throw StoreError.corrupt(path: path, detail: error.message) }
            if error.isBusy { throw StoreError.locked(path: path, detail: error.message) }
            throw StoreError.cannotOpen(path: path, detail: error.description)
        }
    }

    deinit {
        statementCache.removeAll()
        statementsByAddress.removeAll()
        // A file replaced or deleted under us: close without a checkpoint, which would also
        // delete the -wal that now sits beside (and may belong to) the new file.
        if fileGuard?.check() != nil { _ = omni_sqlite_no_checkpoint_on_close(handle) }
        sqlite3_close_v2(handle)
    }

    /// Nil while the path still names the file this connection opened; else why it must not
    /// be written (`StoreError.replaced` or `.gone`).
    public func fileProblem() -> StoreError? { fileGuard?.check() }

    /// Stops every write through this connection for good: no automatic checkpoint, and the
    /// close at exit neither checkpoints nor deletes the -wal (the commit hook already refuses
    /// commits). Called when the store file was replaced or deleted.
    public func retire() {
        _ = omni_sqlite_no_checkpoint_on_close(handle)
        sqlite3_wal_autocheckpoint(handle, 0)
    }

    /// Copies the WAL into the file and empties it, so a store left idle has no frames that a
    /// file moved into its place could be read with. Refused once the file was replaced or deleted.
    public func checkpoint() throws {
        if let problem = fileProblem() { retire(); throw problem }
        guard !isReadOnly, path != ":memory:" else { return }
        try execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// Maps a failed COMMIT that the file guard refused to the reason.
    private func refusal(for error: Error) -> Error {
        guard let guardian = fileGuard, let problem = guardian.refusal else { return error }
        guardian.refusal = nil
        retire()
        return problem
    }

    func error(_ rc: Int32, sql: String?) -> DatabaseError {
        DatabaseError(extendedCode: sqlite3_extended_errcode(handle) == 0 ? rc : sqlite3_extended_errcode(handle),
                      message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// A cached prepared statement for `sql`.
    public func statement(_ sql: String) throws -> Statement {
        let address = sql.utf8.withContiguousStorageIfAvailable { Int(bitPattern: $0.baseAddress) } ?? 0
        if address != 0, let known = statementsByAddress[address], known.sql == sql { return known }
        let statement: Statement
        if let cached = statementCache[sql] {
            statement = cached
        } else {
            statement = try Statement(database: self, sql: sql)
            statementCache[sql] = statement
        }
        if address != 0 && statementsByAddress.count < 512 { statementsByAddress[address] = statement }
        return statement
    }

    /// Runs SQL. With arguments, one statement; without, any number of statements (schema scripts).
    public func execute(_ sql: String, _ arguments: [DatabaseValueConvertible?] = []) throws {
        if arguments.isEmpty {
            var errmsg: UnsafeMutablePointer<CChar>?
            let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
            if rc != SQLITE_OK {
                let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
                sqlite3_free(errmsg)
                let failure = DatabaseError(extendedCode: sqlite3_extended_errcode(handle), message: message, sql: sql)
                if transactionDepth == 0 { throw refusal(for: failure) }
                throw failure
            }
        } else {
            try statement(sql).execute(arguments)
        }
    }

    public func fetchAll(_ sql: String, _ arguments: [DatabaseValueConvertible?] = []) throws -> [Row] {
        try statement(sql).fetchAll(arguments)
    }

    public func fetchOne(_ sql: String, _ arguments: [DatabaseValueConvertible?] = []) throws -> Row? {
        var first: Row?
        let stmt = try statement(sql)
        try stmt.bind(arguments)
        defer { sqlite3_reset(stmt.handle) }
        if try stmt.step() {
            let n = sqlite3_column_count(stmt.handle)
            first = Row(values: (0..<n).map(stmt.columnValue), columns: stmt.columnNames)
        }
        return first
    }

    public func scalar<T: DatabaseValueConvertible>(_ sql: String, _ arguments: [DatabaseValueConvertible?] = [],
                                                    as type: T.Type = T.self) throws -> T? {
        guard let row = try fetchOne(sql, arguments), !row.values.isEmpty else { return nil }
        return T.fromDatabaseValue(row.values[0])
    }

    public func scalarInt(_ sql: String, _ arguments: [DatabaseValueConvertible?] = []) throws -> Int {
        try scalar(sql, arguments, as: Int.self) ?? 0
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var totalChanges: Int { Int(sqlite3_total_changes(handle)) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in one IMMEDIATE transaction (the write lock is taken up front, so a busy
    /// store fails at BEGIN, never half-way). A throw rolls everything back. Nested calls
    /// become savepoints.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let savepoint = transactionDepth > 0 ? "omni_sp\(transactionDepth)" : nil
        if savepoint == nil, let problem = fileProblem() { retire(); throw problem }
        if let savepoint { try execute("SAVEPOINT \(savepoint)") } else { try execute("BEGIN IMMEDIATE") }
        transactionDepth += 1
        do {
            let result = try body()
            transactionDepth -= 1
            if let savepoint { try execute("RELEASE \(savepoint)") } else { try execute("COMMIT") }
            return result
        } catch {
            transactionDepth -= 1
            if let savepoint {
                try? execute("ROLLBACK TO \(savepoint)")
                try? execute("RELEASE \(savepoint)")
            } else {
                try? execute("ROLLBACK")
            }
            throw refusal(for: error)
        }
    }

    /// Runs `body` in a deferred read transaction so all its queries see one snapshot.
    public func read<T>(_ body: () throws -> T) throws -> T {
        if isInTransaction { return try body() }
        try execute("BEGIN DEFERRED")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// Cancels the statement running on this connection; safe from any thread.
    public func interrupt() { sqlite3_interrupt(handle) }

    /// `PRAGMA data_version`: moves when another connection commits.
    public func dataVersion() throws -> Int { try scalarInt("PRAGMA data_version") }
}

/// Direct binds and column reads for hot statements (imports, identity resolution): no arrays
/// of existentials and no `Row` per call. Use on a statement from `Database.statement(_:)`.
extension Statement {
    /// Resets the statement and clears its bindings.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bindInt(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bindText(_ index: Int32, _ value: String?) {
        guard let value else { sqlite3_bind_null(handle, index); return }
        // withCString lends a native string's own bytes; passing the String itself would copy them.
        _ = value.withCString { sqlite3_bind_text(handle, index, $0, Int32(value.utf8.count), omni_sqlite_transient()) }
    }

    /// Steps to the end, then resets.
    func run() throws {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// The current row's values by position (no column names: read it by index only).
    func positionalRow() -> Row {
        Row(values: (0..<sqlite3_column_count(handle)).map(columnValue), columns: [])
    }

    /// Column `i` of the current row as an integer; nil when NULL.
    func columnInt64(_ i: Int32) -> Int64? {
        sqlite3_column_type(handle, i) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, i)
    }

    /// Column `i` of the current row as text ("" when NULL).
    func columnText(_ i: Int32) -> String {
        guard let p = sqlite3_column_text(handle, i) else { return "" }
        let n = Int(sqlite3_column_bytes(handle, i))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
}

extension Database {
    /// Runs `body` inside `SAVEPOINT name` (released on success, rolled back and released on a
    /// throw), with the savepoint statements prepared once and cached: the same semantics as
    /// executing the statements as text, without re-parsing them on every call.
    func withSavepoint<T>(_ name: String, _ body: () throws -> T) throws -> T {
        try statement("SAVEPOINT \(name)").run()
        do {
            let result = try body()
            try statement("RELEASE \(name)").run()
            return result
        } catch {
            try? statement("ROLLBACK TO \(name)").run()
            try? statement("RELEASE \(name)").run()
            throw error
        }
    }
}
