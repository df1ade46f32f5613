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
