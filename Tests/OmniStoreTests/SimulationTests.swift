import Foundation
import XCTest
@testable import OmniStore

final class SimulationTests: XCTestCase {
    func testSimulatorKeepsRollupsTrueAndLosesNothing() throws {
        let path = try temporaryDirectory().appendingPathComponent("sim.db").path
        let now: Int64 = 1_795_000_000
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: 7, now: now), progress: nil)
        let db = try Store.open(path: path)
        let ordersBefore = try db.scalarInt("SELECT count(*) FROM orders")
        let ticketsBefore = try db.scalarInt("SELECT count(*) FROM tickets")
        let returnsBefore = try db.scalarInt("SELECT count(*) FROM returns")
        let simulator = try Simulator(db: db, seed: 42)
        for i in 0..<600 { simulator.step(now: now + Int64(i * 5)) }
        let t = simulator.totals
        XCTAssertEqual(t.failures, 0)
        XCTAssertEqual(t.events, 600)
        XCTAssertGreaterThan(t.orders, 50)
        XCTAssertGreaterThan(t.deliveries, 10)
        XCTAssertGreaterThan(t.tickets, 5)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM orders"), ordersBefore + t.orders, "every order written is in the store once")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM tickets"), ticketsBefore + t.tickets)
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM returns"), returnsBefore + t.returns)
        XCTAssertEqual(try Rollups.verify(db), [], "maintained rollups equal a recomputation")
        XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM stock WHERE reserved < 0"), 0)
    }

    func testSimulatorRefusesAnEmptyStore() throws {
        let (db, _) = try makeStore()
        XCTAssertThrowsError(try Simulator(db: db, seed: 1)) { error in
            XCTAssertTrue("\(error)".contains("omni seed"))
        }
    }

    func testConcurrentSimulatorAndReaderSeeNoBusyFailures() throws {
        let path = try temporaryDirectory().appendingPathComponent("sim.db").path
        let now: Int64 = 1_795_000_000
        _ = try Seeder.seed(path: path, options: SeedOptions(size: .small, seed: 3, now: now), progress: nil)
        let writer = try Store.open(path: path)
        let reader = try Store.open(path: path)
        let simulator = try Simulator(db: writer, seed: 9)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) let sim = simulator
        DispatchQueue.global().async {
            for i in 0..<300 { sim.step(now: now + Int64(i)) }
            done.signal()
        }
        var reads = 0
        while done.wait(timeout: .now()) == .timedOut {
            _ = try KPIQueries.snapshot(reader, now: now)
            reads += 1
        }
        XCTAssertGreaterThan(reads, 0)
        XCTAssertEqual(simulator.totals.failures, 0)
        XCTAssertEqual(simulator.totals.events, 300)
    }
}
