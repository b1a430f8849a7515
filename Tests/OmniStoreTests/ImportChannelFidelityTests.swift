import Foundation
import XCTest
@testable import OmniStore

/// Issue 13: phones by the buyer's country, shops, sources to channels, what an export says
/// beyond omni's columns, today's inventory layouts, Amazon's fulfilment, marketplace, business
/// and VAT, and the unshipped report's buyers.
final class ImportChannelFidelityTests: XCTestCase {
    // MARK: - Phones

    func testPhonesTakeTheCountryTheyWereWrittenFor() {
        let cases: [(String, String?, String?)] = [
            ("(+44)07841832920", "CN", "+447841832920"),          // trunk 0 after an explicit code
            ("+88001795326165", "BD", "+8801795326165"),
            ("0044 7841 832920", nil, "+447841832920"),
            ("064 322 9568", "ZA", "+27643229568"),               // the South African number of the issue
            ("27836602217", "ZA", "+27836602217"),                // the code written without +
            ("0909986555", "TH", "+66909986555"),
            ("0427 279 732", "AU", "+61427279732"),
            ("(541) 914-9076", "US", "+15419149076"),
            ("1 541 914 9076", "US", "+15419149076"),
            ("7872484500", "PR", "+17872484500"),
            ("8 912 345 67 89", "RU", "+79123456789"),
            ("+39 06 1234 5678", nil, "+390612345678"),          // Italy's 0 is part of the number
            ("06 1234 5678", "IT", "+390612345678"),
            ("13812345678", "CN", "+8613812345678"),
            ("'+86 138 1234 5678", "ZA", "+8613812345678"),
            ("064 322 9568", nil, "0643229568"),                  // no country known: as written, no +
            ("12345", "ZA", nil),
        ]
        for (raw, region, expected) in cases {
            XCTAssertEqual(IdentityNormalizer.normalize(.phone, raw, region: region), expected, "\(raw) in \(region ?? "no region")")
        }
        XCTAssertEqual(IdentityNormalizer.normalize(.phone, "13812345678"), "+8613812345678", "mainland China when nothing says otherwise")
        XCTAssertEqual(IdentityNormalizer.classify(.phone, "+27 000 000 000", junk: IdentityJunkList([])),
                       .junk(reason: "phone of one repeated digit"))
        XCTAssertEqual(CallingCodes.region(" za "), "ZA")
        XCTAssertEqual(CallingCodes.region("South Africa"), "ZA")
        XCTAssertNil(CallingCodes.region("Atlantis"))
    }

    func order(_ name: String, email: String = "", phone: String = "", billingPhone: String = "", country: String = "",
               source: String = "web", created: String = "2026-05-01 10:00:00 +0200", financial: String = "paid",
               extra: [String: String] = [:]) -> [String: String] {
        ["Name": name, "Email": email, "Phone": phone, "Billing Phone": billingPhone, "Billing Country": country,
         "Financial Status": financial, "Currency": "ZAR", "Subtotal": "100.00", "Total": "100.00", "Created at": created,
         "Lineitem quantity": "1", "Lineitem name": "Cot", "Lineitem price": "100.00", "Lineitem sku": "COT-1",
         "Billing Name": "Thandi Nkosi", "Source": source].merging(extra) { $1 }
    }

    func load(_ db: Database, _ rows: [[String: String]], shop: String? = nil, name: String = "orders.csv") throws -> ImportSummary {
        var options = ImportOptions()
        options.now = 1_780_000_000
        options.shop = shop
        return try Importer(db, options: options).importFile(.shopifyOrders, try writeFixture(name, csvFile(shopifyOrderHeader, rows)))
    }

    /// One buyer, her number written two ways on two orders: one customer, a +27 number.
    func testALocalNumberOnASouthAfricanOrderJoinsTheBuyer() throws {
        let (db, _) = try makeStore()
        _ = try load(db, [order("#1", email: "thandi@example.com", phone: "+27649040482", country: "ZA"),
                          order("#2", billingPhone: "064 904 0482", country: "ZA", created: "2026-05-02 10:00:00 +0200")])
        XCTAssertEqual(try db.fetchAll("SELECT value FROM identities WHERE kind = 'phone'").map { $0.string(0) }, ["+27649040482"])
        XCTAssertEqual(try db.scalarInt("SELECT count(DISTINCT customer_id) FROM orders"), 1)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers WHERE merged_into IS NULL"), 1)
    }

    /// No country on the row: the store's default region; an empty default keeps the number as
    /// written, unverified.
    func testTheStoresDefaultRegionPlacesPhonesWithoutACountry() throws {
        let (db, _) = try makeStore()
        _ = try load(db, [order("#1", billingPhone: "0731234567")])
        XCTAssertEqual(try db.scalar("SELECT value FROM identities WHERE kind = 'phone'", as: String.self), "+86731234567")

        let (za, _) = try makeStore()
        try za.execute("INSERT INTO settings(key, value) VALUES ('phone.default_region', 'ZA')")
        _ = try load(za, [order("#1", billingPhone: "0731234567")])
        XCTAssertEqual(try za.scalar("SELECT value FROM identities WHERE kind = 'phone'", as: String.self), "+27731234567")

        let (none, _) = try makeStore()
        try none.execute("INSERT INTO settings(key, value) VALUES ('phone.default_region', '')")
        _ = try load(none, [order("#1", billingPhone: "073 123 4567")])
        let row = try XCTUnwrap(none.fetchOne("SELECT value, verified FROM identities WHERE kind = 'phone'"))
        XCTAssertEqual(row.string(0), "0731234567"); XCTAssertEqual(row.int(1), 0)
    }

    // MARK: - Shops and sources

    func testTwoShopsKeepTheirOwnOrderNumbers() throws {
        let (db, _) = try makeStore()
        let kids = try load(db, [order("#1017", email: "a@example.com")], shop: "kids")
        XCTAssertEqual(kids.shop, "kids")
        _ = try load(db, [order("#1017", email: "b@example.com", extra: ["Total": "250.00"])], shop: "toys")
        XCTAssertEqual(try db.fetchAll("SELECT external_ref, total FROM orders ORDER BY external_ref").map { "\($0.string(0)) \($0.int(1))" },
                       ["kids/#1017 10000", "toys/#1017 25000"])
        // The default shop is a setting.
        try db.execute("INSERT INTO settings(key, value) VALUES ('import.shop', 'kids')")
        let again = try load(db, [order("#1017", email: "a@example.com")])
        XCTAssertEqual(again.shop, "kids")
        XCTAssertEqual(again.counts("orders").unchanged, 1)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders"), 2)
        let detail = try XCTUnwrap(OrderQueries.detail(db, id: Int64(try db.scalarInt("SELECT id FROM orders WHERE external_ref = 'toys/#1017'")),
                                                       now: 1_780_000_000))
        XCTAssertEqual(detail.extras?.shop, "toys")
    }

    func testSourcesMapToChannelsByATableTheStoreCanExtend() throws {
        let (db, _) = try makeStore()
        _ = try load(db, [order("#1", email: "a@example.com", source: "tiktok"),
                          order("#2", email: "b@example.com", source: "5690175"),
                          order("#3", email: "c@example.com", source: "pos"),
                          order("#4", email: "d@example.com", source: "some_partner")])
        XCTAssertEqual(try db.fetchAll("SELECT external_ref, channel FROM orders ORDER BY external_ref").map { "\($0.string(0)) \($0.string(1))" },
                       ["#1 marketplace", "#2 app", "#3 store", "#4 web"])
        try db.execute("INSERT INTO settings(key, value) VALUES ('source_channel.some_partner', 'b2b'), ('source_channel.5690175', 'web')")
        let (fresh, _) = try makeStore()
        try fresh.execute("INSERT INTO settings(key, value) VALUES ('source_channel.some_partner', 'b2b'), ('source_channel.5690175', 'web')")
        _ = try load(fresh, [order("#2", email: "b@example.com", source: "5690175"), order("#4", email: "d@example.com", source: "some_partner")])
        XCTAssertEqual(try fresh.fetchAll("SELECT external_ref, channel FROM orders ORDER BY external_ref").map { "\($0.string(0)) \($0.string(1))" },
                       ["#2 web", "#4 b2b"])
        try fresh.execute("INSERT INTO settings(key, value) VALUES ('source_channel.x', 'nowhere')")
        XCTAssertThrowsError(try load(fresh, [order("#5", email: "e@example.com")])) { error in
            XCTAssertTrue("\(error)".contains("source_channel.x"), "\(error)")
        }
    }

    // MARK: - What the export says beyond omni's columns

    /// A later export that changes only what omni keeps beside the order (a note, a tag) updates
    /// it and tells the console once; the same file again writes nothing.
    func testDetailsFollowALaterExportAndTheFeedHearsOfIt() throws {
        let (db, _) = try makeStore()
        _ = try load(db, [order("#1", email: "a@example.com", extra: ["Notes": "ring the bell", "Tags": "vip"])])
        let feed = try db.scalarInt("SELECT count(*) FROM change_log")
        let same = try load(db, [order("#1", email: "a@example.com", extra: ["Notes": "ring the bell", "Tags": "vip"])])
        XCTAssertEqual(same.counts("orders").unchanged, 1)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM change_log"), feed)
        let seq = try db.scalarInt("SELECT coalesce(max(seq), 0) FROM change_log")
        let later = try load(db, [order("#1", email: "a@example.com", extra: ["Notes": "leave at the gate", "Tags": "vip"])])
        XCTAssertEqual(later.counts("orders").updated, 1)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM change_log WHERE seq > ? AND entity = 'order'", [seq]), 1,
                       "the console hears of the changed order once")
        let id = Int64(try db.scalarInt("SELECT id FROM orders"))
        XCTAssertEqual(try OrderQueries.detail(db, id: id, now: 1_780_000_000)?.extras?.notes, "leave at the gate")
    }

    // MARK: - Inventory

    func inventory(_ db: Database, _ text: String) throws -> ImportSummary {
        try importFile(db, .shopifyInventory, try writeFixture("inventory.csv", text))
    }

    func stock(_ db: Database) throws -> [String] {
        try db.fetchAll("""
            SELECT s.code, l.name, st.on_hand, st.reserved FROM stock st JOIN skus s ON s.id = st.sku_id
            JOIN locations l ON l.id = st.location_id ORDER BY s.code, l.name
            """).map { "\($0.string(0)) \($0.string(1)) \($0.int(2)) \($0.int(3))" }
    }

    func testInventoryTodayOnHandNewWinsRowsWithoutSKUAndRepeatsAreReported() throws {
        let (db, _) = try makeStore()
        let s = try inventory(db, """
            Handle,Title,Option1 Name,Option1 Value,SKU,Location,Bin name,Incoming (not editable),Unavailable (not editable),Committed (not editable),Available (not editable),On hand (current),On hand (new)
            tee,Tee,Size,M,TEE-M,Cape Town,,0,0,2,8,10,12
            tee,Tee,Size,L,TEE-L,Cape Town,,0,0,0,5,5,
            tee,Tee,Size,S,,Cape Town,,0,0,0,3,3,
            mug,Mug,Title,Default Title,MUG,Cape Town,,0,0,0,not stocked,not stocked,
            tee,Tee,Size,M,TEE-M,Cape Town,,0,0,0,1,1,
            tee,Tee,Size,M,TEE-M,Durban,,0,1,0,4,5,

            """)
        XCTAssertEqual(try stock(db), ["TEE-L Cape Town 5 0", "TEE-M Cape Town 12 2", "TEE-M Durban 5 0"])
        XCTAssertEqual(s.notes, ["1 row without a SKU skipped (line 4)", "SKU TEE-M at Cape Town on line 6 repeats line 2: skipped"])
        XCTAssertEqual(s.rowsSkipped, 0, "neither is an error")
    }

    func testInventoryWithOneColumnPerLocation() throws {
        let (db, _) = try makeStore()
        let s = try inventory(db, """
            Handle,Title,SKU,Barcode,Warehouse A,Warehouse B
            tee,Black Tee,ABC-123,111,8,4
            mug,White Mug,DEF-456,222,,3
            cap,Cap,,333,1,1

            """)
        XCTAssertEqual(try stock(db), ["ABC-123 Warehouse A 8 0", "ABC-123 Warehouse B 4 0", "DEF-456 Warehouse B 3 0"])
        XCTAssertEqual(s.notes, ["1 row without a SKU skipped (line 4)"])
        XCTAssertThrowsError(try inventory(db, "Handle,Title,SKU\ntee,Tee,ABC-123\n")) { error in
            XCTAssertTrue("\(error)".hasSuffix("inventory.csv:1: no Location column and no column named after a location (columns: Handle, Title, SKU)"), "\(error)")
        }
    }

    // MARK: - Amazon

    static let amazonHeader = ["amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
        "fulfillment-channel", "sales-channel", "order-channel", "url", "ship-service-level", "product-name", "sku", "asin", "item-status",
        "quantity", "currency", "item-price", "item-tax", "shipping-price", "shipping-tax", "gift-wrap-price", "gift-wrap-tax",
        "item-promotion-discount", "ship-promotion-discount", "ship-city", "ship-state", "ship-postal-code", "ship-country",
        "promotion-ids", "is-business-order"]

    func tsv(_ header: [String], _ rows: [[String: String]]) -> String {
        ([header.joined(separator: "\t")] + rows.map { r in header.map { r[$0] ?? "" }.joined(separator: "\t") }).joined(separator: "\n") + "\n"
    }

    func testAmazonFulfilmentMarketplaceBusinessAndVAT() throws {
        let (db, _) = try makeStore()
        let de = ["amazon-order-id": "302-1", "purchase-date": "2026-05-01T08:00:00+00:00", "order-status": "Shipped",
                  "fulfillment-channel": "Amazon", "sales-channel": "Amazon.de", "sku": "TEE", "quantity": "1", "currency": "EUR",
                  "item-price": "23.80", "item-tax": "3.80", "shipping-price": "2.00", "item-status": "Shipped",
                  "is-business-order": "true", "ship-country": "DE", "ship-city": "Köln"]
        let us = ["amazon-order-id": "111-2", "purchase-date": "2026-05-01T09:00:00+00:00", "order-status": "Unshipped",
                  "fulfillment-channel": "Merchant", "sales-channel": "Amazon.com", "sku": "TEE", "quantity": "2", "currency": "USD",
                  "item-price": "40.00", "item-tax": "3.30", "is-business-order": "false", "ship-country": "US"]
        _ = try importFile(db, .amazonOrders, try writeFixture("all-orders.txt", tsv(Self.amazonHeader, [de, us])))
        let o = try db.fetchAll("SELECT external_ref, subtotal, tax, shipping, total FROM orders ORDER BY external_ref")
            .map { [$0.string(0), String($0.int(1)), String($0.int(2)), String($0.int(3)), String($0.int(4))] }
        XCTAssertEqual(o, [["111-2", "4000", "330", "0", "4330"], ["302-1", "2380", "380", "200", "2580"]],
                       "VAT inside the German price is not added again; US sales tax is")
        let id = Int64(try db.scalarInt("SELECT id FROM orders WHERE external_ref = '302-1'"))
        let x = try XCTUnwrap(OrderQueries.detail(db, id: id, now: 1_780_000_000)?.extras)
        XCTAssertEqual(x.subChannel, "Amazon.de"); XCTAssertEqual(x.fulfilledBy, "amazon"); XCTAssertEqual(x.business, true)
        XCTAssertEqual(x.shipping?.country, "DE")
        XCTAssertTrue(x.describedLines(currency: "EUR").contains { $0.text.contains("fulfilled by Amazon (FBA)") && $0.text.contains("business order") })
        let us2 = Int64(try db.scalarInt("SELECT id FROM orders WHERE external_ref = '111-2'"))
        XCTAssertEqual(try OrderQueries.detail(db, id: us2, now: 1_780_000_000)?.extras?.fulfilledBy, "merchant")
        XCTAssertNil(try OrderQueries.detail(db, id: us2, now: 1_780_000_000)?.extras?.business)
    }

    /// The unshipped report names the buyer: the Amazon order lands on the customer the shop
    /// already knows by that e-mail, with the phone placed by the shipping country.
    func testAmazonUnshippedReportJoinsBuyersToTheirOtherIdentities() throws {
        let (db, _) = try makeStore()
        _ = try load(db, [order("#1", email: "jo.bauer@example.com", country: "DE")])
        let header = ["order-id", "order-item-id", "purchase-date", "payments-date", "buyer-email", "buyer-name", "buyer-phone-number",
                      "sku", "product-name", "quantity-purchased", "currency", "item-price", "item-tax", "shipping-price", "shipping-tax",
                      "ship-service-level", "recipient-name", "ship-address-1", "ship-city", "ship-state", "ship-postal-code",
                      "ship-country", "is-business-order", "sales-channel"]
        let row = ["order-id": "028-1", "order-item-id": "1", "purchase-date": "2026-05-03T08:00:00+00:00",
                   "buyer-email": "Jo.Bauer@example.com", "buyer-name": "Jo Bauer", "buyer-phone-number": "0171 2345678", "sku": "TEE",
                   "product-name": "Tee", "quantity-purchased": "2", "currency": "EUR", "item-price": "47.60", "item-tax": "7.60",
                   "ship-service-level": "Standard", "ship-address-1": "Domstraße 1", "ship-city": "Köln", "ship-postal-code": "50667",
                   "ship-country": "DE", "sales-channel": "Amazon.de"]
        let s = try importFile(db, .amazonOrders, try writeFixture("unshipped.txt", tsv(header, [row])))
        XCTAssertEqual(s.customersMatched, 1)
        let o = try XCTUnwrap(db.fetchOne("SELECT status, customer_id, total FROM orders WHERE external_ref = '028-1'"))
        XCTAssertEqual(o.string(0), "paid"); XCTAssertEqual(o.int(2), 4760)
        XCTAssertEqual(o.optionalInt64(1), Int64(try db.scalarInt("SELECT customer_id FROM orders WHERE external_ref = '#1'")))
        XCTAssertEqual(try db.scalar("SELECT value FROM identities WHERE kind = 'phone'", as: String.self), "+491712345678")
    }

    // MARK: - Schema

    func testAVersion2StoreGainsOrderDetails() throws {
        let (db, path) = try makeStore()
        try db.execute("DROP TABLE order_details")
        try db.execute("PRAGMA user_version = 2")
        let upgraded = try Store.open(path: path)
        XCTAssertEqual(try upgraded.scalarInt("PRAGMA user_version"), Migrator.currentVersion)
        XCTAssertEqual(try upgraded.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'order_details'"), 1)
    }
}
