/// A LINE group chat's ID: `C` followed by 32 lowercase hexadecimal digits.
public struct LineGroupID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID, for example `Ca56f94637c...`.
    public let rawValue: String

    /// Parses a LINE group ID.
    /// - Parameter text: The ID as LINE sends it.
    /// - Throws: ``IdentifierError`` when the prefix, length or a digit is wrong.
    public init(_ text: String) throws(IdentifierError) {
        try IdentifierSyntax.requirePrefixedHex(text, prefix: "C", kind: "LINE group ID")
        self.rawValue = text
    }

    public static func < (lhs: LineGroupID, rhs: LineGroupID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ID as LINE writes it.
    public var description: String { rawValue }
}

// MARK: Stored format

extension LineGroupID: Codable {
    /// Decodes a LINE group ID stored as its ``rawValue`` string, checked by ``init(_:)``.
    ///
    /// The stored format is stable: one string, such as `Ca56f94637c...`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string is not a valid LINE group ID; the error says what
    ///   is wrong without repeating the stored value.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeIdentifier(from: decoder) { text throws(IdentifierError) in try LineGroupID(text)
        }
    }

    /// Encodes the ID as its ``rawValue`` string, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(rawValue, to: encoder)
    }
}
