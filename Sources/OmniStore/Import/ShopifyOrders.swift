import Foundation

/// A Shopify order read and checked, with everything that needs no store: built on the
/// parsing thread from the order's rows (all consecutive rows with the same Name, one per line
/// item; the order's own columns on the first, repeated or blank on the others), written by
/// `Importer.writeShopifyOrder` on the writing one.
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
    /// `OrderExtras` as stored in `order_details`.
    var details: String

    /// What an order row needs from outside the file: the channel for sources omni does not
    /// map, the shop namespace, the junk list, the region for phones the buyer's country does not
    /// place, and the source -> channel table.
    struct Context: Sendable {
        var defaultChannel: String?
        var shop: String?
        var junk: IdentityJunkList
        var defaultRegion: String?
        var sources: SourceChannels
    }

    init(_ rows: [ImportRow], _ context: Context) throws {
        let head = rows[0]
        guard let name = head.trimmed("Name") else { throw head.issue("Name (the order number) is missing") }
        guard let placedAt = try FieldParse.time(head, "Created at") ?? FieldParse.time(head, "Paid at") else {
            throw head.issue("Created at is missing (is this row a line of an order whose first row is missing?)")
        }
        let subtotal = try FieldParse.money(head, "Subtotal", negative: false)
        shipping = try FieldParse.money(head, "Shipping") ?? 0
        tax = try FieldParse.money(head, "Taxes") ?? 0
        let total = try FieldParse.money(head, "Total", negative: false)
        discount = try FieldParse.money(head, "Discount Amount").map { abs($0) } ?? 0
        refunded = try FieldParse.money(head, "Refunded Amount", negative: false) ?? 0
        let cancelled = try FieldParse.time(head, "Cancelled at")
        readyAt = try FieldParse.time(head, "Fulfilled at")
        let financial = head.trimmed("Financial Status")?.lowercased() ?? ""
        let fulfillment = head.trimmed("Fulfillment Status")?.lowercased() ?? ""

        // Channel and fulfilment from Source (through the source table) and Location.
        let source = head.trimmed("Source") ?? "web"
        let sourceName = source.lowercased()
        channel = context.sources.channel(for: sourceName) ?? context.defaultChannel ?? "web"
        fulfilment = channel == "store" && sourceName == "pos" ? "in_store" : "ship"
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
            throw head.issue("Financial Status \"\(financial)\" is not one of paid, pending, authorized, partially_paid, refunded, partially_refunded, voided, expired")
        }
        if financial == "refunded" && !head.has("Refunded Amount") { refunded = total ?? 0 }

        lines = []
        var lineExtras: [OrderExtras.Line] = []
        for row in rows {
            guard row.trimmed("Lineitem name") != nil || row.trimmed("Lineitem sku") != nil else { continue }
            guard let qText = row.trimmed("Lineitem quantity") else { throw row.issue("Lineitem quantity is missing") }
            guard let quantity = Int64(qText), quantity >= 0 else { throw row.issue("Lineitem quantity \"\(qText)\" is not a whole number") }
            guard quantity <= FieldParse.maxQuantity else { throw row.issue("Lineitem quantity \(quantity) is more than omni accepts (\(FieldParse.maxQuantity))") }
            let price = try FieldParse.money(row, "Lineitem price", negative: false) ?? 0
            let code = row.trimmed("Lineitem sku") ?? ""
            lines.append(Line(code: code, name: row.text("Lineitem name") ?? code, quantity: quantity, price: price))
            let discount = try FieldParse.money(row, "Lineitem discount")
            lineExtras.append(OrderExtras.Line(vendor: row.trimmed("Vendor"), discount: discount == 0 ? nil : discount,
                                               fulfilment: row.trimmed("Lineitem fulfillment status"),
                                               compareAtPrice: try FieldParse.money(row, "Lineitem compare at price")))
        }
        let lineTotal = lines.reduce(Int64(0)) { $0 + $1.quantity * $1.price }
        self.subtotal = subtotal ?? lineTotal
        self.total = total ?? self.subtotal + shipping + tax

        // The addresses, and the country that places each phone.
        func address(_ prefix: String) -> OrderExtras.Address? {
            let country = head.trimmed(prefix + " Country")
            let a = OrderExtras.Address(
                street: head.trimmed(prefix + " Street") ?? head.trimmed(prefix + " Address1"), city: head.trimmed(prefix + " City"),
                zip: head.trimmed(prefix + " Zip").map(Self.spreadsheetText), province: head.trimmed(prefix + " Province"),
                country: CallingCodes.region(country) ?? country, company: head.trimmed(prefix + " Company"))
            return a.isEmpty ? nil : a
        }
        let billing = address("Billing"), shippingAddress = address("Shipping")
        let billingRegion = CallingCodes.region(head.trimmed("Billing Country"))
        let shippingRegion = CallingCodes.region(head.trimmed("Shipping Country"))

        // The customer: every contact on the order, each phone placed by its address's country.
        contacts = []
        if let email = head.trimmed("Email") { contacts.append(ContactPoint(.email, email)) }
        for (column, region) in [("Phone", billingRegion ?? shippingRegion), ("Billing Phone", billingRegion ?? shippingRegion),
                                 ("Shipping Phone", shippingRegion ?? billingRegion)] {
            if let phone = head.trimmed(column) { contacts.append(ContactPoint(.phone, phone, region: region ?? context.defaultRegion)) }
        }
        verdicts = contacts.map { IdentityNormalizer.classify($0.kind, $0.value, junk: context.junk, region: $0.region) }
        self.name = head.trimmed("Billing Name") ?? head.trimmed("Shipping Name") ?? head.trimmed("Email") ?? name
        city = head.trimmed("Shipping City") ?? head.trimmed("Billing City") ?? ""
        acceptsMarketing = try FieldParse.bool(head, "Accepts Marketing") == true
        currency = head.trimmed("Currency") ?? "CNY"
        ref = context.shop.map { $0 + "/" + name } ?? name
        what = sourceName == "web" || sourceName.isEmpty || sourceName == "pos" ? ref : "\(ref), source \(source)"
        line = head.line
        self.rows = rows.count
        self.placedAt = placedAt

        var x = OrderExtras()
        x.shop = context.shop
        x.source = source
        x.financialStatus = head.trimmed("Financial Status")
        x.fulfilmentStatus = head.trimmed("Fulfillment Status")
        x.billing = billing
        x.shipping = shippingAddress
        x.discountCodes = head.trimmed("Discount Code")
        var taxes: [OrderExtras.Tax] = []
        for n in 1...5 {
            guard let taxName = head.trimmed("Tax \(n) Name") else { continue }
            taxes.append(OrderExtras.Tax(name: taxName, amount: try FieldParse.money(head, "Tax \(n) Value") ?? 0))
        }
        x.taxes = taxes.isEmpty ? nil : taxes
        x.duties = try FieldParse.money(head, "Duties")
        x.shippingMethod = head.trimmed("Shipping Method")
        let outstanding = try FieldParse.money(head, "Outstanding Balance")
        x.outstanding = outstanding == 0 ? nil : outstanding
        x.notes = head.trimmed("Notes")
        x.noteAttributes = head.trimmed("Note Attributes")
        x.tags = head.trimmed("Tags")
        x.paymentMethod = head.trimmed("Payment Method")
        x.cancelledAt = cancelled
        x.lines = lineExtras.allSatisfy(\.isEmpty) ? nil : lineExtras
        details = x.encoded()
    }

    /// A value a spreadsheet would read as a number, written with its text marker: `'0183`.
    static func spreadsheetText(_ value: String) -> String {
        value.hasPrefix("'") ? String(value.dropFirst()) : value
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
        let context = ShopifyOrderDraft.Context(defaultChannel: options.channel, shop: try shop(), junk: try junkList(),
                                                defaultRegion: resolver.defaultPhoneRegion(), sources: try SourceChannels.load(db))
        summary.shop = context.shop
        let pipe = ParsePipe<ShopifyOrderItem> { pipe in
            try Self.readShopifyOrders(file.value, context, into: pipe)
        }
        defer { pipe.finish() }
        try writeShopifyOrders(from: pipe, source, rows: \.rows)
    }

    /// The writing side of a Shopify import (CSV or JSON): the parsing thread's batches in file
    /// order, each order one unit of `rows(draft)` records of its file, each bad record rejected.
    func writeShopifyOrders(from pipe: ParsePipe<ShopifyOrderItem>, _ source: RowSource,
                            rows: (ShopifyOrderDraft) -> Int) throws {
        var reported = 0
        while let batch = try pipe.next() {
            summary.rowsRead = batch.rowsRead
            if let progress = options.progress, batch.rowsRead - reported >= 4096 {
                reported = batch.rowsRead
                progress(batch.bytesRead, source.totalBytes, batch.rowsRead)
            }
            for item in batch.items {
                switch item {
                case .order(let draft): try unit(rows: rows(draft)) { try writeShopifyOrder(draft) }
                case .invalid(let failure, let rows): try reject(failure, rows: rows)
                }
            }
        }
    }

    /// The parsing thread: rows grouped into orders, an order being all consecutive rows with
    /// the same Name (real exports repeat Created at and other order columns on line rows).
    private static func readShopifyOrders(_ source: RowSource, _ context: ShopifyOrderDraft.Context,
                                          into pipe: ParsePipe<ShopifyOrderItem>) throws {
        var rowsRead = 0
        var group: [ImportRow] = []
        func send(_ item: ShopifyOrderItem) -> Bool { pipe.send(item, rowsRead: rowsRead, bytesRead: source.bytesRead) }
        func flush() -> Bool {
            guard !group.isEmpty else { return true }
            defer { group = [] }
            do {
                return send(.order(try ShopifyOrderDraft(group, context)))
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
            if let first = group.first, row.trimmed("Name") != first.trimmed("Name") {
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
            refunded: d.refunded, lines: lines, customerIsNew: customer?.created ?? false, details: d.details))
    }
}

/// Which omni channel a channel's source name means: a table, extended or overridden per
/// store by `settings` rows `source_channel.NAME` (value a channel code, e.g.
/// `source_channel.tiktok = marketplace`, `source_channel.5690175 = web`). Built in: web,
/// pos, draft orders, Shopify's apps, the marketplaces and social shops; a numeric source (an
/// app's id) is an app. Nil: not known, the import's --channel decides.
struct SourceChannels: Sendable {
    static let builtIn: [String: String] = [
        "web": "web", "": "web", "online_store": "web", "checkout": "web",
        "pos": "store", "shopify_pos": "store",
        "shopify_draft_order": "callcentre", "draft_order": "callcentre", "phone": "callcentre",
        "iphone": "app", "android": "app", "mobile_app": "app", "shop": "app", "shop_app": "app",
        "tiktok": "marketplace", "tiktok_shop": "marketplace", "facebook": "marketplace", "instagram": "marketplace",
        "facebook_shop": "marketplace", "google": "marketplace", "amazon": "marketplace", "ebay": "marketplace",
        "walmart": "marketplace", "etsy": "marketplace",
        "b2b": "b2b", "wholesale": "b2b",
    ]
    var table: [String: String]

    static func load(_ db: Database) throws -> SourceChannels {
        var table = builtIn
        let prefix = "source_channel."
        for row in try db.fetchAll("SELECT key, value FROM settings WHERE key >= ? AND key < ?", [prefix, "source_channel/"]) {
            table[String(row.string(0).dropFirst(prefix.count)).lowercased()] = row.string(1).trimmingCharacters(in: .whitespaces)
        }
        let known = Set(try db.fetchAll("SELECT code FROM channels").map { $0.string(0) })
        for (source, channel) in table where !known.contains(channel) {
            throw StoreError.invalid("setting source_channel.\(source) names channel \"\(channel)\", which is not one of \(known.sorted().joined(separator: ", "))")
        }
        return SourceChannels(table: table)
    }

    func channel(for source: String) -> String? {
        if let c = table[source] { return c }
        if source.contains("wechat") { return "wechat" }
        if !source.isEmpty, source.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return "app" }
        return nil
    }
}

extension Importer {
    /// The shop external references are namespaced by: --shop, else the `import.shop` setting;
    /// nil when neither names one.
    func shop() throws -> String? {
        if let shop = options.shop?.trimmingCharacters(in: .whitespaces), !shop.isEmpty { return shop }
        let setting: String? = try db.scalar("SELECT value FROM settings WHERE key = 'import.shop'")
        guard let s = setting?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
        return s
    }
}
