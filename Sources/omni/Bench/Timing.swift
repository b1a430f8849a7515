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

    /// p50 of `.timer on` real times over `runs` executions of `sql` (values already inlined).
    static func measure(path: String, sql: String, runs: Int) -> Double? {
        guard let shell else { return nil }
        var script = ".output /dev/null\n.timer on\n"
        for _ in 0..<(runs + 3) { script += sql.trimmingCharacters(in: .whitespacesAndNewlines) + ";\n" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = ["-readonly", path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        do { try process.run() } catch { return nil }
        input.fileHandleForWriting.write(Data(script.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let times = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line -> Double? in
            guard line.hasPrefix("Run Time: real ") else { return nil }
            return Double(line.dropFirst("Run Time: real ".count).split(separator: " ").first ?? "").map { $0 * 1000 }
        }
        guard times.count > 3 else { return nil }
        return Timing(Array(times.dropFirst(3))).p50
    }

    /// An SQL literal for the shell script (bench values are our own, quoted properly).
    static func literal(_ value: Any) -> String {
        switch value {
        case let s as String: return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        default: return "\(value)"
        }
    }
}
