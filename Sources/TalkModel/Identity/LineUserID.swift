/// A LINE user ID as a provider sees it: `U` followed by 32 lowercase hexadecimal digits.
///
/// The value alone does not identify a person across providers (R27): pair it with its provider in a
/// ``LineUser``.
public struct LineUserID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID, for example `U4af4980629...`.
    public let rawValue: String

    /// Parses a LINE user ID.
    /// - Parameter text: The ID as LINE sends it.
    /// - Throws: ``IdentifierError`` when the prefix, length or a digit is wrong.
    public init(_ text: String) throws(IdentifierError) {
        try IdentifierSyntax.requirePrefixedHex(text, prefix: "U", kind: "LINE user ID")
        self.rawValue = text
    }

    public static func < (lhs: LineUserID, rhs: LineUserID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ID.
    public var description: String { rawValue }
}
