import Foundation
import XCTest
import OmniStore
@testable import OmniUI

/// The console in a store with orders in rand, euro, dollars and yuan: every amount in its own
/// currency, and the KPI view in its reporting currency, at fixed sizes.
final class ViewMoneyTests: XCTestCase {
    /// An empty store (AppHarness's clock: 2025-12-29 09:20 UTC) given today's orders by import:
    /// a South African buyer's rand order and later yuan order, a euro order, a dollar order.
    func harness(width: Int, height: Int, rates: String? = nil) throws -> AppHarness {
        let h = try AppHarness(width: width, height: height, seed: false)
        let file = h.dir.appendingPathComponent("orders.csv")
        try """
        channel,external_ref,customer_ref,status,fulfilment,placed_at,currency,subtotal,discount,shipping,tax,total,refunded,lines
        web,#1017,email:thabo@example.co.za,paid,ship,2025-12-29T01:00:00Z,ZAR,150000,0,12800,15000,167800,0,"[{""sku"":""KET-01"",""name"":""Kettle"",""quantity"":2,""unit_price"":75000}]"
        web,E-1,email:anna@example.de,paid,ship,2025-12-29T02:00:00Z,EUR,1250,0,0,0,1250,0,[]
        app,U-1,email:joe@example.com,paid,ship,2025-12-29T03:00:00Z,USD,500,0,0,0,500,0,[]
        app,C-1,email:thabo@example.co.za,paid,ship,2025-12-29T04:00:00Z,CNY,9900,0,0,0,9900,0,[]

        """.write(to: file, atomically: true, encoding: .utf8)
        var options = ImportOptions()
        options.now = AppHarness.now
        _ = try Importer(h.db, options: options).importFile(.orders, file.path)
        try h.db.execute("UPDATE customers SET name = 'Thabo Nkosi' WHERE id IN (SELECT customer_id FROM orders WHERE currency = 'ZAR')")
        if let rates { _ = try FXRatesImport.importText(h.db, text: rates, file: "rates.csv") }
        h.settle(AppReducer.start(&h.state))  // the views read the store as it is now
        return h
    }

    func testKPIViewSaysItsReportingCurrencyAndListsAmountsWithoutARate() throws {
        let h = try harness(width: 80, height: 24)
        h.keys(.function(5))
        XCTAssertEqual(h.text, """
             omni  omni.db  alice (agent)                                09:20:00 UTC+00:00 
             1 Customers   2 Orders   3 Stock   4 Tickets  [5 KPIs]  6 Stores               
            ┌─ KPIs · supervisors · money in CNY ──────────────────── live, ≤ 1 refresh/s ─┐
            │today orders 4 · net ¥99.00 · AOV ¥99.00 · open tickets 0 · breaching 0 · as …│
            │┌─ Revenue today by channel ──────────────────────────── net, CNY · UTC day ─┐│
            ││ net ¥99.00 · AOV ¥99.00                                                    ││
            ││▶web                                                                  ¥0.00 ││
            ││ app          ████████████████████████████████████████████████████   ¥99.00 ││
            ││ wechat                                                               ¥0.00 ││
            ││ marketplace                                                          ¥0.00 ││
            ││ store                                                                ¥0.00 ││
            ││ callcentre                                                           ¥0.00 ││
            ││ b2b                                                                  ¥0.00 ││
            ││ + no fx rates loaded: €12.50 + US$5.00 + R 1,678.00                        ││
            │└────────────────────────────────────────────────────────────────────────────┘│
            │┌─ Orders today by channel ─────────────────────────────────── orders · AOV ─┐│
            ││ orders 4 · AOV by channel at right                                         ││
            ││ web          ████████████████████████████████████████████████████    2 · – ││
            ││ app          ██████████████████████████████████████████████████ 2 · ¥99.00 ││
            ││ wechat                                                               0 · – ││
            ││ marketplace                                                          0 · – ││
            │                                                              1-19/65 j/k PgDn│
            └──────────────────────────────────────────────────────────────────────────────┘
             NORMAL  d definitions  a audit  ↵ open  / filter  : command  ? help  q quit    
            """)
    }

    func testKPIViewConvertsWithTheRatesOfTheDayAndSaysTheirDate() throws {
        let rates = "date,base,quote,rate\n2025-12-28,ZAR,CNY,0.3921\n2025-12-29,EUR,CNY,7.80\n"
        let h = try harness(width: 200, height: 50, rates: rates)
        h.keys(.function(5))
        let s = try XCTUnwrap((h.state.currentScreen as? KPIScreen)?.snapshot)
        // 99.00 + 1,678.00 × 0.3921 + 12.50 × 7.80; the dollars have no rate.
        XCTAssertEqual(s.todayTotal.net, Money(minor: 9_900 + 65_794 + 9_750, currency: "CNY"))
        let lines = h.text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[2].contains("KPIs · supervisors · money in CNY"), lines[2])
        XCTAssertTrue(lines[3].hasPrefix("│today orders 4 · net ¥854.44 · AOV ¥284.81 · open tickets 0"), lines[3])
        let board = lines.joined(separator: "\n")
        XCTAssertTrue(board.contains("│ converted at rates of 2025-12-28: EUR 7.8, ZAR 0.3921"), board)
        XCTAssertTrue(board.contains("│ + no rate: US$5.00 "), board)
        XCTAssertTrue(board.contains("│ + no rate: US$5.00 "), board)
        XCTAssertTrue(board.contains("││▶web          ███████████████████████████████████████  ¥755.44 │"), board)
        XCTAssertTrue(board.contains("─ Revenue today by channel "), board)
        XCTAssertTrue(board.contains(" net, CNY · UTC day ─"), board)
    }

    func testARandOrderShowsRandInTheListTheDetailAndThe360() throws {
        let h = try harness(width: 80, height: 24)
        h.keys(.function(2))
        let list = h.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(list[3...7]), [
            "│  Order    Channel   Placed      Customer        Status          Total Promise│",
            "│▶ C-1      app       12-29 04:00 Thabo Nkosi     paid           ¥99.00 –      │",
            "│  U-1      app       12-29 03:00                 paid          US$5.00 –      │",
            "│  E-1      web       12-29 02:00                 paid           €12.50 –      │",
            "│  #1017    web       12-29 01:00 Thabo Nkosi     paid       R 1,678.00 –      │",
        ])
        h.keys(.char("j"), .char("j"), .char("j"), .enter)
        XCTAssertEqual(h.text.split(separator: "\n").prefix(10).joined(separator: "\n"), """
             omni  omni.db  alice (agent)                                09:20:00 UTC+00:00 
             1 Customers  [2 Orders]  3 Stock   4 Tickets   5 KPIs   6 Stores               
            ┌─ Order #1017 ────────────────────────────────────────────────────────────────┐
            │#1017  #1  web  placed 2025-12-29 01:00  status paid  promise –               │
            │customer Thabo Nkosi #1 (c opens the 360) · 2 units · total R 1,678.00        │
            │subtotal R 1,500.00 · discount R 0.00 · shipping R 128.00 · tax R 150.00      │
            │                                                                              │
            │┌─ Lines ─────────────────────────────────────────────────── s stock of SKU ─┐│
            ││▶ KET-01         Kettle ×2 @ R 750.00                                       ││
            │└────────────────────────────────────────────────────────────────────────────┘│
            """)
        h.keys(.char("c"))
        let card = h.text.split(separator: "\n").map(String.init)
        XCTAssertTrue(card[4].hasPrefix("│customer since 2025-12-29 · lifetime R 1,678.00 + ¥99.00 · 2 orders"), card[4])
        XCTAssertTrue(card.contains { $0.contains("#1017") && $0.contains("R 1,678.00") }, card.joined(separator: "\n"))
    }
}
