/// A customer record: one person as the company knows them across its Official Accounts (R26-R28).
public struct Customer: Sendable, Hashable, Identifiable {
    /// The record's identifier.
    public let id: CustomerID
    /// The provider-scoped LINE identities of this person. More than one only after a manual merge (R27).
    public internal(set) var identities: Set<LineUser>
    /// The channels the person has as a friend.
    public internal(set) var friendOf: Set<LineChannelID>
    /// The organization that owns the customer and gets its notifications; `nil` means only admins see
    /// the customer (R28).
    public internal(set) var owningOrganization: OrganizationID?
    /// The name shown for the customer.
    public var displayName: String
    /// When the record was created.
    public let createdAt: Timestamp

    init(
        id: CustomerID,
        identity: LineUser,
        channel: LineChannelID,
        owner: OrganizationID?,
        name: String,
        at time: Timestamp
    ) {
        self.id = id
        self.identities = [identity]
        self.friendOf = [channel]
        self.owningOrganization = owner
        self.displayName = name
        self.createdAt = time
    }

    /// Who sees the customer (R28).
    public var visibility: CustomerVisibility {
        owningOrganization.map(CustomerVisibility.organization) ?? .adminsOnly
    }
}

/// Who sees a customer and gets its notifications (R28).
public enum CustomerVisibility: Sendable, Hashable {
    /// The owning organization (and admins).
    case organization(OrganizationID)
    /// Only admins, because no owning organization is set.
    case adminsOnly
}
