/// Which other tenants a tenant federates with, in the manner of Matrix server ACLs.
///
/// A peer is permitted when it matches no ``deny`` pattern and at least one ``allow`` pattern:
/// deny always wins. An empty allow list permits nobody.
public struct PeerTenantACL: Sendable, Hashable {
    /// Patterns of permitted tenants; `[*]` by default.
    public var allow: [DomainPattern]
    /// Patterns of refused tenants; checked first.
    public var deny: [DomainPattern]

    /// Creates an access list.
    /// - Parameters:
    ///   - allow: Patterns of permitted tenants.
    ///   - deny: Patterns of refused tenants, which win over `allow`.
    public init(allow: [DomainPattern] = [.any], deny: [DomainPattern] = []) {
        self.allow = allow
        self.deny = deny
    }

    /// Permits every tenant.
    public static let everyone = PeerTenantACL()

    /// Whether a peer tenant is permitted.
    /// - Parameter tenant: The other tenant.
    /// - Returns: `false` when a deny pattern matches or no allow pattern does.
    public func permits(_ tenant: TenantDomain) -> Bool {
        if deny.contains(where: { $0.matches(tenant) }) { return false }
        return allow.contains { $0.matches(tenant) }
    }
}

// MARK: Stored format

extension PeerTenantACL: Codable {
    private enum CodingKeys: String, CodingKey {
        case allow = "allow"
        case deny = "deny"
    }

    /// Decodes an access list stored as an object, checking every pattern.
    ///
    /// The stored format is stable: `{"allow": [<patterns>], "deny": [<patterns>]}`, each list in its own order.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a list is missing or a pattern is invalid.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            allow: try container.decode([DomainPattern].self, forKey: .allow),
            deny: try container.decode([DomainPattern].self, forKey: .deny)
        )
    }

    /// Encodes the access list as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(allow, forKey: .allow)
        try container.encode(deny, forKey: .deny)
    }
}
