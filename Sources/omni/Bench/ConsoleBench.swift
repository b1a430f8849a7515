import Foundation

/// The console as a process: time to first frame, memory after opening each view, idle CPU.
/// Driven through tmux (a real terminal), so the figures include terminal setup and drawing.
enum ConsoleBench {
    struct Figures: Encodable {
        var firstFrameMs: Double
        var rssKiBByView: [String: Int]
        var idleCPUPercent: Double
        var idleSeconds: Double
        /// Milliseconds from another process's commit (the sqlite3 shell) to the pane showing
        /// the new order: p50 and p95 over the samples (only on bench's own demo stores).
        var externalWriteToScreenP50Ms: Double?
        var externalWriteToScreenP95Ms: Double?
    }

    static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// tmux through the shell with plain files: a tmux server started from Process keeps pipes open.
    @discardableResult
    static func tmux(_ socket: String, _ args: [String]) -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("omni-bench-tmux-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        _ = system((["tmux", "-L", socket] + args).map(shellQuote).joined(separator: " ") + " </dev/null >" + shellQuote(out.path) + " 2>&1")
        return (try? String(contentsOf: out, encoding: .utf8)) ?? ""
    }

    static func procField(_ pid: Int32, _ file: String) -> String { (try? String(contentsOfFile: "/proc/\(pid)/\(file)", encoding: .utf8)) ?? "" }

    static func rssKiB(_ pid: Int32) -> Int {
        for line in procField(pid, "status").split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    /// utime + stime in clock ticks.
    static func cpuTicks(_ pid: Int32) -> Int {
        let stat = procField(pid, "stat")
        guard let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13 else { return 0 }
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    static func measure(binary: String, store: String, idleSeconds: Double = 10, writable: Bool = false) -> Figures? {
        guard system("command -v tmux >/dev/null 2>&1") == 0 else { return nil }
        let socket = "omni-bench-\(getpid())"
        tmux(socket, ["kill-server"])
        defer { tmux(socket, ["kill-server"]) }
        let start = Date()
        tmux(socket, ["new-session", "-d", "-s", "b", "-x", "200", "-y", "60", "env", "TERM=xterm-256color", binary, "--db", store])
        var firstFrame: Double?
        while Date().timeIntervalSince(start) < 10 {
            if tmux(socket, ["capture-pane", "-p", "-t", "b"]).contains("1 Customers") {
                firstFrame = Date().timeIntervalSince(start) * 1000
                break
            }
            usleep(2_000)
        }
        guard let firstFrame, let pid = Int32(tmux(socket, ["display", "-p", "-t", "b", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return nil
        }
        var rss: [String: Int] = ["start": rssKiB(pid)]
        // Esc first each time: a search field that has the keyboard would take the digit as text.
        for (key, name) in [("2", "orders"), ("3", "stock"), ("4", "tickets"), ("5", "kpis"), ("1", "customers")] {
            tmux(socket, ["send-keys", "-t", "b", "Escape"])
            usleep(100_000)
            tmux(socket, ["send-keys", "-t", "b", key])
            usleep(400_000)
            rss[name] = rssKiB(pid)
        }
        usleep(500_000)
        let ticks0 = cpuTicks(pid)
        usleep(useconds_t(idleSeconds * 1_000_000))
        let ticks1 = cpuTicks(pid)
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        var latencies: [Double] = []
        if writable {
            // The Orders view, newest first: each order committed by the sqlite3 shell lands on top.
            tmux(socket, ["send-keys", "-t", "b", "Escape"])
            usleep(100_000)
            tmux(socket, ["send-keys", "-t", "b", "2"])
            usleep(500_000)
            let base = Int64(Date().timeIntervalSince1970)
            for i in 0..<20 {
                let ref = "LV\(getpid() % 1000)x\(i)"  // short: the ref column must not truncate it
                let sql = "INSERT INTO orders(channel, external_ref, status, fulfilment, placed_at, total, units) VALUES ('web', '\(ref)', 'paid', 'ship', \(base + Int64(i)), 100, 1);"
                guard system("sqlite3 \(shellQuote(store)) \(shellQuote(sql)) >/dev/null 2>&1") == 0 else { break }
                let committed = Date()
                while Date().timeIntervalSince(committed) < 5 {
                    if tmux(socket, ["capture-pane", "-p", "-t", "b"]).contains(ref) {
                        latencies.append(Date().timeIntervalSince(committed) * 1000)
                        break
                    }
                    usleep(2_000)
                }
                usleep(100_000)
            }
        }
        tmux(socket, ["send-keys", "-t", "b", "q"])
        let sorted = latencies.sorted()
        return Figures(firstFrameMs: firstFrame, rssKiBByView: rss,
                       idleCPUPercent: Double(ticks1 - ticks0) / hz / idleSeconds * 100, idleSeconds: idleSeconds,
                       externalWriteToScreenP50Ms: sorted.isEmpty ? nil : sorted[sorted.count / 2],
                       externalWriteToScreenP95Ms: sorted.isEmpty ? nil : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))])
    }
}
