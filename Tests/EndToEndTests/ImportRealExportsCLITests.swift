import Foundation
import XCTest

/// `omni import` and `omni order` on a real (anonymised) Shopify export, as a user runs them.
final class ImportRealExportsCLITests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("OmniStoreTests/Fixtures/RealExports")

    func testAShopsExportShowsWhatTheMerchantWouldLookFor() throws {
        let dir = try makeTemporaryFolder("omni-real-export")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("omni.db").path
        XCTAssertEqual(try CLITests.omni(["init", "--db", db]).status, 0)
        let file = Self.fixtures.appendingPathComponent("shopify-orders-2021-zar.csv").path
        let run = try CLITests.omni(["import", "shopify-orders", file, "--shop", "kids", "--db", db])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("imported shopify-orders of shop kids from \(file): 32 rows"), run.stdout)
        XCTAssertTrue(run.stdout.contains("  orders: 15 created, 0 updated, 0 unchanged\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("  order lines: 32 created, 0 updated, 0 unchanged\n"), run.stdout)

        let order = try CLITests.omni(["order", "kids/#13522", "--db", db])
        XCTAssertEqual(order.status, 0, order.stderr)
        let text = order.stdout
        for expected in ["· web kids/#13522 · pending", "Meyco · pending", "Ikea · pending", "Snuggletime · pending",
                         "From the channel's export", "  origin: shop kids · source web",
                         "  channel status: payment pending · fulfilment unfulfilled",
                         "  billing: 334***, Salem, OR, 97317, US", "  shipping: 371***, Muizenberg, WC, 7950, ZA",
                         "  taxes: VAT 15% ", "  outstanding: ", "  payment: custom"] {
            XCTAssertTrue(text.contains(expected), "\(expected) in:\n\(text)")
        }
        XCTAssertFalse(text.contains(" Road"), "streets masked:\n\(text)")

        let json = try CLITests.omni(["order", "kids/#13524", "--db", db, "--json"])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let extras = try XCTUnwrap(object["extras"] as? [String: Any])
        XCTAssertEqual((extras["lines"] as? [[String: Any]])?.count, 6)
        XCTAssertEqual((extras["taxes"] as? [[String: Any]])?.first?["name"] as? String, "VAT 15%")
        XCTAssertEqual((object["lines"] as? [Any])?.count, 6, "all six lines of the order, not its last")

        let again = try CLITests.omni(["import", "shopify-orders", file, "--shop", "kids", "--db", db])
        XCTAssertTrue(again.stdout.contains("  orders: 0 created, 0 updated, 15 unchanged\n"), again.stdout)
    }
}
