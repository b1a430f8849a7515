import Foundation

/// Where a customer stands, derived from their orders. The first rule that holds wins:
/// prospect (no order) · lapsed (last order ≥ lapsed_days ago) · at risk (last order ≥
/// at_risk_days ago, or with 3+ orders longer ago than gap_factor × their own median gap and at
/// least gap_min_days) · new (one order, within new_days) · repeat (a second-to-last order within
/// repeat_days, i.e. 2+ orders in that window) · active (everyone else).
public enum CustomerStage: String, Sendable, Codable, CaseIterable, Equatable {
    case prospect
    case new
    case active
    case repeating = "repeat"
    case atRisk = "at_risk"
    case lapsed

    /// The stored / shown name: `prospect`, `new`, `active`, `repeat`, `at_risk`, `lapsed`.
    public var name: String { rawValue }

    /// Accepts `at_risk`, `at-risk`, `atrisk`, any case.
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "-", with: "_")
        if let stage = CustomerStage(rawValue: key) { self = stage; return }
        if key == "atrisk" { self = .atRisk; return }
        return nil
    }
}

/// The order figures a stage is computed from (what the customer row carries, plus the median gap).
public struct LifecycleFigures: Sendable, Equatable, Codable {
    public var orderCount: Int
    public var firstOrderAt: Int64?
    public var lastOrderAt: Int64?
    public var prevOrderAt: Int64?
    /// Median days between consecutive orders (nil with fewer than two orders).
    public var gapMedianDays: Double?

    public init(orderCount: Int, firstOrderAt: Int64? = nil, lastOrderAt: Int64? = nil, prevOrderAt: Int64? = nil,
                gapMedianDays: Double? = nil) {
        self.orderCount = orderCount
        self.firstOrderAt = firstOrderAt
        self.lastOrderAt = lastOrderAt
        self.prevOrderAt = prevOrderAt
        self.gapMedianDays = gapMedianDays
    }
}

/// The `lifecycle.*` settings.
public struct LifecycleThresholds: Sendable, Equatable, Codable {
    public var lapsedDays: Int = 180
    public var atRiskDays: Int = 90
    public var gapFactor: Double = 2
    public var gapMinDays: Int = 30
    public var newDays: Int = 30
    public var repeatDays: Int = 365

    public init() {}

    /// Reads the settings table; a missing value keeps its default, a bad one throws.
    public static func load(_ db: Database) throws -> LifecycleThresholds {
        var t = LifecycleThresholds()
        for row in try db.fetchAll("SELECT key, value FROM settings WHERE key >= 'lifecycle.' AND key < 'lifecycle/'") {
            // Each value checked for type and range (Settings): a bad one is an error naming the key.
            let key = row.string(0), value = row.string(1)
            switch key {
            case "lifecycle.lapsed_days": t.lapsedDays = try Settings.integer(key, value) ?? t.lapsedDays
            case "lifecycle.at_risk_days": t.atRiskDays = try Settings.integer(key, value) ?? t.atRiskDays
            case "lifecycle.gap_factor": t.gapFactor = try Settings.number(key, value) ?? t.gapFactor
            case "lifecycle.gap_min_days": t.gapMinDays = try Settings.integer(key, value) ?? t.gapMinDays
            case "lifecycle.new_days": t.newDays = try Settings.integer(key, value) ?? t.newDays
            case "lifecycle.repeat_days": t.repeatDays = try Settings.integer(key, value) ?? t.repeatDays
            default: break
            }
        }
        return t
    }
}

/// A stage with the moment it next changes by the passing of time alone (nil: only an order changes it).
public struct LifecycleResult: Sendable, Equatable, Codable {
    public var stage: CustomerStage
    public var dueAt: Int64?
}

public enum Lifecycle {
    static let day: Int64 = 86_400

    /// The stage at `now` (first rule that holds wins). Pure.
    public static func classify(_ f: LifecycleFigures, at now: Int64, thresholds t: LifecycleThresholds) -> CustomerStage {
        guard f.orderCount > 0, let last = f.lastOrderAt else { return .prospect }
        let age = now - last
        if age >= Int64(t.lapsedDays) * day { return .lapsed }
        if age >= Int64(t.atRiskDays) * day { return .atRisk }
        if f.orderCount >= 3, let gap = f.gapMedianDays, gap >= 0,
           Double(age) > t.gapFactor * gap * Double(day), age >= Int64(t.gapMinDays) * day {
            return .atRisk
        }
        if f.orderCount == 1 && age < Int64(t.newDays) * day { return .new }
        if f.orderCount >= 2, let prev = f.prevOrderAt, prev >= now - Int64(t.repeatDays) * day { return .repeating }
        return .active
    }

    /// The moments at which some rule flips by time alone; the stage is constant between them.
    static func boundaries(_ f: LifecycleFigures, thresholds t: LifecycleThresholds) -> [Int64] {
        guard f.orderCount > 0, let last = f.lastOrderAt else { return [] }
        var times = [last + Int64(t.atRiskDays) * day, last + Int64(t.lapsedDays) * day]
        if f.orderCount == 1 { times.append(last + Int64(t.newDays) * day) }
        if let prev = f.prevOrderAt { times.append(prev + Int64(t.repeatDays) * day + 1) }
        if f.orderCount >= 3, let gap = f.gapMedianDays, gap >= 0 {
            let beyondGap = Int64((t.gapFactor * gap * Double(day)).rounded(.down)) + 1
            times.append(last + max(beyondGap, Int64(t.gapMinDays) * day))
        }
        return Array(Set(times)).sorted()
    }

    /// The stage now and when it would next change with no new order (e.g. new → active at
    /// first order + 30 d, active → at risk at last order + 90 d or by the gap rule, at risk →
    /// lapsed at + 180 d). Pure.
    public static func stage(for f: LifecycleFigures, now: Int64, thresholds t: LifecycleThresholds = LifecycleThresholds()) -> LifecycleResult {
        let current = classify(f, at: now, thresholds: t)
        for time in boundaries(f, thresholds: t) where time > now {
            if classify(f, at: time, thresholds: t) != current { return LifecycleResult(stage: current, dueAt: time) }
        }
        return LifecycleResult(stage: current, dueAt: nil)
    }

    /// When the customer entered the stage they are in at `now`, judged from their figures: the
    /// last order, or the later moment time moved them on (nil for prospects). Pure.
    public static func enteredAt(_ f: LifecycleFigures, now: Int64, thresholds t: LifecycleThresholds = LifecycleThresholds()) -> Int64? {
        guard f.orderCount > 0, let last = f.lastOrderAt else { return nil }
        let current = classify(f, at: now, thresholds: t)
        for time in boundaries(f, thresholds: t).reversed() where time <= now && time > last {
            if classify(f, at: time - 1, thresholds: t) != current { return time }
        }
        return last
    }

    /// Median of the gaps between consecutive order times, in days (nil with fewer than two).
    public static func medianGapDays(_ placedAt: [Int64]) -> Double? {
        guard placedAt.count >= 2 else { return nil }
        let times = placedAt.sorted()
        var gaps: [Int64] = []
        gaps.reserveCapacity(times.count - 1)
        for i in 1..<times.count { gaps.append(times[i] - times[i - 1]) }
        gaps.sort()
        let mid = gaps.count / 2
        let seconds = gaps.count % 2 == 1 ? Double(gaps[mid]) : (Double(gaps[mid - 1]) + Double(gaps[mid])) / 2
        return seconds / Double(day)
    }
}
