/// A LINE multi-person chat's ID: `R` followed by 32 lowercase hexadecimal digits.
public struct LineRoomID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID, for example `R4af4980629...`.
    public let rawValue: String

    /// Parses a LINE room ID.
    /// - Parameter text: The ID as LINE sends it.
    /// - Throws: ``IdentifierError`` when the prefix, length or a digit is wrong.
    public init(_ text: String) throws(IdentifierError) {
        try IdentifierSyntax.requirePrefixedHex(text, prefix: "R", kind: "LINE room ID")
        self.rawValue = text
    }

    public static func < (lhs: LineRoomID, rhs: LineRoomID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ID as LINE writes it.
    public var description: String { rawValue }
}

// MARK: Stored format

extension LineRoomID: Codable {
    /// Decodes a LINE room ID stored as its ``rawValue`` string, checked by ``init(_:)``.
    ///
    /// The stored format is stable: one string, such as `R4af4980629...`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string is not a valid LINE room ID; the error says what
    ///   is wrong without repeating the stored value.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeIdentifier(from: decoder) { text throws(IdentifierError) in try LineRoomID(text) }
    }

    /// Encodes the ID as its ``rawValue`` string, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(rawValue, to: encoder)
    }
}
