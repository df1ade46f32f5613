/// A friend request that opened a room and waits for **Add** or **Block** (R09).
public struct RoomRequest: Sendable, Hashable {
    /// Which side asked.
    public enum Direction: Sendable, Hashable {
        /// The peer asked us; we choose Add or Block.
        case incoming
        /// We asked the peer; we wait for them.
        case outgoing
    }

    /// Which side asked.
    public let direction: Direction
    /// How the request was made.
    public let method: RequestMethod
    /// When the request was made.
    public let requestedAt: Timestamp

    /// Describes a request.
    /// - Parameters:
    ///   - direction: Which side asked.
    ///   - method: How.
    ///   - requestedAt: When.
    public init(direction: Direction, method: RequestMethod, requestedAt: Timestamp) {
        self.direction = direction
        self.method = method
        self.requestedAt = requestedAt
    }
}

/// How one party added another (R06, R08).
public enum RequestMethod: Sendable, Hashable, CaseIterable {
    /// A LINE user followed the account. LINE does not say whether they found it by ID search,
    /// QR code or invite link (R06).
    case lineFollow
    /// Search by the whole ID including `@domain` (R06, R08).
    case exactIDSearch
    /// A QR code (R06, R08).
    case qrCode
    /// An invite link (R06, R08).
    case inviteLink
    /// Search by phone number, only for members who consented (R08).
    case phoneNumberSearch
    /// An e-mail invitation (R08).
    case emailInvitation
}
