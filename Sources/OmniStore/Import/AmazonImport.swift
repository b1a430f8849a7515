import Foundation

/// Amazon's "All Orders" flat-file report and its order (unshipped) report (tab-separated, one
/// row per item, the order's columns repeated on each). Orders go to channel 'marketplace',
/// the marketplace (sales-channel) as sub-channel, FBA or merchant as who fulfils.
extension Importer {
    func importAmazonOrders(_ source: RowSource) throws {
        try source.require(anyOf: ["amazon-order-id", "order-id"], for: .amazonOrders)
        let shop = try shop()
        summary.shop = shop
        let region = resolver.defaultPhoneRegion()
        var group: [ImportRow] = []
        func flush() throws {
            guard !group.isEmpty else { return }
            let rows = group
            group = []
            try unit(rows: rows.count) { try amazonOrder(rows, shop: shop, defaultRegion: region) }
        }
        while let row = try nextRow(source) {
            if let first = group.first, Self.amazonOrderID(row) != Self.amazonOrderID(first) { try flush() }
            group.append(row)
        }
        try flush()
    }

    static func amazonOrderID(_ row: ImportRow) -> String? { row.trimmed("amazon-order-id") ?? row.trimmed("order-id") }

    /// Marketplaces whose item-price includes VAT (the EU's, the UK's, Turkey's): item-tax is
    /// the VAT inside it, not an amount to add.
    static let vatInclusiveMarketplaces: Set<String> = [
        "amazon.de", "amazon.fr", "amazon.it", "amazon.es", "amazon.co.uk", "amazon.nl", "amazon.se", "amazon.pl",
        "amazon.com.be", "amazon.ie", "amazon.com.tr",
    ]

    func amazonOrder(_ rows: [ImportRow], shop: String?, defaultRegion: String?) throws {
        let head = rows[0]
        let channel = "marketplace"
        guard let orderID = Self.amazonOrderID(head) else { throw head.issue("amazon-order-id is missing") }
        let ref = shop.map { $0 + "/" + orderID } ?? orderID
        guard let placedAt = try FieldParse.time(head, "purchase-date") else { throw head.issue("purchase-date is missing") }
        // The order (unshipped) report has no order-status: its orders are paid and waiting.
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
        var lineExtras: [OrderExtras.Line] = []
        var currency = "CNY"
        for row in rows {
            guard let code = row.trimmed("sku") else { throw row.issue("sku is missing") }
            let qText = row.trimmed("quantity") ?? row.trimmed("quantity-purchased") ?? "0"
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
            lineExtras.append(OrderExtras.Line(fulfilment: row.trimmed("item-status")?.lowercased()))
        }
        let marketplace = head.trimmed("sales-channel")
        let vatInside = marketplace.map { Self.vatInclusiveMarketplaces.contains($0.lowercased()) } ?? false
        // The All Orders report has no buyer e-mail: a buyer id column, when the report has one, is
        // the marketplace identity. The order (unshipped) report names the buyer: e-mail, name and
        // phones (placed by the shipping country), so Amazon buyers join their other identities.
        let shipRegion = CallingCodes.region(head.trimmed("ship-country"))
        var contacts: [ContactPoint] = []
        if let buyer = head.trimmed("buyer-id") ?? head.trimmed("buyer_id") { contacts.append(ContactPoint(.marketplaceID, buyer)) }
        if let email = head.trimmed("buyer-email") { contacts.append(ContactPoint(.email, email)) }
        for column in ["buyer-phone-number", "ship-phone-number"] {
            if let phone = head.trimmed(column) { contacts.append(ContactPoint(.phone, phone, region: shipRegion ?? defaultRegion)) }
        }
        var customerID: Int64?
        if !contacts.isEmpty {
            customerID = try resolveCustomer(contacts, name: head.trimmed("buyer-name") ?? head.trimmed("recipient-name") ?? contacts[0].value,
                                             city: head.trimmed("ship-city") ?? "", channel: channel,
                                             source: source(head, ref), at: placedAt)?.id
        }
        let fulfilment = "ship"
        let deliveredAt: Int64? = status == "delivered" ? try FieldParse.time(head, "last-updated-date") : nil
        var x = OrderExtras()
        x.shop = shop
        x.source = head.trimmed("order-channel") ?? marketplace
        x.subChannel = marketplace
        switch head.trimmed("fulfillment-channel")?.lowercased() ?? head.trimmed("fulfilled-by")?.lowercased() {
        case "amazon", "afn": x.fulfilledBy = "amazon"
        case "merchant", "mfn": x.fulfilledBy = "merchant"
        case let other: x.fulfilledBy = other
        }
        x.business = try FieldParse.bool(head, "is-business-order") == true ? true : nil
        x.financialStatus = head.trimmed("order-status")
        x.shippingMethod = head.trimmed("ship-service-level")
        let address = OrderExtras.Address(
            street: head.trimmed("ship-address-1"), city: head.trimmed("ship-city"), zip: head.trimmed("ship-postal-code"),
            province: head.trimmed("ship-state"), country: shipRegion ?? head.trimmed("ship-country"))
        x.shipping = address.isEmpty ? nil : address
        x.taxes = tax == 0 ? nil : [OrderExtras.Tax(name: vatInside ? "VAT (included)" : "tax", amount: tax)]
        x.lines = lineExtras.allSatisfy(\.isEmpty) ? nil : lineExtras
        try upsertOrder(ImportedOrder(
            channel: channel, externalRef: ref, customerID: customerID, status: status, fulfilment: fulfilment, locationID: nil,
            placedAt: placedAt, promisedBy: nil, readyAt: nil, deliveredAt: deliveredAt, inFull: nil, currency: currency,
            subtotal: subtotal, discount: discount, shipping: shipping, tax: tax,
            total: subtotal + shipping + (vatInside ? 0 : tax) - discount, refunded: 0, lines: lines, details: x.encoded()))
    }
}
