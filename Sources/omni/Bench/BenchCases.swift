import Foundation
import OmniStore

/// The operations `omni bench` times, each with sample inputs drawn from the store itself.
struct BenchCases {
    struct Case {
        var name: String
        var budgetMs: Double?
        var shellSQL: String?
        var run: (Int) throws -> Void
    }

    let all: [Case]

    /// SQL with its `?` placeholders replaced by literals, for the sqlite3 shell.
    static func inline(_ sql: String, _ args: [DatabaseValueConvertible?]) -> String {
        var out = ""
        var i = 0
        for ch in sql {
            if ch == "?" && i < args.count {
                switch args[i]?.databaseValue ?? .null {
                case .null: out += "NULL"
                case .integer(let v): out += String(v)
                case .real(let d): out += String(d)
                case .text(let s): out += ShellTiming.literal(s)
                case .blob: out += "NULL"
                }
                i += 1
            } else {
                out.append(ch)
            }
        }
        return out
    }

    init(db: Database, path: String, now: Int64) throws {
        func sample(_ sql: String, _ n: Int = 64) throws -> [Row] {
            let rows = try db.fetchAll(sql, [n])
            guard !rows.isEmpty else { throw StoreError.invalid("the store has no data to bench (\(sql.prefix(60))…): seed it first") }
            return rows
        }
        let phones = try sample("SELECT value FROM identities WHERE kind = 'phone' ORDER BY id DESC LIMIT ?").map { $0.string(0) }
        let emails = try sample("SELECT value FROM identities WHERE kind = 'email' ORDER BY id DESC LIMIT ?").map { $0.string(0) }
        let openids = try sample("SELECT value FROM identities WHERE kind = 'wechat_openid' ORDER BY id DESC LIMIT ?").map { $0.string(0) }
        let customers = try sample("SELECT id FROM customers WHERE order_count > 2 AND merged_into IS NULL ORDER BY id DESC LIMIT ?").map { $0.int64(0) }
        let cjkNames = try sample("""
            SELECT name FROM customers WHERE unicode(name) BETWEEN 19968 AND 40959 AND length(name) >= 2 ORDER BY id LIMIT ?
            """).map { $0.string(0) }
        let orders = try sample("SELECT id FROM orders ORDER BY id DESC LIMIT ?").map { $0.int64(0) }
        let skus = try sample("SELECT sku_id FROM stock GROUP BY sku_id ORDER BY sku_id LIMIT ?").map { $0.int64(0) }
        let orderCount = try db.scalarInt("SELECT value FROM counters WHERE name = 'orders'")
        let middle = try db.fetchOne("SELECT placed_at, id FROM orders ORDER BY placed_at DESC, id DESC LIMIT 1 OFFSET ?", [orderCount / 2])
        let deep = middle.map { OrderCursor(placedAt: $0.int64(0), id: $0.int64(1)) }

        func identitySQL(_ kind: String, _ value: String) -> String {
            "SELECT customer_id, kind FROM identities WHERE kind = '\(kind)' AND value = \(ShellTiming.literal(value))"
        }
        func nameSQL(_ fragment: String) -> String {
            Self.inline(CustomerQueries.nameSearchSQL, [SearchText.matchExpression(fragment) ?? "", 50])
        }
        func orderPage(_ name: String, _ filter: OrderFilter, _ cursor: OrderCursor?) throws -> Case {
            let (sql, args) = try OrderQueries.pageSQL(db, filter: filter, after: cursor, limit: 50, now: now)
            return Case(name: name, budgetMs: 10, shellSQL: Self.inline(sql, args)) { _ in
                _ = try OrderQueries.page(db, filter: filter, after: cursor, limit: 50, now: now)
            }
        }
        let surname = String(cjkNames[0].prefix(1)), fullName = String(cjkNames[0].prefix(2))
        let cards = try sample("SELECT value FROM identities WHERE kind = 'loyalty_card' ORDER BY id DESC LIMIT ?").map { $0.string(0) }
        let endings = zip(phones, cards).flatMap { [String($0.suffix(4)), String($1.suffix(4))] }
        // Callers' names: the pinyin of two-character names, the same with the first two
        // letters swapped (a typo), and a name with its customer's city.
        let spoken = cjkNames.map { SearchText.pinyinSyllables(String($0.prefix(2))).joined(separator: " ") }
        let typos = spoken.map { s in s.count > 2 ? String(s[s.index(after: s.startIndex)]) + String(s.first!) + String(s.dropFirst(2)) : s }
        let withCity = try sample("""
            SELECT substr(name, 1, 2), lower(city) FROM customers WHERE unicode(name) BETWEEN 19968 AND 40959 AND length(name) >= 2
            AND city IN (SELECT city FROM locations) ORDER BY id LIMIT ?
            """).map { "\($0.string(0)) \($0.string(1))" }
        let suffixArgs: [DatabaseValueConvertible?] = [String(endings[0].suffix(4)), 4, endings[0], 100]
        let (ticketSQL, ticketArgs) = TicketQueries.pageSQL(filter: TicketFilter(), after: nil, limit: 50, now: now)
        var cases: [Case] = [
            Case(name: "identity lookup: phone", budgetMs: 1, shellSQL: identitySQL("phone", phones[0])) { i in
                _ = try CustomerQueries.search(db, phones[i % phones.count]) },
            Case(name: "identity lookup: email", budgetMs: 1, shellSQL: identitySQL("email", emails[0])) { i in
                _ = try CustomerQueries.search(db, emails[i % emails.count]) },
            Case(name: "identity lookup: openid", budgetMs: 1, shellSQL: identitySQL("wechat_openid", openids[0])) { i in
                _ = try CustomerQueries.search(db, openids[i % openids.count]) },
            Case(name: "name search: 1 CJK char (\(surname))", budgetMs: 20, shellSQL: nameSQL(surname)) { _ in
                _ = try CustomerQueries.search(db, surname) },
            Case(name: "name search: 2 CJK chars (\(fullName))", budgetMs: 20, shellSQL: nameSQL(fullName)) { _ in
                _ = try CustomerQueries.search(db, fullName) },
            Case(name: "name search: Latin prefix (wil)", budgetMs: 20, shellSQL: nameSQL("wil")) { _ in
                _ = try CustomerQueries.search(db, "wil") },
            Case(name: "search: last 4 digits of a phone or card", budgetMs: 20,
                 shellSQL: Self.inline(CustomerQueries.suffixSearchSQL, suffixArgs)) { i in
                _ = try CustomerQueries.search(db, endings[i % endings.count]) },
            Case(name: "search: pinyin (\(spoken[0]))", budgetMs: 20, shellSQL: nameSQL(spoken[0])) { i in
                _ = try CustomerQueries.search(db, spoken[i % spoken.count]) },
            Case(name: "search: pinyin with a typo (\(typos[0]))", budgetMs: 20, shellSQL: nil) { i in
                _ = try CustomerQueries.search(db, typos[i % typos.count]) },
            Case(name: "search: CJK name + city (\(withCity[0]))", budgetMs: 20, shellSQL: nil) { i in
                _ = try CustomerQueries.search(db, withCity[i % withCity.count]) },
            Case(name: "customer 360", budgetMs: 5, shellSQL: nil) { i in
                _ = try CustomerQueries.threeSixty(db, id: customers[i % customers.count], now: now) },
            try orderPage("orders: first page", OrderFilter(), nil),
            try orderPage("orders: deep page (keyset, middle)", OrderFilter(), deep),
            try orderPage("orders: first page, channel=wechat", OrderFilter(channel: "wechat"), nil),
            try orderPage("orders: first page, late", OrderFilter(lateOnly: true), nil),
            try orderPage("orders: deep page, channel=store", OrderFilter(channel: "store"), deep),
            Case(name: "order detail", budgetMs: 5, shellSQL: nil) { i in _ = try OrderQueries.detail(db, id: orders[i % orders.count], now: now) },
            Case(name: "stock of a SKU at all locations", budgetMs: 5, shellSQL: nil) { i in _ = try StockQueries.stock(db, skuID: skus[i % skus.count]) },
            Case(name: "low-stock list: first page", budgetMs: 10, shellSQL: nil) { _ in _ = try StockQueries.lowStock(db, limit: 50) },
            Case(name: "ticket queue: first page", budgetMs: 10, shellSQL: Self.inline(ticketSQL, ticketArgs)) { _ in
                _ = try TicketQueries.page(db, filter: TicketFilter(), after: nil, limit: 50, now: now) },
            Case(name: "KPI refresh", budgetMs: 50, shellSQL: nil) { _ in _ = try KPIQueries.snapshot(db, now: now) },
        ]
        if deep == nil { cases.removeAll { $0.name.contains("deep") } }
        all = cases
    }
}
