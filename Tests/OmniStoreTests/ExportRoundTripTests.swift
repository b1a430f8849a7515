import Foundation
import XCTest
@testable import OmniStore

final class ExportRoundTripTests: XCTestCase {
    /// A store filled through every import path.
    func sourceStore() throws -> Database {
        let (db, _) = try makeStore()
        _ = try importFile(db, .locations, try writeFixture("locations.csv", #"""
            location,name,kind,city,latitude,longitude,can_ship,can_pickup
            SH-JA,"Shanghai Jing'an Store",store,上海,31.22,121.45,false,true
            WH-1,Central Warehouse,warehouse,Suzhou,,,true,false

            """#))
        _ = try importFile(db, .skus, try writeFixture("skus.csv", #"""
            sku,product,category,brand,name,color,size,price,currency
            TEE-RED-M,Tee,apparel,Omni,"Tee, red ""classic"" M",Red,M,14900,CNY
            MUG-01,Mug,home,Omni,Mug,,,10000,CNY

            """#))
        _ = try importFile(db, .shopifyOrders, try writeFixture("orders.csv", shopifyOrdersCSV(shopifyOrderRows())))
        _ = try importFile(db, .customers, try writeFixture("customers.csv", #"""
            customer_ref,name,tier,city,country,consent_email,consent_sms,created_at,home_location
            #77,Walk-in 王,gold,上海,CN,false,true,2026-01-01T00:00:00Z,SH-JA
            phone:13700001234,Carol Chen,member,Hangzhou,CN,true,false,2026-02-01T00:00:00Z,

            """#))
        _ = try importFile(db, .identities, try writeFixture("identities.csv", #"""
            customer_ref,kind,value,channel,verified,first_seen_at,link_rule,link_evidence
            email:ann.lee@example.com,wechat_openid,oAbC-123,wechat,true,2026-05-05T00:00:00Z,agent,"confirmed on a call, ""ok"""

            """#))
        _ = try importFile(db, .stock, try writeFixture("stock.csv", #"""
            sku,location,on_hand,reserved,safety_stock,reorder_point,reorder_qty,updated_at
            TEE-RED-M,SH-JA,10,2,1,3,20,2026-05-06T00:00:00Z
            MUG-01,WH-1,40,0,0,5,50,2026-05-06T00:00:00Z

            """#))
        _ = try importFile(db, .movements, try writeFixture("movements.csv", #"""
            sku,location,delta,reserved_delta,reason,ref,at,operator
            TEE-RED-M,SH-JA,12,0,receipt,PO-1,2026-05-01T00:00:00Z,li
            TEE-RED-M,SH-JA,-2,2,sale,#1001,2026-05-02T00:00:00Z,system

            """#))
        _ = try importFile(db, .tickets, try writeFixture("tickets.jsonl", #"""
            {"channel":"callcentre","customer_ref":"email:ann.lee@example.com","subject":"Mug arrived broken","status":"solved","priority":"high","created_at":"2026-05-04T02:00:00Z","first_response_at":"2026-05-04T03:00:00Z","resolved_at":"2026-05-05T03:00:00Z","agent_replies":1,"csat":5,"order_channel":"web","order_external_ref":"#1001","assignee":"li"}
            {"channel":"web","subject":"Anonymous question","status":"new","priority":"low","created_at":"2026-05-04T05:00:00Z"}

            """#))
        _ = try importFile(db, .messages, try writeFixture("messages.csv", #"""
            ticket_channel,ticket_customer_ref,ticket_subject,ticket_created_at,channel,author_kind,author,body,at
            callcentre,email:ann.lee@example.com,Mug arrived broken,2026-05-04T02:00:00Z,callcentre,customer,Ann,"It was in pieces,
            all of it.",2026-05-04T02:00:00Z
            callcentre,email:ann.lee@example.com,Mug arrived broken,2026-05-04T02:00:00Z,callcentre,agent,li,Sorry! A new one is on its way.,2026-05-04T03:00:00Z

            """#))
        _ = try importFile(db, .touchpoints, try writeFixture("touchpoints.csv", #"""
            customer_ref,channel,kind,detail,sku,ref,at
            phone:13900001111,store,store_visit,Jing'an,,,2026-05-02T07:00:00Z
            email:ann.lee@example.com,web,product_view,,TEE-RED-M,,2026-04-30T07:00:00Z

            """#))
        return db
    }

    /// The store's content keyed by natural keys only (no row ids), so two stores compare.
    func content(_ db: Database) throws -> [String] {
        var out: [String] = []
        func key(_ customer: Int64?) throws -> String {
            guard let customer else { return "guest" }
            let ids = try db.fetchAll("SELECT kind || ':' || value FROM identities WHERE customer_id = ? ORDER BY 1", [customer]).map { $0.string(0) }
            return ids.isEmpty ? "#\(customer)" : ids.joined(separator: ",")
        }
        for c in try db.fetchAll("""
            SELECT c.id, c.kind, c.name, c.tier, c.city, c.country, c.consent_email, c.consent_sms, c.consent_phone, c.consent_wechat,
                   c.created_at, l.code, c.order_count, c.lifetime_value FROM customers c LEFT JOIN locations l ON l.id = c.home_location_id
            WHERE merged_into IS NULL
            """) {
            out.append("customer \(try key(c.int64(0))): " + c.values.dropFirst().map { "\($0)" }.joined(separator: "|"))
        }
        for i in try db.fetchAll("SELECT customer_id, kind, value, raw_value, channel, verified, first_seen_at, link_rule, link_evidence FROM identities") {
            out.append("identity \(try key(i.int64(0))): " + i.values.dropFirst().map { "\($0)" }.joined(separator: "|"))
        }
        for o in try db.fetchAll("""
            SELECT o.id, o.customer_id, o.channel, o.external_ref, o.status, o.fulfilment, l.code, o.placed_at, o.promised_by, o.ready_at,
                   o.delivered_at, o.in_full, o.currency, o.subtotal, o.discount, o.shipping, o.tax, o.total, o.refunded, o.units
            FROM orders o LEFT JOIN locations l ON l.id = o.location_id
            """) {
            let lines = try db.fetchAll("SELECT coalesce(s.code, '-'), l.sku_code, l.name, l.quantity, l.unit_price, l.quantity_returned FROM order_lines l LEFT JOIN skus s ON s.id = l.sku_id WHERE order_id = ? ORDER BY l.id", [o.int64(0)])
                .map { $0.values.map { "\($0)" }.joined(separator: "/") }
            out.append("order \(try key(o.optionalInt64(1))): " + o.values.dropFirst(2).map { "\($0)" }.joined(separator: "|") + " lines " + lines.joined(separator: "; "))
        }
        for s in try db.fetchAll("SELECT k.code, l.code, s.on_hand, s.reserved, s.safety_stock, s.reorder_point, s.reorder_qty, s.updated_at FROM stock s JOIN skus k ON k.id = s.sku_id JOIN locations l ON l.id = s.location_id") {
            out.append("stock " + s.values.map { "\($0)" }.joined(separator: "|"))
        }
        for m in try db.fetchAll("SELECT k.code, l.code, m.delta, m.reserved_delta, m.reason, m.ref, m.at, m.operator FROM stock_movements m JOIN skus k ON k.id = m.sku_id JOIN locations l ON l.id = m.location_id") {
            out.append("movement " + m.values.map { "\($0)" }.joined(separator: "|"))
        }
        for t in try db.fetchAll("""
            SELECT t.id, t.customer_id, t.channel, t.subject, t.status, t.priority, t.assignee, t.created_at, t.updated_at, t.first_response_due,
                   t.resolution_due, t.first_response_at, t.resolved_at, t.agent_replies, t.csat, o.external_ref
            FROM tickets t LEFT JOIN orders o ON o.id = t.order_id
            """) {
            let messages = try db.fetchAll("SELECT channel, author_kind, author, body, at FROM ticket_messages WHERE ticket_id = ? ORDER BY id", [t.int64(0)])
                .map { $0.values.map { "\($0)" }.joined(separator: "/") }
            out.append("ticket \(try key(t.optionalInt64(1))): " + t.values.dropFirst(2).map { "\($0)" }.joined(separator: "|") + " messages " + messages.joined(separator: "; "))
        }
        for p in try db.fetchAll("SELECT p.customer_id, p.channel, p.kind, p.detail, s.code, p.ref, p.at FROM touchpoints p LEFT JOIN skus s ON s.id = p.sku_id") {
            out.append("touchpoint \(try key(p.int64(0))): " + p.values.dropFirst().map { "\($0)" }.joined(separator: "|"))
        }
        for s in try db.fetchAll("SELECT k.code, p.name, p.category, p.brand, k.name, k.color, k.size, k.price, k.currency FROM skus k JOIN products p ON p.id = k.product_id") {
            out.append("sku " + s.values.map { "\($0)" }.joined(separator: "|"))
        }
        for l in try db.fetchAll("SELECT code, name, kind, city, latitude, longitude, can_ship, can_pickup FROM locations") {
            out.append("location " + l.values.map { "\($0)" }.joined(separator: "|"))
        }
        return out.sorted()
    }

    let order: [ImportKind] = [.locations, .skus, .customers, .identities, .orders, .stock, .movements, .tickets, .messages, .touchpoints]

    func roundTrip(_ format: ExportFormat) throws {
        let source = try sourceStore()
        let folder = try temporaryDirectory()
        var files: [ImportKind: String] = [:]
        for kind in order {
            let path = folder.appendingPathComponent("\(kind.rawValue).\(format.rawValue)").path
            try Exporter.export(source, kind: kind, format: format, path: path)
            files[kind] = path
        }
        let (target, _) = try makeStore()
        for kind in order {
            let s = try importFile(target, kind, files[kind]!)
            XCTAssertEqual(s.rowsSkipped, 0, "\(kind)")
        }
        XCTAssertEqual(try target.scalarInt("SELECT count(*) FROM merges"), 0)
        let expected = try content(source), actual = try content(target)
        XCTAssertEqual(actual.count, expected.count)
        for (a, e) in zip(actual, expected) where a != e { XCTFail("\(format):\n  got      \(a)\n  expected \(e)") }
        XCTAssertGreaterThan(expected.filter { $0.hasPrefix("order ") }.count, 3)

        // Importing the export again changes nothing.
        let changes = target.totalChanges
        for kind in order { _ = try importFile(target, kind, files[kind]!) }
        XCTAssertEqual(target.totalChanges, changes)
    }

    func testRoundTripCSV() throws { try roundTrip(.csv) }
    func testRoundTripJSONLines() throws { try roundTrip(.jsonl) }

    func testSinceFiltersAndCSVQuoting() throws {
        let db = try sourceStore()
        var text = ""
        try Exporter.export(db, kind: .orders, format: .csv, since: FieldParse.parseTime("2026-05-03")) { text += String(decoding: $0, as: UTF8.self) }
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 3) // header, #1003, #1004
        XCTAssertTrue(lines[0].hasPrefix("channel,external_ref,customer_ref,status"))
        var json = ""
        try Exporter.export(db, kind: .messages, format: .jsonl) { json += String(decoding: $0, as: UTF8.self) }
        let first = try JSONSerialization.jsonObject(with: Data(json.split(separator: "\n")[0].utf8)) as? [String: Any]
        XCTAssertEqual(first?["body"] as? String, "It was in pieces,\nall of it.")
        XCTAssertEqual(first?["ticket_customer_ref"] as? String, "email:ann.lee@example.com")
    }
}
