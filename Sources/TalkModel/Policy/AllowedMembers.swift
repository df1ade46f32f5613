/// The members of a tenant allowed to use one external link (R02).
public enum AllowedMembers: Sendable, Hashable {
    /// Every member of the tenant.
    case everyone
    /// Only the listed members.
    case only(Set<MemberID>)

    /// Nobody: the list of an unconfigured link on a paid plan (R03).
    public static let nobody = AllowedMembers.only([])

    /// Whether a member is on the list.
    /// - Parameter member: The member to look up.
    /// - Returns: `true` when the member may use the link.
    public func contains(_ member: MemberID) -> Bool {
        switch self {
        case .everyone: true
        case .only(let members): members.contains(member)
        }
    }

    /// Adds a member to an explicit list; an `everyone` list stays as it is.
    /// - Parameter member: The member to allow.
    public mutating func insert(_ member: MemberID) {
        if case .only(var members) = self {
            members.insert(member)
            self = .only(members)
        }
    }

    /// Removes a member from an explicit list; an `everyone` list stays as it is.
    /// - Parameter member: The member to disallow.
    public mutating func remove(_ member: MemberID) {
        if case .only(var members) = self {
            members.remove(member)
            self = .only(members)
        }
    }
}
