import Foundation
import XCTest
import OmniStore

/// `omni import` on what is not a plain file: standard input, a directory, a device, a file
/// every row of which is bad, and a store that must come out unchanged.
final class ImportInputsEndToEndTests: XCTestCase {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    func omni(_ arguments: [String], stdin: Data? = nil) throws -> Run {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["OMNI_NOW"] = "1795400000"
        env["OMNI_DB"] = nil
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            let writer = input.fileHandleForWriting
            DispatchQueue.global().async {
                try? writer.write(contentsOf: stdin)
                try? writer.close()
            }
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func testStandardInputDirectoriesDevicesAndSkippedFiles() throws {
        // omni stops reading an endless input early: its pipe's writer must not die of it.
        signal(SIGPIPE, SIG_IGN)
        let dir = try temporaryDirectory("omni-import-inputs")
        let store = dir.appendingPathComponent("s.db").path
        XCTAssertEqual(try omni(["init", "--db", store]).status, 0)

        let piped = try omni(["import", "orders", "-", "--db", store],
                             stdin: Data("channel;external_ref;placed_at;total\nweb;IN-2;25/01/2026 09:00;250\nweb;IN-1;02/01/2026 11:23;100\n".utf8))
        XCTAssertEqual(piped.status, 0, piped.stderr)
        // A stream is not read ahead: its first date must decide, or --date-order.
        let undecidedStream = try omni(["import", "orders", "-", "--db", store],
                                       stdin: Data("channel,external_ref,placed_at,total\nweb,X-1,02/01/2026,1\nweb,X-2,25/01/2026,1\n".utf8))
        XCTAssertEqual(undecidedStream.status, 4)
        XCTAssertTrue(undecidedStream.stderr.contains("(standard input):2: placed_at \"02/01/2026\" could be day-first or month-first and no date before it"), undecidedStream.stderr)
        XCTAssertTrue(piped.stdout.contains("imported orders from (standard input): 2 rows"), piped.stdout)

        let directory = try omni(["import", "orders", dir.path, "--db", store])
        XCTAssertEqual(directory.status, 4)
        XCTAssertTrue(directory.stderr.contains("\(dir.path): is a directory, not a file"), directory.stderr)
        XCTAssertFalse(directory.stderr.contains("try!"), directory.stderr)

        let device = try omni(["import", "orders", "/dev/zero", "--db", store])
        XCTAssertEqual(device.status, 4)
        XCTAssertTrue(device.stderr.contains("/dev/zero: is not a regular file"), device.stderr)

        // An endless line on standard input stops at the record limit, with its line.
        let zeros = try omni(["import", "orders", "-", "--db", store], stdin: Data(count: 3 << 20))
        XCTAssertEqual(zeros.status, 4)
        XCTAssertTrue(zeros.stderr.contains("(standard input):1: the record starting here is longer than 1 MiB"), zeros.stderr)

        let bad = dir.appendingPathComponent("bad.csv")
        try "channel,external_ref,placed_at,total\nweb,B-1,2026-02-30,1\nweb,B-2,0x10,1\n".write(to: bad, atomically: true, encoding: .utf8)
        let skipped = try omni(["import", "orders", bad.path, "--skip-invalid", "--db", store])
        XCTAssertEqual(skipped.status, 4, "nothing imported is a failure")
        XCTAssertTrue(skipped.stderr.contains("nothing was imported: every row of \(bad.path) was invalid"), skipped.stderr)
        XCTAssertTrue(skipped.stdout.contains("bad.csv:2: placed_at \"2026-02-30\" is not a day of the calendar"), skipped.stdout)

        let ambiguous = dir.appendingPathComponent("dates.csv")
        try "channel,external_ref,placed_at,total\nweb,D-1,02/01/2026,1\n".write(to: ambiguous, atomically: true, encoding: .utf8)
        let undecided = try omni(["import", "orders", ambiguous.path, "--db", store])
        XCTAssertEqual(undecided.status, 4)
        XCTAssertTrue(undecided.stderr.contains("pass --date-order dmy|mdy"), undecided.stderr)
        XCTAssertEqual(try omni(["import", "orders", ambiguous.path, "--date-order", "mdy", "--db", store]).status, 0)

        let db = try Store.open(path: store, readOnly: true)
        XCTAssertEqual(try db.fetchAll("SELECT external_ref, placed_at FROM orders ORDER BY external_ref").map { "\($0.string(0)) \($0.int64(1))" }, [
            "D-1 \(Importer.parseTime("2026-02-01")!)",
            "IN-1 \(Importer.parseTime("2026-01-02T11:23:00Z")!)",
            "IN-2 \(Importer.parseTime("2026-01-25T09:00:00Z")!)",
        ])
    }
}
