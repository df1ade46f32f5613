/// A snapshot of where a ``Room`` stands: an open request, and the restrictions in force.
public struct RoomStatus: Sendable, Hashable, CustomStringConvertible {
    /// The request still waiting for Add or Block, or `nil` once talk has started (R09).
    public let pendingRequest: RoomRequest?
    /// The restrictions in force; empty when nothing holds the room back.
    public let restrictions: Set<RoomRestriction>

    /// The one word a UI shows, picked by precedence: hidden, blocked by us, blocked by the peer,
    /// read-only, pending, active.
    public var phase: RoomPhase {
        if restrictions.contains(.contactDeleted) { return .hidden }
        if restrictions.contains(.blockedByUs) { return .blockedByUs }
        if restrictions.contains(.blockedByPeer) { return .blockedByPeer }
        if !restrictions.isEmpty { return .readOnly }
        return pendingRequest == nil ? .active : .pending
    }

    /// Whether messages flow both ways: no open request and no restriction.
    public var isActive: Bool { pendingRequest == nil && restrictions.isEmpty }

    /// Whether either side has blocked the other (R11).
    public var isBlocked: Bool { restrictions.contains { $0.isBlock } }

    /// Whether the member can see the room's history. Only a deleted contact hides it (R22); read-only
    /// and blocked rooms keep history readable (R05, R30).
    public var isHistoryVisible: Bool { !restrictions.contains(.contactDeleted) }

    /// The phase and the restrictions, for logs.
    public var description: String {
        let reasons = restrictions.sorted().map(\.description).joined(separator: ", ")
        return reasons.isEmpty ? "\(phase)" : "\(phase) (\(reasons))"
    }
}

// MARK: Stored format

extension RoomStatus: Codable {
    private enum CodingKeys: String, CodingKey {
        case pendingRequest = "pendingRequest"
        case restrictions = "restrictions"
    }

    /// Decodes a status stored as an object.
    ///
    /// The stored format is stable: `pendingRequest` (a ``RoomRequest``, left out when there is none) and
    /// `restrictions` (a sorted list of ``RoomRestriction`` names).
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is invalid or a restriction is listed twice.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            pendingRequest: try container.decodeIfPresent(RoomRequest.self, forKey: .pendingRequest),
            restrictions: try container.decodeSet(RoomRestriction.self, forKey: .restrictions)
        )
    }

    /// Encodes the status as an object, the stable stored format; restrictions are sorted.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(pendingRequest, forKey: .pendingRequest)
        try container.encodeSorted(restrictions, forKey: .restrictions)
    }
}

/// The single state a UI shows for a room.
public enum RoomPhase: Sendable, Hashable, CaseIterable {
    /// A request waits for Add or Block (R09).
    case pending
    /// Talk is possible.
    case active
    /// We blocked the peer (R11).
    case blockedByUs
    /// The peer blocked us, such as a LINE `unfollow` (R11).
    case blockedByPeer
    /// History is readable, nothing is sent or delivered (R05, R30).
    case readOnly
    /// The contact was deleted; history is hidden (R22).
    case hidden
}
