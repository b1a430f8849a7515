import Foundation
import XCTest
@testable import OmniStore

/// Real exports, anonymised (Fixtures/RealExports, with a README saying where each came from):
/// each file's store content is checked against figures computed here from the file itself,
/// with a CSV reading and rules of this test's own, not the importer's. A second import of
/// each file changes no row of any table.
final class ImportRealExportsTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/RealExports")

    func fixture(_ name: String) -> String { Self.folder.appendingPathComponent(name).path }

    // MARK: - The file, read independently

    /// RFC 4180 records of a file, BOM dropped; a header row and dictionaries per row.
    static func records(_ path: String) throws -> [[String: String]] {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if quoted {
                if c == "\"" {
                    let next = text.index(after: i)
                    if next < text.endIndex && text[next] == "\"" { field.append("\""); i = next } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\n" || c == "\r\n" || c == "\r" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
            i = text.index(after: i)
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        let header = rows[0]
        return rows.dropFirst().map { r in
            Dictionary(uniqueKeysWithValues: header.enumerated().map { ($0.element, $0.offset < r.count ? r[$0.offset] : "") })
        }
    }

    static func minor(_ text: String?) -> Int64 {
        guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty, let d = Decimal(string: t) else { return 0 }
        return NSDecimalNumber(decimal: d * 100).int64Value
    }

    /// The calling codes of the countries these files hold.
    static let callingCodes = ["ZA": "27", "US": "1", "PR": "1", "TH": "66", "AU": "61", "BD": "880", "GB": "44", "HR": "385",
                               "LT": "370", "KG": "996", "CN": "86"]

    /// A phone as E.164, by this test's rule: an explicit code is kept (a trunk 0 after it
    /// dropped); otherwise the country's code replaces the national trunk 0.
    static func e164(_ raw: String, country: String) -> String {
        let text = raw.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
        var digits = text.filter(\.isASCIIDigit)
        if text.hasPrefix("+") || text.hasPrefix("(+") {
            let code = Set(callingCodes.values).filter { digits.hasPrefix($0) }.max { $0.count < $1.count }!
            digits.removeFirst(code.count)
            if digits.hasPrefix("0") { digits.removeFirst() }
            return "+" + code + digits
        }
        let code = callingCodes[country]!
        if digits.hasPrefix("0") { digits.removeFirst() }
        if code == "1" && digits.count == 11 && digits.hasPrefix("1") { digits.removeFirst() }
        return "+" + code + digits
    }

    struct Expected {
        var name: String
        var lines: [[String]] = []   // sku, quantity, unit price (minor)
        var total: Int64 = 0
        var currency = ""
        var status = ""
        var refunded: Int64 = 0
        var phones: Set<String> = []
    }

    /// Orders as Shopify means them: consecutive rows with the same Name.
    static func expectedOrders(_ path: String) throws -> [Expected] {
        var orders: [Expected] = []
        for r in try records(path) {
            let name = r["Name"]!
            if orders.last?.name != name {
                var o = Expected(name: name)
                o.total = minor(r["Total"]); o.currency = r["Currency"]!; o.refunded = minor(r["Refunded Amount"])
                let financial = r["Financial Status"]!, fulfilment = r["Fulfillment Status"]!
                if !(r["Cancelled at"] ?? "").isEmpty || financial == "voided" { o.status = "cancelled" }
                else if financial == "refunded" { o.status = "returned" }
                else if fulfilment == "fulfilled" { o.status = "fulfilled" }
                else if ["paid", "partially_paid", "partially_refunded", "authorized"].contains(financial) { o.status = "paid" }
                else { o.status = "pending" }
                let billing = r["Billing Country"] ?? "", shipping = r["Shipping Country"] ?? ""
                for (column, country) in [("Phone", billing.isEmpty ? shipping : billing), ("Billing Phone", billing.isEmpty ? shipping : billing),
                                          ("Shipping Phone", shipping.isEmpty ? billing : shipping)] {
                    if let p = r[column], !p.trimmingCharacters(in: .whitespaces).isEmpty { o.phones.insert(e164(p, country: country)) }
                }
                orders.append(o)
            }
            if !(r["Lineitem name"] ?? "").isEmpty {
                orders[orders.count - 1].lines.append([r["Lineitem sku"]!, r["Lineitem quantity"]!, String(minor(r["Lineitem price"]))])
            }
        }
        return orders
    }

    /// Every row of every table, ids included.
    static func everything(_ db: Database) throws -> [String] {
        var out: [String] = []
        for table in try db.fetchAll("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name") {
            let name = table.string(0)
            out += try db.fetchAll("SELECT * FROM \"\(name)\"").map { name + ": " + $0.values.map { "\($0)" }.joined(separator: "|") }.sorted()
        }
        return out
    }

    func importTwiceChangingNothing(_ db: Database, _ kind: ImportKind, _ path: String,
                                    file: StaticString = #filePath, line: UInt = #line) throws -> ImportSummary {
        let first = try importFile(db, kind, path)
        let before = try Self.everything(db)
        let again = try importFile(db, kind, path)
        XCTAssertEqual(try Self.everything(db), before, "a second import of \(path) changes no row", file: file, line: line)
        for (entity, counts) in again.entities {
            XCTAssertEqual(counts.created + counts.updated, 0, "\(entity) on the second import of \(path)", file: file, line: line)
        }
        return first
    }

    // MARK: - Orders

    func checkOrders(_ file: String, lines: Int) throws {
        let (db, _) = try makeStore()
        let path = fixture(file)
        let expected = try Self.expectedOrders(path)
        XCTAssertEqual(expected.reduce(0) { $0 + $1.lines.count }, lines, "the file as this test reads it")
        let summary = try importTwiceChangingNothing(db, .shopifyOrders, path)
        XCTAssertEqual(summary.counts("orders").created, expected.count, file)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders"), expected.count, file)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM order_lines"), lines, file)
        for e in expected {
            let o = try XCTUnwrap(db.fetchOne("SELECT id, total, currency, status, refunded, customer_id FROM orders WHERE external_ref = ?", [e.name]),
                                  "\(file) \(e.name)")
            XCTAssertEqual(o.int64(1), e.total, "\(file) \(e.name) total")
            XCTAssertEqual(o.string(2), e.currency, "\(file) \(e.name) currency")
            XCTAssertEqual(o.string(3), e.status, "\(file) \(e.name) status")
            XCTAssertEqual(o.int64(4), e.refunded, "\(file) \(e.name) refunded")
            let stored = try db.fetchAll("SELECT sku_code, quantity, unit_price FROM order_lines WHERE order_id = ? ORDER BY id", [o.int64(0)])
                .map { [$0.string(0), String($0.int64(1)), String($0.int64(2))] }
            XCTAssertEqual(stored, e.lines, "\(file) \(e.name) lines")
            let customer = try XCTUnwrap(o.optionalInt64(5), "\(file) \(e.name) has a buyer")
            for phone in e.phones {
                let owner = try db.fetchOne("SELECT customer_id FROM identities WHERE kind = 'phone' AND value = ?", [phone])?.int64(0)
                XCTAssertNotNil(owner, "\(file) \(e.name): \(phone) stored")
                if let owner {
                    XCTAssertEqual(try CustomerQueries.liveID(db, owner), try CustomerQueries.liveID(db, customer), "\(file) \(e.name): \(phone) is the buyer's")
                }
            }
        }
        var perCurrency: [String: Int64] = [:]
        for e in expected { perCurrency[e.currency, default: 0] += e.total }
        let stored = Dictionary(uniqueKeysWithValues: try db.fetchAll("SELECT currency, sum(total) FROM orders GROUP BY currency")
            .map { ($0.string(0), $0.int64(1)) })
        XCTAssertEqual(stored, perCurrency, "\(file): totals per currency")
        let codes = Set(expected.flatMap(\.phones).map { String($0.prefix(4)) })
        if !codes.contains("+86") {
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM identities WHERE kind = 'phone' AND value LIKE '+86%'"), 0,
                           "\(file): no buyer becomes Chinese")
        }
        XCTAssertEqual(try Rollups.verify(db), [], file)
    }

    /// 2021, South African rand, VAT-inclusive prices: line rows repeat Email and Created at;
    /// orders of 3 and 5 lines, a pending one with an outstanding balance, a quoted multi-line
    /// note, a buyer with a US billing and a ZA shipping phone, local phones without +27.
    func testShopifyOrders2021ZAR() throws {
        try checkOrders("shopify-orders-2021-zar.csv", lines: 32)
    }

    /// 2024, euros: a partially refunded order of four lines, a refunded and cancelled one,
    /// discount codes, app-id sources, buyers from eight countries.
    func testShopifyOrders2024EUR() throws {
        try checkOrders("shopify-orders-2024-eur.csv", lines: 25)
    }

    /// 2026, Bangladeshi taka, cash on delivery: no e-mails, phones written +880 0…, the
    /// order form's fields in Note Attributes, a numeric app source.
    func testShopifyOrders2026BDT() throws {
        try checkOrders("shopify-orders-2026-bdt.csv", lines: 6)
    }

    /// What the 2021 file says beyond omni's columns reaches the order detail.
    func testOrderDetailKeepsWhatTheExportSays() throws {
        let (db, _) = try makeStore()
        _ = try importFile(db, .shopifyOrders, fixture("shopify-orders-2021-zar.csv"))
        _ = try importFile(db, .shopifyOrders, fixture("shopify-orders-2026-bdt.csv"))
        func detail(_ ref: String) throws -> OrderDetail {
            let id = try db.scalarInt("SELECT id FROM orders WHERE external_ref = ?", [ref])
            return try XCTUnwrap(OrderQueries.detail(db, id: Int64(id), now: 1_780_000_000))
        }
        let pending = try XCTUnwrap(detail("#13522").extras)
        XCTAssertEqual(pending.outstanding, 322_700)
        XCTAssertEqual(pending.billing?.country, "US"); XCTAssertEqual(pending.shipping?.country, "ZA")
        XCTAssertEqual(pending.shipping?.zip, "7950"); XCTAssertEqual(pending.shipping?.province, "WC")
        XCTAssertEqual(pending.taxes, [OrderExtras.Tax(name: "VAT 15%", amount: 42_091)])
        XCTAssertEqual(pending.lines?.map(\.vendor), ["Meyco", "Ikea", "Snuggletime"])
        XCTAssertEqual(pending.paymentMethod, "custom")
        let described = pending.describedLines(currency: "ZAR").map { "\($0.label): \($0.text)" }
        XCTAssertTrue(described.contains("outstanding: " + Money(minor: 322_700, currency: "ZAR").description), "\(described)")
        XCTAssertFalse(described.joined().contains("Road"), "streets are masked: \(described)")
        let partial = try XCTUnwrap(detail("#13527").extras)
        XCTAssertEqual(partial.fulfilmentStatus, "partial")
        XCTAssertEqual(partial.lines?.map(\.fulfilment), ["fulfilled", "pending"])
        XCTAssertEqual(try detail("#13521").extras?.notes?.components(separatedBy: "\n").count, 13, "the note's lines kept")
        XCTAssertEqual(try detail("#13525").extras?.noteAttributes, "registry_id: 128691")
        let cod = try detail("#71737")
        XCTAssertEqual(cod.extras?.discountCodes, "UPSELL DISCOUNT")
        XCTAssertEqual(cod.extras?.paymentMethod, "Cash on Delivery (COD)")
        XCTAssertEqual(cod.extras?.outstanding, 170_000)
        XCTAssertEqual(cod.extras?.source, "5690175")
        XCTAssertEqual(cod.extras?.tags, "releasit_cod_form")
        XCTAssertEqual(cod.order.channel, "app", "a numeric source is an app")
        XCTAssertTrue(cod.extras?.noteAttributes?.hasPrefix("First name: ") == true)
    }

    // MARK: - Customers

    func testShopifyCustomersCurrentLayout() throws {
        let (db, _) = try makeStore()
        let path = fixture("shopify-customers-current.csv")
        let rows = try Self.records(path)
        _ = try importTwiceChangingNothing(db, .shopifyCustomers, path)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers WHERE merged_into IS NULL"), rows.count,
                       "no two rows share a contact: one customer each")
        for r in rows {
            let email = r["Email"]!.lowercased(), phone = r["Phone"]!
            var owners = Set<Int64>()
            if !email.isEmpty {
                let owner = try XCTUnwrap(db.fetchOne("SELECT customer_id FROM identities WHERE kind = 'email' AND value = ?", [email]), email)
                owners.insert(owner.int64(0))
                let consent = try db.scalarInt("SELECT consent_email FROM customers WHERE id = ?", [owner.int64(0)])
                XCTAssertEqual(consent, r["Accepts Email Marketing"] == "yes" ? 1 : 0, email)
            }
            if !phone.isEmpty {
                let value = Self.e164(phone, country: r["Default Address Country Code"]!.isEmpty ? "US" : r["Default Address Country Code"]!)
                let owner = try XCTUnwrap(db.fetchOne("SELECT customer_id FROM identities WHERE kind = 'phone' AND value = ?", [value]), value)
                owners.insert(owner.int64(0))
            }
            XCTAssertLessThanOrEqual(owners.count, 1, "one customer per row: \(email) \(phone)")
        }
    }

    func testShopifyCustomersOldLayout() throws {
        let (db, _) = try makeStore()
        let path = fixture("shopify-customers-old.csv")
        let rows = try Self.records(path)
        _ = try importTwiceChangingNothing(db, .shopifyCustomers, path)
        XCTAssertEqual(try db.fetchAll("SELECT value FROM identities WHERE kind = 'email' ORDER BY value").map { $0.string(0) },
                       rows.map { $0["Email"]!.lowercased() }.sorted())
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers WHERE consent_email = 1"),
                       rows.filter { $0["Accepts Marketing"] == "yes" }.count)
    }

    // MARK: - Inventory

    func checkInventory(_ file: String, onHand: (([String: String]) -> String), committed: String) throws {
        let (db, _) = try makeStore()
        let path = fixture(file)
        let rows = try Self.records(path)
        let summary = try importTwiceChangingNothing(db, .shopifyInventory, path)
        let withSKU = rows.filter { !$0["SKU"]!.isEmpty }
        let stocked = withSKU.filter { onHand($0) != "not stocked" }
        let noSKU = rows.count - withSKU.count
        XCTAssertTrue(summary.notes.contains { $0.hasPrefix("\(noSKU) rows without a SKU skipped") }, "\(summary.notes)")
        let stored = try db.fetchAll("""
            SELECT s.code, l.name, st.on_hand, st.reserved FROM stock st JOIN skus s ON s.id = st.sku_id
            JOIN locations l ON l.id = st.location_id ORDER BY s.code, l.name
            """).map { [$0.string(0), $0.string(1), String($0.int64(2)), String($0.int64(3))] }
        let expected = stocked.map { [$0["SKU"]!, $0["Location"]!, onHand($0), $0[committed]!] }
            .sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        XCTAssertEqual(stored, expected, file)
    }

    /// Today's layout: `On hand (new)` empty, so `On hand (current)` is what is on hand;
    /// variants not stocked at the location and rows without a SKU are left out.
    func testShopifyInventoryCurrentLayout() throws {
        try checkInventory("shopify-inventory-current.csv", onHand: { r in
            let new = r["On hand (new)"]!
            return new.isEmpty ? r["On hand (current)"]! : new
        }, committed: "Committed (not editable)")
    }

    func testShopifyInventoryOlderLayout() throws {
        try checkInventory("shopify-inventory-old.csv", onHand: { $0["On hand"]! }, committed: "Committed")
    }
}
