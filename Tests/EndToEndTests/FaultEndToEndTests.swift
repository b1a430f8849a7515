import Foundation
import XCTest

/// Faults the store must survive whole: the disk filling during an import, and omni killed
/// (SIGKILL, no chance to clean up) in the middle of an import and of the simulator. After each,
/// SQLite's integrity check and `omni doctor` agree, and an import is all or nothing.
final class FaultEndToEndTests: TmuxTestCase {
    /// A Shopify orders export of `orders` orders, 1–3 lines each, written as the real export
    /// writes it (the order's columns repeated on every line row).
    func shopifyFile(_ dir: URL, orders: Int) throws -> String {
        var text = "Name,Email,Financial Status,Fulfillment Status,Currency,Total,Created at,Lineitem quantity,"
            + "Lineitem name,Lineitem price,Lineitem sku,Billing Country\n"
        for i in 0..<orders {
            let lines = 1 + i % 3
            for j in 0..<lines {
                text += "#\(1000 + i),buyer\(i % 9000)@example.com,paid,,USD,\(lines * 10).00,"
                    + "2026-11-\(String(format: "%02d", 1 + i % 28)) 10:00:00 +0000,1,Item \(j),10.00,SKU-\(j),US\n"
            }
        }
        let path = dir.appendingPathComponent("orders_export.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func scalar(_ db: String, _ sql: String) -> String {
        shell("sqlite3 \(quote(db)) \(quote(sql))").1.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func assertWhole(_ omni: String, _ db: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(scalar(db, "PRAGMA integrity_check;"), "ok", file: file, line: line)
        let (code, out) = try run(omni, ["doctor", "--db", db])
        XCTAssertEqual(code, 0, out, file: file, line: line)
    }

    func testDiskFullDuringImportLeavesTheStoreAsItWas() throws {
        guard which("sqlite3") != nil else { throw XCTSkip("sqlite3 is not installed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-fault-full")
        let db = dir.appendingPathComponent("s.db").path
        XCTAssertEqual(try run(omni, ["init", "--db", db]).0, 0)
        let file = try shopifyFile(dir, orders: 20_000)
        // A file-size limit of 3 MB stands in for a full disk: the store may not grow past it.
        // XFSZ ignored, so the write fails with EFBIG instead of killing the process.
        let (code, out) = shell("ulimit -f 3000; trap '' XFSZ; exec \(quote(omni)) import shopify-orders \(quote(file)) --db \(quote(db))")
        XCTAssertEqual(code >> 8, 3, out)
        XCTAssertTrue(out.contains("disk is full or its file may not grow") && out.contains("rolled back"), out)
        XCTAssertEqual(scalar(db, "SELECT count(*) FROM orders;"), "0", "nothing of the file is in the store")
        try assertWhole(omni, db)
        // With room again, the same file imports whole.
        let (again, text) = try run(omni, ["import", "shopify-orders", file, "--db", db])
        XCTAssertEqual(again, 0, text)
        XCTAssertEqual(scalar(db, "SELECT count(*) FROM orders;"), "20000")
    }

    func testSIGKILLDuringImportIsAllOrNothing() throws {
        guard which("sqlite3") != nil else { throw XCTSkip("sqlite3 is not installed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-fault-kill")
        let db = dir.appendingPathComponent("s.db").path
        XCTAssertEqual(try run(omni, ["init", "--db", db]).0, 0)
        let file = try shopifyFile(dir, orders: 20_000)
        for delay in [0.3, 1.0] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: omni)
            p.arguments = ["import", "shopify-orders", file, "--db", db]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let orders = scalar(db, "SELECT count(*) FROM orders;")
            XCTAssertTrue(orders == "0" || orders == "20000", "killed after \(delay) s: \(orders) orders")
            try assertWhole(omni, db)
        }
    }

    func testSIGKILLDuringTheSimulatorLeavesAWholeStore() throws {
        guard which("sqlite3") != nil else { throw XCTSkip("sqlite3 is not installed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-fault-sim")
        let db = dir.appendingPathComponent("s.db").path
        let (seeded, out) = try run(omni, ["seed", "--db", db, "--size", "small", "--seed", "3"])
        XCTAssertEqual(seeded, 0, out)
        for round in 0..<3 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: omni)
            p.arguments = ["simulate", "--db", db, "--rate", "200", "--duration", "30", "--seed", String(round)]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: 0.8 + Double(round) * 0.4)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationReason, .uncaughtSignal)
            XCTAssertEqual(scalar(db, "SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id);"),
                           "0", "no order without its lines")
            try assertWhole(omni, db)
        }
    }
}
