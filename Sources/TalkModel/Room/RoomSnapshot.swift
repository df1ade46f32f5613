/// Everything a ``Room`` holds, as plain data to store and restore.
///
/// Take one with ``Room/snapshot`` and turn it back into a room with ``Room/init(restoring:)``, which refuses a
/// snapshot that no sequence of events produces. ``Room``'s own `Codable` conformance stores exactly this value.
///
/// The stored format is stable: `kind` (a ``RoomKind`` name), `peer` (a ``Party``), `peerHasWritten`,
/// `pendingRequest` (a ``RoomRequest``, left out when there is none) and `restrictions` (a sorted list of
/// ``RoomRestriction`` names).
public struct RoomSnapshot: Sendable, Hashable, Codable {
    /// The kind of room.
    public var kind: RoomKind
    /// The party on the other side.
    public var peer: Party
    /// Whether the peer has written at least one message (R15).
    public var peerHasWritten: Bool
    /// The request still waiting for Add or Block, also while restrictions hold the room; `nil` once talk has
    /// started (R09).
    public var pendingRequest: RoomRequest?
    /// The restrictions in force; lifting the last returns the room to ``pendingRequest`` or to active.
    public var restrictions: Set<RoomRestriction>

    /// Describes a room's state.
    /// - Parameters:
    ///   - kind: The kind of room.
    ///   - peer: The party on the other side.
    ///   - peerHasWritten: Whether the peer has written.
    ///   - pendingRequest: The open request, if any.
    ///   - restrictions: The restrictions in force.
    public init(
        kind: RoomKind,
        peer: Party,
        peerHasWritten: Bool,
        pendingRequest: RoomRequest?,
        restrictions: Set<RoomRestriction>
    ) {
        self.kind = kind
        self.peer = peer
        self.peerHasWritten = peerHasWritten
        self.pendingRequest = pendingRequest
        self.restrictions = restrictions
    }

    private enum CodingKeys: String, CodingKey {
        case kind = "kind"
        case peer = "peer"
        case peerHasWritten = "peerHasWritten"
        case pendingRequest = "pendingRequest"
        case restrictions = "restrictions"
    }

    /// Decodes a snapshot stored as an object. The snapshot is not checked here; ``Room/init(restoring:)`` does.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid, or a restriction is listed twice.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try container.decode(RoomKind.self, forKey: .kind),
            peer: try container.decode(Party.self, forKey: .peer),
            peerHasWritten: try container.decode(Bool.self, forKey: .peerHasWritten),
            pendingRequest: try container.decodeIfPresent(RoomRequest.self, forKey: .pendingRequest),
            restrictions: try container.decodeSet(RoomRestriction.self, forKey: .restrictions)
        )
    }

    /// Encodes the snapshot as an object, the stable stored format; restrictions are sorted.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(peer, forKey: .peer)
        try container.encode(peerHasWritten, forKey: .peerHasWritten)
        try container.encodeIfPresent(pendingRequest, forKey: .pendingRequest)
        try container.encodeSorted(restrictions, forKey: .restrictions)
    }
}
