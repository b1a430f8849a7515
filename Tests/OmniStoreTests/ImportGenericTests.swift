import Foundation
import XCTest
@testable import OmniStore

final class ImportGenericTests: XCTestCase {
    func testSameContactsAcrossFilesLandOnOneCustomerWithBothReasons() throws {
        let (db, _) = try makeStore()
        let order = csvFile(shopifyOrderHeader, [
            ["Name": "#3001", "Email": "carol@example.com", "Financial Status": "paid", "Total": "88.00", "Subtotal": "88.00",
             "Created at": "2026-05-01 10:00:00 +0800", "Lineitem quantity": "1", "Lineitem name": "Scarf", "Lineitem price": "88.00",
             "Lineitem sku": "SCF-01", "Billing Name": "Carol Chen", "Source": "web"],
        ])
        _ = try importFile(db, .shopifyOrders, try writeFixture("orders.csv", order))
        let customers = "name,phone,city,consent_sms\nCarol Chen,137 0000 1234,Hangzhou,yes\n"
        let c = try importFile(db, .customers, try writeFixture("customers.csv", customers))
        XCTAssertEqual(c.customersCreated, 1, "a phone alone is a different customer until something joins them")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers WHERE merged_into IS NULL"), 2)

        let ticket = """
        {"channel":"callcentre","email":"Carol@Example.com","phone":"+86 137-0000-1234","subject":"Where is my scarf?","status":"open","priority":"high","created_at":"2026-05-04T02:00:00Z","order_channel":"web","order_external_ref":"#3001"}

        """
        let t = try importFile(db, .tickets, try writeFixture("tickets.jsonl", ticket))
        XCTAssertEqual(t.customersMerged, 1)
        XCTAssertEqual(t.counts("tickets").created, 1)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers WHERE merged_into IS NULL"), 1)
        let live = try db.scalarInt("SELECT id FROM customers WHERE merged_into IS NULL")
        let ids = try db.fetchAll("SELECT kind, link_evidence FROM identities WHERE customer_id = ? ORDER BY kind", [live])
        XCTAssertEqual(ids.map { $0.string(0) }, ["email", "phone"])
        XCTAssertTrue(ids[0].string(1).contains("shopify-orders orders.csv:2"), ids[0].string(1))
        XCTAssertTrue(ids[1].string(1).contains("customers customers.csv:2"), ids[1].string(1))
        let merge = try XCTUnwrap(db.fetchOne("SELECT status, rule, evidence FROM merges"))
        XCTAssertEqual(merge.string(0), "applied")
        XCTAssertTrue(merge.string(2).contains("tickets tickets.jsonl:1"), merge.string(2))
        XCTAssertEqual(try db.scalarInt("SELECT customer_id FROM tickets"), live)
        XCTAssertEqual(try db.scalarInt("SELECT customer_id FROM orders"), live)
        XCTAssertEqual(try db.scalarInt("SELECT order_id FROM tickets"), try db.scalarInt("SELECT id FROM orders"))
        // Consent is not inferred from the merged record: the survivor keeps its own...
        XCTAssertEqual(try db.scalarInt("SELECT consent_sms FROM customers WHERE id = ?", [live]), 0)
        // ...until a file says it for the customer holding that phone.
        _ = try importFile(db, .customers, try writeFixture("customers.csv", customers))
        XCTAssertEqual(try db.scalarInt("SELECT consent_sms FROM customers WHERE id = ?", [live]), 1)

        // Again: nothing changes.
        let changes = db.totalChanges
        _ = try importFile(db, .tickets, try writeFixture("tickets.jsonl", ticket))
        _ = try importFile(db, .customers, try writeFixture("customers.csv", customers))
        XCTAssertEqual(db.totalChanges, changes)
    }

    func testGenericOrdersWithLinesColumnAndErrors() throws {
        let (db, _) = try makeStore()
        let csv = """
        channel,external_ref,customer_ref,status,fulfilment,placed_at,currency,subtotal,discount,shipping,tax,total,refunded,lines
        app,A-1,email:dan@example.com,paid,ship,2026-05-01T02:00:00Z,CNY,30000,0,1000,0,31000,0,"[{""sku"":""TEE-RED-M"",""name"":""Tee, red"",""quantity"":2,""unit_price"":15000}]"
        app,A-2,,delivered,ship,2026-05-01T03:00:00Z,CNY,100,0,0,0,100,0,[]
        wechat,W-1,phone:13812345678,paid,ship,2026-05-02,CNY,abc,0,0,0,100,0,[]
        """
        let path = try writeFixture("orders.csv", csv + "\n")
        XCTAssertThrowsError(try importFile(db, .orders, path)) { error in
            XCTAssertEqual((error as? ImportFailure).flatMap { if case .invalidRow(let i) = $0 { return i.description } else { return nil } },
                           "\(path):4: subtotal \"abc\" is not a whole number")
        }
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders"), 0)
        let s = try importFile(db, .orders, path, skip: true)
        XCTAssertEqual(s.counts("orders").created, 2)
        XCTAssertEqual(s.rowsSkipped, 1)
        let l = try XCTUnwrap(db.fetchOne("SELECT l.name, l.quantity, o.units, o.customer_id FROM order_lines l JOIN orders o ON o.id = l.order_id"))
        XCTAssertEqual(l.string(0), "Tee, red"); XCTAssertEqual(l.int(1), 2); XCTAssertEqual(l.int(2), 2); XCTAssertNotNil(l.optionalInt64(3))

        let bad = try writeFixture("bad.jsonl", "{\"channel\":\"fax\",\"external_ref\":\"X\",\"placed_at\":\"2026-05-01\"}\nnot json\n")
        let s2 = try importFile(db, .orders, bad, skip: true)
        XCTAssertEqual(s2.issues.map(\.description), ["\(bad):1: channel \"fax\" is not one of web, app, wechat, marketplace, store, callcentre, b2b",
                                                      "\(bad):2: not valid JSON"])
    }

    func testWrongFileForKindIsRefused() throws {
        let (db, _) = try makeStore()
        let path = try writeFixture("x.csv", "foo,bar\n1,2\n")
        XCTAssertThrowsError(try importFile(db, .shopifyOrders, path)) { error in
            guard case .badHeader = error as? ImportFailure else { return XCTFail("\(error)") }
        }
    }
}
