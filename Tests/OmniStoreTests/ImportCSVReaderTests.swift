import Foundation
import XCTest
@testable import OmniStore

extension XCTestCase {
    /// Writes `text` (or raw bytes) to a file in a fresh folder, removed when the test ends; returns its path.
    func writeFixture(_ name: String, _ text: String, bom: Bool = false, crlf: Bool = false) throws -> String {
        var body = crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
        if bom { body = "\u{FEFF}" + body }
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(body.utf8).write(to: url)
        return url.path
    }
}

/// One CSV line from values, quoted where RFC 4180 needs it.
func csvLine(_ values: [String]) -> String {
    values.map { v in
        v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
    }.joined(separator: ",")
}

/// A CSV with `header`, rows given as column -> value (missing columns empty).
func csvFile(_ header: [String], _ rows: [[String: String]]) -> String {
    ([csvLine(header)] + rows.map { row in csvLine(header.map { row[$0] ?? "" }) }).joined(separator: "\n") + "\n"
}

final class ImportCSVReaderTests: XCTestCase {
    func read(_ path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [(Int, [String])] {
        let reader = try CSVReader(path: path, delimiter: delimiter)
        var out: [(Int, [String])] = []
        while let r = try reader.next() { out.append((r.line, r.fields)) }
        return out
    }

    func testQuotesCommasNewlinesAndLineNumbers() throws {
        let text = #"""
        a,b,c
        1,"Lee, Ann ""Annie""",x
        2,"line one
        line two",y

        3,,
        "4",plain "quote" inside,z


        """#
        let rows = try read(try writeFixture("edge.csv", text))
        XCTAssertEqual(rows.map(\.0), [1, 2, 3, 6, 7])
        XCTAssertEqual(rows[1].1, ["1", "Lee, Ann \"Annie\"", "x"])
        XCTAssertEqual(rows[2].1, ["2", "line one\nline two", "y"])
        XCTAssertEqual(rows[3].1, ["3", "", ""])
        XCTAssertEqual(rows[4].1, ["4", "plain \"quote\" inside", "z"])
    }

    func testBOMAndCRLF() throws {
        let rows = try read(try writeFixture("bom.csv", "Name,City\n王芳,上海\n\"a\nb\",c\n", bom: true, crlf: true))
        XCTAssertEqual(rows.map(\.1), [["Name", "City"], ["王芳", "上海"], ["a\r\nb", "c"]])
        XCTAssertEqual(rows.map(\.0), [1, 2, 3])
    }

    func testNoTrailingNewlineAndEmptyFile() throws {
        XCTAssertEqual(try read(try writeFixture("a.csv", "x,y\n1,2")).map(\.1), [["x", "y"], ["1", "2"]])
        XCTAssertTrue(try read(try writeFixture("e.csv", "")).isEmpty)
        XCTAssertTrue(try read(try writeFixture("n.csv", "\n\r\n\n")).isEmpty)
    }

    func testUnclosedQuoteNamesItsLine() throws {
        let path = try writeFixture("bad.csv", "a,b\n1,2\n3,\"never closed\n4,5\n")
        let reader = try CSVReader(path: path)
        _ = try reader.next(); _ = try reader.next()
        XCTAssertThrowsError(try reader.next()) { error in
            XCTAssertEqual((error as? ImportFailure).map { "\($0)" }?.hasPrefix("\(path):3: a quoted field starting here is never closed"), true)
        }
    }

    func testTabsAndChunkBoundaries() throws {
        // Records cross the 1 MiB read chunk many times; every field must come back whole.
        var text = "id\tbody\n"
        for i in 0..<30_000 { text += "\(i)\tsome text with \"quotes\" and 中文 \(i)\n" }
        let rows = try read(try writeFixture("big.tsv", text), delimiter: UInt8(ascii: "\t"))
        XCTAssertEqual(rows.count, 30_001)
        XCTAssertEqual(rows[29_999].1, ["29998", "some text with \"quotes\" and 中文 29998"])
        XCTAssertEqual(rows.last?.0, 30_001)

        var quoted = "id,body\n"
        for i in 0..<20_000 { quoted += "\(i),\"multi\nline, \"\"q\"\" \(i)\"\n" }
        let q = try read(try writeFixture("bigq.csv", quoted))
        XCTAssertEqual(q.count, 20_001)
        XCTAssertEqual(q[12_345].1, ["12344", "multi\nline, \"q\" 12344"])
        XCTAssertEqual(q[12_345].0, 2 + 12_344 * 2)
    }

    func testEveryChunkBoundary() throws {
        let text = "a,b\r\n1,\"x \"\"y\"\"\r\nz\"\r\n\r\n\"\",\"\"\"\"\"\"\r2,end\n3,\"q\""
        let path = try writeFixture("chunks.csv", text, bom: true)
        func all(_ size: Int) throws -> [String] {
            let reader = try CSVReader(path: path, delimiter: UInt8(ascii: ","), quoting: true, chunkSize: size)
            var out: [String] = []
            while let r = try reader.next() { out.append("\(r.line):" + r.fields.joined(separator: "|")) }
            return out
        }
        let expected = ["1:a|b", "2:1|x \"y\"\r\nz", "5:|\"\"", "6:2|end", "7:3|q"]
        XCTAssertEqual(try all(1 << 20), expected)
        for size in 1...9 { XCTAssertEqual(try all(size), expected, "chunk size \(size)") }
    }

    func testMoneyAndTimes() {
        XCTAssertEqual(FieldParse.minorUnits("12.50"), 1250)
        XCTAssertEqual(FieldParse.minorUnits("12.5"), 1250)
        XCTAssertEqual(FieldParse.minorUnits("-3"), -300)
        XCTAssertEqual(FieldParse.minorUnits("1,234.56"), 123_456)
        XCTAssertEqual(FieldParse.minorUnits("¥8.00"), 800)
        XCTAssertNil(FieldParse.minorUnits("12,5x"))
        XCTAssertNil(FieldParse.minorUnits("12,5"))
        XCTAssertNil(FieldParse.minorUnits("1.234"))
        XCTAssertNil(FieldParse.minorUnits(""))
        XCTAssertEqual(FieldParse.parseTime("2026-05-01 09:59:00 +0200"), FieldParse.parseTime("2026-05-01T07:59:00Z"))
        XCTAssertEqual(FieldParse.parseTime("1970-01-02"), 86_400)
        XCTAssertEqual(FieldParse.parseTime("2026-05-01T09:59:00+02:00"), FieldParse.parseTime("2026-05-01 07:59:00 UTC"))
        XCTAssertNil(FieldParse.parseTime("01/05/2026"))
        XCTAssertEqual(FieldParse.isoTime(FieldParse.parseTime("2026-05-01T07:59:03Z")!), "2026-05-01T07:59:03Z")
        XCTAssertEqual(FieldParse.isoTime(-1), "1969-12-31T23:59:59Z")
    }
}
