import Foundation
import XCTest
@testable import OmniStore

/// Files as spreadsheets and hostile inputs leave them: separators, encodings, spreadsheet
/// dates, limits, and values that must be refused with their file, line and column.
final class ImportReadingTests: XCTestCase {
    func writeBytes(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func importOrders(_ db: Database, _ path: String, dateOrder: DateOrder? = nil, skip: Bool = false) throws -> ImportSummary {
        var options = ImportOptions()
        options.now = 1_780_000_000
        options.skipInvalid = skip
        options.dateOrder = dateOrder
        return try Importer(db, options: options).importFile(.orders, path)
    }

    /// The message of the failure `body` throws.
    func failure(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
        do { try body() } catch { return "\(error)" }
        XCTFail("expected a failure", file: file, line: line)
        return ""
    }

    func refs(_ db: Database) throws -> [String] {
        try db.fetchAll("SELECT external_ref FROM orders ORDER BY external_ref").map { $0.string(0) }
    }

    // MARK: - Separators and encodings

    func testSemicolonCRLFAndBOMAsEuropeanExcelSavesThem() throws {
        let (db, _) = try makeStore()
        let text = "channel;external_ref;placed_at;total;name;email\nweb;EU-1;2026-05-01;1250;\"Müller; Anna\";anna@example.de\nweb;EU-2;2026-05-02;990;Zoë;zoe@example.fr\n"
        let s = try importOrders(db, try writeFixture("eu.csv", text, bom: true, crlf: true))
        XCTAssertEqual(s.counts("orders").created, 2)
        XCTAssertEqual(try refs(db), ["EU-1", "EU-2"])
        XCTAssertEqual(try db.scalarInt("SELECT total FROM orders WHERE external_ref = 'EU-1'"), 1250)
        XCTAssertEqual(RowSource.separator(Array("a,b;c;d\n1,2".utf8)[...]), UInt8(ascii: ";"))
        XCTAssertEqual(RowSource.separator(Array("\"x;y\",b,c\t".utf8)[...]), UInt8(ascii: ","))
        XCTAssertEqual(RowSource.separator(Array("a\tb\tc".utf8)[...]), UInt8(ascii: "\t"))
        XCTAssertEqual(RowSource.separator(Array("single".utf8)[...]), UInt8(ascii: ","))
    }

    func testUTF16WithBOMIsDecoded() throws {
        let text = "channel,external_ref,placed_at,total,name,email\r\nweb,CN-1,2026-05-01,8800,王芳 😀,fang@example.cn\r\n"
        for (name, bom, bigEndian) in [("le.csv", [UInt8(0xFF), 0xFE], false), ("be.csv", [0xFE, 0xFF], true)] {
            let (db, _) = try makeStore()
            var bytes = bom
            for unit in text.utf16 {
                bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            }
            let s = try importOrders(db, try writeBytes(name, bytes))
            XCTAssertEqual(s.counts("orders").created, 1, name)
            XCTAssertEqual(try refs(db), ["CN-1"], name)
            XCTAssertEqual(try db.fetchOne("SELECT c.name FROM customers c JOIN orders o ON o.customer_id = c.id")?.string(0), "王芳 😀", name)
        }
        // Without its BOM, UTF-16 is named, not read as a missing column.
        let (db, _) = try makeStore()
        let bare = try writeBytes("bare.csv", Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let message = failure { _ = try importOrders(db, bare) }
        XCTAssertTrue(message.contains("UTF-16 without a byte order mark"), message)
    }

    func testWindows1252IsReadWithANotice() throws {
        let (db, _) = try makeStore()
        // "Café Crème" and "Zoë" in Windows-1252, a euro sign (0x80) in a note column.
        var bytes = Array("channel,external_ref,placed_at,total,name,email,note\n".utf8)
        bytes += Array("web,W-1,2026-05-01,100,Caf".utf8) + [0xE9] + Array(" Cr".utf8) + [0xE8] + Array("me,cafe@example.fr,".utf8) + [0x80] + Array("5\n".utf8)
        bytes += Array("web,W-2,2026-05-01,100,Zo".utf8) + [0xEB] + Array(",zoe@example.fr,\n".utf8)
        let s = try importOrders(db, try writeBytes("latin.csv", bytes))
        XCTAssertEqual(s.counts("orders").created, 2)
        XCTAssertEqual(s.notices.count, 1)
        XCTAssertTrue(s.notices[0].contains("latin.csv is not UTF-8 (byte 0xE9 on line 2, column name): read as Windows-1252"), s.notices[0])
        let names = try db.fetchAll("SELECT name FROM customers ORDER BY name").map { $0.string(0) }
        XCTAssertEqual(names, ["Café Crème", "Zoë"])
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers WHERE name LIKE '%' || char(65533) || '%'"), 0)
    }

    func testInvalidUTF8InAFileOfUTF8TextIsRefusedWithItsLineAndColumn() throws {
        let (db, _) = try makeStore()
        var bytes = Array("channel,external_ref,placed_at,total,name\nweb,UC-0,2026-05-01,500,王芳\n".utf8)
        bytes += Array("web,UC-".utf8) + [0xFF] + Array(",2026-05-01,1000,a\n".utf8)
        bytes += Array("web,UC-".utf8) + [0xFE] + Array(",2026-05-01,2000,b\n".utf8)
        let path = try writeBytes("mixed.csv", bytes)
        let message = failure { _ = try importOrders(db, path) }
        XCTAssertTrue(message.hasPrefix("\(path):3: not valid UTF-8 (byte 0xFF in column external_ref)"), message)
        XCTAssertEqual(try refs(db), [], "nothing of the file is written")
        // With --skip-invalid both bad lines are listed, and neither merges into the other.
        let s = try importOrders(db, path, skip: true)
        XCTAssertEqual(s.issues.map(\.line), [3, 4])
        XCTAssertEqual(try refs(db), ["UC-0"])
    }

    func testABytePatternNoEncodingExplainsIsRefusedWithTheFirstBadLine() throws {
        // 0x81 is undefined in Windows-1252 and invalid in UTF-8: neither reading is plain.
        let (db, _) = try makeStore()
        var bytes = Array("channel,external_ref,placed_at,total\nweb,OK-1,2026-05-01,1\nweb,OK-2,2026-05-01,1\n".utf8)
        bytes += Array("web,X-".utf8) + [0x81] + Array(",2026-05-01,1\n".utf8)
        let path = try writeBytes("odd.csv", bytes)
        let message = failure { _ = try importOrders(db, path) }
        XCTAssertTrue(message.hasPrefix("\(path):4: not valid UTF-8 (byte 0x81 in column external_ref); the file is neither UTF-8 nor plainly Windows-1252"), message)
        XCTAssertEqual(try refs(db), [])
    }

    func testReferencesThatDifferOnlyInNonUTF8BytesStayTwoOrders() throws {
        // Issue 20.3: UC-\xff (1000) and UC-\xfe (2000) were one order of 2000.
        let (db, _) = try makeStore()
        var bytes = Array("channel,external_ref,placed_at,total\n".utf8)
        bytes += Array("web,UC-".utf8) + [0xFF] + Array(",2026-05-01,1000\n".utf8)
        bytes += Array("web,UC-".utf8) + [0xFE] + Array(",2026-05-01,2000\n".utf8)
        let s = try importOrders(db, try writeBytes("keys.csv", bytes))
        XCTAssertEqual(s.counts("orders").created, 2)
        XCTAssertEqual(try db.fetchAll("SELECT external_ref, total FROM orders ORDER BY total").map { "\($0.string(0))=\($0.int64(1))" },
                       ["UC-ÿ=1000", "UC-þ=2000"])
    }

    func testNULBytesAreRefused() throws {
        let (db, _) = try makeStore()
        var bytes = Array("channel,external_ref,placed_at,total\nweb,N-1,2026-05-01,100\nweb,N-".utf8) + [0] + Array("2,2026-05-01,100\n".utf8)
        let path = try writeBytes("nul.csv", bytes)
        let message = failure { _ = try importOrders(db, path) }
        XCTAssertTrue(message.hasPrefix("\(path):3: a NUL byte in column external_ref"), message)
        bytes = [0, 0, 0] + Array("channel,external_ref,placed_at,total\nweb,N-1,2026-05-01,100\n".utf8)
        let before = try writeBytes("nulhead.csv", bytes)
        let head = failure { _ = try importOrders(db, before) }
        XCTAssertTrue(head.hasPrefix("\(before):1: a NUL byte in column 1"), head)
        XCTAssertEqual(try refs(db), [])
    }

    func testDuplicatedColumnNamesAreRefused() throws {
        let (db, _) = try makeStore()
        let path = try writeFixture("dup.csv", "channel,external_ref,placed_at,total,Total,,\nweb,D-1,2026-05-01,100,200,,\n")
        let message = failure { _ = try importOrders(db, path) }
        XCTAssertTrue(message.hasPrefix("\(path):1: columns 4 and 5 are both named \"Total\""), message)
    }

    // MARK: - Spreadsheet dates

    func testSpreadsheetDatesAreDecidedByTheFileItself() throws {
        let (db, _) = try makeStore()
        // Line 3's 25/01 can only be day-first: so 02/01 on line 2 is the 2nd of January.
        let dmy = "channel,external_ref,placed_at,total\nweb,S-1,02/01/2024 11:23,100\nweb,S-2,25/01/2024 1:05 PM,100\nweb,S-3,03.02.2024 23:59:30,100\n"
        _ = try importOrders(db, try writeFixture("dmy.csv", dmy))
        let times = try db.fetchAll("SELECT external_ref, placed_at FROM orders ORDER BY external_ref").map { "\($0.string(0)) \(FieldParse.isoTime($0.int64(1)))" }
        XCTAssertEqual(times, ["S-1 2024-01-02T11:23:00Z", "S-2 2024-01-25T13:05:00Z", "S-3 2024-02-03T23:59:30Z"])

        let (db2, _) = try makeStore()
        let mdy = "channel,external_ref,placed_at,total\nweb,M-1,02/01/2024 11:23,100\nweb,M-2,1/25/24 12:00 AM,100\n"
        _ = try importOrders(db2, try writeFixture("mdy.csv", mdy))
        let t2 = try db2.fetchAll("SELECT placed_at FROM orders ORDER BY external_ref").map { FieldParse.isoTime($0.int64(0)) }
        XCTAssertEqual(t2, ["2024-02-01T11:23:00Z", "2024-01-25T00:00:00Z"])
    }

    func testUndecidableDatesNameTheFlagAndTheFlagDecides() throws {
        let (db, _) = try makeStore()
        let text = "channel,external_ref,placed_at,total\nweb,A-1,02/01/2024 11:23,100\nweb,A-2,03/04/2024,100\n"
        let path = try writeFixture("ambiguous.csv", text)
        let message = failure { _ = try importOrders(db, path) }
        XCTAssertTrue(message.hasPrefix("\(path):2: placed_at \"02/01/2024 11:23\" could be day-first or month-first"), message)
        XCTAssertTrue(message.contains("--date-order dmy|mdy"), message)
        _ = try importOrders(db, path, dateOrder: .mdy)
        XCTAssertEqual(try db.fetchAll("SELECT placed_at FROM orders ORDER BY external_ref").map { FieldParse.isoTime($0.int64(0)) },
                       ["2024-02-01T11:23:00Z", "2024-03-04T00:00:00Z"])
        // A file that says both is refused, naming both lines.
        let both = try writeFixture("both.csv", "channel,external_ref,placed_at,total\nweb,B-1,01/02/2024,1\nweb,B-2,25/01/2024,1\nweb,B-3,01/25/2024,1\n")
        let conflict = failure { _ = try importOrders(try makeStore().0, both) }
        XCTAssertTrue(conflict.hasSuffix("both.csv: its dates are day-first on line 3 (25/01/2024) and month-first on line 4 (01/25/2024); pass --date-order dmy or --date-order mdy to say which"), conflict)
    }

    func testImpossibleDatesAreRefused() throws {
        for (value, why) in [("2026-02-30", "is not a day of the calendar"), ("0000-05-01", "is outside the years omni reads"),
                             ("31/02/2024", "is not a day of the calendar"), ("2026-13-01", "is not a day of the calendar")] {
            let (db, _) = try makeStore()
            let path = try writeFixture("d.csv", "channel,external_ref,placed_at,total\nweb,X-1,\(value),100\n")
            let message = failure { _ = try importOrders(db, path) }
            XCTAssertTrue(message.hasPrefix("\(path):2: placed_at \"\(value)\" \(why)"), message)
        }
        XCTAssertNil(FieldParse.parseTime("2026-02-30"))
        XCTAssertNotNil(FieldParse.parseTime("2024-02-29"))
        XCTAssertNil(FieldParse.parseTime("2023-02-29"))
    }

    // MARK: - Values refused

    func testNumbersThatAreNotPlainAmountsAreRefused() throws {
        let cases: [(String, String, String)] = [
            ("total", "0x10", "total \"0x10\" is not a whole number"),
            ("total", "1e3", "total \"1e3\" is not a whole number"),
            ("total", "-500", "total \"-500\" is negative"),
            ("total", "9223372036000000000", "total \"9223372036000000000\" is larger than omni accepts"),
            ("total", "9223372036854775807", "total \"9223372036854775807\" is larger than omni accepts"),
            ("total", "99999999999999999999", "total \"99999999999999999999\" is larger than omni accepts"),
            ("lines", #"[{"sku":"A","quantity":-1,"unit_price":100}]"#, "lines[0].quantity -1 is outside 0-1000000"),
            ("lines", #"[{"sku":"A","quantity":1,"unit_price":-100}]"#, "lines[0].unit_price -100 is negative"),
            ("lines", #"[{"sku":"A","quantity":2,"unit_price":100,"quantity_returned":3}]"#, "lines[0].quantity_returned 3 is more than the 2 sold"),
            ("lines", #"[{"sku":"A","quantity":1000000,"unit_price":10000000000000}]"#, "lines add up to more than omni accepts"),
        ]
        for (column, value, expected) in cases {
            let (db, _) = try makeStore()
            var row = ["channel": "web", "external_ref": "V-1", "placed_at": "2026-05-01", "total": "100"]
            row[column] = value
            let path = try writeFixture("v.csv", csvFile(["channel", "external_ref", "placed_at", "total", "lines"], [row]))
            let message = failure { _ = try importOrders(db, path) }
            XCTAssertTrue(message.hasPrefix("\(path):2: \(expected)"), "\(value): \(message)")
            XCTAssertEqual(try refs(db), [])
        }
        XCTAssertEqual(FieldParse.minorUnits("92233720368547758.07").map { $0 > FieldParse.maxAmount }, true)
    }

    func testChannelMoneyAboveTheMaximumIsRefused() throws {
        let (db, _) = try makeStore()
        let path = try writeFixture("big.csv", csvFile(shopifyOrderHeader, [
            ["Name": "#1", "Financial Status": "paid", "Total": "92233720368547758.07", "Created at": "2026-05-01 10:00:00 +0800",
             "Lineitem quantity": "1", "Lineitem name": "X", "Lineitem price": "1.00"],
        ]))
        let message = failure { _ = try importFile(db, .shopifyOrders, path) }
        XCTAssertTrue(message.hasPrefix("\(path):2: Total \"92233720368547758.07\" is larger than omni accepts"), message)
        // A quantity that would overflow the line total is refused, not a crash.
        let many = try writeFixture("many.csv", csvFile(shopifyOrderHeader, [
            ["Name": "#2", "Financial Status": "paid", "Created at": "2026-05-01 10:00:00 +0800",
             "Lineitem quantity": "999999999999", "Lineitem name": "X", "Lineitem price": "99999999999.00"],
        ]))
        let crash = failure { _ = try importFile(db, .shopifyOrders, many) }
        XCTAssertTrue(crash.hasPrefix("\(many):2: Lineitem quantity 999999999999 is more than omni accepts (1000000)"), crash)
    }

    // MARK: - Limits and what is not a file

    func testOversizedFieldsAndRecordsNameTheirLine() throws {
        let (db, _) = try makeStore()
        let long = String(repeating: "R", count: 100_000)
        let path = try writeFixture("long.csv", "channel,external_ref,placed_at,total\nweb,OK-1,2026-05-01,1\nweb,\(long),2026-05-01,1\n")
        let message = failure { _ = try importOrders(db, path) }
        XCTAssertTrue(message.hasPrefix("\(path):3: column external_ref is 100000 bytes long; omni reads fields up to 64 KiB"), message)

        let huge = String(repeating: "R", count: 10 << 20)
        let hugePath = try writeFixture("huge.csv", "channel,external_ref,placed_at,total\nweb,OK-1,2026-05-01,1\nweb,\(huge),2026-05-01,1\nweb,OK-2,2026-05-01,1\n")
        let hugeMessage = failure { _ = try importOrders(db, hugePath) }
        XCTAssertTrue(hugeMessage.hasPrefix("\(hugePath):3: the record starting here is longer than 1 MiB (field 2)"), hugeMessage)
        XCTAssertEqual(try refs(db), [])
        // Skipping: the good row before it is imported, and reading stops there (said in the issue).
        let s = try importOrders(db, hugePath, skip: true)
        XCTAssertEqual(try refs(db), ["OK-1"])
        XCTAssertEqual(s.issues.map(\.line), [3])
    }

    func testADirectoryOrAFIFOIsAClearError() throws {
        let (db, _) = try makeStore()
        let dir = try temporaryDirectory().path
        XCTAssertEqual(failure { _ = try importOrders(db, dir) }, "\(dir): is a directory, not a file")
        let fifo = try temporaryDirectory().appendingPathComponent("feed").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertTrue(failure { _ = try importOrders(db, fifo) }.hasPrefix("\(fifo): is a FIFO, not a regular file"))
        XCTAssertTrue(failure { _ = try importOrders(db, "/dev/zero") }.hasPrefix("/dev/zero: is not a regular file"))
    }

    func testSkippingEveryRowIsVisibleInTheSummary() throws {
        let (db, _) = try makeStore()
        let s = try importOrders(db, try writeFixture("bad.csv", "channel,external_ref,placed_at,total\nweb,B-1,2026-02-30,1\nweb,B-2,x,1\n"), skip: true)
        XCTAssertEqual(s.rowsRead, 2)
        XCTAssertEqual(s.rowsSkipped, 2)
    }

    // MARK: - Shopify customers as spreadsheets leave them

    func testCustomerIDLosesItsQuoteAndConsentComesFromTheRowWithTheContact() throws {
        let (db, _) = try makeStore()
        let header = ["Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing", "Phone", "Accepts SMS Marketing"]
        let text = csvFile(header, [
            ["Customer ID": "'7081234567890", "First Name": "Ann", "Email": "ann@example.com", "Accepts Email Marketing": "yes",
             "Phone": "+8613800001111", "Accepts SMS Marketing": "no"],
            // The same person by phone, from another store's export: no email, so its "no" is not about email.
            ["Customer ID": "'7081234567891", "First Name": "Ann", "Phone": "+8613800001111", "Accepts Email Marketing": "no",
             "Accepts SMS Marketing": "yes"],
        ])
        _ = try importFile(db, .shopifyCustomers, try writeFixture("customers.csv", text))
        let accounts = try db.fetchAll("SELECT value FROM identities WHERE kind = 'web_account' ORDER BY value").map { $0.string(0) }
        XCTAssertEqual(accounts, ["shopify:7081234567890", "shopify:7081234567891"])
        let live = try XCTUnwrap(db.fetchOne("SELECT consent_email, consent_sms FROM customers WHERE merged_into IS NULL"))
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customers WHERE merged_into IS NULL"), 1)
        XCTAssertEqual(live.int(0), 1, "email consent comes from the row with the email")
        XCTAssertEqual(live.int(1), 1, "the latest answer for the phone wins")
    }
}
