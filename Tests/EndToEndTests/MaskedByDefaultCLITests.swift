import Foundation
import XCTest

/// Personal data is masked in every output unless `--reveal` is given, and each reveal or
/// export of personal records writes one audit entry naming the operator and what left.
final class MaskedByDefaultCLITests: TmuxTestCase {
    func testJSONIsMaskedRevealAndExportAreAudited() throws {
        guard let sqlite = which("sqlite3") else { throw XCTSkip("sqlite3 is needed") }
        let omni = try omniBinary()
        let dir = try temporaryDirectory("omni-mask")
        let db = dir.appendingPathComponent("m.db").path
        let env = ["OMNI_NOW": "1795400000", "OMNI_OPERATOR": "auditor.li"]
        XCTAssertEqual(try run(omni, ["seed", "--db", db, "--size", "small", "--seed", "4"], env: env).0, 0)
        func query(_ sql: String) throws -> String {
            try run(sqlite, [db, sql]).1.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let id = try query("SELECT customer_id FROM identities WHERE kind = 'phone' ORDER BY id LIMIT 1;")
        let values = try query("SELECT value FROM identities WHERE customer_id = \(id);").split(separator: "\n").map(String.init)
        XCTAssertFalse(values.isEmpty)
        func audits() throws -> Int { Int(try query("SELECT count(*) FROM audit_log;")) ?? -1 }
        let before = try audits()

        // Text and JSON: masked, said so, nothing written.
        for args in [["customer", "#\(id)"], ["customer", "#\(id)", "--json"], ["orders", "--customer", id, "--json"],
                     ["tickets", "--json"], ["store", "--json"], ["customers", "--json"]] {
            let (code, out) = try run(omni, args + ["--db", db], env: env)
            XCTAssertEqual(code, 0, out)
            for v in values { XCTAssertFalse(out.contains(v), "\(args.joined(separator: " ")) shows \(v) unmasked") }
        }
        let (_, json) = try run(omni, ["customer", "#\(id)", "--json", "--db", db], env: env)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let identities = object?["identities"] as? [[String: Any]] ?? []
        XCTAssertEqual(identities.count, values.count)
        XCTAssertTrue(identities.allSatisfy { $0["masked"] as? Bool == true }, json)
        XCTAssertTrue(identities.contains { ($0["value"] as? String ?? "").contains("****") }, "the phone shows as +86…****…")
        XCTAssertEqual(try audits(), before, "masked output writes nothing")

        // --reveal: the values in full, and ONE audit row naming the operator and what.
        let (code, revealed) = try run(omni, ["customer", "#\(id)", "--json", "--reveal", "--db", db], env: env)
        XCTAssertEqual(code, 0, revealed)
        for v in values { XCTAssertTrue(revealed.contains(v.replacingOccurrences(of: "/", with: "\\/")) || revealed.contains(v), v) }
        XCTAssertTrue(revealed.contains("\"masked\" : false"), revealed)
        XCTAssertEqual(try audits(), before + 1)
        let row = try query("SELECT operator || '|' || action || '|' || entity_id || '|' || detail FROM audit_log ORDER BY id DESC LIMIT 1;")
        XCTAssertTrue(row.hasPrefix("auditor.li|reveal_pii|\(id)|revealed "), row)
        XCTAssertTrue(row.contains("phone") && row.contains("omni customer --json"), row)

        // Exports of personal records: one audit row each; exports of the rest write nothing.
        XCTAssertEqual(try run(omni, ["export", "identities", "--db", db], env: env).0, 0)
        XCTAssertEqual(try audits(), before + 2)
        XCTAssertTrue(try query("SELECT detail FROM audit_log ORDER BY id DESC LIMIT 1;")
            .hasPrefix("exported \(try query("SELECT count(*) FROM identities;")) identities with personal data to standard output"))
        XCTAssertEqual(try run(omni, ["export", "customers", "--out", dir.appendingPathComponent("c.csv").path, "--db", db], env: env).0, 0)
        XCTAssertEqual(try audits(), before + 3)
        XCTAssertEqual(try run(omni, ["export", "skus", "--db", db], env: env).0, 0)
        XCTAssertEqual(try audits(), before + 3)
    }
}
