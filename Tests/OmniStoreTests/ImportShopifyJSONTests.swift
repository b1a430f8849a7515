import Foundation
import XCTest
@testable import OmniStore

/// `shopify-orders-json`: Shopify's order JSON (webhook / Admin API), one object per line.
final class ImportShopifyJSONTests: XCTestCase {
    static let order1 = ##"{"id":5012345678901,"name":"#1001","email":"Thandi@Example.co.za","created_at":"2026-05-01T10:15:00+02:00","processed_at":"2026-05-01T10:15:00+02:00","currency":"ZAR","financial_status":"paid","fulfillment_status":null,"source_name":"web","buyer_accepts_marketing":true,"subtotal_price":"1550.00","total_tax":"202.17","total_discounts":"50.00","total_price":"1600.00","total_shipping_price_set":{"shop_money":{"amount":"100.00","currency_code":"ZAR"}},"shipping_lines":[{"title":"Courier","price":"100.00"}],"line_items":[{"id":1,"title":"Veld Boot","name":"Veld Boot - 8","sku":"VB-8","quantity":1,"price":"1200.00"},{"id":2,"title":"Socks","name":"Socks","sku":"SK-1","quantity":2,"price":"200.00"}],"customer":{"id":7001,"email":"thandi@example.co.za","first_name":"Thandi","last_name":"Nkosi","phone":"+27821234567"},"billing_address":{"name":"Thandi Nkosi","phone":"+27821234567","city":"Cape Town","country_code":"ZA"},"shipping_address":{"name":"Thandi Nkosi","city":"Cape Town","country_code":"ZA"},"refunds":[]}"##
    static let order2 = ##"{"order":{"id":5012345678902,"order_number":1002,"email":"","created_at":"2026-05-02T09:00:00Z","currency":"ZAR","financial_status":"refunded","source_name":"pos","location_id":88,"total_price":"99.00","line_items":[{"title":"Cap","sku":"CP-1","quantity":1,"price":99}],"refunds":[{"transactions":[{"kind":"refund","status":"success","amount":"99.00"}]}],"customer":null}}"##

    func testOrdersBecomeTheSameOrdersAsTheCSVExportOfThem() throws {
        let (db, _) = try makeStore()
        let path = try writeFixture("orders.jsonl", Self.order1 + "\n\n" + Self.order2 + "\n")
        let s = try importFile(db, .shopifyOrdersJSON, path)
        XCTAssertEqual(s.counts("orders").created, 2)
        let orders = try db.fetchAll("""
            SELECT external_ref, channel, status, fulfilment, currency, subtotal, discount, shipping, tax, total, refunded, placed_at
            FROM orders ORDER BY external_ref
            """).map { r in (0..<12).map { r.string($0) }.joined(separator: "|") }
        XCTAssertEqual(orders, [
            "#1001|web|paid|ship|ZAR|155000|5000|10000|20217|160000|0|\(FieldParse.parseTime("2026-05-01T08:15:00Z")!)",
            "#1002|store|returned|in_store|ZAR|9900|0|0|0|9900|9900|\(FieldParse.parseTime("2026-05-02T09:00:00Z")!)",
        ])
        let lines = try db.fetchAll("SELECT o.external_ref, l.sku_code, l.name, l.quantity, l.unit_price FROM order_lines l JOIN orders o ON o.id = l.order_id ORDER BY l.id")
            .map { "\($0.string(0)) \($0.string(1)) \($0.string(2)) \($0.int64(3))x\($0.int64(4))" }
        XCTAssertEqual(lines, ["#1001 VB-8 Veld Boot - 8 1x120000", "#1001 SK-1 Socks 2x20000", "#1002 CP-1 Cap 1x9900"])
        let customer = try XCTUnwrap(db.fetchOne("SELECT c.name, c.consent_email FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.external_ref = '#1001'"))
        XCTAssertEqual(customer.string(0), "Thandi Nkosi")
        XCTAssertEqual(customer.int(1), 1)
        XCTAssertEqual(try db.fetchAll("SELECT kind FROM identities ORDER BY kind").map { $0.string(0) }, ["email", "phone"])
        XCTAssertEqual(try db.scalarInt("SELECT customer_id IS NULL FROM orders WHERE external_ref = '#1002'"), 1, "a guest order")

        // The same order as Shopify's CSV export writes it lands as the same rows.
        let (csvDB, _) = try makeStore()
        let csv = csvFile(shopifyOrderHeader, [
            ["Name": "#1001", "Email": "Thandi@Example.co.za", "Financial Status": "paid", "Paid at": "2026-05-01 10:15:00 +0200",
             "Accepts Marketing": "yes", "Currency": "ZAR", "Subtotal": "1550.00", "Shipping": "100.00", "Taxes": "202.17", "Total": "1600.00",
             "Discount Amount": "50.00", "Shipping Method": "Courier", "Created at": "2026-05-01 10:15:00 +0200", "Lineitem quantity": "1",
             "Lineitem name": "Veld Boot - 8", "Lineitem price": "1200.00", "Lineitem sku": "VB-8", "Billing Name": "Thandi Nkosi",
             "Billing Phone": "+27821234567", "Billing City": "Cape Town", "Shipping City": "Cape Town", "Phone": "+27821234567", "Source": "web"],
            ["Name": "#1001", "Lineitem quantity": "2", "Lineitem name": "Socks", "Lineitem price": "200.00", "Lineitem sku": "SK-1"],
        ])
        _ = try importFile(csvDB, .shopifyOrders, try writeFixture("orders.csv", csv))
        func snapshot(_ db: Database) throws -> [String] {
            try db.fetchAll("""
                SELECT o.external_ref, o.status, o.total, o.tax, o.shipping, o.discount, o.placed_at, c.name, c.city, c.consent_email,
                       group_concat(l.sku_code || 'x' || l.quantity || '@' || l.unit_price, ',')
                FROM orders o JOIN customers c ON c.id = o.customer_id JOIN order_lines l ON l.order_id = o.id
                WHERE o.external_ref = '#1001' GROUP BY o.id
                """).map { r in (0..<11).map { r.string($0) }.joined(separator: "|") }
        }
        XCTAssertEqual(try snapshot(db), try snapshot(csvDB))

        // Again: nothing changes.
        let again = try importFile(db, .shopifyOrdersJSON, path)
        XCTAssertEqual(again.counts("orders").unchanged, 2)
        XCTAssertEqual(again.counts("orders").created + again.counts("orders").updated, 0)
    }

    func testABadObjectNamesItsLine() throws {
        let (db, _) = try makeStore()
        let path = try writeFixture("bad.jsonl", Self.order1 + "\n" + ##"{"id":1,"name":"#1003","created_at":"2026-02-30T00:00:00Z","line_items":[]}"## + "\n[1,2]\n")
        let s = try importFile(db, .shopifyOrdersJSON, path, skip: true)
        XCTAssertEqual(s.issues.map(\.description), [
            "\(path):2: Created at \"2026-02-30T00:00:00Z\" is not a day of the calendar",
            "\(path):3: a JSON Lines record must be an object {...}",
        ])
        XCTAssertEqual(s.counts("orders").created, 1)
    }
}
