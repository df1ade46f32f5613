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

// MARK: Stored format

extension Customer: Codable {
    private enum CodingKeys: String, CodingKey {
        case id = "id"
        case identities = "identities"
        case friendOf = "friendOf"
        case owningOrganization = "owningOrganization"
        case displayName = "displayName"
        case createdAt = "createdAt"
    }

    /// Decodes a customer record stored as an object, refusing one without a LINE identity.
    ///
    /// The stored format is stable: `id`, `identities` (a sorted list of ``LineUser``), `friendOf` (sorted channel
    /// IDs), `owningOrganization` (left out for admins only, R28), `displayName` and `createdAt`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid, a value is listed twice, or there is no
    ///   identity: every record starts from a follow and merges only add identities (R27).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(CustomerID.self, forKey: .id)
        self.identities = try container.decodeSet(LineUser.self, forKey: .identities)
        self.friendOf = try container.decodeSet(LineChannelID.self, forKey: .friendOf)
        self.owningOrganization = try container.decodeIfPresent(OrganizationID.self, forKey: .owningOrganization)
        self.displayName = try container.decode(String.self, forKey: .displayName)
        self.createdAt = try container.decode(Timestamp.self, forKey: .createdAt)
        guard !identities.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .identities,
                in: container,
                debugDescription: "a customer record has at least one LINE identity (R27)"
            )
        }
    }

    /// Encodes the record as an object, the stable stored format; sets are sorted.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeSorted(identities, forKey: .identities)
        try container.encodeSorted(friendOf, forKey: .friendOf)
        try container.encodeIfPresent(owningOrganization, forKey: .owningOrganization)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

/// Who sees a customer and gets its notifications (R28).
public enum CustomerVisibility: Sendable, Hashable {
    /// The owning organization (and admins).
    case organization(OrganizationID)
    /// Only admins, because no owning organization is set.
    case adminsOnly
}
