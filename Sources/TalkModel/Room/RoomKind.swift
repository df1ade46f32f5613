/// What kind of external 1:1 room a ``Room`` is. Every external room is 1:1 (R12).
public enum RoomKind: Sendable, Hashable, CaseIterable {
    /// A LINE user befriended a member, who appears to them as an Official Account (R06).
    case lineFriend
    /// A shared Official Account's 1:1 chat, answered by operators (R15, R17, R19).
    case officialAccountChat
    /// A user of another tenant (R04, R08).
    case externalWorkspace

    /// Whether the peer is a LINE user.
    public var isLine: Bool { self != .externalWorkspace }
}

// MARK: Stored format

extension RoomKind: Codable {
    /// The name a case is stored under. It is written out, not derived from the Swift case, so that renaming a
    /// case never changes stored data.
    var storedName: String {
        switch self {
        case .lineFriend: "lineFriend"
        case .officialAccountChat: "officialAccountChat"
        case .externalWorkspace: "externalWorkspace"
        }
    }

    /// Decodes a room kind stored under its fixed name.
    ///
    /// The stored format is stable: one string, such as `lineFriend`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string names no room kind.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeName(from: decoder, kind: "room kind", cases: Self.allCases) { $0.storedName }
    }

    /// Encodes the room kind as its fixed name, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(storedName, to: encoder)
    }
}
