/// The public ID of a LINE Official Account that users search for, such as `@abc1234`.
///
/// Covers basic IDs (assigned by LINE) and premium IDs (chosen by the company): `@` followed by
/// 1 to 20 lowercase ASCII letters, digits, `.`, `_` or `-`. Input is case-insensitive and stored
/// in lowercase.
public struct LineBasicID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID including its leading `@`.
    public let rawValue: String

    /// Parses a basic or premium ID.
    /// - Parameter text: The ID including its leading `@`.
    /// - Throws: ``IdentifierError`` when the `@` is missing, or the rest is empty, too long or has a
    ///   character outside the allowed set.
    public init(_ text: String) throws(IdentifierError) {
        let kind = "LINE basic ID"
        let lowered = text.lowercased()
        guard let first = lowered.unicodeScalars.first else {
            throw IdentifierError(.empty, kind: kind, input: text, "the ID is empty")
        }
        guard first == "@" else {
            throw IdentifierError(
                .missingPrefix,
                kind: kind,
                offset: 0,
                input: text,
                "a basic ID starts with '@', not \(IdentifierSyntax.describe(first))"
            )
        }
        let name = Substring(lowered.unicodeScalars.dropFirst())
        try IdentifierSyntax.requireLength(name, in: 1...20, kind: kind, part: "name after '@'", input: text)
        try IdentifierSyntax.requireAll(
            name,
            kind: kind,
            input: text,
            baseOffset: 1,
            expected: "ASCII letters, digits, '.', '_' or '-' after '@'"
        ) { IdentifierSyntax.isLowercaseLetterOrDigit($0) || $0 == "." || $0 == "_" || $0 == "-" }
        self.rawValue = lowered
    }

    /// Orders IDs by their text.
    public static func < (lhs: LineBasicID, rhs: LineBasicID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ID including its `@`.
    public var description: String { rawValue }
}

// MARK: Stored format

extension LineBasicID: Codable {
    /// Decodes a basic or premium ID stored as its ``rawValue`` string, checked by ``init(_:)``.
    ///
    /// The stored format is stable: one string, such as `@abc1234`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string is not a valid basic ID; the error says what
    ///   is wrong without repeating the stored value.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeIdentifier(from: decoder) { text throws(IdentifierError) in try LineBasicID(text)
        }
    }

    /// Encodes the ID as its ``rawValue`` string, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(rawValue, to: encoder)
    }
}
