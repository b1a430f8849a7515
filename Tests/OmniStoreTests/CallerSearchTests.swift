import Foundation
import XCTest
@testable import OmniStore

/// Search the way callers speak (issue 15 item 2), on a small seeded store with a few known
/// customers added: phone and card endings, pinyin, initials, typos, narrowing words.
final class CallerSearchTests: XCTestCase {
    let now: Int64 = 1_795_000_000

    struct Known {
        var wangXueGuangzhou: [Int64] = []
        var wangXueShanghai: Int64 = 0
        var andersen: Int64 = 0
    }

    /// A seeded small store plus three 王雪 (two in Guangzhou), an Andersen, and phones and
    /// cards ending in 0042 (customer 42 exists and must not be what `0042` opens).
    func store() throws -> (Database, Known) {
        let path = try temporaryDirectory().appendingPathComponent("search.db").path
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: 11, now: now), progress: nil)
        let db = try Store.open(path: path)
        let resolver = IdentityResolver(db)
        var known = Known()
        func add(_ name: String, city: String, _ contacts: [ContactPoint]) throws -> Int64 {
            try resolver.resolve(contacts, name: name, city: city, channel: "store", source: "test", at: now).customerID
        }
        known.wangXueGuangzhou.append(try add("王雪", city: "Guangzhou", [ContactPoint(.phone, "+86 139 7700 0042"),
                                                                          ContactPoint(.loyaltyCard, "LC 7700 4786")]))
        known.wangXueGuangzhou.append(try add("王雪", city: "Guangzhou", [ContactPoint(.loyaltyCard, "LC 9911 0042")]))
        known.wangXueShanghai = try add("王雪", city: "Shanghai", [ContactPoint(.phone, "+86 138 1234 4786")])
        known.andersen = try add("Birgit Andersen", city: "Beijing", [ContactPoint(.email, "birgit@example.dk")])
        return (db, known)
    }

    /// Live customers with a phone or card ending in `digits`, read without the search's index.
    func endingGroundTruth(_ db: Database, _ digits: String) throws -> Set<Int64> {
        Set(try db.fetchAll("""
            SELECT DISTINCT c.id FROM identities i JOIN customers c ON c.id = i.customer_id
            WHERE i.kind IN ('phone','loyalty_card') AND i.value LIKE ? AND c.merged_into IS NULL
            """, ["%" + digits]).map { $0.int64(0) })
    }

    func testEndingsOfPhonesAndCardsListEveryMatchAndNeverAnID() throws {
        let (db, known) = try store()
        XCTAssertNotNil(try db.fetchOne("SELECT id FROM customers WHERE id = 42"), "the store has a customer 42")
        for typed in ["0042", "4786", "00 42", "7700-0042"] {
            let digits = typed.filter(\.isNumber)
            let hits = try CustomerQueries.search(db, typed)
            let expected = try endingGroundTruth(db, digits)
            XCTAssertGreaterThanOrEqual(expected.count, 1, typed)
            XCTAssertEqual(Set(hits.map(\.id)), expected, typed)
            XCTAssertEqual(hits.count, expected.count, "one row per customer: \(typed)")
            for h in hits {
                XCTAssertTrue(["phone ending", "card ending"].contains(h.matchedBy), "\(typed): \(h.matchedBy)")
                XCTAssertTrue(h.matched?.hasSuffix(String(digits.suffix(4))) == true, "\(typed): the masked match shows the ending: \(h.matched ?? "nil")")
            }
            if !expected.contains(42) { XCTAssertFalse(hits.contains { $0.id == 42 }, typed) }
        }
        let both = try CustomerQueries.search(db, "0042")
        XCTAssertTrue(Set(both.map(\.id)).isSuperset(of: known.wangXueGuangzhou), "a phone and a card both ending 0042")
        XCTAssertEqual(Set(try CustomerQueries.search(db, "4786").map(\.id)).intersection([known.wangXueGuangzhou[0], known.wangXueShanghai]),
                       [known.wangXueGuangzhou[0], known.wangXueShanghai])
        // A bare number under four digits is neither an id nor an ending; `#42` is the id.
        XCTAssertEqual(try CustomerQueries.search(db, "42"), [])
        XCTAssertTrue(TypedQuery("42").tooFewDigits)
        XCTAssertEqual(try CustomerQueries.search(db, "#42").map(\.id), [42])
        XCTAssertEqual(try CustomerQueries.search(db, "#42").map(\.matchedBy), ["id"])
        // A whole phone is still an exact identity.
        XCTAssertEqual(try CustomerQueries.search(db, "13812344786").map(\.id), [known.wangXueShanghai])
        XCTAssertEqual(try CustomerQueries.search(db, "13812344786").map(\.matchedBy), ["phone"])
    }

    func testNamesAsCallersSayThem() throws {
        let (db, known) = try store()
        let all = Set(known.wangXueGuangzhou + [known.wangXueShanghai])
        for typed in ["王雪", "wang xue", "wangxue", "Wang Xue", "wx", "wnag xue", "wang xeu"] {
            let hits = try CustomerQueries.search(db, typed, limit: 500)
            XCTAssertTrue(Set(hits.map(\.id)).isSuperset(of: all), "\(typed) finds every 王雪: \(hits.map(\.name))")
        }
        XCTAssertEqual(try CustomerQueries.search(db, "wang xue", limit: 500).first { all.contains($0.id) }?.matchedBy, "name")
        XCTAssertEqual(try CustomerQueries.search(db, "wnag xue", limit: 500).first { all.contains($0.id) }?.matchedBy, "similar name")
        // Initials and pinyin never bring a name without those syllables.
        for h in try CustomerQueries.search(db, "wang xue", limit: 500) {
            XCTAssertTrue(h.name.contains("王") || h.name.lowercased().contains("wang"), h.name)
        }

        let anderson = try CustomerQueries.search(db, "Anderson", limit: 500)
        XCTAssertTrue(anderson.contains { $0.id == known.andersen }, "Anderson finds Andersen: \(anderson.map(\.name))")
        XCTAssertTrue(anderson.allSatisfy { $0.matchedBy == "similar name" })
        XCTAssertEqual(try CustomerQueries.search(db, "Birgit Andersen").map(\.id), [known.andersen])
        XCTAssertEqual(try CustomerQueries.search(db, "Birgit Andersen").map(\.matchedBy), ["name"])
        XCTAssertEqual(try CustomerQueries.search(db, "zzqx"), [], "nothing near: nothing")

        // Trailing words narrow by city (Latin or Chinese), store or tier.
        let everyWangXue = try CustomerQueries.search(db, "王雪", limit: 500)
        for typed in ["王雪 guangzhou", "王雪 Guangzhou", "王雪 广州", "wang xue guangzhou"] {
            let hits = try CustomerQueries.search(db, typed, limit: 500)
            XCTAssertTrue(Set(hits.map(\.id)).isSuperset(of: known.wangXueGuangzhou), typed)
            XCTAssertFalse(hits.contains { $0.id == known.wangXueShanghai }, typed)
            XCTAssertTrue(hits.allSatisfy { $0.city == "Guangzhou" }, typed)
            XCTAssertLessThan(hits.count, everyWangXue.count, typed)
        }
        let gold = try CustomerQueries.search(db, "wang gold", limit: 500)
        XCTAssertFalse(gold.isEmpty)
        XCTAssertTrue(gold.allSatisfy { $0.tier == "gold" && $0.name.hasPrefix("王") }, "\(gold.map(\.name))")
    }

    func testCandidateRowsTellNamesakesApart() throws {
        let (db, known) = try store()
        let hits = try CustomerQueries.search(db, "王雪", limit: 500)
        let shanghai = try XCTUnwrap(hits.first { $0.id == known.wangXueShanghai })
        XCTAssertEqual(shanghai.maskedPhone, "+86138****4786")
        XCTAssertEqual(shanghai.city, "Shanghai")
        let cardOnly = try XCTUnwrap(hits.first { $0.id == known.wangXueGuangzhou[1] })
        XCTAssertNil(cardOnly.maskedPhone, "no phone, no masked phone")
        // A seeded customer with orders shows the last order and its channel.
        let buyer = try XCTUnwrap(try CustomerQueries.search(db, "王", limit: 200).first { $0.orderCount > 0 })
        XCTAssertNotNil(buyer.lastOrderAt)
        XCTAssertNotNil(buyer.lastChannel)
        let json = String(decoding: try JSONEncoder().encode(shanghai), as: UTF8.self)
        XCTAssertTrue(json.contains("\"maskedPhone\":\"+86138****4786\""), json)
    }

    /// The search and the resolver's lookup read typed text the same way (issue 17).
    func testOneReadingOfTypedText() throws {
        let (db, known) = try store()
        let resolver = IdentityResolver(db)
        for typed in ["+86 138 1234 4786", "13812344786", "lc 7700 4786", "LC77004786", "birgit@example.dk", " BIRGIT@example.dk "] {
            let exact = try CustomerQueries.search(db, typed).filter { $0.matchedBy != "phone ending" && $0.matchedBy != "card ending" }
            XCTAssertEqual(exact.count, 1, typed)
            XCTAssertEqual(try resolver.lookup(typed), exact.first?.id, typed)
        }
        XCTAssertEqual(try resolver.lookup("birgit@example.dk"), known.andersen)
        // An ending is for people choosing from a list, not for the resolver.
        XCTAssertNil(try resolver.lookup("4786"))
        XCTAssertEqual(TypedQuery("#42").customerID, 42)
        XCTAssertNil(TypedQuery("42").customerID)
        XCTAssertEqual(TypedQuery("0042").digitSuffix, "0042")
        XCTAssertFalse(TypedQuery("0042").hasNameWords)
        XCTAssertTrue(TypedQuery("wang 2").hasNameWords)
    }

    func testPinyinIndexText() {
        XCTAssertEqual(SearchText.indexText("王雪"), "王 雪 wang xue wx")
        XCTAssertEqual(SearchText.indexText("欧阳娜娜"), "欧 阳 娜 娜 ou yang na na oynn")
        XCTAssertEqual(SearchText.indexText("吕 Lily"), "吕 lily lu")
        XCTAssertEqual(SearchText.indexText("Zoë Müller"), "zoë müller")
        XCTAssertEqual(SearchText.pinyinSyllables("广州"), ["guang", "zhou"])
    }

    /// A store of the previous schema gains the search indexes and its names their pinyin.
    func testUpgradeIndexesNamesWithPinyin() throws {
        let (db, path) = try makeStore()
        let id = try IdentityResolver(db).resolve([ContactPoint(.phone, "+86 139 7700 0042")], name: "王雪", channel: "store",
                                                  source: "test", at: now).customerID
        try db.transaction {
            try db.execute("DROP INDEX identities_tail")
            try db.execute("UPDATE customers SET search_name = '王 雪' WHERE id = ?", [id])
            try db.execute("PRAGMA user_version = 2")
        }
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM customer_names WHERE customer_names MATCH 'wang'"), 0)
        let changes = try db.scalarInt("SELECT count(*) FROM change_log")
        let upgraded = try Store.open(path: path)
        XCTAssertEqual(try upgraded.scalarInt("PRAGMA user_version"), Migrator.currentVersion)
        XCTAssertEqual(try CustomerQueries.search(upgraded, "wang xue").map(\.id), [id])
        XCTAssertEqual(try CustomerQueries.search(upgraded, "0042").map(\.id), [id])
        XCTAssertEqual(try upgraded.scalarInt("SELECT count(*) FROM change_log"), changes, "re-indexing is not a change to show")
    }
}
