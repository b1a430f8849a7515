import Foundation
import XCTest
@testable import OmniStore

/// `--follow`: a growing file or a pipe, committed order by order while it is read.
final class ImportFollowTests: XCTestCase {
    /// Runs `followInput` on its own thread; the result arrives through `done`.
    final class Follower: @unchecked Sendable {
        let stop = FollowStop()
        let done = DispatchSemaphore(value: 0)
        var result: Result<ImportSummary, Error>?
        init(_ path: String, kind: ImportKind, input: String) {
            Thread.detachNewThread { [self] in
                do {
                    let db = try Store.open(path: path)
                    var options = ImportOptions()
                    options.now = 1_780_000_000
                    result = .success(try Importer(db, options: options).followInput(kind, InputSpec(input, follow: true), stop: stop))
                } catch {
                    result = .failure(error)
                }
                done.signal()
            }
        }
        func finish() throws -> ImportSummary {
            stop.stop()
            XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
            return try result!.get()
        }
    }

    /// Polls `body` until it is true or `seconds` pass; returns the time it took.
    func eventually(_ seconds: Double, _ body: () throws -> Bool) rethrows -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            if try body() { return Date().timeIntervalSince(start) }
            usleep(50_000)
        }
        return nil
    }

    func append(_ path: String, _ text: String) throws {
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try handle.close()
    }

    func testAGrowingFileIsCommittedOrderByOrder() throws {
        let (db, store) = try makeStore()
        let header = csvLine(shopifyOrderHeader) + "\n"
        let feed = try writeFixture("feed.csv", header)
        let follower = Follower(store, kind: .shopifyOrders, input: feed)
        func order(_ name: String, lines: Int) -> String {
            (1...lines).map { n in
                // The order's own columns on its first row only.
                csvLine(shopifyOrderHeader.map { column -> String in
                    (n > 1 ? ["Name": name] : ["Name": name, "Email": "buyer\(name.dropFirst())@example.com", "Financial Status": "paid",
                     "Total": "\(lines * 10).00", "Created at": "2026-05-01 10:00:00 +0800"])
                        .merging(["Lineitem quantity": "1", "Lineitem name": "Item \(n)", "Lineitem price": "10.00", "Lineitem sku": "SKU-\(n)"]) { a, _ in a }[column] ?? ""
                })
            }.joined(separator: "\n") + "\n"
        }
        try append(feed, order("#2001", lines: 2))
        let first = eventually(3) { (try? db.scalarInt("SELECT count(*) FROM order_lines")) == 2 }
        XCTAssertNotNil(first, "the first order is committed while the file is still followed")
        XCTAssertLessThan(first ?? 99, 2)
        try append(feed, order("#2002", lines: 3) + order("#2003", lines: 1))
        XCTAssertNotNil(eventually(3) { (try? db.scalarInt("SELECT count(*) FROM orders")) == 3 })
        let summary = try follower.finish()
        XCTAssertEqual(summary.rowsRead, 6)
        XCTAssertEqual(summary.counts("orders").created, 3)
        XCTAssertEqual(try db.fetchAll("SELECT o.external_ref, count(l.id) FROM orders o JOIN order_lines l ON l.order_id = o.id GROUP BY o.id ORDER BY 1")
                        .map { "\($0.string(0))=\($0.int64(1))" }, ["#2001=2", "#2002=3", "#2003=1"])
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers"), 3)
    }

    func testAPipeIsReadUntilItsWriterCloses() throws {
        let (db, store) = try makeStore()
        let fifo = try temporaryDirectory().appendingPathComponent("feed.jsonl").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let follower = Follower(store, kind: .shopifyOrdersJSON, input: fifo)
        let writer = try XCTUnwrap(FileHandle(forWritingAtPath: fifo))
        writer.write(Data((ImportShopifyJSONTests.order1 + "\n").utf8))
        XCTAssertNotNil(eventually(3) { (try? db.scalarInt("SELECT count(*) FROM orders")) == 1 }, "committed while the pipe is open")
        writer.write(Data((ImportShopifyJSONTests.order2 + "\n").utf8))
        try writer.close()
        XCTAssertEqual(follower.done.wait(timeout: .now() + 10), .success, "the follow ends when the writer closes")
        let summary = try follower.result!.get()
        XCTAssertEqual(summary.counts("orders").created, 2)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders"), 2)
    }

    func testARoundOlderThanASecondEndsBetweenOrdersNeverInsideOne() throws {
        let path = try writeFixture("rows.csv", "Name,Lineitem sku\n#1,A\n#1,B\n#2,C\n")
        let stop = FollowStop()
        let source = try RowSource(InputSpec(path, follow: true), kind: .shopifyOrders, dateOrder: nil, follow: stop)
        source.followRounds(stop, groupColumn: "Name")
        source.startRound()
        XCTAssertEqual(try source.next()?.trimmed("Lineitem sku"), "A")
        source.startRound(Date(timeIntervalSinceNow: -5))
        XCTAssertEqual(try source.next()?.trimmed("Lineitem sku"), "B", "the same order continues past the deadline")
        XCTAssertNil(try source.next(), "the next order waits for the next round")
        source.startRound()
        XCTAssertEqual(try source.next()?.trimmed("Lineitem sku"), "C")
        XCTAssertNil(try source.next(), "nothing waiting: the round ends")
        XCTAssertFalse(source.exhausted, "a followed file is never at its end")
        stop.stop()
        XCTAssertNil(try source.next())
        XCTAssertTrue(source.exhausted)
    }
}
