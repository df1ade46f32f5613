/// A LINE user ID as a provider sees it: `U` followed by 32 lowercase hexadecimal digits.
///
/// The value alone does not identify a person across providers (R27): pair it with its provider in a
/// ``LineUser``.
public struct LineUserID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID, for example `U4af4980629...`.
    public let rawValue: String

    /// Parses a LINE user ID.
    /// - Parameter text: The ID as LINE sends it.
    /// - Throws: ``IdentifierError`` when the prefix, length or a digit is wrong.
    public init(_ text: String) throws(IdentifierError) {
        try IdentifierSyntax.requirePrefixedHex(text, prefix: "U", kind: "LINE user ID")
        self.rawValue = text
    }

    public static func < (lhs: LineUserID, rhs: LineUserID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ID.
    public var description: String { rawValue }
}

// MARK: Stored format

extension LineUserID: Codable {
    /// Decodes a LINE user ID stored as its ``rawValue`` string, checked by ``init(_:)``.
    ///
    /// The stored format is stable: one string, such as `U4af4980629...`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string is not a valid LINE user ID; the error says what
    ///   is wrong without repeating the stored value.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeIdentifier(from: decoder) { text throws(IdentifierError) in try LineUserID(text) }
    }

    /// Encodes the ID as its ``rawValue`` string, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(rawValue, to: encoder)
    }
}
