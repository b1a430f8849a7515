import XCTest
@testable import OmniStore

final class IdentityNormalizationTests: XCTestCase {
    func testPhonesNormaliseToE164WithChinaDefault() {
        let mainland = "+8613800138000"
        let table: [(String, String?)] = [
            ("13800138000", mainland),
            ("+86 138 0013 8000", mainland),
            ("+86-138-0013-8000", mainland),
            ("(+86) 138 0013 8000", mainland),
            ("0086 138 0013 8000", mainland),
            ("008613800138000", mainland),
            ("86 13800138000", mainland),
            ("8613800138000", mainland),
            ("'13800138000", mainland),            // Shopify / spreadsheet text marker
            ("'+86 138 0013 8000", mainland),
            ("  138 0013 8000  ", mainland),
            ("138.0013.8000", mainland),
            ("１３８００１３８０００", mainland),      // full-width digits from a Chinese IME
            ("021-6234 5678", "+862162345678"),     // landline, trunk 0 dropped
            ("+86 (0)21 6234 5678", "+862162345678"),
            ("+1 (415) 555-2671", "+14155552671"),  // other countries keep their explicit code
            ("0044 20 7946 0958", "+442079460958"),
            ("+44 20 7946 0958", "+442079460958"),
            ("12345", nil),                         // fewer than 6 digits
            ("+86 12345", nil),
            ("-1", nil),
            ("", nil),
            ("call me", nil),
            ("138 0013 8000 ext 12", nil),
            ("+1 234", nil),
            ("1234567890123456789", nil),           // longer than E.164 allows
        ]
        for (raw, expected) in table {
            XCTAssertEqual(IdentityNormalizer.normalize(.phone, raw), expected, "phone \"\(raw)\"")
        }
    }

    func testEmailsAreTrimmedAndLowerCasedOnly() {
        let table: [(String, String?)] = [
            ("  Wang.Wei@Example.COM ", "wang.wei@example.com"),
            ("LI+promo@QQ.com", "li+promo@qq.com"),            // no +tag stripping
            ("first.last@gmail.com", "first.last@gmail.com"),  // no gmail dot tricks
            ("mailto:A@B.CN", "a@b.cn"),
            ("no-at-sign", nil),
            ("a@b", nil),
            ("@example.com", nil),
            ("a@", nil),
            ("a@@example.com", nil),
            ("a b@example.com", nil),
            ("a@example..com", nil),
            ("", nil),
        ]
        for (raw, expected) in table {
            XCTAssertEqual(IdentityNormalizer.normalize(.email, raw), expected, "email \"\(raw)\"")
        }
    }

    func testOpaqueIdsAndCards() {
        XCTAssertEqual(IdentityNormalizer.normalize(.wechatOpenID, "  oAbC-12xYz_9 \n"), "oAbC-12xYz_9")
        XCTAssertEqual(IdentityNormalizer.normalize(.marketplaceID, " tb_Buyer88 "), "tb_Buyer88")
        XCTAssertEqual(IdentityNormalizer.normalize(.webAccount, "Wang.Wei "), "Wang.Wei")
        XCTAssertEqual(IdentityNormalizer.normalize(.loyaltyCard, " vip 0012 3456 "), "VIP00123456")
        XCTAssertNil(IdentityNormalizer.normalize(.loyaltyCard, "   "))
        XCTAssertNil(IdentityNormalizer.normalize(.wechatOpenID, ""))
    }

    /// The junk list as a real store has it (ReferenceData), plus the structural rules.
    func testJunkFromTheStoreListAndStructure() throws {
        let (db, _) = try makeStore()
        let junk = try IdentityJunkList.load(from: db)
        let junkEverywhere = ["", "  ", "null", "NULL", " n/a ", "N/A", "anonymous", "Anonymous", "-1", "undefined", "0"]
        for kind in IdentityKind.allCases {
            for raw in junkEverywhere {
                if case .valid(let v) = IdentityNormalizer.classify(kind, raw, junk: junk) {
                    XCTFail("\(kind) \"\(raw)\" accepted as \(v)")
                }
            }
        }
        let junkValues: [(IdentityKind, String)] = [
            (.phone, "00000000000"), (.phone, "0000 0000 000"), (.phone, "+86 111 1111 1111"), (.phone, "13888888888"),
            (.phone, "+86 138 0000 0000"), (.phone, "'13800000000"), (.phone, "12345678901"), (.phone, "999999"),
            (.email, "test@test.com"), (.email, " TEST@Test.com "), (.email, "noreply@example.com"),
            (.email, "xxx@example.org"), (.email, "not-an-email"),
            (.loyaltyCard, "0000 0000"), (.wechatOpenID, "xxxxxxxx"), (.webAccount, "00000000000"),
        ]
        for (kind, raw) in junkValues {
            guard case .junk = IdentityNormalizer.classify(kind, raw, junk: junk) else {
                XCTFail("\(kind) \"\(raw)\" should be junk"); continue
            }
        }
        XCTAssertEqual(IdentityNormalizer.classify(.phone, "+86 138 0013 8000", junk: junk), .valid("+8613800138000"))
        XCTAssertEqual(IdentityNormalizer.classify(.email, "Wang.Wei@Example.com", junk: junk), .valid("wang.wei@example.com"))
        XCTAssertEqual(IdentityNormalizer.classify(.loyaltyCard, "vip 1 2 3", junk: junk), .valid("VIP123"))
    }

    func testJunkListWildcardsForMailboxesAndDomains() {
        let junk = IdentityJunkList([("email", "noreply@*"), ("email", "*@example.invalid"), ("*", "none")])
        XCTAssertEqual(IdentityNormalizer.classify(.email, "NoReply@shop.cn", junk: junk).value, nil)
        XCTAssertEqual(IdentityNormalizer.classify(.email, "wang@example.invalid", junk: junk).value, nil)
        XCTAssertEqual(IdentityNormalizer.classify(.webAccount, "None", junk: junk).value, nil)
        XCTAssertEqual(IdentityNormalizer.classify(.email, "wang@shop.cn", junk: junk).value, "wang@shop.cn")
    }

    func testMasksKeepEvidenceReadableWithoutTheWholeValue() {
        XCTAssertEqual(IdentityMask.mask(.email, "wang.wei@example.com"), "w***@example.com")
        XCTAssertEqual(IdentityMask.mask(.phone, "+8613800138000"), "+86138****8000")
        XCTAssertEqual(IdentityMask.mask(.loyaltyCard, "VIP00123456"), "****3456")
        XCTAssertEqual(IdentityMask.mask(.wechatOpenID, "oAbC12345xyz"), "oAb***xyz")
    }
}
