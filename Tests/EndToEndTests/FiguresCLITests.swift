import Foundation
import XCTest
import OmniStore

/// `omni doctor --figures` and `omni simulate` as a user runs them.
final class FiguresCLITests: XCTestCase {
    func testDoctorFiguresOnASeededStoreAfterTheSimulatorAndOnADriftedRollup() throws {
        let dir = try makeTemporaryFolder("omni-figures")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.db").path
        XCTAssertEqual(try CLITests.omni(["seed", "--db", path, "--seed", "8"]).status, 0)
        var run = try CLITests.omni(["doctor", "--figures", "--db", path])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("funnel purchase"), run.stdout)
        XCTAssertTrue(run.stdout.contains("breaching tickets"), run.stdout)
        XCTAssertTrue(run.stdout.contains("every figure equal"), run.stdout)
        XCTAssertFalse(run.stdout.contains("DIFFERENT"), run.stdout)

        run = try CLITests.omni(["simulate", "--db", path, "--rate", "200", "--duration", "2", "--seed", "4", "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("\"failures\" : 0"), run.stdout)
        run = try CLITests.omni(["doctor", "--figures", "--db", path])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)

        // A rollup that drifted: the figure shown differs from its rows, and doctor says which.
        let db = try Store.open(path: path)
        try db.execute("UPDATE kpi_delivery_day SET on_time = on_time + 1 WHERE day = (SELECT max(day) FROM kpi_delivery_day)")
        run = try CLITests.omni(["doctor", "--figures", "--db", path])
        XCTAssertEqual(run.status, 3)
        let line = try XCTUnwrap(run.stdout.split(separator: "\n").first { $0.hasPrefix("on time (OT)") }, run.stdout)
        XCTAssertTrue(line.hasSuffix("DIFFERENT"), String(line))
        XCTAssertTrue(run.stdout.contains("figures DIFFERENT"), run.stdout)
    }

    func testSimulateOnACorruptStoreExitsNonZeroAndSaysWhy() throws {
        let dir = try makeTemporaryFolder("omni-figures")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("c.db").path
        XCTAssertEqual(try CLITests.omni(["seed", "--db", path, "--seed", "9"]).status, 0)
        // Every page after the first (the schema) zeroed: each write meets a malformed page.
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: path))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 4_096)
        handle.write(Data(count: Int(size) - 4_096))
        try handle.close()
        let run = try CLITests.omni(["simulate", "--db", path, "--rate", "200", "--duration", "3", "--seed", "4"])
        XCTAssertEqual(run.status, 3, run.stdout + run.stderr)
        XCTAssertTrue(run.stderr.contains("malformed") || run.stderr.contains("not a database"), run.stderr)
    }
}
