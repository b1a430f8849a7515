import Foundation
import XCTest
import OmniStore

/// Merge decisions, privacy requests, the audit view and roles, through the binary.
final class PrivacyEndToEndTests: XCTestCase {
    typealias Run = CLITests.Run
    static let now = CLITests.now

    func omni(_ arguments: [String], as login: String = "tester") throws -> Run {
        try CLITests.omni(arguments, environment: ["OMNI_OPERATOR": login])
    }

    func auditCount(_ store: String) throws -> Int {
        try Store.open(path: store, readOnly: true).scalarInt("SELECT count(*) FROM audit_log")
    }

    /// Every TEXT value of every table (virtual tables' shadow tables included) holding `needle`.
    func occurrences(of needle: String, in store: String) throws -> [String] {
        let db = try Store.open(path: store, readOnly: true)
        var found: [String] = []
        for table in try db.fetchAll("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'").map({ $0.string(0) }) {
            for column in try db.fetchAll("SELECT name FROM pragma_table_info(?)", [table]).map({ $0.string(0) }) {
                let n = try db.scalarInt("SELECT count(*) FROM \"\(table)\" WHERE typeof(\"\(column)\") = 'text' AND instr(\"\(column)\", ?) > 0", [needle])
                if n > 0 { found.append("\(table).\(column) (\(n))") }
            }
        }
        return found
    }

    func testSuggestionConfirmedThenUndoneRestoresEveryRowAndDoctorAgrees() throws {
        let dir = try temporaryDirectory("omni-merges")
        let store = dir.appendingPathComponent("s.db").path
        XCTAssertEqual(try omni(["seed", "--db", store, "--size", "small", "--seed", "3"]).status, 0)
        let list = try omni(["merges", "--suggested", "--json", "--db", store])
        XCTAssertEqual(list.status, 0, list.stderr)
        let suggestions = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["merges"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(suggestions.count, 2)
        let db = try Store.open(path: store, readOnly: true)
        // The suggestion whose merged side has the most rows, so the undo has orders and tickets to bring back.
        func rows(_ customer: Int64) throws -> [String: [Int64]] {
            var out: [String: [Int64]] = [:]
            for t in ["identities", "orders", "tickets", "carts", "appointments", "touchpoints"] {
                out[t] = try db.fetchAll("SELECT id FROM \(t) WHERE customer_id = ? ORDER BY id", [customer]).map { $0.int64(0) }
            }
            return out
        }
        let ranked = try suggestions.map { s -> (id: Int64, survivor: Int64, merged: Int64, orders: Int) in
            let merged = Int64(s["merged_id"] as! Int)
            return (Int64(s["id"] as! Int), Int64(s["survivor_id"] as! Int), merged, try rows(merged)["orders"]!.count)
        }.sorted { $0.orders > $1.orders }
        let pick = ranked[0], other = ranked[1]
        XCTAssertGreaterThan(pick.orders, 0)
        let survivorBefore = try rows(pick.survivor), mergedBefore = try rows(pick.merged)
        let figures = "SELECT order_count, lifetime_value, last_order_at, stage, merged_into FROM customers WHERE id = ?"
        let survivorFigures = try db.fetchOne(figures, [pick.survivor]), mergedFigures = try db.fetchOne(figures, [pick.merged])
        let customersCounter = try db.scalarInt("SELECT value FROM counters WHERE name = 'customers'")

        // A merchandiser may not decide merges: refused, naming the role needed, nothing written.
        XCTAssertEqual(try omni(["roles", "set", "mia", "merchandiser", "--db", store]).status, 0)
        var audits = try auditCount(store)
        let refused = try omni(["merges", "confirm", String(pick.id), "--db", store], as: "mia")
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("mia (role merchandiser) may not undo merges, confirm or reject suggestions: needs role agent or supervisor; nothing was written"), refused.stderr)
        XCTAssertEqual(try auditCount(store), audits)
        XCTAssertEqual(try rows(pick.merged), mergedBefore)

        let confirmed = try omni(["merges", "confirm", String(pick.id), "--db", store])
        XCTAssertEqual(confirmed.status, 0, confirmed.stderr)
        XCTAssertEqual(confirmed.stdout, "suggestion #\(pick.id) confirmed: merged into customer #\(pick.survivor)\n")
        XCTAssertEqual(try auditCount(store), audits + 1, "one audit row per action")
        XCTAssertEqual(try rows(pick.merged)["orders"], [])
        XCTAssertEqual(try db.scalarInt("SELECT value FROM counters WHERE name = 'customers'"), customersCounter - 1)
        XCTAssertEqual(try omni(["doctor", "--db", store]).status, 0)
        let shown = try omni(["merges", "--customer", String(pick.merged), "--db", store])
        XCTAssertTrue(shown.stdout.contains("applied"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("\(mergedBefore["orders"]!.count) orders"), shown.stdout)

        audits = try auditCount(store)
        let undone = try omni(["merges", "undo", String(pick.id), "--db", store])
        XCTAssertEqual(undone.status, 0, undone.stderr)
        XCTAssertTrue(undone.stdout.hasPrefix("merge #\(pick.id) undone: customer #\(pick.merged) is back on its own, split from #\(pick.survivor); moved back "), undone.stdout)
        XCTAssertEqual(try auditCount(store), audits + 1)
        XCTAssertEqual(try rows(pick.merged), mergedBefore, "every row that came with the merged profile is back")
        XCTAssertEqual(try rows(pick.survivor), survivorBefore)
        XCTAssertEqual(try db.fetchOne(figures, [pick.survivor]), survivorFigures)
        XCTAssertEqual(try db.fetchOne(figures, [pick.merged]), mergedFigures)
        XCTAssertEqual(try db.scalarInt("SELECT value FROM counters WHERE name = 'customers'"), customersCounter)
        let doctor = try omni(["doctor", "--db", store])
        XCTAssertEqual(doctor.status, 0, doctor.stdout + doctor.stderr)
        XCTAssertTrue(doctor.stdout.hasSuffix("ok\n"), doctor.stdout)
        XCTAssertEqual(try Rollups.verify(try Store.open(path: store)), [])

        let again = try omni(["merges", "undo", String(pick.id), "--db", store])
        XCTAssertEqual(again.status, 2)
        XCTAssertTrue(again.stderr.contains("merge #\(pick.id) is undone, not applied"), again.stderr)
        XCTAssertEqual(try omni(["merges", "undo", "999999", "--db", store]).status, 1)

        audits = try auditCount(store)
        let rejected = try omni(["merges", "reject", String(other.id), "--db", store])
        XCTAssertEqual(rejected.status, 0, rejected.stderr)
        XCTAssertEqual(try db.scalar("SELECT status FROM merges WHERE id = ?", [other.id], as: String.self), "rejected")
        XCTAssertEqual(try db.scalar("SELECT undone_by FROM merges WHERE id = ?", [other.id], as: String.self), "tester")
        XCTAssertEqual(try auditCount(store), audits + 1)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers WHERE id IN (?, ?) AND merged_into IS NULL", [other.survivor, other.merged]), 2)

        let log = try omni(["audit", "--db", store, "--json"], as: "tester")
        XCTAssertEqual(log.status, 2, "an agent may not read the audit log")
        XCTAssertEqual(try omni(["roles", "set", "sue", "supervisor", "--db", store]).status, 0)
        XCTAssertEqual(try omni(["roles", "set", "tester", "supervisor", "--db", store]).status, 2,
                       "once a supervisor exists, only the 'roles' right assigns roles")
        let entries = try omni(["audit", "--db", store, "--action", "merge_undo", "--json"], as: "sue")
        XCTAssertEqual(entries.status, 0, entries.stderr)
        let undoEntries = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(entries.stdout.utf8)) as? [String: Any])?["entries"] as? [[String: Any]])
        XCTAssertEqual(undoEntries.count, 1)
        XCTAssertEqual(undoEntries.first?["operator_login"] as? String, "tester")
        let text = try omni(["audit", "--db", store, "--operator", "tester", "--limit", "2"], as: "sue")
        let lines = text.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 4, text.stdout)
        XCTAssertTrue(lines[1].contains("role_assign") && lines[2].contains("merge_reject"), text.stdout)
        XCTAssertTrue(lines[3].hasPrefix("more: --before "), text.stdout)
    }

    func testEraseLeavesNoPersonalValueAndKPIsUnchangedAndReimportDoesNotRecreateThePerson() throws {
        let dir = try temporaryDirectory("omni-privacy")
        let store = dir.appendingPathComponent("shop.db").path
        XCTAssertEqual(try omni(["init", "--db", store]).status, 0)
        let day: Int64 = 86_400
        let header = "Name,Email,Phone,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Total,Billing Name,Source\r\n"
        let file = dir.appendingPathComponent("orders_export.csv")
        try (header
             + "#1001,zelda.quix@example.org,+86 139 5555 0123,paid,\(Self.now - 3 * day),1,Tee,100.00,TEE-1,100.00,Zelda Quixotic,web\r\n"
             + "#1002,zelda.quix@example.org,,paid,\(Self.now - 2 * day),2,Mug,50.00,MUG-1,100.00,Zelda Quixotic,web\r\n"
             + "#1003,other@example.org,,paid,\(Self.now - 1 * day),1,Tee,100.00,TEE-1,100.00,Otto Other,web\r\n").write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try omni(["import", "shopify-orders", file.path, "--db", store]).status, 0)
        let db = try Store.open(path: store, readOnly: true)
        let zelda = try XCTUnwrap(db.scalar("SELECT customer_id FROM identities WHERE value = 'zelda.quix@example.org'", as: Int64.self))
        // A ticket with the person's words, and a reveal that the audit log records.
        let rw = try Store.open(path: store)
        try rw.execute("""
            INSERT INTO tickets(customer_id, channel, subject, status, priority, created_at, updated_at, first_response_due, resolution_due)
            VALUES (?, 'web', 'Zelda Quixotic: wrong size', 'open', 'normal', ?, ?, ?, ?)
            """, [zelda, Self.now - day, Self.now - day, Self.now, Self.now + day])
        try rw.execute("INSERT INTO ticket_messages(ticket_id, channel, author_kind, author, body, at) VALUES (?, 'web', 'customer', 'Zelda Quixotic', 'call me on +8613955550123', ?)",
                       [rw.lastInsertRowID, Self.now - day])
        XCTAssertEqual(try omni(["customer", "zelda.quix@example.org", "--reveal", "--db", store]).status, 0)

        XCTAssertEqual(try omni(["roles", "set", "sue", "supervisor", "--db", store]).status, 0)
        XCTAssertEqual(try omni(["roles", "set", "pat", "privacy_officer", "--db", store], as: "sue").status, 0)

        // Export: refused for an agent, complete for the privacy officer, audited once.
        var audits = try auditCount(store)
        let refused = try omni(["privacy", "export", String(zelda), "--db", store])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("needs role privacy_officer or supervisor"), refused.stderr)
        XCTAssertEqual(try auditCount(store), audits)
        let exported = try omni(["privacy", "export", String(zelda), "--db", store], as: "pat")
        XCTAssertEqual(exported.status, 0, exported.stderr)
        XCTAssertEqual(try auditCount(store), audits + 1)
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((doc["orders"] as? [[String: Any]])?.compactMap { $0["external_ref"] as? String }.sorted(), ["#1001", "#1002"])
        XCTAssertEqual((doc["identities"] as? [[String: Any]])?.compactMap { $0["value"] as? String }.sorted(),
                       ["+8613955550123", "zelda.quix@example.org"])
        XCTAssertEqual((doc["order_lines"] as? [[String: Any]])?.count, 2)
        XCTAssertEqual((doc["ticket_messages"] as? [[String: Any]])?.first?["body"] as? String, "call me on +8613955550123")
        XCTAssertTrue((doc["audit_entries"] as? [[String: Any]])?.contains { $0["action"] as? String == "reveal_pii" } == true)

        // Erase.
        let kpiBefore = try omni(["kpi", "--json", "--db", store])
        XCTAssertEqual(try omni(["privacy", "erase", String(zelda), "--db", store], as: "pat").status, 2, "--yes is required")
        XCTAssertEqual(try omni(["privacy", "erase", String(zelda), "--yes", "--db", store], as: "sue").status, 2, "a supervisor may not erase")
        audits = try auditCount(store)
        let erased = try omni(["privacy", "erase", String(zelda), "--yes", "--db", store], as: "pat")
        XCTAssertEqual(erased.status, 0, erased.stderr)
        XCTAssertTrue(erased.stdout.contains("2 identities (salted hashes kept)") && erased.stdout.contains("2 orders kept"), erased.stdout)
        XCTAssertEqual(try auditCount(store), audits + 1)
        for value in ["zelda.quix@example.org", "+8613955550123", "139 5555 0123", "Zelda Quixotic", "Zelda", "Quixotic"] {
            XCTAssertEqual(try occurrences(of: value, in: store), [], "\(value) is still in the store")
        }
        XCTAssertEqual(try omni(["kpi", "--json", "--db", store]).stdout, kpiBefore.stdout, "KPI totals are unchanged")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE customer_id = ?", [zelda]), 2)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM identities WHERE customer_id = ?", [zelda]), 0)
        XCTAssertEqual(try omni(["doctor", "--db", store]).status, 0)

        // The old file again: the person does not come back, and the summary says so.
        let customersBefore = try db.scalarInt("SELECT count(*) FROM customers")
        let again = try omni(["import", "shopify-orders", file.path, "--db", store])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("privacy: 2 records of erased people not linked to a customer"), again.stdout)
        XCTAssertEqual(try occurrences(of: "zelda.quix@example.org", in: store), [])
        XCTAssertEqual(try occurrences(of: "Zelda", in: store), [])
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers"), customersBefore)
        XCTAssertEqual(try omni(["kpi", "--json", "--db", store]).stdout, kpiBefore.stdout)
        // ...unless the user says so.
        let allowed = try omni(["import", "shopify-orders", file.path, "--db", store, "--allow-erased"])
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
        XCTAssertFalse(allowed.stdout.contains("privacy:"), allowed.stdout)
        XCTAssertEqual(try occurrences(of: "zelda.quix@example.org", in: store).first, "identities.value (1)")
    }
}
