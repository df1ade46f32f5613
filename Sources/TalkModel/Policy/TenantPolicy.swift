/// One tenant's admin settings for external talk (R01-R05, R08, R12).
///
/// Each tenant decides with its own policy: in a workspace-to-workspace talk, both tenants' policies
/// must agree (R04), see ``TalkRules/decide(_:actor:target:policies:)``.
public struct TenantPolicy: Sendable, Hashable {
    /// The tenant these settings belong to.
    public let tenant: TenantDomain
    /// The plan, which decided the starting values (R03).
    public let plan: WorkspacePlan
    /// The LINE link: talk with LINE users through Official Accounts (R01, R02).
    public var lineLink: ExternalLink
    /// The external-workspace link: talk with users of other tenants (R01, R02, R04).
    public var workspaceLink: ExternalLink
    /// Which other tenants may be talked with; deny patterns win.
    public var peerTenants: PeerTenantACL
    /// Members who consented to being found by phone number (R08); each member decides for themselves.
    public var phoneDiscoverableMembers: Set<MemberID>
    /// Whether members may send and receive files in external talk.
    public var allowsExternalFiles: Bool
    /// Whether group rooms may include external workspace users. Off by default (R12); see
    /// ``TalkRules`` for why LINE users never join group rooms even when it is on.
    public var allowsExternalUsersInGroupRooms: Bool

    /// Creates the starting policy of a tenant.
    ///
    /// R03: on paid plans both links start disabled with nobody allowed; the admin enables them.
    /// Decided: on the free plan both links start enabled for every member. Every plan starts with
    /// all peer tenants permitted, nobody discoverable by phone, external files allowed and external
    /// users kept out of group rooms.
    /// - Parameters:
    ///   - tenant: The tenant.
    ///   - plan: The tenant's plan.
    public init(tenant: TenantDomain, plan: WorkspacePlan) {
        self.tenant = tenant
        self.plan = plan
        switch plan {
        case .paid:
            self.lineLink = .disabled
            self.workspaceLink = .disabled
        case .free:
            self.lineLink = ExternalLink(isEnabled: true, allowedMembers: .everyone)
            self.workspaceLink = ExternalLink(isEnabled: true, allowedMembers: .everyone)
        }
        self.peerTenants = .everyone
        self.phoneDiscoverableMembers = []
        self.allowsExternalFiles = true
        self.allowsExternalUsersInGroupRooms = false
    }

    /// The link that governs talk with a kind of party.
    /// - Parameter kind: LINE user or workspace user.
    /// - Returns: ``lineLink`` or ``workspaceLink``.
    public func link(for kind: PartyKind) -> ExternalLink {
        switch kind {
        case .lineUser: lineLink
        case .workspaceUser: workspaceLink
        }
    }

    /// Records a member's own choice about being found by phone number (R08).
    /// - Parameters:
    ///   - member: The member deciding.
    ///   - consents: `true` to be findable, `false` to withdraw.
    public mutating func setPhoneDiscoverable(_ member: MemberID, consents: Bool) {
        if consents {
            phoneDiscoverableMembers.insert(member)
        } else {
            phoneDiscoverableMembers.remove(member)
        }
    }
}
