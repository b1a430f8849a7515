import Foundation

/// A Shopify order read and checked, with everything that needs no store: built on the
/// parsing thread from the order's rows (one per line item, the order's own columns on the
/// first), written by `Importer.writeShopifyOrder` on the writing one.
struct ShopifyOrderDraft: Sendable {
    struct Line: Sendable {
        var code: String
        var name: String
        var quantity: Int64
        var price: Int64
    }

    var line: Int
    var rows: Int
    var ref: String
    /// What the evidence of a new identity calls the order ("#1001, source iphone").
    var what: String
    var channel: String
    var fulfilment: String
    var status: String
    var locationName: String?
    var placedAt: Int64
    var readyAt: Int64?
    var currency: String
    var subtotal: Int64
    var discount: Int64
    var shipping: Int64
    var tax: Int64
    var total: Int64
    var refunded: Int64
    var lines: [Line]
    var contacts: [ContactPoint]
    /// Each contact classified here (normalised or junk), so the writer need not.
    var verdicts: [IdentityNormalizer.Verdict]
    var name: String
    var city: String
    var acceptsMarketing: Bool

    init(_ rows: [ImportRow], defaultChannel: String?, junk: IdentityJunkList) throws {
        let head = rows[0]
        guard let ref = head.trimmed("Name") else { throw head.issue("Name (the order number) is missing") }
        guard let placedAt = try FieldParse.time(head, "Created at") ?? FieldParse.time(head, "Paid at") else {
            throw head.issue("Created at is missing (is this row a line of an order whose first row is missing?)")
        }
        let subtotal = try FieldParse.money(head, "Subtotal")
        shipping = try FieldParse.money(head, "Shipping") ?? 0
        tax = try FieldParse.money(head, "Taxes") ?? 0
        let total = try FieldParse.money(head, "Total")
        discount = try FieldParse.money(head, "Discount Amount").map { abs($0) } ?? 0
        refunded = try FieldParse.money(head, "Refunded Amount") ?? 0
        let cancelled = try FieldParse.time(head, "Cancelled at")
        readyAt = try FieldParse.time(head, "Fulfilled at")
        let financial = head.trimmed("Financial Status")?.lowercased() ?? ""
        let fulfillment = head.trimmed("Fulfillment Status")?.lowercased() ?? ""

        // Channel and fulfilment from Source and Location.
        let sourceName = head.trimmed("Source")?.lowercased() ?? "web"
        fulfilment = "ship"
        switch sourceName {
        case "pos":
            channel = "store"; fulfilment = "in_store"
        case "web", "":
            channel = "web"
        case "shopify_draft_order", "draft_order":
            channel = "callcentre"
        case "iphone", "android", "mobile_app", "shop", "shop_app":
            channel = "app"
        default:
            channel = sourceName.contains("wechat") ? "wechat" : (defaultChannel ?? "web")
        }
        if fulfilment == "ship", let method = head.trimmed("Shipping Method"), Self.isPickup(method) {
            fulfilment = "pickup"
        }
        locationName = fulfilment != "ship" ? head.trimmed("Location") : nil

        if cancelled != nil || financial == "voided" {
            status = "cancelled"
        } else if financial == "refunded" {
            status = "returned"
        } else if fulfillment == "fulfilled" || (channel == "store" && fulfillment.isEmpty && financial == "paid") {
            status = "fulfilled"
        } else if ["paid", "partially_paid", "partially_refunded", "authorized"].contains(financial) {
            status = "paid"
        } else if financial == "pending" || financial.isEmpty || financial == "expired" {
            status = "pending"
        } else {
            throw head.issue("Financial Status \"\(financial)\" is not one of paid, pending, authorized, partially_paid, refunded, partially_refunded, voided")
        }
        if financial == "refunded" && !head.has("Refunded Amount") { refunded = total ?? 0 }

        lines = []
        for row in rows {
            guard row.trimmed("Lineitem name") != nil || row.trimmed("Lineitem sku") != nil else { continue }
            guard let qText = row.trimmed("Lineitem quantity") else { throw row.issue("Lineitem quantity is missing") }
            guard let quantity = Int64(qText), quantity >= 0 else { throw row.issue("Lineitem quantity \"\(qText)\" is not a whole number") }
            let price = try FieldParse.money(row, "Lineitem price") ?? 0
            let code = row.trimmed("Lineitem sku") ?? ""
            lines.append(Line(code: code, name: row.text("Lineitem name") ?? code, quantity: quantity, price: price))
        }
        let lineTotal = lines.reduce(Int64(0)) { $0 + $1.quantity * $1.price }
        self.subtotal = subtotal ?? lineTotal
        self.total = total ?? self.subtotal + shipping + tax

        // The customer: every contact on the order.
        contacts = []
        if let email = head.trimmed("Email") { contacts.append(ContactPoint(.email, email)) }
        for column in ["Phone", "Billing Phone", "Shipping Phone"] {
            if let phone = head.trimmed(column) { contacts.append(ContactPoint(.phone, phone)) }
        }
        verdicts = contacts.map { IdentityNormalizer.classify($0.kind, $0.value, junk: junk) }
        name = head.trimmed("Billing Name") ?? head.trimmed("Shipping Name") ?? head.trimmed("Email") ?? ref
        city = head.trimmed("Shipping City") ?? head.trimmed("Billing City") ?? ""
        acceptsMarketing = try FieldParse.bool(head, "Accepts Marketing") == true
        currency = head.trimmed("Currency") ?? "CNY"
        what = sourceName == "web" || sourceName.isEmpty || sourceName == "pos" ? ref : "\(ref), source \(sourceName)"
        line = head.line
        self.rows = rows.count
        self.ref = ref
        self.placedAt = placedAt
    }

    /// "Pickup", "Store pick up", "pick-up in store".
    static func isPickup(_ method: String) -> Bool {
        if method.utf8.allSatisfy({ $0 < 0x80 }) {
            // The common case, without Unicode property look-ups: ASCII letters only, lowercased.
            let letters = method.utf8.compactMap { b -> UInt8? in
                switch b {
                case 0x41...0x5A: return b + 0x20
                case 0x61...0x7A: return b
                default: return nil
                }
            }
            return String(decoding: letters, as: UTF8.self).contains("pickup")
        }
        let letters = method.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic }
        return String(String.UnicodeScalarView(letters)).range(of: "pickup") != nil
    }
}

extension Importer {
    /// What the parsing thread hands over: an order, or rows that cannot be imported.
    enum ShopifyOrderItem: Sendable {
        case order(ShopifyOrderDraft)
        case invalid(ImportFailure, rows: Int)
    }

    /// Reads the file on a second thread (CSV, grouping rows into orders, checking fields,
    /// classifying contacts) while this one resolves customers and writes orders, in file order.
    func importShopifyOrders(_ source: RowSource) throws {
        try source.require(anyOf: ["Name"], for: .shopifyOrders)
        try source.require(anyOf: ["Lineitem quantity", "Total"], for: .shopifyOrders)
        let file = Handover(value: source)
        let defaultChannel = options.channel
        let junk = try junkList()
        let pipe = ParsePipe<ShopifyOrderItem> { pipe in
            try Self.readShopifyOrders(file.value, defaultChannel: defaultChannel, junk: junk, into: pipe)
        }
        defer { pipe.finish() }
        var reported = 0
        while let batch = try pipe.next() {
            summary.rowsRead = batch.rowsRead
            if let progress = options.progress, batch.rowsRead - reported >= 4096 {
                reported = batch.rowsRead
                progress(batch.bytesRead, source.totalBytes, batch.rowsRead)
            }
            for item in batch.items {
                switch item {
                case .order(let draft): try unit(rows: draft.rows) { try writeShopifyOrder(draft) }
                case .invalid(let failure, let rows): try reject(failure, rows: rows)
                }
            }
        }
    }

    /// The parsing thread: rows grouped into orders (a new order starts at a new Name, or at a
    /// repeated Name with its own Created at: the same order exported twice).
    private static func readShopifyOrders(_ source: RowSource, defaultChannel: String?, junk: IdentityJunkList,
                                          into pipe: ParsePipe<ShopifyOrderItem>) throws {
        var rowsRead = 0
        var group: [ImportRow] = []
        func send(_ item: ShopifyOrderItem) -> Bool { pipe.send(item, rowsRead: rowsRead, bytesRead: source.bytesRead) }
        func flush() -> Bool {
            guard !group.isEmpty else { return true }
            defer { group = [] }
            do {
                return send(.order(try ShopifyOrderDraft(group, defaultChannel: defaultChannel, junk: junk)))
            } catch let failure as ImportFailure {
                return send(.invalid(failure, rows: group.count))
            } catch {
                return send(.invalid(.unreadable(file: source.file, reason: "\(error)"), rows: group.count))
            }
        }
        while true {
            let row: ImportRow?
            do {
                row = try source.next()
            } catch let failure as ImportFailure {
                guard case .invalidRow = failure else { throw failure }
                rowsRead += 1
                guard send(.invalid(failure, rows: 1)) else { return }
                if source.isCSV { break } // an unclosed quote runs to the end of the file
                continue
            }
            guard let row else { break }
            rowsRead += 1
            if let first = group.first, row.trimmed("Name") != first.trimmed("Name") || row.trimmed("Created at") != nil {
                guard flush() else { return }
            }
            group.append(row)
        }
        _ = flush()
    }

    /// Writes one order: its store and SKUs looked up, its customer resolved, the order upserted.
    func writeShopifyOrder(_ d: ShopifyOrderDraft) throws {
        let locationID = try d.locationName.map { try self.locationID($0, create: true) } ?? nil
        var lines: [ImportedLine] = []
        lines.reserveCapacity(d.lines.count)
        for l in d.lines {
            var skuID: Int64?
            if !l.code.isEmpty {
                skuID = try self.skuID(code: l.code, channel: d.channel)
                if skuID == nil { try recordUnmapped(channel: d.channel, code: l.code) }
            }
            lines.append(ImportedLine(skuID: skuID, skuCode: l.code, name: l.name, quantity: l.quantity, unitPrice: l.price,
                                      quantityReturned: nil))
        }
        let customer = try resolveCustomer(d.contacts, verdicts: d.verdicts, name: d.name, city: d.city, channel: d.channel,
                                           source: source(line: d.line, d.what), at: d.placedAt)
        if let customer, customer.created, d.acceptsMarketing {
            try db.execute("UPDATE customers SET consent_email = 1, consent_source = ? WHERE id = ?",
                           [source(line: d.line, "accepts marketing"), customer.id])
        }
        try upsertOrder(ImportedOrder(
            channel: d.channel, externalRef: d.ref, customerID: customer?.id, status: d.status, fulfilment: d.fulfilment,
            locationID: locationID, placedAt: d.placedAt, promisedBy: nil, readyAt: d.readyAt, deliveredAt: nil, inFull: nil,
            currency: d.currency, subtotal: d.subtotal, discount: d.discount, shipping: d.shipping, tax: d.tax, total: d.total,
            refunded: d.refunded, lines: lines, customerIsNew: customer?.created ?? false))
    }
}
