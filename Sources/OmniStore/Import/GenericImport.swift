import Foundation

/// omni's own format: one file per entity, CSV or JSON Lines, columns named as the schema's
/// columns plus natural keys (see `ImportFormatDocs.markdown`). Exports write exactly this.
extension Importer {
    // MARK: - Customers and identities

    func genericCustomer(_ row: ImportRow) throws {
        let name = row.trimmed("name") ?? ""
        let kindText = try oneOf(row, "kind", ["person", "business"], default: "person")
        let kind = IdentityResolver.CustomerKind(rawValue: kindText) ?? .person
        let createdAt = try FieldParse.time(row, "created_at")
        let city = row.trimmed("city") ?? ""
        var contacts = contactColumns(row)
        var customer: (id: Int64, created: Bool)?
        if let ref = row.trimmed("customer_ref") {
            switch try parseCustomerRef(ref, row) {
            case .identity(let k, let v): contacts.insert(ContactPoint(k, v), at: 0)
            case .id(let id):
                if let live = try resolver.liveCustomerID(for: id) {
                    customer = (live, false)
                } else if contacts.isEmpty {
                    // A customer known by nothing but its id (exported from another omni store).
                    try db.execute("INSERT INTO customers(id, kind, name, search_name, city, created_at) VALUES (?,?,?,?,?,?)",
                                   [id, kindText, name, SearchText.indexText(name), city, createdAt ?? options.now])
                    customer = (id, true)
                    summary.customersCreated += 1
                }
            }
        }
        if customer == nil {
            guard !contacts.isEmpty else { throw row.issue("no customer_ref and no contact column (email, phone, ...): nothing to know this customer by") }
            guard let c = try resolveCustomer(contacts, name: name, city: city, kind: kind, channel: try channelCode(row.trimmed("channel"), row),
                                              source: source(row, name), at: createdAt ?? options.now) else {
                throw row.issue("every contact is junk or malformed: nothing to know this customer by")
            }
            customer = c
        }
        guard let customer else { return }
        var home: Int64?? = nil
        if let code = row.trimmed("home_location") {
            guard let id = try locationID(code, create: false) else { throw row.issue("home_location \"\(code)\" is not a location") }
            home = .some(id)
        }
        var account: Int64?? = nil
        if let ref = row.trimmed("account_ref") {
            guard let id = try existingCustomer(ref, row) else { throw row.issue("account_ref \(ref): no such customer") }
            account = .some(id)
        }
        try updateCustomer(customer.id, created: customer.created, name: name, city: city, country: row.trimmed("country") ?? "",
                           consentEmail: try FieldParse.bool(row, "consent_email"), consentSMS: try FieldParse.bool(row, "consent_sms"),
                           consentPhone: try FieldParse.bool(row, "consent_phone"), consentWeChat: try FieldParse.bool(row, "consent_wechat"),
                           tier: row.trimmed("tier"), kind: customer.created ? nil : row.trimmed("kind"), homeLocation: home,
                           accountID: account, createdAt: customer.created ? createdAt : nil)
    }

    /// A customer that must already exist: `#ID` or a known identity. Never creates one.
    func existingCustomer(_ ref: String, _ row: ImportRow) throws -> Int64? {
        switch try parseCustomerRef(ref, row) {
        case .id(let id): return try resolver.liveCustomerID(for: id)
        case .identity(let kind, let value):
            guard case .valid(let v) = IdentityNormalizer.classify(kind, value, junk: try junkList()),
                  let owner = try resolver.identityOwner(kind, v) else { return nil }
            return try resolver.liveCustomerID(for: owner)
        }
    }

    func genericIdentity(_ row: ImportRow) throws {
        let kindText = try required(row, "kind")
        guard let kind = IdentityKind(rawValue: kindText) else {
            throw row.issue("kind \"\(kindText)\" is not one of \(IdentityKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let raw = try required(row, "value")
        let channel = try channelCode(row.trimmed("channel"), row)
        guard case .valid(let value) = IdentityNormalizer.classify(kind, raw, junk: try junkList()) else {
            summary.contactsIgnored += 1
            summary.unchanged("identities")
            return
        }
        guard let ref = row.trimmed("customer_ref") else { throw row.issue("customer_ref is missing") }
        let firstSeen = try FieldParse.time(row, "first_seen_at")
        let verified = try FieldParse.bool(row, "verified")
        let owner = try resolver.identityOwner(kind, value).flatMap { try resolver.liveCustomerID(for: $0) }
        var customer = try existingCustomer(ref, row)
        if customer == nil, case .identity(let k, let v) = try parseCustomerRef(ref, row) {
            customer = try resolveCustomer([ContactPoint(k, v)] + (owner == nil ? [] : [ContactPoint(kind, raw)]),
                                           name: row.trimmed("name") ?? "", channel: channel, source: source(row), at: firstSeen ?? options.now)?.id
        }
        guard let customer else { throw row.issue("customer_ref \(ref): no such customer") }
        let owned = try resolver.identityOwner(kind, value).flatMap { try resolver.liveCustomerID(for: $0) }
        if let owned, owned != customer {
            // Held by someone else: the identity graph decides (merge, or a suggestion when guarded).
            guard case .identity(let k, let v) = try parseCustomerRef(ref, row) else {
                throw row.issue("\(kind.rawValue) \(IdentityMask.mask(kind, value)) belongs to customer \(owned), not \(ref)")
            }
            _ = try resolveCustomer([ContactPoint(k, v), ContactPoint(kind, raw)], name: "", channel: channel, source: source(row), at: firstSeen ?? options.now)
            summary.unchanged("identities")
            return
        }
        guard let existing = try db.fetchOne("""
            SELECT id, raw_value, channel, verified, first_seen_at, link_rule, link_evidence FROM identities WHERE kind = ? AND value = ?
            """, [kind.rawValue, value]) else {
            try db.execute("""
                INSERT INTO identities(customer_id, kind, value, raw_value, channel, verified, first_seen_at, link_rule, link_evidence)
                VALUES (?,?,?,?,?,?,?,?,?)
                """, [customer, kind.rawValue, value, row.text("raw_value") ?? raw, channel, verified ?? false, firstSeen ?? options.now,
                      row.trimmed("link_rule") ?? "import", row.text("link_evidence") ?? "imported from \(source(row))"])
            summary.created("identities")
            return
        }
        var sets: [String] = [], args: [DatabaseValueConvertible?] = []
        func set(_ column: String, _ value: DatabaseValueConvertible?, _ differs: Bool) { if differs { sets.append("\(column) = ?"); args.append(value) } }
        if let r = row.text("raw_value") { set("raw_value", r, existing.string(1) != r) }
        if row.has("channel") { set("channel", channel, existing.string(2) != channel) }
        if let verified { set("verified", verified, (existing.int(3) != 0) != verified) }
        if let firstSeen { set("first_seen_at", firstSeen, existing.int64(4) != firstSeen) }
        if let rule = row.trimmed("link_rule") { set("link_rule", rule, existing.string(5) != rule) }
        if let evidence = row.text("link_evidence") { set("link_evidence", evidence, existing.string(6) != evidence) }
        if sets.isEmpty { summary.unchanged("identities"); return }
        args.append(existing.int64(0))
        try db.execute("UPDATE identities SET \(sets.joined(separator: ", ")) WHERE id = ?", args)
        summary.updated("identities")
    }

    // MARK: - Orders

    func genericOrder(_ row: ImportRow) throws {
        let channel = try channelCode(row.trimmed("channel"), row)
        let ref = try required(row, "external_ref")
        guard let placedAt = try FieldParse.time(row, "placed_at") else { throw row.issue("placed_at is missing") }
        let status = try oneOf(row, "status", Self.orderStatuses, default: "paid")
        let fulfilment = try oneOf(row, "fulfilment", Self.fulfilments, default: "ship")
        var locationID: Int64?
        if let code = row.trimmed("location") {
            guard let id = try self.locationID(code, create: false) else { throw row.issue("location \"\(code)\" is not a location") }
            locationID = id
        }
        var lines: [ImportedLine] = []
        if let value = try row.structured("lines") {
            guard let array = value as? [Any] else { throw row.issue("lines must be a JSON array of {sku, name, quantity, unit_price}") }
            for (n, item) in array.enumerated() {
                guard let l = item as? [String: Any] else { throw row.issue("lines[\(n)] is not an object") }
                let code = (l["sku"] as? String) ?? ""
                func int(_ key: String) throws -> Int64? {
                    guard let v = l[key], !(v is NSNull) else { return nil }
                    if type(of: v) != Bool.self, let i = v as? Int { return Int64(i) }
                    if type(of: v) != Bool.self, let d = v as? Double, d == d.rounded(), abs(d) < 9e15 { return Int64(d) }
                    if let s = v as? String, let i = Int64(s) { return i }
                    throw row.issue("lines[\(n)].\(key) \"\(v)\" is not a whole number")
                }
                guard let quantity = try int("quantity") else { throw row.issue("lines[\(n)].quantity is missing") }
                guard quantity >= 0 && quantity <= FieldParse.maxQuantity else {
                    throw row.issue("lines[\(n)].quantity \(quantity) is outside 0-\(FieldParse.maxQuantity)")
                }
                let unitPrice = try int("unit_price") ?? 0
                guard unitPrice >= 0 && unitPrice <= FieldParse.maxAmount else {
                    throw row.issue("lines[\(n)].unit_price \(unitPrice) is \(unitPrice < 0 ? "negative" : "larger than omni accepts (\(FieldParse.maxAmount) minor units)")")
                }
                let returned = try int("quantity_returned") ?? 0
                guard returned >= 0 && returned <= quantity else {
                    throw row.issue("lines[\(n)].quantity_returned \(returned) is \(returned < 0 ? "negative" : "more than the \(quantity) sold")")
                }
                var skuID: Int64?
                if !code.isEmpty {
                    skuID = try self.skuID(code: code, channel: channel)
                    if skuID == nil { try recordUnmapped(channel: channel, code: code) }
                }
                lines.append(ImportedLine(skuID: skuID, skuCode: code, name: (l["name"] as? String) ?? code, quantity: quantity,
                                          unitPrice: unitPrice, quantityReturned: returned))
            }
        }
        var lineSum: Int64 = 0
        for l in lines {
            let (amount, over) = l.quantity.multipliedReportingOverflow(by: l.unitPrice)
            lineSum += over ? FieldParse.maxAmount + 1 : min(amount, FieldParse.maxAmount + 1)
            if lineSum > FieldParse.maxAmount { throw row.issue("lines add up to more than omni accepts (\(FieldParse.maxAmount) minor units)") }
        }
        let subtotal = try FieldParse.amount(row, "subtotal") ?? lineSum
        let discount = try FieldParse.amount(row, "discount") ?? 0
        let shipping = try FieldParse.amount(row, "shipping") ?? 0
        let tax = try FieldParse.amount(row, "tax") ?? 0
        let customer = try customerReference(row, channel: channel, at: placedAt)
        try upsertOrder(ImportedOrder(
            channel: channel, externalRef: ref, customerID: customer, status: status, fulfilment: fulfilment, locationID: locationID,
            placedAt: placedAt, promisedBy: try FieldParse.time(row, "promised_by"), readyAt: try FieldParse.time(row, "ready_at"),
            deliveredAt: try FieldParse.time(row, "delivered_at"), inFull: try FieldParse.bool(row, "in_full"),
            currency: row.trimmed("currency") ?? "CNY", subtotal: subtotal, discount: discount, shipping: shipping, tax: tax,
            total: try FieldParse.amount(row, "total") ?? subtotal - discount + shipping + tax,
            refunded: try FieldParse.amount(row, "refunded") ?? 0, lines: lines))
    }

    // MARK: - Catalog, locations, stock

    func genericSKU(_ row: ImportRow) throws {
        let code = try required(row, "sku")
        let productName = row.trimmed("product") ?? row.trimmed("name") ?? code
        let name = row.trimmed("name") ?? productName
        let price = try FieldParse.amount(row, "price") ?? 0
        let color = row.trimmed("color") ?? "", size = row.trimmed("size") ?? "", currency = row.trimmed("currency") ?? "CNY"
        if let existing = try db.fetchOne("SELECT id, name, color, size, price, currency FROM skus WHERE code = ?", [code]) {
            if existing.string(1) == name && existing.string(2) == color && existing.string(3) == size && existing.int64(4) == price
                && existing.string(5) == currency { summary.unchanged("skus"); return }
            try db.execute("UPDATE skus SET name = ?, color = ?, size = ?, price = ?, currency = ? WHERE id = ?",
                           [name, color, size, price, currency, existing.int64(0)])
            summary.updated("skus")
            return
        }
        let productID: Int64
        if let id = try productCache[productName] ?? (db.fetchOne("SELECT id FROM products WHERE name = ? ORDER BY id LIMIT 1", [productName])?.int64(0)) {
            productID = id
        } else {
            try db.execute("INSERT INTO products(name, category, brand) VALUES (?,?,?)",
                           [productName, row.trimmed("category") ?? "", row.trimmed("brand") ?? ""])
            productID = db.lastInsertRowID
            summary.created("products")
        }
        productCache[productName] = productID
        try db.execute("INSERT INTO skus(code, product_id, name, color, size, price, currency) VALUES (?,?,?,?,?,?,?)",
                       [code, productID, name, color, size, price, currency])
        rememberSKU(code, db.lastInsertRowID)
        summary.created("skus")
    }

    func genericLocation(_ row: ImportRow) throws {
        let code = try required(row, "location")
        let name = row.trimmed("name") ?? code
        let kind = try oneOf(row, "kind", ["warehouse", "store", "dc"], default: "store")
        let city = row.trimmed("city") ?? ""
        let lat = try row.trimmed("latitude").map { t -> Double in guard let d = Double(t) else { throw row.issue("latitude \"\(t)\" is not a number") }; return d }
        let lon = try row.trimmed("longitude").map { t -> Double in guard let d = Double(t) else { throw row.issue("longitude \"\(t)\" is not a number") }; return d }
        let ship = try FieldParse.bool(row, "can_ship") ?? false, pickup = try FieldParse.bool(row, "can_pickup") ?? (kind == "store")
        if let e = try db.fetchOne("SELECT id, name, kind, city, latitude, longitude, can_ship, can_pickup FROM locations WHERE code = ?", [code]) {
            if e.string(1) == name && e.string(2) == kind && e.string(3) == city && e.optionalDouble(4) == lat && e.optionalDouble(5) == lon
                && (e.int(6) != 0) == ship && (e.int(7) != 0) == pickup { summary.unchanged("locations"); return }
            try db.execute("UPDATE locations SET name = ?, kind = ?, city = ?, latitude = ?, longitude = ?, can_ship = ?, can_pickup = ? WHERE id = ?",
                           [name, kind, city, lat, lon, ship, pickup, e.int64(0)])
            summary.updated("locations")
            return
        }
        try db.execute("INSERT INTO locations(code, name, kind, city, latitude, longitude, can_ship, can_pickup) VALUES (?,?,?,?,?,?,?,?)",
                       [code, name, kind, city, lat, lon, ship, pickup])
        summary.created("locations")
    }

    func skuAndLocation(_ row: ImportRow) throws -> (Int64, Int64) {
        let code = try required(row, "sku")
        guard let sku = try skuID(code: code, channel: nil) else { throw row.issue("sku \"\(code)\" is not a SKU (import skus first)") }
        let loc = try required(row, "location")
        guard let location = try locationID(loc, create: false) else { throw row.issue("location \"\(loc)\" is not a location (import locations first)") }
        return (sku, location)
    }

    func genericStock(_ row: ImportRow) throws {
        let (sku, location) = try skuAndLocation(row)
        guard let onHand = try FieldParse.int(row, "on_hand") else { throw row.issue("on_hand is missing") }
        try setStock(skuID: sku, locationID: location, onHand: onHand, reserved: try FieldParse.int(row, "reserved"),
                     safety: try FieldParse.int(row, "safety_stock"), reorderPoint: try FieldParse.int(row, "reorder_point"),
                     reorderQty: try FieldParse.int(row, "reorder_qty"), at: options.now, ref: "\(kind.rawValue) \(fileName):\(row.line)",
                     updatedAt: try FieldParse.time(row, "updated_at"), countNewRows: false)
    }

    static let movementReasons = ["sale", "receipt", "return", "adjustment", "transfer_in", "transfer_out", "reserve", "release", "count"]

    /// Ledger rows, appended (an identical row already there is not added twice). Stock
    /// levels come from the stock file, not from replaying these.
    func genericMovement(_ row: ImportRow) throws {
        let (sku, location) = try skuAndLocation(row)
        guard let delta = try FieldParse.int(row, "delta") else { throw row.issue("delta is missing") }
        let reservedDelta = try FieldParse.int(row, "reserved_delta") ?? 0
        let reason = try oneOf(row, "reason", Self.movementReasons, default: nil)
        guard let at = try FieldParse.time(row, "at") else { throw row.issue("at is missing") }
        let ref = row.text("ref") ?? "", op = row.trimmed("operator") ?? options.operatorLogin
        if try db.fetchOne("""
            SELECT 1 FROM stock_movements WHERE sku_id = ? AND location_id = ? AND at = ? AND delta = ? AND reserved_delta = ?
              AND reason = ? AND ref = ? LIMIT 1
            """, [sku, location, at, delta, reservedDelta, reason, ref]) != nil {
            summary.unchanged("stock_movements"); return
        }
        try db.execute("INSERT INTO stock_movements(sku_id, location_id, delta, reserved_delta, reason, ref, at, operator) VALUES (?,?,?,?,?,?,?,?)",
                       [sku, location, delta, reservedDelta, reason, ref, at, op])
        summary.created("stock_movements")
    }

    // MARK: - Service

    static let ticketStatuses = ["new", "open", "pending", "solved", "closed"]
    static let priorities = ["urgent", "high", "normal", "low"]

    /// A ticket's natural key: channel, customer, created_at and subject.
    func findTicket(channel: String, customer: Int64?, createdAt: Int64, subject: String) throws -> Row? {
        try db.fetchOne("""
            SELECT id, status, priority, team_id, assignee, updated_at, first_response_due, resolution_due, first_response_at,
                   resolved_at, agent_replies, csat, order_id
            FROM tickets WHERE channel = ? AND customer_id IS ? AND created_at = ? AND subject = ?
            """, [channel, customer, createdAt, subject])
    }

    func genericTicket(_ row: ImportRow) throws {
        let channel = try channelCode(row.trimmed("channel"), row)
        let subject = try required(row, "subject")
        guard let createdAt = try FieldParse.time(row, "created_at") else { throw row.issue("created_at is missing") }
        let status = try oneOf(row, "status", Self.ticketStatuses, default: "new")
        let priority = try oneOf(row, "priority", Self.priorities, default: "normal")
        var teamID: Int64?
        if let team = row.trimmed("team") {
            guard let id = try db.fetchOne("SELECT id FROM teams WHERE name = ?", [team])?.int64(0) else { throw row.issue("team \"\(team)\" is not a team") }
            teamID = id
        }
        var orderID: Int64?
        if let ref = row.trimmed("order_external_ref") {
            let orderChannel = try channelCode(row.trimmed("order_channel") ?? channel, row)
            guard let id = try db.fetchOne("SELECT id FROM orders WHERE channel = ? AND external_ref = ?", [orderChannel, ref])?.int64(0) else {
                throw row.issue("order \(orderChannel) \(ref) is not in the store (import orders first)")
            }
            orderID = id
        }
        var frDue = try FieldParse.time(row, "first_response_due"), resDue = try FieldParse.time(row, "resolution_due")
        if frDue == nil || resDue == nil, let p = try db.fetchOne("SELECT first_response_minutes, resolution_minutes FROM sla_policies WHERE priority = ?", [priority]) {
            frDue = frDue ?? createdAt + p.int64(0) * 60
            resDue = resDue ?? createdAt + p.int64(1) * 60
        }
        let csat = try FieldParse.int(row, "csat")
        if let csat, !(1...5).contains(csat) { throw row.issue("csat \(csat) is not from 1 to 5") }
        let customer = try customerReference(row, channel: channel, at: createdAt)
        let values: [DatabaseValueConvertible?] = [status, priority, teamID, row.trimmed("assignee"),
                                                   try FieldParse.time(row, "updated_at") ?? createdAt, frDue ?? createdAt, resDue ?? createdAt,
                                                   try FieldParse.time(row, "first_response_at"), try FieldParse.time(row, "resolved_at"),
                                                   try FieldParse.int(row, "agent_replies") ?? 0, csat, orderID]
        if let e = try findTicket(channel: channel, customer: customer, createdAt: createdAt, subject: subject) {
            let old: [DatabaseValue] = (1...12).map { e[$0] }
            if old == values.map({ $0?.databaseValue ?? .null }) { summary.unchanged("tickets"); return }
            try db.execute("""
                UPDATE tickets SET status = ?, priority = ?, team_id = ?, assignee = ?, updated_at = ?, first_response_due = ?,
                    resolution_due = ?, first_response_at = ?, resolved_at = ?, agent_replies = ?, csat = ?, order_id = ? WHERE id = ?
                """, values + [e.int64(0)])
            summary.updated("tickets")
            return
        }
        try db.execute("""
            INSERT INTO tickets(status, priority, team_id, assignee, updated_at, first_response_due, resolution_due, first_response_at,
                resolved_at, agent_replies, csat, order_id, channel, customer_id, created_at, subject)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, values + [channel, customer, createdAt, subject])
        summary.created("tickets")
    }

    static let authorKinds = ["customer", "agent", "note", "system"]

    func genericMessage(_ row: ImportRow) throws {
        let ticketChannel = try channelCode(row.trimmed("ticket_channel"), row)
        let subject = try required(row, "ticket_subject")
        guard let createdAt = try FieldParse.time(row, "ticket_created_at") else { throw row.issue("ticket_created_at is missing") }
        var customer: Int64?
        if let ref = row.trimmed("ticket_customer_ref") {
            guard let id = try existingCustomer(ref, row) else { throw row.issue("ticket_customer_ref \(ref): no such customer") }
            customer = id
        }
        guard let ticket = try findTicket(channel: ticketChannel, customer: customer, createdAt: createdAt, subject: subject)?.int64(0) else {
            throw row.issue("no ticket \"\(subject)\" created \(FieldParse.isoTime(createdAt)) on \(ticketChannel) (import tickets first)")
        }
        let channel = try channelCode(row.trimmed("channel") ?? ticketChannel, row)
        let authorKind = try oneOf(row, "author_kind", Self.authorKinds, default: "customer")
        guard let body = row.text("body") else { throw row.issue("body is missing") }
        guard let at = try FieldParse.time(row, "at") else { throw row.issue("at is missing") }
        if try db.fetchOne("SELECT 1 FROM ticket_messages WHERE ticket_id = ? AND at = ? AND author_kind = ? AND body = ? LIMIT 1",
                           [ticket, at, authorKind, body]) != nil {
            summary.unchanged("ticket_messages"); return
        }
        try db.execute("INSERT INTO ticket_messages(ticket_id, channel, author_kind, author, body, at) VALUES (?,?,?,?,?,?)",
                       [ticket, channel, authorKind, row.text("author") ?? "", body, at])
        summary.created("ticket_messages")
    }

    static let touchKinds = ["campaign_sent", "campaign_opened", "visit", "product_view", "add_to_cart", "checkout", "purchase",
                             "store_visit", "call", "chat", "return", "ticket", "delivery"]

    func genericTouchpoint(_ row: ImportRow) throws {
        let channel = try channelCode(row.trimmed("channel"), row)
        let kind = try oneOf(row, "kind", Self.touchKinds, default: nil)
        guard let at = try FieldParse.time(row, "at") else { throw row.issue("at is missing") }
        var skuID: Int64?
        if let code = row.trimmed("sku") {
            guard let id = try self.skuID(code: code, channel: channel) else { throw row.issue("sku \"\(code)\" is not a SKU") }
            skuID = id
        }
        guard let customer = try customerReference(row, channel: channel, at: at) else {
            throw row.issue("a touchpoint needs a customer: customer_ref or a contact column (email, phone, ...)")
        }
        let detail = row.text("detail") ?? "", ref = row.text("ref") ?? ""
        if try db.fetchOne("SELECT 1 FROM touchpoints WHERE customer_id = ? AND at = ? AND kind = ? AND channel = ? AND detail = ? AND ref = ? LIMIT 1",
                           [customer, at, kind, channel, detail, ref]) != nil {
            summary.unchanged("touchpoints"); return
        }
        try db.execute("INSERT INTO touchpoints(customer_id, channel, kind, detail, sku_id, ref, at) VALUES (?,?,?,?,?,?,?)",
                       [customer, channel, kind, detail, skuID, ref, at])
        summary.created("touchpoints")
    }
}
