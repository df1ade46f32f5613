/// A tenant: one company's workspace, named by its domain such as `example.co.jp`.
///
/// Domains are case-insensitive and stored in lowercase. A domain is one or more labels separated by
/// dots; each label has 1 to 63 ASCII letters, digits or hyphens and neither starts nor ends with a
/// hyphen; the whole domain has at most 253 characters.
public struct TenantDomain: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The domain in lowercase.
    public let rawValue: String

    /// Parses a tenant domain.
    /// - Parameter text: The domain, for example `example.co.jp`.
    /// - Throws: ``IdentifierError`` naming the offending label or character.
    public init(_ text: String) throws(IdentifierError) {
        try self.init(text, kind: "tenant domain", input: text, baseOffset: 0)
    }

    init(_ text: String, kind: String, input: String, baseOffset: Int) throws(IdentifierError) {
        let lowered = text.lowercased()
        guard !lowered.isEmpty else {
            throw IdentifierError(.empty, kind: kind, offset: baseOffset, input: input, "the domain is empty")
        }
        guard lowered.unicodeScalars.count <= 253 else {
            throw IdentifierError(.tooLong, kind: kind, input: input, "the domain is longer than 253 characters")
        }
        var offset = baseOffset
        for label in lowered.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty else {
                throw IdentifierError(
                    .emptyPart,
                    kind: kind,
                    offset: offset,
                    input: input,
                    "the domain has an empty label (two dots in a row, or a dot at an end)"
                )
            }
            guard label.unicodeScalars.count <= 63 else {
                throw IdentifierError(
                    .tooLong,
                    kind: kind,
                    offset: offset,
                    input: input,
                    "a domain label is longer than 63 characters"
                )
            }
            try IdentifierSyntax.requireAll(
                label,
                kind: kind,
                input: input,
                baseOffset: offset,
                expected: "ASCII letters, digits, '-' and '.'"
            ) { IdentifierSyntax.isLowercaseLetterOrDigit($0) || $0 == "-" }
            if label.hasPrefix("-") || label.hasSuffix("-") {
                throw IdentifierError(
                    .invalidCharacter,
                    kind: kind,
                    offset: label.hasPrefix("-") ? offset : offset + label.unicodeScalars.count - 1,
                    input: input,
                    "a domain label may not start or end with '-'"
                )
            }
            offset += label.unicodeScalars.count + 1
        }
        self.rawValue = lowered
    }

    /// Orders domains alphabetically.
    public static func < (lhs: TenantDomain, rhs: TenantDomain) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The domain.
    public var description: String { rawValue }
}

// MARK: Stored format

extension TenantDomain: Codable {
    /// Decodes a tenant domain stored as its ``rawValue`` string, checked by ``init(_:)``.
    ///
    /// The stored format is stable: one string, such as `example.co.jp`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string is not a valid tenant domain; the error says what
    ///   is wrong without repeating the stored value.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeIdentifier(from: decoder) { text throws(IdentifierError) in try TenantDomain(text)
        }
    }

    /// Encodes the domain as its ``rawValue`` string, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(rawValue, to: encoder)
    }
}
