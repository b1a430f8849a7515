import Foundation
import XCTest
@testable import OmniStore

/// kpi_ticket_due (schema version 2): tickets breaching their SLA are the open tickets of the
/// due days before today, read from a rollup the ticket triggers keep, plus today's tickets
/// counted exactly up to `now`. The figure must equal a direct count at any `now`.
final class KPITicketDueRollupTests: XCTestCase {
    let now: Int64 = 1_795_000_000
    static let day: Int64 = 86_400

    // MARK: Helpers

    /// The rollup's rows as [due day: open tickets].
    func rollup(_ db: Database) throws -> [Int64: Int] {
        var days: [Int64: Int] = [:]
        for r in try db.fetchAll("SELECT day, open FROM kpi_ticket_due") { days[r.int64(0)] = r.int(1) }
        return days
    }

    /// The same counted here from the tickets: the UTC day of every numeric next deadline,
    /// truncated towards zero as SQLite's CAST does (a deadline written as text has no day).
    func recount(_ db: Database) throws -> [Int64: Int] {
        var days: [Int64: Int] = [:]
        for r in try db.fetchAll("SELECT sla_due_at FROM tickets WHERE sla_due_at IS NOT NULL") {
            switch r.values[0] {
            case .integer(let due): days[due / Self.day, default: 0] += 1
            case .real(let due): days[Int64((due / Double(Self.day)).rounded(.towardZero)), default: 0] += 1
            default: break
            }
        }
        return days
    }

    /// The definition the figure keeps: open tickets whose next deadline has passed.
    func direct(_ db: Database, now: Int64) throws -> Int {
        try db.scalarInt("SELECT count(*) FROM tickets WHERE sla_due_at IS NOT NULL AND sla_due_at < ?", [now])
    }

    /// Instants around `times`: each one, a second either side, and the bounds of its UTC day.
    func instants(around times: [Int64]) -> [Int64] {
        var out: Set<Int64> = []
        for t in times {
            let start = t / Self.day * Self.day
            out.formUnion([t - 1, t, t + 1, start - 1, start, start + 1, start + Self.day - 1, start + Self.day])
        }
        return out.sorted()
    }

    /// The rollup equals a recount (with no row of zeros left behind), and at every instant the
    /// pane's figure and the rows `--explain sla-breaches` lists equal a direct count.
    func assertTrue(_ db: Database, at instants: [Int64], _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try rollup(db), try recount(db), "rollup = recount: \(message)", file: file, line: line)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM kpi_ticket_due WHERE open <= 0"), 0,
                       "no empty or negative day: \(message)", file: file, line: line)
        for t in instants {
            let expected = try direct(db, now: t)
            XCTAssertEqual(try KPIQueries.snapshot(db, now: t).breachingTickets, expected, "figure at \(t): \(message)", file: file, line: line)
            let e = try XCTUnwrap(try KPIExplain.explain(db, name: "sla-breaches", now: t, limit: 1_000_000), file: file, line: line)
            XCTAssertEqual(e.figure, Int64(expected), "explained figure at \(t): \(message)", file: file, line: line)
            XCTAssertEqual(e.rowsFigure, e.figure, "rows agree at \(t): \(message)", file: file, line: line)
            XCTAssertEqual(e.count, expected, "row count at \(t): \(message)", file: file, line: line)
        }
    }

    /// Next deadlines of the open tickets, to probe the figure at and around each.
    func dues(_ db: Database, limit: Int = 40) throws -> [Int64] {
        try db.fetchAll("SELECT sla_due_at FROM tickets WHERE typeof(sla_due_at) = 'integer' ORDER BY random() LIMIT ?", [limit])
            .map { $0.int64(0) }
    }

    /// Runs SQL as another writer would: through the sqlite3 shell when installed, else a bare connection.
    func sqlite3(_ path: String, _ sql: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let sqlite = "/usr/bin/sqlite3"
        guard FileManager.default.isExecutableFile(atPath: sqlite) else {
            try Database(path: path).execute(sql)
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sqlite)
        process.arguments = ["-bail", path, sql]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, "sqlite3: \(message)", file: file, line: line)
    }

    /// A ticket row; `responded` sets first_response_at, so the next deadline is the resolution's.
    func ticket(_ id: Int, status: String = "open", firstDue: String, resolutionDue: String, responded: Bool = false) -> String {
        """
        INSERT INTO tickets(id, channel, subject, status, priority, created_at, updated_at, first_response_due, resolution_due,
                            first_response_at, resolved_at)
        VALUES (\(id), 'web', 'ticket \(id)', '\(status)', 'normal', \(now - 30 * Self.day), \(now - 30 * Self.day), \(firstDue), \(resolutionDue),
                \(responded ? String(now - 30 * Self.day) : "NULL"), \(status == "solved" || status == "closed" ? String(now - Self.day) : "NULL"));
        """
    }

    func seeded(_ seed: UInt64) throws -> (Database, String) {
        let path = try temporaryDirectory().appendingPathComponent("due.db").path
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: seed, now: now), progress: nil)
        return (try Store.open(path: path), path)
    }

    static let dueTriggers = ["rollup_tickets_due_insert", "rollup_tickets_due_update", "rollup_tickets_due_delete"]

    /// Tables, indexes and triggers with their SQL (ANALYZE's statistics tables left out).
    func schemaObjects(_ db: Database) throws -> Set<String> {
        Set(try db.fetchAll("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'")
            .map { $0.values.map { "\($0)" }.joined(separator: " | ") })
    }

    // MARK: Tests

    func testSeededStoreHasTheRollupAndTheFigureHoldsAtDayBoundaries() throws {
        let (db, _) = try seeded(7)
        XCTAssertGreaterThan(try rollup(db).count, 1, "open tickets fall due on several days")
        XCTAssertEqual(try Rollups.verify(db), [])
        let breaching = try KPIQueries.snapshot(db, now: now).breachingTickets
        XCTAssertGreaterThan(breaching, 0, "the seed leaves tickets breaching at its now")
        XCTAssertLessThan(breaching, try direct(db, now: Int64.max), "and some not yet")
        try assertTrue(db, at: instants(around: [now, now - 40 * Self.day, now + 10 * Self.day] + dues(db)), "seeded")
    }

    func testSimulatedWritesKeepItTrue() throws {
        let (db, _) = try seeded(5)
        let simulator = try Simulator(db: db, seed: 11)
        // 400 events 10 minutes apart: tickets are opened, answered and solved over three days.
        for i in 0..<400 { simulator.step(now: now + Int64(i * 600)) }
        XCTAssertEqual(simulator.totals.failures, 0)
        XCTAssertGreaterThan(simulator.totals.tickets, 5)
        XCTAssertEqual(try Rollups.verify(db), [])
        let end = now + 400 * 600
        try assertTrue(db, at: instants(around: [now, end] + dues(db, limit: 20)), "after the simulator")
    }

    func testTicketsWrittenResolvedReopenedMovedAndDeletedFromTheShell() throws {
        let (db, path) = try makeStore()
        let today = now / Self.day * Self.day
        try sqlite3(path, """
            \(ticket(1, status: "new", firstDue: "\(today)", resolutionDue: "\(today + 5 * Self.day)"))
            \(ticket(2, status: "new", firstDue: "\(today - 1)", resolutionDue: "\(today + Self.day)"))
            \(ticket(3, firstDue: "\(today - 9 * Self.day)", resolutionDue: "\(today + 50_000)", responded: true))
            \(ticket(4, status: "pending", firstDue: "\(today - 12 * Self.day)", resolutionDue: "\(today - 10 * Self.day)", responded: true))
            \(ticket(5, status: "new", firstDue: "\(now)", resolutionDue: "\(now + Self.day)"))
            \(ticket(6, status: "solved", firstDue: "\(today - 3 * Self.day)", resolutionDue: "\(today - 2 * Self.day)", responded: true))
            \(ticket(7, status: "new", firstDue: "\(today).5 - 1", resolutionDue: "\(today + Self.day)"))
            \(ticket(8, firstDue: "\(today - Self.day)", resolutionDue: "'end of the month'", responded: true))
            """)
        let probes = instants(around: [now, today - Self.day, today - 10 * Self.day, today + 50_000, today + 5 * Self.day])
        try assertTrue(db, at: probes, "tickets inserted")
        XCTAssertEqual(try KPIQueries.snapshot(db, now: now).breachingTickets, 4,
                       "2 (a second before today), 4 (ten days ago), 7 (half a second before today) and 1 (due on today's first second)")
        XCTAssertEqual(try KPIQueries.snapshot(db, now: today).breachingTickets, 3, "at today's first second, 1 is due, not late")
        XCTAssertEqual(try KPIQueries.snapshot(db, now: now + 1).breachingTickets, 5, "5 falls due at now")
        XCTAssertEqual(try rollup(db)[today / Self.day - 1], 2, "2 and 7 on yesterday; 8's text deadline has no day")

        try sqlite3(path, "UPDATE tickets SET status = 'solved', resolved_at = \(now) WHERE id IN (3, 4);")
        try assertTrue(db, at: probes, "tickets resolved")
        try sqlite3(path, "UPDATE tickets SET status = 'open', resolved_at = NULL WHERE id = 4;")
        try assertTrue(db, at: probes, "a ticket reopened")
        try sqlite3(path, "UPDATE tickets SET first_response_at = \(now - 60), agent_replies = 1 WHERE id = 1;")
        try assertTrue(db, at: probes, "a first response moves the deadline to the resolution's")
        // A priority change as a writer outside omni makes it: the deadlines are worked out again.
        try sqlite3(path, """
            UPDATE tickets SET priority = 'urgent', first_response_due = \(today + 7_200), resolution_due = \(today + Self.day) WHERE id = 2;
            UPDATE tickets SET priority = 'low' WHERE id = 5;
            """)
        try assertTrue(db, at: probes + instants(around: [today + 7_200]), "priorities changed")
        try sqlite3(path, "UPDATE tickets SET resolution_due = resolution_due + \(Self.day), updated_at = \(now);")
        try assertTrue(db, at: probes, "every resolution target a day later")
        try sqlite3(path, "UPDATE tickets SET resolution_due = \(today + 600) WHERE id = 8;")
        try assertTrue(db, at: probes, "a text deadline made a number")
        try sqlite3(path, "DELETE FROM tickets WHERE id IN (4, 6);")
        try assertTrue(db, at: probes, "tickets deleted")
        try sqlite3(path, "DELETE FROM tickets;")
        try assertTrue(db, at: probes, "every ticket deleted")
        XCTAssertEqual(try rollup(db), [:])
        XCTAssertEqual(try Rollups.verify(db), [])
    }

    /// Days are cut as SQLite's CAST cuts them (towards zero), so day 0 spans two days' seconds
    /// around 1970: the figure's range over today must follow that, not assume floor division.
    func testTheFigureHoldsAroundTheEpoch() throws {
        let (db, path) = try makeStore()
        let dues: [Int64] = [-Self.day - 5, -Self.day, -5, 0, 5, Self.day - 1, Self.day]
        try sqlite3(path, dues.enumerated().map { i, due in
            ticket(i + 1, status: "new", firstDue: "\(due)", resolutionDue: "\(due + Self.day)")
        }.joined(separator: "\n") + ticket(99, status: "new", firstDue: "-0.5", resolutionDue: "10"))
        try assertTrue(db, at: instants(around: dues + [-2 * Self.day]), "deadlines around 1970")
    }

    /// A version-1 store (no kpi_buyers_day, no kpi_ticket_due, the old triggers) gets the rollup
    /// counted from its tickets when it is upgraded, with the schema a new store has.
    func testVersion1StoreIsUpgradedWithTheRollupFilled() throws {
        let (fresh, _) = try makeStore()
        let (seededDB, path) = try seeded(3)
        try seededDB.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let v1 = try Database(path: path)
        try v1.transaction {
            try v1.execute("DROP TABLE kpi_buyers_day; DROP TABLE kpi_ticket_due")
            for name in ["rollup_customers_insert", "rollup_customers_merge", "rollup_customers_buyers", "rollup_customers_delete"]
                + Self.dueTriggers { try v1.execute("DROP TRIGGER \(name)") }
            try v1.execute(KPIBuyersRollupTests.version1CustomerTriggers)
            try v1.execute("PRAGMA user_version = 1")
        }
        // A version-1 writer's tickets: counted once the store is upgraded.
        try sqlite3(path, """
            \(ticket(900_001, status: "new", firstDue: "\(now - 3_600)", resolutionDue: "\(now + Self.day)"))
            UPDATE tickets SET status = 'solved', resolved_at = \(now) WHERE id = (SELECT min(id) FROM tickets WHERE sla_due_at < \(now));
            """)
        XCTAssertThrowsError(try Store.open(path: path, readOnly: true))
        XCTAssertEqual(try Migrator.status(of: v1), .needsUpgrade(from: 1))

        let db = try Store.open(path: path)
        XCTAssertEqual(try db.scalarInt("PRAGMA user_version"), Migrator.currentVersion)
        let upgraded = try schemaObjects(db), created = try schemaObjects(fresh)
        XCTAssertEqual(upgraded.subtracting(created), [], "the upgrade gives the schema a new store has")
        XCTAssertEqual(created.subtracting(upgraded), [], "the upgrade gives the schema a new store has")
        XCTAssertFalse(try rollup(db).isEmpty)
        XCTAssertEqual(try Rollups.verify(db), [])
        try assertTrue(db, at: instants(around: [now, now - 3_600] + dues(db, limit: 10)), "upgraded from version 1")
        try sqlite3(path, ticket(900_002, status: "new", firstDue: "\(now - 60)", resolutionDue: "\(now + Self.day)"))
        try assertTrue(db, at: [now - 61, now - 60, now], "written after the upgrade")
    }

    /// Stores that reached version 2 during development, before the rollup was part of it: a
    /// writable open (or `omni init`) adds it; a read-only open writes nothing and says so.
    func testDevelopmentVersion2StoreWithoutTheRollupIsCompletedOnOpen() throws {
        let (fresh, _) = try makeStore()
        for viaInit in [false, true] {
            let (db, path) = try makeStore()
            try db.transaction {
                for name in Self.dueTriggers { try db.execute("DROP TRIGGER \(name)") }
                try db.execute("DROP TABLE kpi_ticket_due")
            }
            try sqlite3(path, """
                \(ticket(1, status: "new", firstDue: "\(now - Self.day)", resolutionDue: "\(now + Self.day)"))
                \(ticket(2, firstDue: "\(now - 9 * Self.day)", resolutionDue: "\(now + 60)", responded: true))
                """)
            XCTAssertEqual(try Migrator.status(of: db), .current)
            XCTAssertThrowsError(try Store.open(path: path, readOnly: true)) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("kpi_ticket_due") && text.contains("without --read-only"), text)
            }
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'kpi_ticket_due'"), 0,
                           "a read-only open writes nothing")

            let opened = viaInit ? try Store.create(path: path) : try Store.open(path: path)
            XCTAssertEqual(try schemaObjects(opened), try schemaObjects(fresh), "completed to the schema a new store has (init: \(viaInit))")
            XCTAssertEqual(try rollup(opened), [(now - Self.day) / Self.day: 1, (now + 60) / Self.day: 1], "counted from the tickets (init: \(viaInit))")
            XCTAssertEqual(try Rollups.verify(opened), [])
            try assertTrue(opened, at: instants(around: [now, now + 60]), "completed (init: \(viaInit))")
            XCTAssertNoThrow(try Store.open(path: path, readOnly: true))
        }
    }

    func testVerifyCatchesABrokenRollupAndRebuildMendsIt() throws {
        let (db, _) = try seeded(9)
        XCTAssertEqual(try Rollups.verify(db), [])
        let breaks = [
            "UPDATE kpi_ticket_due SET open = open + 1 WHERE day = (SELECT max(day) FROM kpi_ticket_due)",
            "DELETE FROM kpi_ticket_due WHERE day = (SELECT min(day) FROM kpi_ticket_due)",
            "INSERT INTO kpi_ticket_due(day, open) VALUES (1, 3)",
        ]
        for broken in breaks {
            try db.execute(broken)
            let before = try rollup(db)
            let mismatches = try Rollups.verify(db)
            XCTAssertEqual(mismatches.count, 1, broken)
            XCTAssertTrue(mismatches.first?.hasPrefix("kpi_ticket_due:") ?? false, "\(mismatches) after \(broken)")
            XCTAssertEqual(try rollup(db), before, "verify leaves the store as it was")
            try db.transaction { try Rollups.rebuild(db) }
            XCTAssertEqual(try Rollups.verify(db), [], "rebuilt after \(broken)")
            try assertTrue(db, at: [now], "rebuilt after \(broken)")
        }
    }
}
