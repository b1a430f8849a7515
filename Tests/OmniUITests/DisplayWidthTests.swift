import XCTest
@testable import OmniUI

final class DisplayWidthTests: XCTestCase {
    func testASCII() {
        XCTAssertEqual("hello".displayWidth, 5)
        XCTAssertEqual("".displayWidth, 0)
        XCTAssertEqual(Character("a").displayWidth, 1)
    }

    func testCJKAndFullwidth() {
        XCTAssertEqual("王芳".displayWidth, 4)
        XCTAssertEqual("東京abc".displayWidth, 7)
        XCTAssertEqual("한국어".displayWidth, 6)
        XCTAssertEqual("ＡＢ".displayWidth, 4) // fullwidth forms
        XCTAssertEqual("カタカナ".displayWidth, 8)
        XCTAssertEqual("。".displayWidth, 2)
        XCTAssertEqual("𠀀".displayWidth, 2) // CJK extension B (plane 2)
    }

    func testEmoji() {
        XCTAssertEqual("🎉".displayWidth, 2)
        XCTAssertEqual("👍🏽".displayWidth, 2) // skin tone modifier
        XCTAssertEqual("❤️".displayWidth, 2) // text-default heart + VS16
        XCTAssertEqual("❤".displayWidth, 1) // without VS16: text presentation
        XCTAssertEqual("1️⃣".displayWidth, 2) // keycap
        XCTAssertEqual("🇨🇳".displayWidth, 2) // flag: regional indicator pair
        XCTAssertEqual("🇨🇳🇬🇧".displayWidth, 4)
    }

    func testZWJSequences() {
        let family = "👨‍👩‍👧"
        XCTAssertEqual(family.count, 1)
        XCTAssertEqual(family.displayWidth, 2)
        XCTAssertEqual("🏳️‍🌈".displayWidth, 2)
    }

    func testCombiningAndZeroWidth() {
        XCTAssertEqual("e\u{301}".displayWidth, 1)
        XCTAssertEqual("Zoë\u{308}".displayWidth, 3)
        XCTAssertEqual("a\u{200B}b".displayWidth, 2)
        XCTAssertEqual("\u{FE0F}".displayWidth, 0)
        XCTAssertEqual("\u{301}".displayWidth, 0)
        XCTAssertEqual("\u{1112}\u{1161}\u{11AB}".displayWidth, 2) // decomposed Hangul syllable
    }

    /// Text is measured scalar by scalar when every scalar is a grapheme of its own. Each
    /// scalar taken that way must never join its neighbours and be as wide as its grapheme.
    func testStandaloneScalarsAreGraphemesOfTheirOwnWidth() {
        var checked = 0
        for v in UInt32(0)...0xFFFF {
            guard let w = DisplayWidth.standaloneWidth(v), let scalar = Unicode.Scalar(v) else { continue }
            let s = String(scalar)
            XCTAssertEqual(("a" + s + "a").count, 3, "U+\(String(v, radix: 16)) joins a neighbour")
            XCTAssertEqual((s + s).count, 2, "U+\(String(v, radix: 16)) joins itself")
            XCTAssertEqual(w, DisplayWidth.width(of: scalar), "U+\(String(v, radix: 16))")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 40_000)
        for text in ["Cotton bedding set 纯棉四件套, sage 鼠尾草绿, 180", "¥1,055.00 · ✓ yes — ⚠ late", "한국어 カタカナ ＡＢ"] {
            XCTAssertEqual(text.standaloneWidth, text.graphemeWidth, text)
        }
        // Anything that may join a neighbour is measured by graphemes.
        for text in ["e\u{301}", "👍🏽", "🇨🇳", "❤️", "a\u{200B}b", "\u{1112}\u{1161}\u{11AB}", "\r\n", "🎉"] {
            XCTAssertNil(text.standaloneWidth, text)
        }
    }

    func testTruncationNeverSplitsWideCharacters() {
        XCTAssertEqual("王芳芳".truncated(toWidth: 4), "王…")
        XCTAssertEqual("王芳芳".truncated(toWidth: 5), "王芳…")
        XCTAssertEqual("王芳".truncated(toWidth: 4), "王芳")
        XCTAssertEqual("🎉🎉🎉".truncated(toWidth: 4), "🎉…")
        XCTAssertEqual("abcdef".truncated(toWidth: 4), "abc…")
        XCTAssertEqual("abcdef".truncated(toWidth: 0), "")
        XCTAssertEqual("abcdef".truncated(toWidth: 3, ellipsis: "..."), "...")
        for text in ["王芳芳芳", "a王b芳c", "🎉x🎉y", "👨‍👩‍👧👨‍👩‍👧"] {
            for w in 0...9 {
                XCTAssertLessThanOrEqual(text.truncated(toWidth: w).displayWidth, w, "\(text) @ \(w)")
            }
        }
    }

    func testPaddingAndFitting() {
        XCTAssertEqual("王".padded(toWidth: 4), "王  ")
        XCTAssertEqual("王".padded(toWidth: 4, align: .right), "  王")
        XCTAssertEqual("ab".padded(toWidth: 5, align: .center), " ab  ")
        XCTAssertEqual("王芳芳".fitted(toWidth: 4), "王… ")
        XCTAssertEqual("王芳芳".fitted(toWidth: 4).displayWidth, 4)
        XCTAssertEqual("42".rightAligned(toWidth: 5), "   42")
        XCTAssertEqual("abcdef".leftAligned(toWidth: 4), "abc…")
    }

    func testWrapping() {
        XCTAssertEqual("the quick brown fox".wrapped(toWidth: 10), ["the quick", "brown fox"])
        XCTAssertEqual("abcdefghij".wrapped(toWidth: 4), ["abcd", "efgh", "ij"])
        // CJK breaks between any two characters, and lines never exceed the width.
        XCTAssertEqual("王芳买了三件衣服".wrapped(toWidth: 5), ["王芳", "买了", "三件", "衣服"])
        XCTAssertEqual("hi 王芳买了".wrapped(toWidth: 6), ["hi 王", "芳买了"])
        XCTAssertEqual("one\ntwo".wrapped(toWidth: 10), ["one", "two"])
        for line in "Order 10023 王芳 🎉 shipped via 顺丰速运 today".wrapped(toWidth: 7) {
            XCTAssertLessThanOrEqual(line.displayWidth, 7, line)
        }
    }
}
