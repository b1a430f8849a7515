/// The rollups and customer order figures `Rollups.rebuild` would compute, accumulated while
/// the rows are generated (orders arrive in (placed_at, id) order, so "an earlier order" is
/// just "one counted before"). On the large store this replaces minutes of set-wise SQL;
/// `Rollups.verify` proves the two agree (see SeedTests).
final class SeedRollups {
    struct Sales { var orders = 0, repeatOrders = 0, gross = 0, discount = 0, refunded = 0, units = 0 }
    struct Delivery { var delivered = 0, onTime = 0, inFull = 0, otif = 0 }
    struct Returned { var returns = 0, units = 0 }
    struct Service { var created = 0, solved = 0, frApplied = 0, frMet = 0, resApplied = 0, resMet = 0, fcr = 0, csatAll = 0, csatGood = 0 }

    static let touchKinds = ["campaign_sent", "campaign_opened", "visit", "product_view", "add_to_cart", "checkout", "purchase",
                             "store_visit", "call", "chat", "return", "ticket", "delivery"]
    static let touchIndex: [String: Int] = Dictionary(uniqueKeysWithValues: touchKinds.enumerated().map { ($1, $0) })

    // Keys: day * 8 + channel (touches: day * 16 + kind).
    private var sales: [Int: Sales] = [:]
    private var delivery: [Int: Delivery] = [:]
    private var returned: [Int: Returned] = [:]
    private var service: [Int: Service] = [:]
    private var touches: [Int: Int] = [:]
    /// Live orders of the last days, for the per-minute rollup (its window hangs on max(placed_at)).
    private var recent: [(placed: Int64, channel: Int, total: Int)] = []
    private var maxPlaced: Int64 = 0
    private let recentFrom: Int64

    private var orderCount: [Int32]
    private var lifetimeValue: [Int64]
    private var firstAt: [Int64]
    private var lastAt: [Int64]
    private var prevAt: [Int64]
    private var lastChannel: [Int8]

    init(customers: Int, now: Int64) {
        orderCount = Array(repeating: 0, count: customers + 1)
        lifetimeValue = Array(repeating: 0, count: customers + 1)
        firstAt = Array(repeating: 0, count: customers + 1)
        lastAt = Array(repeating: 0, count: customers + 1)
        prevAt = Array(repeating: 0, count: customers + 1)
        lastChannel = Array(repeating: -1, count: customers + 1)
        recentFrom = now - 4 * 86_400
    }

    private static func day(_ t: Int64) -> Int { Int(t / 86_400) }

    func order(placed: Int64, channel: Int, customer: Int?, cancelled: Bool, total: Int, discount: Int, refunded: Int,
               units: Int, delivered: Int64?, promised: Int64?, inFull: Bool) {
        maxPlaced = max(maxPlaced, placed)
        if cancelled { return }
        var isRepeat = false
        if let c = customer {
            isRepeat = orderCount[c] > 0
            if orderCount[c] == 0 { firstAt[c] = placed }
            orderCount[c] += 1
            lifetimeValue[c] += Int64(total - refunded)
            if orderCount[c] == 1 {
                lastAt[c] = placed
            } else if placed >= lastAt[c] {
                prevAt[c] = lastAt[c]
                lastAt[c] = placed
            }
            lastChannel[c] = Int8(channel)
        }
        let key = SeedRollups.day(placed) * 8 + channel
        var s = sales[key] ?? Sales()
        s.orders += 1; s.repeatOrders += isRepeat ? 1 : 0; s.gross += total; s.discount += discount; s.refunded += refunded; s.units += units
        sales[key] = s
        if placed >= recentFrom { recent.append((placed, channel, total)) }
        if let delivered {
            let dkey = SeedRollups.day(delivered) * 8 + channel
            var d = delivery[dkey] ?? Delivery()
            let onTime = delivered <= (promised ?? delivered)
            d.delivered += 1; d.onTime += onTime ? 1 : 0; d.inFull += inFull ? 1 : 0; d.otif += onTime && inFull ? 1 : 0
            delivery[dkey] = d
        }
    }

    func returnRow(created: Int64, orderChannel: Int, quantity: Int) {
        let key = SeedRollups.day(created) * 8 + orderChannel
        var r = returned[key] ?? Returned()
        r.returns += 1; r.units += quantity
        returned[key] = r
    }

    func ticket(channel: Int, created: Int64, firstAt: Int64?, firstDue: Int64, resolvedAt: Int64?, resolutionDue: Int64,
                replies: Int, csat: Int?) {
        service[SeedRollups.day(created) * 8 + channel, default: Service()].created += 1
        if let firstAt {
            let key = SeedRollups.day(firstAt) * 8 + channel
            service[key, default: Service()].frApplied += 1
            service[key, default: Service()].frMet += firstAt <= firstDue ? 1 : 0
        }
        if let resolvedAt {
            let key = SeedRollups.day(resolvedAt) * 8 + channel
            var s = service[key] ?? Service()
            s.solved += 1; s.resApplied += 1; s.resMet += resolvedAt <= resolutionDue ? 1 : 0; s.fcr += replies < 2 ? 1 : 0
            s.csatAll += csat != nil ? 1 : 0; s.csatGood += (csat ?? 0) >= 4 ? 1 : 0
            service[key] = s
        }
    }

    func touch(kind: String, at: Int64) {
        touches[SeedRollups.day(at) * 16 + (SeedRollups.touchIndex[kind] ?? 0), default: 0] += 1
    }

    /// Writes every rollup and the customers' order figures (the counters come after the indexes).
    func write(_ db: Database) throws {
        let channels = SeedChannel.codes
        let salesRow = try SeedInserter(db, table: "kpi_sales_day", """
            INSERT INTO kpi_sales_day(day, channel, currency, orders, repeat_orders, gross, discount, refunded, units)
            VALUES (?,?,'CNY',?,?,?,?,?,?)
            """)
        for key in sales.keys.sorted() {
            let s = sales[key]!
            salesRow.int(key / 8); salesRow.text(channels[key % 8]); salesRow.int(s.orders); salesRow.int(s.repeatOrders)
            salesRow.int(s.gross); salesRow.int(s.discount); salesRow.int(s.refunded); salesRow.int(s.units)
            try salesRow.run()
        }
        var minutes: [Int: (orders: Int, gross: Int)] = [:]
        let from = maxPlaced - 2 * 86_400
        for o in recent where o.placed >= from {
            let key = Int(o.placed / 60) * 8 + o.channel
            let m = minutes[key] ?? (0, 0)
            minutes[key] = (m.orders + 1, m.gross + o.total)
        }
        let minuteRow = try SeedInserter(db, table: "kpi_sales_minute",
                                         "INSERT INTO kpi_sales_minute(minute, channel, currency, orders, gross) VALUES (?,?,'CNY',?,?)")
        for key in minutes.keys.sorted() {
            minuteRow.int(key / 8); minuteRow.text(channels[key % 8]); minuteRow.int(minutes[key]!.orders); minuteRow.int(minutes[key]!.gross)
            try minuteRow.run()
        }
        let deliveryRow = try SeedInserter(db, table: "kpi_delivery_day", """
            INSERT INTO kpi_delivery_day(day, channel, delivered, on_time, in_full, otif) VALUES (?,?,?,?,?,?)
            """)
        for key in delivery.keys.sorted() {
            let d = delivery[key]!
            deliveryRow.int(key / 8); deliveryRow.text(channels[key % 8]); deliveryRow.int(d.delivered); deliveryRow.int(d.onTime)
            deliveryRow.int(d.inFull); deliveryRow.int(d.otif)
            try deliveryRow.run()
        }
        let returnsRow = try SeedInserter(db, table: "kpi_returns_day", "INSERT INTO kpi_returns_day(day, channel, returns, units) VALUES (?,?,?,?)")
        for key in returned.keys.sorted() {
            returnsRow.int(key / 8); returnsRow.text(channels[key % 8]); returnsRow.int(returned[key]!.returns); returnsRow.int(returned[key]!.units)
            try returnsRow.run()
        }
        let ticketRow = try SeedInserter(db, table: "kpi_ticket_day", """
            INSERT INTO kpi_ticket_day(day, channel, created, solved, fr_applied, fr_met, res_applied, res_met, fcr, csat_all, csat_good)
            VALUES (?,?,?,?,?,?,?,?,?,?,?)
            """)
        for key in service.keys.sorted() {
            let s = service[key]!
            ticketRow.int(key / 8); ticketRow.text(channels[key % 8]); ticketRow.int(s.created); ticketRow.int(s.solved)
            ticketRow.int(s.frApplied); ticketRow.int(s.frMet); ticketRow.int(s.resApplied); ticketRow.int(s.resMet)
            ticketRow.int(s.fcr); ticketRow.int(s.csatAll); ticketRow.int(s.csatGood)
            try ticketRow.run()
        }
        let touchRow = try SeedInserter(db, table: "kpi_touch_day", "INSERT INTO kpi_touch_day(day, kind, count) VALUES (?,?,?)")
        for key in touches.keys.sorted() {
            touchRow.int(key / 16); touchRow.text(SeedRollups.touchKinds[key % 16]); touchRow.int(touches[key]!)
            try touchRow.run()
        }
        let customerRow = try SeedInserter(db, table: "customers", """
            UPDATE customers SET order_count = ?, lifetime_value = ?, first_order_at = ?, last_order_at = ?, prev_order_at = ?,
                last_channel = ? WHERE id = ?
            """)
        // Buyers per day from the same figures: every customer with an order is live (orders
        // go to the profile a merged duplicate belongs to), as kpi_buyers_day counts them.
        var buyers: [Int: (last: Int, prev: Int)] = [:]
        for c in orderCount.indices where orderCount[c] > 0 {
            customerRow.int(Int(orderCount[c])); customerRow.int(lifetimeValue[c]); customerRow.int(firstAt[c]); customerRow.int(lastAt[c])
            customerRow.int(orderCount[c] > 1 ? prevAt[c] : nil); customerRow.text(channels[Int(lastChannel[c])]); customerRow.int(c)
            try customerRow.run()
            buyers[SeedRollups.day(lastAt[c]), default: (0, 0)].last += 1
            if orderCount[c] > 1 { buyers[SeedRollups.day(prevAt[c]), default: (0, 0)].prev += 1 }
        }
        let buyersRow = try SeedInserter(db, table: "kpi_buyers_day", "INSERT INTO kpi_buyers_day(day, last_orders, prev_orders) VALUES (?,?,?)")
        for day in buyers.keys.sorted() {
            buyersRow.int(day); buyersRow.int(buyers[day]!.last); buyersRow.int(buyers[day]!.prev)
            try buyersRow.run()
        }
    }
}
