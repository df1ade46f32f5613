/// One reason a room cannot be used normally right now. Reasons stack; lifting the last one returns
/// the room to where it was before the first.
public enum RoomRestriction: Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// We blocked the peer: their messages are kept but not delivered (R09, R11).
    case blockedByUs
    /// The peer blocked us; for LINE, the user sent `unfollow` (R11).
    case blockedByPeer
    /// Our admin disabled the link this room uses (R05).
    case linkDisabled
    /// Our admin removed our member from the link's allowed list (R05).
    case memberNotAllowed
    /// The peer's tenant disabled its link or took the peer off its allowed list (R04, R05).
    case peerUnavailable
    /// The Official Account channel is disabled; it can be enabled again (R30).
    case channelDisabled
    /// The Official Account channel is deleted: history stays readable, nothing can be sent,
    /// forwarded or blocked, and this cannot be lifted (R30).
    case channelDeleted
    /// The member deleted the contact: talk stops and history is hidden until it is restored from the
    /// trash (R22, R23).
    case contactDeleted

    /// Whether this is a block by one side (R11) rather than a read-only cause (R05, R30).
    public var isBlock: Bool { self == .blockedByUs || self == .blockedByPeer }

    /// Whether this restriction exists only for rooms with LINE users.
    public var requiresLineRoom: Bool { self == .channelDisabled || self == .channelDeleted }

    /// The rule that introduces the restriction.
    public var rule: RuleID {
        switch self {
        case .blockedByUs, .blockedByPeer: .r11
        case .linkDisabled, .memberNotAllowed, .peerUnavailable: .r05
        case .channelDisabled, .channelDeleted: .r30
        case .contactDeleted: .r22
        }
    }

    /// Orders restrictions in declaration order, for stable output.
    public static func < (lhs: RoomRestriction, rhs: RoomRestriction) -> Bool {
        let order = Self.allCases
        return order.firstIndex(of: lhs) ?? 0 < order.firstIndex(of: rhs) ?? 0
    }

    /// A short phrase for admin-readable sentences.
    public var description: String {
        switch self {
        case .blockedByUs: "blocked by us"
        case .blockedByPeer: "blocked by the other party"
        case .linkDisabled: "the external link is disabled"
        case .memberNotAllowed: "the member is not on the link's allowed list"
        case .peerUnavailable: "the other tenant no longer permits this talk"
        case .channelDisabled: "the Official Account channel is disabled"
        case .channelDeleted: "the Official Account channel is deleted"
        case .contactDeleted: "the contact was deleted"
        }
    }
}

// MARK: Stored format

extension RoomRestriction: Codable {
    /// The name a case is stored under. It is written out, not derived from the Swift case, so that renaming a
    /// case never changes stored data.
    var storedName: String {
        switch self {
        case .blockedByUs: "blockedByUs"
        case .blockedByPeer: "blockedByPeer"
        case .linkDisabled: "linkDisabled"
        case .memberNotAllowed: "memberNotAllowed"
        case .peerUnavailable: "peerUnavailable"
        case .channelDisabled: "channelDisabled"
        case .channelDeleted: "channelDeleted"
        case .contactDeleted: "contactDeleted"
        }
    }

    /// Decodes a room restriction stored under its fixed name.
    ///
    /// The stored format is stable: one string, such as `blockedByUs`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string names no room restriction.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeName(from: decoder, kind: "room restriction", cases: Self.allCases) {
            $0.storedName
        }
    }

    /// Encodes the room restriction as its fixed name, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(storedName, to: encoder)
    }
}
