import Foundation

/// What a channel's export says of an order beyond omni's own columns (`order_details`):
/// nothing a merchant would look for is dropped. Every field is optional: absent when the
/// file does not say it. Money in minor units of the order's currency.
public struct OrderExtras: Codable, Sendable, Equatable {
    public struct Address: Codable, Sendable, Equatable {
        public var street: String?
        public var city: String?
        public var zip: String?
        public var province: String?
        /// ISO 3166 alpha-2 where the file gives one, else as written.
        public var country: String?
        public var company: String?
        public init(street: String? = nil, city: String? = nil, zip: String? = nil, province: String? = nil,
                    country: String? = nil, company: String? = nil) {
            self.street = street; self.city = city; self.zip = zip; self.province = province; self.country = country
            self.company = company
        }
        public var isEmpty: Bool { self == Address() }
    }

    public struct Tax: Codable, Sendable, Equatable {
        public var name: String
        public var amount: Int64
        public init(name: String, amount: Int64) { self.name = name; self.amount = amount }
    }

    /// Per order line, in the order of the lines.
    public struct Line: Codable, Sendable, Equatable {
        public var vendor: String?
        /// The line's discount (minor units).
        public var discount: Int64?
        /// The channel's fulfilment status of the line (fulfilled, pending, partial, ...).
        public var fulfilment: String?
        public var compareAtPrice: Int64?
        public init(vendor: String? = nil, discount: Int64? = nil, fulfilment: String? = nil, compareAtPrice: Int64? = nil) {
            self.vendor = vendor; self.discount = discount; self.fulfilment = fulfilment; self.compareAtPrice = compareAtPrice
        }
        public var isEmpty: Bool { self == Line() }
    }

    /// The shop the order came from (`omni import --shop`).
    public var shop: String?
    /// The channel's own word for where the order came from: web, pos, tiktok, an app id.
    public var source: String?
    /// The marketplace or storefront within the channel (Amazon's sales-channel: Amazon.de).
    public var subChannel: String?
    /// Who ships: "amazon" (FBA) or "merchant".
    public var fulfilledBy: String?
    /// An Amazon Business order.
    public var business: Bool?
    /// The channel's financial and fulfilment statuses as written (paid, partially_refunded, voided, partial, ...).
    public var financialStatus: String?
    public var fulfilmentStatus: String?
    public var billing: Address?
    public var shipping: Address?
    public var discountCodes: String?
    public var taxes: [Tax]?
    public var duties: Int64?
    public var shippingMethod: String?
    /// What the buyer still owes (cash on delivery, pending payment).
    public var outstanding: Int64?
    public var notes: String?
    public var noteAttributes: String?
    public var tags: String?
    public var paymentMethod: String?
    public var cancelledAt: Int64?
    public var lines: [Line]?

    public init() {}

    public var isEmpty: Bool { self == OrderExtras() }

    /// The stored form: JSON with sorted keys, so an unchanged order writes the same text.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func decode(_ text: String?) -> OrderExtras? {
        guard let text, !text.isEmpty else { return nil }
        return try? JSONDecoder().decode(OrderExtras.self, from: Data(text.utf8))
    }

    /// What an agent reads, as (label, text) rows: the order side (source, statuses, addresses
    /// with the street masked, discount codes, taxes by name, duties, shipping method, what is
    /// still owed, payment, tags, notes, note attributes). Empty fields are left out.
    public func describedLines(currency: String) -> [(label: String, text: String)] {
        func money(_ minor: Int64) -> String { Money(minor: minor, currency: currency).description }
        var out: [(String, String)] = []
        var origin: [String] = []
        if let shop { origin.append("shop " + shop) }
        if let source { origin.append("source " + source) }
        if let subChannel, subChannel != source { origin.append(subChannel) }
        if let fulfilledBy { origin.append(fulfilledBy == "amazon" ? "fulfilled by Amazon (FBA)" : "fulfilled by " + fulfilledBy) }
        if business == true { origin.append("business order") }
        if !origin.isEmpty { out.append(("origin", origin.joined(separator: " · "))) }
        let statuses = [financialStatus.map { "payment " + $0 }, fulfilmentStatus.map { "fulfilment " + $0 }].compactMap { $0 }
        if !statuses.isEmpty { out.append(("channel status", statuses.joined(separator: " · "))) }
        if let cancelledAt {
            out.append(("cancelled", ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(cancelledAt)))))
        }
        for (label, address) in [("billing", billing), ("shipping", shipping)] {
            guard let a = address else { continue }
            let parts = [a.street.map(Self.maskStreet), a.company, a.city, a.province, a.zip, a.country].compactMap { $0 }
            if !parts.isEmpty { out.append((label, parts.joined(separator: ", "))) }
        }
        if let shippingMethod { out.append(("shipping method", shippingMethod)) }
        if let discountCodes { out.append(("discount codes", discountCodes)) }
        if let taxes, !taxes.isEmpty { out.append(("taxes", taxes.map { "\($0.name) \(money($0.amount))" }.joined(separator: " · "))) }
        if let duties, duties != 0 { out.append(("duties", money(duties))) }
        if let outstanding, outstanding != 0 { out.append(("outstanding", money(outstanding))) }
        if let paymentMethod { out.append(("payment", paymentMethod)) }
        if let tags { out.append(("tags", tags)) }
        if let notes { out.append(("notes", notes.split(separator: "\n", omittingEmptySubsequences: true).joined(separator: " / "))) }
        if let noteAttributes {
            out.append(("note attributes", noteAttributes.split(separator: "\n", omittingEmptySubsequences: true).joined(separator: " / ")))
        }
        return out
    }

    /// A line's extras as one short text: vendor, fulfilment status, discount.
    public func lineText(_ index: Int, currency: String) -> String? {
        guard let lines, index < lines.count, !lines[index].isEmpty else { return nil }
        let l = lines[index]
        return [l.vendor, l.fulfilment,
                l.discount.map { "discount " + Money(minor: $0, currency: currency).description }].compactMap { $0 }.joined(separator: " · ")
    }

    /// A street as an agent sees it: the first characters, the rest hidden like other personal data.
    public static func maskStreet(_ street: String) -> String {
        let chars = Array(street)
        guard chars.count > 4 else { return "***" }
        return String(chars.prefix(3)) + "***"
    }
}
