import Foundation

/// Shopify's CSV exports: customers (current and older layouts) and inventory (per location).
/// Orders are in ShopifyOrders.swift.
extension Importer {
    // MARK: - Customers

    func shopifyCustomer(_ row: ImportRow) throws {
        var contacts: [ContactPoint] = []
        if let email = row.trimmed("Email") { contacts.append(ContactPoint(.email, email)) }
        // A phone without a country code takes the calling code of the customer's address country.
        let region = CallingCodes.region(row.trimmed("Default Address Country Code") ?? row.trimmed("Country Code")
                                         ?? row.trimmed("Default Address Country") ?? row.trimmed("Country"))
        for column in ["Phone", "Default Address Phone"] {
            if let phone = row.trimmed(column) { contacts.append(ContactPoint(.phone, phone, region: region)) }
        }
        // A spreadsheet keeps a long number as text with a leading ' (Excel's own marker).
        if let raw = row.trimmed("Customer ID"), case let id = raw.hasPrefix("'") ? String(raw.dropFirst()) : raw, !id.isEmpty {
            contacts.append(ContactPoint(.webAccount, "shopify:" + id, channel: "web"))
        }
        guard !contacts.isEmpty else { throw row.issue("no Email, Phone or Customer ID: nothing to know this customer by") }
        let first = row.trimmed("First Name") ?? "", last = row.trimmed("Last Name") ?? ""
        var name = [first, last].filter { !$0.isEmpty }.joined(separator: " ")
        if name.isEmpty { name = row.trimmed("Default Address Company") ?? row.trimmed("Company") ?? row.trimmed("Email") ?? "" }
        let city = row.trimmed("Default Address City") ?? row.trimmed("City") ?? ""
        let country = row.trimmed("Default Address Country Code") ?? row.trimmed("Country Code") ?? row.trimmed("Country") ?? ""
        let email = try FieldParse.bool(row, "Accepts Email Marketing") ?? FieldParse.bool(row, "Accepts Marketing")
        let sms = try FieldParse.bool(row, "Accepts SMS Marketing")
        guard let customer = try resolveCustomer(contacts, name: name, city: city, channel: options.channel ?? "web",
                                                 source: source(row, name), at: options.now) else {
            throw row.issue("no usable Email, Phone or Customer ID (only junk such as \"n/a\" or test addresses)")
        }
        // Consent for a channel comes from the row that carries that channel's contact: a merged
        // profile's email consent is not overwritten by a row that has no email (later rows win).
        let hasEmail = contacts.contains { $0.kind == .email }, hasPhone = contacts.contains { $0.kind == .phone }
        try updateCustomer(customer.id, created: customer.created, name: name, city: city, country: country,
                           consentEmail: hasEmail ? email : nil, consentSMS: hasPhone ? sms : nil, consentPhone: nil, consentWeChat: nil)
    }

    /// Fills what the file knows: consent as the file says (the source of truth for consent);
    /// name, city and country only where omni has none. Counts the customer as created,
    /// updated or unchanged; writes nothing when nothing differs.
    func updateCustomer(_ id: Int64, created: Bool, name: String, city: String, country: String,
                        consentEmail: Bool?, consentSMS: Bool?, consentPhone: Bool?, consentWeChat: Bool?,
                        tier: String? = nil, kind: String? = nil, homeLocation: Int64?? = nil, accountID: Int64?? = nil,
                        createdAt: Int64? = nil) throws {
        guard let row = try db.fetchOne("""
            SELECT name, city, country, consent_email, consent_sms, consent_phone, consent_wechat, tier, kind, home_location_id,
                   account_id, created_at FROM customers WHERE id = ?
            """, [id]) else { return }
        var sets: [String] = []
        var args: [DatabaseValueConvertible?] = []
        func set(_ column: String, _ value: DatabaseValueConvertible?, differs: Bool) {
            if differs { sets.append("\(column) = ?"); args.append(value) }
        }
        set("name", name, differs: !name.isEmpty && row.string(0).isEmpty)
        if !name.isEmpty && row.string(0).isEmpty { sets.append("search_name = ?"); args.append(SearchText.indexText(name)) }
        set("city", city, differs: !city.isEmpty && row.string(1).isEmpty)
        set("country", country, differs: !country.isEmpty && row.string(2) != country && (row.string(2).isEmpty || created))
        for (column, value, index) in [("consent_email", consentEmail, 3), ("consent_sms", consentSMS, 4),
                                       ("consent_phone", consentPhone, 5), ("consent_wechat", consentWeChat, 6)] {
            if let value { set(column, value, differs: (row.int(index) != 0) != value) }
        }
        if let tier { set("tier", tier, differs: row.string(7) != tier) }
        if let kind { set("kind", kind, differs: row.string(8) != kind) }
        if let homeLocation { set("home_location_id", homeLocation, differs: row.optionalInt64(9) != homeLocation) }
        if let accountID, accountID != id { set("account_id", accountID, differs: row.optionalInt64(10) != accountID) }
        if let createdAt { set("created_at", createdAt, differs: row.optionalInt64(11) != createdAt) }
        if !sets.isEmpty {
            args.append(id)
            try db.execute("UPDATE customers SET \(sets.joined(separator: ", ")) WHERE id = ?", args)
        }
        if created { summary.created("customers") } else if sets.isEmpty { summary.unchanged("customers") } else { summary.updated("customers") }
    }

    // MARK: - Inventory

    /// Shopify's inventory export, every layout: one row per variant and location with
    /// `Available (not editable)`, `Committed (not editable)`, `Incoming (not editable)`,
    /// `Unavailable (not editable)`, `On hand (current)` and `On hand (new)` (today's); `Available`,
    /// `Committed`, `Unavailable`, `On hand` (older); or one row per variant with one column per
    /// location holding its available quantity (oldest). Rows without a SKU are skipped and
    /// counted; a SKU met twice at one location is reported and its later rows skipped.
    func importShopifyInventory(_ source: RowSource) throws {
        try source.require(anyOf: ["SKU"], for: .shopifyInventory)
        let names = source.header?.names ?? []
        let wide = !(source.header?.has("Location") ?? false)
        let locationColumns = wide ? names.filter { !Self.inventoryColumns.contains($0.trimmingCharacters(in: .whitespaces).lowercased()) } : []
        if wide && locationColumns.isEmpty {
            throw ImportFailure.badHeader(file: file, reason: "no Location column and no column named after a location (columns: \(names.prefix(8).joined(separator: ", ")))")
        }
        var seen: [String: Int] = [:]
        var withoutSKU: [Int] = []
        var duplicates: [String] = []
        while let row = try nextRow(source) {
            guard let code = row.trimmed("SKU") else { withoutSKU.append(row.line); continue }
            let locations = wide ? locationColumns : [row.trimmed("Location") ?? ""]
            for location in locations {
                let key = code + "\u{1F}" + location
                if let first = seen[key] {
                    duplicates.append("SKU \(code)\(location.isEmpty ? "" : " at \(location)") on line \(row.line) repeats line \(first): skipped")
                    continue
                }
                seen[key] = row.line
                try unit(rows: 1) {
                    if wide { try shopifyInventoryCell(row, code: code, location: location) }
                    else { try shopifyInventoryRow(row, code: code) }
                }
            }
        }
        if !withoutSKU.isEmpty {
            summary.notes.append("\(withoutSKU.count) row\(withoutSKU.count == 1 ? "" : "s") without a SKU skipped (line\(withoutSKU.count == 1 ? "" : "s") \(Self.lineList(withoutSKU)))")
        }
        summary.notes += duplicates
    }

    static let inventoryColumns: Set<String> = [
        "handle", "title", "option1 name", "option1 value", "option2 name", "option2 value", "option3 name", "option3 value",
        "option 1 name", "option 1 value", "option 2 name", "option 2 value", "option 3 name", "option 3 value",
        "sku", "barcode", "hs code", "coo", "bin name", "location", "variant sku", "variant barcode", "price", "variant price",
        "vendor", "type", "tags", "status",
    ]

    static func lineList(_ lines: [Int]) -> String {
        lines.count <= 10 ? lines.map(String.init).joined(separator: ", ")
                          : lines.prefix(10).map(String.init).joined(separator: ", ") + ", ..."
    }

    /// A whole number, "not stocked" (.some(nil)), or absent (nil).
    func inventoryQuantity(_ row: ImportRow, _ columns: String...) throws -> Int64?? {
        for column in columns {
            guard let t = row.trimmed(column) else { continue }
            if t.lowercased() == "not stocked" { return .some(nil) }
            guard let v = Int64(t) else { throw row.issue("\(column) \"\(t)\" is not a whole number") }
            return .some(v)
        }
        return .none
    }

    func shopifyInventoryRow(_ row: ImportRow, code: String) throws {
        guard let locationName = row.trimmed("Location") else { throw row.issue("Location is missing") }
        // On hand (new), when filled, is the count to set; else what the file says is on hand now.
        let onHandCol = try inventoryQuantity(row, "On hand (new)", "On hand (current)", "On hand")
        let available = try inventoryQuantity(row, "Available (not editable)", "Available")
        let committed = try inventoryQuantity(row, "Committed (not editable)", "Committed")
        let unavailable = try inventoryQuantity(row, "Unavailable (not editable)", "Unavailable")
        if case .some(nil) = onHandCol ?? available { summary.unchanged("stock"); return }
        let avail = (available ?? nil)
        let onHand: Int64
        if let o = onHandCol ?? nil { onHand = o }
        else if let a = avail { onHand = a + ((committed ?? nil) ?? 0) + ((unavailable ?? nil) ?? 0) }
        else { throw row.issue("neither On hand nor Available is given") }
        var reserved: Int64? = (committed ?? nil)
        if reserved == nil, let a = avail, onHandCol != nil { reserved = max(0, onHand - a - ((unavailable ?? nil) ?? 0)) }

        let skuID = try skuID(code: code, channel: nil) ?? createSKU(code: code, row: row)
        guard let locationID = try locationID(locationName, create: true) else { return }
        try setStock(skuID: skuID, locationID: locationID, onHand: onHand, reserved: reserved, safety: nil, reorderPoint: nil,
                     reorderQty: nil, at: options.now, ref: "\(kind.rawValue) \(fileName):\(row.line)")
    }

    /// One location's column of a file with a column per location: its available quantity.
    func shopifyInventoryCell(_ row: ImportRow, code: String, location: String) throws {
        guard let quantity = try inventoryQuantity(row, location) else { return }
        guard let onHand = quantity else { summary.unchanged("stock"); return }
        let skuID = try skuID(code: code, channel: nil) ?? createSKU(code: code, row: row)
        guard let locationID = try locationID(location, create: true) else { return }
        try setStock(skuID: skuID, locationID: locationID, onHand: onHand, reserved: nil, safety: nil, reorderPoint: nil,
                     reorderQty: nil, at: options.now, ref: "\(kind.rawValue) \(fileName):\(row.line)")
    }

    /// A SKU from an inventory row: its product found by name (or created from Title), colour
    /// and size from the options named Color/Colour and Size.
    func createSKU(code: String, row: ImportRow) throws -> Int64 {
        let title = row.trimmed("Title") ?? row.trimmed("Handle") ?? code
        let productKey = row.trimmed("Handle") ?? title
        let productID: Int64
        if let id = productCache[productKey] {
            productID = id
        } else if let id = try db.fetchOne("SELECT id FROM products WHERE name = ? ORDER BY id LIMIT 1", [title])?.int64(0) {
            productID = id
        } else {
            try db.execute("INSERT INTO products(name, brand) VALUES (?, ?)", [title, row.trimmed("Vendor") ?? ""])
            productID = db.lastInsertRowID
            summary.created("products")
        }
        productCache[productKey] = productID
        var color = "", size = "", values: [String] = []
        for n in 1...3 {
            guard let value = row.trimmed("Option\(n) Value"), value.lowercased() != "default title" else { continue }
            values.append(value)
            let optionName = row.trimmed("Option\(n) Name")?.lowercased() ?? ""
            if optionName == "color" || optionName == "colour" { color = value }
            if optionName == "size" { size = value }
        }
        let name = values.isEmpty ? title : title + " - " + values.joined(separator: " / ")
        let price = try FieldParse.money(row, "Price") ?? FieldParse.money(row, "Variant Price") ?? 0
        try db.execute("INSERT INTO skus(code, product_id, name, color, size, price) VALUES (?,?,?,?,?,?)",
                       [code, productID, name, color, size, price])
        let id = db.lastInsertRowID
        summary.created("skus")
        rememberSKU(code, id)
        return id
    }

    /// Sets a stock row to what was counted; the on-hand difference goes to the ledger as a
    /// 'count' movement (for a new row too, unless `countNewRows` is false: omni's own stock
    /// files bring their history in a movements file). Nothing is written when nothing differs.
    func setStock(skuID: Int64, locationID: Int64, onHand: Int64, reserved: Int64?, safety: Int64?, reorderPoint: Int64?,
                  reorderQty: Int64?, at: Int64, ref: String, updatedAt: Int64? = nil, countNewRows: Bool = true) throws {
        if let row = try db.fetchOne("SELECT id, on_hand, reserved, safety_stock, reorder_point, reorder_qty FROM stock WHERE sku_id = ? AND location_id = ?",
                                     [skuID, locationID]) {
            let newReserved = reserved ?? row.int64(2), newSafety = safety ?? row.int64(3)
            let newPoint = reorderPoint ?? row.int64(4), newQty = reorderQty ?? row.int64(5)
            if row.int64(1) == onHand && row.int64(2) == newReserved && row.int64(3) == newSafety && row.int64(4) == newPoint
                && row.int64(5) == newQty {
                summary.unchanged("stock")
                return
            }
            try db.execute("UPDATE stock SET on_hand = ?, reserved = ?, safety_stock = ?, reorder_point = ?, reorder_qty = ?, updated_at = ? WHERE id = ?",
                           [onHand, newReserved, newSafety, newPoint, newQty, updatedAt ?? at, row.int64(0)])
            summary.updated("stock")
            if onHand != row.int64(1) || newReserved != row.int64(2) {
                try db.execute("""
                    INSERT INTO stock_movements(sku_id, location_id, delta, reserved_delta, reason, ref, at, operator)
                    VALUES (?, ?, ?, ?, 'count', ?, ?, ?)
                    """, [skuID, locationID, onHand - row.int64(1), newReserved - row.int64(2), ref, at, options.operatorLogin])
                summary.created("stock_movements")
            }
            return
        }
        try db.execute("""
            INSERT INTO stock(sku_id, location_id, on_hand, reserved, safety_stock, reorder_point, reorder_qty, updated_at)
            VALUES (?,?,?,?,?,?,?,?)
            """, [skuID, locationID, onHand, reserved ?? 0, safety ?? 0, reorderPoint ?? 0, reorderQty ?? 0, updatedAt ?? at])
        summary.created("stock")
        if countNewRows && (onHand != 0 || (reserved ?? 0) != 0) {
            try db.execute("""
                INSERT INTO stock_movements(sku_id, location_id, delta, reserved_delta, reason, ref, at, operator)
                VALUES (?, ?, ?, ?, 'count', ?, ?, ?)
                """, [skuID, locationID, onHand, reserved ?? 0, ref, at, options.operatorLogin])
            summary.created("stock_movements")
        }
    }
}
