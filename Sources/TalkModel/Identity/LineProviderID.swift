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
