/// The ID of a LINE Messaging API channel, the technical side of one Official Account (R25).
///
/// The channel secret and access token that go with it are credentials and are deliberately not
/// part of the model; transports hold them.
public struct LineChannelID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID as decimal digits.
    public let rawValue: String

    /// Parses a LINE channel ID.
    /// - Parameter text: 1 to 20 ASCII decimal digits.
    /// - Throws: ``IdentifierError`` when the text is empty, too long or has a non-digit.
    public init(_ text: String) throws(IdentifierError) {
        try IdentifierSyntax.requireLength(text[...], in: 1...20, kind: "LINE channel ID", part: "ID", input: text)
        try IdentifierSyntax.requireAll(
            text[...],
            kind: "LINE channel ID",
            input: text,
            expected: "decimal digits"
        ) { IdentifierSyntax.isDigit($0) }
        self.rawValue = text
    }

    /// Orders IDs by their text.
    public static func < (lhs: LineChannelID, rhs: LineChannelID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ID.
    public var description: String { rawValue }
}
