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
