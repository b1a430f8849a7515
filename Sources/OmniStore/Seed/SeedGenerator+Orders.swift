import Foundation

/// Orders with their lines, shipments and returns, the tickets and touchpoints that follow
/// them, and each day's browsing, campaigns and service contacts — streamed day by day.
extension SeedGenerator {
    struct Line {
        var sku: Int
        var quantity: Int
        var price: Int
        var returned: Int
        var code: String
        var mapped: Bool
    }

    struct PendingReturn {
        var line: Int, quantity: Int, channel: Int, location: Int?, reason: String, status: String
        var created: Int64, received: Int64?, refund: Int
    }

    static let hourWeights: [Double] = [0.30, 0.15, 0.08, 0.05, 0.05, 0.08, 0.20, 0.45, 0.70, 0.90, 1.00, 1.10,
                                        1.30, 1.20, 1.00, 1.00, 1.00, 1.10, 1.20, 1.40, 1.70, 1.80, 1.40, 0.80]
    static let returnReasons = ["size too small 尺码偏小", "size too large 尺码偏大", "changed my mind 不想要了",
                                "damaged in transit 运输损坏", "colour not as pictured 颜色与图片不符", "wrong item sent 发错货"]

    /// Per channel mask, the cumulative order weights of the channels in it.
    func channelTables() -> [[(channel: Int, cumulative: Double)]] {
        (0..<128).map { mask in
            var sum = 0.0
            var table: [(Int, Double)] = []
            for c in 0..<7 where mask & (1 << c) != 0 {
                sum += SeedChannel.orderWeight[c]
                table.append((c, sum))
            }
            return table
        }
    }

    /// A live, individual customer existing at `t` (merged duplicates and B2B contacts map to
    /// the profile they belong to).
    func pickCustomer(at t: Int64, _ rng: inout SeedRandom) -> Int {
        let k = customersExisting(at: t)
        var c = rng.chance(0.5) ? 1 + rng.int(k) : 1 + Int(Double(k) * pow(rng.double(), 2.2))
        c = min(max(c, 1), k)
        if flags[c] & (SeedGenerator.flagMerged | SeedGenerator.flagContact) != 0 { c -= Int(accountBack[c]) }
        return max(1, c)
    }

    func seedOrders() throws {
        var rng = random(5)
        let tables = channelTables()
        let offset: Int64 = 8 * 3_600
        let today = (now + offset) / 86_400
        let days = plan.days + plan.sparseDays
        let firstDay = today - Int64(days - 1)
        let hourCum = SeedRandom.cumulative(SeedGenerator.hourWeights)
        let dayWeight = SeedGenerator.hourWeights.reduce(0, +)
        var weights: [Double] = []
        var todayFraction = 0.0
        do {
            let secondOfDay = (now + offset) - today * 86_400
            let hour = Int(secondOfDay / 3_600)
            let before = SeedGenerator.hourWeights.prefix(hour).reduce(0, +)
            todayFraction = (before + SeedGenerator.hourWeights[min(hour, 23)] * Double(secondOfDay % 3_600) / 3_600) / dayWeight
        }
        for d in 0..<days {
            let day = firstDay + Int64(d)
            let weekday = BusinessCalendar.weekday(ofLocalDay: day)
            var w = (weekday >= 5 ? 1.25 : weekday == 4 ? 1.1 : 1.0) * (1.0 + 0.3 * Double(d) / Double(days))
            if day % 61 == 17 { w *= 2.2 }   // a promotion day now and then
            if d < plan.sparseDays { w *= plan.sparseWeight }
            if d == days - 1 { w *= todayFraction < 0.01 ? 0 : todayFraction }
            weights.append(w)
        }
        let totalWeight = weights.reduce(0, +)
        let counts = weights.map { Int((Double(plan.orders) * $0 / totalWeight).rounded()) }
        let total = counts.reduce(0, +)
        var done = 0
        var times: [Int64] = []
        var lines: [Line] = []
        for d in 0..<days {
            let dayStart = (firstDay + Int64(d)) * 86_400 - offset
            let limit = d == days - 1 ? now : dayStart + 86_399
            times.removeAll(keepingCapacity: true)
            for _ in 0..<counts[d] {
                var t: Int64
                repeat {
                    t = dayStart + Int64(rng.weighted(hourCum) * 3_600 + rng.int(3_600))
                } while t > limit
                times.append(t)
            }
            times.sort()
            for t in times { try makeOrder(at: t, tables: tables, lines: &lines, rng: &rng) }
            try dailyEngagement(dayStart: dayStart, limit: limit, orders: counts[d], rng: &rng)
            done += counts[d]
            if d % 7 == 6 || d == days - 1 { report("orders", done, total) }
        }
    }

    func makeOrder(at t: Int64, tables: [[(channel: Int, cumulative: Double)]], lines: inout [Line], rng: inout SeedRandom) throws {
        let orderID = nextOrder
        nextOrder += 1
        var customer: Int?
        var channel = SeedChannel.web
        if !businessIDs.isEmpty && rng.chance(0.012) {
            let k = customersExisting(at: t)
            var lo = 0, hi = businessIDs.count
            while lo < hi { let mid = (lo + hi) / 2; if businessIDs[mid] <= k { lo = mid + 1 } else { hi = mid } }
            if lo > 0 { customer = businessIDs[rng.int(lo)]; channel = SeedChannel.b2b }
        }
        if customer == nil {
            let c = pickCustomer(at: t, &rng)
            customer = c
            let table = tables[Int(channelMask[c])]
            if table.isEmpty {
                channel = SeedChannel.web
            } else {
                let x = rng.double() * table[table.count - 1].cumulative
                channel = (table.first { $0.cumulative > x } ?? table[table.count - 1]).channel
            }
        }
        let localMinute = ((t + 8 * 3_600) % 86_400) / 60
        if channel == SeedChannel.store && (localMinute < 600 || localMinute >= 1_320) { channel = SeedChannel.app }
        if channel == SeedChannel.store && rng.chance(0.1) { customer = nil }   // walk-in, not identified
        let b2b = channel == SeedChannel.b2b
        let home = customer.map { Int(homeStore[$0]) } ?? 0

        // Fulfilment and where from.
        var fulfilment: String
        var location: Int
        let dc = dcIDs[rng.weighted(SeedGenerator.dcWeights)]
        switch channel {
        case SeedChannel.store:
            fulfilment = "in_store"
            location = home != 0 && rng.chance(0.75) ? home : storeIDs[rng.int(storeIDs.count)]
        case SeedChannel.b2b:
            fulfilment = "ship"; location = dc
        case SeedChannel.marketplace:
            if rng.chance(0.85) { fulfilment = "ship"; location = dc } else { fulfilment = "ship_from_store"; location = shipStoreIDs[rng.int(shipStoreIDs.count)] }
        default:
            let r = rng.double()
            if r < 0.62 { fulfilment = "ship"; location = dc }
            else if r < 0.80 { fulfilment = "pickup"; location = home != 0 ? home : storeIDs[rng.int(storeIDs.count)] }
            else { fulfilment = "ship_from_store"; location = shipStoreIDs.contains(home) ? home : shipStoreIDs[rng.int(shipStoreIDs.count)] }
        }

        // Lines and money.
        lines.removeAll(keepingCapacity: true)
        let r = rng.double()
        let lineCount = b2b ? rng.int(in: 1...3) : (r < 0.55 ? 1 : r < 0.80 ? 2 : r < 0.92 ? 3 : 4)
        for _ in 0..<lineCount {
            let sku: Int
            if b2b {
                sku = rng.chance(0.5) ? proSKUs[rng.int(proSKUs.count)] : b2bLinenSKUs[rng.int(b2bLinenSKUs.count)]
            } else {
                sku = consumerSKUs[min(consumerSKUs.count - 1, Int(Double(consumerSKUs.count) * pow(rng.double(), 1.7)))]
            }
            let quantity = b2b ? (skuPro[sku - 1] ? rng.int(in: 1...4) : rng.int(in: 10...60)) : (rng.chance(0.86) ? 1 : rng.int(in: 2...3))
            let price = b2b ? skuPrice[sku - 1] * 85 / 100 / 100 * 100 : skuPrice[sku - 1]
            var code = channel == SeedChannel.marketplace ? marketplaceCode[sku - 1] : b2b ? "B2B-" + skuCode[sku - 1] : skuCode[sku - 1]
            var mapped = true
            if channel == SeedChannel.marketplace && rng.chance(0.002) { code = "TM-99001234"; mapped = false }
            lines.append(Line(sku: sku, quantity: quantity, price: price, returned: 0, code: code, mapped: mapped))
        }
        let subtotal = lines.reduce(0) { $0 + $1.quantity * $1.price }
        let units = lines.reduce(0) { $0 + $1.quantity }
        var discount = 0
        if rng.chance(channel == SeedChannel.marketplace ? 0.45 : 0.22) { discount = subtotal * rng.int(in: 5...20) / 100 / 100 * 100 }
        let shipped = fulfilment == "ship" || fulfilment == "ship_from_store"
        let shipping = shipped && !b2b && subtotal - discount < 9_900 ? 1_000 : 0
        let tax = b2b ? (subtotal - discount) * 13 / 100 : 0
        let total = subtotal - discount + shipping + tax

        // Timeline and status.
        var status = "paid"
        var promised: Int64?
        var ready: Int64?
        var delivered: Int64?
        var shippedAt: Int64?
        var inFull = 1
        switch fulfilment {
        case "in_store":
            promised = t; delivered = t; status = "delivered"
        case "pickup":
            // Ready within hours, collected within a day or two; a few wait (never past 14 days:
            // a store sends an uncollected pickup back long before then).
            promised = DeliveryPromise.promisedBy(placed: t, channel: channelCode(channel), fulfilment: fulfilment)
            var readyAt = t + Int64(rng.int(in: 1...20)) * 3_600 + Int64(rng.int(3_600))
            if rng.chance(0.05) { readyAt = promised! + Int64(rng.int(in: 2...30)) * 3_600 }
            var collected = readyAt + Int64(rng.int(in: 1...30)) * 3_600
            if rng.chance(0.03) { collected = readyAt + Int64(rng.int(in: 3...12)) * 86_400 }
            if now >= readyAt {
                ready = readyAt
                if now < collected { status = "fulfilled" } else { status = "delivered"; delivered = collected }
            }
        default:
            let fromStore = fulfilment == "ship_from_store"
            promised = DeliveryPromise.promisedBy(placed: t, channel: channelCode(channel), fulfilment: fulfilment)
            var ship: Int64? = t + Int64(fromStore ? rng.int(in: 1...8) : rng.int(in: 2...24)) * 3_600 + Int64(rng.int(3_600))
            var arrive = ship! + Int64(fromStore ? rng.int(in: 3...20) : rng.int(in: 12...40)) * 3_600 + Int64(rng.int(3_600))
            // Late ones: a carrier delay or a stock-out at the node (explained on the journey).
            if rng.chance(fromStore ? 0.06 : 0.08) { arrive = max(arrive, promised! + Int64(rng.int(in: 2...72)) * 3_600) }
            else { arrive = min(arrive, promised! - Int64(rng.int(in: 1...6)) * 600) }
            if arrive <= ship! { arrive = ship! + 3_600 }
            // In transit with no scan for days, or back-ordered: only recent orders are still stuck.
            let lost = rng.chance(0.004) && now - t < 6 * 86_400
            if rng.chance(0.003) && now - t < 4 * 86_400 { ship = nil }   // back-ordered: not left the warehouse yet
            if let ship, now >= ship {
                shippedAt = ship
                if lost || now < arrive { status = "fulfilled" } else {
                    status = "delivered"; delivered = arrive; inFull = rng.chance(0.97) ? 1 : 0
                }
            }
        }
        if now - t < 900 && channel != SeedChannel.store && rng.chance(0.5) {
            status = "pending"; ready = nil; delivered = nil; shippedAt = nil
        } else if now - t > 3_600 && rng.chance(0.025) {
            status = "cancelled"; ready = nil; delivered = nil; shippedAt = nil
        }

        // Returns (some online orders come back through a store).
        var returns: [PendingReturn] = []
        var refunded = 0
        if status == "delivered", let deliveredAt = delivered, customer != nil || fulfilment == "in_store",
           rng.chance(fulfilment == "in_store" ? 0.03 : 0.07) {
            let count = lines.count > 1 && rng.chance(0.25) ? 2 : 1
            for k in 0..<count {
                let created = deliveredAt + Int64(rng.int(in: 1...14)) * 86_400 / (fulfilment == "in_store" ? 4 : 1) + Int64(rng.int(3_600))
                if created >= now { continue }
                let li = (k == 0 ? rng.int(lines.count) : (rng.int(lines.count - 1) + 1 + (returns.first?.line ?? 0)) % lines.count)
                let quantity = rng.chance(0.7) ? lines[li].quantity : 1
                let inStore = fulfilment == "in_store" || rng.chance(0.35)
                var rr = PendingReturn(line: li, quantity: quantity, channel: inStore ? SeedChannel.store : channel, location: nil,
                                       reason: rng.pick(SeedGenerator.returnReasons), status: "expected", created: created, received: nil, refund: 0)
                if inStore {
                    rr.location = fulfilment == "in_store" ? location : (home != 0 ? home : storeIDs[rng.int(storeIDs.count)])
                    rr.received = created
                    rr.status = now - created > 3_600 ? "refunded" : "received"
                } else if now - created > 2 * 86_400 {
                    let received = created + Int64(rng.int(in: 1...3)) * 86_400
                    if received < now {
                        rr.location = dc; rr.received = received
                        rr.status = now - received > 86_400 ? "refunded" : "received"
                    }
                }
                if rr.status != "expected" { lines[li].returned += quantity }
                if rr.status == "refunded" {
                    rr.refund = subtotal > 0 ? lines[li].price * quantity * (subtotal - discount) / subtotal : 0
                    refunded += rr.refund
                }
                returns.append(rr)
            }
            for i in lines.indices where lines[i].returned > lines[i].quantity { lines[i].returned = lines[i].quantity }
            if !returns.isEmpty && lines.allSatisfy({ $0.returned == $0.quantity }) { status = "returned" }
        }
        refunded = min(refunded, total)

        let ref = channel == SeedChannel.marketplace ? "TM" + String(2_600_000_000_000 + orderID * 17)
            : SeedChannel.orderPrefix[channel] + String(10_000 + orderID)
        orderRow.int(orderID); orderRow.text(channelCode(channel)); orderRow.text(ref); orderRow.int(customer)
        orderRow.text(status); orderRow.text(fulfilment); orderRow.int(location); orderRow.int(t)
        orderRow.int(promised); orderRow.int(ready); orderRow.int(delivered); orderRow.int(inFull)
        orderRow.int(subtotal); orderRow.int(discount); orderRow.int(shipping); orderRow.int(tax); orderRow.int(total)
        orderRow.int(refunded); orderRow.int(units)
        try orderRow.run()
        for line in lines {
            lineRow.int(orderID); lineRow.int(line.mapped ? line.sku : nil); lineRow.text(line.code); lineRow.text(skuName[line.sku - 1])
            lineRow.int(line.quantity); lineRow.int(line.price); lineRow.int(line.returned)
            try lineRow.run()
        }
        if let shippedAt {
            let carrier = SeedCatalog.carriers[rng.int(SeedCatalog.carriers.count)]
            shipmentRow.int(orderID); shipmentRow.text(carrier.0)
            shipmentRow.text(carrier.1 + String(1_000_000_000_000 + (orderID &* 7_919) % 8_999_999_999_999))
            shipmentRow.int(location); shipmentRow.int(shippedAt); shipmentRow.int(delivered)
            try shipmentRow.run()
        }
        rollups.order(placed: t, channel: channel, customer: customer, cancelled: status == "cancelled", total: total,
                      discount: discount, refunded: refunded, units: units, delivered: delivered, promised: promised, inFull: inFull != 0)
        for rr in returns {
            rollups.returnRow(created: rr.created, orderChannel: channel, quantity: rr.quantity)
            returnRow.int(orderID); returnRow.int(lines[rr.line].mapped ? lines[rr.line].sku : nil); returnRow.int(rr.quantity)
            returnRow.text(channelCode(rr.channel)); returnRow.int(rr.location); returnRow.text(rr.reason); returnRow.text(rr.status)
            returnRow.int(rr.created); returnRow.int(rr.received); returnRow.int(rr.refund)
            try returnRow.run()
        }

        guard let customer else { return }
        let latin = flags[customer] & SeedGenerator.flagLatin != 0
        // The journey: browse → cart → checkout → purchase, then delivery and returns.
        if channel <= SeedChannel.wechat && rng.chance(plan.funnelShare) {
            let sku = lines[0].sku
            try touch(customer, channel, "visit", "", nil, "", t - Int64(rng.int(in: 3_700...4_800)))
            try touch(customer, channel, "product_view", skuName[sku - 1], sku, "", t - Int64(rng.int(in: 300...3_600)))
            try touch(customer, channel, "add_to_cart", skuCode[sku - 1], sku, "", t - Int64(rng.int(in: 120...290)))
            try touch(customer, channel, "checkout", "", nil, ref, t - 60)
        }
        if plan.purchaseTouchDays.map({ t >= now - Int64($0) * 86_400 }) ?? true {
            try touch(customer, channel, "purchase", "\(units) unit\(units == 1 ? "" : "s"), ¥\(total / 100)", nil, ref, t)
        }
        if let d = delivered, let p = promised, d > p, fulfilment != "in_store" {
            let why = lines.count > 1 && rng.chance(0.3) ? "stock-out at the fulfilling node" : "carrier delay at the hub"
            try touch(customer, channel, "delivery", "delivered late by \(DurationText.short(d - p)): \(why)", nil, ref, d)
        }
        for rr in returns {
            try touch(customer, rr.channel, "return", rr.location.map { "returned at \(locationCode[$0])" } ?? "return announced", lines[rr.line].sku, ref, rr.created)
        }

        // Tickets that follow orders.
        let mask = channelMask[customer]
        func ticketChannel() -> Int {
            if b2b { return SeedChannel.b2b }
            if rng.chance(0.6) { return channel == SeedChannel.store ? SeedChannel.callcentre : channel }
            let candidates = (0..<6).filter { mask & (1 << UInt8($0)) != 0 }
            return rng.chance(0.5) || candidates.isEmpty ? SeedChannel.callcentre : candidates[rng.int(candidates.count)]
        }
        if let p = promised, fulfilment != "in_store" {
            if let d = delivered, d > p + 7_200, rng.chance(0.35) {
                let created = p + Int64(rng.int(Int(d - p - 3_600))) + 1_800
                if created < now {
                    try makeTicket(customer: customer, order: orderID, orderRef: ref, channel: ticketChannel(), kind: .late,
                                   created: created, latin: latin, rng: &rng, promised: p)
                }
            } else if delivered == nil, status == "paid" || status == "fulfilled", p < now - 3_600, rng.chance(0.5) {
                let created = min(now - 600, p + Int64(rng.int(in: 1...24)) * 3_600)
                try makeTicket(customer: customer, order: orderID, orderRef: ref, channel: ticketChannel(), kind: .late,
                               created: created, latin: latin, rng: &rng, promised: p)
            }
        }
        if let rr = returns.first, rng.chance(0.2) {
            let created = rr.created + Int64(rng.int(in: 1...3)) * 86_400
            if created < now {
                try makeTicket(customer: customer, order: orderID, orderRef: ref, channel: ticketChannel(), kind: .returnRefund,
                               created: created, latin: latin, rng: &rng)
            }
        }
        if rng.chance(0.012) {
            let kind: TicketKind = b2b ? .invoice : rng.pick([.sizeExchange, .addressChange, .doubleCharge, .sizeExchange, .addressChange])
            let created = t + Int64(rng.int(in: 600...(2 * 86_400)))
            if created < now {
                try makeTicket(customer: customer, order: orderID, orderRef: ref, channel: ticketChannel(), kind: kind,
                               created: created, latin: latin, rng: &rng)
            }
        }
    }

    static let dcWeights = SeedRandom.cumulative([35, 25, 20, 10, 10])

    func touch(_ customer: Int, _ channel: Int, _ kind: String, _ detail: String, _ sku: Int?, _ ref: String, _ at: Int64) throws {
        touchRow.int(customer); touchRow.text(channelCode(channel)); touchRow.text(kind); touchRow.text(detail)
        touchRow.int(sku); touchRow.text(ref); touchRow.int(at)
        try touchRow.run()
        rollups.touch(kind: kind, at: at)
    }

    /// A cart with `skus`; open when touched in the last week, abandoned before that.
    @discardableResult
    func makeCart(customer: Int, channel: Int, at: Int64, skus: [Int], status forced: String? = nil, rng: inout SeedRandom) throws -> Int {
        let id = nextCart
        nextCart += 1
        cartRow.int(id); cartRow.int(customer); cartRow.text(channelCode(channel))
        cartRow.text(forced ?? (at > now - 7 * 86_400 ? "open" : "abandoned")); cartRow.int(at)
        try cartRow.run()
        for sku in skus {
            cartItemRow.int(id); cartItemRow.int(sku); cartItemRow.int(rng.chance(0.85) ? 1 : 2)
            try cartItemRow.run()
        }
        return id
    }

    func consumerSKU(_ rng: inout SeedRandom) -> Int {
        consumerSKUs[min(consumerSKUs.count - 1, Int(Double(consumerSKUs.count) * pow(rng.double(), 1.5)))]
    }

    /// A day's contacts that are not orders: campaigns and the journeys they start (some
    /// ending in a store visit where nobody knew the cart), browsing, and service contacts.
    func dailyEngagement(dayStart: Int64, limit: Int64, orders: Int, rng: inout SeedRandom) throws {
        func at(_ t: Int64) -> Int64? { t <= limit && t <= now ? t : nil }
        // Campaigns: sent mid-morning China time; some opened, viewed, carted, visited.
        let sends = max(12, plan.customers / 1_200)
        let sendTime = dayStart + 10 * 3_600
        for _ in 0..<sends {
            guard let sent = at(sendTime + Int64(rng.int(7_200))) else { break }
            let c = pickCustomer(at: sent, &rng)
            let mask = channelMask[c]
            let ch = mask & (1 << UInt8(SeedChannel.wechat)) != 0 ? SeedChannel.wechat : mask & (1 << UInt8(SeedChannel.app)) != 0 ? SeedChannel.app : SeedChannel.web
            let campaign = SeedCatalog.campaigns[Int((dayStart / 86_400) % Int64(SeedCatalog.campaigns.count))]
            try touch(c, ch, "campaign_sent", campaign, nil, "", sent)
            guard rng.chance(0.35), let opened = at(sent + Int64(rng.int(in: 600...21_600))) else { continue }
            try touch(c, ch, "campaign_opened", campaign, nil, "", opened)
            guard rng.chance(0.45), let viewed = at(opened + Int64(rng.int(in: 30...600))) else { continue }
            let sku = consumerSKU(&rng)
            try touch(c, SeedChannel.web, "product_view", skuName[sku - 1], sku, "", viewed)
            guard rng.chance(0.35), let carted = at(viewed + Int64(rng.int(in: 30...900))) else { continue }
            try touch(c, SeedChannel.web, "add_to_cart", skuCode[sku - 1], sku, "", carted)
            try makeCart(customer: c, channel: SeedChannel.web, at: carted, skus: [sku], rng: &rng)
            let home = Int(homeStore[c])
            guard home != 0, rng.chance(0.4) else { continue }
            let visit = carted + Int64(rng.int(in: 1...4)) * 86_400 + Int64(rng.int(in: 0...6)) * 3_600
            if visit < now {
                try touch(c, SeedChannel.store, "store_visit", "visited \(locationCode[home]); the web cart was not seen, no purchase",
                          sku, locationCode[home], visit)
            }
        }
        // Browsing without buying.
        let sessions = Int(Double(orders) * plan.browseRatio)
        for _ in 0..<sessions {
            guard let t = at(dayStart + Int64(rng.int(86_400))) else { continue }
            let c = pickCustomer(at: t, &rng)
            let ch = channelMask[c] & (1 << UInt8(SeedChannel.app)) != 0 ? SeedChannel.app : SeedChannel.web
            try touch(c, ch, "visit", "", nil, "", t)
            guard rng.chance(0.7) else { continue }
            let sku = consumerSKU(&rng)
            try touch(c, ch, "product_view", skuName[sku - 1], sku, "", t + 40)
            guard rng.chance(0.2) else { continue }
            try touch(c, ch, "add_to_cart", skuCode[sku - 1], sku, "", t + 100)
            var skus = [sku]
            if rng.chance(0.4) { skus.append(consumerSKU(&rng)) }
            try makeCart(customer: c, channel: ch, at: t + 100, skus: skus, rng: &rng)
        }
        // Service contacts not about one order.
        let contacts = max(1, orders / 120)
        for _ in 0..<contacts {
            guard let t = at(dayStart + Int64(rng.int(86_400))) else { continue }
            let c = pickCustomer(at: t, &rng)
            let mask = channelMask[c]
            let candidates = (0..<7).filter { mask & (1 << UInt8($0)) != 0 }
            let ch = rng.chance(0.3) || candidates.isEmpty ? SeedChannel.callcentre : candidates[rng.int(candidates.count)]
            let kind: TicketKind = ch == SeedChannel.b2b ? .maintenance : rng.pick([.productQuestion, .productQuestion, .accountUpdate, .unsubscribe, .privacy, .storeComplaint])
            try makeTicket(customer: c, order: nil, orderRef: nil, channel: ch, kind: kind, created: t,
                           latin: flags[c] & SeedGenerator.flagLatin != 0, rng: &rng, sku: consumerSKU(&rng))
        }
        // The same question in chat, then by phone: the customer had to repeat everything.
        let repeats = max(1, plan.customers / 25_000)
        for _ in 0..<repeats {
            guard let t = at(dayStart + 9 * 3_600 + Int64(rng.int(10 * 3_600))) else { continue }
            let c = pickCustomer(at: t, &rng)
            let sku = consumerSKU(&rng)
            try touch(c, SeedChannel.wechat, "chat", "asked whether \(skuCode[sku - 1]) can be exchanged in a store", sku, "", t)
            let call = t + Int64(rng.int(in: 2...30)) * 3_600
            try makeTicket(customer: c, order: nil, orderRef: nil, channel: SeedChannel.wechat, kind: .sameQuestion, created: t,
                           latin: flags[c] & SeedGenerator.flagLatin != 0, rng: &rng, sku: sku, followUp: call < now ? call : nil)
            if call < now {
                try touch(c, SeedChannel.callcentre, "call", "asked again about exchanging \(skuCode[sku - 1]); had to repeat the chat", sku, "", call)
            }
        }
    }
}
