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
    /// The operator's role (operators table), for the header.
    case operatorRole(login: String)

    /// Whether running this changes the store (refused under `--read-only`).
    public var writes: Bool {
        switch self {
        case .revealIdentities, .ticketAssign, .ticketSetStatus, .ticketSetPriority, .ticketAddNote: return true
        case .prepareAppointment, .unprepareAppointment: return true
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
            try TicketQueries.assign(db, id: id, to: to, operator: login, now: now)
            return .ticketUpdated(id: id)
        case let .ticketSetStatus(id, status):
            try TicketQueries.setStatus(db, id: id, to: status, operator: login, now: now)
            return .ticketUpdated(id: id)
        case let .ticketSetPriority(id, priority):
            try TicketQueries.setPriority(db, id: id, to: priority, operator: login, now: now)
            return .ticketUpdated(id: id)
        case let .ticketAddNote(id, text):
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
            return .operatorRole(try db.fetchOne("SELECT role FROM operators WHERE login = ?", [login])?.string(0))
        }
    }
}
