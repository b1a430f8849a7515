import Foundation

/// The store's day: appointments with their carts checked against stock here, pickups waiting,
/// returns expected, customers to keep in touch with, and the day's figures; and preparing a
/// visit (reserving its cart here) or undoing that.
public enum StoreDay {
    static let locationColumns = "id, code, name, kind, city, latitude, longitude, can_ship, can_pickup"

    static func location(_ r: Row) -> StoreLocation {
        StoreLocation(id: r.int64(0), code: r.string(1), name: r.string(2), kind: r.string(3), city: r.string(4),
                      latitude: r.optionalDouble(5), longitude: r.optionalDouble(6), canShip: r.bool(7), canPickup: r.bool(8))
    }

    /// Locations that serve customers (stores, and anything offering pickup), by code.
    public static func stores(_ db: Database) throws -> [StoreLocation] {
        try db.fetchAll("SELECT \(locationColumns) FROM locations WHERE kind = 'store' OR can_pickup <> 0 ORDER BY code").map(location)
    }

    /// Finds locations by id (`12`, `#12`), code (any case), exact name, or part of the name.
    /// One exact hit returns one; otherwise every partial match.
    public static func lookup(_ db: Database, _ query: String) throws -> [StoreLocation] {
        let text = query.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return [] }
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        if !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCIIDigit), let id = Int64(digits),
           let r = try db.fetchOne("SELECT \(locationColumns) FROM locations WHERE id = ?", [id]) {
            return [location(r)]
        }
        if let r = try db.fetchOne("SELECT \(locationColumns) FROM locations WHERE code = ? COLLATE NOCASE OR name = ?", [text, text]) {
            return [location(r)]
        }
        let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        return try db.fetchAll("""
            SELECT \(locationColumns) FROM locations WHERE name LIKE ? ESCAPE '\\' OR city LIKE ? ESCAPE '\\' ORDER BY code
            """, [pattern, pattern]).map(location)
    }

    /// The stores' UTC offset: setting `store.utc_offset_minutes`, else +08:00 (the seed's stores).
    public static func utcOffsetMinutes(_ db: Database) throws -> Int {
        if let text = try db.scalar("SELECT value FROM settings WHERE key = 'store.utc_offset_minutes'", as: String.self),
           let minutes = Int(text.trimmingCharacters(in: .whitespaces)), (-14 * 60...14 * 60).contains(minutes) {
            return minutes
        }
        return 480
    }

    static func phone(_ db: Database, customerID: Int64) throws -> String? {
        try db.scalar("""
            SELECT value FROM identities WHERE customer_id = ? AND kind = 'phone' ORDER BY verified DESC, id LIMIT 1
            """, [customerID], as: String.self).map(Privacy.maskPhone)
    }

    /// Great-circle distance in km.
    static func distanceKm(_ a: StoreLocation, _ b: StoreLocation) -> Double? {
        guard let lat1 = a.latitude, let lon1 = a.longitude, let lat2 = b.latitude, let lon2 = b.longitude else { return nil }
        let r = 6_371.0, rad = Double.pi / 180
        let dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }

    /// The nearest other location (store, warehouse or DC) with at least `quantity` available.
    public static func nearestWithStock(_ db: Database, skuID: Int64, quantity: Int, from store: StoreLocation,
                                        locations: [Int64: StoreLocation]? = nil) throws -> NearbyStock? {
        let all = try locations ?? Dictionary(uniqueKeysWithValues: db.fetchAll("SELECT \(locationColumns) FROM locations").map {
            (location($0).id, location($0))
        })
        var best: NearbyStock?
        for r in try db.fetchAll("""
            SELECT location_id, on_hand - reserved - safety_stock FROM stock
            WHERE sku_id = ? AND location_id <> ? AND on_hand - reserved - safety_stock >= ?
            """, [skuID, store.id, max(1, quantity)]) {
            guard let l = all[r.int64(0)], ["store", "warehouse", "dc"].contains(l.kind) else { continue }
            let candidate = NearbyStock(locationID: l.id, code: l.code, name: l.name, kind: l.kind, available: r.int(1),
                                        distanceKm: distanceKm(store, l))
            if let current = best {
                let a = candidate.distanceKm ?? .infinity, b = current.distanceKm ?? .infinity
                if a < b || (a == b && candidate.code < current.code) { best = candidate }
            } else {
                best = candidate
            }
        }
        return best
    }

    static func ref(_ appointmentID: Int64) -> String { "appointment \(appointmentID)" }

    /// Units of a SKU reserved here for this appointment, from the ledger (reserve − release).
    static func reservedFor(_ db: Database, appointmentID: Int64, skuID: Int64, locationID: Int64) throws -> Int {
        try db.scalarInt("""
            SELECT coalesce(sum(reserved_delta), 0) FROM stock_movements WHERE sku_id = ? AND location_id = ? AND ref = ?
            """, [skuID, locationID, ref(appointmentID)])
    }

    /// One store's day. `day` is the store's local date; ATP and waiting times are as of `now`.
    public static func load(_ db: Database, locationID: Int64, day: LocalDay, now: Int64, utcOffsetMinutes: Int? = nil,
                            listLimit: Int = 100) throws -> StoreDayView {
        try db.read {
            guard let storeRow = try db.fetchOne("SELECT \(locationColumns) FROM locations WHERE id = ?", [locationID]) else {
                throw StoreError.notFound("location \(locationID)")
            }
            let store = location(storeRow)
            let offset = try utcOffsetMinutes ?? StoreDay.utcOffsetMinutes(db)
            let (start, end) = day.interval(utcOffsetMinutes: offset)
            let locations = Dictionary(uniqueKeysWithValues: try db.fetchAll("SELECT \(locationColumns) FROM locations").map {
                (location($0).id, location($0))
            })

            // Appointments with their carts.
            var appointments: [StoreAppointment] = []
            for a in try db.fetchAll("""
                SELECT a.id, a.starts_at, a.purpose, a.status, a.cart_id, a.prepared_at, a.prepared_by,
                       c.id, c.name, c.tier, c.stage, c.consent_phone, c.consent_sms, c.consent_wechat
                FROM appointments a JOIN customers c ON c.id = a.customer_id
                WHERE a.location_id = ? AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, a.id
                """, [locationID, start, end]) {
                let id = a.int64(0), status = a.string(3)
                var items: [AppointmentItem] = []
                if let cart = a.optionalInt64(4) {
                    for i in try db.fetchAll("""
                        SELECT ci.sku_id, s.code, s.name, s.color, s.size, ci.quantity,
                               coalesce(st.on_hand - st.reserved - st.safety_stock, 0)
                        FROM cart_items ci JOIN skus s ON s.id = ci.sku_id
                        LEFT JOIN stock st ON st.sku_id = ci.sku_id AND st.location_id = ?
                        WHERE ci.cart_id = ? ORDER BY s.code
                        """, [locationID, cart]) {
                        let skuID = i.int64(0), quantity = i.int(5)
                        let available = max(0, i.int(6))
                        let reserved = status == "prepared" ? try reservedFor(db, appointmentID: id, skuID: skuID, locationID: locationID) : 0
                        let short = status == "booked" && available < quantity
                        items.append(AppointmentItem(
                            skuID: skuID, skuCode: i.string(1), name: i.string(2), color: i.string(3), size: i.string(4),
                            quantity: quantity, availableHere: available, reservedForThis: reserved, short: short,
                            nearest: short ? try nearestWithStock(db, skuID: skuID, quantity: quantity, from: store, locations: locations) : nil))
                    }
                }
                let customerID = a.int64(7)
                let customer = AppointmentCustomer(
                    id: customerID, name: a.string(8), tier: a.string(9), stage: a.string(10),
                    phone: try phone(db, customerID: customerID), consentPhone: a.bool(11), consentSMS: a.bool(12),
                    consentWeChat: a.bool(13))
                appointments.append(StoreAppointment(
                    id: id, startsAt: a.int64(1), purpose: a.string(2), status: status, customer: customer,
                    cartID: a.optionalInt64(4), items: items, preparedAt: a.optionalInt64(5), preparedBy: a.optionalString(6),
                    canPrepare: status == "booked" && !items.isEmpty && !items.contains(where: \.short)))
            }

            // Pickups ready and waiting, oldest first.
            let pickupWhere = "location_id = ? AND fulfilment = 'pickup' AND status = 'fulfilled' AND ready_at IS NOT NULL"
            let pickups = try db.fetchAll("""
                SELECT o.id, o.external_ref, o.channel, o.customer_id, c.name, o.ready_at, o.units, o.total, o.currency
                FROM (SELECT id FROM orders WHERE \(pickupWhere) ORDER BY ready_at, id LIMIT ?) w
                JOIN orders o ON o.id = w.id LEFT JOIN customers c ON c.id = o.customer_id ORDER BY o.ready_at, o.id
                """, [locationID, listLimit]).map { r in
                PickupWaiting(orderID: r.int64(0), externalRef: r.string(1), channel: r.string(2), customerID: r.optionalInt64(3),
                              customerName: r.optionalString(4), readyAt: r.int64(5), waitingSeconds: max(0, now - r.int64(5)),
                              units: r.int(6), total: Money(minor: r.int64(7), currency: r.string(8)))
            }
            let pickupCount = try db.scalarInt("SELECT count(*) FROM orders WHERE \(pickupWhere)", [locationID])

            // Returns announced to come back here.
            let returns = try db.fetchAll("""
                SELECT r.id, r.order_id, o.external_ref, o.customer_id, c.name, s.code, s.name, r.quantity, r.channel, r.reason, r.created_at
                FROM returns r LEFT JOIN orders o ON o.id = r.order_id LEFT JOIN customers c ON c.id = o.customer_id
                LEFT JOIN skus s ON s.id = r.sku_id
                WHERE r.location_id = ? AND r.status = 'expected' ORDER BY r.created_at, r.id LIMIT ?
                """, [locationID, listLimit]).map { r in
                ExpectedReturn(returnID: r.int64(0), orderID: r.int64(1), externalRef: r.optionalString(2), customerID: r.optionalInt64(3),
                               customerName: r.optionalString(4), skuCode: r.optionalString(5), skuName: r.optionalString(6),
                               quantity: r.int(7), channel: r.string(8), reason: r.string(9), createdAt: r.int64(10))
            }
            let returnCount = try db.scalarInt("SELECT count(*) FROM returns WHERE location_id = ? AND status = 'expected'", [locationID])

            // Keep in touch: this store's customers at risk, then lapsed, most recent buyers first.
            var keep: [KeepInTouch] = []
            var stageCounts: [String: Int] = [:]
            for stage in [CustomerStage.atRisk, .lapsed] {
                stageCounts[stage.rawValue] = try db.scalarInt("""
                    SELECT count(*) FROM customers WHERE home_location_id = ? AND stage = ? AND merged_into IS NULL
                    """, [locationID, stage.rawValue])
                for r in try db.fetchAll("""
                    SELECT id, name, stage, last_order_at, last_channel, lifetime_value, consent_phone, \(CustomerMoney.currencySQL("customers.id")) FROM customers
                    WHERE home_location_id = ? AND stage = ? AND merged_into IS NULL ORDER BY last_order_at DESC, id DESC LIMIT ?
                    """, [locationID, stage.rawValue, max(0, listLimit - keep.count)]) {
                    let phone = try phone(db, customerID: r.int64(0))
                    let last = r.optionalInt64(3)
                    keep.append(KeepInTouch(customerID: r.int64(0), name: r.string(1), stage: r.string(2), lastOrderAt: last,
                                            daysSinceLastOrder: last.map { Int(max(0, now - $0) / 86_400) },
                                            lastChannel: r.optionalString(4), lifetimeValue: CustomerMoney.lifetimeValue(minor: r.int64(5), currency: r.optionalString(7)),
                                            phone: phone, canCall: r.bool(6) && phone != nil))
                }
            }

            // The day's figures.
            let sales = try db.fetchAll("""
                SELECT channel, fulfilment, count(*), coalesce(sum(total - refunded), 0), currency FROM orders
                WHERE location_id = ? AND placed_at >= ? AND placed_at < ? AND status <> 'cancelled'
                  AND fulfilment IN ('in_store', 'pickup', 'ship_from_store')
                GROUP BY channel, fulfilment, currency ORDER BY 4 DESC, 1, 2, 5
                """, [locationID, start, end]).map {
                StoreSales(channel: $0.string(0), fulfilment: $0.string(1), orders: $0.int(2),
                           net: Money(minor: $0.int64(3), currency: $0.string(4)))
            }
            // Amounts add up within a currency only: the day's net is one amount when the
            // store sold in one currency, else "several currencies" (its rows say each).
            let netByCurrency = Money.totals(sales.map(\.net))
            let reporting = try FXConverter.reportingCurrency(db)
            let preparedAppointments = appointments.filter { $0.preparedAt != nil && ($0.status == "prepared" || $0.status == "kept") }
            let figures = StoreDayFigures(
                sales: sales, orders: sales.reduce(0) { $0 + $1.orders },
                net: netByCurrency.count > 1 ? Money(minor: 0, currency: Money.severalCurrencies)
                    : (netByCurrency.first ?? Money(minor: 0, currency: reporting)),
                appointments: appointments.count,
                appointmentsKept: appointments.filter { $0.status == "kept" }.count,
                appointmentsMissed: appointments.filter { $0.status == "missed" }.count,
                appointmentsPrepared: preparedAppointments.count,
                itemsPrepared: preparedAppointments.reduce(0) { $0 + $1.items.reduce(0) { $0 + $1.quantity } },
                pickupsWaiting: pickupCount, returnsExpected: returnCount,
                keepInTouchAtRisk: stageCounts["at_risk"] ?? 0, keepInTouchLapsed: stageCounts["lapsed"] ?? 0)
            return StoreDayView(store: store, day: day, utcOffsetMinutes: offset, now: now, appointments: appointments,
                                pickups: pickups, returnsExpected: returns, keepInTouch: keep, figures: figures)
        }
    }
}
