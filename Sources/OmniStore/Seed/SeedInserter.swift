import CSQLite
import Dispatch
import Foundation

/// A prepared INSERT bound column by column, without boxing values into an array per row: the
/// large seed writes tens of millions of rows, so the per-row cost is what matters.
final class SeedInserter {
    let table: String
    private let database: Database
    private let statement: Statement
    private let handle: OpaquePointer
    private var index: Int32 = 0
    private(set) var rows = 0
    /// Time spent in SQLite, measured only when OMNI_SEED_PROFILE is set.
    private(set) var nanos: UInt64 = 0
    private let timed = getenv("OMNI_SEED_PROFILE") != nil

    init(_ database: Database, table: String, _ sql: String) throws {
        self.table = table
        self.database = database
        statement = try Statement(database: database, sql: sql)
        handle = statement.handle
    }

    @inline(__always) func int(_ value: Int) {
        index += 1
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    @inline(__always) func int(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(handle, index, value)
    }

    @inline(__always) func int(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    @inline(__always) func int(_ value: Int?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { sqlite3_bind_null(handle, index) }
    }

    @inline(__always) func bool(_ value: Bool) { int(value ? 1 : 0) }

    @inline(__always) func real(_ value: Double) {
        index += 1
        sqlite3_bind_double(handle, index, value)
    }

    @inline(__always) func text(_ value: String) {
        index += 1
        sqlite3_bind_text(handle, index, value, -1, omni_sqlite_transient())
    }

    @inline(__always) func text(_ value: String?) {
        if let value { text(value) } else { null() }
    }

    @inline(__always) func null() {
        index += 1
        sqlite3_bind_null(handle, index)
    }

    /// Steps the bound row in and resets for the next.
    func run() throws {
        let t0 = timed ? DispatchTime.now().uptimeNanoseconds : 0
        defer { if timed { nanos += DispatchTime.now().uptimeNanoseconds - t0 } }
        let rc = sqlite3_step(handle)
        index = 0
        if rc != SQLITE_DONE && rc != SQLITE_ROW {
            let error = DatabaseError(extendedCode: sqlite3_extended_errcode(database.handle),
                                      message: String(cString: sqlite3_errmsg(database.handle)), sql: statement.sql)
            sqlite3_reset(handle)
            throw error
        }
        sqlite3_reset(handle)
        rows += 1
    }
}
