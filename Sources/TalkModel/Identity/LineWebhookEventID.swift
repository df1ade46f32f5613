/// The ID LINE gives each webhook event (`webhookEventId`), the same on every redelivery of the event: the key for
/// applying each event once (W3). LINE sends a ULID; the SDK treats the ID as opaque, 1 to 128 printable ASCII
/// characters.
public struct LineWebhookEventID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID, for example `01FZ74A0TDDPYRVKNK77XKC3ZR`.
    public let rawValue: String

    /// Parses a LINE webhook event ID.
    /// - Parameter text: The ID as LINE sends it.
    /// - Throws: ``IdentifierError`` when the ID is empty, longer than 128 characters, or holds a space or a
    ///   non-ASCII character.
    public init(_ text: String) throws(IdentifierError) {
        try IdentifierSyntax.requireOpaque(text, kind: "LINE webhook event ID")
        self.rawValue = text
    }

    public static func < (lhs: LineWebhookEventID, rhs: LineWebhookEventID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ID as LINE writes it.
    public var description: String { rawValue }
}

// MARK: Stored format

extension LineWebhookEventID: Codable {
    /// Decodes a LINE webhook event ID stored as its ``rawValue`` string, checked by ``init(_:)``.
    ///
    /// The stored format is stable: one string, such as `01FZ74A0TDDPYRVKNK77XKC3ZR`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string is not a valid LINE webhook event ID; the error says what
    ///   is wrong without repeating the stored value.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeIdentifier(from: decoder) { text throws(IdentifierError) in
            try LineWebhookEventID(text)
        }
    }

    /// Encodes the ID as its ``rawValue`` string, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(rawValue, to: encoder)
    }
}
