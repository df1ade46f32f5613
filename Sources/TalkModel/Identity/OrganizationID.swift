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
