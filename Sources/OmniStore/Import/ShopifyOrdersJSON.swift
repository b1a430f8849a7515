import Foundation

/// Shopify orders as JSON, one object per line: the webhook / Admin API shape
/// (`{"id":…,"name":"#1001","line_items":[…],"customer":{…},"billing_address":{…}}`, or wrapped
/// as `{"order":{…}}`). Each order becomes the rows a Shopify CSV export would have held for it
/// (the order's columns on its first row, one row per line item), so it is read into the same
/// `ShopifyOrderDraft` and written the same way as `shopify-orders`.
extension Importer {
    func importShopifyOrdersJSON(_ source: RowSource) throws {
        let file = Handover(value: source)
        let context = ShopifyOrderDraft.Context(defaultChannel: options.channel, shop: try shop(), junk: try junkList(),
                                                defaultRegion: resolver.defaultPhoneRegion(), sources: try SourceChannels.load(db))
        summary.shop = context.shop
        let pipe = ParsePipe<ShopifyOrderItem> { pipe in
            let source = file.value
            var rowsRead = 0
            while true {
                let row: ImportRow?
                do {
                    row = try source.next()
                } catch let failure as ImportFailure {
                    guard case .invalidRow = failure else { throw failure }
                    rowsRead += 1
                    guard pipe.send(.invalid(failure, rows: 1), rowsRead: rowsRead, bytesRead: source.bytesRead) else { return }
                    if source.stopsAfterError { break }
                    continue
                }
                guard let row else { break }
                rowsRead += 1
                let item: ShopifyOrderItem
                do {
                    let rows = try Self.shopifyCSVRows(fromJSON: row)
                    item = .order(try ShopifyOrderDraft(rows, context))
                } catch let failure as ImportFailure {
                    item = .invalid(failure, rows: 1)
                }
                guard pipe.send(item, rowsRead: rowsRead, bytesRead: source.bytesRead) else { return }
            }
        }
        defer { pipe.finish() }
        // One JSON line is one order, whatever its lines.
        try writeShopifyOrders(from: pipe, source, rows: { _ in 1 })
    }

    /// One JSON order as the rows of Shopify's CSV export (columns named as the export names them).
    static func shopifyCSVRows(fromJSON row: ImportRow) throws -> [ImportRow] {
        guard case .json(var object) = row.storage else { throw row.issue("not a JSON object") }
        if object.count == 1, let inner = object["order"] as? [String: Any] { object = inner }
        func text(_ value: Any?) -> Any? {
            guard let value, !(value is NSNull) else { return nil }
            if let s = value as? String { return s.isEmpty ? nil : s }
            return value
        }
        func dict(_ value: Any?) -> [String: Any] { value as? [String: Any] ?? [:] }
        func amount(_ key: String) -> Any? {
            // `total_price` or, in newer payloads, `total_price_set.shop_money.amount`.
            text(object[key]) ?? text(dict(dict(object[key + "_set"])["shop_money"])["amount"])
        }
        let customer = dict(object["customer"])
        let billing = dict(object["billing_address"]), shipping = dict(object["shipping_address"])
        var name = text(object["name"])
        if name == nil, let number = text(object["order_number"]) { name = "#\(number)" }
        if name == nil, let id = text(object["id"]) { name = "\(id)" }
        guard let name else { throw row.issue("an order without name, order_number or id") }
        guard object["line_items"] == nil || object["line_items"] is [Any] else { throw row.issue("line_items is not an array") }
        let items = (object["line_items"] as? [Any] ?? []).map { $0 as? [String: Any] ?? [:] }

        var head: [String: Any] = ["Name": name]
        func put(_ column: String, _ value: Any?) { if let value = text(value) { head[column] = value } }
        put("Email", object["email"] ?? object["contact_email"] ?? customer["email"])
        put("Phone", object["phone"] ?? customer["phone"])
        put("Financial Status", object["financial_status"])
        put("Fulfillment Status", object["fulfillment_status"])
        if (object["fulfillment_status"] as? String) == "fulfilled", let fulfilments = object["fulfillments"] as? [Any] {
            put("Fulfilled at", fulfilments.compactMap { dict($0)["created_at"] as? String }.max())
        }
        if let accepts = object["buyer_accepts_marketing"] ?? customer["accepts_marketing"], let b = accepts as? Bool {
            head["Accepts Marketing"] = b ? "yes" : "no"
        }
        put("Currency", object["currency"])
        put("Subtotal", amount("subtotal_price"))
        put("Taxes", amount("total_tax"))
        put("Total", amount("total_price"))
        put("Discount Amount", amount("total_discounts"))
        let shippingLines = (object["shipping_lines"] as? [Any] ?? []).map(dict)
        if let shippingTotal = text(dict(dict(object["total_shipping_price_set"])["shop_money"])["amount"]) {
            put("Shipping", shippingTotal)
        } else if !shippingLines.isEmpty {
            var sum: Int64 = 0
            for line in shippingLines {
                guard let price = text(line["price"]).map({ "\($0)" }), let v = FieldParse.minorUnits(price) else { continue }
                sum += v
            }
            head["Shipping"] = String(format: "%lld.%02lld", sum / 100, sum % 100)
        }
        put("Shipping Method", shippingLines.first?["title"])
        var refunded: Int64 = 0
        for refund in (object["refunds"] as? [Any] ?? []).map(dict) {
            for t in (refund["transactions"] as? [Any] ?? []).map(dict) where (t["kind"] as? String) == "refund" && (t["status"] as? String ?? "success") == "success" {
                if let a = text(t["amount"]).map({ "\($0)" }), let v = FieldParse.minorUnits(a) { refunded += v }
            }
        }
        if refunded > 0 { head["Refunded Amount"] = String(format: "%lld.%02lld", refunded / 100, refunded % 100) }
        put("Created at", object["created_at"] ?? object["processed_at"])
        put("Paid at", object["processed_at"])
        put("Cancelled at", object["cancelled_at"])
        put("Source", object["source_name"])
        if let location = text(object["location_id"]) { head["Location"] = "Shopify location \(location)" }
        let customerName = [customer["first_name"], customer["last_name"]].compactMap { text($0) as? String }.joined(separator: " ")
        put("Billing Name", billing["name"] ?? (customerName.isEmpty ? nil : customerName))
        put("Billing Phone", billing["phone"])
        put("Billing City", billing["city"])
        put("Billing Country", billing["country_code"] ?? billing["country"])
        put("Shipping Name", shipping["name"])
        put("Shipping Phone", shipping["phone"])
        put("Shipping City", shipping["city"])
        put("Shipping Country", shipping["country_code"] ?? shipping["country"])

        var rows: [[String: Any]] = []
        for (i, item) in items.enumerated() {
            var r: [String: Any] = i == 0 ? head : ["Name": name]
            if let v = text(item["quantity"]) { r["Lineitem quantity"] = v }
            if let v = text(item["name"] ?? item["title"]) { r["Lineitem name"] = v }
            if let v = text(item["price"]) ?? text(dict(dict(item["price_set"])["shop_money"])["amount"]) { r["Lineitem price"] = v }
            if let v = text(item["sku"]) { r["Lineitem sku"] = v }
            if r["Lineitem name"] == nil && r["Lineitem sku"] == nil { r["Lineitem name"] = "line \(i + 1)" }
            rows.append(r)
        }
        if rows.isEmpty { rows = [head] }
        return rows.map { ImportRow(file: row.file, line: row.line, storage: .json($0), rules: row.rules) }
    }
}
