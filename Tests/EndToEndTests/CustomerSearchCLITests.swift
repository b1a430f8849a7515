import Foundation
import XCTest
import OmniStore

/// `omni customer QUERY` as a caller's details arrive on the phone: endings list candidates,
/// a bare short number is refused with how to type an id.
final class CustomerSearchCLITests: XCTestCase {
    func testEndingsListCandidatesAndShortNumbersAreNotIDs() throws {
        let dir = try makeTemporaryFolder("omni-search-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("demo.db").path
        let seed = try CLITests.omni(["seed", "--db", path, "--size", "small", "--seed", "5"])
        XCTAssertEqual(seed.status, 0, seed.stderr)
        let db = try Store.open(path: path, readOnly: true)
        // An ending that two or more live customers share, by phone or card.
        let ending = try XCTUnwrap(try db.scalar("""
            SELECT substr(i.value, -4) FROM identities i JOIN customers c ON c.id = i.customer_id
            WHERE i.kind IN ('phone','loyalty_card') AND c.merged_into IS NULL
            GROUP BY 1 HAVING count(DISTINCT i.customer_id) >= 2 ORDER BY 1 LIMIT 1
            """, as: String.self))
        let expected = Set(try db.fetchAll("""
            SELECT DISTINCT c.id FROM identities i JOIN customers c ON c.id = i.customer_id
            WHERE i.kind IN ('phone','loyalty_card') AND c.merged_into IS NULL AND i.value LIKE ?
            """, ["%" + ending]).map { Int($0.int64(0)) })

        let run = try CLITests.omni(["customer", ending, "--db", path, "--json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let matches = try XCTUnwrap(object["matches"] as? [[String: Any]], run.stdout)
        XCTAssertEqual(Set(matches.compactMap { $0["id"] as? Int }), expected)
        for m in matches {
            XCTAssertTrue(["phone ending", "card ending"].contains(m["matched_by"] as? String ?? ""), "\(m)")
            XCTAssertTrue((m["matched"] as? String ?? "").hasSuffix(ending), "\(m)")
        }

        let text = try CLITests.omni(["customer", ending, "--db", path])
        XCTAssertEqual(text.status, 0, text.stderr)
        let lines = text.stdout.components(separatedBy: "\n")
        XCTAssertEqual(lines[0], "\(expected.count) customers match \"\(ending)\"; show one with `omni customer ID`")
        XCTAssertEqual(lines[1].split(separator: " "), ["id", "name", "phone", "city", "last", "order", "channel", "tier", "orders",
                                                         "lifetime", "matched"])
        XCTAssertEqual(lines.filter { $0.contains(" ending ") }.count, expected.count)

        let short = try CLITests.omni(["customer", "42", "--db", path])
        XCTAssertEqual(short.status, 1)
        XCTAssertTrue(short.stderr.contains("no customer matches \"42\" (a customer id is written #42; the end of a phone or card needs 4 or more digits)"),
                      short.stderr)
        let byID = try CLITests.omni(["customer", "#42", "--db", path])
        XCTAssertEqual(byID.status, 0, byID.stderr)
        XCTAssertTrue(byID.stdout.hasPrefix("#42 "), byID.stdout)
    }
}
