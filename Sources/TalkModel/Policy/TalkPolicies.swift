/// The tenant policies a decision may consult, keyed by tenant.
///
/// A server usually knows only its own tenant's policy. In a workspace-to-workspace action the
/// other tenant's server decides its half with its own policy, so ``missingTenant`` says what to do
/// with a side whose policy is not here.
public struct TalkPolicies: Sendable, Hashable {
    /// What a decision does with a tenant whose policy is not in the set.
    public enum MissingTenantHandling: Sendable, Hashable {
        /// Deny, naming the tenant whose policy is unknown. The safe default.
        case deny
        /// Leave that side's half of the decision to that tenant's own server (federation), and
        /// decide only the sides whose policies are known.
        case deferToTenant
    }

    /// The policies by tenant.
    public var byTenant: [TenantDomain: TenantPolicy]
    /// What to do with a tenant whose policy is not in ``byTenant``.
    public var missingTenant: MissingTenantHandling

    /// Creates a set of policies.
    /// - Parameters:
    ///   - policies: The known policies; a later policy for the same tenant replaces an earlier one.
    ///   - missingTenant: What to do with tenants not listed; deny by default.
    public init(_ policies: [TenantPolicy], missingTenant: MissingTenantHandling = .deny) {
        var byTenant: [TenantDomain: TenantPolicy] = [:]
        for policy in policies { byTenant[policy.tenant] = policy }
        self.byTenant = byTenant
        self.missingTenant = missingTenant
    }

    /// The policy of a tenant, if known.
    /// - Parameter tenant: The tenant.
    public subscript(tenant: TenantDomain) -> TenantPolicy? {
        get { byTenant[tenant] }
        set { byTenant[tenant] = newValue }
    }
}

// MARK: Stored format

extension TalkPolicies.MissingTenantHandling: Codable {
    /// The name a case is stored under, written out so that renaming a case never changes stored data.
    var storedName: String {
        switch self {
        case .deny: "deny"
        case .deferToTenant: "deferToTenant"
        }
    }

    /// Decodes the handling stored under its fixed name.
    ///
    /// The stored format is stable: one string, `deny` or `deferToTenant`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string names no handling.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeName(
            from: decoder,
            kind: "missing-tenant handling",
            cases: [.deny, .deferToTenant]
        ) { $0.storedName }
    }

    /// Encodes the handling as its fixed name, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(storedName, to: encoder)
    }
}

extension TalkPolicies: Codable {
    private enum CodingKeys: String, CodingKey {
        case policies = "policies"
        case missingTenant = "missingTenant"
    }

    /// Decodes a set of policies stored as an object.
    ///
    /// The stored format is stable: `policies` (a list of ``TenantPolicy``, sorted by tenant) and `missingTenant`
    /// (a ``MissingTenantHandling`` name).
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid, or two policies are for the same tenant.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init([], missingTenant: try container.decode(MissingTenantHandling.self, forKey: .missingTenant))
        self.byTenant = try container.decodeUnique(TenantPolicy.self, forKey: .policies, what: "policies") {
            $0.tenant
        }
    }

    /// Encodes the policies as an object, the stable stored format; policies are sorted by tenant.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(byTenant.values.sorted { $0.tenant < $1.tenant }, forKey: .policies)
        try container.encode(missingTenant, forKey: .missingTenant)
    }
}
