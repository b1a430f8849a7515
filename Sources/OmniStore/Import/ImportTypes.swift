import Foundation

/// What can be imported. The first four read channel exports as they come; the rest are
/// omni's own documented format (see `ImportFormatDocs`).
public enum ImportKind: String, CaseIterable, Sendable, Codable {
    case shopifyOrders = "shopify-orders"
    case shopifyCustomers = "shopify-customers"
    case shopifyInventory = "shopify-inventory"
    case amazonOrders = "amazon-orders"
    /// Shopify orders as JSON Lines (webhook / Admin API shape), read into the same drafts as `shopify-orders`.
    case shopifyOrdersJSON = "shopify-orders-json"
    case customers, identities, orders, stock, movements, tickets, messages, touchpoints
    case skus, locations

    /// Whether the kind inserts orders (its files run as an `ImportBatch`).
    var writesOrders: Bool { self == .shopifyOrders || self == .amazonOrders || self == .orders || self == .shopifyOrdersJSON }

    public var isGeneric: Bool {
        switch self {
        case .shopifyOrders, .shopifyCustomers, .shopifyInventory, .amazonOrders, .shopifyOrdersJSON: return false
        default: return true
        }
    }
}

/// A row that cannot be read, and where: `orders.csv:42: Total "12,5x" is not a number`.
public struct RowIssue: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String
    public init(file: String, line: Int, reason: String) { self.file = file; self.line = line; self.reason = reason }
    public var description: String { "\(file):\(line): \(reason)" }
}

/// Why an import stopped. Nothing of the file was written when one of these is thrown.
public enum ImportFailure: Error, Sendable, CustomStringConvertible, Equatable {
    /// A bad row, and the import was not told to skip bad rows.
    case invalidRow(RowIssue)
    case unreadable(file: String, reason: String)
    /// The header lacks a column the format needs, or is not the format asked for.
    case badHeader(file: String, reason: String)

    public var description: String {
        switch self {
        case .invalidRow(let issue): return "\(issue) (nothing from \(issue.file) was imported; --skip-invalid imports the good rows)"
        case .unreadable(let file, let reason): return "\(file): \(reason)"
        case .badHeader(let file, let reason): return "\(file):1: \(reason)"
        }
    }
}

public struct ImportOptions: Sendable {
    /// Validate and count, then roll back: nothing is written.
    public var dryRun = false
    /// Import the good rows and report the bad ones, instead of stopping at the first.
    public var skipInvalid = false
    /// Channel for records whose own channel is unknown (generic files without a channel column,
    /// Shopify app sources omni does not know).
    public var channel: String?
    /// The shop a channel export comes from: its order references are namespaced by it
    /// (`SHOP/#1017`), so two shops' `#1017` stay two orders. Nil: the `import.shop` setting, else none.
    public var shop: String?
    /// Who writes, for the audit trail and merge records.
    public var operatorLogin = "import"
    /// "Now", for rows without a time of their own.
    public var now: Int64 = Int64(Date().timeIntervalSince1970)
    /// How spreadsheet dates (`02/01/2024`) are read; nil: decided by the file itself.
    public var dateOrder: DateOrder?
    /// Called every few thousand rows with (bytes read, file size, rows read).
    public var progress: (@Sendable (Int64, Int64, Int) -> Void)?
    public init() {}
}

/// Counts of one entity's rows: new, changed, already as the file says.
public struct EntityCounts: Sendable, Codable, Equatable {
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public init() {}
    public var total: Int { created + updated + unchanged }
}

/// What an import did (or, for a dry run, would do).
public struct ImportSummary: Sendable, Codable, Equatable {
    public var files: [String] = []
    public var kind: String = ""
    /// The shop the orders were namespaced by, when one was named.
    public var shop: String?
    public var dryRun = false
    public var rowsRead = 0
    public var rowsSkipped = 0
    public var customersCreated = 0
    public var customersMatched = 0
    public var customersMerged = 0
    public var customersSuggested = 0
    /// Contacts left out as junk or malformed (a "n/a" phone, "test@test.com").
    public var contactsIgnored = 0
    /// Per entity: "orders", "order_lines", "customers", "identities", "stock", "stock_movements",
    /// "skus", "products", "locations", "tickets", "ticket_messages", "touchpoints", "channel_skus".
    public var entities: [String: EntityCounts] = [:]
    public var issues: [RowIssue] = []
    /// What reading decided that the user should know (a file read as Windows-1252).
    public var notices: [String] = []
    /// What the file held that was left out without being an error: rows without a SKU,
    /// repeated SKUs, with their lines.
    public var notes: [String] = []
    public var seconds: Double = 0
    /// Customers whose lifecycle stage was brought up to date after the files (examined, changed).
    public var stagesExamined = 0
    public var stagesChanged = 0

    public init() {}

    mutating func created(_ entity: String, _ n: Int = 1) { entities[entity, default: EntityCounts()].created += n }
    mutating func updated(_ entity: String, _ n: Int = 1) { entities[entity, default: EntityCounts()].updated += n }
    mutating func unchanged(_ entity: String, _ n: Int = 1) { entities[entity, default: EntityCounts()].unchanged += n }

    public func counts(_ entity: String) -> EntityCounts { entities[entity] ?? EntityCounts() }

    public mutating func add(_ other: ImportSummary) {
        files += other.files
        shop = shop ?? other.shop
        rowsRead += other.rowsRead; rowsSkipped += other.rowsSkipped
        customersCreated += other.customersCreated; customersMatched += other.customersMatched
        customersMerged += other.customersMerged; customersSuggested += other.customersSuggested
        contactsIgnored += other.contactsIgnored
        for (k, v) in other.entities {
            entities[k, default: EntityCounts()].created += v.created
            entities[k, default: EntityCounts()].updated += v.updated
            entities[k, default: EntityCounts()].unchanged += v.unchanged
        }
        issues += other.issues
        notices += other.notices
        notes += other.notes
        seconds += other.seconds
        stagesExamined += other.stagesExamined
        stagesChanged += other.stagesChanged
    }
}

/// One record of any input format, read by column name.
public struct ImportRow {
    public let file: String
    public let line: Int
    enum Storage { case csv(CSVRecord, HeaderMap), json([String: Any]) }
    let storage: Storage
    /// The reading decisions of the row's input (date order), shared by its rows.
    var rules: ReadingRules? = nil

    /// The column's text, or nil when the column is missing or empty (JSON null too).
    public func text(_ name: String) -> String? {
        switch storage {
        case .csv(let record, let header):
            guard let i = header.position(name), !record.isEmpty(i) else { return nil }
            return record[i]
        case .json(let object):
            guard let value = object[name] else { return nil }
            switch value {
            case is NSNull: return nil
            case let s as String: return s.isEmpty ? nil : s
            case let b as Bool where type(of: value) == Bool.self: return b ? "true" : "false"
            case let i as Int: return String(i)
            case let i as Int64: return String(i)
            case let d as Double where d == d.rounded() && abs(d) < 9e15: return String(Int64(d))
            case let d as Double: return String(d)
            case let n as NSNumber: return n.stringValue
            default:
                guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return nil }
                return String(decoding: data, as: UTF8.self)
            }
        }
    }

    /// Text without surrounding white space, nil when empty.
    public func trimmed(_ name: String) -> String? {
        switch storage {
        case .csv(let record, let header):
            guard let i = header.position(name) else { return nil }
            return record.trimmed(i)
        case .json:
            guard let t = text(name)?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
            return t
        }
    }

    /// A structured value: a JSON column in CSV is parsed, a JSON Lines value is taken as is.
    func structured(_ name: String) throws -> Any? {
        switch storage {
        case .csv:
            guard let text = trimmed(name) else { return nil }
            do { return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
            catch { throw issue("\(name) is not valid JSON") }
        case .json(let object):
            guard let v = object[name], !(v is NSNull) else { return nil }
            return v
        }
    }

    public func has(_ name: String) -> Bool {
        switch storage {
        case .csv(_, let header): return header.has(name)
        case .json(let object): return object[name] != nil
        }
    }

    func issue(_ reason: String) -> ImportFailure { .invalidRow(RowIssue(file: file, line: line, reason: reason)) }
}

/// Column name -> position, matched case-insensitively and ignoring surrounding spaces.
final class HeaderMap {
    let names: [String]
    let index: [String: Int]
    init(_ names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() {
            let key = n.trimmingCharacters(in: .whitespaces)
            if index[key] == nil { index[key] = i }
            let lower = key.lowercased()
            if index[lower] == nil { index[lower] = i }
        }
        self.index = index
    }
    func has(_ name: String) -> Bool { position(name) != nil }

    private var resolved: [String: Int] = [:]
    /// The column's position (-1 cached for a missing column, so a miss costs one lookup too).
    func position(_ name: String) -> Int? {
        if let p = resolved[name] { return p < 0 ? nil : p }
        let p = index[name] ?? index[name.lowercased()] ?? index[name.trimmingCharacters(in: .whitespaces).lowercased()]
        resolved[name] = p ?? -1
        return p
    }
}
