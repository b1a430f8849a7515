import Foundation
import Synchronization

/// How names are indexed and searched. FTS5's unicode61 tokenizer treats an unspaced CJK run
/// as one token, so each CJK character is indexed as a token of its own and a Chinese
/// fragment is searched as a phrase; Latin words are searched as prefixes.
///
/// A name with Chinese (Han) characters is also indexed the way callers say it: its pinyin
/// syllables without tones (王雪 → `wang xue`) and their initials (`wx`). So `wang xue` and
/// `wx` find 王雪 with the same prefix search as a Latin name; syllables typed together
/// (`wangxue`) are split into index terms at search time (`CustomerQueries`), which keeps one
/// term per syllable in the index (a term per whole name would make every `wang…` prefix
/// query merge thousands of terms).
public enum SearchText {
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F,
             0x3040...0x30FF, 0xAC00...0xD7AF:
            return true
        default:
            return false
        }
    }

    /// Han characters (not kana or hangul): the ones with a pinyin reading.
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }

    /// Pinyin of one Han character, lower-case ASCII without tones (雪 → `xue`, 吕 → `lu`), from
    /// Foundation's ICU transform (Han → Latin, then diacritics stripped). The transform costs
    /// about 200 µs a call, so each character is transformed once per process; names use a
    /// few thousand distinct characters.
    static func pinyin(_ scalar: Unicode.Scalar) -> String {
        if let known = pinyinCache.withLock({ $0[scalar] }) { return known }
        let latin = String(Character(scalar)).applyingTransform(.toLatin, reverse: false) ?? ""
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        var ascii = ""
        for s in plain.lowercased().unicodeScalars where ("a"..."z").contains(s) { ascii.unicodeScalars.append(s) }
        pinyinCache.withLock { $0[scalar] = ascii }
        return ascii
    }

    private static let pinyinCache = Mutex<[Unicode.Scalar: String]>([:])

    /// The pinyin terms indexed for a name: each syllable and, for two or more, their initials,
    /// per run of Han characters (`王雪` → `wang xue wx`). Empty without Han.
    static func pinyinTerms(_ name: String) -> [String] {
        var runs: [[String]] = []
        var run: [String] = []
        for scalar in name.unicodeScalars {
            if isHan(scalar) {
                let p = pinyin(scalar)
                if !p.isEmpty { run.append(p) }
            } else if !run.isEmpty {
                runs.append(run)
                run = []
            }
        }
        if !run.isEmpty { runs.append(run) }
        var terms: [String] = []
        for r in runs {
            terms += r
            if r.count > 1 { terms.append(String(r.compactMap(\.first))) }
        }
        return terms
    }

    /// The pinyin syllables of a text's Han characters (`王雪` → `["wang", "xue"]`).
    public static func pinyinSyllables(_ text: String) -> [String] {
        text.unicodeScalars.filter(isHan).map(pinyin).filter { !$0.isEmpty }
    }

    /// The pinyin of a text's Han characters run together (`广州` → `guangzhou`); nil without Han.
    static func pinyinJoined(_ text: String) -> String? {
        let syllables = text.unicodeScalars.filter(isHan).map(pinyin)
        return syllables.isEmpty ? nil : syllables.joined()
    }

    /// The text stored in `customers.search_name` for a display name: its words (each CJK
    /// character a word), then the pinyin terms of its Han characters.
    public static func indexText(_ name: String) -> String {
        let words = tokens(name)
        let pinyin = pinyinTerms(name).filter { !words.contains($0) }
        return (pinyin.isEmpty ? words : words + pinyin).joined(separator: " ")
    }

    /// The words of a text as the index splits them: lower case, punctuation as spaces, each
    /// CJK character a word of its own.
    static func tokens(_ text: String) -> [String] {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII {
                // The common case, without a Unicode property look-up.
                if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { out.unicodeScalars.append(scalar) } else { out += " " }
            } else if isCJK(scalar) {
                out += " \(Character(scalar)) "
            } else if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += " "
            }
        }
        return out.split(separator: " ").map(String.init)
    }

    /// A typed word folded as the index folds it (lower case, diacritics removed, as the
    /// `remove_diacritics 2` tokenizer does): `Müller` → `muller`. Used to compare typed words
    /// with index terms outside FTS (the fuzzy step).
    static func folded(_ word: String) -> String {
        word.lowercased().folding(options: [.diacriticInsensitive], locale: nil)
    }

    /// An FTS5 MATCH expression for what the user typed, or nil when nothing is searchable.
    /// Every term is quoted, so FTS syntax characters in the input are just text.
    public static func matchExpression(_ query: String) -> String? {
        matchExpression(words: tokens(query).map { Word(terms: [$0], prefix: true) })
    }

    /// One typed word as the terms it may be (the word, or its typo alternatives), each a
    /// whole term or a beginning.
    struct Word: Equatable {
        var terms: [String]
        var prefix: Bool
    }

    static func isCJKToken(_ token: String) -> Bool {
        token.unicodeScalars.count == 1 && token.unicodeScalars.first.map(isCJK) == true
    }

    /// A MATCH expression from typed words: CJK characters in a row are one phrase; any other
    /// word is its terms OR-ed, each whole or a beginning; words AND-ed.
    static func matchExpression(words: [Word]) -> String? {
        var parts: [String] = []
        var cjkRun: [String] = []
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func flushRun() {
            if !cjkRun.isEmpty { parts.append(quoted(cjkRun.joined(separator: " "))) }
            cjkRun = []
        }
        for word in words {
            guard let token = word.terms.first else { continue }
            if word.terms.count == 1, isCJKToken(token) {
                cjkRun.append(token)
            } else {
                flushRun()
                let terms = word.terms.map { quoted($0) + (word.prefix ? "*" : "") }
                parts.append(terms.count == 1 ? terms[0] : "(" + terms.joined(separator: " OR ") + ")")
            }
        }
        flushRun()
        // An explicit AND: FTS5 does not take an implicit AND next to a parenthesised group.
        return parts.isEmpty ? nil : parts.joined(separator: " AND ")
    }

    /// Words one edit away from `word` (a letter deleted, inserted, replaced, or two
    /// neighbours swapped: Damerau–Levenshtein distance 1), over a–z; about 55×length words,
    /// or 2×length without replacements and insertions. The fuzzy step looks each up as an
    /// index term.
    static func oneEditAway(_ word: String, replacingAndInserting: Bool = true) -> Set<String> {
        let chars = Array(word.unicodeScalars)
        let letters = Array("abcdefghijklmnopqrstuvwxyz".unicodeScalars)
        var out = Set<String>()
        func make(_ s: [Unicode.Scalar]) -> String { var t = ""; t.unicodeScalars.append(contentsOf: s); return t }
        for i in 0..<chars.count {
            var d = chars; d.remove(at: i); out.insert(make(d))
            if i + 1 < chars.count, chars[i] != chars[i + 1] {
                var t = chars; t.swapAt(i, i + 1); out.insert(make(t))
            }
            guard replacingAndInserting else { continue }
            for l in letters where l != chars[i] {
                var r = chars; r[i] = l; out.insert(make(r))
            }
        }
        for i in 0...chars.count where replacingAndInserting {
            for l in letters { var n = chars; n.insert(l, at: i); out.insert(make(n)) }
        }
        out.remove(word)
        return out
    }
}
