import Foundation
import XCTest
@testable import OmniStore

final class DatabaseTests: XCTestCase {
    func testBindsValuesNeverSplicesThem() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t(a TEXT, b INTEGER, c REAL, d BLOB)")
        let hostile = "x'); DROP TABLE t; -- 王芳 🎉 %_"
        try db.execute("INSERT INTO t VALUES (?, ?, ?, ?)", [hostile, 42, 2.5, DatabaseValue.blob([0, 1, 2])])
        let row = try XCTUnwrap(db.fetchOne("SELECT a, b, c, d FROM t WHERE a = ?", [hostile]))
        XCTAssertEqual(row.string(0), hostile)
        XCTAssertEqual(row.int(1), 42)
        XCTAssertEqual(row.double(2), 2.5)
        XCTAssertEqual(row[3], .blob([0, 1, 2]))
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM t"), 1)
    }

    func testNullsAndOptionals() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t(a INTEGER)")
        let none: Int? = nil
        try db.execute("INSERT INTO t VALUES (?)", [none])
        let row = try XCTUnwrap(db.fetchOne("SELECT a FROM t"))
        XCTAssertNil(row.optionalInt(0))
        XCTAssertTrue(row[0].isNull)
    }

    func testErrorsNameTheSQLAndCode() throws {
        let db = try Database(path: ":memory:")
        XCTAssertThrowsError(try db.execute("SELECT * FROM nowhere WHERE x = ?", [1])) { error in
            let e = error as! DatabaseError
            XCTAssertEqual(e.code, 1)
            XCTAssertTrue(e.message.contains("no such table: nowhere"), e.message)
            XCTAssertEqual(e.sql, "SELECT * FROM nowhere WHERE x = ?")
            XCTAssertTrue(e.description.contains("nowhere"))
        }
        try db.execute("CREATE TABLE u(a INTEGER UNIQUE)")
        try db.execute("INSERT INTO u VALUES (?)", [1])
        XCTAssertThrowsError(try db.execute("INSERT INTO u VALUES (?)", [1])) { error in
            let e = error as! DatabaseError
            XCTAssertTrue(e.isConstraint)
            XCTAssertEqual(e.extendedCode, 2067) // SQLITE_CONSTRAINT_UNIQUE: extended codes are on
        }
        XCTAssertThrowsError(try db.execute("INSERT INTO u VALUES (?)", [1, 2]))
    }

    func testTransactionRollsBackOnThrow() throws {
        let (db, _) = try makeStore()
        struct Boom: Error {}
        XCTAssertThrowsError(try db.transaction {
            try db.execute("INSERT INTO settings(key, value) VALUES (?, ?)", ["a", "1"])
            try db.transaction { try db.execute("INSERT INTO settings(key, value) VALUES (?, ?)", ["b", "2"]) }
            throw Boom()
        })
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM settings WHERE key IN ('a','b')"), 0)
        XCTAssertFalse(db.isInTransaction)
        try db.transaction {
            try db.execute("INSERT INTO settings(key, value) VALUES (?, ?)", ["a", "1"])
            try? db.transaction {
                try db.execute("INSERT INTO settings(key, value) VALUES (?, ?)", ["b", "2"])
                throw Boom()
            }
        }
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM settings WHERE key IN ('a','b')"), 1)
    }

    func testStoreIsWALWithForeignKeys() throws {
        let (db, _) = try makeStore()
        XCTAssertEqual(try db.scalar("PRAGMA journal_mode", as: String.self), "wal")
        XCTAssertEqual(try db.scalarInt("PRAGMA foreign_keys"), 1)
        XCTAssertEqual(try db.scalarInt("PRAGMA synchronous"), 1)
        XCTAssertEqual(try db.scalarInt("PRAGMA user_version"), Migrator.currentVersion)
        XCTAssertThrowsError(try db.execute("INSERT INTO orders(channel, external_ref, status, fulfilment, placed_at) VALUES (?, ?, ?, ?, ?)",
                                            ["nochannel", "1", "paid", "ship", 0]))
    }

    func testMissingStoreSaysHowToCreateOne() throws {
        let path = try temporaryDirectory().appendingPathComponent("absent.db").path
        XCTAssertThrowsError(try Store.open(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .missing(path: path))
            XCTAssertTrue("\(error)".contains("omni init"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testNotADatabaseIsLeftUntouched() throws {
        let path = try temporaryDirectory().appendingPathComponent("notes.db").path
        let content = Data(String(repeating: "this is not sqlite\n", count: 300).utf8)
        try content.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Store.open(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .notADatabase(path: path))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), content)
    }

    func testNewerSchemaIsRefused() throws {
        let (db, path) = try makeStore()
        try db.execute("PRAGMA user_version = 99")
        XCTAssertThrowsError(try Store.open(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .newerSchema(path: path, found: 99, supported: Migrator.currentVersion))
        }
    }

    func testForeignSQLiteFileIsNotAnOmniStore() throws {
        let path = try temporaryDirectory().appendingPathComponent("other.db").path
        var options = Database.Options(); options.create = true
        let other = try Database(path: path, options: options)
        try other.execute("CREATE TABLE x(a)")
        XCTAssertThrowsError(try Store.open(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .notAnOmniStore(path: path))
        }
    }

    func testDataVersionMovesOnOtherConnectionsCommit() throws {
        let (db, path) = try makeStore()
        let other = try Store.open(path: path)
        let before = try db.dataVersion()
        try db.execute("INSERT INTO settings(key, value) VALUES (?, ?)", ["own", "1"])
        XCTAssertEqual(try db.dataVersion(), before, "own commits do not move data_version")
        try other.execute("INSERT INTO settings(key, value) VALUES (?, ?)", ["other", "1"])
        XCTAssertNotEqual(try db.dataVersion(), before)
    }

    func testSearchTextIndexesCJKPerCharacter() {
        XCTAssertEqual(SearchText.indexText("王芳"), "王 芳 wang fang wf")
        XCTAssertEqual(SearchText.indexText("Wang Fang 王芳"), "wang fang 王 芳 wf")
        XCTAssertEqual(SearchText.matchExpression("王芳"), "\"王 芳\"")
        XCTAssertEqual(SearchText.matchExpression("wan"), "\"wan\"*")
        XCTAssertNil(SearchText.matchExpression("%_'\""))
    }
}
