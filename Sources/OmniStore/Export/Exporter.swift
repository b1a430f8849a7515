import CSQLite
import Foundation

public enum ExportFormat: String, CaseIterable, Sendable {
    case csv, jsonl
}

/// Writes omni's own format (the one `Importer` reads back) for one entity, streaming rows
/// from one read transaction to a sink in 64 KiB chunks.
public enum Exporter {
    enum ColumnType { case text, int, time, bool, json, real }

    struct Spec {
        let columns: [(String, ColumnType)]
        /// Selects the columns in order; one `?` for --since (unix seconds).
        let sql: String
    }

    /// Kinds that can be exported (the generic ones).
    public static let kinds: [ImportKind] = [.customers, .identities, .orders, .stock, .movements, .tickets, .messages,
                                             .touchpoints, .skus, .locations]

    static func ref(_ id: String) -> String {
        "CASE WHEN \(id) IS NULL THEN NULL ELSE coalesce((SELECT r.kind || ':' || r.value FROM identities r WHERE r.customer_id = \(id) ORDER BY r.id LIMIT 1), '#' || \(id)) END"
    }

    static func spec(_ kind: ImportKind) -> Spec? {
        switch kind {
        case .customers:
            return Spec(columns: [("customer_ref", .text), ("kind", .text), ("name", .text), ("tier", .text), ("city", .text),
                                  ("country", .text), ("home_location", .text), ("account_ref", .text), ("consent_email", .bool),
                                  ("consent_sms", .bool), ("consent_phone", .bool), ("consent_wechat", .bool), ("created_at", .time)],
                        sql: """
                        SELECT \(ref("c.id")), c.kind, c.name, c.tier, c.city, c.country,
                               (SELECT code FROM locations WHERE id = c.home_location_id), \(ref("c.account_id")),
                               c.consent_email, c.consent_sms, c.consent_phone, c.consent_wechat, c.created_at
                        FROM customers c WHERE c.merged_into IS NULL AND c.created_at >= ? ORDER BY c.id
                        """)
        case .identities:
            return Spec(columns: [("customer_ref", .text), ("kind", .text), ("value", .text), ("raw_value", .text), ("channel", .text),
                                  ("verified", .bool), ("first_seen_at", .time), ("link_rule", .text), ("link_evidence", .text)],
                        sql: """
                        SELECT \(ref("i.customer_id")), i.kind, i.value, i.raw_value, i.channel, i.verified, i.first_seen_at,
                               i.link_rule, i.link_evidence
                        FROM identities i WHERE i.first_seen_at >= ? ORDER BY i.id
                        """)
        case .orders:
            return Spec(columns: [("channel", .text), ("external_ref", .text), ("customer_ref", .text), ("status", .text),
                                  ("fulfilment", .text), ("location", .text), ("placed_at", .time), ("promised_by", .time),
                                  ("ready_at", .time), ("delivered_at", .time), ("in_full", .bool), ("currency", .text),
                                  ("subtotal", .int), ("discount", .int), ("shipping", .int), ("tax", .int), ("total", .int),
                                  ("refunded", .int), ("lines", .json)],
                        sql: """
                        SELECT o.channel, o.external_ref, \(ref("o.customer_id")), o.status, o.fulfilment,
                               (SELECT code FROM locations WHERE id = o.location_id), o.placed_at, o.promised_by, o.ready_at,
                               o.delivered_at, o.in_full, o.currency, o.subtotal, o.discount, o.shipping, o.tax, o.total, o.refunded,
                               (SELECT json_group_array(json_object('sku', l.sku_code, 'name', l.name, 'quantity', l.quantity,
                                        'unit_price', l.unit_price, 'quantity_returned', l.quantity_returned))
                                FROM (SELECT * FROM order_lines WHERE order_id = o.id ORDER BY id) l)
                        FROM orders o WHERE o.placed_at >= ? ORDER BY o.id
                        """)
        case .stock:
            return Spec(columns: [("sku", .text), ("location", .text), ("on_hand", .int), ("reserved", .int), ("safety_stock", .int),
                                  ("reorder_point", .int), ("reorder_qty", .int), ("updated_at", .time)],
                        sql: """
                        SELECT k.code, l.code, s.on_hand, s.reserved, s.safety_stock, s.reorder_point, s.reorder_qty, s.updated_at
                        FROM stock s JOIN skus k ON k.id = s.sku_id JOIN locations l ON l.id = s.location_id
                        WHERE s.updated_at >= ? ORDER BY s.id
                        """)
        case .movements:
            return Spec(columns: [("sku", .text), ("location", .text), ("delta", .int), ("reserved_delta", .int), ("reason", .text),
                                  ("ref", .text), ("at", .time), ("operator", .text)],
                        sql: """
                        SELECT k.code, l.code, m.delta, m.reserved_delta, m.reason, m.ref, m.at, m.operator
                        FROM stock_movements m JOIN skus k ON k.id = m.sku_id JOIN locations l ON l.id = m.location_id
                        WHERE m.at >= ? ORDER BY m.id
                        """)
        case .tickets:
            return Spec(columns: [("channel", .text), ("customer_ref", .text), ("subject", .text), ("status", .text), ("priority", .text),
                                  ("team", .text), ("assignee", .text), ("created_at", .time), ("updated_at", .time),
                                  ("first_response_due", .time), ("resolution_due", .time), ("first_response_at", .time),
                                  ("resolved_at", .time), ("agent_replies", .int), ("csat", .int), ("order_channel", .text),
                                  ("order_external_ref", .text)],
                        sql: """
                        SELECT t.channel, \(ref("t.customer_id")), t.subject, t.status, t.priority, (SELECT name FROM teams WHERE id = t.team_id),
                               t.assignee, t.created_at, t.updated_at, t.first_response_due, t.resolution_due, t.first_response_at,
                               t.resolved_at, t.agent_replies, t.csat, o.channel, o.external_ref
                        FROM tickets t LEFT JOIN orders o ON o.id = t.order_id WHERE t.created_at >= ? ORDER BY t.id
                        """)
        case .messages:
            return Spec(columns: [("ticket_channel", .text), ("ticket_customer_ref", .text), ("ticket_subject", .text),
                                  ("ticket_created_at", .time), ("channel", .text), ("author_kind", .text), ("author", .text),
                                  ("body", .text), ("at", .time)],
                        sql: """
                        SELECT t.channel, \(ref("t.customer_id")), t.subject, t.created_at, m.channel, m.author_kind, m.author, m.body, m.at
                        FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.at >= ? ORDER BY m.id
                        """)
        case .touchpoints:
            return Spec(columns: [("customer_ref", .text), ("channel", .text), ("kind", .text), ("detail", .text), ("sku", .text),
                                  ("ref", .text), ("at", .time)],
                        sql: """
                        SELECT \(ref("p.customer_id")), p.channel, p.kind, p.detail, (SELECT code FROM skus WHERE id = p.sku_id), p.ref, p.at
                        FROM touchpoints p WHERE p.at >= ? ORDER BY p.id
                        """)
        case .skus:
            return Spec(columns: [("sku", .text), ("product", .text), ("category", .text), ("brand", .text), ("name", .text),
                                  ("color", .text), ("size", .text), ("price", .int), ("currency", .text)],
                        sql: """
                        SELECT k.code, p.name, p.category, p.brand, k.name, k.color, k.size, k.price, k.currency
                        FROM skus k JOIN products p ON p.id = k.product_id WHERE ? IS NOT NULL ORDER BY k.id
                        """)
        case .locations:
            return Spec(columns: [("location", .text), ("name", .text), ("kind", .text), ("city", .text), ("latitude", .real),
                                  ("longitude", .real), ("can_ship", .bool), ("can_pickup", .bool)],
                        sql: """
                        SELECT code, name, kind, city, latitude, longitude, can_ship, can_pickup FROM locations WHERE ? IS NOT NULL ORDER BY id
                        """)
        default:
            return nil
        }
    }

    /// Streams one entity to `sink`. Returns the number of records written.
    @discardableResult
    public static func export(_ db: Database, kind: ImportKind, format: ExportFormat, since: Int64? = nil,
                              sink: ([UInt8]) throws -> Void) throws -> Int {
        guard let spec = spec(kind) else {
            throw StoreError.invalid("\(kind.rawValue) cannot be exported; export one of \(kinds.map(\.rawValue).joined(separator: ", "))")
        }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        // JSON Lines escape DEL, C1 and bidi controls too (records end whole in every chunk).
        func emit(_ bytes: [UInt8]) throws { try sink(format == .jsonl ? JSONSafety.escape(bytes) : bytes) }
        func flushIfFull() throws { if out.count >= 1 << 16 { try emit(out); out.removeAll(keepingCapacity: true) } }
        if format == .csv {
            out.append(contentsOf: spec.columns.map(\.0).joined(separator: ",").utf8)
            out.append(0x0A)
        }
        var count = 0
        try db.read {
            let statement = try db.statement(spec.sql)
            try statement.bind([since ?? Int64.min])
            defer { sqlite3_reset(statement.handle) }
            while try statement.step() {
                if format == .jsonl { out.append(UInt8(ascii: "{")) }
                for (i, column) in spec.columns.enumerated() {
                    let value = statement.columnValue(Int32(i))
                    if format == .csv {
                        if i > 0 { out.append(UInt8(ascii: ",")) }
                        writeCSV(value, column.1, into: &out)
                    } else {
                        if i > 0 { out.append(UInt8(ascii: ",")) }
                        writeJSONString(column.0, into: &out)
                        out.append(UInt8(ascii: ":"))
                        writeJSON(value, column.1, into: &out)
                    }
                }
                if format == .jsonl { out.append(UInt8(ascii: "}")) }
                out.append(0x0A)
                count += 1
                try flushIfFull()
            }
        }
        if !out.isEmpty { try emit(out) }
        return count
    }

    /// Exports to a file (written whole, then moved into place) or, with nil, to stdout.
    @discardableResult
    public static func export(_ db: Database, kind: ImportKind, format: ExportFormat, since: Int64? = nil, path: String?) throws -> Int {
        guard let path else {
            let stdout = FileHandle.standardOutput
            return try export(db, kind: kind, format: format, since: since) { stdout.write(Data($0)) }
        }
        let temporary = path + ".omni-partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw StoreError.invalid("cannot write \(path)")
        }
        do {
            let n = try export(db, kind: kind, format: format, since: since) { handle.write(Data($0)) }
            try handle.close()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
            return n
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    static func text(_ value: DatabaseValue, _ type: ColumnType) -> String? {
        switch value {
        case .null: return nil
        case .integer(let v):
            switch type {
            case .time: return FieldParse.isoTime(v)
            case .bool: return v != 0 ? "true" : "false"
            default: return String(v)
            }
        case .real(let d): return String(d)
        case .text(let s): return s
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        }
    }

    static func writeCSV(_ value: DatabaseValue, _ type: ColumnType, into out: inout [UInt8]) {
        guard let s = text(value, type) else { return }
        let bytes = Array(s.utf8)
        let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || bytes.first == UInt8(ascii: " ") || bytes.last == UInt8(ascii: " ")
        guard needsQuotes else { out.append(contentsOf: bytes); return }
        out.append(UInt8(ascii: "\""))
        for b in bytes {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }

    static func writeJSON(_ value: DatabaseValue, _ type: ColumnType, into out: inout [UInt8]) {
        switch (value, type) {
        case (.null, _): out.append(contentsOf: "null".utf8)
        case (.integer(let v), .bool): out.append(contentsOf: (v != 0 ? "true" : "false").utf8)
        case (.integer(let v), .time): writeJSONString(FieldParse.isoTime(v), into: &out)
        case (.integer(let v), _): out.append(contentsOf: String(v).utf8)
        case (.real(let d), _): out.append(contentsOf: (d.isFinite ? String(d) : "null").utf8)
        case (.text(let s), .json): out.append(contentsOf: s.utf8)
        case (.text(let s), _): writeJSONString(s, into: &out)
        case (.blob(let b), _): writeJSONString(String(decoding: b, as: UTF8.self), into: &out)
        }
    }

    static func writeJSONString(_ s: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
