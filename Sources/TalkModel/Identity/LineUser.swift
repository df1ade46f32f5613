/// A LINE user as one provider knows them: the provider plus the user ID LINE issued for it.
///
/// R27: LINE issues a different user ID per provider, so the same person reached through channels of
/// two providers is two different `LineUser` values. Two values with the same ``userID`` but different
/// providers are different identities too. Joining them is a manual merge
/// (``CustomerDirectory/merge(_:into:by:at:)``), never automatic.
public struct LineUser: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The provider whose channels see this user under ``userID``.
    public let provider: LineProviderID
    /// The user ID issued for that provider.
    public let userID: LineUserID

    /// Creates a provider-scoped LINE identity.
    /// - Parameters:
    ///   - provider: The provider owning the channel the user was seen on.
    ///   - userID: The user ID LINE sent for that provider.
    public init(provider: LineProviderID, userID: LineUserID) {
        self.provider = provider
        self.userID = userID
    }

    /// Orders identities by provider, then user ID.
    public static func < (lhs: LineUser, rhs: LineUser) -> Bool {
        (lhs.provider.rawValue, lhs.userID.rawValue) < (rhs.provider.rawValue, rhs.userID.rawValue)
    }

    /// `provider/userID`.
    public var description: String { "\(provider.rawValue)/\(userID.rawValue)" }
}

// MARK: Stored format

extension LineUser: Codable {
    private enum CodingKeys: String, CodingKey {
        case provider = "provider"
        case userID = "userID"
    }

    /// Decodes an identity stored as an object, checking both IDs.
    ///
    /// The stored format is stable: `{"provider": "<provider ID>", "userID": "<user ID>"}`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when an ID is missing or invalid.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            provider: try container.decode(LineProviderID.self, forKey: .provider),
            userID: try container.decode(LineUserID.self, forKey: .userID)
        )
    }

    /// Encodes the identity as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(provider, forKey: .provider)
        try container.encode(userID, forKey: .userID)
    }
}
