import CSQLite
import Foundation

/// What the simulator wrote, by kind of event.
public struct SimulationTotals: Sendable, Equatable, Codable {
    public var events = 0
    public var orders = 0
    public var newCustomers = 0
    public var merges = 0
    public var shipments = 0
    public var deliveries = 0
    public var lateDeliveries = 0
    public var receipts = 0
    public var storeSales = 0
    public var returns = 0
    public var tickets = 0
    public var replies = 0
    public var solved = 0
    public var touchpoints = 0
    public var appointments = 0
    public var busyRetries = 0
    /// Events that failed (each rolled back): counted, never hidden.
    public var failures = 0
    /// The last failure, and why the stream stopped early (a store it cannot write: corrupt,
    /// read-only, gone or full), nil when it ran to the end.
    public var lastFailure: String?
    public var stoppedBecause: String?
    public init() {}
}

/// A stream of realistic business on an existing store, one small transaction per event:
/// orders in every channel (with identity resolution on their contact details), fulfilment
/// and deliveries (some late), store sales and receipts moving stock, returns, tickets and
/// replies, touchpoints, carts and appointments. The store's triggers keep the rollups true.
public final class Simulator {
    let db: Database
    let resolver: IdentityResolver
    var random: SeedRandom
    public private(set) var totals = SimulationTotals()
    /// The last event that failed, and why (shown by `omni simulate`).
    public var lastFailure: String? { totals.lastFailure }
    /// Set when the store cannot take writes at all (corrupt, read-only, gone, full): the
    /// runner stops instead of failing every event after it.
    public var stopReason: String? { totals.stoppedBecause }
    let operatorLogin: String
    private var skus: [(id: Int64, code: String, name: String, price: Int64)] = []
    private var stores: [Int64] = []
    private var warehouses: [Int64] = []
    private var maxCustomerID: Int64 = 0
    private var teams: [(id: Int64, calendar: BusinessCalendar)] = []
    private var sla: [String: (first: Int, resolution: Int)] = [:]
    private var sequence = 0

    static let eventWeights: [(String, Double)] = [
        ("order", 30), ("ship", 12), ("deliver", 12), ("receipt", 4), ("return", 3), ("ticket", 6), ("reply", 10),
        ("touch", 18), ("appointment", 3), ("prune", 0.5),
    ]
    private let cumulative = SeedRandom.cumulative(eventWeights.map(\.1))

    public init(db: Database, seed: UInt64, operator login: String = "simulator") throws {
        self.db = db
        self.resolver = IdentityResolver(db)
        self.random = SeedRandom(seed: seed, stream: 0x5157)
        self.operatorLogin = login
        try loadReferenceData()
    }

    private func loadReferenceData() throws {
        skus = try db.fetchAll("SELECT id, code, name, price FROM skus ORDER BY id").map { ($0.int64(0), $0.string(1), $0.string(2), $0.int64(3)) }
        stores = try db.fetchAll("SELECT id FROM locations WHERE kind = 'store' ORDER BY id").map { $0.int64(0) }
        warehouses = try db.fetchAll("SELECT id FROM locations WHERE can_ship = 1 AND kind <> 'store' ORDER BY id").map { $0.int64(0) }
        maxCustomerID = try db.scalar("SELECT coalesce(max(id), 0) FROM customers", as: Int64.self) ?? 0
        teams = try db.fetchAll("SELECT id, utc_offset_minutes, day_start_minute, day_end_minute, business_days FROM teams ORDER BY id").map {
            ($0.int64(0), BusinessCalendar(utcOffsetMinutes: $0.int(1), dayStartMinute: $0.int(2), dayEndMinute: $0.int(3), businessDays: $0.int(4)))
        }
        for r in try db.fetchAll("SELECT priority, first_response_minutes, resolution_minutes FROM sla_policies") {
            sla[r.string(0)] = (r.int(1), r.int(2))
        }
        guard !skus.isEmpty, !stores.isEmpty, !warehouses.isEmpty, maxCustomerID > 0 else {
            throw StoreError.invalid("the store has no catalogue, locations or customers to simulate on: run `omni seed` first")
        }
    }

    /// Writes one event in its own transaction. A busy store is retried (the busy timeout already
    /// waited); other failures are counted and the stream goes on.
    @discardableResult
    public func step(now: Int64) -> String {
        let kind = Self.eventWeights[random.weighted(cumulative)].0
        for attempt in 0..<3 {
            do {
                try db.transaction { try perform(kind, now: now) }
                totals.events += 1
                return kind
            } catch let error as DatabaseError where error.isBusy && attempt < 2 {
                totals.busyRetries += 1
            } catch {
                totals.failures += 1
                totals.lastFailure = "\(kind): \(error)"
                if let error = error as? DatabaseError, Self.isFatal(error) {
                    totals.stoppedBecause = "the store cannot take writes: \(error)"
                }
                return "failed: \(error)"
            }
        }
        return kind
    }

    /// Errors after which no later event can succeed: stop rather than fail them all.
    static func isFatal(_ error: DatabaseError) -> Bool {
        error.isCorrupt || error.isNotADatabase || [SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_PERM].contains(error.code)
    }

    private func perform(_ kind: String, now: Int64) throws {
        switch kind {
        case "order": try placeOrder(now: now)
        case "ship": try shipOldestPaid(now: now)
        case "deliver": try deliverOldestShipped(now: now)
        case "receipt": try receiveLowStock(now: now)
        case "return": try returnDelivered(now: now)
        case "ticket": try openTicket(now: now)
        case "reply": try replyToTicket(now: now)
        case "touch": try touch(now: now)
        case "appointment": try bookAppointment(now: now)
        default: try prune(now: now)
        }
    }

    // MARK: Events

    private func randomCustomer() throws -> Int64 {
        for _ in 0..<8 {
            let id = random.int64(in: 1...maxCustomerID)
            if let live = try CustomerQueries.liveID(db, id) { return live }
        }
        return 1
    }

    private func contactsOf(_ customer: Int64) throws -> [ContactPoint] {
        try db.fetchAll("SELECT kind, value FROM identities WHERE customer_id = ? AND kind IN ('email','phone') ORDER BY id LIMIT 2",
                        [customer]).compactMap { r in IdentityKind(rawValue: r.string(0)).map { ContactPoint($0, r.string(1)) } }
    }

    private func newPerson() -> (name: String, contacts: [ContactPoint]) {
        sequence += 1
        let chinese = random.chance(0.75)
        let name: String
        if chinese {
            let surname = SeedCatalog.surnames[random.weighted(SeedRandom.cumulative(SeedCatalog.surnames.map(\.1)))].0
            name = surname + random.pick(SeedCatalog.givenCharacters) + (random.chance(0.6) ? random.pick(SeedCatalog.givenCharacters) : "")
        } else {
            name = random.pick(SeedCatalog.latinFirst) + " " + random.pick(SeedCatalog.latinLast)
        }
        let phone = "+861" + String(random.int(in: 3...9)) + String(format: "%09d", random.int(1_000_000_000))
        let email = "sim\(random.next() % 1_000_000_000)@example.net"
        return (name, [ContactPoint(.phone, phone), ContactPoint(.email, email)])
    }

    private func placeOrder(now: Int64) throws {
        let channels = ["web", "app", "wechat", "marketplace", "store", "callcentre", "b2b"]
        let channel = channels[random.weighted(SeedRandom.cumulative([24, 20, 22, 14, 14, 4, 2]))]
        var name = ""
        var contacts: [ContactPoint]
        let roll = random.double()
        if roll < 0.62 {
            let customer = try randomCustomer()
            contacts = try contactsOf(customer)
            name = try db.scalar("SELECT name FROM customers WHERE id = ?", [customer], as: String.self) ?? ""
            if contacts.isEmpty { contacts = newPerson().contacts }
        } else if roll < 0.64 {
            // One order carrying two known customers' details: identity resolution merges them.
            let a = try contactsOf(try randomCustomer()).first, b = try contactsOf(try randomCustomer()).last
            contacts = [a, b].compactMap { $0 }
            name = "Guest"
        } else {
            let person = newPerson()
            name = person.name
            contacts = person.contacts
        }
        sequence += 1
        let ref = "\(channel.prefix(1).uppercased())S\(now % 100_000_000)-\(sequence)"
        let resolution = try resolver.resolve(contacts, name: name, channel: channel, source: "\(channel) order \(ref)", at: now,
                                              operator: operatorLogin)
        if case .created = resolution.outcome { totals.newCustomers += 1; maxCustomerID = max(maxCustomerID, resolution.customerID) }
        if case .merged = resolution.outcome { totals.merges += 1 }

        let fulfilment: String
        var location: Int64
        switch channel {
        case "store": fulfilment = "in_store"; location = random.pick(stores)
        default:
            let r = random.double()
            if r < 0.18 { fulfilment = "pickup"; location = random.pick(stores) }
            else if r < 0.30 { fulfilment = "ship_from_store"; location = random.pick(stores) }
            else { fulfilment = "ship"; location = random.pick(warehouses) }
        }
        var lines: [(sku: (id: Int64, code: String, name: String, price: Int64), qty: Int)] = []
        for _ in 0..<random.int(in: 1...3) { lines.append((random.pick(skus), random.chance(0.8) ? 1 : 2)) }
        let subtotal = lines.reduce(Int64(0)) { $0 + $1.sku.price * Int64($1.qty) }
        let discount = random.chance(0.3) ? subtotal / 10 : 0
        let shipping: Int64 = fulfilment == "ship" && subtotal < 19_900 ? 1_000 : 0
        let total = subtotal - discount + shipping
        let units = lines.reduce(0) { $0 + $1.qty }
        let inStore = fulfilment == "in_store"
        let promised = DeliveryPromise.promisedBy(placed: now, channel: channel, fulfilment: fulfilment)
        try db.execute("""
            INSERT INTO orders(channel, external_ref, customer_id, status, fulfilment, location_id, placed_at, promised_by, delivered_at,
                               subtotal, discount, shipping, tax, total, units)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
            """, [channel, ref, resolution.customerID, inStore ? "delivered" : "paid", fulfilment, location, now, promised,
                  inStore ? now : nil, subtotal, discount, shipping, total, units])
        let orderID = db.lastInsertRowID
        for line in lines {
            try db.execute("INSERT INTO order_lines(order_id, sku_id, sku_code, name, quantity, unit_price) VALUES (?, ?, ?, ?, ?, ?)",
                           [orderID, line.sku.id, line.sku.code, line.sku.name, line.qty, line.sku.price])
            // A store sale takes stock now; an online order reserves it at the fulfilling location.
            try ensureStockRow(sku: line.sku.id, location: location, now: now)
            if inStore {
                try moveStock(sku: line.sku.id, location: location, delta: -line.qty, reservedDelta: 0, reason: "sale", ref: ref, now: now)
            } else {
                try moveStock(sku: line.sku.id, location: location, delta: 0, reservedDelta: line.qty, reason: "reserve", ref: ref, now: now)
            }
        }
        if ["web", "app", "wechat"].contains(channel), random.chance(0.5), let first = lines.first {
            // The tracked journey before it: visit → product view → cart → checkout, minutes before.
            let steps: [(String, String, Int64?, Int64)] = [("visit", "", nil, 900), ("product_view", first.sku.name, first.sku.id, 600),
                                                            ("add_to_cart", first.sku.code, first.sku.id, 240), ("checkout", "", nil, 60)]
            for step in steps {
                try db.execute("INSERT INTO touchpoints(customer_id, channel, kind, detail, sku_id, ref, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               [resolution.customerID, channel, step.0, step.1, step.2, step.0 == "checkout" ? ref : "", now - step.3])
                totals.touchpoints += 1
            }
        }
        try db.execute("INSERT INTO touchpoints(customer_id, channel, kind, detail, ref, at) VALUES (?, ?, 'purchase', ?, ?, ?)",
                       [resolution.customerID, channel, "order \(ref)", String(orderID), now])
        try db.execute("UPDATE carts SET status = 'converted', updated_at = ? WHERE customer_id = ? AND status = 'open'",
                       [now, resolution.customerID])
        totals.orders += 1
        if inStore { totals.storeSales += 1 }
        totals.touchpoints += 1
    }

    private func ensureStockRow(sku: Int64, location: Int64, now: Int64) throws {
        try db.execute("""
            INSERT INTO stock(sku_id, location_id, on_hand, reserved, safety_stock, reorder_point, reorder_qty, updated_at)
            VALUES (?, ?, 0, 0, 1, 3, 12, ?) ON CONFLICT(sku_id, location_id) DO NOTHING
            """, [sku, location, now])
    }

    private func moveStock(sku: Int64, location: Int64, delta: Int, reservedDelta: Int, reason: String, ref: String, now: Int64) throws {
        try db.execute("""
            UPDATE stock SET on_hand = on_hand + ?, reserved = max(0, reserved + ?), updated_at = ? WHERE sku_id = ? AND location_id = ?
            """, [delta, reservedDelta, now, sku, location])
        try db.execute("""
            INSERT INTO stock_movements(sku_id, location_id, delta, reserved_delta, reason, ref, at, operator)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [sku, location, delta, reservedDelta, reason, ref, now, operatorLogin])
    }

    private func shipOldestPaid(now: Int64) throws {
        guard let o = try db.fetchOne("""
            SELECT id, location_id, fulfilment, external_ref FROM orders WHERE status = 'paid' ORDER BY placed_at LIMIT 1 OFFSET ?
            """, [random.int(5)]) else { return }
        let id = o.int64(0), location = o.int64(1)
        for line in try db.fetchAll("SELECT sku_id, quantity FROM order_lines WHERE order_id = ?", [id]) {
            try moveStock(sku: line.int64(0), location: location, delta: -line.int(1), reservedDelta: -line.int(1),
                          reason: "sale", ref: o.string(3), now: now)
        }
        if o.string(2) == "pickup" {
            try db.execute("UPDATE orders SET status = 'fulfilled', ready_at = ? WHERE id = ?", [now, id])
        } else {
            let carrier = random.pick(SeedCatalog.carriers)
            try db.execute("INSERT INTO shipments(order_id, carrier, tracking, from_location_id, shipped_at) VALUES (?, ?, ?, ?, ?)",
                           [id, carrier.0, carrier.1 + String(random.next() % 10_000_000_000), location, now])
            try db.execute("UPDATE orders SET status = 'fulfilled' WHERE id = ?", [id])
        }
        totals.shipments += 1
    }

    private func deliverOldestShipped(now: Int64) throws {
        guard let o = try db.fetchOne("""
            SELECT id, promised_by, customer_id, channel FROM orders WHERE status = 'fulfilled' ORDER BY placed_at LIMIT 1 OFFSET ?
            """, [random.int(5)]) else { return }
        let id = o.int64(0)
        try db.execute("UPDATE orders SET status = 'delivered', delivered_at = ? WHERE id = ?", [now, id])
        try db.execute("UPDATE shipments SET delivered_at = ? WHERE order_id = ? AND delivered_at IS NULL", [now, id])
        // Late exactly as the on-time figure counts it: delivered after the promise.
        let late = o.optionalInt64(1).map { now > $0 } ?? false
        if late { totals.lateDeliveries += 1 }
        if let customer = o.optionalInt64(2) {
            let detail = late ? "delivered late by \(DurationText.short(now - o.int64(1))): \(random.pick(Self.lateReasons))" : "delivered"
            try db.execute("INSERT INTO touchpoints(customer_id, channel, kind, detail, ref, at) VALUES (?, ?, 'delivery', ?, ?, ?)",
                           [customer, o.string(3), detail, String(id), now])
            totals.touchpoints += 1
        }
        totals.deliveries += 1
    }

    static let lateReasons = ["carrier delay at the hub", "stock-out at the fulfilling node", "address problem, second attempt"]

    private func receiveLowStock(now: Int64) throws {
        guard let s = try db.fetchOne("""
            SELECT sku_id, location_id, reorder_qty FROM stock WHERE on_hand - reserved - safety_stock <= reorder_point
            ORDER BY updated_at LIMIT 1 OFFSET ?
            """, [random.int(20)]) else { return }
        try moveStock(sku: s.int64(0), location: s.int64(1), delta: max(6, s.int(2)), reservedDelta: 0, reason: "receipt",
                      ref: "PO-\(now % 1_000_000)", now: now)
        totals.receipts += 1
    }

    private func returnDelivered(now: Int64) throws {
        guard let o = try db.fetchOne("""
            SELECT o.id, o.channel, o.customer_id, l.id, l.sku_id, l.quantity, l.unit_price, o.location_id, o.external_ref
            FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.status = 'delivered' AND o.delivered_at >= ? AND l.quantity_returned = 0 ORDER BY o.delivered_at DESC LIMIT 1 OFFSET ?
            """, [now - 30 * 86_400, random.int(30)]) else { return }
        let inStore = random.chance(0.4)
        let location = inStore ? random.pick(stores) : o.int64(7)
        let refund = o.int64(6)
        try db.execute("""
            INSERT INTO returns(order_id, sku_id, quantity, channel, location_id, reason, status, created_at, received_at, refund)
            VALUES (?, ?, 1, ?, ?, ?, 'refunded', ?, ?, ?)
            """, [o.int64(0), o.int64(4), inStore ? "store" : o.string(1), location,
                  random.pick(["size too small", "changed my mind", "colour not as pictured", "damaged in transit"]), now, now, refund])
        try db.execute("UPDATE order_lines SET quantity_returned = 1 WHERE id = ?", [o.int64(3)])
        try db.execute("UPDATE orders SET refunded = refunded + ?, status = 'returned' WHERE id = ?", [refund, o.int64(0)])
        try ensureStockRow(sku: o.int64(4), location: location, now: now)
        try moveStock(sku: o.int64(4), location: location, delta: 1, reservedDelta: 0, reason: "return", ref: o.string(8), now: now)
        totals.returns += 1
    }

    private func openTicket(now: Int64) throws {
        let customer = try randomCustomer()
        let channel = random.pick(["web", "app", "wechat", "callcentre", "store", "marketplace"])
        let priority = random.pick(["urgent", "high", "normal", "normal", "low"])
        let order = try db.scalar("SELECT id FROM orders WHERE customer_id = ? ORDER BY placed_at DESC LIMIT 1", [customer], as: Int64.self)
        let team = teams.isEmpty ? nil : random.pick(teams)
        let calendar = team?.calendar ?? .allHours
        let policy = sla[priority] ?? (240, 2_160)
        let subject = random.pick(["Where is my parcel? 我的包裹在哪里", "Wrong size delivered", "Refund not received 退款未到账",
                                   "Change delivery address", "Store pickup not ready", "Invoice request 开发票"])
        try db.execute("""
            INSERT INTO tickets(customer_id, order_id, channel, subject, status, priority, team_id, created_at, updated_at,
                                first_response_due, resolution_due)
            VALUES (?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?)
            """, [customer, order, channel, subject, priority, team?.id, now, now,
                  calendar.adding(businessMinutes: policy.first, to: now), calendar.adding(businessMinutes: policy.resolution, to: now)])
        let ticket = db.lastInsertRowID
        try db.execute("INSERT INTO ticket_messages(ticket_id, channel, author_kind, author, body, at) VALUES (?, ?, 'customer', '', ?, ?)",
                       [ticket, channel, subject, now])
        try db.execute("INSERT INTO touchpoints(customer_id, channel, kind, detail, ref, at) VALUES (?, ?, 'ticket', ?, ?, ?)",
                       [customer, channel, subject, String(ticket), now])
        totals.tickets += 1
        totals.touchpoints += 1
    }

    private func replyToTicket(now: Int64) throws {
        guard let t = try db.fetchOne("""
            SELECT id, channel, agent_replies FROM tickets WHERE sla_due_at IS NOT NULL ORDER BY sla_due_at LIMIT 1 OFFSET ?
            """, [random.int(15)]) else { return }
        let agent = random.pick(["agent.li", "agent.chen", "agent.wang", "agent.emma"])
        try db.execute("INSERT INTO ticket_messages(ticket_id, channel, author_kind, author, body, at) VALUES (?, ?, 'agent', ?, ?, ?)",
                       [t.int64(0), t.string(1), agent, "Thanks for waiting — we are on it. 感谢您的耐心等待", now])
        let solve = random.chance(0.45)
        try db.execute("""
            UPDATE tickets SET agent_replies = agent_replies + 1, first_response_at = coalesce(first_response_at, ?), updated_at = ?,
                assignee = coalesce(assignee, ?), status = ?, resolved_at = CASE WHEN ? THEN ? ELSE resolved_at END,
                csat = CASE WHEN ? THEN ? ELSE csat END
            WHERE id = ?
            """, [now, now, agent, solve ? "solved" : "pending", solve, now, solve && random.chance(0.6), random.int(in: 2...5), t.int64(0)])
        totals.replies += 1
        if solve { totals.solved += 1 }
    }

    private func touch(now: Int64) throws {
        let customer = try randomCustomer()
        let kind = random.pick(["campaign_sent", "campaign_opened", "visit", "product_view", "product_view", "add_to_cart", "checkout", "chat", "call"])
        let channel = kind == "call" ? "callcentre" : random.pick(["web", "app", "wechat"])
        let sku = random.pick(skus)
        try db.execute("INSERT INTO touchpoints(customer_id, channel, kind, detail, sku_id, at) VALUES (?, ?, ?, ?, ?, ?)",
                       [customer, channel, kind, kind.hasPrefix("campaign") ? random.pick(SeedCatalog.campaigns) : sku.name,
                        kind == "product_view" || kind == "add_to_cart" ? sku.id : nil, now])
        if kind == "add_to_cart" {
            var cart = try db.scalar("SELECT id FROM carts WHERE customer_id = ? AND status = 'open' ORDER BY updated_at DESC LIMIT 1",
                                     [customer], as: Int64.self)
            if cart == nil {
                try db.execute("INSERT INTO carts(customer_id, channel, status, updated_at) VALUES (?, ?, 'open', ?)", [customer, channel, now])
                cart = db.lastInsertRowID
            }
            try db.execute("""
                INSERT INTO cart_items(cart_id, sku_id, quantity) VALUES (?, ?, 1)
                ON CONFLICT(cart_id, sku_id) DO UPDATE SET quantity = quantity + 1
                """, [cart, sku.id])
            try db.execute("UPDATE carts SET updated_at = ? WHERE id = ?", [now, cart])
        }
        totals.touchpoints += 1
    }

    private func bookAppointment(now: Int64) throws {
        guard let cart = try db.fetchOne("""
            SELECT id, customer_id FROM carts WHERE status = 'open' ORDER BY updated_at DESC LIMIT 1 OFFSET ?
            """, [random.int(50)]) else { return }
        let store = random.pick(stores)
        // Later today or tomorrow, on the half hour.
        let startsAt = ((now + Int64(random.int(in: 1...30)) * 1_800) / 1_800) * 1_800
        try db.execute("""
            INSERT INTO appointments(customer_id, location_id, starts_at, purpose, cart_id, status) VALUES (?, ?, ?, ?, ?, 'booked')
            """, [cart.int64(1), store, startsAt, random.pick(SeedCatalog.appointmentPurposes), cart.int64(0)])
        totals.appointments += 1
    }

    /// Keeps the change log and the per-minute rollup from growing without end, and moves
    /// customers whose lifecycle stage is due to change with time (an index range, not a scan).
    private func prune(now: Int64) throws {
        _ = try Lifecycle.advance(db, now: now)
        try db.execute("DELETE FROM change_log WHERE at_ms < ?", [(now - 3_600) * 1000])
        try db.execute("DELETE FROM kpi_sales_minute WHERE minute < ?", [(now - 3 * 86_400) / 60])
    }
}
