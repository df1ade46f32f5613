import TalkModel

/// Shared identities and policies for the tests.
enum Fixtures {
    static let ourTenant = "example.co.jp"
    static let peerTenant = "partner.jp"

    static func member(_ text: String) throws -> MemberID { try MemberID(text) }

    static func alice() throws -> MemberID { try MemberID("alice@example.co.jp") }
    static func bob() throws -> MemberID { try MemberID("bob@example.co.jp") }
    static func carol() throws -> MemberID { try MemberID("carol@partner.jp") }

    static let userHex = "4af4980629e3a5c6c1a0e2f3b4d5c6e7"

    static func provider(_ digits: String = "1650000001") throws -> LineProviderID { try LineProviderID(digits) }

    static func lineUser(provider digits: String = "1650000001", hex: String = userHex) throws -> LineUser {
        LineUser(provider: try LineProviderID(digits), userID: try LineUserID("U" + hex))
    }

    static func tenant(_ text: String) throws -> TenantDomain { try TenantDomain(text) }

    /// A paid-plan policy with both links enabled for the given members.
    static func enabledPolicy(_ tenant: String, allowing members: [MemberID]) throws -> TenantPolicy {
        var policy = TenantPolicy(tenant: try TenantDomain(tenant), plan: .paid)
        policy.lineLink = ExternalLink(isEnabled: true, allowedMembers: .only(Set(members)))
        policy.workspaceLink = ExternalLink(isEnabled: true, allowedMembers: .only(Set(members)))
        return policy
    }

    /// Our tenant allowing alice and bob, the peer tenant allowing carol.
    static func bothTenants() throws -> (ours: TenantPolicy, peer: TenantPolicy) {
        (
            try enabledPolicy(ourTenant, allowing: [try alice(), try bob()]),
            try enabledPolicy(peerTenant, allowing: [try carol()])
        )
    }

    static let start = Timestamp(millisecondsSinceEpoch: 1_748_822_400_000)  // 2025-06-02T00:00Z, a Monday
}
