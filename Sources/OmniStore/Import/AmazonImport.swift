import Foundation

/// Amazon's "All Orders" flat-file report (tab-separated, one row per item, the order's
/// columns repeated on each). Orders go to channel 'marketplace'.
extension Importer {
    func importAmazonOrders(_ source: RowSource) throws {
        try source.require(anyOf: ["amazon-order-id"], for: .amazonOrders)
        var group: [ImportRow] = []
        func flush() throws {
            guard !group.isEmpty else { return }
            let rows = group
            group = []
            try unit(rows: rows.count) { try amazonOrder(rows) }
        }
        while let row = try nextRow(source) {
            if let first = group.first, row.trimmed("amazon-order-id") != first.trimmed("amazon-order-id") { try flush() }
            group.append(row)
        }
        try flush()
    }

    func amazonOrder(_ rows: [ImportRow]) throws {
        let head = rows[0]
        let channel = "marketplace"
        guard let ref = head.trimmed("amazon-order-id") else { throw head.issue("amazon-order-id is missing") }
        guard let placedAt = try FieldParse.time(head, "purchase-date") else { throw head.issue("purchase-date is missing") }
        let orderStatus = head.trimmed("order-status")?.lowercased() ?? ""
        let status: String
        switch orderStatus {
        case "pending", "pending - waiting for pick up", "pendingavailability": status = "pending"
        case "shipped", "shipped - delivered to buyer", "shipped - picked up", "complete": status = "fulfilled"
        case "delivered", "shipped - delivered": status = "delivered"
        case "cancelled", "canceled": status = "cancelled"
        case "shipped - returned to seller", "shipped - returning to seller", "returned": status = "returned"
        case "unshipped", "partiallyshipped", "shipping", "partially shipped", "": status = "paid"
        default:
            throw head.issue("order-status \"\(head.trimmed("order-status") ?? "")\" is not one of Pending, Unshipped, PartiallyShipped, Shipping, Shipped, Cancelled")
        }
        var subtotal: Int64 = 0, tax: Int64 = 0, shipping: Int64 = 0, discount: Int64 = 0
        var lines: [ImportedLine] = []
        var currency = "CNY"
        for row in rows {
            guard let code = row.trimmed("sku") else { throw row.issue("sku is missing") }
            let qText = row.trimmed("quantity") ?? "0"
            guard let quantity = Int64(qText), quantity >= 0 else { throw row.issue("quantity \"\(qText)\" is not a whole number") }
            let itemTotal = try FieldParse.money(row, "item-price") ?? 0
            tax += try (FieldParse.money(row, "item-tax") ?? 0) + (FieldParse.money(row, "shipping-tax") ?? 0)
                + (FieldParse.money(row, "gift-wrap-tax") ?? 0)
            shipping += try (FieldParse.money(row, "shipping-price") ?? 0) + (FieldParse.money(row, "gift-wrap-price") ?? 0)
            discount += try abs(FieldParse.money(row, "item-promotion-discount") ?? 0) + abs(FieldParse.money(row, "ship-promotion-discount") ?? 0)
            subtotal += itemTotal
            if let c = row.trimmed("currency") { currency = c }
            var skuID = try self.skuID(code: code, channel: channel)
            if skuID == nil { try recordUnmapped(channel: channel, code: code); skuID = nil }
            // item-price is the line total: the unit price is what it is per unit.
            let unit = quantity > 0 ? (itemTotal + quantity / 2) / quantity : itemTotal
            lines.append(ImportedLine(skuID: skuID, skuCode: code, name: row.text("product-name") ?? code, quantity: quantity,
                                      unitPrice: unit, quantityReturned: nil))
        }
        // No buyer e-mail in this report: a buyer id column, when the report has one, is the
        // marketplace identity; otherwise the order is a guest order.
        var customerID: Int64?
        if let buyer = head.trimmed("buyer-id") ?? head.trimmed("buyer_id") ?? head.trimmed("buyer-email") {
            let kind: IdentityKind = head.trimmed("buyer-id") ?? head.trimmed("buyer_id") != nil ? .marketplaceID : .email
            customerID = try resolveCustomer([ContactPoint(kind, buyer)], name: head.trimmed("buyer-name") ?? buyer,
                                             city: head.trimmed("ship-city") ?? "", channel: channel,
                                             source: source(head, ref), at: placedAt)?.id
        }
        let fulfilment = "ship"
        let deliveredAt: Int64? = status == "delivered" ? try FieldParse.time(head, "last-updated-date") : nil
        try upsertOrder(ImportedOrder(
            channel: channel, externalRef: ref, customerID: customerID, status: status, fulfilment: fulfilment, locationID: nil,
            placedAt: placedAt, promisedBy: nil, readyAt: nil, deliveredAt: deliveredAt, inFull: nil, currency: currency,
            subtotal: subtotal, discount: discount, shipping: shipping, tax: tax,
            total: subtotal + shipping + tax - discount, refunded: 0, lines: lines))
    }
}
