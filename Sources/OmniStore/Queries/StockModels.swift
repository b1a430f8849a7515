public struct SKUInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var code: String
    public var name: String
    public var color: String
    public var size: String
    public var price: Money
    /// How it was found: `code`, `channel code web:TM-1234`, `name`.
    public var matchedBy: String
}

public struct ChannelAvailability: Equatable, Sendable, Codable {
    public var channel: String
    public var buffer: Int
    public var available: Int
}

public struct StockAtLocation: Equatable, Sendable, Codable {
    public var locationID: Int64
    public var locationCode: String
    public var locationName: String
    public var locationKind: String
    public var city: String
    public var onHand: Int
    public var reserved: Int
    public var safetyStock: Int
    public var reorderPoint: Int
    public var reorderQty: Int
    /// Before channel buffers: max(0, on hand - reserved - safety stock).
    public var availableToPromise: Int
    public var level: Availability.Level
    public var byChannel: [ChannelAvailability]
}

public struct SKUStock: Equatable, Sendable, Codable {
    public var sku: SKUInfo
    public var locations: [StockAtLocation]
    public var channelCodes: [String: String]
    public var totalOnHand: Int
    public var totalAvailable: Int
    /// Per channel, summed over the locations that channel may sell from.
    public var channelTotals: [ChannelAvailability]
}

public struct MovementInfo: Equatable, Sendable, Codable {
    public var id: Int64
    public var locationName: String
    public var delta: Int
    public var reservedDelta: Int
    public var reason: String
    public var ref: String
    public var at: Int64
    public var operatorLogin: String
}

public struct LowStockRow: Equatable, Sendable, Codable {
    public var stockID: Int64
    public var skuID: Int64
    public var skuCode: String
    public var skuName: String
    public var locationID: Int64
    public var locationName: String
    public var onHand: Int
    public var reserved: Int
    public var safetyStock: Int
    public var reorderPoint: Int
    public var available: Int
    public var level: Availability.Level
    public var suggestedOrder: Int
}

public struct UnmappedChannelSKU: Equatable, Sendable, Codable {
    public var channel: String
    public var code: String
}
