import Foundation

/// Search the way callers speak: what an agent types, read by `TypedQuery`, answered with
/// candidate rows (masked phone, city, last order, channel) that tell namesakes apart.
extension CustomerQueries {
    /// Names: rowid order, not rank (ranking a frequent character such as 王 scores every hit).
    /// The shape `nameRows` runs (without filters); `omni bench` times it in the sqlite3 shell.
    public static let nameSearchSQL = """
        SELECT \(hitColumns) FROM customer_names n JOIN customers c ON c.id = n.rowid
        WHERE customer_names MATCH ? AND c.merged_into IS NULL ORDER BY n.rowid LIMIT ?
        """

    /// Phones and cards whose value ends in the typed digits: the `identities_tail` bucket of
    /// the last four, then the whole ending compared in those rows.
    public static let suffixSearchSQL = """
        SELECT \(hitColumns), i.kind, i.value, c.merged_into FROM identities i JOIN customers c ON c.id = i.customer_id
        WHERE substr(i.value, -4) = ? AND i.kind IN ('phone','loyalty_card') AND substr(i.value, -?) = ?
        ORDER BY i.customer_id LIMIT ?
        """

    /// Tiers a trailing word may narrow by.
    static let tiers: Set<String> = ["member", "silver", "gold", "platinum"]
    /// Shortest Latin word the fuzzy step varies (shorter words are one edit from too much).
    static let fuzzyMinimumLength = 3

    /// Search as the agent types (see `TypedQuery` for how text is read):
    /// - `#1380`: that customer (followed through merges);
    /// - an exact identity (phone, email, openid, loyalty card, marketplace id, web account);
    /// - 4 or more digits: every customer with a phone or loyalty card ending in them;
    /// - a name: CJK characters as a phrase, Latin and pinyin words as whole words or, when
    ///   no name holds the word (or it is the last and leaves room), as beginnings (`wang xue`,
    ///   `wangxue`, `wx` find 王雪); trailing words that name a city with a store, a store or
    ///   a tier narrow the list (`王雪 guangzhou`, `emma gold`); when nothing matches, words
    ///   one typo away (`wnag xue`, `Anderson` → Andersen).
    /// A bare number is never an id, and a name search never runs on digits.
    public static func search(_ db: Database, _ query: String, limit: Int = 50) throws -> [CustomerHit] {
        let q = TypedQuery(query)
        var hits: [CustomerHit] = []
        var seen = Set<Int64>()
        func add(_ id: Int64, _ by: String, _ matched: String?) throws {
            guard hits.count < limit, let live = try liveID(db, id), !seen.contains(live),
                  let row = try db.fetchOne("SELECT \(hitColumns) FROM customers c WHERE c.id = ?", [live]) else { return }
            seen.insert(live)
            hits.append(hit(row, matchedBy: by, matched: matched))
        }
        if let id = q.customerID {
            try add(id, "id", nil)
            return hits
        }
        for candidate in q.identities {
            for row in try db.fetchAll("SELECT customer_id, kind, value FROM identities WHERE kind = ? AND value = ?",
                                       [candidate.kind.rawValue, candidate.value]) {
                try add(row.int64(0), row.string(1), Privacy.mask(kind: row.string(1), value: row.string(2)))
            }
        }
        if let digits = q.digitSuffix {
            for row in try db.fetchAll(suffixSearchSQL, [String(digits.suffix(4)), digits.count, digits, limit * 2]) {
                // The identity's columns follow the hit's.
                let n = hitColumnCount
                let kind = row.string(n), by = kind == "phone" ? "phone ending" : "card ending"
                let matched = Privacy.mask(kind: kind, value: row.string(n + 1))
                if row.optionalInt64(n + 2) == nil {
                    // Live (the common case): the row is the hit, no second read.
                    if hits.count < limit, seen.insert(row.int64(0)).inserted { hits.append(hit(row, matchedBy: by, matched: matched)) }
                } else {
                    try add(row.int64(0), by, matched)
                }
            }
        }
        // An identity or an ending is the answer; a name search on it adds only noise.
        if hits.isEmpty, q.hasNameWords {
            hits = try nameSearch(db, q.text, limit: limit)
        }
        return hits
    }

    /// A name search: all words as the name first, then trailing words as filters; the same
    /// again with typo alternatives when that found nobody. The first attempt with hits wins.
    static func nameSearch(_ db: Database, _ text: String, limit: Int) throws -> [CustomerHit] {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        var filterCache: [String: NameFilter?] = [:]
        func filter(_ word: String) throws -> NameFilter? {
            if let known = filterCache[word] { return known }
            let f = try NameFilter(db, word: word)
            filterCache[word] = f
            return f
        }
        var fuzzyCache: [String: [String]] = [:]
        var splitCache: [String: [String]] = [:]
        for fuzzy in [false, true] {
            for filterCount in 0..<words.count {
                let nameWords = words[..<(words.count - filterCount)]
                var filters: [NameFilter] = []
                for word in words[(words.count - filterCount)...] {
                    guard let f = try filter(word) else { break }
                    filters.append(f)
                }
                guard filters.count == filterCount else { continue }
                var searchWords: [SearchText.Word] = []
                var varied = false
                for word in nameWords {
                    let tokens = SearchText.tokens(word)
                    for token in fuzzy ? tokens : try splitRuns(db, tokens, cache: &splitCache) {
                        if fuzzy {
                            let others: [String]
                            if let known = fuzzyCache[token] { others = known } else {
                                others = try typoAlternatives(db, token)
                                fuzzyCache[token] = others
                            }
                            if !others.isEmpty {
                                varied = true
                                searchWords.append(SearchText.Word(terms: others, prefix: false))
                                continue
                            }
                        }
                        searchWords.append(SearchText.Word(terms: [token], prefix: !(try isWholeTerm(db, token))))
                    }
                }
                if fuzzy && !varied { continue }
                // A whole word is one lazily read term (µs); a beginning merges every term it
                // begins (`wang*` on 1M names: ms). Only the last word may still be being typed:
                // when it is a whole word, its beginnings fill up what the word leaves.
                var rows = try nameRows(db, searchWords, filters, limit: limit)
                if !fuzzy, rows.count < limit, let last = searchWords.last, !last.prefix, last.terms.count == 1,
                   !SearchText.isCJKToken(last.terms[0]) {
                    var widened = searchWords
                    widened[widened.count - 1].prefix = true
                    let known = Set(rows.map { $0.int64(0) })
                    rows += try nameRows(db, widened, filters, limit: limit).filter { !known.contains($0.int64(0)) }.prefix(limit - rows.count)
                }
                if !rows.isEmpty {
                    return rows.map { hit($0, matchedBy: fuzzy ? "similar name" : "name") }
                }
            }
        }
        return []
    }

    /// Name rows matching the words and every filter, in rowid order (ranking a frequent
    /// character would score every hit).
    static func nameRows(_ db: Database, _ words: [SearchText.Word], _ filters: [NameFilter], limit: Int) throws -> [Row] {
        guard let match = SearchText.matchExpression(words: words) else { return [] }
        var sql = """
            SELECT \(hitColumns) FROM customer_names n JOIN customers c ON c.id = n.rowid
            WHERE customer_names MATCH ? AND c.merged_into IS NULL
            """
        var args: [DatabaseValueConvertible?] = [match]
        for f in filters {
            sql += " AND " + f.sql
            args += f.args
        }
        sql += " ORDER BY n.rowid LIMIT ?"
        args.append(limit)
        return try db.fetchAll(sql, args)
    }

    /// Whether a Latin token is a whole index term (CJK characters are phrase parts: no).
    static func isWholeTerm(_ db: Database, _ token: String) throws -> Bool {
        guard !SearchText.isCJKToken(token) else { return false }
        return try termExists(db, exactly: SearchText.folded(token))
    }

    /// Latin words no index term begins with, split into index terms where they can be
    /// (`wangxue` → `wang xue`, the last piece a beginning: `wangx` → `wang x`); other tokens
    /// as they are.
    static func splitRuns(_ db: Database, _ tokens: [String], cache: inout [String: [String]]) throws -> [String] {
        var out: [String] = []
        for token in tokens {
            if let known = cache[token] { out += known; continue }
            var pieces = [token]
            let word = SearchText.folded(token)
            if word.unicodeScalars.count >= 4, word.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }),
               try !termExists(db, exactly: word), try !termExists(db, beginning: word), let split = try split(db, Array(word)) {
                pieces = split
            }
            cache[token] = pieces
            out += pieces
        }
        return out
    }

    /// `chars` as whole index terms of two or more letters followed by one beginning of a
    /// term, the longest first piece first; nil when there is no such split.
    static func split(_ db: Database, _ chars: [Character]) throws -> [String]? {
        guard chars.count >= 3 else { return nil }
        for cut in stride(from: chars.count - 1, through: 2, by: -1) {
            let head = String(chars[..<cut]), rest = Array(chars[cut...])
            guard try termExists(db, exactly: head) else { continue }
            if try termExists(db, beginning: String(rest)) { return [head, String(rest)] }
            if let more = try split(db, rest) { return [head] + more }
        }
        return nil
    }

    /// Whether some name holds this word. An FTS query on one whole term reads its doclist
    /// lazily, so LIMIT 1 stops at the first name (µs); the vocabulary table (fts5vocab) costs
    /// about 1 ms a probe, as it counts every term it passes.
    static func termExists(_ db: Database, exactly term: String) throws -> Bool {
        try probe(db, "\"" + term + "\"")
    }

    /// Whether some name holds a word beginning so (a prefix query: cheap when few words begin so).
    static func termExists(_ db: Database, beginning prefix: String) throws -> Bool {
        try probe(db, "\"" + prefix + "\"*")
    }

    private static func probe(_ db: Database, _ match: String) throws -> Bool {
        let s = try db.statement("SELECT 1 FROM customer_names WHERE customer_names MATCH ? LIMIT 1")
        s.reset()
        defer { s.reset() }
        s.bindText(1, match)
        return try s.step()
    }

    /// Index terms one typo away from a typed Latin word, when no term begins with the word
    /// itself (none for CJK, digits or words under three letters). Swapped neighbours and a
    /// missing letter are tried first (2 probes a letter); a wrong or an extra letter (51 a
    /// letter) only when those find nothing.
    static func typoAlternatives(_ db: Database, _ token: String) throws -> [String] {
        let word = SearchText.folded(token)
        guard word.unicodeScalars.count >= fuzzyMinimumLength,
              word.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else { return [] }
        if try termExists(db, beginning: word) { return [] }
        let cheap = SearchText.oneEditAway(word, replacingAndInserting: false)
        var found = try cheap.sorted().filter { try termExists(db, exactly: $0) }
        if found.isEmpty {
            found = try SearchText.oneEditAway(word).subtracting(cheap).sorted().filter { try termExists(db, exactly: $0) }
        }
        return found
    }
}

/// A trailing word of a name search read as a filter: a city with a store (`guangzhou`, or
/// `广州` by its pinyin), a store (a word of its name, or its code) or a tier. Nil when the
/// word is none of these.
struct NameFilter {
    var sql: String
    var args: [DatabaseValueConvertible?]

    init?(_ db: Database, word: String) throws {
        let key = NameFilter.key(word)
        guard key.count >= 2 else { return nil }
        var parts: [String] = []
        var args: [DatabaseValueConvertible?] = []
        let pinyinKey = SearchText.pinyinJoined(word)
        var cities: [String] = []
        var stores: [Int64] = []
        for row in try db.fetchAll("SELECT id, code, name, city FROM locations") {
            let city = row.string(3)
            if !city.isEmpty, !cities.contains(city), NameFilter.key(city) == key || NameFilter.key(city) == pinyinKey {
                cities.append(city)
            }
            let name = row.string(2).lowercased()
            if row.string(1).lowercased() == key || (word.count >= 3 && name.contains(word.lowercased())) {
                stores.append(row.int64(0))
            }
        }
        if !cities.isEmpty {
            parts.append("c.city COLLATE NOCASE IN (" + cities.map { _ in "?" }.joined(separator: ",") + ")")
            args += cities
        }
        if !stores.isEmpty {
            parts.append("c.home_location_id IN (" + stores.map { _ in "?" }.joined(separator: ",") + ")")
            args += stores
        }
        if CustomerQueries.tiers.contains(key) {
            parts.append("c.tier = ?")
            args.append(key)
        }
        guard !parts.isEmpty else { return nil }
        sql = "(" + parts.joined(separator: " OR ") + ")"
        self.args = args
    }

    /// Lower case, letters and digits only (`Xi'an` → `xian`, `New York` → `newyork`).
    static func key(_ text: String) -> String {
        String(SearchText.folded(text).unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
            .map(Character.init))
    }
}
