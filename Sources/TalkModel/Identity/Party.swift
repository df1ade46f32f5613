/// Someone on either end of an external talk: a workspace user or a LINE user.
///
/// Whether a workspace user is a *member* or an *external workspace user* depends on who looks: use
/// ``isExternal(to:)`` with the looking tenant.
public enum Party: Sendable, Hashable, CustomStringConvertible {
    /// A user of some tenant's workspace, identified by `local@domain`.
    case workspaceUser(MemberID)
    /// A LINE user, scoped to the provider of the channel they were seen on (R27).
    case lineUser(LineUser)

    /// The kind of party, which the address book shows as a LINE icon or a workspace "W" icon (R10).
    public var kind: PartyKind {
        switch self {
        case .workspaceUser: .workspaceUser
        case .lineUser: .lineUser
        }
    }

    /// The tenant of a workspace user; `nil` for a LINE user.
    public var tenant: TenantDomain? {
        switch self {
        case .workspaceUser(let member): member.tenant
        case .lineUser: nil
        }
    }

    /// The workspace user's ID, or `nil` for a LINE user.
    public var memberID: MemberID? {
        if case .workspaceUser(let member) = self { return member }
        return nil
    }

    /// The LINE identity, or `nil` for a workspace user.
    public var lineUser: LineUser? {
        if case .lineUser(let user) = self { return user }
        return nil
    }

    /// Whether this party is outside a tenant: every LINE user, and workspace users of other tenants.
    /// - Parameter home: The tenant looking at the party.
    /// - Returns: `true` for parties the tenant's external-talk rules apply to.
    public func isExternal(to home: TenantDomain) -> Bool {
        switch self {
        case .workspaceUser(let member): member.tenant != home
        case .lineUser: true
        }
    }

    /// The ID a user would type to find this party: the whole member ID, or the LINE user ID.
    public var searchableID: String {
        switch self {
        case .workspaceUser(let member): member.rawValue
        case .lineUser(let user): user.userID.rawValue
        }
    }

    /// The party's ID, for logs and admin messages.
    public var description: String {
        switch self {
        case .workspaceUser(let member): member.rawValue
        case .lineUser(let user): "LINE user \(user.userID.rawValue) (provider \(user.provider.rawValue))"
        }
    }
}

/// The kind of an external party (R10): shown as a LINE icon or as a workspace "W" icon.
public enum PartyKind: Sendable, Hashable, CaseIterable {
    /// A LINE user reached through an Official Account.
    case lineUser
    /// A user of a workspace tenant.
    case workspaceUser
}
