/// The kinds of identifier a customer can be known by. Raw values are the values stored in
/// `identities.kind` (the schema's CHECK constraint lists the same six).
public enum IdentityKind: String, CaseIterable, Sendable, Codable, Hashable {
    case email
    case phone
    case wechatOpenID = "wechat_openid"
    case loyaltyCard = "loyalty_card"
    case marketplaceID = "marketplace_id"
    case webAccount = "web_account"

    /// Words used in evidence text ("same phone …").
    public var label: String {
        switch self {
        case .email: return "email"
        case .phone: return "phone"
        case .wechatOpenID: return "WeChat openid"
        case .loyaltyCard: return "loyalty card"
        case .marketplaceID: return "marketplace id"
        case .webAccount: return "web account"
        }
    }
}

/// One identifier as it arrived on a record (an order, a ticket, a sign-up): the raw value as
/// typed or exported, the channel it came through, and whether that channel verified it
/// (an OTP-confirmed phone, a clicked e-mail link). Normalisation happens in the resolver.
public struct ContactPoint: Sendable, Hashable, Codable {
    public var kind: IdentityKind
    public var value: String
    /// A `channels.code`; nil means the channel of the record being resolved.
    public var channel: String?
    public var verified: Bool
    /// For a phone: the ISO 3166 alpha-2 country of the record it came with (the buyer's
    /// billing or shipping country), whose calling code it takes when it has none; nil: the
    /// store's default region (`phone.default_region`).
    public var region: String?

    public init(_ kind: IdentityKind, _ value: String, channel: String? = nil, verified: Bool = false, region: String? = nil) {
        self.kind = kind
        self.value = value
        self.channel = channel
        self.verified = verified
        self.region = region
    }
}
