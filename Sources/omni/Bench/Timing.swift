import Foundation

/// Percentiles of repeated timings, in milliseconds.
struct Timing: Encodable {
    var runs: Int
    var p50: Double
    var p99: Double
    var max: Double

    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        runs = sorted.count
        func at(_ q: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))]
        }
        p50 = at(0.5); p99 = at(0.99); max = sorted.last ?? 0
    }

    /// Runs `body` `runs` times after a few warm-up runs; milliseconds per run.
    static func measure(runs: Int, warmup: Int = 3, _ body: (Int) throws -> Void) rethrows -> Timing {
        for i in 0..<warmup { try body(i) }
        var samples: [Double] = []
        samples.reserveCapacity(runs)
        for i in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body(i)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        }
        return Timing(samples)
    }

    static func format(_ ms: Double) -> String {
        if ms >= 100 { return String(format: "%.0f ms", ms) }
        if ms >= 1 { return String(format: "%.2f ms", ms) }
        return String(format: "%.0f µs", ms * 1000)
    }
}

/// Times the same SQL in the sqlite3 shell on the same store, for a side-by-side ratio.
enum ShellTiming {
    static var shell: String? {
        for path in ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"] where FileManager.default.isExecutableFile(atPath: path) { return path }
        return nil
    }

    /// The shell's time per execution of `sql` (values already inlined): the wall time of a
    /// script running it `runs` times, less the same shell's start-up, divided by `runs`.
    /// (`.timer` reports whole milliseconds, too coarse for statements that take microseconds.)
    static func measure(path: String, sql: String, runs: Int) -> Double? {
        let statement = sql.trimmingCharacters(in: .whitespacesAndNewlines) + ";\n"
        guard let empty = wallTime(path: path, script: ".output /dev/null\n"),
              let full = wallTime(path: path, script: ".output /dev/null\n" + String(repeating: statement, count: runs)) else { return nil }
        return max(0, full - empty) / Double(runs)
    }

    /// Milliseconds the shell takes to run `script` on the store (best of three).
    static func wallTime(path: String, script: String) -> Double? {
        guard let shell else { return nil }
        var best: Double?
        for _ in 0..<3 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: shell)
            process.arguments = ["-readonly", path]
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let start = DispatchTime.now().uptimeNanoseconds
            do { try process.run() } catch { return nil }
            input.fileHandleForWriting.write(Data(script.utf8))
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { return nil }
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
            best = min(best ?? ms, ms)
        }
        return best
    }

    /// An SQL literal for the shell script (bench values are our own, quoted properly).
    static func literal(_ value: Any) -> String {
        switch value {
        case let s as String: return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        default: return "\(value)"
        }
    }
}
