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

// MARK: Stored format

extension TenantPolicy: Codable {
    private enum CodingKeys: String, CodingKey {
        case tenant = "tenant"
        case plan = "plan"
        case lineLink = "lineLink"
        case workspaceLink = "workspaceLink"
        case peerTenants = "peerTenants"
        case phoneDiscoverableMembers = "phoneDiscoverableMembers"
        case allowsExternalFiles = "allowsExternalFiles"
        case allowsExternalUsersInGroupRooms = "allowsExternalUsersInGroupRooms"
    }

    /// Decodes a policy stored as an object with every setting.
    ///
    /// The stored format is stable: `tenant`, `plan` (a ``WorkspacePlan`` name), `lineLink` and `workspaceLink`
    /// (``ExternalLink``), `peerTenants` (a ``PeerTenantACL``), `phoneDiscoverableMembers` (sorted member IDs),
    /// `allowsExternalFiles` and `allowsExternalUsersInGroupRooms`. Every setting is stored, so a policy reads back
    /// as it was saved even if a later version changes the plan's starting values (R03).
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid, or a member is listed twice.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            tenant: try container.decode(TenantDomain.self, forKey: .tenant),
            plan: try container.decode(WorkspacePlan.self, forKey: .plan)
        )
        self.lineLink = try container.decode(ExternalLink.self, forKey: .lineLink)
        self.workspaceLink = try container.decode(ExternalLink.self, forKey: .workspaceLink)
        self.peerTenants = try container.decode(PeerTenantACL.self, forKey: .peerTenants)
        self.phoneDiscoverableMembers = try container.decodeSet(MemberID.self, forKey: .phoneDiscoverableMembers)
        self.allowsExternalFiles = try container.decode(Bool.self, forKey: .allowsExternalFiles)
        self.allowsExternalUsersInGroupRooms = try container.decode(Bool.self, forKey: .allowsExternalUsersInGroupRooms)
    }

    /// Encodes the policy as an object, the stable stored format; member sets are sorted.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tenant, forKey: .tenant)
        try container.encode(plan, forKey: .plan)
        try container.encode(lineLink, forKey: .lineLink)
        try container.encode(workspaceLink, forKey: .workspaceLink)
        try container.encode(peerTenants, forKey: .peerTenants)
        try container.encodeSorted(phoneDiscoverableMembers, forKey: .phoneDiscoverableMembers)
        try container.encode(allowsExternalFiles, forKey: .allowsExternalFiles)
        try container.encode(allowsExternalUsersInGroupRooms, forKey: .allowsExternalUsersInGroupRooms)
    }
}
