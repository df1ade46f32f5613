/// An organization (department) inside our tenant, as the host's directory names it.
///
/// The value is opaque to the SDK: 1 to 128 characters without control characters.
public struct OrganizationID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The identifier.
    public let rawValue: String

    /// Validates an organization identifier.
    /// - Parameter text: The host's identifier for the organization.
    /// - Throws: ``IdentifierError`` when it is empty, longer than 128 characters or has a control character.
    public init(_ text: String) throws(IdentifierError) {
        let kind = "organization ID"
        try IdentifierSyntax.requireLength(text[...], in: 1...128, kind: kind, part: "ID", input: text)
        try IdentifierSyntax.requireAll(
            text[...],
            kind: kind,
            input: text,
            expected: "no control characters"
        ) { !($0.value < 0x20 || $0.value == 0x7F) }
        self.rawValue = text
    }

    /// Orders identifiers by their text.
    public static func < (lhs: OrganizationID, rhs: OrganizationID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The identifier.
    public var description: String { rawValue }
}

// MARK: Stored format

extension OrganizationID: Codable {
    /// Decodes an organization ID stored as its ``rawValue`` string, checked by ``init(_:)``.
    ///
    /// The stored format is stable: one string, such as `sales`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string is not a valid organization ID; the error says what
    ///   is wrong without repeating the stored value.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeIdentifier(from: decoder) { text throws(IdentifierError) in
            try OrganizationID(text)
        }
    }

    /// Encodes the identifier as its ``rawValue`` string, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(rawValue, to: encoder)
    }
}
