import Foundation

extension StoreDay {
    struct AuditDetail: Codable {
        var location: String
        var lines: [Line]
        struct Line: Codable { var skuID: Int64; var sku: String; var quantity: Int }
    }

    static func auditText(_ detail: AuditDetail) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return (try? encoder.encode(detail)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Prepares a booked visit: reserves every cart item at the appointment's store
    /// (stock.reserved += quantity, a `reserve` movement with ref "appointment N"), marks the
    /// appointment prepared (prepared_at/by) and writes the audit log; one transaction. Refuses
    /// — writing nothing — when the appointment is not booked or any item is short here, naming
    /// each short SKU.
    @discardableResult
    public static func prepare(_ db: Database, appointmentID: Int64, operator login: String, now: Int64) throws -> [PreparedLine] {
        try db.transaction {
            guard let a = try db.fetchOne("""
                SELECT a.location_id, a.status, a.cart_id, l.code FROM appointments a JOIN locations l ON l.id = a.location_id
                WHERE a.id = ?
                """, [appointmentID]) else {
                throw StoreDayError.appointmentNotFound(appointmentID)
            }
            let locationID = a.int64(0)
            guard a.string(1) == "booked" else {
                throw StoreDayError.wrongStatus(id: appointmentID, status: a.string(1), expected: "booked")
            }
            let items = try a.optionalInt64(2).map { cart in
                try db.fetchAll("""
                    SELECT ci.sku_id, s.code, ci.quantity, st.id, coalesce(st.on_hand - st.reserved - st.safety_stock, 0)
                    FROM cart_items ci JOIN skus s ON s.id = ci.sku_id
                    LEFT JOIN stock st ON st.sku_id = ci.sku_id AND st.location_id = ?
                    WHERE ci.cart_id = ? ORDER BY s.code
                    """, [locationID, cart])
            } ?? []
            let shortages = items.filter { $0.optionalInt64(3) == nil || $0.int(4) < $0.int(2) }.map {
                StoreDayError.Shortage(skuCode: $0.string(1), needed: $0.int(2), available: max(0, $0.int(4)))
            }
            if !shortages.isEmpty { throw StoreDayError.short(id: appointmentID, shortages) }
            var lines: [PreparedLine] = []
            for item in items {
                let quantity = item.int(2)
                try db.execute("UPDATE stock SET reserved = reserved + ?, updated_at = ? WHERE id = ?", [quantity, now, item.int64(3)])
                try db.execute("""
                    INSERT INTO stock_movements(sku_id, location_id, delta, reserved_delta, reason, ref, at, operator)
                    VALUES (?, ?, 0, ?, 'reserve', ?, ?, ?)
                    """, [item.int64(0), locationID, quantity, ref(appointmentID), now, login])
                lines.append(PreparedLine(skuID: item.int64(0), skuCode: item.string(1), quantity: quantity))
            }
            try db.execute("""
                UPDATE appointments SET status = 'prepared', prepared_at = ?, prepared_by = ? WHERE id = ? AND status = 'booked'
                """, [now, login, appointmentID])
            let detail = AuditDetail(location: a.string(3), lines: lines.map { .init(skuID: $0.skuID, sku: $0.skuCode, quantity: $0.quantity) })
            try Audit.record(db, operator: login, action: "prepare", entity: "appointment", id: appointmentID,
                             detail: auditText(detail), at: now)
            return lines
        }
    }

    /// Undoes `prepare`: releases exactly what the ledger says was reserved for this appointment
    /// (a `release` movement per SKU), returns it to booked and writes the audit log; one transaction.
    @discardableResult
    public static func unprepare(_ db: Database, appointmentID: Int64, operator login: String, now: Int64) throws -> [PreparedLine] {
        try db.transaction {
            guard let a = try db.fetchOne("""
                SELECT a.location_id, a.status, a.cart_id, l.code FROM appointments a JOIN locations l ON l.id = a.location_id
                WHERE a.id = ?
                """, [appointmentID]) else {
                throw StoreDayError.appointmentNotFound(appointmentID)
            }
            let locationID = a.int64(0)
            guard a.string(1) == "prepared" else {
                throw StoreDayError.wrongStatus(id: appointmentID, status: a.string(1), expected: "prepared")
            }
            // The SKUs reserved: those the prepare audit entries name, and the cart's (in case).
            var skuIDs = Set<Int64>()
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            for entry in try db.fetchAll("""
                SELECT detail FROM audit_log WHERE entity = 'appointment' AND entity_id = ? AND action = 'prepare'
                """, [appointmentID]) {
                if let detail = try? decoder.decode(AuditDetail.self, from: Data(entry.string(0).utf8)) {
                    skuIDs.formUnion(detail.lines.map(\.skuID))
                }
            }
            if let cart = a.optionalInt64(2) {
                skuIDs.formUnion(try db.fetchAll("SELECT sku_id FROM cart_items WHERE cart_id = ?", [cart]).map { $0.int64(0) })
            }
            var lines: [PreparedLine] = []
            for skuID in skuIDs.sorted() {
                let reserved = try reservedFor(db, appointmentID: appointmentID, skuID: skuID, locationID: locationID)
                guard reserved > 0 else { continue }
                try db.execute("UPDATE stock SET reserved = reserved - ?, updated_at = ? WHERE sku_id = ? AND location_id = ?",
                               [reserved, now, skuID, locationID])
                try db.execute("""
                    INSERT INTO stock_movements(sku_id, location_id, delta, reserved_delta, reason, ref, at, operator)
                    VALUES (?, ?, 0, ?, 'release', ?, ?, ?)
                    """, [skuID, locationID, -reserved, ref(appointmentID), now, login])
                let code = try db.scalar("SELECT code FROM skus WHERE id = ?", [skuID], as: String.self) ?? "#\(skuID)"
                lines.append(PreparedLine(skuID: skuID, skuCode: code, quantity: reserved))
            }
            try db.execute("""
                UPDATE appointments SET status = 'booked', prepared_at = NULL, prepared_by = NULL WHERE id = ? AND status = 'prepared'
                """, [appointmentID])
            let detail = AuditDetail(location: a.string(3), lines: lines.map { .init(skuID: $0.skuID, sku: $0.skuCode, quantity: $0.quantity) })
            try Audit.record(db, operator: login, action: "unprepare", entity: "appointment", id: appointmentID,
                             detail: auditText(detail), at: now)
            return lines
        }
    }
}
