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

// MARK: Stored format

extension Party: Codable {
    private enum CodingKeys: String, CodingKey {
        case type = "type"
        case member = "member"
        case provider = "provider"
        case userID = "userID"
    }

    /// Decodes a party stored as an object whose `type` is its ``PartyKind`` name.
    ///
    /// The stored format is stable: `{"type": "workspaceUser", "member": "<member ID>"}` or
    /// `{"type": "lineUser", "provider": "<provider ID>", "userID": "<user ID>"}`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when the type is unknown or an ID is missing or invalid.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(PartyKind.self, forKey: .type) {
        case .workspaceUser:
            self = .workspaceUser(try container.decode(MemberID.self, forKey: .member))
        case .lineUser:
            self = .lineUser(
                LineUser(
                    provider: try container.decode(LineProviderID.self, forKey: .provider),
                    userID: try container.decode(LineUserID.self, forKey: .userID)
                )
            )
        }
    }

    /// Encodes the party as an object whose `type` is its ``PartyKind`` name, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .type)
        switch self {
        case .workspaceUser(let member):
            try container.encode(member, forKey: .member)
        case .lineUser(let user):
            try container.encode(user.provider, forKey: .provider)
            try container.encode(user.userID, forKey: .userID)
        }
    }

    /// A key that differs for every two parties: the member ID, or `provider/userID`. It orders stored lists, so that
    /// equal collections encode to equal bytes, and breaks ties between LINE users of different providers who share
    /// a user ID (R27).
    var uniqueKey: String {
        switch self {
        case .workspaceUser(let member): member.rawValue
        case .lineUser(let user): user.description
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

// MARK: Stored format

extension PartyKind: Codable {
    /// The name a case is stored under. It is written out, not derived from the Swift case, so that renaming a
    /// case never changes stored data.
    var storedName: String {
        switch self {
        case .lineUser: "lineUser"
        case .workspaceUser: "workspaceUser"
        }
    }

    /// Decodes a party kind stored under its fixed name.
    ///
    /// The stored format is stable: one string, such as `lineUser`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string names no party kind.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeName(from: decoder, kind: "party kind", cases: Self.allCases) { $0.storedName }
    }

    /// Encodes the party kind as its fixed name, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(storedName, to: encoder)
    }
}
