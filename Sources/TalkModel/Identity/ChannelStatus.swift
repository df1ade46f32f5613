/// Whether an Official Account channel is in use (R30).
public enum ChannelStatus: Sendable, Hashable, CaseIterable {
    /// The channel sends and receives.
    case enabled
    /// Nothing is sent or received; data is kept and the channel can be enabled again.
    case disabled
    /// The channel is gone: history stays readable, but nothing can be sent, forwarded or blocked,
    /// and it cannot be enabled again.
    case deleted

    /// Whether messages may be sent through the channel.
    public var canSend: Bool { self == .enabled }
    /// Whether received messages are delivered to the company.
    public var deliversInbound: Bool { self == .enabled }
    /// Whether a room on this channel may still be blocked or unblocked.
    public var allowsBlocking: Bool { self != .deleted }
}

// MARK: Stored format

extension ChannelStatus: Codable {
    /// The name a case is stored under. It is written out, not derived from the Swift case, so that renaming a
    /// case never changes stored data.
    var storedName: String {
        switch self {
        case .enabled: "enabled"
        case .disabled: "disabled"
        case .deleted: "deleted"
        }
    }

    /// Decodes a channel status stored under its fixed name.
    ///
    /// The stored format is stable: one string, such as `enabled`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string names no channel status.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeName(from: decoder, kind: "channel status", cases: Self.allCases) {
            $0.storedName
        }
    }

    /// Encodes the channel status as its fixed name, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(storedName, to: encoder)
    }
}
