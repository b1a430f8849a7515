import Foundation

/// Paces a simulator at a steady rate of events per second, for a duration or until told to stop.
public enum SimulationRunner {
    public struct Progress: Sendable {
        public var elapsed: Double
        public var totals: SimulationTotals
        public var rate: Double { elapsed > 0 ? Double(totals.events) / elapsed : 0 }
    }

    /// Runs on the calling thread (give it a queue or thread of its own). `clock` gives "now"
    /// in unix seconds for each event; `shouldStop` is polled between events. It also stops when
    /// the store cannot take writes at all (`Simulator.stopReason`).
    public static func run(_ simulator: Simulator, rate: Double, duration: Double?, clock: @escaping () -> Int64,
                           shouldStop: () -> Bool, progressEvery: Double = 1,
                           progress: ((Progress) -> Void)? = nil) -> Progress {
        let start = Date()
        var nextProgress = progressEvery
        var index = 0
        while !shouldStop() && simulator.stopReason == nil {
            let elapsed = Date().timeIntervalSince(start)
            if let duration, elapsed >= duration { break }
            let due = Double(index) / max(rate, 0.001)
            if due > elapsed {
                Thread.sleep(forTimeInterval: min(due - elapsed, 0.05))
                continue
            }
            simulator.step(now: clock())
            index += 1
            if let progress, elapsed >= nextProgress {
                progress(Progress(elapsed: elapsed, totals: simulator.totals))
                nextProgress += progressEvery
            }
        }
        return Progress(elapsed: Date().timeIntervalSince(start), totals: simulator.totals)
    }
}
