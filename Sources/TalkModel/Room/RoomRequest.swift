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

// MARK: Stored format

extension RoomRequest.Direction: Codable {
    /// The name a case is stored under, written out so that renaming a case never changes stored data.
    var storedName: String {
        switch self {
        case .incoming: "incoming"
        case .outgoing: "outgoing"
        }
    }

    /// Decodes a direction stored under its fixed name.
    ///
    /// The stored format is stable: one string, `incoming` or `outgoing`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string names no direction.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeName(
            from: decoder,
            kind: "request direction",
            cases: [.incoming, .outgoing]
        ) { $0.storedName }
    }

    /// Encodes the direction as its fixed name, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(storedName, to: encoder)
    }
}

extension RoomRequest: Codable {
    private enum CodingKeys: String, CodingKey {
        case direction = "direction"
        case method = "method"
        case requestedAt = "requestedAt"
    }

    /// Decodes a request stored as an object.
    ///
    /// The stored format is stable: `{"direction": "incoming", "method": "lineFollow", "requestedAt": <ms>}`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or names no known case.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            direction: try container.decode(Direction.self, forKey: .direction),
            method: try container.decode(RequestMethod.self, forKey: .method),
            requestedAt: try container.decode(Timestamp.self, forKey: .requestedAt)
        )
    }

    /// Encodes the request as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(direction, forKey: .direction)
        try container.encode(method, forKey: .method)
        try container.encode(requestedAt, forKey: .requestedAt)
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

// MARK: Stored format

extension RequestMethod: Codable {
    /// The name a case is stored under. It is written out, not derived from the Swift case, so that renaming a
    /// case never changes stored data.
    var storedName: String {
        switch self {
        case .lineFollow: "lineFollow"
        case .exactIDSearch: "exactIDSearch"
        case .qrCode: "qrCode"
        case .inviteLink: "inviteLink"
        case .phoneNumberSearch: "phoneNumberSearch"
        case .emailInvitation: "emailInvitation"
        }
    }

    /// Decodes a request method stored under its fixed name.
    ///
    /// The stored format is stable: one string, such as `lineFollow`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string names no request method.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeName(from: decoder, kind: "request method", cases: Self.allCases) {
            $0.storedName
        }
    }

    /// Encodes the request method as its fixed name, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(storedName, to: encoder)
    }
}
