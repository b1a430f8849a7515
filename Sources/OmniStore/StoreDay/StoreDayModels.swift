/// What the store associate's day shows. Plain Sendable, Codable values (`--json` in snake_case).

/// A location that serves customers (a store), or any location when looked up by id/code/name.
public struct StoreLocation: Sendable, Equatable, Codable {
    public var id: Int64
    public var code: String
    public var name: String
    public var kind: String
    public var city: String
    public var latitude: Double?
    public var longitude: Double?
    public var canShip: Bool
    public var canPickup: Bool
}

/// The customer an appointment is with: masked phone, consent, stage.
public struct AppointmentCustomer: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    public var tier: String
    public var stage: String
    /// Masked (`+86138****5678`); nil when no phone is known.
    public var phone: String?
    public var consentPhone: Bool
    public var consentSMS: Bool
    public var consentWeChat: Bool
}

/// Another location holding enough of a SKU, by straight-line distance.
public struct NearbyStock: Sendable, Equatable, Codable {
    public var locationID: Int64
    public var code: String
    public var name: String
    public var kind: String
    public var available: Int
    public var distanceKm: Double?
}

/// One item of an appointment's cart, with what this store can give now.
public struct AppointmentItem: Sendable, Equatable, Codable {
    public var skuID: Int64
    public var skuCode: String
    public var name: String
    public var color: String
    public var size: String
    public var quantity: Int
    /// max(0, on hand − reserved − safety stock) at this store now.
    public var availableHere: Int
    /// Units already reserved here for this appointment (after `prepare`).
    public var reservedForThis: Int
    /// Not enough here and not yet reserved.
    public var short: Bool
    /// When short: the nearest other store or warehouse with enough.
    public var nearest: NearbyStock?
}

public struct StoreAppointment: Sendable, Equatable, Codable {
    public var id: Int64
    public var startsAt: Int64
    public var purpose: String
    public var status: String
    public var customer: AppointmentCustomer
    public var cartID: Int64?
    public var items: [AppointmentItem]
    public var preparedAt: Int64?
    public var preparedBy: String?
    /// Booked with a cart and every item available here: `prepare` would succeed.
    public var canPrepare: Bool
}

/// A pickup order ready at the store and not yet collected.
public struct PickupWaiting: Sendable, Equatable, Codable {
    public var orderID: Int64
    public var externalRef: String
    public var channel: String
    public var customerID: Int64?
    public var customerName: String?
    public var readyAt: Int64
    public var waitingSeconds: Int64
    public var units: Int
    public var total: Money
}

/// A return announced to come back through this store.
public struct ExpectedReturn: Sendable, Equatable, Codable {
    public var returnID: Int64
    public var orderID: Int64
    public var externalRef: String?
    public var customerID: Int64?
    public var customerName: String?
    public var skuCode: String?
    public var skuName: String?
    public var quantity: Int
    public var channel: String
    public var reason: String
    public var createdAt: Int64
}

/// One of the store's customers worth a call or a message.
public struct KeepInTouch: Sendable, Equatable, Codable {
    public var customerID: Int64
    public var name: String
    public var stage: String
    public var lastOrderAt: Int64?
    public var daysSinceLastOrder: Int?
    public var lastChannel: String?
    public var lifetimeValue: Money
    public var phone: String?
    /// False when the customer has not consented to calls (or no phone is known).
    public var canCall: Bool
}

/// Sales attributed to the store for the day, by channel and fulfilment.
public struct StoreSales: Sendable, Equatable, Codable {
    public var channel: String
    public var fulfilment: String
    public var orders: Int
    /// Net = order totals after discount − refunds.
    public var net: Money
}

public struct StoreDayFigures: Sendable, Equatable, Codable {
    public var sales: [StoreSales]
    public var orders: Int
    public var net: Money
    public var appointments: Int
    public var appointmentsKept: Int
    public var appointmentsMissed: Int
    /// Appointments of the day with their cart prepared (prepared, or kept after preparing).
    public var appointmentsPrepared: Int
    /// Units in the carts of those appointments.
    public var itemsPrepared: Int
    public var pickupsWaiting: Int
    public var returnsExpected: Int
    public var keepInTouchAtRisk: Int
    public var keepInTouchLapsed: Int
}

public struct StoreDayView: Sendable, Equatable, Codable {
    public var store: StoreLocation
    public var day: LocalDay
    public var utcOffsetMinutes: Int
    public var now: Int64
    public var appointments: [StoreAppointment]
    public var pickups: [PickupWaiting]
    public var returnsExpected: [ExpectedReturn]
    public var keepInTouch: [KeepInTouch]
    public var figures: StoreDayFigures
}

/// Why `prepare` / `unprepare` refused; nothing was written.
public enum StoreDayError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Shortage: Equatable, Sendable, Codable {
        public var skuCode: String
        public var needed: Int
        public var available: Int
    }
    case appointmentNotFound(Int64)
    case wrongStatus(id: Int64, status: String, expected: String)
    case short(id: Int64, [Shortage])

    public var description: String {
        switch self {
        case .appointmentNotFound(let id):
            return "no appointment \(id)"
        case .wrongStatus(let id, let status, let expected):
            return "appointment \(id) is \(status), not \(expected)"
        case .short(let id, let shortages):
            return "cannot prepare appointment \(id): " + shortages.map {
                "\($0.skuCode) short (needs \($0.needed), \($0.available) available here)"
            }.joined(separator: "; ") + " — nothing was reserved"
        }
    }
}

/// What `prepare` reserved or `unprepare` released.
public struct PreparedLine: Sendable, Equatable, Codable {
    public var skuID: Int64
    public var skuCode: String
    public var quantity: Int
}
