/// One LINE Official Account link: a Messaging API channel and what the company ties to it (R25).
///
/// Several channels may exist side by side, each serving the whole company or one organization
/// (R26) and answered by its own operators (R17). The channel secret and access token belong to the
/// transport, not to the model, so that this value can be logged and stored freely.
public struct OfficialAccountChannel: Sendable, Hashable, Identifiable {
    /// The channel ID.
    public let id: LineChannelID
    /// The provider owning the channel; it decides which user IDs the channel sees (R27).
    public let provider: LineProviderID
    /// The public ID users search for.
    public var basicID: LineBasicID
    /// The account name LINE users see.
    public var displayName: String
    /// Whom the channel serves.
    public var scope: ChannelScope
    /// The members who answer for this account in 1:1 chat (R17, R25).
    public var operators: Set<MemberID>
    /// Whether the channel is enabled, disabled or deleted (R30).
    public var status: ChannelStatus

    /// Describes a channel.
    /// - Parameters:
    ///   - id: The channel ID.
    ///   - provider: The provider that owns the channel.
    ///   - basicID: The public `@` ID.
    ///   - displayName: The account name LINE users see.
    ///   - scope: Company-wide or one organization.
    ///   - operators: The members answering for the account.
    ///   - status: Whether the channel is in use; enabled by default.
    public init(
        id: LineChannelID,
        provider: LineProviderID,
        basicID: LineBasicID,
        displayName: String,
        scope: ChannelScope,
        operators: Set<MemberID> = [],
        status: ChannelStatus = .enabled
    ) {
        self.id = id
        self.provider = provider
        self.basicID = basicID
        self.displayName = displayName
        self.scope = scope
        self.operators = operators
        self.status = status
    }

    /// The identity of a user ID received on this channel, scoped to the channel's provider (R27).
    /// - Parameter userID: The user ID from a webhook event of this channel.
    /// - Returns: The provider-scoped LINE identity.
    public func user(_ userID: LineUserID) -> LineUser {
        LineUser(provider: provider, userID: userID)
    }
}

// MARK: Stored format

extension OfficialAccountChannel: Codable {
    private enum CodingKeys: String, CodingKey {
        case id = "id"
        case provider = "provider"
        case basicID = "basicID"
        case displayName = "displayName"
        case scope = "scope"
        case operators = "operators"
        case status = "status"
    }

    /// Decodes a channel stored as an object, checking every ID.
    ///
    /// The stored format is stable: `id`, `provider`, `basicID`, `displayName`, `scope` (a ``ChannelScope``),
    /// `operators` (a sorted list of member IDs) and `status` (a ``ChannelStatus`` name).
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid, or an operator is listed twice.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(LineChannelID.self, forKey: .id),
            provider: try container.decode(LineProviderID.self, forKey: .provider),
            basicID: try container.decode(LineBasicID.self, forKey: .basicID),
            displayName: try container.decode(String.self, forKey: .displayName),
            scope: try container.decode(ChannelScope.self, forKey: .scope),
            operators: try container.decodeSet(MemberID.self, forKey: .operators),
            status: try container.decode(ChannelStatus.self, forKey: .status)
        )
    }

    /// Encodes the channel as an object, the stable stored format; operators are sorted.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(provider, forKey: .provider)
        try container.encode(basicID, forKey: .basicID)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(scope, forKey: .scope)
        try container.encodeSorted(operators, forKey: .operators)
        try container.encode(status, forKey: .status)
    }
}
