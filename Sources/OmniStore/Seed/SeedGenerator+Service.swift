/// Tickets with SLA clocks in business hours and threads across channels; store appointments
/// with carts to prepare; B2B assets and invoices.
extension SeedGenerator {
    enum TicketKind {
        case late, returnRefund, sizeExchange, addressChange, doubleCharge, invoice
        case productQuestion, accountUpdate, unsubscribe, privacy, storeComplaint, maintenance, sameQuestion

        /// Index into urgent, high, normal, low.
        var priority: Int {
            switch self {
            case .doubleCharge: return 0
            case .late, .privacy, .storeComplaint: return 1
            case .returnRefund, .sizeExchange, .addressChange, .productQuestion, .maintenance, .sameQuestion: return 2
            case .invoice, .accountUpdate, .unsubscribe: return 3
            }
        }
    }

    static let priorities = ["urgent", "high", "normal", "low"]

    /// Subject, the customer's first message, the agent's first reply and a follow-up, in the
    /// customer's language.
    func ticketText(_ kind: TicketKind, latin: Bool, ref: String, sku: String, date: String) -> (String, String, String, String) {
        switch kind {
        case .late:
            return latin
                ? ("Where is my order \(ref)?", "My order \(ref) was promised for \(date) and has not arrived.",
                   "Sorry for the wait: the carrier reports a delay at the hub. I have asked for priority delivery.",
                   "Still nothing today. Can you check again?")
                : ("订单 \(ref) 什么时候到？", "订单\(ref)承诺\(date)送达，到现在还没收到。",
                   "抱歉久等了，承运商反馈中转延误，已为您催促优先派送。", "今天还是没有收到，能再帮我查一下吗？")
        case .returnRefund:
            return latin
                ? ("Refund for my return on \(ref)", "I returned items from \(ref) on \(date). When will I get the refund?",
                   "The return has been received; the refund goes back to your original payment within 3 working days.",
                   "The refund still does not show in my account.")
                : ("\(ref) 退货退款进度", "我\(date)退回了订单\(ref)的商品，退款什么时候到账？",
                   "退货已签收，退款将在3个工作日内原路退回。", "退款还没有到账。")
        case .sizeExchange:
            return latin
                ? ("Exchange size on \(ref)", "The \(sku) from \(ref) is too small. Can I exchange it for a larger size in a store?",
                   "Yes: bring it to any store with the order number, or we can send a courier to collect it.",
                   "The store said they cannot see my online order.")
                : ("\(ref) 换尺码", "订单\(ref)里的\(sku)偏小，可以到门店换大一码吗？",
                   "可以，携带订单号到任意门店即可换货，也可以预约上门取件。", "门店说查不到我的线上订单。")
        case .addressChange:
            return latin
                ? ("Change delivery address for \(ref)", "Please deliver \(ref) to my office instead.",
                   "Done: the address is updated with the carrier.", "Thanks, will the delivery date change?")
                : ("修改 \(ref) 的收货地址", "订单\(ref)请改送到我公司地址。", "已为您修改承运商的收货地址。", "好的，送达时间会变吗？")
        case .doubleCharge:
            return latin
                ? ("Charged twice for \(ref)", "My card was charged twice for \(ref).",
                   "I can see the duplicate authorisation; it is released and will disappear within 2 days.", "It is still pending on my statement.")
                : ("\(ref) 重复扣款", "订单\(ref)被扣了两次款。", "已核实重复预授权，将在2天内自动释放。", "账单上还显示两笔。")
        case .invoice:
            return ("Invoice copy for \(ref) 发票", "Please send a VAT invoice (增值税专用发票) for \(ref).",
                    "The invoice has been issued and sent to the account's finance address.", "Could you also add our PO number?")
        case .productQuestion:
            return latin
                ? ("Is \(sku) in stock near me?", "Is \(sku) available in a store near me this weekend?",
                   "It is in stock at two stores in your city; I can reserve one for pickup.", "Please reserve it at my usual store.")
                : ("\(sku) 门店有货吗？", "\(sku)这周末附近门店有货吗？", "您所在城市有两家门店有货，可以为您预留到店自提。", "请帮我预留在常去的门店。")
        case .accountUpdate:
            return latin
                ? ("Update my phone number", "I have a new phone number; please update my account.",
                   "Updated. Please confirm with the code we sent.", "Confirmed.")
                : ("更新手机号", "我换了手机号，请帮我更新账户信息。", "已更新，请回复我们发送的验证码确认。", "已确认。")
        case .unsubscribe:
            return latin
                ? ("Stop marketing messages", "Please stop sending me promotions by SMS.",
                   "Done: SMS marketing is switched off for your profile.", "Thanks.")
                : ("退订营销短信", "请不要再给我发促销短信。", "已为您关闭短信营销。", "谢谢。")
        case .privacy:
            return latin
                ? ("What data do you hold about me?", "Please send me a copy of the personal data you hold about me.",
                   "We have started your request; the export will be ready within 15 days.", "Any update on my request?")
                : ("个人信息查询", "请提供你们保存的我的个人信息副本。", "已受理您的申请，将在15天内提供。", "请问进度如何？")
        case .storeComplaint:
            return latin
                ? ("Poor service in store", "Staff in the store could not find my online order and I waited 30 minutes.",
                   "I am sorry. I have shared this with the store manager and added a voucher to your account.", "Thank you.")
                : ("门店服务投诉", "门店店员查不到我的线上订单，我等了30分钟。", "非常抱歉，已反馈给店长并为您发放优惠券。", "谢谢。")
        case .maintenance:
            return ("Maintenance visit needed 设备保养", "Our \(sku) needs its scheduled maintenance; please book an engineer.",
                    "An engineer is booked; you will receive the time slot by email.", "Can it be before Friday?")
        case .sameQuestion:
            return latin
                ? ("Exchange \(sku) in store?", "Can I exchange \(sku) bought online in a store?",
                   "Yes, any store can exchange online purchases within 30 days.", "Calling because nobody answered the chat.")
                : ("线上买的\(sku)能到店换吗？", "线上买的\(sku)可以到门店换吗？", "可以，线上订单30天内可在任意门店换货。", "在线客服没回复，所以打电话来问。")
        }
    }

    func makeTicket(customer: Int?, order: Int?, orderRef: String?, channel: Int, kind: TicketKind, created: Int64,
                    latin: Bool, rng: inout SeedRandom, promised: Int64? = nil, sku: Int? = nil, followUp: Int64? = nil) throws {
        let id = nextTicket
        nextTicket += 1
        let team = channel == SeedChannel.b2b ? 2 : (channel == SeedChannel.callcentre || channel == SeedChannel.wechat) ? 1 : 0
        let calendar = calendars[team]
        let priority = kind.priority
        let sla = slaMinutes[priority]
        let firstDue = calendar.adding(businessMinutes: sla.first, to: created)
        let resolutionDue = calendar.adding(businessMinutes: sla.resolution, to: created)
        // Most tickets answered and resolved inside their targets; a few neglected ones miss them.
        let neglected = rng.chance(0.02)
        let frFactor = neglected ? 1.1 + rng.double() * 1.5 : 0.05 + rng.double() * 0.9
        var firstAt = calendar.adding(businessMinutes: max(1, Int(Double(sla.first) * frFactor)), to: created)
        // A handful (one per 50k customers, at least one) of the last days' tickets still wait
        // for their first answer past its target: the queue always shows what a breach looks like.
        if breachesToForce > 0, created < now - 86_400, created > now - 3 * 86_400, firstDue < now {
            breachesToForce -= 1
            firstAt = max(firstAt, now + Int64(rng.int(in: 1...8)) * 3_600)
        }
        let resFactor = neglected ? 1.1 + rng.double() * 0.6 : 0.15 + rng.double() * 0.8
        var resolvedAt = calendar.adding(businessMinutes: max(2, Int(Double(sla.resolution) * resFactor)), to: created)
        if resolvedAt <= firstAt { resolvedAt = firstAt + 600 }
        let responded = firstAt <= now
        // A few wait on the customer beyond the agent's answer, while still inside their target.
        let solved = responded && resolvedAt <= now && (rng.chance(0.985) || resolutionDue <= now)
        let status = !responded ? "new" : !solved ? (rng.chance(0.3) ? "pending" : "open") : (resolvedAt < now - 5 * 86_400 ? "closed" : "solved")
        let agents = teamAgents[team]
        let assignee: String? = responded || rng.chance(0.4) ? agents[rng.int(agents.count)] : nil
        let skuText = sku.map { skuCode[$0 - 1] } ?? "TEE-RED-M"
        let text = ticketText(kind, latin: latin, ref: orderRef ?? "", sku: skuText, date: SeedGenerator.dateText(promised ?? created))

        var replies = 0
        var updated = created
        func message(_ ch: Int, _ authorKind: String, _ author: String, _ body: String, _ at: Int64) throws {
            messageRow.int(id); messageRow.text(channelCode(ch)); messageRow.text(authorKind); messageRow.text(author)
            messageRow.text(body); messageRow.int(at)
            try messageRow.run()
            if authorKind == "agent" { replies += 1 }
            updated = max(updated, at)
        }
        try message(channel, "customer", "customer", text.1, created)
        if let followUp, !responded || followUp < firstAt {
            try message(SeedChannel.callcentre, "customer", "customer", text.3, followUp)
            try message(SeedChannel.callcentre, "note", assignee ?? "agent.chen", latin
                        ? "Customer called about the same question as the unanswered chat; had to repeat the order details."
                        : "客户就在线未回复的同一问题来电，需要重复说明订单信息。", followUp + 120)
        }
        if responded, let agent = assignee {
            let byPhone = channel != SeedChannel.callcentre && rng.chance(0.25)
            try message(byPhone ? SeedChannel.callcentre : channel, "agent", agent,
                        byPhone ? (latin ? "Called the customer back: " : "已电话回复客户：") + text.2 : text.2, firstAt)
            let middle = firstAt + (min(resolvedAt, now) - firstAt) / 2
            if (!solved || rng.chance(0.4)) && middle > firstAt + 300 {
                let mask = customer.map { channelMask[$0] } ?? 0
                let candidates = (0..<6).filter { mask & (1 << UInt8($0)) != 0 }
                let again = candidates.isEmpty || rng.chance(0.5) ? channel : candidates[rng.int(candidates.count)]
                try message(again, "customer", "customer", text.3, middle)
                if solved || rng.chance(0.5) {
                    try message(channel, "agent", agent, latin ? "Checked again and followed up; see above." : "已再次核实并跟进。", middle + 1_800)
                }
            }
            if solved {
                try message(channel, "system", "omni", latin ? "Ticket solved." : "工单已解决。", resolvedAt)
            }
        }
        var csat: Int?
        if solved && rng.chance(0.5) {
            let r = rng.double()
            csat = r < 0.05 ? 1 : r < 0.12 ? 2 : r < 0.25 ? 3 : r < 0.55 ? 4 : 5
        }
        ticketRow.int(id); ticketRow.int(customer); ticketRow.int(order); ticketRow.text(channelCode(channel)); ticketRow.text(text.0)
        ticketRow.text(status); ticketRow.text(SeedGenerator.priorities[priority]); ticketRow.int(team + 1); ticketRow.text(assignee)
        ticketRow.int(created); ticketRow.int(updated); ticketRow.int(firstDue); ticketRow.int(resolutionDue)
        ticketRow.int(responded ? firstAt : nil); ticketRow.int(solved ? resolvedAt : nil); ticketRow.int(replies); ticketRow.int(csat)
        try ticketRow.run()
        rollups.ticket(channel: channel, created: created, firstAt: responded ? firstAt : nil, firstDue: firstDue,
                       resolvedAt: solved ? resolvedAt : nil, resolutionDue: resolutionDue, replies: replies, csat: csat)
        if let customer {
            try touch(customer, channel, "ticket", text.0, sku, "#\(id)", created)
        }
    }

    /// Store appointments from three weeks ago to a week ahead; today's include carts to
    /// prepare, some with items the store does not have.
    func seedAppointments() throws {
        var rng = random(6)
        let offset: Int64 = 8 * 3_600
        let today = (now + offset) / 86_400
        let perStore: Double = options.size == .small ? 0.7 : options.size == .medium ? 2 : 4
        var missing: [Int: [Int]] = [:]
        for store in storeIDs {
            missing[store] = consumerSKUs.filter { (freeStock[$0 * 64 + store] ?? 0) <= 0 }
        }
        for dayOffset in -21...7 {
            let day = today + Int64(dayOffset)
            for (storeIndex, store) in storeIDs.enumerated() {
                var count = Int(perStore) + (rng.chance(perStore - Double(Int(perStore))) ? 1 : 0)
                if dayOffset == 0 { count = max(count, storeIndex < 8 ? 2 : 1) }
                for k in 0..<count {
                    var starts = day * 86_400 - offset + 10 * 3_600 + Int64(rng.int(22)) * 1_800
                    var customer = pickCustomer(at: min(now, starts), &rng)
                    for _ in 0..<12 where Int(homeStore[customer]) != store {
                        customer = pickCustomer(at: min(now, starts), &rng)
                    }
                    var purpose = rng.pick(SeedCatalog.appointmentPurposes)
                    if dayOffset == 0 && k == 0 && store == Int(homeStore[1]) {
                        customer = 1
                        purpose = SeedCatalog.appointmentPurposes[0]
                        starts = max(starts, now + 2 * 3_600)
                    }
                    let past = starts < now - 3_600
                    var status: String
                    if past {
                        let r = rng.double()
                        status = r < 0.7 ? "kept" : r < 0.9 ? "missed" : "cancelled"
                    } else if starts < now {
                        status = rng.chance(0.6) ? "kept" : "booked"
                    } else {
                        status = rng.chance(0.05) ? "cancelled" : (starts < now + 86_400 && rng.chance(0.3) ? "prepared" : "booked")
                    }
                    var cart: Int?
                    let wantsCart = purpose == SeedCatalog.appointmentPurposes[0] || purpose == SeedCatalog.appointmentPurposes[5] || rng.chance(0.3)
                    if wantsCart {
                        var skus: [Int] = []
                        if customer == 1 { skus.append(1) }   // TEE-RED-M
                        for _ in 0..<rng.int(in: 1...3) {
                            let sku = consumerSKU(&rng)
                            if !skus.contains(sku) { skus.append(sku) }
                        }
                        if let gaps = missing[store], !gaps.isEmpty, customer == 1 || rng.chance(0.5) {
                            let sku = gaps[rng.int(gaps.count)]
                            if !skus.contains(sku) { skus.append(sku) }
                        }
                        let cartStatus = past ? (status == "kept" ? "converted" : "abandoned") : "open"
                        let touched = min(now - 600, starts - Int64(rng.int(in: 1...72)) * 3_600)
                        cart = try makeCart(customer: customer, channel: rng.chance(0.5) ? SeedChannel.app : SeedChannel.web,
                                            at: touched, skus: skus, status: cartStatus, rng: &rng)
                    }
                    let prepared = status == "prepared" || (status == "kept" && cart != nil)
                    appointmentRow.int(nextAppointment); appointmentRow.int(customer); appointmentRow.int(store); appointmentRow.int(starts)
                    appointmentRow.text(purpose); appointmentRow.int(cart); appointmentRow.text(status)
                    appointmentRow.int(prepared ? min(now - 300, starts - 3_600) : nil)
                    appointmentRow.text(prepared ? storeOperators[rng.int(storeOperators.count)] : nil)
                    try appointmentRow.run()
                    nextAppointment += 1
                    if status == "kept" {
                        try touch(customer, SeedChannel.store, "store_visit", "appointment: \(purpose)", nil, locationCode[store], min(starts, now))
                    }
                }
            }
        }
    }

    /// Installed equipment with maintenance due (some overdue) and invoices (some unpaid past due).
    func seedB2B() throws {
        var rng = random(7)
        var serial = 1, invoiceNo = 1
        let sites = ["Lobby 大堂", "Kitchen 厨房", "Laundry room 洗衣房", "Floor 3 三楼", "Meeting room 会议室", "Spa 水疗区"]
        for account in businessIDs {
            let created = createdAt(account)
            let since = max(created, now - 3 * 365 * 86_400)
            for _ in 0..<rng.int(in: 1...5) {
                let sku = proSKUs[rng.int(proSKUs.count)]
                let installed = since + Int64(rng.int(Int(max(86_400, now - 30 * 86_400 - since))))
                let r = rng.double()
                let next: Int64? = r < 0.1 ? nil
                    : r < 0.25 ? now - Int64(rng.int(in: 1...60)) * 86_400       // overdue
                    : r < 0.45 ? now + Int64(rng.int(in: 0...14)) * 86_400       // due soon
                    : now + Int64(rng.int(in: 15...180)) * 86_400
                assetRow.int(account); assetRow.int(sku)
                assetRow.text("SN-\(skuCode[sku - 1].prefix(3))-\(GeneratorYear.of(installed))-\(SeedGenerator.pad(serial, 6))")
                assetRow.text(rng.pick(sites)); assetRow.int(installed); assetRow.int(next)
                try assetRow.run()
                serial += 1
                if let next, next < now, rng.chance(0.3) {
                    try makeTicket(customer: account, order: nil, orderRef: nil, channel: SeedChannel.b2b, kind: .maintenance,
                                   created: max(next, now - Int64(rng.int(in: 1...72)) * 3_600), latin: flags[account] & SeedGenerator.flagLatin != 0,
                                   rng: &rng, sku: sku)
                }
            }
            for m in 0..<rng.int(in: 3...8) {
                let issued = now - Int64(m * 30 + rng.int(10)) * 86_400 - Int64(rng.int(86_400))
                if issued < created { continue }
                let due = issued + 30 * 86_400
                var paid: Int64?
                if due < now {
                    if rng.chance(0.85) { paid = min(now - 60, issued + Int64(rng.int(in: 5...40)) * 86_400) }
                } else if rng.chance(0.4) {
                    let p = issued + Int64(rng.int(in: 2...20)) * 86_400
                    if p < now { paid = p }
                }
                invoiceRow.int(account); invoiceRow.text("INV-\(GeneratorYear.of(issued))-\(SeedGenerator.pad(invoiceNo, 6))")
                invoiceRow.int(issued); invoiceRow.int(due); invoiceRow.int(rng.int(in: 50...2_000) * 10_000); invoiceRow.int(paid)
                try invoiceRow.run()
                invoiceNo += 1
            }
        }
    }
}
