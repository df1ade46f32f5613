/// The ID LINE gives a message (`message.id`, `unsend.messageId`, `quotedMessageId`); it names the message's
/// content for download. LINE sends decimal digits; the SDK treats the ID as opaque, 1 to 128 printable ASCII
/// characters.
public struct LineMessageID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID, for example `325708`.
    public let rawValue: String

    /// Parses a LINE message ID.
    /// - Parameter text: The ID as LINE sends it.
    /// - Throws: ``IdentifierError`` when the ID is empty, longer than 128 characters, or holds a space or a
    ///   non-ASCII character.
    public init(_ text: String) throws(IdentifierError) {
        try IdentifierSyntax.requireOpaque(text, kind: "LINE message ID")
        self.rawValue = text
    }

    public static func < (lhs: LineMessageID, rhs: LineMessageID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ID as LINE writes it.
    public var description: String { rawValue }
}
