/// Values the customer queries return. Plain Sendable, Codable structs: they cross from the
/// store queue to the main queue and become `--json` output (keys in snake_case).

public struct CustomerHit: Equatable, Sendable, Codable {
    public var id: Int64
    public var name: String
    public var kind: String
    public var tier: String
    public var city: String
    public var orderCount: Int
    public var lifetimeValue: Money
    public var lastOrderAt: Int64?
    public var lastChannel: String?
    /// Why this customer matched: `phone`, `email`, `id`, `name`...
    public var matchedBy: String
}

public struct IdentityInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var kind: String
    public var value: String
    public var masked: String
    public var channel: String
    public var verified: Bool
    public var firstSeenAt: Int64
    public var linkRule: String
    public var linkEvidence: String
}

public struct MergeInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var survivorID: Int64
    public var mergedID: Int64
    public var otherName: String
    public var status: String
    public var rule: String
    public var evidence: String
    public var createdAt: Int64
    public var createdBy: String
}

public struct OrderSummary: Equatable, Sendable, Codable {
    public var id: Int64
    public var channel: String
    public var externalRef: String
    public var customerID: Int64?
    public var customerName: String?
    public var status: String
    public var fulfilment: String
    public var locationName: String?
    public var placedAt: Int64
    public var promisedBy: Int64?
    public var deliveredAt: Int64?
    public var total: Money
    public var units: Int
    /// Delivered after its promise, or still undelivered past it.
    public var late: Bool
}

public struct TicketSummary: Equatable, Sendable, Codable {
    public var id: Int64
    public var customerID: Int64?
    public var customerName: String?
    public var orderID: Int64?
    public var channel: String
    public var subject: String
    public var status: String
    public var priority: String
    public var team: String?
    public var assignee: String?
    public var createdAt: Int64
    /// The next SLA deadline (first response or resolution); nil once solved.
    public var slaDueAt: Int64?
    public var firstResponseAt: Int64?
    public var resolvedAt: Int64?
    public var agentReplies: Int
    public var csat: Int?
}

public struct TouchpointInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var channel: String
    public var kind: String
    public var detail: String
    public var at: Int64
    /// An experience break this touchpoint shows (`cart abandoned online, then store visit`...).
    public var experienceBreak: String?
}

public struct CartItemInfo: Equatable, Sendable, Codable {
    public var skuID: Int64
    public var skuCode: String
    public var name: String
    public var color: String
    public var size: String
    public var quantity: Int
    /// Available to promise at the appointment's store (nil without an appointment).
    public var availableAtStore: Int?
}

public struct CartInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var channel: String
    public var status: String
    public var updatedAt: Int64
    public var items: [CartItemInfo]
}

public struct AppointmentInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var locationID: Int64
    public var locationName: String
    public var startsAt: Int64
    public var purpose: String
    public var status: String
    public var cartID: Int64?
}

public struct AssetInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var serial: String
    public var product: String
    public var site: String
    public var installedAt: Int64
    public var nextMaintenanceAt: Int64?
}

public struct InvoiceInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var number: String
    public var issuedAt: Int64
    public var dueAt: Int64
    public var amount: Money
    public var paidAt: Int64?
}

public struct CustomerProfile: Equatable, Sendable, Codable {
    public var id: Int64
    public var kind: String
    public var name: String
    public var tier: String
    public var city: String
    public var country: String
    public var createdAt: Int64
    public var orderCount: Int
    public var lifetimeValue: Money
    public var firstOrderAt: Int64?
    public var lastOrderAt: Int64?
    public var lastChannel: String?
    public var stage: String
    public var stageChangedAt: Int64?
    public var homeStore: String?
    public var accountID: Int64?
    public var accountName: String?
    public var consent: [String: Bool]
    /// Set when the id asked for was merged into this customer.
    public var resolvedFrom: Int64?
    /// Lifetime value per currency (`lifetimeValue` is one amount only when there is one).
    public var lifetimeValues: [Money] = []
}

/// Everything an agent needs about one customer, assembled in one read transaction.
public struct Customer360: Equatable, Sendable, Codable {
    public var profile: CustomerProfile
    public var identities: [IdentityInfo]
    public var merges: [MergeInfo]
    public var orders: [OrderSummary]
    public var openTickets: [TicketSummary]
    public var journey: [TouchpointInfo]
    public var cart: CartInfo?
    public var nextAppointment: AppointmentInfo?
    public var contacts: [CustomerHit]
    public var assets: [AssetInfo]
    public var unpaidInvoices: [InvoiceInfo]
}
