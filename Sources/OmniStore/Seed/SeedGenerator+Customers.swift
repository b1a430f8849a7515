/// Customers, their identities across channels, B2B accounts with contacts, and merges.
struct SeedIdentity {
    var id: Int, customer: Int
    var kind: String, value: String, raw: String
    var channel: Int
    var verified: Bool
    var seen: Int64
    var rule: String, evidence: String
}

extension SeedGenerator {
    struct PersonDraft {
        var name: String
        var latin: Bool
        var city: String
        var country: String
        var dial: String      // country + area prefix for non-mobile-CN phones
        var home: Int?
        var mask: UInt8
        var primary: Int
        var tier: String
    }

    static let mobilePrefixes = ["138", "139", "137", "136", "135", "150", "151", "152", "158", "159", "186", "187", "188",
                                 "130", "131", "132", "155", "156", "185", "133", "153", "180", "181", "189", "177", "199", "166", "198"]
    static let base64url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    static func asciiSlug(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased() {
            switch ch {
            case "é", "è": out.append("e")
            case "ë": out.append("e")
            case "ü": out.append("ue")
            case "ö", "ø": out.append("o")
            case "í": out.append("i")
            case "á", "à": out.append("a")
            default:
                if ch.isASCII && (ch.isLetter || ch.isNumber) { out.append(ch) }
            }
        }
        return out
    }

    func seedCustomers() throws {
        var rng = random(4)
        let n = plan.customers
        let cityWeights = SeedRandom.cumulative(SeedCatalog.cities.map { $0.1 })
        let surnameWeights = SeedRandom.cumulative(SeedCatalog.surnames.map { $0.1 })
        let firstSlugs = SeedCatalog.latinFirst.map(SeedGenerator.asciiSlug)
        let lastSlugs = SeedCatalog.latinLast.map(SeedGenerator.asciiSlug)
        let channelPrimary = SeedRandom.cumulative([20, 26, 22, 14, 15, 3])  // web ... callcentre
        channelMask.reserveCapacity(n + 1); homeStore.reserveCapacity(n + 1); flags.reserveCapacity(n + 1); accountBack.reserveCapacity(n + 1)
        // Fixed places for the names a console must survive.
        var special: [Int: String] = [:]
        for (k, name) in SeedCatalog.emojiNames.enumerated() { special[[5, 77, 101, 250, 640, 1_380][k]] = name }
        special[13] = SeedCatalog.hostileNames[0]
        special[42] = SeedCatalog.hostileNames[1]

        var previous: PersonDraft?
        var previousID = 0
        var id = 1
        var mergeNo = 0
        while id <= n {
            if id % 50_000 == 0 { report("customers", id, n) }
            // A business account and its contacts.
            if id > 20, special[id] == nil, id + 4 <= n, rng.int(plan.businessEvery) == 0 {
                let contacts = rng.int(in: 2...3)
                if (id...(id + contacts)).allSatisfy({ special[$0] == nil }) {
                    try seedBusiness(id: id, contacts: contacts, rng: &rng, surnameWeights: surnameWeights, cityWeights: cityWeights)
                    id += contacts + 1
                    previous = nil
                    continue
                }
            }
            var draft = makePerson(&rng, cityWeights: cityWeights, surnameWeights: surnameWeights, channelPrimary: channelPrimary,
                                   firstSlugs: firstSlugs, lastSlugs: lastSlugs)
            if let name = special[id] { draft.name = name; draft.latin = !name.unicodeScalars.contains { SearchText.isCJK($0) } }
            if id == 1 {
                // The showcase customer: known in four channels, with a home store in Shanghai.
                draft.name = "王芳"; draft.latin = false; draft.city = "Shanghai"; draft.country = "CN"
                draft.home = storesByCity["Shanghai"]?.first; draft.mask = 0b0001_0111; draft.primary = SeedChannel.app; draft.tier = "gold"
            }
            let created = createdAt(id)
            let r = rng.double()
            if let survivor = previous, special[id] == nil, id > 2, r < 0.004 {
                // A duplicate profile an agent merged into the one before it: its identities now
                // belong to the survivor, and the merge says which.
                mergeNo += 1
                draft.name = survivor.name; draft.city = survivor.city; draft.home = survivor.home; draft.latin = survivor.latin
                draft.mask = (1 << UInt8(SeedChannel.web)) | (1 << UInt8(SeedChannel.store))
                try insertCustomer(id: id, kind: "person", draft: draft, account: nil, created: created, mergedInto: previousID, rng: &rng)
                appendFacts(mask: draft.mask, home: draft.home, flags: SeedGenerator.flagMerged | (draft.latin ? SeedGenerator.flagLatin : 0), back: 1)
                let mergedAt = min(now - 3_600, created + Int64(rng.int(20 * 86_400)) + 3_600)
                let by = rng.pick(["agent.li", "agent.wang", "agent.chen", "sup.zhou"])
                let evidence = "\(by): customer confirmed by phone that both profiles are theirs (same name \(draft.name), same city)"
                let moved = try insertIdentities(owner: previousID, mint: id, draft: draft, created: created, rng: &rng,
                                                 rule: "merged", evidence: "moved from customer #\(id) by merge #\(nextMerge)")
                mergeRow.int(nextMerge); mergeRow.int(previousID); mergeRow.int(id); mergeRow.text("applied"); mergeRow.text("manual")
                mergeRow.text(evidence)
                mergeRow.text("{\"identities\":[\(moved.map(String.init).joined(separator: ","))],\"orders\":[],\"tickets\":[],\"carts\":[]}")
                mergeRow.int(mergedAt); mergeRow.text(by)
                try mergeRow.run()
                auditRow.int(mergedAt); auditRow.text(by); auditRow.text("merge"); auditRow.text("customer"); auditRow.int(previousID)
                auditRow.text("merged #\(id) into #\(previousID) (merge #\(nextMerge))")
                try auditRow.run()
                nextMerge += 1
                previous = nil
                id += 1
                continue
            }
            if let other = previous, special[id] == nil, id > 2, r < 0.009 {
                // Same name, same city, nothing shared: the system suggests, a person decides.
                draft.name = other.name; draft.city = other.city; draft.latin = other.latin
                draft.home = other.home
                mergeRow.int(nextMerge); mergeRow.int(previousID); mergeRow.int(id); mergeRow.text("suggested")
                mergeRow.text("similar_name_city")
                mergeRow.text("same name \(draft.name) and city \(draft.city)\(draft.home.map { ", same home store \(locationCode[$0])" } ?? ""); no shared identity")
                mergeRow.text("{}"); mergeRow.int(min(now - 60, created + 86_400)); mergeRow.text("system")
                try mergeRow.run()
                nextMerge += 1
            }
            try insertCustomer(id: id, kind: "person", draft: draft, account: nil, created: created, mergedInto: nil, rng: &rng)
            appendFacts(mask: draft.mask, home: draft.home, flags: draft.latin ? SeedGenerator.flagLatin : 0, back: 0)
            _ = try insertIdentities(owner: id, mint: id, draft: draft, created: created, rng: &rng, rule: nil, evidence: nil)
            previous = draft
            previousID = id
            id += 1
        }
        report("customers", n, n)
    }

    func addIdentity(_ i: SeedIdentity) throws {
        identityRow.int(i.id); identityRow.int(i.customer); identityRow.text(i.kind); identityRow.text(i.value)
        identityRow.text(i.raw); identityRow.text(channelCode(i.channel)); identityRow.bool(i.verified)
        identityRow.int(i.seen); identityRow.text(i.rule); identityRow.text(i.evidence)
        try identityRow.run()
    }

    /// The next number of an ascending stream with random gaps: values look random, never
    /// repeat, and arrive in key order, so UNIQUE(kind, value) grows at a few hot pages
    /// instead of one random page per row (several times faster on the large store).
    func nextInStream(_ key: String, base: Int, gap: Int, _ rng: inout SeedRandom) -> Int {
        let value = (identityStreams[key] ?? base) + 1 + rng.int(gap)
        identityStreams[key] = value
        return value
    }

    func appendFacts(mask: UInt8, home: Int?, flags f: UInt8, back: UInt8) {
        channelMask.append(mask)
        homeStore.append(UInt8(home ?? 0))
        flags.append(f)
        accountBack.append(back)
    }

    func makePerson(_ rng: inout SeedRandom, cityWeights: [Double], surnameWeights: [Double], channelPrimary: [Double],
                    firstSlugs: [String], lastSlugs: [String]) -> PersonDraft {
        let foreign = rng.chance(0.04)
        var city: String, country = "CN", dial = "+86"
        if foreign {
            let f = rng.pick(SeedCatalog.foreignCities)
            city = f.city; country = f.country; dial = f.dial
        } else {
            city = SeedCatalog.cities[rng.weighted(cityWeights)].0
        }
        let latin = foreign || rng.chance(0.12)
        let name: String
        if latin {
            let f = rng.int(SeedCatalog.latinFirst.count), l = rng.int(SeedCatalog.latinLast.count)
            name = "\(SeedCatalog.latinFirst[f]) \(SeedCatalog.latinLast[l])"
        } else {
            let surname = SeedCatalog.surnames[rng.weighted(surnameWeights)].0
            var given = rng.pick(SeedCatalog.givenCharacters)
            if rng.chance(0.55) { given += rng.pick(SeedCatalog.givenCharacters) }
            name = surname + given
        }
        var home: Int?
        if let stores = storesByCity[city], rng.chance(0.7) { home = stores[rng.int(stores.count)] }
        let primary = rng.weighted(channelPrimary)
        var mask = UInt8(1) << UInt8(primary)
        // About a third are known in two or more channels.
        if rng.chance(0.34) {
            mask |= UInt8(1) << UInt8(rng.weighted(channelPrimary))
            if rng.chance(0.3) { mask |= UInt8(1) << UInt8(rng.weighted(channelPrimary)) }
            if mask.nonzeroBitCount == 1 { mask |= UInt8(1) << UInt8((primary + 1 + rng.int(4)) % 5) }
        }
        if home != nil && rng.chance(0.25) { mask |= 1 << UInt8(SeedChannel.store) }
        let t = rng.double()
        let tier = t < 0.70 ? "member" : t < 0.88 ? "silver" : t < 0.97 ? "gold" : "platinum"
        return PersonDraft(name: name, latin: latin, city: city, country: country, dial: dial, home: home, mask: mask, primary: primary, tier: tier)
    }

    func insertCustomer(id: Int, kind: String, draft: PersonDraft, account: Int?, created: Int64, mergedInto: Int?, rng: inout SeedRandom) throws {
        let hasWechat = draft.mask & (1 << UInt8(SeedChannel.wechat)) != 0
        customerRow.int(id); customerRow.text(kind); customerRow.text(draft.name); customerRow.text(SearchText.indexText(draft.name))
        customerRow.int(account); customerRow.text(draft.tier); customerRow.text(draft.city); customerRow.text(draft.country)
        customerRow.int(draft.home)
        customerRow.bool(rng.chance(0.55)); customerRow.bool(rng.chance(0.4)); customerRow.bool(rng.chance(0.25))
        customerRow.bool(hasWechat && rng.chance(0.7))
        customerRow.int(created); customerRow.int(mergedInto)
        try customerRow.run()
    }

    /// Phone of customer `id`: unique by construction (a bijection of the id), never a run of one digit.
    func phone(for id: Int, draft: PersonDraft, rng: inout SeedRandom) -> (value: String, raw: String)? {
        if draft.country == "CN" {
            let prefix = rng.pick(SeedGenerator.mobilePrefixes)
            let gap = max(2, 60_000_000 / max(1, plan.customers / SeedGenerator.mobilePrefixes.count))
            let tail = nextInStream(prefix, base: 10_000_000 + rng.int(20_000_000), gap: gap, &rng) % 100_000_000
            if tail % 11_111_111 == 0 { return nil }   // one repeated digit: junk by rule
            let digits = SeedGenerator.pad(tail, 8)
            let value = "+86" + prefix + digits
            let national = prefix + digits
            let raw: String
            switch rng.int(4) {
            case 0: raw = "\(prefix) \(digits.prefix(4)) \(digits.suffix(4))"
            case 1: raw = "+86 \(prefix)-\(digits.prefix(4))-\(digits.suffix(4))"
            case 2: raw = "0086" + national
            default: raw = national
            }
            return (value, raw)
        }
        let digits = SeedGenerator.pad(nextInStream(draft.dial, base: 20_000_000 + rng.int(10_000_000), gap: 60, &rng) % 100_000_000, 8)
        let value = draft.dial + digits
        return (value, draft.dial + " " + digits)
    }

    /// The identities a person leaves in each channel they use. The first channel's identities
    /// are 'created'; later ones say which rule joined them and on what evidence. Returns ids.
    @discardableResult
    func insertIdentities(owner: Int, mint id: Int, draft: PersonDraft, created: Int64, rng: inout SeedRandom,
                          rule forcedRule: String?, evidence forcedEvidence: String?) throws -> [Int] {
        var ids: [Int] = []
        var phoneValue: String?
        var emailValue: String?
        var channels: [Int] = [draft.primary]
        for c in 0..<7 where c != draft.primary && draft.mask & (1 << UInt8(c)) != 0 { channels.append(c) }
        if draft.mask & (1 << UInt8(draft.primary)) == 0 { channels.removeFirst() }
        if channels.isEmpty { channels = [SeedChannel.web] }
        for (position, channel) in channels.enumerated() {
            let kinds: [String]
            switch channel {
            case SeedChannel.web: kinds = ["web_account", "email"]
            case SeedChannel.app: kinds = ["phone", "email"]
            case SeedChannel.wechat: kinds = ["wechat_openid", "phone"]
            case SeedChannel.marketplace: kinds = ["marketplace_id"]
            case SeedChannel.store: kinds = ["loyalty_card", "phone"]
            case SeedChannel.callcentre: kinds = ["phone"]
            default: kinds = ["email", "phone"]
            }
            let seen = position == 0 ? created : created + Int64(rng.int(Int(max(3_600, now - created))))
            var firstOfChannel = true
            for kind in kinds {
                var value: String, raw: String
                switch kind {
                case "phone":
                    if phoneValue != nil { continue }
                    guard let p = phone(for: id, draft: draft, rng: &rng) else { continue }
                    value = p.value; raw = p.raw
                case "email":
                    if emailValue != nil { continue }
                    if draft.latin {
                        let parts = draft.name.split(separator: " ")
                        let first = SeedGenerator.asciiSlug(String(parts.first ?? "x"))
                        let last = SeedGenerator.asciiSlug(String(parts.count > 1 ? parts[parts.count - 1] : "x"))
                        let domain = rng.pick(["gmail.com", "outlook.com", "icloud.com", "proton.me"])
                        raw = "\(first.capitalized).\(last.capitalized)\(id)@\(domain)"
                    } else {
                        let domain = rng.pick(["qq.com", "qq.com", "163.com", "126.com", "foxmail.com"])
                        let qq = nextInStream(domain, base: 10_000_000 + rng.int(90_000_000), gap: 600, &rng)
                        raw = "\(qq)@\(domain)"
                    }
                    value = raw.lowercased()
                case "wechat_openid":
                    var s = "o"
                    for _ in 0..<27 { s.append(SeedGenerator.base64url[rng.int(64)]) }
                    value = s; raw = s
                case "loyalty_card":
                    let n = nextInStream("LC", base: 3_000_000_000 + rng.int(1_000_000_000), gap: 4_000, &rng) % 10_000_000_000
                    value = "LC" + SeedGenerator.pad(n, 10); raw = rng.chance(0.3) ? "lc " + SeedGenerator.pad(n, 10) : value
                case "marketplace_id":
                    value = "tb_" + String(nextInStream("tb", base: 78_364_164_096 + rng.int(1_000_000_000), gap: 400_000, &rng), radix: 36); raw = value
                default: // web_account
                    value = "u" + String(nextInStream("u", base: 2_176_782_336 + rng.int(1_000_000_000), gap: 20_000, &rng), radix: 36); raw = value
                }
                let rule: String, evidence: String
                if let forcedRule {
                    rule = forcedRule; evidence = forcedEvidence ?? ""
                } else if position == 0 && firstOfChannel {
                    rule = "created"; evidence = "first seen on \(channelCode(channel)) \(SeedGenerator.dateText(seen))"
                } else if position == 0 || !firstOfChannel {
                    rule = "same_record"
                    let ref = SeedChannel.orderPrefix[channel] + String(10_000 + rng.int(900_000))
                    evidence = "\(ids.isEmpty ? kind : "\(kind) and \(kinds[0])") arrived together on \(channelCode(channel)) \(rng.chance(0.5) ? "order \(ref)" : "sign-up")"
                } else if let phoneValue, kinds.contains("phone") {
                    rule = "exact_phone"
                    evidence = "phone \(SeedGenerator.maskedPhone(phoneValue)) matched on \(channelCode(channel)) order \(SeedChannel.orderPrefix[channel])\(10_000 + rng.int(900_000))"
                } else if let emailValue, kinds.contains("email") {
                    let masked = emailValue.prefix(2) + "***" + emailValue.drop { $0 != "@" }
                    rule = "exact_email"; evidence = "email \(masked) matched on \(channelCode(channel)) sign-in"
                } else if channel == SeedChannel.store {
                    rule = "loyalty_scan"; evidence = "loyalty card scanned with the customer's phone at POS"
                } else {
                    rule = "manual"
                    evidence = "\(rng.pick(["agent.li", "agent.wang", "agent.chen"])) linked it after the customer quoted a \(channelCode(channel)) order on a ticket"
                }
                try addIdentity(SeedIdentity(id: nextIdentity, customer: owner, kind: kind, value: value, raw: raw, channel: channel,
                                             verified: rng.chance(kind == "phone" || kind == "email" ? 0.7 : 0.9), seen: seen,
                                             rule: rule, evidence: evidence))
                ids.append(nextIdentity)
                nextIdentity += 1
                if kind == "phone" { phoneValue = value }
                if kind == "email" { emailValue = value }
                firstOfChannel = false
            }
        }
        return ids
    }

    func seedBusiness(id: Int, contacts: Int, rng: inout SeedRandom, surnameWeights: [Double], cityWeights: [Double]) throws {
        let city = SeedCatalog.cities[rng.weighted(cityWeights)].0
        let chinese = rng.chance(0.6)
        let latinName = rng.pick(SeedCatalog.companyLatin)
        let chineseCity = ["Shanghai": "上海", "Beijing": "北京", "Shenzhen": "深圳", "Guangzhou": "广州", "Hangzhou": "杭州", "Chengdu": "成都",
                           "Nanjing": "南京", "Wuhan": "武汉", "Xi'an": "西安", "Chongqing": "重庆", "Suzhou": "苏州", "Tianjin": "天津"]
        let name = chinese ? (chineseCity[city] ?? "") + rng.pick(SeedCatalog.companyChinese) : "\(latinName) \(city)"
        let created = createdAt(id)
        let home = storesByCity[city]?.first
        let account = PersonDraft(name: name, latin: !chinese, city: city, country: "CN", dial: "+86", home: home,
                                  mask: 1 << UInt8(SeedChannel.b2b), primary: SeedChannel.b2b, tier: rng.chance(0.5) ? "gold" : "platinum")
        try insertCustomer(id: id, kind: "business", draft: account, account: nil, created: created, mergedInto: nil, rng: &rng)
        appendFacts(mask: account.mask, home: home, flags: SeedGenerator.flagBusiness | (chinese ? 0 : SeedGenerator.flagLatin), back: 0)
        businessIDs.append(id)
        let slug = SeedGenerator.asciiSlug(latinName)
        let areaCodes = ["Shanghai": "21", "Beijing": "10", "Shenzhen": "755", "Guangzhou": "20", "Hangzhou": "571", "Chengdu": "28"]
        let landline = "+86" + (areaCodes[city] ?? "21") + SeedGenerator.pad(20_000_000 + (id &* 3_571) % 70_000_000, 8)
        for (kind, value, raw) in [("email", "purchasing.\(id)@\(slug).com.cn", "Purchasing.\(id)@\(slug).com.cn"), ("phone", landline, landline)] {
            try addIdentity(SeedIdentity(id: nextIdentity, customer: id, kind: kind, value: value, raw: raw, channel: SeedChannel.b2b,
                                         verified: true, seen: created, rule: "created",
                                         evidence: "B2B account opened \(SeedGenerator.dateText(created))"))
            nextIdentity += 1
        }
        for k in 1...contacts {
            let cid = id + k
            let surname = SeedCatalog.surnames[rng.weighted(surnameWeights)].0
            let contactName = chinese ? surname + rng.pick(SeedCatalog.givenCharacters) + rng.pick(SeedCatalog.givenCharacters)
                : "\(rng.pick(SeedCatalog.latinFirst)) \(rng.pick(SeedCatalog.latinLast))"
            let contact = PersonDraft(name: contactName, latin: !chinese, city: city, country: "CN", dial: "+86", home: home,
                                      mask: 1 << UInt8(SeedChannel.b2b), primary: SeedChannel.b2b, tier: "member")
            let ccreated = createdAt(cid)
            try insertCustomer(id: cid, kind: "person", draft: contact, account: id, created: ccreated, mergedInto: nil, rng: &rng)
            appendFacts(mask: contact.mask, home: home, flags: SeedGenerator.flagContact | (chinese ? 0 : SeedGenerator.flagLatin), back: UInt8(k))
            let mail = "\(["buyer", "facilities", "finance", "ops"][k % 4]).\(cid)@\(slug).com.cn"
            try addIdentity(SeedIdentity(id: nextIdentity, customer: cid, kind: "email", value: mail, raw: mail, channel: SeedChannel.b2b,
                                         verified: true, seen: ccreated, rule: "created",
                                         evidence: "contact added to account #\(id) on the B2B portal"))
            nextIdentity += 1
            if let p = phone(for: cid, draft: contact, rng: &rng) {
                try addIdentity(SeedIdentity(id: nextIdentity, customer: cid, kind: "phone", value: p.value, raw: p.raw, channel: SeedChannel.b2b,
                                             verified: true, seen: ccreated, rule: "same_record",
                                             evidence: "email and phone arrived together on the B2B contact form"))
                nextIdentity += 1
            }
        }
    }
}
