import Foundation

/// How much of everything each size gets.
struct SeedPlan {
    let customers: Int
    let orders: Int
    /// Days of dense order history ending at `now`.
    let days: Int
    /// Sparser history before that (a trickle of orders), so that customers can be at risk or
    /// lapsed and repeat rates mean something on the small stores.
    let sparseDays: Int
    let sparseWeight: Double
    /// One business account per this many customers.
    let businessEvery: Int
    /// Share of digital orders with the browse → cart → checkout touchpoints before them.
    let funnelShare: Double
    /// Sessions without a purchase, per order.
    let browseRatio: Double
    /// Orders older than this many days get no 'purchase' touchpoint (the order itself is the
    /// record); nil: every order has one. Keeps the large store's journey table near 5M rows.
    let purchaseTouchDays: Int?

    static func of(_ size: SeedSize) -> SeedPlan {
        switch size {
        case .small: return SeedPlan(customers: 2_000, orders: 7_000, days: 42, sparseDays: 323, sparseWeight: 0.06, businessEvery: 150, funnelShare: 0.3, browseRatio: 0.5, purchaseTouchDays: nil)
        case .medium: return SeedPlan(customers: 100_000, orders: 420_000, days: 120, sparseDays: 245, sparseWeight: 0.1, businessEvery: 400, funnelShare: 0.2, browseRatio: 0.3, purchaseTouchDays: nil)
        case .large: return SeedPlan(customers: 1_000_000, orders: 4_000_000, days: 365, sparseDays: 0, sparseWeight: 0, businessEvery: 500, funnelShare: 0.1, browseRatio: 0.15, purchaseTouchDays: 120)
        }
    }
}

/// Channel codes in the order the bit masks use.
enum SeedChannel {
    static let codes = ["web", "app", "wechat", "marketplace", "store", "callcentre", "b2b"]
    static let web = 0, app = 1, wechat = 2, marketplace = 3, store = 4, callcentre = 5, b2b = 6
    /// How often a customer who uses a channel orders through it.
    static let orderWeight: [Double] = [20, 30, 22, 16, 18, 3, 10]
    static let orderPrefix = ["W-", "A-", "WX-", "TM", "POS-", "CC-", "B2B-"]
}

/// Builds one demo store. Every decision comes from `SeedRandom` streams derived from the
/// options' seed, in a fixed order, so the same options give the same rows.
final class SeedGenerator {
    let db: Database
    let options: SeedOptions
    let plan: SeedPlan
    let now: Int64
    let progress: (@Sendable (SeedProgress) -> Void)?

    // Inserters (one prepared statement each, reused for every row).
    let customerRow, identityRow, mergeRow, orderRow, lineRow, shipmentRow, returnRow: SeedInserter
    let ticketRow, messageRow, touchRow, cartRow, cartItemRow, appointmentRow: SeedInserter
    let stockRow, movementRow, assetRow, invoiceRow, auditRow: SeedInserter

    // Locations (ids are 1-based positions in SeedCatalog.places).
    var dcIDs: [Int] = [], storeIDs: [Int] = [], shipStoreIDs: [Int] = []
    var storesByCity: [String: [Int]] = [:]
    var locationCode: [String] = [""]

    // SKUs (ids are 1-based positions in these arrays + 1).
    var skuCode: [String] = [], skuName: [String] = [], skuPrice: [Int] = [], skuPro: [Bool] = []
    var consumerSKUs: [Int] = [], proSKUs: [Int] = [], b2bLinenSKUs: [Int] = []
    var marketplaceCode: [String] = []
    /// Free units (on_hand - reserved - safety_stock) per sku * 64 + location; absent = not stocked.
    var freeStock: [Int: Int] = [:]

    // Customers: compact per-id facts the later phases need (index = id).
    var channelMask: [UInt8] = [0]
    var homeStore: [UInt8] = [0]
    var flags: [UInt8] = [0]
    var accountBack: [UInt8] = [0]
    var businessIDs: [Int] = []
    static let flagBusiness: UInt8 = 1, flagContact: UInt8 = 2, flagMerged: UInt8 = 4, flagLatin: UInt8 = 8

    // Service.
    var calendars: [BusinessCalendar] = []
    var teamAgents: [[String]] = []
    var slaMinutes: [(first: Int, resolution: Int)] = []   // urgent, high, normal, low
    var storeOperators: [String] = []

    // Id counters for tables whose ids other rows reference.
    var nextIdentity = 1, nextOrder = 1, nextTicket = 1, nextCart = 1, nextAppointment = 1, nextMerge = 1
    /// Recent tickets left unanswered past their target (see makeTicket).
    lazy var breachesToForce = 1 + plan.customers / 50_000

    let rollups: SeedRollups
    var identityStreams: [String: Int] = [:]
    var customerCreatedStart: Int64 = 0
    var customerCreatedSpan: Int64 = 1

    init(db: Database, options: SeedOptions, progress: (@Sendable (SeedProgress) -> Void)?) throws {
        self.db = db
        self.options = options
        self.plan = SeedPlan.of(options.size)
        self.now = options.now
        self.progress = progress
        rollups = SeedRollups(customers: SeedPlan.of(options.size).customers, now: options.now)
        customerRow = try SeedInserter(db, table: "customers", """
            INSERT INTO customers(id, kind, name, search_name, account_id, tier, city, country, home_location_id,
                consent_email, consent_sms, consent_phone, consent_wechat, created_at, merged_into)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        identityRow = try SeedInserter(db, table: "identities", """
            INSERT INTO identities(id, customer_id, kind, value, raw_value, channel, verified, first_seen_at, link_rule, link_evidence)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """)
        mergeRow = try SeedInserter(db, table: "merges", """
            INSERT INTO merges(id, survivor_id, merged_id, status, rule, evidence, moved, created_at, created_by)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        orderRow = try SeedInserter(db, table: "orders", """
            INSERT INTO orders(id, channel, external_ref, customer_id, status, fulfilment, location_id, placed_at,
                promised_by, ready_at, delivered_at, in_full, currency, subtotal, discount, shipping, tax, total, refunded, units)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'CNY',?,?,?,?,?,?,?)
            """)
        lineRow = try SeedInserter(db, table: "order_lines", """
            INSERT INTO order_lines(order_id, sku_id, sku_code, name, quantity, unit_price, quantity_returned) VALUES (?,?,?,?,?,?,?)
            """)
        shipmentRow = try SeedInserter(db, table: "shipments", """
            INSERT INTO shipments(order_id, carrier, tracking, from_location_id, shipped_at, delivered_at) VALUES (?,?,?,?,?,?)
            """)
        returnRow = try SeedInserter(db, table: "returns", """
            INSERT INTO returns(order_id, sku_id, quantity, channel, location_id, reason, status, created_at, received_at, refund)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """)
        ticketRow = try SeedInserter(db, table: "tickets", """
            INSERT INTO tickets(id, customer_id, order_id, channel, subject, status, priority, team_id, assignee, created_at,
                updated_at, first_response_due, resolution_due, first_response_at, resolved_at, agent_replies, csat)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        messageRow = try SeedInserter(db, table: "ticket_messages", """
            INSERT INTO ticket_messages(ticket_id, channel, author_kind, author, body, at) VALUES (?,?,?,?,?,?)
            """)
        touchRow = try SeedInserter(db, table: "touchpoints", """
            INSERT INTO touchpoints(customer_id, channel, kind, detail, sku_id, ref, at) VALUES (?,?,?,?,?,?,?)
            """)
        cartRow = try SeedInserter(db, table: "carts", "INSERT INTO carts(id, customer_id, channel, status, updated_at) VALUES (?,?,?,?,?)")
        cartItemRow = try SeedInserter(db, table: "cart_items", "INSERT OR IGNORE INTO cart_items(cart_id, sku_id, quantity) VALUES (?,?,?)")
        appointmentRow = try SeedInserter(db, table: "appointments", """
            INSERT INTO appointments(id, customer_id, location_id, starts_at, purpose, cart_id, status, prepared_at, prepared_by)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        stockRow = try SeedInserter(db, table: "stock", """
            INSERT INTO stock(sku_id, location_id, on_hand, reserved, safety_stock, reorder_point, reorder_qty, updated_at)
            VALUES (?,?,?,?,?,?,?,?)
            """)
        movementRow = try SeedInserter(db, table: "stock_movements", """
            INSERT INTO stock_movements(sku_id, location_id, delta, reserved_delta, reason, ref, at, operator) VALUES (?,?,?,?,?,?,?,?)
            """)
        assetRow = try SeedInserter(db, table: "assets", """
            INSERT INTO assets(customer_id, sku_id, serial, site, installed_at, next_maintenance_at) VALUES (?,?,?,?,?,?)
            """)
        invoiceRow = try SeedInserter(db, table: "invoices", """
            INSERT INTO invoices(customer_id, number, issued_at, due_at, amount, currency, paid_at) VALUES (?,?,?,?,?,'CNY',?)
            """)
        auditRow = try SeedInserter(db, table: "audit_log", """
            INSERT INTO audit_log(at, operator, action, entity, entity_id, detail) VALUES (?,?,?,?,?,?)
            """)
        customerCreatedStart = now - 730 * 86_400
        customerCreatedSpan = 730 * 86_400 - 3_600
    }

    var inserters: [SeedInserter] {
        [customerRow, identityRow, mergeRow, orderRow, lineRow, shipmentRow, returnRow, ticketRow, messageRow, touchRow,
         cartRow, cartItemRow, appointmentRow, stockRow, movementRow, assetRow, invoiceRow, auditRow]
    }

    func report(_ phase: String, _ done: Int, _ total: Int) {
        progress?(SeedProgress(phase: phase, done: done, total: total))
    }

    // MARK: - Small helpers

    func random(_ stream: UInt64) -> SeedRandom { SeedRandom(seed: options.seed, stream: stream) }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// yyyy-mm-dd of a unix time in China (UTC+8).
    static func dateText(_ t: Int64) -> String {
        let days = Int((t + 8 * 3_600) >= 0 ? (t + 8 * 3_600) / 86_400 : ((t + 8 * 3_600) - 86_399) / 86_400)
        // Civil-from-days (Howard Hinnant).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return "\(y)-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// When customer `id` was created: ids grow with time over the two years before now.
    func createdAt(_ id: Int) -> Int64 {
        customerCreatedStart + Int64(id - 1) * customerCreatedSpan / Int64(max(1, plan.customers))
    }

    /// How many customers exist at time `t`.
    func customersExisting(at t: Int64) -> Int {
        if t <= customerCreatedStart { return 1 }
        let k = Int((t - customerCreatedStart) * Int64(plan.customers) / customerCreatedSpan) + 1
        return min(plan.customers, max(1, k))
    }

    static func maskedPhone(_ phone: String) -> String {
        guard phone.count > 9 else { return phone }
        return String(phone.prefix(6)) + "****" + String(phone.suffix(4))
    }

    func channelCode(_ c: Int) -> String { SeedChannel.codes[c] }

    // MARK: - Reference: teams, operators, locations, catalogue, stock

    func seedReference() throws {
        let teams: [(String, Int, Int, Int, Int)] = [
            ("Service Shanghai 上海客服", 480, 540, 1_080, 31),
            ("Service 24/7 全天候客服", 480, 0, 1_440, 127),
            ("B2B desk 企业客户部", 480, 510, 1_050, 63),
        ]
        for (i, t) in teams.enumerated() {
            try db.execute("INSERT INTO teams(id, name, utc_offset_minutes, day_start_minute, day_end_minute, business_days) VALUES (?,?,?,?,?,?)",
                           [i + 1, t.0, t.1, t.2, t.3, t.4])
            calendars.append(BusinessCalendar(utcOffsetMinutes: t.1, dayStartMinute: t.2, dayEndMinute: t.3, businessDays: t.4))
        }
        for (i, p) in SeedCatalog.places.enumerated() {
            let id = i + 1
            try db.execute("""
                INSERT INTO locations(id, code, name, kind, city, latitude, longitude, can_ship, can_pickup) VALUES (?,?,?,?,?,?,?,?,?)
                """, [id, p.code, p.name, p.kind, p.city, p.latitude, p.longitude, p.canShip ? 1 : 0, p.canPickup ? 1 : 0])
            locationCode.append(p.code)
            if p.kind == "store" {
                storeIDs.append(id)
                storesByCity[p.city, default: []].append(id)
                if p.canShip { shipStoreIDs.append(id) }
            } else {
                dcIDs.append(id)
            }
        }
        let store = { (code: String) -> Int in (SeedCatalog.places.firstIndex { $0.code == code } ?? 0) + 1 }
        let operators: [(String, String, String, Int?, Int?)] = [
            ("admin", "Administrator 系统管理员", "admin", nil, nil),
            ("sup.zhou", "周敏 Zhou Min", "supervisor", 1, nil),
            ("agent.li", "李静 Li Jing", "agent", 1, nil),
            ("agent.wang", "王磊 Wang Lei", "agent", 1, nil),
            ("agent.emma", "Emma Wilson", "agent", 1, nil),
            ("agent.chen", "陈晨 Chen Chen", "agent", 2, nil),
            ("agent.zhao", "赵婷 Zhao Ting", "agent", 2, nil),
            ("agent.lucas", "Lucas Martin", "agent", 2, nil),
            ("b2b.sun", "孙浩 Sun Hao", "agent", 3, nil),
            ("b2b.gao", "高颖 Gao Ying", "agent", 3, nil),
            ("merch.huang", "黄鑫 Huang Xin", "merchandiser", nil, nil),
            ("store.liu", "刘洋 Liu Yang", "store", nil, store("SH-NJR")),
            ("store.zhang", "张娜 Zhang Na", "store", nil, store("BJ-SLT")),
            ("store.wu", "吴欣怡 Wu Xinyi", "store", nil, store("SZ-COC")),
            ("store.he", "何俊 He Jun", "store", nil, store("CD-TKL")),
        ]
        for o in operators {
            try db.execute("INSERT INTO operators(login, name, role, team_id, location_id) VALUES (?,?,?,?,?)", [o.0, o.1, o.2, o.3, o.4])
            if o.2 == "store" { storeOperators.append(o.0) }
        }
        teamAgents = [["agent.li", "agent.wang", "agent.emma", "sup.zhou"], ["agent.chen", "agent.zhao", "agent.lucas"], ["b2b.sun", "b2b.gao"]]
        for priority in ["urgent", "high", "normal", "low"] {
            let row = try db.fetchOne("SELECT first_response_minutes, resolution_minutes FROM sla_policies WHERE priority = ?", [priority])
            slaMinutes.append((row?.int(0) ?? 60, row?.int(1) ?? 480))
        }
        try db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('store_name', ?), ('seed', ?), ('seed_size', ?), ('seed_now', ?), ('seed_version', '1')",
                       ["Demo retail — 演示零售", String(options.seed), options.size.rawValue, String(now)])
    }

    func seedCatalogue() throws {
        var skuID = 0
        for (p, spec) in SeedCatalog.products.enumerated() {
            try db.execute("INSERT INTO products(id, name, category, brand) VALUES (?,?,?,?)", [p + 1, spec.name, spec.category, spec.brand])
            let sizes = spec.sizes.isEmpty ? [""] : spec.sizes
            for colour in spec.colours {
                for size in sizes {
                    skuID += 1
                    let code = size.isEmpty ? "\(spec.code)-\(colour)" : "\(spec.code)-\(colour)-\(size)"
                    let colourName = SeedCatalog.colourNames[colour] ?? colour
                    let name = size.isEmpty ? "\(spec.name), \(colourName)" : "\(spec.name), \(colourName), \(size)"
                    // Bigger sizes of bedding and rugs cost more.
                    let price = spec.sizes.count == 2 && size == spec.sizes[1] ? spec.price * 13 / 10 / 100 * 100 : spec.price
                    try db.execute("INSERT INTO skus(id, code, product_id, name, color, size, price, currency) VALUES (?,?,?,?,?,?,?,'CNY')",
                                   [skuID, code, p + 1, name, colourName, size, price])
                    skuCode.append(code); skuName.append(name); skuPrice.append(price)
                    let pro = spec.category.hasPrefix("pro/")
                    skuPro.append(pro)
                    if pro { proSKUs.append(skuID) } else { consumerSKUs.append(skuID) }
                    if spec.code == "LND" || spec.code == "TWL" || spec.code == "BED" { b2bLinenSKUs.append(skuID) }
                    marketplaceCode.append("TM-" + String(60_000_000 + skuID * 1_013))
                }
            }
        }
        // The same code everywhere except the marketplace, which has its own, and B2B, which
        // prefixes it; a few channel codes map to nothing (a listing nobody linked, a typo).
        for id in 1...skuCode.count {
            for (c, channel) in SeedChannel.codes.enumerated() {
                let code: String
                switch c {
                case SeedChannel.marketplace: code = marketplaceCode[id - 1]
                case SeedChannel.b2b: code = "B2B-" + skuCode[id - 1]
                default: code = skuCode[id - 1]
                }
                if c == SeedChannel.b2b && !skuPro[id - 1] && !b2bLinenSKUs.contains(id) { continue }
                try db.execute("INSERT INTO channel_skus(channel, code, sku_id) VALUES (?,?,?)", [channel, code, id])
            }
        }
        let unmapped: [(String, String)] = [
            ("marketplace", "TM-99001234"), ("marketplace", "TM-99001377"), ("marketplace", "TM-TEE-RED-XXL"),
            ("web", "TEE-RED-XXL"), ("wechat", "HOOD-GRY-XXL"), ("store", "JEAN-IND-36"), ("app", "MUG-BLK"),
        ]
        for u in unmapped {
            try db.execute("INSERT INTO channel_skus(channel, code, sku_id) VALUES (?,?,NULL)", [u.0, u.1])
        }
        try db.execute("INSERT INTO channel_buffers(channel, sku_id, units) VALUES ('marketplace', 0, 2), ('wechat', 0, 1), ('app', 1, 3), ('marketplace', 3, 5)")
    }

    /// Stock per SKU and location, with the ledger behind each figure: an opening receipt,
    /// sales, the odd return, transfer and count, and reservations.
    func seedStock() throws {
        var rng = random(3)
        let windowStart = now - Int64(max(plan.days, 30)) * 86_400
        var transferNo = 1, poNo = 1
        for sku in 1...skuCode.count {
            for loc in 1...SeedCatalog.places.count {
                let isStore = storeIDs.contains(loc)
                if isStore && (skuPro[sku - 1] || !rng.chance(0.78)) { continue }
                let safety = isStore ? rng.int(in: 1...3) : rng.int(in: 8...20)
                let reorderPoint = isStore ? rng.int(in: 3...8) : rng.int(in: 25...60)
                let reorderQty = isStore ? rng.int(in: 10...24) : rng.int(in: 100...300)
                let reserved = isStore ? (rng.chance(0.4) ? rng.int(in: 1...3) : 0) : rng.int(in: 0...25)
                let r = rng.double()
                let free: Int
                if r < 0.08 { free = -rng.int(in: 0...min(2, reserved + safety)) }          // out
                else if r < 0.22 { free = rng.int(in: 1...reorderPoint) }                   // low
                else { free = reorderPoint + rng.int(in: 1...reorderQty) }                  // fine
                let onHand = max(0, free + reserved + safety)
                freeStock[sku * 64 + loc] = onHand - reserved - safety
                // The ledger, oldest first; on_hand is its sum.
                var sales = rng.int(in: 0...(isStore ? 30 : 400))
                let returned = rng.chance(0.25) ? rng.int(in: 1...3) : 0
                let transferIn = isStore && rng.chance(0.2) ? rng.int(in: 2...10) : 0
                let transferOut = !isStore && rng.chance(0.15) ? rng.int(in: 5...20) : 0
                let countFix = rng.chance(0.06) ? -rng.int(in: 1...2) : 0
                var receipt = onHand + sales - returned - transferIn + transferOut - countFix
                if receipt < 1 { sales += 1 - receipt; receipt = 1 }
                // The ledger runs from an opening receipt weeks ago up to the last hours: its
                // moves spread evenly between them, so today's on-hand is explained by it.
                var t = windowStart + Int64(rng.int(7 * 86_400))
                let moves = 1 + (transferOut > 0 ? 1 : 0) + (transferIn > 0 ? 1 : 0) + (sales > 0 ? (sales > 1 ? 2 : 1) : 0)
                    + (returned > 0 ? 1 : 0) + (countFix != 0 ? 1 : 0) + (reserved > 0 ? 1 : 0)
                // (No random draw here: the stock stream stays what it was, so the levels and the
                // store-day cases built on them do not move.)
                let last = now - 60 - Int64((sku &* 7_919 &+ loc &* 104_729) % (6 * 3_600))
                let step = moves > 1 ? max(Int64(60), (last - t) / Int64(moves - 1)) : 0
                let sku64 = sku, operatorName = "system"
                func move(_ delta: Int, _ reservedDelta: Int, _ reason: String, _ ref: String) throws {
                    movementRow.int(sku64); movementRow.int(loc); movementRow.int(delta); movementRow.int(reservedDelta)
                    movementRow.text(reason); movementRow.text(ref); movementRow.int(t); movementRow.text(operatorName)
                    try movementRow.run()
                    t = min(now, t + step - Int64(rng.int(Int(max(1, step / 4)))))
                }
                try move(receipt, 0, "receipt", "PO-\(GeneratorYear.of(t))-\(SeedGenerator.pad(poNo, 5))"); poNo += 1
                if transferOut > 0 { try move(-transferOut, 0, "transfer_out", "TR-\(SeedGenerator.pad(transferNo, 5)) to \(locationCode[storeIDs[rng.int(storeIDs.count)]])"); transferNo += 1 }
                if transferIn > 0 { try move(transferIn, 0, "transfer_in", "TR-\(SeedGenerator.pad(transferNo, 5)) from \(locationCode[dcIDs[rng.int(dcIDs.count)]])"); transferNo += 1 }
                if sales > 0 {
                    let first = sales / 2 + (sales % 2)
                    try move(-first, 0, "sale", "sales \(SeedGenerator.dateText(t))")
                    if sales - first > 0 { try move(-(sales - first), 0, "sale", "sales \(SeedGenerator.dateText(t))") }
                }
                if returned > 0 { try move(returned, 0, "return", "returns \(SeedGenerator.dateText(t))") }
                if countFix != 0 { try move(countFix, 0, "count", "cycle count \(SeedGenerator.dateText(t))") }
                if reserved > 0 { try move(0, reserved, "reserve", "open orders") }
                stockRow.int(sku); stockRow.int(loc); stockRow.int(onHand); stockRow.int(reserved); stockRow.int(safety)
                stockRow.int(reorderPoint); stockRow.int(reorderQty); stockRow.int(t)
                try stockRow.run()
            }
        }
    }
}

enum GeneratorYear {
    static func of(_ t: Int64) -> String { String(SeedGenerator.dateText(t).prefix(4)) }
}
