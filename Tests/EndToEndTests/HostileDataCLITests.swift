import Foundation
import XCTest

/// Hostile bytes in every text column of a seeded store (escape sequences, C1 controls, BEL,
/// NUL, DEL, bidi overrides, zero-width joiners, stacked combining marks, emoji with modifiers,
/// invalid UTF-8, 100 kB strings), then every read command with and without `--json`: no raw
/// control byte in any output, JSON that parses, no crash.
final class HostileDataCLITests: TmuxTestCase {
    static let now = "1795400000"

    struct Run { var status: Int32; var stdout: [UInt8]; var stderr: [UInt8] }

    func omni(_ binary: String, _ arguments: [String], db: String) throws -> Run {
        let dir = try temporaryDirectory("omni-hostile-run")
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments + ["--db", db]
        var env = ProcessInfo.processInfo.environment
        env["OMNI_NOW"] = Self.now
        env["OMNI_OPERATOR"] = "tester"
        p.environment = env
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try out.close(); try err.close()
        return Run(status: p.terminationStatus, stdout: [UInt8](try Data(contentsOf: outURL)), stderr: [UInt8](try Data(contentsOf: errURL)))
    }

    /// The first raw control character (C0 but newline, DEL, C1, bidi control, U+2028/9) in
    /// the UTF-8 `bytes`, described with its offset and surroundings.
    static func firstControl(_ bytes: [UInt8]) -> String? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            var bad = (b < 0x20 && b != 0x0A) || b == 0x7F
            if b == 0xC2, i + 1 < n, (0x80...0x9F).contains(bytes[i + 1]) { bad = true }
            if b == 0xD8, i + 1 < n, bytes[i + 1] == 0x9C { bad = true }
            if b == 0xE2, i + 2 < n {
                let b1 = bytes[i + 1], b2 = bytes[i + 2]
                if b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (0xA8...0xAE).contains(b2))
                    || b1 == 0x81 && (0xA6...0xA9).contains(b2) { bad = true }
            }
            if bad {
                let context = String(decoding: bytes[max(0, i - 40)..<min(n, i + 20)], as: UTF8.self)
                return "byte \(String(b, radix: 16)) at \(i) near \(context.debugDescription)"
            }
            i += 1
        }
        return nil
    }

    func sqliteShell(_ db: String, _ sql: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [db]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = output
        try p.run()
        input.fileHandleForWriting.write(Data(sql.utf8))
        input.fileHandleForWriting.closeFile()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The SQL text of the hostile suffix (NUL, invalid UTF-8 and all).
    static let hostile = """
        char(27) || ']0;PWNED' || char(7) || char(27) || '[2J' || char(155) || '31m' || char(0) || char(127) || char(133) \
        || char(8238) || 'gnp.exe' || char(8236) || char(8294) || 'iso' || char(8297) || char(65039) || 'x' || char(8205) || 'e' \
        || char(769) || char(769) || char(776) || char(128077) || char(127997) || char(128104) || char(8205) || char(128105) \
        || char(8205) || char(128103) || char(127464) || char(127475) || CAST(x'ff2dfe' AS TEXT) || char(13) || char(10) || 'line2'
        """

    func testEveryReadCommandOverHostileDataPrintsNoControlByte() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { throw XCTSkip("sqlite3 is needed") }
        let binary = try omniBinary()
        let dir = try temporaryDirectory("omni-hostile")
        let db = dir.appendingPathComponent("h.db").path
        let seeded = try omni(binary, ["seed", "--size", "small", "--seed", "11"], db: db)
        XCTAssertEqual(seeded.status, 0, String(decoding: seeded.stderr, as: UTF8.self))

        // Append the hostile suffix to every TEXT column of every table (columns a CHECK keeps
        // to a list cannot hold it and are left), on a slice of rows, and 100 kB to a few.
        let tables = try sqliteShell(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%';")
            .split(separator: "\n").map(String.init)
        XCTAssertGreaterThan(tables.count, 10)
        var script = "PRAGMA foreign_keys = OFF;\n"
        var columnsTouched = 0
        for table in tables {
            let columns = try sqliteShell(db, "SELECT name FROM pragma_table_info('\(table)') WHERE upper(type) = 'TEXT';")
                .split(separator: "\n").map(String.init)
            for column in columns {
                columnsTouched += 1
                script += "UPDATE OR IGNORE \"\(table)\" SET \"\(column)\" = \"\(column)\" || \(Self.hostile) WHERE rowid IN (SELECT rowid FROM \"\(table)\" ORDER BY rowid LIMIT 40);\n"
            }
        }
        script += """
            UPDATE customers SET name = name || \(Self.hostile) || printf('%.*c', 100000, 'W') WHERE id IN (SELECT id FROM customers ORDER BY id LIMIT 2);
            UPDATE tickets SET subject = subject || printf('%.*c', 100000, 'S') WHERE id IN (SELECT id FROM tickets ORDER BY id LIMIT 2);
            UPDATE order_lines SET name = name || printf('%.*c', 100000, 'L') WHERE id IN (SELECT id FROM order_lines ORDER BY id LIMIT 2);
            """
        // Keep the exports quick: the large history tables keep their first rows only.
        for table in ["touchpoints", "messages", "order_lines", "orders", "stock_movements", "shipments"] {
            script += "DELETE FROM \(table) WHERE rowid NOT IN (SELECT rowid FROM \(table) ORDER BY rowid LIMIT 600);\n"
        }
        let scriptResult = try sqliteShell(db, script)
        XCTAssertGreaterThan(columnsTouched, 40, "text columns made hostile")
        _ = scriptResult // CHECK-constrained columns report errors here: those cannot hold free text.
        let customer = try sqliteShell(db, "SELECT customer_id FROM identities ORDER BY rowid LIMIT 1;")

        let business = try sqliteShell(db, "SELECT id FROM customers WHERE kind = 'business' ORDER BY id LIMIT 1;")
        let withCart = try sqliteShell(db, "SELECT customer_id FROM carts ORDER BY rowid LIMIT 1;")
        let order = try sqliteShell(db, "SELECT order_id FROM shipments ORDER BY rowid LIMIT 1;")
        let returned = try sqliteShell(db, "SELECT order_id FROM returns ORDER BY rowid LIMIT 1;")
        let sku = try sqliteShell(db, "SELECT substr(code, 1, instr(code, char(27)) - 1) FROM skus ORDER BY rowid LIMIT 1;")
        let store = try sqliteShell(db, "SELECT id FROM locations WHERE kind = 'store' ORDER BY id LIMIT 1;")
        XCTAssertFalse(sku.isEmpty)

        let commands: [[String]] = [
            ["customer", "#\(customer)"], ["customer", "#\(business)"], ["customer", "#\(withCart)"], ["customer", "#\(customer)", "--reveal"],
            ["customer", "W"], ["orders", "--limit", "60"], ["orders", "--late"], ["order", order], ["order", returned],
            ["stock", sku], ["stock", sku, "--ledger"], ["stock", "--low"], ["stock", "--unmapped"],
            ["tickets", "--limit", "60"], ["tickets", "--status", "solved"], ["kpi"], ["store"], ["store", store], ["customers"],
            ["doctor"],
        ]
        for command in commands {
            for json in [false, true] {
                let args = command + (json ? ["--json"] : [])
                let r = try omni(binary, args, db: db)
                let label = args.joined(separator: " ")
                XCTAssertTrue([0, 1, 3].contains(r.status), "\(label): exit \(r.status) \(String(decoding: r.stderr.prefix(500), as: UTF8.self))")
                XCTAssertNil(Self.firstControl(r.stdout), "\(label) stdout")
                XCTAssertNil(Self.firstControl(r.stderr), "\(label) stderr")
                if json && r.status == 0 {
                    XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(r.stdout)), "\(label): valid JSON")
                }
            }
        }
        // Exports: JSON Lines escape every control (C0, DEL, C1, bidi) and parse line by line.
        for kind in ["customers", "identities", "orders", "stock", "movements", "tickets", "messages", "touchpoints", "skus", "locations"] {
            let r = try omni(binary, ["export", kind, "--format", "jsonl"], db: db)
            XCTAssertEqual(r.status, 0, "export \(kind): \(String(decoding: r.stderr, as: UTF8.self))")
            XCTAssertNil(Self.firstControl(r.stdout), "export \(kind) --format jsonl")
            for line in r.stdout.split(separator: 0x0A) {
                XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line)), "export \(kind): a valid JSON line")
            }
        }
    }
}
