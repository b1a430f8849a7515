/// The rows behind a KPI figure. Plain Sendable values; `--json` prints `{"kind": ..., "items": [...]}`.

public struct ExplainOrder: Sendable, Equatable, Codable {
    public var id: Int64
    public var channel: String
    public var externalRef: String
    public var customerID: Int64?
    public var customerName: String?
    public var status: String
    public var fulfilment: String
    public var placedAt: Int64
    public var promisedBy: Int64?
    public var deliveredAt: Int64?
    public var inFull: Bool
    /// total − refunded.
    public var net: Money
    public var units: Int
}

public struct ExplainTicket: Sendable, Equatable, Codable {
    public var id: Int64
    public var channel: String
    public var subject: String
    public var status: String
    public var priority: String
    public var customerID: Int64?
    public var customerName: String?
    public var assignee: String?
    public var createdAt: Int64
    public var slaDueAt: Int64?
    public var firstResponseDue: Int64
    public var firstResponseAt: Int64?
    public var resolutionDue: Int64
    public var resolvedAt: Int64?
}

public struct ExplainStock: Sendable, Equatable, Codable {
    public var stockID: Int64
    public var skuID: Int64
    public var skuCode: String
    public var skuName: String
    public var locationID: Int64
    public var locationCode: String
    public var locationName: String
    public var onHand: Int
    public var reserved: Int
    public var safetyStock: Int
    public var reorderPoint: Int
    /// on hand − reserved − safety stock (may be negative).
    public var available: Int
}

public struct ExplainCustomer: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    public var stage: String
    public var stageChangedAt: Int64?
    public var orderCount: Int
    public var firstOrderAt: Int64?
    public var lastOrderAt: Int64?
    public var prevOrderAt: Int64?
    public var lastChannel: String?
    public var lifetimeValue: Money
}

public struct ExplainTouchpoint: Sendable, Equatable, Codable {
    public var id: Int64
    public var customerID: Int64
    public var customerName: String?
    public var channel: String
    public var kind: String
    public var detail: String
    public var at: Int64
}

public struct ExplainReturn: Sendable, Equatable, Codable {
    public var id: Int64
    public var orderID: Int64
    public var orderChannel: String?
    public var skuCode: String?
    public var quantity: Int
    public var channel: String
    public var status: String
    public var reason: String
    public var locationName: String?
    public var createdAt: Int64
}

/// The rows behind a figure, of the kind the figure counts.
public enum KPIExplainRows: Sendable, Equatable, Encodable {
    case orders([ExplainOrder])
    case tickets([ExplainTicket])
    case stock([ExplainStock])
    case customers([ExplainCustomer])
    case touchpoints([ExplainTouchpoint])
    case returns([ExplainReturn])

    public var kind: String {
        switch self {
        case .orders: return "orders"
        case .tickets: return "tickets"
        case .stock: return "stock"
        case .customers: return "customers"
        case .touchpoints: return "touchpoints"
        case .returns: return "returns"
        }
    }

    public var count: Int {
        switch self {
        case .orders(let r): return r.count
        case .tickets(let r): return r.count
        case .stock(let r): return r.count
        case .customers(let r): return r.count
        case .touchpoints(let r): return r.count
        case .returns(let r): return r.count
        }
    }

    enum CodingKeys: String, CodingKey { case kind, items }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .orders(let r): try c.encode(r, forKey: .items)
        case .tickets(let r): try c.encode(r, forKey: .items)
        case .stock(let r): try c.encode(r, forKey: .items)
        case .customers(let r): try c.encode(r, forKey: .items)
        case .touchpoints(let r): try c.encode(r, forKey: .items)
        case .returns(let r): try c.encode(r, forKey: .items)
        }
    }
}

/// The period a figure covers: [from, to) in UTC seconds; nil bounds are open ("now" figures).
public struct KPIWindow: Sendable, Equatable, Codable {
    public var label: String
    public var from: Int64?
    public var to: Int64?
}

/// A figure with its definition, its window, and the rows behind it.
public struct KPIExplanation: Sendable, Equatable, Encodable {
    public var name: String
    public var title: String
    public var definition: String
    public var window: KPIWindow
    /// What the figure counts or sums: `orders`, `units`, `CNY minor units`...
    public var unit: String
    /// The figure as the KPI pane shows it (from the rollups and counters).
    public var figure: Int64
    /// The same figure recomputed from the base rows below; differs only if a rollup drifted.
    public var rowsFigure: Int64
    /// How many rows are behind the figure (all of them, not just those listed).
    public var count: Int
    public var rows: KPIExplainRows
    /// True when `rows` holds fewer than `count` (the limit cut it).
    public var truncated: Bool
    /// The currency of a money figure (the reporting currency); nil for counts.
    public var currency: String? = nil
    /// The figure as text: an amount in its currency, or a count with its unit.
    public var figureText: String {
        currency.map { Money(minor: figure, currency: $0).description } ?? "\(figure) \(unit)"
    }
}
