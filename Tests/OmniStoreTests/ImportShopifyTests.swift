import Foundation
import XCTest
@testable import OmniStore

/// The full Shopify orders export header, in Shopify's order.
let shopifyOrderHeader = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing",
    "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method", "Created at",
    "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping",
    "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street", "Billing Address1", "Billing Address2",
    "Billing Company", "Billing City", "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name",
    "Shipping Street", "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip",
    "Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes", "Cancelled at", "Payment Method",
    "Payment Reference", "Refunded Amount", "Vendor", "Outstanding Balance", "Employee", "Location", "Device ID", "Id", "Tags",
    "Risk Level", "Source", "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Phone", "Receipt Number"]

/// Rows of a realistic export: multi-line orders (order columns on the first row only), a POS
/// sale with a Chinese name, a guest order without e-mail, a junk e-mail, a quoted newline
/// in Notes, a name with a comma and quotes, and order #1001 exported twice.
func shopifyOrderRows(status1001: String = "paid", fulfillment1001: String = "unfulfilled", refunded1001: String = "",
                      badTotalOn1003: Bool = false) -> [[String: String]] {
    [
        ["Name": "#1001", "Email": "Ann.Lee@Example.com", "Financial Status": status1001, "Paid at": "2026-05-01 10:00:00 +0200",
         "Fulfillment Status": fulfillment1001, "Accepts Marketing": "yes", "Currency": "CNY", "Subtotal": "398.00", "Shipping": "10.00",
         "Taxes": "0.00", "Total": "398.00", "Discount Code": "SPRING", "Discount Amount": "10.00", "Shipping Method": "Standard",
         "Created at": "2026-05-01 09:59:00 +0200", "Lineitem quantity": "2", "Lineitem name": "Tee - Red / M", "Lineitem price": "149.00",
         "Lineitem sku": "TEE-RED-M", "Billing Name": "Lee, Ann \"Annie\"", "Billing City": "Shanghai", "Billing Phone": "'+86 138 1234 5678",
         "Shipping Name": "Lee, Ann \"Annie\"", "Shipping City": "Shanghai", "Notes": "Leave at the door,\nplease", "Refunded Amount": refunded1001,
         "Id": "5001", "Source": "web"],
        ["Name": "#1001", "Lineitem quantity": "1", "Lineitem name": "Mug", "Lineitem price": "100.00", "Lineitem sku": "MUG-01"],
        ["Name": "#1002", "Financial Status": "paid", "Fulfillment Status": "fulfilled", "Currency": "CNY", "Subtotal": "299.00",
         "Shipping": "0.00", "Taxes": "0.00", "Total": "299.00", "Created at": "2026-05-02 15:30:00 +0800", "Lineitem quantity": "1",
         "Lineitem name": "Jacket", "Lineitem price": "299.00", "Lineitem sku": "JKT-01", "Billing Name": "王芳", "Billing Phone": "13900001111",
         "Location": "Shanghai Jing'an Store", "Source": "pos", "Id": "5002"],
        ["Name": "#1003", "Financial Status": "pending", "Fulfillment Status": "unfulfilled", "Currency": "CNY", "Subtotal": "50.00",
         "Shipping": "0.00", "Taxes": "0.00", "Total": badTotalOn1003 ? "12,5x" : "50.00", "Created at": "2026-05-03 08:00:00 +0800",
         "Lineitem quantity": "1", "Lineitem name": "Socks", "Lineitem price": "50.00", "Lineitem sku": "SOCK-01", "Billing Name": "No Mail",
         "Source": "web", "Id": "5003"],
        ["Name": "#1004", "Email": "test@test.com", "Financial Status": "paid", "Fulfillment Status": "unfulfilled", "Currency": "CNY",
         "Subtotal": "20.00", "Total": "20.00", "Created at": "2026-05-03 09:00:00 +0800", "Lineitem quantity": "1", "Lineitem name": "Pin",
         "Lineitem price": "20.00", "Lineitem sku": "PIN-01", "Billing Name": "Tess Test", "Phone": "n/a", "Source": "web", "Id": "5004"],
    ]
}

func shopifyOrdersCSV(_ rows: [[String: String]], duplicate1001: Bool = true) -> String {
    csvFile(shopifyOrderHeader, rows + (duplicate1001 ? Array(rows.prefix(2)) : []))
}

/// Every row of the tables an import writes, as text: equal dumps, equal stores.
func dump(_ db: Database) throws -> String {
    var out = ""
    for table in ["customers", "identities", "merges", "orders", "order_lines", "products", "skus", "channel_skus", "locations", "stock",
                  "stock_movements", "tickets", "ticket_messages", "touchpoints", "audit_log", "counters", "kpi_sales_day"] {
        for row in try db.fetchAll("SELECT * FROM \(table) ORDER BY 1, 2") {
            out += table + ": " + row.values.map { "\($0)" }.joined(separator: "|") + "\n"
        }
    }
    return out
}

func importFile(_ db: Database, _ kind: ImportKind, _ path: String, dryRun: Bool = false, skip: Bool = false) throws -> ImportSummary {
    var options = ImportOptions()
    options.dryRun = dryRun
    options.skipInvalid = skip
    options.now = 1_780_000_000
    return try Importer(db, options: options).importFile(kind, path)
}

final class ImportShopifyTests: XCTestCase {
    func makeCatalog(_ db: Database) throws {
        try db.execute("INSERT INTO products(id, name) VALUES (1, 'Tee')")
        try db.execute("INSERT INTO skus(code, product_id, name, color, size, price) VALUES ('TEE-RED-M', 1, 'Tee Red M', 'Red', 'M', 14900)")
    }

    /// A file of orders is written with the insert triggers suspended and applied set-wise at
    /// the end (ImportBatch): whatever the path (bulk or not), the store must end as if every
    /// trigger had fired — rollups, counters, stages, the name index, the change feed — with
    /// the schema as it was, through a merge, a cancellation and a later status change; also
    /// when the captured inserts are applied every two orders (as a long file does).
    func testBatchedOrderFilesLeaveEveryDerivedFigureTrue() throws {
        for (bulk, applyEvery) in [(true, 50_000), (false, 50_000), (true, 2)] {
            let (db, _) = try makeStore()
            try makeCatalog(db)
            let schema = try db.fetchAll("SELECT type, name, sql FROM sqlite_master ORDER BY name").map { $0.values.map { "\($0)" } }
            func load(_ rows: [[String: String]], _ name: String) throws -> ImportSummary {
                var options = ImportOptions()
                options.now = 1_780_000_000
                let importer = Importer(db, options: options)
                importer.bulkLoad = bulk
                importer.batchApplyEvery = applyEvery
                return try importer.importFile(.shopifyOrders, try writeFixture(name, shopifyOrdersCSV(rows, duplicate1001: false)))
            }
            func order(_ name: String, email: String = "", phone: String = "", financial: String = "paid", day: Int,
                       total: String = "30.00", cancelled: String = "", billing: String) -> [String: String] {
                ["Name": name, "Email": email, "Phone": phone, "Financial Status": financial, "Total": total, "Subtotal": total,
                 "Created at": "2026-05-\(day) 10:00:00 +0800", "Cancelled at": cancelled, "Lineitem quantity": "1",
                 "Lineitem name": "Tee", "Lineitem price": total, "Lineitem sku": "TEE-RED-M", "Billing Name": billing, "Source": "web"]
            }
            let first = try load(shopifyOrderRows(), "first.csv")
            XCTAssertEqual(first.counts("orders").created, 4)
            // Two customers, then an order carrying both contacts merges them inside the file.
            let second = try load([
                order("#2001", email: "mei@example.com", day: 10, billing: "李梅"),
                order("#2002", phone: "13700002222", day: 11, billing: "Mei Li"),
                order("#2003", email: "mei@example.com", phone: "13700002222", day: 12, billing: "李梅"),
                order("#2004", email: "mei@example.com", day: 13, cancelled: "2026-05-13 11:00:00 +0800", billing: "李梅"),
            ], "second.csv")
            XCTAssertEqual(second.customersMerged, 1, "bulk \(bulk)")

            XCTAssertEqual(try Rollups.verify(db), [], "bulk \(bulk)")
            XCTAssertEqual(try db.fetchAll("SELECT type, name, sql FROM sqlite_master ORDER BY name").map { $0.values.map { "\($0)" } },
                           schema, "every trigger and index is back as it was (bulk \(bulk))")
            try db.execute("INSERT INTO customer_names(customer_names) VALUES ('integrity-check')")
            XCTAssertEqual(try CustomerQueries.search(db, "李梅").count, 1, "bulk \(bulk)")
            XCTAssertEqual(try CustomerQueries.search(db, "annie").count, 1, "bulk \(bulk)")
            let mei = try db.scalarInt("SELECT customer_id FROM orders WHERE external_ref = '#2003'")
            let figures = try XCTUnwrap(db.fetchOne("SELECT order_count, stage, merged_into FROM customers WHERE id = ?", [mei]))
            XCTAssertEqual(figures.int(0), 3, "#2004 is cancelled (bulk \(bulk))")
            XCTAssertEqual(figures.string(1), "repeat")
            XCTAssertNil(figures.optionalInt64(2))
            XCTAssertEqual(try db.scalarInt("SELECT repeat_orders FROM kpi_sales_day WHERE day = ?", [Int(1_778_580_000 / 86400)]), 1,
                           "#2003 came after #2001 of the same customer (bulk \(bulk))")
            XCTAssertEqual(try db.scalarInt("SELECT count(DISTINCT entity_id) FROM change_log WHERE entity = 'order'"),
                           try db.scalarInt("SELECT count(*) FROM orders"), "the console hears of every order (bulk \(bulk))")

            // A later export moves a status: the update triggers, back on, keep the figures true.
            _ = try load(shopifyOrderRows(status1001: "refunded", fulfillment1001: "fulfilled", refunded1001: "398.00"), "later.csv")
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE status = 'returned'"), 1)
            XCTAssertEqual(try Rollups.verify(db), [], "bulk \(bulk)")
        }
    }

    func testOrdersLandWithCustomersLinesChannelsAndGuests() throws {
        let (db, _) = try makeStore()
        try makeCatalog(db)
        let path = try writeFixture("orders.csv", shopifyOrdersCSV(shopifyOrderRows()), bom: true, crlf: true)
        let s = try importFile(db, .shopifyOrders, path)
        XCTAssertEqual(s.counts("orders"), { var c = EntityCounts(); c.created = 4; c.unchanged = 1; return c }())
        XCTAssertEqual(s.customersCreated, 2)
        XCTAssertGreaterThanOrEqual(s.contactsIgnored, 2) // test@test.com and n/a

        let o = try XCTUnwrap(db.fetchOne("SELECT channel, status, fulfilment, total, discount, shipping, units, customer_id, placed_at FROM orders WHERE external_ref = '#1001'"))
        XCTAssertEqual(o.string(0), "web"); XCTAssertEqual(o.string(1), "paid"); XCTAssertEqual(o.string(2), "ship")
        XCTAssertEqual(o.int(3), 39800); XCTAssertEqual(o.int(4), 1000); XCTAssertEqual(o.int(5), 1000); XCTAssertEqual(o.int(6), 3)
        XCTAssertEqual(o.int64(8), FieldParse.parseTime("2026-05-01T07:59:00Z"))
        let lines = try db.fetchAll("SELECT sku_code, quantity, unit_price, sku_id FROM order_lines WHERE order_id = (SELECT id FROM orders WHERE external_ref = '#1001') ORDER BY id")
        XCTAssertEqual(lines.map { $0.string(0) }, ["TEE-RED-M", "MUG-01"])
        XCTAssertEqual(lines.map { $0.int(2) }, [14900, 10000])
        XCTAssertNotNil(lines[0].optionalInt64(3)); XCTAssertNil(lines[1].optionalInt64(3))
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM channel_skus WHERE sku_id IS NULL AND code = 'MUG-01' AND channel = 'web'"), 1)

        let ann = try XCTUnwrap(db.fetchOne("SELECT name, city, consent_email FROM customers WHERE id = ?", [o.int64(7)]))
        XCTAssertEqual(ann.string(0), "Lee, Ann \"Annie\""); XCTAssertEqual(ann.string(1), "Shanghai"); XCTAssertEqual(ann.int(2), 1)
        let ids = try db.fetchAll("SELECT kind, value, link_evidence FROM identities WHERE customer_id = ? ORDER BY kind", [o.int64(7)])
        XCTAssertEqual(ids.map { $0.string(1) }, ["ann.lee@example.com", "+8613812345678"])
        XCTAssertTrue(ids[0].string(2).contains("shopify-orders orders.csv:2 (#1001)"), ids[0].string(2))

        let pos = try XCTUnwrap(db.fetchOne("""
            SELECT o.channel, o.fulfilment, o.status, l.name, l.kind, c.name FROM orders o JOIN locations l ON l.id = o.location_id
            JOIN customers c ON c.id = o.customer_id WHERE o.external_ref = '#1002'
            """))
        XCTAssertEqual(pos.values.map { String.fromDatabaseValue($0) ?? "" }, ["store", "in_store", "fulfilled", "Shanghai Jing'an Store", "store", "王芳"])
        XCTAssertNil(try db.fetchOne("SELECT customer_id FROM orders WHERE external_ref = '#1003'")?.optionalInt64(0), "no contact: a guest order")
        XCTAssertNil(try db.fetchOne("SELECT customer_id FROM orders WHERE external_ref = '#1004'")?.optionalInt64(0), "junk contacts: a guest order")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM identities WHERE value IN ('test@test.com', 'n/a')"), 0)
    }

    func testBadNumberStopsTheFileAndWritesNothing() throws {
        let (db, _) = try makeStore()
        try makeCatalog(db)
        let before = try dump(db)
        let path = try writeFixture("orders.csv", shopifyOrdersCSV(shopifyOrderRows(badTotalOn1003: true)))
        XCTAssertThrowsError(try importFile(db, .shopifyOrders, path)) { error in
            guard case .invalidRow(let issue) = error as? ImportFailure else { return XCTFail("\(error)") }
            XCTAssertEqual(issue.line, 6) // header, #1001 (2 rows, Notes spans 2 lines), #1002, then #1003
            XCTAssertEqual(issue.description, "\(path):6: Total \"12,5x\" is not a number")
        }
        XCTAssertEqual(try dump(db), before)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders"), 0)
    }

    func testNegativePriceOrTotalIsRefusedWithItsLine() throws {
        let (db, _) = try makeStore()
        try makeCatalog(db)
        for (index, column, value) in [(1, "Lineitem price", "-100.00"), (2, "Total", "-299.00"), (0, "Refunded Amount", "-5.00")] {
            var rows = shopifyOrderRows()
            rows[index][column] = value
            let path = try writeFixture("negative.csv", shopifyOrdersCSV(rows, duplicate1001: false))
            XCTAssertThrowsError(try importFile(db, .shopifyOrders, path), column) { error in
                guard case .invalidRow(let issue) = error as? ImportFailure else { return XCTFail("\(error)") }
                XCTAssertTrue(issue.description.hasSuffix("\(column) \"\(value)\" is negative"), issue.description)
            }
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders"), 0, column)
        }
    }

    func testSkipInvalidImportsTheRest() throws {
        let (db, _) = try makeStore()
        let path = try writeFixture("orders.csv", shopifyOrdersCSV(shopifyOrderRows(badTotalOn1003: true)))
        let s = try importFile(db, .shopifyOrders, path, skip: true)
        XCTAssertEqual(s.rowsSkipped, 1)
        XCTAssertEqual(s.issues.map(\.line), [6])
        XCTAssertEqual(try db.fetchAll("SELECT external_ref FROM orders ORDER BY external_ref").map { $0.string(0) }, ["#1001", "#1002", "#1004"])
    }

    func testDryRunWritesNothing() throws {
        let (db, _) = try makeStore()
        let before = try dump(db)
        let s = try importFile(db, .shopifyOrders, try writeFixture("orders.csv", shopifyOrdersCSV(shopifyOrderRows())), dryRun: true)
        XCTAssertTrue(s.dryRun)
        XCTAssertEqual(s.counts("orders").created, 4)
        XCTAssertEqual(try dump(db), before)
    }

    func testSecondImportChangesNothingAndLaterExportsUpdateStatus() throws {
        let (db, _) = try makeStore()
        let path = try writeFixture("orders.csv", shopifyOrdersCSV(shopifyOrderRows()))
        _ = try importFile(db, .shopifyOrders, path)
        let before = try dump(db)
        let changes = db.totalChanges
        let again = try importFile(db, .shopifyOrders, path)
        XCTAssertEqual(db.totalChanges, changes)
        XCTAssertEqual(try dump(db), before)
        XCTAssertEqual(again.counts("orders").unchanged, 5)
        XCTAssertEqual(again.customersCreated, 0)

        let fulfilled = try writeFixture("orders2.csv", shopifyOrdersCSV(Array(shopifyOrderRows(fulfillment1001: "fulfilled").prefix(2)), duplicate1001: false))
        XCTAssertEqual(try importFile(db, .shopifyOrders, fulfilled).counts("orders").updated, 1)
        XCTAssertEqual(try db.scalar("SELECT status FROM orders WHERE external_ref = '#1001'", as: String.self), "fulfilled")

        var rows = Array(shopifyOrderRows(status1001: "refunded", fulfillment1001: "fulfilled", refunded1001: "398.00").prefix(2))
        rows[1]["Lineitem quantity"] = "2" // the refunded export also differs in a line: lines are replaced as a whole
        let refunded = try writeFixture("orders3.csv", shopifyOrdersCSV(rows, duplicate1001: false))
        let s = try importFile(db, .shopifyOrders, refunded)
        XCTAssertEqual(s.counts("orders").updated, 1)
        let o = try XCTUnwrap(db.fetchOne("SELECT status, refunded, units, id FROM orders WHERE external_ref = '#1001'"))
        XCTAssertEqual(o.string(0), "returned"); XCTAssertEqual(o.int(1), 39800); XCTAssertEqual(o.int(2), 4)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders WHERE external_ref = '#1001'"), 1)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM order_lines WHERE order_id = ?", [o.int64(3)]), 2)
        XCTAssertEqual(try db.scalarInt("SELECT refunded FROM kpi_sales_day WHERE channel = 'web' AND refunded > 0"), 39800)
    }

    func testJunkEmailsMergeNobody() throws {
        let (db, _) = try makeStore()
        let rows: [[String: String]] = [
            ["Name": "#2001", "Email": "test@test.com", "Phone": "13511112222", "Financial Status": "paid", "Total": "1.00",
             "Created at": "2026-05-01 10:00:00 +0800", "Lineitem quantity": "1", "Lineitem name": "A", "Lineitem price": "1.00", "Billing Name": "A"],
            ["Name": "#2002", "Email": "test@test.com", "Phone": "13633334444", "Financial Status": "paid", "Total": "1.00",
             "Created at": "2026-05-01 11:00:00 +0800", "Lineitem quantity": "1", "Lineitem name": "A", "Lineitem price": "1.00", "Billing Name": "B"],
            ["Name": "#2003", "Email": "n/a", "Phone": "00000000000", "Financial Status": "paid", "Total": "1.00",
             "Created at": "2026-05-01 12:00:00 +0800", "Lineitem quantity": "1", "Lineitem name": "A", "Lineitem price": "1.00", "Billing Name": "C"],
        ]
        let s = try importFile(db, .shopifyOrders, try writeFixture("junk.csv", csvFile(shopifyOrderHeader, rows)))
        XCTAssertEqual(s.customersCreated, 2)
        XCTAssertEqual(s.customersMerged, 0)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM merges"), 0)
        XCTAssertEqual(try db.scalarInt("SELECT count(DISTINCT customer_id) FROM orders WHERE customer_id IS NOT NULL"), 2)
    }

    func testCustomersBothLayoutsWithConsent() throws {
        let (db, _) = try makeStore()
        let current = csvFile(["Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing", "Default Address Company",
                               "Default Address Address1", "Default Address City", "Default Address Country Code", "Phone",
                               "Accepts SMS Marketing", "Total Spent", "Total Orders", "Note", "Tax Exempt", "Tags"], [
            ["Customer ID": "7001", "First Name": "Ann", "Last Name": "Lee", "Email": "ann.lee@example.com", "Accepts Email Marketing": "yes",
             "Default Address City": "Shanghai", "Default Address Country Code": "CN", "Phone": "'+8613812345678", "Accepts SMS Marketing": "no"],
            ["Customer ID": "7002", "First Name": "芳", "Last Name": "王", "Email": "", "Accepts Email Marketing": "no",
             "Default Address City": "上海", "Phone": "139 0000 1111", "Accepts SMS Marketing": "yes"],
        ])
        let s = try importFile(db, .shopifyCustomers, try writeFixture("customers.csv", current))
        XCTAssertEqual(s.counts("customers").created, 2)
        let ann = try XCTUnwrap(db.fetchOne("SELECT c.name, c.country, c.consent_email, c.consent_sms FROM customers c JOIN identities i ON i.customer_id = c.id WHERE i.value = 'ann.lee@example.com'"))
        XCTAssertEqual(ann.string(0), "Ann Lee"); XCTAssertEqual(ann.string(1), "CN"); XCTAssertEqual(ann.int(2), 1); XCTAssertEqual(ann.int(3), 0)

        let older = csvFile(["First Name", "Last Name", "Email", "Accepts Marketing", "Company", "Address1", "City", "Phone", "Total Spent",
                             "Total Orders", "Tags", "Note", "Tax Exempt"], [
            ["First Name": "Ann", "Last Name": "Lee", "Email": "ANN.LEE@example.com", "Accepts Marketing": "no", "City": "Shanghai"],
        ])
        let s2 = try importFile(db, .shopifyCustomers, try writeFixture("old.csv", older))
        XCTAssertEqual(s2.customersMatched, 1)
        XCTAssertEqual(s2.counts("customers").updated, 1)
        XCTAssertEqual(try db.scalarInt("SELECT consent_email FROM customers c JOIN identities i ON i.customer_id = c.id WHERE i.value = 'ann.lee@example.com'"), 0)
        let changes = db.totalChanges
        XCTAssertEqual(try importFile(db, .shopifyCustomers, try writeFixture("old.csv", older)).counts("customers").unchanged, 1)
        XCTAssertEqual(db.totalChanges, changes)
    }

    func testInventorySetsStockAndRecordsCounts() throws {
        let (db, _) = try makeStore()
        let header = ["Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value",
                      "SKU", "HS Code", "COO", "Location", "Incoming", "Unavailable", "Committed", "Available", "On hand"]
        let file = csvFile(header, [
            ["Handle": "tee", "Title": "Tee", "Option1 Name": "Color", "Option1 Value": "Red", "Option2 Name": "Size", "Option2 Value": "M",
             "SKU": "TEE-RED-M", "Location": "Shanghai Jing'an Store", "Committed": "2", "Available": "8", "On hand": "10"],
            ["Handle": "tee", "Title": "Tee", "Option1 Name": "Color", "Option1 Value": "Blue", "Option2 Name": "Size", "Option2 Value": "M",
             "SKU": "TEE-BLU-M", "Location": "Shanghai Jing'an Store", "Committed": "0", "Available": "not stocked", "On hand": "not stocked"],
            ["Handle": "tee", "Title": "Tee", "Option1 Name": "Color", "Option1 Value": "Red", "Option2 Name": "Size", "Option2 Value": "M",
             "SKU": "TEE-RED-M", "Location": "Central Warehouse", "Committed": "0", "Available": "40", "On hand": "40"],
        ])
        let s = try importFile(db, .shopifyInventory, try writeFixture("inventory.csv", file))
        XCTAssertEqual(s.counts("stock").created, 2)
        XCTAssertEqual(s.counts("skus").created, 1)
        XCTAssertEqual(s.counts("locations").created, 2)
        let sku = try XCTUnwrap(db.fetchOne("SELECT name, color, size FROM skus WHERE code = 'TEE-RED-M'"))
        XCTAssertEqual(sku.values.map { String.fromDatabaseValue($0)! }, ["Tee - Red / M", "Red", "M"])
        XCTAssertEqual(try db.scalarInt("SELECT sum(on_hand) FROM stock"), 50)
        XCTAssertEqual(try db.scalarInt("SELECT reserved FROM stock s JOIN locations l ON l.id = s.location_id WHERE l.name LIKE 'Shanghai%'"), 2)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM stock_movements WHERE reason = 'count'"), 2)

        let changes = db.totalChanges
        XCTAssertEqual(try importFile(db, .shopifyInventory, try writeFixture("inventory.csv", file)).counts("stock").unchanged, 3)
        XCTAssertEqual(db.totalChanges, changes)

        // The older layout (no On hand column): on hand = available + committed + unavailable.
        let older = csvFile(["Handle", "Title", "Option1 Name", "Option1 Value", "SKU", "Location", "Incoming", "Unavailable", "Committed", "Available"], [
            ["Handle": "tee", "Title": "Tee", "SKU": "TEE-RED-M", "Location": "Central Warehouse", "Unavailable": "1", "Committed": "3", "Available": "31"],
        ])
        _ = try importFile(db, .shopifyInventory, try writeFixture("old.csv", older))
        let moved = try XCTUnwrap(db.fetchOne("SELECT delta, reserved_delta FROM stock_movements ORDER BY id DESC LIMIT 1"))
        XCTAssertEqual(moved.int(0), 35 - 40); XCTAssertEqual(moved.int(1), 3)
    }

    func testAmazonAllOrdersReport() throws {
        let (db, _) = try makeStore()
        try db.execute("INSERT INTO products(id, name) VALUES (1, 'Tee')")
        try db.execute("INSERT INTO skus(id, code, product_id, name, price) VALUES (1, 'TEE-RED-M', 1, 'Tee', 14900)")
        try db.execute("INSERT INTO channel_skus(channel, code, sku_id) VALUES ('marketplace', 'AMZ-TEE-1', 1)")
        let header = ["amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status", "fulfillment-channel",
                      "sales-channel", "order-channel", "url", "ship-service-level", "product-name", "sku", "asin", "item-status", "quantity",
                      "currency", "item-price", "item-tax", "shipping-price", "shipping-tax", "gift-wrap-price", "gift-wrap-tax",
                      "item-promotion-discount", "ship-promotion-discount", "ship-city", "ship-state", "ship-postal-code", "ship-country",
                      "promotion-ids", "is-business-order"]
        func row(_ values: [String: String]) -> String { header.map { values[$0] ?? "" }.joined(separator: "\t") }
        let common = ["purchase-date": "2026-05-01T08:00:00+00:00", "last-updated-date": "2026-05-02T08:00:00+00:00",
                      "fulfillment-channel": "Amazon", "sales-channel": "Amazon.com", "currency": "USD", "ship-city": "Seattle"]
        var a = common; a.merge(["amazon-order-id": "111-0000001-0000001", "order-status": "Shipped", "product-name": "Tee \"red\", M",
                                 "sku": "AMZ-TEE-1", "quantity": "2", "item-price": "39.98", "item-tax": "3.20", "shipping-price": "5.00",
                                 "item-promotion-discount": "-2.00"]) { $1 }
        var b = common; b.merge(["amazon-order-id": "111-0000001-0000001", "order-status": "Shipped", "product-name": "Unknown gadget",
                                 "sku": "SELLER-XYZ", "quantity": "1", "item-price": "10.00"]) { $1 }
        var c = common; c.merge(["amazon-order-id": "111-0000002-0000002", "order-status": "Pending", "product-name": "Tee",
                                 "sku": "TEE-RED-M", "quantity": "1", "item-price": "19.99"]) { $1 }
        let text = ([header.joined(separator: "\t"), row(a), row(b), row(c)]).joined(separator: "\n") + "\n"
        let s = try importFile(db, .amazonOrders, try writeFixture("all-orders.txt", text))
        XCTAssertEqual(s.counts("orders").created, 2)
        let o = try XCTUnwrap(db.fetchOne("SELECT channel, status, subtotal, tax, shipping, discount, total, customer_id, currency FROM orders WHERE external_ref = '111-0000001-0000001'"))
        XCTAssertEqual(o.string(0), "marketplace"); XCTAssertEqual(o.string(1), "fulfilled")
        XCTAssertEqual([o.int(2), o.int(3), o.int(4), o.int(5), o.int(6)], [4998, 320, 500, 200, 4998 + 320 + 500 - 200])
        XCTAssertNil(o.optionalInt64(7)); XCTAssertEqual(o.string(8), "USD")
        let lines = try db.fetchAll("SELECT sku_code, sku_id, quantity, unit_price, name FROM order_lines ORDER BY id")
        XCTAssertEqual(lines[0].optionalInt64(1), 1); XCTAssertEqual(lines[0].int(3), 1999); XCTAssertEqual(lines[0].string(4), "Tee \"red\", M")
        XCTAssertNil(lines[1].optionalInt64(1))
        XCTAssertEqual(lines[2].optionalInt64(1), 1, "skus.code when the channel has no mapping")
        XCTAssertEqual(try StockQueries.unmappedChannelCodes(db).map(\.code), ["SELLER-XYZ"])
        let changes = db.totalChanges
        _ = try importFile(db, .amazonOrders, try writeFixture("all-orders.txt", text))
        XCTAssertEqual(db.totalChanges, changes)
    }
}
