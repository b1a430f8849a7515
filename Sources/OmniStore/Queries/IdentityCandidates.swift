/// What an agent typed, read as each kind of identity it could be and normalised exactly as
/// identities are stored (IdentityNormalizer), for an exact lookup on UNIQUE(kind, value).
enum IdentityCandidates {
    static func candidates(for text: String) -> [(kind: String, value: String)] {
        let kinds: [IdentityKind] = text.contains("@") ? [.email, .webAccount, .marketplaceID] : IdentityKind.allCases
        return kinds.compactMap { kind in IdentityNormalizer.normalize(kind, text).map { (kind.rawValue, $0) } }
    }
}
