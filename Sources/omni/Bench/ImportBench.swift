import Foundation
import OmniStore

/// `omni bench --import ROWS`: the whole `omni import shopify-orders` command (the lifecycle step
/// included) timed on a generated Shopify orders export of realistic shape, into a fresh store.
///
/// The file is laid out as Shopify writes it: its 79 columns in their order; orders of 1-4
/// lines; every line row repeating the order's own columns (Name, Email, statuses, Currency,
/// Created at), totals and addresses on the first row; one customer in five buys again (40k
/// customers for 200k rows); emails and phones in export spelling.
enum ImportBench {
    static let header = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing",
        "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method", "Created at",
        "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping",
        "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street", "Billing Address1", "Billing Address2",
        "Billing Company", "Billing City", "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name",
        "Shipping Street", "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip",
        "Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes", "Cancelled at", "Payment Method",
        "Payment Reference", "Refunded Amount", "Vendor", "Outstanding Balance", "Employee", "Location", "Device ID", "Id", "Tags",
        "Risk Level", "Source", "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Tax 2 Name", "Tax 2 Value", "Tax 3 Name",
        "Tax 3 Value", "Tax 4 Name", "Tax 4 Value", "Tax 5 Name", "Tax 5 Value", "Phone", "Receipt Number", "Duties",
        "Billing Province Name", "Shipping Province Name", "Payment ID", "Payment Terms Name", "Next Payment Due At", "Payment References"]

    struct Figures: Encodable {
        var rows: Int
        var orders: Int
        var bytes: Int
        var generateSeconds: Double
        var wallSeconds: Double
        var rowsPerSecond: Double
        var importSeconds: Double
        var peakRSSMiB: Double
        /// CPU seconds (user + system, both threads) of the whole command: steadier than wall time on a shared machine.
        var cpuSeconds: Double
        var rowsPerCPUSecond: Double
        var againWallSeconds: Double
        var againRowsPerSecond: Double
    }

    /// Writes the file; returns its order count.
    static func generate(rows: Int, to path: String) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else {
            throw BenchFailure("\(path): cannot be written")
        }
        defer { try? out.close() }
        var rng = SplitMix(seed: 42)
        var text = header.joined(separator: ",") + "\n"
        let customers = max(1, rows / 5)
        let cities = ["Shanghai", "Beijing", "Cape Town", "Berlin", "Austin", "Lyon"]
        var written = 0, orders = 0
        let start: Int64 = 1_735_689_600 // 2025-01-01
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss Z"
        var pending = 0
        while written < rows {
            orders += 1
            let lines = min(rows - written, 1 + Int(rng.next() % 4))
            let c = Int(rng.next() % UInt64(customers))
            let name = "#\(1000 + orders)"
            let email = "buyer\(c)@example.com"
            let created = start + Int64(orders) * 397
            let when = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(created)))
            let status = rng.next() % 10 == 0 ? "pending" : "paid"
            let fulfilment = status == "paid" && rng.next() % 2 == 0 ? "fulfilled" : "unfulfilled"
            var prices: [Int] = []
            for _ in 0..<lines { prices.append(990 + Int(rng.next() % 40_000)) }
            let quantities = (0..<lines).map { _ in 1 + Int(rng.next() % 3) }
            let subtotal = zip(prices, quantities).reduce(0) { $0 + $1.0 * $1.1 }
            let shipping = 1000, tax = subtotal / 10
            let city = cities[c % cities.count]
            for l in 0..<lines {
                var v = [String](repeating: "", count: header.count)
                v[0] = name; v[1] = email; v[2] = status; v[3] = status == "paid" ? when : ""; v[4] = fulfilment
                v[6] = c % 3 == 0 ? "yes" : "no"; v[7] = "CNY"; v[15] = when
                v[16] = "\(quantities[l])"; v[17] = "Product \(prices[l] % 500) - Size \(l % 4)"; v[18] = money(prices[l])
                v[20] = "SKU-\(prices[l] % 500)-\(l % 4)"; v[21] = "true"; v[22] = "true"; v[23] = fulfilment == "fulfilled" ? "fulfilled" : "pending"
                v[58] = c % 7 == 0 ? "pos" : "web"
                if l == 0 {
                    v[8] = money(subtotal); v[9] = money(shipping); v[10] = money(tax); v[11] = money(subtotal + shipping + tax)
                    v[14] = "Standard"; v[24] = "Buyer \(c)"; v[26] = "\(c % 900) Road"; v[29] = city; v[30] = "\(10_000 + c % 89_999)"
                    v[32] = "CN"; v[33] = "'+86 138 \(String(format: "%04d %04d", c / 10_000 % 10_000, c % 10_000))"; v[34] = "Buyer \(c)"
                    v[39] = city; v[42] = "CN"; v[47] = "shopify_payments"; v[49] = "0.00"; v[51] = "0.00"; v[53] = c % 7 == 0 ? "Shanghai Jing'an Store" : ""
                    v[55] = "\(5_000_000_000 + orders)"; v[57] = "Low"; v[60] = "VAT 10%"; v[61] = money(tax)
                }
                let line = v.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\n"
                pending += line.utf8.count
                text += line
                written += 1
            }
            if pending > 1 << 20 { out.write(Data(text.utf8)); text = ""; pending = 0 }
        }
        out.write(Data(text.utf8))
        return orders
    }

    static func money(_ minor: Int) -> String { String(format: "%d.%02d", minor / 100, minor % 100) }

    /// A small deterministic generator (the same file on every machine).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Runs `omni import shopify-orders` as a user would, into a fresh store, then again on the same file.
    static func measure(rows: Int, binary: String) throws -> Figures {
        let dir = NSTemporaryDirectory() + "omni-import-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/orders_export.csv", store = dir + "/bench.db"
        let g = Date()
        let orders = try generate(rows: rows, to: file)
        let generateSeconds = Date().timeIntervalSince(g)
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? NSNumber)?.intValue ?? 0
        guard try run(binary, ["init", "--db", store]).status == 0 else { throw BenchFailure("cannot create \(store)") }
        let cpuBefore = childCPU()
        let first = try run(binary, ["import", "shopify-orders", file, "--db", store, "--json"])
        let cpu = childCPU() - cpuBefore
        guard first.status == 0 else { throw BenchFailure("the import failed: \(first.stderr)") }
        let importSeconds = (try? JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])?["seconds"] as? Double ?? 0
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        let again = try run(binary, ["import", "shopify-orders", file, "--db", store, "--json"])
        guard again.status == 0 else { throw BenchFailure("the second import failed: \(again.stderr)") }
        return Figures(rows: rows, orders: orders, bytes: bytes, generateSeconds: generateSeconds, wallSeconds: first.seconds,
                       rowsPerSecond: Double(rows) / first.seconds, importSeconds: importSeconds,
                       peakRSSMiB: Double(usage.ru_maxrss) / 1024, cpuSeconds: cpu, rowsPerCPUSecond: Double(rows) / max(cpu, 0.001),
                       againWallSeconds: again.seconds, againRowsPerSecond: Double(rows) / again.seconds)
    }

    struct BenchFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// User + system CPU seconds of the children waited for so far.
    static func childCPU() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    struct Run { var status: Int32; var stdout: String; var stderr: String; var seconds: Double }

    static func run(_ binary: String, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                   stderr: String(decoding: e, as: UTF8.self), seconds: Date().timeIntervalSince(started))
    }

    static func report(_ f: Figures, json: Bool) throws {
        if json { try Output.json(f); return }
        Output.line(String(format: "import shopify-orders, whole command (lifecycle step included), fresh store: %d rows, %d orders, %.1f MB",
                           f.rows, f.orders, Double(f.bytes) / 1_048_576))
        Output.line(String(format: "  %.2f s wall, %.0f rows/s (the import's own figure: %.2f s, %.0f rows/s); peak RSS %.0f MiB",
                           f.wallSeconds, f.rowsPerSecond, f.importSeconds, Double(f.rows) / max(f.importSeconds, 0.001), f.peakRSSMiB))
        Output.line(String(format: "  CPU (user + system, both threads): %.2f s, %.0f rows per CPU second", f.cpuSeconds, f.rowsPerCPUSecond))
        Output.line(String(format: "  the same file again (nothing changes): %.2f s wall, %.0f rows/s", f.againWallSeconds, f.againRowsPerSecond))
    }
}
