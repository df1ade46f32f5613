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
