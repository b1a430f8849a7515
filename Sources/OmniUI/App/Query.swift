import OmniStore

/// Everything a screen may ask of the store, as a value. Screens return `.query(...)`
/// effects; the loop runs them on the `StoreQueue` (never on main) through `QueryRunner.run`
/// and hands the `QueryResult` back to the screen that asked (`Screen.receive`).
/// Adding a query: a case here, its result case in `QueryResult`, one line in `QueryRunner`.
public enum Query: Sendable, Equatable {
    // Customers
    case customerSearch(text: String, limit: Int)
    case customer360(id: Int64)
    /// A write: shows identities in full and records an audit_log row.
    case revealIdentities(customerID: Int64)
    // Orders
    case orderPage(filter: OrderFilter, after: OrderCursor?, limit: Int)
    /// How many orders the filter matches in all (the list title's total).
    case orderCount(filter: OrderFilter)
    /// How many tickets the filter matches in all.
    case ticketCount(filter: TicketFilter)
    case orderDetail(id: Int64)
    // Stock
    case findSKUs(text: String, limit: Int)
    case skuStock(skuID: Int64)
    /// Resolves a SKU code (canonical or channel code, as `findSKUs` does) to its stock.
    case skuStockByCode(code: String)
    case movements(skuID: Int64, locationID: Int64?, limit: Int)
    case lowStock(afterStockID: Int64, limit: Int)
    case unmappedChannelCodes(limit: Int)
    // Tickets
    case ticketPage(filter: TicketFilter, after: TicketCursor?, limit: Int)
    case ticketDetail(id: Int64)
    case ticketAssign(id: Int64, to: String)
    case ticketSetStatus(id: Int64, status: String)
    case ticketSetPriority(id: Int64, priority: String)
    case ticketAddNote(id: Int64, text: String)
    // KPIs
    case kpiSnapshot
    /// The figure named `name` (kebab-case), its definition and window, and the rows behind it.
    case kpiExplain(name: String, limit: Int)
    // Stores
    /// Locations that serve customers.
    case storeList
    /// Locations by id, code, name or city (`:store NAME`).
    case storeLookup(text: String)
    /// One store's day; `day` nil = today in the store's local time.
    case storeDay(locationID: Int64, day: LocalDay?)
    /// A write: reserves the appointment's cart at its store (refusals come back as a result).
    case prepareAppointment(id: Int64)
    /// A write: releases what `prepareAppointment` reserved.
    case unprepareAppointment(id: Int64)
    // Session
    /// The operator's role (`Roles.role`: operator_roles, else operators, else the default), for the header.
    case operatorRole(login: String)
    // Merges, privacy, consent, audit (run by `PrivacyQueryRunner`)
    case mergeSuggestions(limit: Int)
    case mergeSides(survivorID: Int64, mergedID: Int64)
    case mergeUndoPreview(mergeID: Int64)
    /// A write: splits an applied merge (role 'merge'), one audit row.
    case undoMerge(mergeID: Int64)
    /// A write: confirms or rejects a suggested merge (role 'merge'), one audit row.
    case decideSuggestion(mergeID: Int64, confirm: Bool)
    case consentStatus(customerID: Int64)
    /// The audit log, newest first; `before`: the last id of the page above (role 'audit').
    case auditPage(customerID: Int64?, before: Int64?, limit: Int)
    /// A write (its audit row): everything about the person, to a JSON file (role 'export').
    case privacyExport(customerID: Int64)
    /// A write: erases the person's personal data (role 'erase').
    case privacyErase(customerID: Int64)

    /// For a write that waits for ↵: what it will do, in words. nil for reads and for writes that
    /// run at once (revealing identities only records who looked).
    public var confirmation: String? {
        switch self {
        case let .ticketAssign(id, login): return "assign ticket #\(id) to \(login)"
        case let .ticketSetStatus(id, status): return "set the status of ticket #\(id) to \(status)"
        case let .ticketSetPriority(id, priority): return "set the priority of ticket #\(id) to \(priority)"
        case let .ticketAddNote(id, text):
            return "add the note \"\(text.count > 40 ? String(text.prefix(39)) + "…" : text)\" to ticket #\(id)"
        case .prepareAppointment(let id): return "prepare appointment \(id): reserve its cart at this store"
        case .unprepareAppointment(let id): return "undo prepare of appointment \(id): release its reserved cart"
        default: return nil
        }
    }

    /// Whether running this changes the store (refused under `--read-only`).
    public var writes: Bool {
        switch self {
        case .revealIdentities, .ticketAssign, .ticketSetStatus, .ticketSetPriority, .ticketAddNote: return true
        case .prepareAppointment, .unprepareAppointment: return true
        case .undoMerge, .decideSuggestion, .privacyExport, .privacyErase: return true
        default: return false
        }
    }
}

/// The answer to a `Query`, one case per query kind. Values are Sendable models from OmniStore.
public enum QueryResult: Sendable, Equatable {
    case customerHits([CustomerHit])
    case customer360(Customer360?)
    case revealedIdentities([IdentityInfo])
    case orderPage([OrderSummary])
    /// A list's total (`orderCount`, `ticketCount`).
    case count(Int)
    case orderDetail(OrderDetail?)
    case skus([SKUInfo])
    case skuStock(SKUStock?)
    case movements([MovementInfo])
    case lowStock([LowStockRow])
    case unmappedChannelCodes([UnmappedChannelSKU])
    case ticketPage([TicketSummary])
    case ticketDetail(TicketDetail?)
    /// A ticket write went through (the screen usually re-queries its detail).
    case ticketUpdated(id: Int64)
    case kpiSnapshot(KPISnapshot)
    case kpiExplanation(KPIExplanation?)
    case stores([StoreLocation])
    case storeDay(StoreDayView)
    /// Prepare (or undo, `prepared == false`) went through: the lines reserved or released.
    case appointmentPrepared(id: Int64, prepared: Bool, lines: [PreparedLine])
    /// Prepare or undo refused; nothing was written. The reason names each short SKU.
    case appointmentRefused(id: Int64, reason: String)
    case operatorRole(String?)
    case mergeSuggestions([MergeReview.Record])
    case mergeSides(MergeReview.Side?, MergeReview.Side?)
    /// The applied merge and what undoing it would move back now, per table.
    case mergeUndoPreview(MergeReview.Record?, [String: Int])
    case mergeUndone(mergeID: Int64, survivorID: Int64, restoredID: Int64, movedBack: [String: Int])
    case suggestionDecided(mergeID: Int64, confirmed: Bool, survivorID: Int64?)
    case consentStatus([ConsentHistory.Flag])
    case auditPage([Audit.Listed])
    case privacyExported(customerID: Int64, path: String, orders: Int, identities: Int)
    case privacyErased(PrivacyRequests.Erasure)
}

/// A failed query, as text for the footer (never a crash).
public struct QueryFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Runs a query on a database. Call it only on the store queue (`StoreQueue.async`).
public enum QueryRunner {
    public static func run(_ query: Query, db: Database, now: Int64, operator login: String) throws -> QueryResult {
        switch query {
        case let .customerSearch(text, limit):
            return .customerHits(try CustomerQueries.search(db, text, limit: limit))
        case let .customer360(id):
            return .customer360(try CustomerQueries.threeSixty(db, id: id, now: now))
        case let .revealIdentities(customerID):
            return .revealedIdentities(try CustomerQueries.revealIdentities(db, customerID: customerID, operator: login, now: now))
        case let .orderPage(filter, after, limit):
            return .orderPage(try OrderQueries.page(db, filter: filter, after: after, limit: limit, now: now))
        case let .orderDetail(id):
            return .orderDetail(try OrderQueries.detail(db, id: id, now: now))
        case let .orderCount(filter):
            return .count(try OrderQueries.count(db, filter: filter, now: now))
        case let .ticketCount(filter):
            return .count(try TicketQueries.count(db, filter: filter, now: now))
        case let .findSKUs(text, limit):
            return .skus(try StockQueries.findSKUs(db, text, limit: limit))
        case let .skuStock(skuID):
            return .skuStock(try StockQueries.stock(db, skuID: skuID))
        case let .skuStockByCode(code):
            let hits = try StockQueries.findSKUs(db, code, limit: 5)
            let exact = hits.first { $0.code.caseInsensitiveCompare(code) == .orderedSame } ?? hits.first
            guard let sku = exact else { return .skuStock(nil) }
            return .skuStock(try StockQueries.stock(db, skuID: sku.id))
        case let .movements(skuID, locationID, limit):
            return .movements(try StockQueries.movements(db, skuID: skuID, locationID: locationID, limit: limit))
        case let .lowStock(after, limit):
            return .lowStock(try StockQueries.lowStock(db, afterStockID: after, limit: limit))
        case let .unmappedChannelCodes(limit):
            return .unmappedChannelCodes(try StockQueries.unmappedChannelCodes(db, limit: limit))
        case let .ticketPage(filter, after, limit):
            return .ticketPage(try TicketQueries.page(db, filter: filter, after: after, limit: limit, now: now))
        case let .ticketDetail(id):
            return .ticketDetail(try TicketQueries.detail(db, id: id, now: now))
        case let .ticketAssign(id, to):
            try Roles.require(db, login: login, .ticketWrite)
            try TicketQueries.assign(db, id: id, to: to, operator: login, now: now)
            return .ticketUpdated(id: id)
        case let .ticketSetStatus(id, status):
            try Roles.require(db, login: login, .ticketWrite)
            try TicketQueries.setStatus(db, id: id, to: status, operator: login, now: now)
            return .ticketUpdated(id: id)
        case let .ticketSetPriority(id, priority):
            try Roles.require(db, login: login, .ticketWrite)
            try TicketQueries.setPriority(db, id: id, to: priority, operator: login, now: now)
            return .ticketUpdated(id: id)
        case let .ticketAddNote(id, text):
            try Roles.require(db, login: login, .ticketWrite)
            try TicketQueries.addNote(db, id: id, text: text, operator: login, now: now)
            return .ticketUpdated(id: id)
        case .kpiSnapshot:
            // The board refreshes up to once a second; its funnel (a count over the window's
            // touchpoints, ~0.1 s on the medium store) is reused for up to 10 s and says so.
            return .kpiSnapshot(try KPIQueries.snapshot(db, now: now, funnelMaxAge: 10))
        case let .kpiExplain(name, limit):
            return .kpiExplanation(try KPIExplain.explain(db, name: name, now: now, limit: limit))
        case .storeList:
            return .stores(try StoreDay.stores(db))
        case let .storeLookup(text):
            return .stores(try StoreDay.lookup(db, text))
        case let .storeDay(locationID, day):
            let date = try day ?? LocalDay(containing: now, utcOffsetMinutes: StoreDay.utcOffsetMinutes(db))
            return .storeDay(try StoreDay.load(db, locationID: locationID, day: date, now: now))
        case let .prepareAppointment(id), let .unprepareAppointment(id):
            let prepare: Bool
            if case .prepareAppointment = query { prepare = true } else { prepare = false }
            do {
                let lines = prepare ? try StoreDay.prepare(db, appointmentID: id, operator: login, now: now)
                    : try StoreDay.unprepare(db, appointmentID: id, operator: login, now: now)
                return .appointmentPrepared(id: id, prepared: prepare, lines: lines)
            } catch let refusal as StoreDayError {
                return .appointmentRefused(id: id, reason: refusal.description)
            }
        case let .operatorRole(login):
            return .operatorRole(try Roles.role(db, login: login))
        case .mergeSuggestions, .mergeSides, .mergeUndoPreview, .undoMerge, .decideSuggestion, .consentStatus, .auditPage,
             .privacyExport, .privacyErase:
            return try PrivacyQueryRunner.run(query, db: db, now: now, operator: login)
        }
    }
}
