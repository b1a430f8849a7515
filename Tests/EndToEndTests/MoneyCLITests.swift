import Foundation
import XCTest
import OmniStore

/// The binary on a store with orders in rand, euro, dollars and yuan: `omni kpi` (text and
/// JSON) per currency without rates, converted with them, `omni import fx-rates`, `omni currency`,
/// and orders and customers in their own currency.
final class MoneyCLITests: XCTestCase {
    /// CLITests' clock, 2026-11-23 02:13:20 UTC.
    static let ordersCSV = """
    channel,external_ref,customer_ref,status,fulfilment,placed_at,currency,subtotal,discount,shipping,tax,total,refunded,lines
    web,Z-1,email:thabo@example.co.za,paid,ship,2026-11-23T01:00:00Z,ZAR,167800,0,0,0,167800,0,[]
    web,E-1,email:anna@example.de,paid,ship,2026-11-23T01:10:00Z,EUR,1250,0,0,0,1250,0,[]
    app,U-1,email:joe@example.com,paid,ship,2026-11-23T01:30:00Z,USD,500,0,0,0,500,0,[]
    app,C-1,email:thabo@example.co.za,paid,ship,2026-11-23T02:00:00Z,CNY,9900,0,0,0,9900,0,[]

    """

    func omni(_ arguments: [String]) throws -> CLITests.Run { try CLITests.omni(arguments) }

    func object(_ run: CLITests.Run, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    func money(_ value: Any?) -> [String] {
        ((value as? [[String: Any]]) ?? []).map { "\($0["currency"] ?? "?") \($0["minor"] ?? "?")" }
    }

    func testKPIsPerCurrencyThenConvertedWithImportedRates() throws {
        let dir = try temporaryDirectory("omni-money")
        let store = dir.appendingPathComponent("m.db").path
        XCTAssertEqual(try omni(["init", "--db", store]).status, 0)
        let orders = dir.appendingPathComponent("orders.csv")
        try Self.ordersCSV.write(to: orders, atomically: true, encoding: .utf8)
        XCTAssertEqual(try omni(["import", "orders", orders.path, "--db", store]).status, 0)

        // No rates: the yuan net, every other currency listed beside it.
        let before = try object(try omni(["kpi", "--db", store, "--json"]))
        XCTAssertEqual(before["reporting_currency"] as? String, "CNY")
        XCTAssertEqual(before["fx_rates_loaded"] as? Bool, false)
        XCTAssertTrue(before["rate_date"] == nil || before["rate_date"] is NSNull)
        XCTAssertEqual(money(before["unconverted"]), ["EUR 1250", "USD 500", "ZAR 167800"])
        XCTAssertEqual(money(before["today_by_currency"]), ["CNY 9900", "EUR 1250", "USD 500", "ZAR 167800"])
        let total = try XCTUnwrap(before["today_total"] as? [String: Any])
        XCTAssertEqual(money([try XCTUnwrap(total["net"])]), ["CNY 9900"])
        let text = try omni(["kpi", "--db", store])
        XCTAssertTrue(text.stdout.contains("Today (2026-11-23): 4 orders · net ¥99.00 · AOV ¥99.00"), text.stdout)
        XCTAssertTrue(text.stdout.contains("not converted (no fx rates loaded), not in the net above: €12.50 + US$5.00 + R 1,678.00"),
                      text.stdout)
        XCTAssertTrue(text.stdout.contains("web               2        ¥0.00   ¥0.00  €12.50 + R 1,678.00"), text.stdout)

        // Rates: a bad file is refused whole, naming its line; a good one converts.
        let bad = dir.appendingPathComponent("bad.csv")
        try "date,base,quote,rate\n2026-11-22,ZAR,CNY,0.3921\n22/11/2026,EUR,CNY,7.8\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try omni(["import", "fx-rates", bad.path, "--db", store])
        XCTAssertEqual(refused.status, 4)
        XCTAssertTrue(refused.stderr.contains("bad.csv:3: date \"22/11/2026\" is not a date written YYYY-MM-DD"), refused.stderr)
        let rates = dir.appendingPathComponent("rates.csv")
        try "date,base,quote,rate,source\r\n2026-11-22,ZAR,CNY,0.3921,SARB\r\n2026-11-23,CNY,USD,0.14,PBOC\r\n"
            .write(to: rates, atomically: true, encoding: .utf8)
        let imported = try omni(["import", "fx-rates", rates.path, "--db", store])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(imported.stdout, """
            imported fx-rates from \(rates.path): 2 rates, 2026-11-22 to 2026-11-23
              fx rates: 2 created, 0 updated, 0 unchanged
              pairs: CNY/USD, ZAR/CNY · KPIs report in CNY

            """)

        let after = try object(try omni(["kpi", "--db", store, "--json"]))
        XCTAssertEqual(after["rate_date"] as? String, "2026-11-22")
        XCTAssertEqual(money(after["unconverted"]), ["EUR 1250"], "no EUR rate: listed, not guessed")
        let used = try XCTUnwrap(after["rates"] as? [[String: Any]])
        XCTAssertEqual(used.map { "\($0["currency"]!) \($0["date"]!)" }, ["USD 2026-11-23", "ZAR 2026-11-22"])
        let net = try XCTUnwrap((after["today_total"] as? [String: Any])?["net"] as? [String: Any])
        XCTAssertEqual(net["minor"] as? Int, 9_900 + 65_794 + 3_571)
        let converted = try omni(["kpi", "--db", store])
        XCTAssertTrue(converted.stdout.contains("net ¥792.65"), converted.stdout)
        XCTAssertTrue(converted.stdout.contains(
            "revenue in CNY · converted at rates of 2026-11-22: 1 USD = 7.14286 CNY, 1 ZAR = 0.3921 CNY"), converted.stdout)
        XCTAssertTrue(converted.stdout.contains("not converted (no rate), not in the net above: €12.50"), converted.stdout)

        // The reporting currency is a setting.
        let currency = try object(try omni(["currency", "USD", "--db", store, "--json"]))
        XCTAssertEqual(currency["reporting_currency"] as? String, "USD")
        XCTAssertEqual((currency["pairs"] as? [[String: Any]])?.count, 2)
        let inDollars = try object(try omni(["kpi", "--db", store, "--json"]))
        XCTAssertEqual(inDollars["reporting_currency"] as? String, "USD")
        XCTAssertEqual(money(inDollars["unconverted"]), ["EUR 1250", "ZAR 167800"])
        let wrong = try omni(["currency", "rand", "--db", store])
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.stderr.contains("\"rand\" is not a currency code"), wrong.stderr)

        // Orders and customers in their own currency.
        let list = try omni(["orders", "--db", store])
        XCTAssertTrue(list.stdout.contains("R 1,678.00") && list.stdout.contains("US$5.00") && list.stdout.contains("€12.50"), list.stdout)
        let customer = try omni(["customer", "thabo@example.co.za", "--db", store])
        XCTAssertTrue(customer.stdout.contains("lifetime R 1,678.00 + ¥99.00"), customer.stdout)
        XCTAssertEqual(try omni(["doctor", "--db", store]).status, 0)
    }
}
