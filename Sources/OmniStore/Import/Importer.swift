import Foundation

/// Brings files into the store. Each file is one transaction: a bad row (unless skipped), a
/// store error or a dry run leaves the store exactly as it was. Rows are read as a stream;
/// lookups (SKU codes, locations, resolved contacts) are cached in dictionaries for the
/// length of one file, and every statement is prepared once.
public final class Importer {
    public let db: Database
    public var options: ImportOptions
    let resolver: IdentityResolver
    var summary = ImportSummary()
    var file = ""
    var fileName = ""
    var kind: ImportKind = .orders

    // Caches, valid for one file's transaction (cleared when it ends either way).
    var skuCache: [String: Int64?] = [:]
    /// The answer of `skuID` per channel and code (one look-up per order line on the hot path).
    var skuAnswers: [SkuKey: Int64?] = [:]
    struct SkuKey: Hashable { let channel: String?; let code: String }
    var channelSkuCache: [String: Int64?] = [:]
    var locationCache: [String: Int64] = [:]
    var contactCache: [String: Int64] = [:]
    static let contactCacheLimit = 50_000
    var productCache: [String: Int64] = [:]
    var junk: IdentityJunkList?
    /// Erased people's identities (privacy erasure), read once per importer.
    var erased: ErasedIdentities.Guard?
    /// Set while a file of orders is imported: its inserts are maintained set-wise (see ImportBatch).
    var batch: ImportBatch?
    /// Whether files of orders load in bulk (indexes rebuilt at the end); nil: decided by size.
    var bulkLoad: Bool?
    /// Orders between two applies of a batch's captured inserts (tests make it small).
    var batchApplyEvery = 50_000

    public init(_ db: Database, options: ImportOptions = ImportOptions()) {
        self.db = db
        self.options = options
        self.resolver = IdentityResolver(db)
        // Every resolution runs inside a unit that is rolled back as a whole on a throw (the
        // file's transaction, or the unit's savepoint with --skip-invalid): see `importFile` and `unit`.
        self.resolver.callerRollsBackOnError = true
    }

    struct DryRunRollback: Error {}

    /// Imports each file in its own transaction, in order; stops at the first file that fails
    /// (files before it stay imported). The summary adds up every file imported.
    public func importFiles(_ kind: ImportKind, _ paths: [String]) throws -> ImportSummary {
        var total = ImportSummary()
        total.kind = kind.rawValue
        total.dryRun = options.dryRun
        for path in paths {
            total.add(try importFile(kind, path))
        }
        return total
    }

    public func importFile(_ kind: ImportKind, _ path: String) throws -> ImportSummary {
        try importInput(kind, InputSpec(path))
    }

    /// Imports one input: a file, or standard input when its path is `-`.
    public func importInput(_ kind: ImportKind, _ input: InputSpec) throws -> ImportSummary {
        self.kind = kind
        file = input.displayName
        fileName = input.isStandardInput ? "stdin" : (input.path as NSString).lastPathComponent
        summary = ImportSummary()
        summary.files = [input.displayName]
        summary.kind = kind.rawValue
        summary.dryRun = options.dryRun
        let started = Date()
        let source = try RowSource(input, kind: kind, dateOrder: options.dateOrder, follow: nil)
        defer { clearCaches() }
        do {
            try db.transaction {
                let bulk = input.isStandardInput ? false : try bulkLoad ?? isBulk(input.path)
                batch = kind.writesOrders ? try ImportBatch(db, bulk: bulk, applyEvery: batchApplyEvery) : nil
                defer { batch = nil }
                try run(kind, source)
                try batch?.finish()
                summary.notices += source.notices
                if options.dryRun { throw DryRunRollback() }
            }
        } catch is DryRunRollback {
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// The summary of what `followInput` has committed so far (also after it failed).
    public private(set) var committed = ImportSummary()

    /// Follows an input as it grows (`--follow`): a file read to its end and then waited on, or a
    /// pipe read until its writer closes it. Rows are committed in small transactions, each
    /// ending when no input is waiting or within about a second, so other readers of the store
    /// (the console) see each order as it arrives. An order's rows stay in one transaction.
    /// Ends at the end of a pipe or when `stop` is set; a bad row (without --skip-invalid)
    /// rolls back its own transaction only and is thrown.
    public func followInput(_ kind: ImportKind, _ input: InputSpec, stop: FollowStop,
                            onCommit: ((ImportSummary) -> Void)? = nil) throws -> ImportSummary {
        self.kind = kind
        file = input.displayName
        fileName = input.isStandardInput ? "stdin" : (input.path as NSString).lastPathComponent
        summary = ImportSummary()
        summary.files = [input.displayName]
        summary.kind = kind.rawValue
        committed = summary
        let started = Date()
        let source = try RowSource(input, kind: kind, dateOrder: options.dateOrder, follow: stop)
        source.followRounds(stop, groupColumn: kind == .shopifyOrders ? "Name" : kind == .amazonOrders ? "order-id" : nil)
        defer { clearCaches() }
        var rows = 0
        while true {
            source.startRound()
            summary.rowsRead = 0
            do {
                try db.transaction {
                    batch = nil
                    try run(kind, source)
                }
            } catch {
                clearCaches()
                committed.seconds = Date().timeIntervalSince(started)
                throw error
            }
            clearCaches()
            let roundRows = summary.rowsRead
            rows += roundRows
            summary.rowsRead = rows
            summary.notices = source.notices
            summary.seconds = Date().timeIntervalSince(started)
            committed = summary
            if source.exhausted || stop.isStopped { break }
            if roundRows > 0 { onCommit?(summary) }
            source.waitForInput()
        }
        return summary
    }

    /// Whether a file is large next to the store: it may bring more orders than the store holds
    /// (an order of a channel export takes a few hundred bytes).
    func isBulk(_ path: String) throws -> Bool {
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
        let orders = try db.scalarInt("SELECT coalesce((SELECT value FROM counters WHERE name = 'orders'), 0)")
        return bytes / 400 > Int64(orders)
    }

    func clearCaches() {
        skuCache = [:]; skuAnswers = [:]; channelSkuCache = [:]; locationCache = [:]; contactCache = [:]; productCache = [:]
        resolver.reloadReferenceData()
        junk = nil
    }

    func run(_ kind: ImportKind, _ source: RowSource) throws {
        switch kind {
        case .shopifyOrders: try importShopifyOrders(source)
        case .shopifyOrdersJSON: try importShopifyOrdersJSON(source)
        case .shopifyCustomers: try eachRow(source) { try shopifyCustomer($0) }
        case .shopifyInventory: try importShopifyInventory(source)
        case .amazonOrders: try importAmazonOrders(source)
        case .customers: try eachRow(source) { try genericCustomer($0) }
        case .identities: try eachRow(source) { try genericIdentity($0) }
        case .orders: try eachRow(source) { try genericOrder($0) }
        case .stock: try eachRow(source) { try genericStock($0) }
        case .movements: try eachRow(source) { try genericMovement($0) }
        case .tickets: try eachRow(source) { try genericTicket($0) }
        case .messages: try eachRow(source) { try genericMessage($0) }
        case .touchpoints: try eachRow(source) { try genericTouchpoint($0) }
        case .skus: try eachRow(source) { try genericSKU($0) }
        case .locations: try eachRow(source) { try genericLocation($0) }
        }
    }

    // MARK: - Rows, errors, progress

    /// Reads the next row; a row the reader cannot parse is reported (or thrown).
    func nextRow(_ source: RowSource) throws -> ImportRow? {
        while true {
            do {
                let row = try source.next()
                if row != nil {
                    summary.rowsRead += 1
                    if summary.rowsRead % 4096 == 0, let progress = options.progress {
                        progress(source.bytesRead, source.totalBytes, summary.rowsRead)
                    }
                }
                return row
            } catch let failure as ImportFailure {
                guard case .invalidRow = failure else { throw failure }
                summary.rowsRead += 1
                try reject(failure, rows: 1)
                if source.stopsAfterError { return nil } // an unclosed quote runs to the end of the file
            }
        }
    }

    /// A unit (row or order) that cannot be imported: thrown, or recorded and skipped.
    func reject(_ failure: ImportFailure, rows: Int) throws {
        guard options.skipInvalid, case .invalidRow(let issue) = failure else { throw failure }
        summary.issues.append(issue)
        summary.rowsSkipped += rows
    }

    /// Runs `body` for one unit; with --skip-invalid inside a savepoint, so a unit that fails
    /// half-way leaves nothing behind.
    func unit(rows: Int, _ body: () throws -> Void) throws {
        if !options.skipInvalid {
            try body()
        } else {
            let saved = summary
            do {
                try db.transaction(body)
            } catch let failure as ImportFailure {
                contactCache = [:]; skuCache = [:]; skuAnswers = [:]; channelSkuCache = [:]; locationCache = [:]; productCache = [:]
                batch?.forgetLearnt()
                summary = saved
                try reject(failure, rows: rows)
            }
        }
        try batch?.applyIfLarge()
    }

    func eachRow(_ source: RowSource, _ body: (ImportRow) throws -> Void) throws {
        while let row = try nextRow(source) {
            try unit(rows: 1) { try body(row) }
        }
    }

    func source(_ row: ImportRow, _ what: String = "") -> String { source(line: row.line, what) }

    func source(line: Int, _ what: String = "") -> String {
        "\(kind.rawValue) \(fileName):\(line)\(what.isEmpty ? "" : " (\(what))")"
    }

    // MARK: - Customers

    func junkList() throws -> IdentityJunkList {
        if let junk { return junk }
        let j = try resolver.junkList()
        junk = j
        return j
    }

    func erasedGuard() throws -> ErasedIdentities.Guard {
        if let erased { return erased }
        let g = try ErasedIdentities.Guard(db)
        erased = g
        return g
    }

    /// The live customer for a record's contacts, resolved with the identity graph's guards;
    /// nil when no contact is usable (a guest). Junk contacts are counted and left out.
    /// `verdicts`: the contacts already classified (in order), when the caller has them.
    func resolveCustomer(_ contacts: [ContactPoint], verdicts known: [IdentityNormalizer.Verdict]? = nil, name: String, city: String = "",
                         kind: IdentityResolver.CustomerKind = .person,
                         channel: String, source: @autoclosure () -> String, at: Int64) throws -> (id: Int64, created: Bool)? {
        let junk = try junkList()
        var valid: [ContactPoint] = []
        var verdicts: [IdentityNormalizer.Verdict] = []
        var keys: [String] = []
        for (i, c) in contacts.enumerated() {
            let verdict = known?[i] ?? resolver.classify(c.kind, c.value, junk: junk, region: c.region)
            if let v = verdict.value {
                valid.append(c)
                verdicts.append(verdict)
                keys.append(c.kind.rawValue + "=" + v)
            } else {
                summary.contactsIgnored += 1
            }
        }
        guard !valid.isEmpty else { return nil }
        if !options.allowErased, try erasedGuard().isErased(zip(valid, verdicts).map { ($0.kind, $1.value ?? "") }) {
            summary.erasedSkipped += 1
            return nil
        }
        let key = keys.sorted().joined(separator: "\u{1F}")
        if let id = contactCache[key] {
            summary.customersMatched += 1
            return (id, false)
        }
        let resolution = try resolver.resolve(valid, verdicts: verdicts, name: name, kind: kind, city: city, channel: channel,
                                              source: source(), at: at, operator: options.operatorLogin)
        // A cache, not a copy of the identity graph: bounded, so memory stays flat on long files.
        if contactCache.count >= Self.contactCacheLimit { contactCache = [:] }
        switch resolution.outcome {
        case .created:
            summary.customersCreated += 1
            contactCache[key] = resolution.customerID
            return (resolution.customerID, true)
        case .matched:
            summary.customersMatched += 1
            contactCache[key] = resolution.customerID
        case .merged:
            summary.customersMerged += 1
            contactCache = [:]
        case .suggested:
            summary.customersSuggested += 1
            contactCache = [:]
        }
        return (resolution.customerID, false)
    }

    /// A customer named by `customer_ref` (`#ID` or `KIND:VALUE`) and/or the contact columns
    /// email, phone, wechat_openid, loyalty_card, marketplace_id, web_account.
    func customerReference(_ row: ImportRow, channel: String, at: Int64, name: String? = nil) throws -> Int64? {
        var contacts = contactColumns(row)
        if let ref = row.trimmed("customer_ref") {
            switch try parseCustomerRef(ref, row) {
            case .id(let id):
                guard let live = try resolver.liveCustomerID(for: id) else { throw row.issue("customer_ref \(ref): no customer #\(id)") }
                if contacts.isEmpty { return live }
                // Contacts given too: attach them to that customer through the resolver.
                _ = live
            case .identity(let kind, let value):
                contacts.insert(ContactPoint(kind, value), at: 0)
            }
        }
        guard !contacts.isEmpty else { return nil }
        return try resolveCustomer(contacts, name: name ?? row.trimmed("name") ?? "", city: row.trimmed("city") ?? "",
                                   channel: channel, source: source(row), at: at)?.id
    }

    enum CustomerRef { case id(Int64), identity(IdentityKind, String) }

    func parseCustomerRef(_ ref: String, _ row: ImportRow) throws -> CustomerRef {
        let digits = ref.hasPrefix("#") ? String(ref.dropFirst()) : ref
        if let id = Int64(digits) { return .id(id) }
        if let colon = ref.firstIndex(of: ":"), let kind = IdentityKind(rawValue: String(ref[..<colon])) {
            return .identity(kind, String(ref[ref.index(after: colon)...]))
        }
        throw row.issue("customer_ref \"\(ref)\" is neither #ID nor KIND:VALUE (email:ann@example.com, phone:+8613812345678)")
    }

    func contactColumns(_ row: ImportRow) -> [ContactPoint] {
        var contacts: [ContactPoint] = []
        for kind in IdentityKind.allCases {
            if let v = row.trimmed(kind.rawValue) { contacts.append(ContactPoint(kind, v)) }
        }
        return contacts
    }

    /// The reference an export writes for a customer: its oldest identity, else `#ID`.
    static func customerRef(_ db: Database, _ id: Int64) throws -> String {
        if let row = try db.fetchOne("SELECT kind, value FROM identities WHERE customer_id = ? ORDER BY id LIMIT 1", [id]) {
            return row.string(0) + ":" + row.string(1)
        }
        return "#\(id)"
    }

    // MARK: - Catalog and locations

    /// The SKU for a code: the channel's mapping first (channel_skus), then skus.code.
    func skuID(code: String, channel: String?) throws -> Int64? {
        let key = SkuKey(channel: channel, code: code)
        if let known = skuAnswers[key] { return known }
        let id = try lookUpSKU(code: code, channel: channel)
        skuAnswers[key] = id
        return id
    }

    /// Notes a SKU created by this import (answers cached before it existed are dropped).
    func rememberSKU(_ code: String, _ id: Int64) {
        skuCache[code] = id
        skuAnswers = [:]
    }

    private func lookUpSKU(code: String, channel: String?) throws -> Int64? {
        if let channel {
            let key = channel + "\u{1F}" + code
            if let cached = channelSkuCache[key] { if let id = cached { return id } }
            else {
                let mapped: Int64?? = try db.fetchOne("SELECT sku_id FROM channel_skus WHERE channel = ? AND code = ?", [channel, code])
                    .map { $0.optionalInt64(0) }
                channelSkuCache[key] = mapped ?? nil
                if let m = mapped, let id = m { return id }
            }
        }
        if let cached = skuCache[code] { return cached }
        let id = try db.fetchOne("SELECT id FROM skus WHERE code = ?", [code])?.optionalInt64(0)
        skuCache[code] = id
        return id
    }

    /// Notes a channel's code omni cannot map yet (the Stock view lists these).
    func recordUnmapped(channel: String, code: String) throws {
        let key = channel + "\u{1F}" + code
        if channelSkuCache[key] != nil { return }
        let exists = try db.fetchOne("SELECT 1 FROM channel_skus WHERE channel = ? AND code = ?", [channel, code]) != nil
        if !exists {
            try db.execute("INSERT INTO channel_skus(channel, code, sku_id) VALUES (?, ?, NULL)", [channel, code])
            summary.created("channel_skus")
        }
        channelSkuCache[key] = .some(nil)
    }

    /// A location by code or name; created as a store when `create` and missing.
    func locationID(_ nameOrCode: String, create: Bool, kind: String = "store") throws -> Int64? {
        if let id = locationCache[nameOrCode] { return id }
        if let row = try db.fetchOne("SELECT id FROM locations WHERE code = ? OR name = ? ORDER BY code = ? DESC LIMIT 1",
                                     [nameOrCode, nameOrCode, nameOrCode]) {
            locationCache[nameOrCode] = row.int64(0)
            return row.int64(0)
        }
        guard create else { return nil }
        var code = FieldParse.code(fromName: nameOrCode)
        var n = 2
        while try db.fetchOne("SELECT 1 FROM locations WHERE code = ?", [code]) != nil {
            code = FieldParse.code(fromName: nameOrCode) + "-\(n)"; n += 1
        }
        try db.execute("INSERT INTO locations(code, name, kind, can_pickup) VALUES (?, ?, ?, ?)",
                       [code, nameOrCode, kind, kind == "store" ? 1 : 0])
        let id = db.lastInsertRowID
        summary.created("locations")
        locationCache[nameOrCode] = id
        return id
    }

    func channelCode(_ text: String?, _ row: ImportRow) throws -> String {
        let code = text ?? options.channel ?? "web"
        guard Self.channels.contains(code) else {
            throw row.issue("channel \"\(code)\" is not one of \(Self.channels.joined(separator: ", "))")
        }
        return code
    }

    static let channels = ["web", "app", "wechat", "marketplace", "store", "callcentre", "b2b"]
    static let orderStatuses = ["pending", "paid", "fulfilled", "delivered", "cancelled", "returned"]
    static let fulfilments = ["ship", "pickup", "ship_from_store", "in_store"]

    func oneOf(_ row: ImportRow, _ column: String, _ allowed: [String], default fallback: String?) throws -> String {
        guard let v = row.trimmed(column) else {
            guard let fallback else { throw row.issue("\(column) is missing") }
            return fallback
        }
        guard allowed.contains(v) else { throw row.issue("\(column) \"\(v)\" is not one of \(allowed.joined(separator: ", "))") }
        return v
    }

    func required(_ row: ImportRow, _ column: String) throws -> String {
        guard let v = row.trimmed(column) else { throw row.issue("\(column) is missing") }
        return v
    }
}

/// The rows of one input: CSV (comma, semicolon or tab, detected from the header) or JSON
/// Lines (by extension or a first byte `{`), in UTF-8 (checked strictly), UTF-16 with its byte
/// order mark, or Windows-1252 when the whole file plainly is (with a notice). Every record is
/// checked before it becomes a row: no NUL byte, no invalid UTF-8, no field above
/// `ReadLimits.maxFieldBytes`; such a row is an issue naming its line and column.
final class RowSource {
    /// How the input is named in messages.
    let file: String
    let input: InputSpec
    private let bytes: ByteSource
    private var csv: CSVReader?
    private var jsonl: JSONLinesReader?
    private(set) var header: HeaderMap?
    let rules: ReadingRules
    /// What reading decided that the user should know.
    private(set) var notices: [String] = []
    private var windows1252 = false
    private var surveyedEncoding = false
    private var lastErrorStops = false
    /// The separator of a CSV input.
    private(set) var delimiter: UInt8 = UInt8(ascii: ",")

    /// Whether reading cannot go on after the error `next()` just threw (an unclosed quote, a
    /// record above the size limit); a row-level issue lets the next row be read.
    var stopsAfterError: Bool { lastErrorStops }
    /// The older name of `stopsAfterError`.
    var isCSV: Bool { stopsAfterError }

    convenience init(path: String, kind: ImportKind) throws {
        try self.init(InputSpec(path), kind: kind, dateOrder: nil, follow: nil)
    }

    init(_ input: InputSpec, kind: ImportKind, dateOrder: DateOrder?, follow: FollowStop?) throws {
        self.input = input
        file = input.displayName
        let source = try ByteSource(input, follow: follow)
        bytes = source
        rules = ReadingRules(file: file, surveyPath: source.isRegularFile && !input.isStandardInput ? input.path : nil, dateOrder: dateOrder)
        let ext = input.isStandardInput ? "" : (input.path as NSString).pathExtension.lowercased()
        var isJSON = ["jsonl", "ndjson", "json"].contains(ext) || kind == .shopifyOrdersJSON
        if !["csv", "tsv", "txt"].contains(ext) && !isJSON {
            let first = source.prefix(4096).first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            isJSON = first == UInt8(ascii: "{")
        }
        if isJSON {
            jsonl = JSONLinesReader(source: source)
            return
        }
        delimiter = Self.separator(source.prefix(1 << 16))
        // Amazon's flat-file reports are tab-separated without quoting.
        let reader = CSVReader(source: source, delimiter: delimiter, quoting: delimiter != UInt8(ascii: "\t") || kind != .amazonOrders)
        csv = reader
        let first: CSVRecord?
        do { first = try reader.next() } catch let failure as ImportFailure {
            if case .invalidRow(let issue) = failure { throw ImportFailure.badHeader(file: file, reason: issue.reason) }
            throw failure
        }
        guard var first else { header = HeaderMap([]); return }
        if let problem = try check(&first, header: true) { throw ImportFailure.badHeader(file: file, reason: problem) }
        let names = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen: [String: Int] = [:]
        for (i, name) in names.enumerated() where !name.isEmpty {
            if let earlier = seen[name.lowercased()] {
                throw ImportFailure.badHeader(file: file, reason: "columns \(earlier + 1) and \(i + 1) are both named \"\(name)\": which one counts is unclear; rename or remove one")
            }
            seen[name.lowercased()] = i
        }
        header = HeaderMap(names)
    }

    /// The separator of the header line: the most frequent of comma, semicolon and tab outside
    /// quotes (comma when none is there: a file of one column).
    static func separator(_ head: ArraySlice<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [0x2C: 0, 0x3B: 0, 0x09: 0]
        var inQuotes = false
        for b in head {
            if b == 0x22 { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if b == 0x0A || b == 0x0D { break }
            if counts[b] != nil { counts[b]! += 1 }
        }
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!
        return best.value == 0 ? 0x2C : best.key
    }

    var bytesRead: Int64 { csv?.bytesRead ?? jsonl?.bytesRead ?? 0 }
    var totalBytes: Int64 { csv?.totalBytes ?? jsonl?.totalBytes ?? 0 }
    /// Runs before a following reader waits for more input.
    var onIdle: (() -> Void)? {
        get { bytes.onIdle }
        set { bytes.onIdle = newValue }
    }

    // MARK: Following a growing input in rounds

    /// Set by `followInRounds`: `next()` then ends a round (returns nil) at a record boundary
    /// when no input is waiting, or when the round is a second old and the next record starts
    /// a new unit (a new value of `groupColumn`, the order's rows kept together).
    private var rounds: (stop: FollowStop, groupColumn: String?)?
    private var roundStarted = Date()
    private var held: ImportRow?
    private var lastGroup: String?
    /// The input's true end was reached (a pipe closed, or the follow was stopped).
    private(set) var exhausted = false

    func followRounds(_ stop: FollowStop, groupColumn: String?) { rounds = (stop, groupColumn) }
    /// `at` is for tests: a round started long ago ends at the next unit's first row.
    func startRound(_ at: Date = Date()) { roundStarted = at }
    func waitForInput() { if let rounds { bytes.waitForData(rounds.stop) } }

    func next() throws -> ImportRow? {
        guard let rounds else { return try nextRow() }
        if let row = held { held = nil; return remember(row, rounds.groupColumn) }
        if rounds.stop.isStopped { exhausted = true; return nil }
        guard bytes.hasDataNow() else { return nil }
        guard let row = try nextRow() else { exhausted = true; return nil }
        if Date().timeIntervalSince(roundStarted) >= 1 {
            guard let column = rounds.groupColumn, let group = row.trimmed(column), group == lastGroup else {
                held = row
                return nil
            }
        }
        return remember(row, rounds.groupColumn)
    }

    private func remember(_ row: ImportRow, _ column: String?) -> ImportRow {
        if let column { lastGroup = row.trimmed(column) }
        return row
    }

    private func nextRow() throws -> ImportRow? {
        lastErrorStops = false
        if let csv, let header {
            var record: CSVRecord
            do {
                guard let r = try csv.next() else { return nil }
                record = r
            } catch {
                lastErrorStops = true
                throw error
            }
            if let problem = try check(&record, header: false) {
                throw ImportFailure.invalidRow(RowIssue(file: file, line: record.line, reason: problem))
            }
            return ImportRow(file: file, line: record.line, storage: .csv(record, header), rules: rules)
        }
        if let jsonl {
            do {
                guard let (line, object) = try jsonl.next() else { return nil }
                for (key, value) in object {
                    if let text = value as? String, text.utf8.count > ReadLimits.maxFieldBytes {
                        throw ImportFailure.invalidRow(RowIssue(file: file, line: line, reason: "\(key) is \(text.utf8.count) bytes long; omni reads fields up to 64 KiB (\(ReadLimits.maxFieldBytes) bytes)"))
                    }
                }
                return ImportRow(file: file, line: line, storage: .json(object), rules: rules)
            } catch {
                lastErrorStops = jsonl.broken
                throw error
            }
        }
        return nil
    }

    private func column(_ record: CSVRecord, at offset: Int, header isHeader: Bool) -> String {
        let i = record.ends.firstIndex { $0 > offset } ?? max(0, record.ends.count - 1)
        if !isHeader, let names = header?.names, i < names.count, !names[i].isEmpty { return "column \(names[i])" }
        return "column \(i + 1)"
    }

    /// What is wrong with a record's bytes (nil when nothing); a Windows-1252 file's record is decoded here.
    private func check(_ record: inout CSVRecord, header isHeader: Bool) throws -> String? {
        if let problem = TextCheck.firstProblem(record.bytes[...]) {
            if problem.isNUL {
                return "a NUL byte in \(column(record, at: problem.offset, header: isHeader)); a text export holds none (is this a binary or UTF-16 file?)"
            }
            if !windows1252 && !surveyedEncoding, let path = rules.surveyPath {
                surveyedEncoding = true
                if try TextCheck.survey(path: path).isPlainWindows1252 {
                    windows1252 = true
                    notices.append("\(file) is not UTF-8 (byte 0x\(String(problem.byte, radix: 16, uppercase: true)) on line \(record.line), \(column(record, at: problem.offset, header: isHeader))): read as Windows-1252, the only encoding that fits every byte")
                }
            }
            guard windows1252 else {
                let why = rules.surveyPath == nil
                    ? "; omni reads a stream as UTF-8 only: save it as UTF-8"
                    : "; the file is neither UTF-8 nor plainly Windows-1252 (it mixes UTF-8 text with other bytes): save it as UTF-8"
                return "not valid UTF-8 (byte 0x\(String(problem.byte, radix: 16, uppercase: true)) in \(column(record, at: problem.offset, header: isHeader)))\(why)"
            }
            // Decoded field by field, so the ends follow.
            var out: [UInt8] = [], ends: [Int] = []
            var start = 0
            for end in record.ends {
                out += TextCheck.utf8(fromCP1252: record.bytes[start..<end])
                ends.append(out.count)
                start = end
            }
            record.bytes = out
            record.ends = ends
            if let nul = TextCheck.firstProblem(out[...]) {
                return "a NUL byte in \(column(record, at: nul.offset, header: isHeader)); a text export holds none"
            }
        }
        var start = 0
        for end in record.ends {
            if end - start > ReadLimits.maxFieldBytes {
                return "\(column(record, at: start, header: isHeader)) is \(end - start) bytes long; omni reads fields up to 64 KiB (\(ReadLimits.maxFieldBytes) bytes)"
            }
            start = end
        }
        return nil
    }

    /// Whether the file's columns include `name` (always true for JSON Lines: keys vary per line).
    func has(_ name: String) -> Bool { header?.has(name) ?? true }

    /// Fails when none of `names` is a column: the file is not what the command was told.
    func require(anyOf names: [String], for kind: ImportKind) throws {
        guard let header else { return }
        if header.names.isEmpty { return }
        if !names.contains(where: { header.has($0) }) {
            var reason = "not a \(kind.rawValue) file: no \(names.map { "\"\($0)\"" }.joined(separator: " or ")) column (columns: \(header.names.prefix(8).joined(separator: ", "))\(header.names.count > 8 ? ", ..." : ""))"
            if header.names.count == 1 { reason += "; its header has no comma, semicolon or tab" }
            throw ImportFailure.badHeader(file: file, reason: reason)
        }
    }
}
