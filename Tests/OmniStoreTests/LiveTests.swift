import Foundation
import XCTest
@testable import OmniStore

final class LiveTests: XCTestCase {
    func insertCustomer(_ db: Database, name: String) throws -> Int64 {
        try db.execute("INSERT INTO customers(name, search_name, created_at) VALUES (?, ?, ?)", [name, SearchText.indexText(name), 1_700_000_000])
        return db.lastInsertRowID
    }

    func testAnotherConnectionsCommitMovesTheFeedAndNamesTheEntity() throws {
        let (db, path) = try makeStore()
        let feed = try ChangeFeed(db: try Store.open(path: path))
        XCTAssertFalse(try feed.hasExternalCommit())
        XCTAssertNil(try feed.read())
        let id = try insertCustomer(db, name: "王芳")
        XCTAssertTrue(try feed.hasExternalCommit())
        let batch = try XCTUnwrap(try feed.read())
        XCTAssertEqual(batch.entities, ["customer"])
        XCTAssertEqual(batch.ids["customer"], [id])
        XCTAssertGreaterThan(batch.latestAtMs, 1_700_000_000_000)
        XCTAssertNil(try feed.read(), "nothing new after the batch was read")
    }

    func testOrdersMarkOrdersAndCustomersStaleButNotTickets() throws {
        let (db, path) = try makeStore()
        let customer = try insertCustomer(db, name: "Emma Wilson")
        let feed = try ChangeFeed(db: try Store.open(path: path))
        try db.execute("""
            INSERT INTO orders(channel, external_ref, customer_id, status, fulfilment, placed_at, total, units)
            VALUES ('web', 'W1', ?, 'paid', 'ship', 1700000000, 1000, 1)
            """, [customer])
        let batch = try XCTUnwrap(try feed.read())
        XCTAssertTrue(batch.touches("order"))
        XCTAssertFalse(batch.touches("ticket"))
        XCTAssertFalse(batch.touches("stock"))
    }

    func testOwnWritesAreReadWithoutDataVersionMoving() throws {
        let (db, _) = try makeStore()
        let feed = try ChangeFeed(db: db)
        _ = try insertCustomer(db, name: "李娜")
        XCTAssertFalse(try feed.hasExternalCommit(), "a connection's own commit does not move data_version")
        XCTAssertEqual(try feed.read()?.entities, ["customer"], "but the change log has it")
    }

    func testAnotherProcessesCommitIsSeen() throws {
        let sqlite = "/usr/bin/sqlite3"
        guard FileManager.default.isExecutableFile(atPath: sqlite) else { throw XCTSkip("sqlite3 shell not installed") }
        let (_, path) = try makeStore()
        let feed = try ChangeFeed(db: try Store.open(path: path))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlite)
        process.arguments = [path, "INSERT INTO tickets(channel, subject, status, priority, created_at, updated_at, first_response_due, resolution_due) VALUES ('wechat', 'where is my parcel', 'new', 'high', 1700000000, 1700000000, 1700003600, 1700030000);"]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(try feed.hasExternalCommit())
        XCTAssertEqual(try feed.read()?.entities, ["ticket"])
    }

    func testWatcherDeliversAnExternalCommitQuickly() throws {
        let (db, path) = try makeStore()
        let watcher = try StoreWatcher(path: path)
        let seen = expectation(description: "change delivered")
        let started = Date()
        watcher.start(onChange: { batch in
            if batch.touches("customer") { seen.fulfill() }
        }, onStatus: { _ in })
        Thread.sleep(forTimeInterval: 0.1)
        _ = try insertCustomer(db, name: "张伟")
        wait(for: [seen], timeout: 3)
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
        watcher.stop()
    }

    func testWatcherReportsADeletedStore() throws {
        let (_, path) = try makeStore()
        let watcher = try StoreWatcher(path: path)
        watcher.safetyPoll = .milliseconds(50)
        watcher.fallbackPoll = .milliseconds(50)
        let warned = expectation(description: "warning")
        watcher.start(onChange: { _ in }, onStatus: { status in
            if case .warning(let text) = status, text.contains("gone") { warned.fulfill() }
        })
        Thread.sleep(forTimeInterval: 0.1)
        try FileManager.default.removeItem(atPath: path)
        wait(for: [warned], timeout: 3)
        watcher.stop()
    }
}
