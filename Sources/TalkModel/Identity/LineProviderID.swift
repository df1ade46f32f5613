/// The ID of a LINE provider: the company entity that owns channels in the LINE Developers Console.
///
/// User IDs are scoped to a provider (R27): every channel of one provider sees a user under the same
/// ``LineUserID``, channels of another provider see a different one.
public struct LineProviderID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID as decimal digits.
    public let rawValue: String

    /// Parses a LINE provider ID.
    /// - Parameter text: 1 to 20 ASCII decimal digits.
    /// - Throws: ``IdentifierError`` when the text is empty, too long or has a non-digit.
    public init(_ text: String) throws(IdentifierError) {
        try IdentifierSyntax.requireLength(text[...], in: 1...20, kind: "LINE provider ID", part: "ID", input: text)
        try IdentifierSyntax.requireAll(
            text[...],
            kind: "LINE provider ID",
            input: text,
            expected: "decimal digits"
        ) { IdentifierSyntax.isDigit($0) }
        self.rawValue = text
    }

    /// Orders IDs by their text.
    public static func < (lhs: LineProviderID, rhs: LineProviderID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ID.
    public var description: String { rawValue }
}

// MARK: Stored format

extension LineProviderID: Codable {
    /// Decodes a LINE provider ID stored as its ``rawValue`` string, checked by ``init(_:)``.
    ///
    /// The stored format is stable: one string, such as `1650000001`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string is not a valid LINE provider ID; the error says what
    ///   is wrong without repeating the stored value.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeIdentifier(from: decoder) { text throws(IdentifierError) in
            try LineProviderID(text)
        }
    }

    /// Encodes the ID as its ``rawValue`` string, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(rawValue, to: encoder)
    }
}
