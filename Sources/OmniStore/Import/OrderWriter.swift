import CSQLite
import Foundation

/// An order as an import sees it, whatever the format, before it is written.
struct ImportedOrder {
    var channel: String
    var externalRef: String
    var customerID: Int64?
    var status: String
    var fulfilment: String
    var locationID: Int64?
    var placedAt: Int64
    var promisedBy: Int64?
    var readyAt: Int64?
    var deliveredAt: Int64?
    var inFull: Bool?
    var currency: String
    var subtotal: Int64
    var discount: Int64
    var shipping: Int64
    var tax: Int64
    var total: Int64
    var refunded: Int64
    var lines: [ImportedLine]
    /// The customer was created for this very order (so has no orders yet).
    var customerIsNew = false
    /// `OrderExtras` as stored in `order_details`; nil: the source has none (what omni knew stays).
    var details: String?
}

struct ImportedLine: Equatable {
    var skuID: Int64?
    var skuCode: String
    var name: String
    var quantity: Int64
    var unitPrice: Int64
    /// nil: the source does not say (Shopify, Amazon) — an updated order keeps what omni knew.
    var quantityReturned: Int64?
}

extension Importer {
    enum WriteOutcome { case created, updated, unchanged }

    /// Inserts the order, or brings an existing one (same channel and external ref) up to date:
    /// its columns updated, its lines replaced as a whole when they differ. Times and the
    /// customer the file does not know keep their stored values.
    @discardableResult
    func upsertOrder(_ incoming: ImportedOrder) throws -> WriteOutcome {
        var o = incoming
        let units = o.lines.reduce(0) { $0 + $1.quantity }
        // One probe of UNIQUE(channel, external_ref) that also reads what a re-import compares.
        // A bulk load mostly meets new orders: the insert itself is the probe of UNIQUE(channel,
        // external_ref). Otherwise one probe that also reads what a re-import compares.
        if batch?.bulk == true, try insertNew(o, units: units) { return .created }
        let lookup = try db.statement(Self.findOrderSQL)
        lookup.reset()
        lookup.bindText(1, o.channel); lookup.bindText(2, o.externalRef)
        let found: Row? = try lookup.step() ? lookup.positionalRow() : nil
        lookup.reset()
        guard let existing = found else {
            guard try insertNew(o, units: units) else { throw StoreError.invalid("order \(o.channel) \(o.externalRef) appeared while being imported") }
            return .created
        }
        let id = existing.int64(0)
        let storedCustomer = existing.optionalInt64(1)
        if let stored = storedCustomer {
            if o.customerID == nil { o.customerID = stored }
            else if let c = o.customerID, c != stored, try resolver.liveCustomerID(for: stored) == c { o.customerID = stored }
        }
        o.locationID = o.locationID ?? existing.optionalInt64(4)
        o.promisedBy = o.promisedBy ?? existing.optionalInt64(6)
        o.readyAt = o.readyAt ?? existing.optionalInt64(7)
        o.deliveredAt = o.deliveredAt ?? existing.optionalInt64(8)
        let inFull = o.inFull ?? (existing.int(9) != 0)
        let linesQuery = try db.statement("SELECT sku_id, sku_code, name, quantity, unit_price, quantity_returned FROM order_lines WHERE order_id = ? ORDER BY id")
        linesQuery.reset()
        linesQuery.bindInt(1, id)
        var lineRows: [Row] = []
        do {
            defer { linesQuery.reset() }
            while try linesQuery.step() { lineRows.append(linesQuery.positionalRow()) }
        }
        let oldLines = lineRows
            .map { ImportedLine(skuID: $0.optionalInt64(0), skuCode: $0.string(1), name: $0.string(2), quantity: $0.int64(3),
                                unitPrice: $0.int64(4), quantityReturned: $0.int64(5)) }
        for i in o.lines.indices where o.lines[i].quantityReturned == nil {
            let old = i < oldLines.count && oldLines[i].skuCode == o.lines[i].skuCode ? oldLines[i].quantityReturned : nil
            o.lines[i].quantityReturned = old ?? 0
        }
        let sameOrder = storedCustomer == o.customerID && existing.string(2) == o.status && existing.string(3) == o.fulfilment
            && existing.optionalInt64(4) == o.locationID && existing.int64(5) == o.placedAt
            && existing.optionalInt64(6) == o.promisedBy && existing.optionalInt64(7) == o.readyAt
            && existing.optionalInt64(8) == o.deliveredAt && (existing.int(9) != 0) == inFull
            && existing.string(10) == o.currency && existing.int64(11) == o.subtotal && existing.int64(12) == o.discount
            && existing.int64(13) == o.shipping && existing.int64(14) == o.tax && existing.int64(15) == o.total
            && existing.int64(16) == o.refunded && existing.int64(17) == units
        let sameLines = oldLines == o.lines
        let storedDetails = existing.optionalString(18)
        let sameDetails = o.details == nil || o.details == storedDetails
        if !sameDetails { try writeDetails(id, o.details!, replacing: storedDetails != nil) }
        if sameOrder && sameLines && sameDetails {
            summary.unchanged("orders")
            return .unchanged
        }
        if !sameOrder {
            batch?.forgetLearnt()   // a cancelled or moved order may leave its customer without a live one
            try db.execute("""
                UPDATE orders SET customer_id = ?, status = ?, fulfilment = ?, location_id = ?, placed_at = ?, promised_by = ?,
                    ready_at = ?, delivered_at = ?, in_full = ?, currency = ?, subtotal = ?, discount = ?, shipping = ?, tax = ?,
                    total = ?, refunded = ?, units = ?
                WHERE id = ?
                """, [o.customerID, o.status, o.fulfilment, o.locationID, o.placedAt, o.promisedBy, o.readyAt, o.deliveredAt,
                      inFull, o.currency, o.subtotal, o.discount, o.shipping, o.tax, o.total, o.refunded, units, id])
        }
        if !sameLines {
            try db.execute("DELETE FROM order_lines WHERE order_id = ?", [id])
            try insertLines(id, o.lines)
            if sameOrder && oldLines.isEmpty && sameDetails {
                // Neither an order update nor a line delete logged the change (line inserts are
                // batched, see ImportBatch): the console still has to hear of it.
                try db.execute("INSERT INTO change_log(entity, entity_id, op, at_ms) VALUES ('order', ?, 'update', \(SchemaTriggers.nowMilliseconds))", [id])
            }
            summary.updated("order_lines", o.lines.count)
        }
        if sameOrder && !sameDetails && (sameLines || oldLines.isEmpty) {
            // Only what the export says beyond omni's columns changed: the console hears of it here.
            try db.execute("INSERT INTO change_log(entity, entity_id, op, at_ms) VALUES ('order', ?, 'update', \(SchemaTriggers.nowMilliseconds))", [id])
        }
        summary.updated("orders")
        return .updated
    }

    /// Inserts the order and its lines unless the channel already has its external ref.
    private func insertNew(_ o: ImportedOrder, units: Int64) throws -> Bool {
        var repeatOrder = false
        if batch != nil, let customer = o.customerID, o.status != "cancelled", !o.customerIsNew {
            repeatOrder = try batch?.hasLiveOrder(customer) ?? false
        }
        let insert = try db.statement(Self.insertOrderSQL)
        insert.reset()
        insert.bindText(1, o.channel); insert.bindText(2, o.externalRef); insert.bindInt(3, o.customerID)
        insert.bindText(4, o.status); insert.bindText(5, o.fulfilment); insert.bindInt(6, o.locationID)
        insert.bindInt(7, o.placedAt); insert.bindInt(8, o.promisedBy); insert.bindInt(9, o.readyAt)
        insert.bindInt(10, o.deliveredAt); insert.bindInt(11, (o.inFull ?? true) ? 1 : 0); insert.bindText(12, o.currency)
        insert.bindInt(13, o.subtotal); insert.bindInt(14, o.discount); insert.bindInt(15, o.shipping); insert.bindInt(16, o.tax)
        insert.bindInt(17, o.total); insert.bindInt(18, o.refunded); insert.bindInt(19, units)
        try insert.run()
        guard db.changes == 1 else { return false }
        let id = db.lastInsertRowID
        try batch?.recordInsertedOrder(id, o, units: units, repeatOrder: repeatOrder)
        try insertLines(id, o.lines)
        if let details = o.details { try writeDetails(id, details, replacing: false) }
        summary.created("orders")
        summary.created("order_lines", o.lines.count)
        return true
    }

    static let findOrderSQL = """
        SELECT id, customer_id, status, fulfilment, location_id, placed_at, promised_by, ready_at, delivered_at, in_full,
               currency, subtotal, discount, shipping, tax, total, refunded, units,
               (SELECT details FROM order_details WHERE order_id = orders.id)
        FROM orders WHERE channel = ? AND external_ref = ?
        """

    static let insertOrderSQL = """
        INSERT INTO orders(channel, external_ref, customer_id, status, fulfilment, location_id, placed_at, promised_by,
            ready_at, delivered_at, in_full, currency, subtotal, discount, shipping, tax, total, refunded, units)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
        ON CONFLICT(channel, external_ref) DO NOTHING
        """

    /// An order's `order_details` row, inserted or replaced.
    private func writeDetails(_ orderID: Int64, _ details: String, replacing: Bool) throws {
        let write = try db.statement(replacing ? "UPDATE order_details SET details = ?2 WHERE order_id = ?1"
                                               : "INSERT INTO order_details(order_id, details) VALUES (?1, ?2)")
        write.reset()
        write.bindInt(1, orderID); write.bindText(2, details)
        try write.run()
    }

    /// An order's lines, one prepared insert each (a multi-row VALUES measured slower).
    private func insertLines(_ orderID: Int64, _ lines: [ImportedLine]) throws {
        let insert = try db.statement("""
            INSERT INTO order_lines(order_id, sku_id, sku_code, name, quantity, unit_price, quantity_returned)
            VALUES (?,?,?,?,?,?,?)
            """)
        for l in lines {
            insert.reset()
            insert.bindInt(1, orderID); insert.bindInt(2, l.skuID); insert.bindText(3, l.skuCode); insert.bindText(4, l.name)
            insert.bindInt(5, l.quantity); insert.bindInt(6, l.unitPrice); insert.bindInt(7, l.quantityReturned ?? 0)
            try insert.run()
        }
    }
}
