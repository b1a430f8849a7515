import Foundation

/// How big a demo store `Seeder` builds.
public enum SeedSize: String, Sendable, CaseIterable, Codable {
    /// About 2k customers and 6 weeks of orders: tests and screenshots.
    case small
    /// About 100k customers and 4 months of orders.
    case medium
    /// About 1M customers and 4M orders over a year: the size the budgets in DESIGN.md are set for.
    case large
}

/// What to seed. The same options always give the same store content.
public struct SeedOptions: Sendable, Equatable {
    public var size: SeedSize
    /// The seed of the generator: another value gives another (equally plausible) store.
    public var seed: UInt64
    /// Unix seconds at which the history ends ("now" of the demo): today has orders up to this
    /// moment, some tickets are breaching at it, some appointments are later today.
    public var now: Int64

    public init(size: SeedSize = .small, seed: UInt64 = 1, now: Int64 = Int64(Date().timeIntervalSince1970)) {
        self.size = size
        self.seed = seed
        self.now = now
    }
}

/// Where a running seed is: reported per phase and every so many rows in the long phases.
public struct SeedProgress: Sendable, Equatable {
    public let phase: String
    public let done: Int
    public let total: Int
    public init(phase: String, done: Int, total: Int) {
        self.phase = phase
        self.done = done
        self.total = total
    }
}

/// What a seed wrote and how long it took.
public struct SeedSummary: Sendable, Equatable {
    /// Rows written per table (tables the seed did not touch are absent).
    public let rowCounts: [String: Int]
    /// Seconds per phase, in the order the phases ran.
    public let phases: [Phase]
    public let elapsedSeconds: Double

    public struct Phase: Sendable, Equatable {
        public let name: String
        public let seconds: Double
    }

    public var totalRows: Int { rowCounts.values.reduce(0, +) }

    /// One line per table, sorted by name, then the total time.
    public var report: String {
        var lines = rowCounts.keys.sorted().map { "\($0): \(rowCounts[$0] ?? 0)" }
        lines.append(String(format: "%.1f s", elapsedSeconds))
        return lines.joined(separator: "\n")
    }
}
