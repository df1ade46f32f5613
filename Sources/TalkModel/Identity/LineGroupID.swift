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
