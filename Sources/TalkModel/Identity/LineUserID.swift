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
        let kind = "LINE user ID"
        guard let first = text.unicodeScalars.first else {
            throw IdentifierError(.empty, kind: kind, input: text, "the ID is empty")
        }
        guard first == "U" else {
            throw IdentifierError(
                .missingPrefix,
                kind: kind,
                offset: 0,
                input: text,
                "a LINE user ID starts with 'U', not \(IdentifierSyntax.describe(first))"
            )
        }
        let digits = text.unicodeScalars.dropFirst()
        guard digits.count == 32 else {
            throw IdentifierError(
                .wrongLength,
                kind: kind,
                input: text,
                "expected 'U' and 32 hexadecimal digits, found \(digits.count) characters after 'U'"
            )
        }
        try IdentifierSyntax.requireAll(
            Substring(digits),
            kind: kind,
            input: text,
            baseOffset: 1,
            expected: "lowercase hexadecimal digits 0-9 and a-f"
        ) { IdentifierSyntax.isLowercaseHex($0) }
        self.rawValue = text
    }

    /// Orders IDs by their text.
    public static func < (lhs: LineUserID, rhs: LineUserID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ID.
    public var description: String { rawValue }
}
