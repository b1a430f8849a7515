import Foundation

/// The customer lookups and the 360. Each is one place in the code, behind a few calls the
/// views and the CLI use, so a second backend would replace these and nothing above them.
public enum CustomerQueries {
    /// A hit's columns: the profile, and the first phone for the masked phone a candidate row shows.
    static let hitColumns = """
        c.id, c.name, c.kind, c.tier, c.city, c.order_count, c.lifetime_value, c.last_order_at, c.last_channel,
        \(CustomerMoney.currencySQL("c.id")),
        (SELECT i.value FROM identities i WHERE i.customer_id = c.id AND i.kind = 'phone' ORDER BY i.id LIMIT 1)
        """

    /// How many columns `hitColumns` selects (a query may select more after them).
    static let hitColumnCount = 11

    static func hit(_ row: Row, matchedBy: String, matched: String? = nil) -> CustomerHit {
        CustomerHit(id: row.int64(0), name: row.string(1), kind: row.string(2), tier: row.string(3), city: row.string(4),
                    orderCount: row.int(5), lifetimeValue: CustomerMoney.lifetimeValue(minor: row.int64(6), currency: row.optionalString(9)), lastOrderAt: row.optionalInt64(7),
                    lastChannel: row.optionalString(8), maskedPhone: row.optionalString(10).map(Privacy.maskPhone),
                    matchedBy: matchedBy, matched: matched)
    }

    /// Follows merge tombstones to the live customer (old ids still resolve).
    public static func liveID(_ db: Database, _ id: Int64) throws -> Int64? {
        var current = id
        for _ in 0..<32 {
            guard let row = try db.fetchOne("SELECT merged_into FROM customers WHERE id = ?", [current]) else { return nil }
            guard let next = row.optionalInt64(0) else { return current }
            current = next
        }
        return current
    }

    /// The customer 360, in one read transaction so every part agrees.
    public static func threeSixty(_ db: Database, id requested: Int64, now: Int64, orderLimit: Int = 50) throws -> Customer360? {
        try db.read { () -> Customer360? in
            guard let id = try liveID(db, requested),
                  let c = try db.fetchOne("""
                    SELECT c.id, c.kind, c.name, c.tier, c.city, c.country, c.created_at, c.order_count, c.lifetime_value,
                           c.first_order_at, c.last_order_at, c.last_channel, c.stage, c.stage_changed_at,
                           l.name, c.account_id, a.name, c.consent_email, c.consent_sms, c.consent_phone, c.consent_wechat,
                           \(CustomerMoney.currencySQL("c.id"))
                    FROM customers c LEFT JOIN locations l ON l.id = c.home_location_id
                    LEFT JOIN customers a ON a.id = c.account_id WHERE c.id = ?
                    """, [id]) else { return nil }
            let profile = CustomerProfile(
                id: c.int64(0), kind: c.string(1), name: c.string(2), tier: c.string(3), city: c.string(4),
                country: c.string(5), createdAt: c.int64(6), orderCount: c.int(7), lifetimeValue: CustomerMoney.lifetimeValue(minor: c.int64(8), currency: c.optionalString(21)),
                firstOrderAt: c.optionalInt64(9), lastOrderAt: c.optionalInt64(10), lastChannel: c.optionalString(11),
                stage: c.string(12), stageChangedAt: c.optionalInt64(13), homeStore: c.optionalString(14),
                accountID: c.optionalInt64(15), accountName: c.optionalString(16),
                consent: ["email": c.bool(17), "sms": c.bool(18), "phone": c.bool(19), "wechat": c.bool(20)],
                resolvedFrom: id == requested ? nil : requested, lifetimeValues: try CustomerMoney.values(db, customerID: id))

            let identities = try db.fetchAll("""
                SELECT id, kind, value, channel, verified, first_seen_at, link_rule, link_evidence
                FROM identities WHERE customer_id = ? ORDER BY kind, first_seen_at
                """, [id]).map { r in
                IdentityInfo(id: r.int64(0), kind: r.string(1), value: r.string(2),
                             masked: Privacy.mask(kind: r.string(1), value: r.string(2)), channel: r.string(3),
                             verified: r.bool(4), firstSeenAt: r.int64(5), linkRule: r.string(6), linkEvidence: r.string(7))
            }
            let merges = try db.fetchAll("""
                SELECT m.id, m.survivor_id, m.merged_id, o.name, m.status, m.rule, m.evidence, m.created_at, m.created_by
                FROM merges m JOIN customers o ON o.id = CASE WHEN m.survivor_id = ?1 THEN m.merged_id ELSE m.survivor_id END
                WHERE (m.survivor_id = ?1 OR m.merged_id = ?1) AND m.status IN ('applied','suggested')
                ORDER BY m.created_at DESC
                """, [id]).map { r in
                MergeInfo(id: r.int64(0), survivorID: r.int64(1), mergedID: r.int64(2), otherName: r.string(3),
                          status: r.string(4), rule: r.string(5), evidence: r.string(6), createdAt: r.int64(7), createdBy: r.string(8))
            }
            let orders = try db.fetchAll("""
                SELECT \(OrderQueries.summaryColumns) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
                LEFT JOIN locations l ON l.id = o.location_id
                WHERE o.customer_id = ? ORDER BY o.placed_at DESC, o.id DESC LIMIT ?
                """, [id, orderLimit]).map { OrderQueries.summary($0, now: now) }
            let tickets = try db.fetchAll("""
                SELECT \(TicketQueries.summaryColumns) FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id
                LEFT JOIN teams tm ON tm.id = t.team_id
                WHERE t.customer_id = ? AND t.status IN ('new','open','pending') ORDER BY t.sla_due_at
                """, [id]).map(TicketQueries.summary)
            let journeyRows = try db.fetchAll("""
                SELECT id, channel, kind, detail, at FROM touchpoints WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT 40
                """, [id]).map { r in
                TouchpointInfo(id: r.int64(0), channel: r.string(1), kind: r.string(2), detail: r.string(3), at: r.int64(4),
                               experienceBreak: nil)
            }
            let journey = Journey.markBreaks(journeyRows, lateOrders: orders.filter(\.late))

            let appointment = try db.fetchOne("""
                SELECT a.id, a.location_id, l.name, a.starts_at, a.purpose, a.status, a.cart_id
                FROM appointments a JOIN locations l ON l.id = a.location_id
                WHERE a.customer_id = ? AND a.starts_at >= ? AND a.status IN ('booked','prepared')
                ORDER BY a.starts_at LIMIT 1
                """, [id, now - 2 * 3600]).map { r in
                AppointmentInfo(id: r.int64(0), locationID: r.int64(1), locationName: r.string(2), startsAt: r.int64(3),
                                purpose: r.string(4), status: r.string(5), cartID: r.optionalInt64(6))
            }
            var cart: CartInfo?
            let cartRow: Row?
            if let cartID = appointment?.cartID {
                cartRow = try db.fetchOne("SELECT id, channel, status, updated_at FROM carts WHERE id = ?", [cartID])
            } else {
                cartRow = try db.fetchOne("""
                    SELECT id, channel, status, updated_at FROM carts WHERE customer_id = ? AND status = 'open'
                    ORDER BY updated_at DESC LIMIT 1
                    """, [id])
            }
            if let r = cartRow {
                let items = try StockQueries.cartItems(db, cartID: r.int64(0), atLocation: appointment?.locationID)
                cart = CartInfo(id: r.int64(0), channel: r.string(1), status: r.string(2), updatedAt: r.int64(3), items: items)
            }
            var contacts: [CustomerHit] = []
            var assets: [AssetInfo] = []
            var invoices: [InvoiceInfo] = []
            if profile.kind == "business" {
                contacts = try db.fetchAll("SELECT \(hitColumns) FROM customers c WHERE c.account_id = ? AND c.merged_into IS NULL ORDER BY c.id",
                                           [id]).map { hit($0, matchedBy: "contact") }
                assets = try db.fetchAll("""
                    SELECT a.id, a.serial, coalesce(s.name, ''), a.site, a.installed_at, a.next_maintenance_at
                    FROM assets a LEFT JOIN skus s ON s.id = a.sku_id WHERE a.customer_id = ?
                    ORDER BY a.next_maintenance_at IS NULL, a.next_maintenance_at
                    """, [id]).map { r in
                    AssetInfo(id: r.int64(0), serial: r.string(1), product: r.string(2), site: r.string(3),
                              installedAt: r.int64(4), nextMaintenanceAt: r.optionalInt64(5))
                }
                invoices = try db.fetchAll("""
                    SELECT id, number, issued_at, due_at, amount, currency, paid_at FROM invoices
                    WHERE customer_id = ? AND paid_at IS NULL ORDER BY due_at
                    """, [id]).map { r in
                    InvoiceInfo(id: r.int64(0), number: r.string(1), issuedAt: r.int64(2), dueAt: r.int64(3),
                                amount: Money(minor: r.int64(4), currency: r.string(5)), paidAt: r.optionalInt64(6))
                }
            }
            return Customer360(profile: profile, identities: identities, merges: merges, orders: orders,
                               openTickets: tickets, journey: journey, cart: cart, nextAppointment: appointment,
                               contacts: contacts, assets: assets, unpaidInvoices: invoices)
        }
    }

    /// Shows a masked identity in full and records who looked, when (privacy: an audit trail).
    public static func revealIdentities(_ db: Database, customerID: Int64, operator login: String, now: Int64) throws -> [IdentityInfo] {
        try Roles.require(db, login: login, .reveal)
        return try db.transaction {
            try Audit.record(db, operator: login, action: "reveal_pii", entity: "customer", id: customerID,
                             detail: "revealed personal data", at: now)
            return try db.fetchAll("""
                SELECT id, kind, value, channel, verified, first_seen_at, link_rule, link_evidence
                FROM identities WHERE customer_id = ? ORDER BY kind, first_seen_at
                """, [customerID]).map { r in
                IdentityInfo(id: r.int64(0), kind: r.string(1), value: r.string(2), masked: r.string(2), channel: r.string(3),
                             verified: r.bool(4), firstSeenAt: r.int64(5), linkRule: r.string(6), linkEvidence: r.string(7))
            }
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
