import Foundation

public enum StockQueries {
    /// Which locations a channel sells from: stores sell in store; digital channels from
    /// locations that ship (or offer pickup).
    static func sells(channel: String, kind: String, canShip: Bool, canPickup: Bool) -> Bool {
        switch channel {
        case "store": return kind == "store"
        default: return canShip || canPickup
        }
    }

    /// Finds SKUs by code (exact, then prefix), channel SKU code, or name words.
    public static func findSKUs(_ db: Database, _ query: String, limit: Int = 20) throws -> [SKUInfo] {
        let text = query.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return [] }
        var out: [SKUInfo] = []
        var seen = Set<Int64>()
        func add(_ rows: [Row], _ by: (Row) -> String) {
            for r in rows where !seen.contains(r.int64(0)) && out.count < limit {
                seen.insert(r.int64(0))
                out.append(SKUInfo(id: r.int64(0), code: r.string(1), name: r.string(2), color: r.string(3), size: r.string(4),
                                   price: Money(minor: r.int64(5), currency: r.string(6)), matchedBy: by(r)))
            }
        }
        let columns = "s.id, s.code, s.name, s.color, s.size, s.price, s.currency"
        let upper = text.uppercased()
        add(try db.fetchAll("SELECT \(columns) FROM skus s WHERE s.code = ?", [upper]), { _ in "code" })
        add(try db.fetchAll("SELECT \(columns), cs.channel, cs.code FROM channel_skus cs JOIN skus s ON s.id = cs.sku_id WHERE cs.code = ?",
                            [text]), { "channel code \($0.string(7)):\($0.string(8))" })
        add(try db.fetchAll("SELECT \(columns) FROM skus s WHERE s.code >= ? AND s.code < ? ORDER BY s.code LIMIT ?",
                            [upper, upper + "\u{FFFF}", limit]), { _ in "code prefix" })
        if out.count < limit {
            let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            add(try db.fetchAll("SELECT \(columns) FROM skus s WHERE s.name LIKE ? ESCAPE '\\' ORDER BY s.code LIMIT ?",
                                [pattern, limit]), { _ in "name" })
        }
        return out
    }

    static func buffers(_ db: Database, skuID: Int64) throws -> [(channel: String, units: Int)] {
        // A SKU-specific buffer wins over the channel's default (sku_id 0).
        try db.fetchAll("""
            SELECT ch.code, coalesce((SELECT units FROM channel_buffers b WHERE b.channel = ch.code AND b.sku_id = ?),
                                     (SELECT units FROM channel_buffers b WHERE b.channel = ch.code AND b.sku_id = 0), 0)
            FROM channels ch ORDER BY ch.position
            """, [skuID]).map { ($0.string(0), $0.int(1)) }
    }

    /// A SKU's stock at every location, with what each channel may still promise.
    public static func stock(_ db: Database, skuID: Int64) throws -> SKUStock? {
        try db.read { () -> SKUStock? in
            guard let s = try db.fetchOne("SELECT id, code, name, color, size, price, currency FROM skus WHERE id = ?", [skuID]) else {
                return nil
            }
            let sku = SKUInfo(id: s.int64(0), code: s.string(1), name: s.string(2), color: s.string(3), size: s.string(4),
                              price: Money(minor: s.int64(5), currency: s.string(6)), matchedBy: "id")
            let channelBuffers = try buffers(db, skuID: skuID)
            var totals = Dictionary(uniqueKeysWithValues: channelBuffers.map { ($0.channel, 0) })
            let locations = try db.fetchAll("""
                SELECT l.id, l.code, l.name, l.kind, l.city, st.on_hand, st.reserved, st.safety_stock, st.reorder_point,
                       st.reorder_qty, l.can_ship, l.can_pickup
                FROM stock st JOIN locations l ON l.id = st.location_id WHERE st.sku_id = ? ORDER BY l.kind DESC, l.name
                """, [skuID]).map { r -> StockAtLocation in
                let onHand = r.int(5), reserved = r.int(6), safety = r.int(7), reorderPoint = r.int(8)
                let atp = Availability.availableToPromise(onHand: onHand, reserved: reserved, safetyStock: safety)
                var byChannel: [ChannelAvailability] = []
                for buffer in channelBuffers {
                    let sells = sells(channel: buffer.channel, kind: r.string(3), canShip: r.bool(10), canPickup: r.bool(11))
                    let available = sells ? Availability.availableToPromise(onHand: onHand, reserved: reserved, safetyStock: safety,
                                                                            channelBuffer: buffer.units) : 0
                    totals[buffer.channel, default: 0] += available
                    byChannel.append(ChannelAvailability(channel: buffer.channel, buffer: buffer.units, available: available))
                }
                return StockAtLocation(locationID: r.int64(0), locationCode: r.string(1), locationName: r.string(2),
                                       locationKind: r.string(3), city: r.string(4), onHand: onHand, reserved: reserved,
                                       safetyStock: safety, reorderPoint: reorderPoint, reorderQty: r.int(9),
                                       availableToPromise: atp,
                                       level: Availability.level(onHand: onHand, reserved: reserved, safetyStock: safety,
                                                                 reorderPoint: reorderPoint),
                                       byChannel: byChannel)
            }
            var codes: [String: String] = [:]
            for r in try db.fetchAll("SELECT channel, code FROM channel_skus WHERE sku_id = ?", [skuID]) {
                codes[r.string(0)] = r.string(1)
            }
            return SKUStock(sku: sku, locations: locations, channelCodes: codes,
                            totalOnHand: locations.reduce(0) { $0 + $1.onHand },
                            totalAvailable: locations.reduce(0) { $0 + $1.availableToPromise },
                            channelTotals: channelBuffers.map {
                                ChannelAvailability(channel: $0.channel, buffer: $0.units, available: totals[$0.channel] ?? 0)
                            })
        }
    }

    /// The ledger behind a number: movements of a SKU, optionally at one location, newest first.
    public static func movements(_ db: Database, skuID: Int64, locationID: Int64? = nil, limit: Int = 200) throws -> [MovementInfo] {
        let sql = """
            SELECT m.id, l.name, m.delta, m.reserved_delta, m.reason, m.ref, m.at, m.operator
            FROM stock_movements m JOIN locations l ON l.id = m.location_id
            WHERE m.sku_id = ? \(locationID == nil ? "" : "AND m.location_id = ?") ORDER BY m.at DESC, m.id DESC LIMIT ?
            """
        var args: [DatabaseValueConvertible?] = [skuID]
        if let locationID { args.append(locationID) }
        args.append(limit)
        return try db.fetchAll(sql, args).map {
            MovementInfo(id: $0.int64(0), locationName: $0.string(1), delta: $0.int(2), reservedDelta: $0.int(3),
                         reason: $0.string(4), ref: $0.string(5), at: $0.int64(6), operatorLogin: $0.string(7))
        }
    }

    /// Low and out-of-stock SKU-locations, keyset paged by stock row id (partial index stock_low).
    public static func lowStock(_ db: Database, afterStockID: Int64 = 0, limit: Int = 100, locationID: Int64? = nil) throws -> [LowStockRow] {
        var args: [DatabaseValueConvertible?] = [afterStockID]
        var locationClause = ""
        if let locationID { locationClause = "AND st.location_id = ?"; args.append(locationID) }
        args.append(limit)
        return try db.fetchAll("""
            SELECT st.id, s.id, s.code, s.name, l.id, l.name, st.on_hand, st.reserved, st.safety_stock, st.reorder_point, st.reorder_qty
            FROM (SELECT id FROM stock st WHERE st.on_hand - st.reserved - st.safety_stock <= st.reorder_point AND st.id > ?
                  \(locationClause) ORDER BY st.id LIMIT ?) p
            JOIN stock st ON st.id = p.id JOIN skus s ON s.id = st.sku_id JOIN locations l ON l.id = st.location_id
            ORDER BY st.id
            """, args).map { r in
            let onHand = r.int(6), reserved = r.int(7), safety = r.int(8), point = r.int(9)
            return LowStockRow(stockID: r.int64(0), skuID: r.int64(1), skuCode: r.string(2), skuName: r.string(3),
                               locationID: r.int64(4), locationName: r.string(5), onHand: onHand, reserved: reserved,
                               safetyStock: safety, reorderPoint: point, available: onHand - reserved - safety,
                               level: Availability.level(onHand: onHand, reserved: reserved, safetyStock: safety, reorderPoint: point),
                               suggestedOrder: Availability.reorderSuggestion(onHand: onHand, reserved: reserved, safetyStock: safety,
                                                                              reorderPoint: point, reorderQty: r.int(10)))
        }
    }

    /// Channel SKU codes that map to no SKU (inconsistent codes across channels).
    public static func unmappedChannelCodes(_ db: Database, limit: Int = 200) throws -> [UnmappedChannelSKU] {
        try db.fetchAll("SELECT channel, code FROM channel_skus WHERE sku_id IS NULL ORDER BY channel, code LIMIT ?", [limit]).map {
            UnmappedChannelSKU(channel: $0.string(0), code: $0.string(1))
        }
    }

    /// A cart's items, each with what is available to promise at `location` (a store visit).
    public static func cartItems(_ db: Database, cartID: Int64, atLocation location: Int64?) throws -> [CartItemInfo] {
        try db.fetchAll("""
            SELECT s.id, s.code, s.name, s.color, s.size, ci.quantity,
                   (SELECT max(0, st.on_hand - st.reserved - st.safety_stock) FROM stock st WHERE st.sku_id = s.id AND st.location_id = ?)
            FROM cart_items ci JOIN skus s ON s.id = ci.sku_id WHERE ci.cart_id = ? ORDER BY s.code
            """, [location, cartID]).map { r in
            CartItemInfo(skuID: r.int64(0), skuCode: r.string(1), name: r.string(2), color: r.string(3), size: r.string(4),
                         quantity: r.int(5), availableAtStore: location == nil ? nil : (r.optionalInt(6) ?? 0))
        }
    }
}
