/// The ID LINE gives a message (`message.id`, `unsend.messageId`, `quotedMessageId`); it names the message's
/// content for download. LINE sends decimal digits; the SDK treats the ID as opaque, 1 to 128 printable ASCII
/// characters.
public struct LineMessageID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID, for example `325708`.
    public let rawValue: String

    /// Parses a LINE message ID.
    /// - Parameter text: The ID as LINE sends it.
    /// - Throws: ``IdentifierError`` when the ID is empty, longer than 128 characters, or holds a space or a
    ///   non-ASCII character.
    public init(_ text: String) throws(IdentifierError) {
        try IdentifierSyntax.requireOpaque(text, kind: "LINE message ID")
        self.rawValue = text
    }

    public static func < (lhs: LineMessageID, rhs: LineMessageID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ID as LINE writes it.
    public var description: String { rawValue }
}

// MARK: Stored format

extension LineMessageID: Codable {
    /// Decodes a LINE message ID stored as its ``rawValue`` string, checked by ``init(_:)``.
    ///
    /// The stored format is stable: one string, such as `325708`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string is not a valid LINE message ID; the error says what
    ///   is wrong without repeating the stored value.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeIdentifier(from: decoder) { text throws(IdentifierError) in
            try LineMessageID(text)
        }
    }

    /// Encodes the ID as its ``rawValue`` string, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(rawValue, to: encoder)
    }
}
