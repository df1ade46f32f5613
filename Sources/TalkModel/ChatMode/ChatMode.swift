/// How a shared Official Account's 1:1 chat handles a user's message at a given time (R19).
public enum ChatMode: Sendable, Hashable, CaseIterable {
    /// Chat mode is off: the 1:1 chat does not receive messages (R19).
    case off
    /// Operators answer by hand (R15, R17).
    case manualChat
    /// Automatic responses answer.
    case autoReply
}

// MARK: Stored format

extension ChatMode: Codable {
    /// The name a case is stored under. It is written out, not derived from the Swift case, so that renaming a
    /// case never changes stored data.
    var storedName: String {
        switch self {
        case .off: "off"
        case .manualChat: "manualChat"
        case .autoReply: "autoReply"
        }
    }

    /// Decodes a chat mode stored under its fixed name.
    ///
    /// The stored format is stable: one string, such as `off`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string names no chat mode.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeName(from: decoder, kind: "chat mode", cases: Self.allCases) { $0.storedName }
    }

    /// Encodes the chat mode as its fixed name, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(storedName, to: encoder)
    }
}
