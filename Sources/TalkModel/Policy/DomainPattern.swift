/// A tenant-domain pattern in the manner of Matrix server ACLs: `*` matches any run of characters
/// (including none) and `?` exactly one.
///
/// `*.example.co.jp` matches `sales.example.co.jp` but not `example.co.jp` itself; list both to
/// cover both. `*` alone matches every tenant. Matching ignores letter case.
public struct DomainPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern in lowercase.
    public let rawValue: String
    private let scalars: [Unicode.Scalar]

    /// Every tenant.
    public static let any = DomainPattern(unchecked: "*")

    /// Parses a pattern.
    /// - Parameter text: Letters, digits, `-`, `.`, `*` and `?`; at most 253 characters.
    /// - Throws: ``IdentifierError`` naming the first character that cannot appear in a domain pattern.
    public init(_ text: String) throws(IdentifierError) {
        let kind = "tenant domain pattern"
        let lowered = text.lowercased()
        try IdentifierSyntax.requireLength(lowered[...], in: 1...253, kind: kind, part: "pattern", input: text)
        try IdentifierSyntax.requireAll(
            lowered[...],
            kind: kind,
            input: text,
            expected: "ASCII letters, digits, '-', '.', '*' or '?'"
        ) { IdentifierSyntax.isLowercaseLetterOrDigit($0) || "-.*?".unicodeScalars.contains($0) }
        self.init(unchecked: lowered)
    }

    private init(unchecked: String) {
        self.rawValue = unchecked
        self.scalars = Array(unchecked.unicodeScalars)
    }

    /// Whether a tenant's domain matches the pattern.
    /// - Parameter tenant: The tenant to test.
    /// - Returns: `true` on a match.
    public func matches(_ tenant: TenantDomain) -> Bool {
        let text = Array(tenant.rawValue.unicodeScalars)
        // Iterative glob matching with single-star backtracking: linear in practice, no recursion.
        var patternIndex = 0
        var textIndex = 0
        var starIndex: Int? = nil
        var starTextIndex = 0
        while textIndex < text.count {
            if patternIndex < scalars.count, scalars[patternIndex] == "?" || scalars[patternIndex] == text[textIndex] {
                patternIndex += 1
                textIndex += 1
            } else if patternIndex < scalars.count, scalars[patternIndex] == "*" {
                starIndex = patternIndex
                starTextIndex = textIndex
                patternIndex += 1
            } else if let star = starIndex {
                patternIndex = star + 1
                starTextIndex += 1
                textIndex = starTextIndex
            } else {
                return false
            }
        }
        while patternIndex < scalars.count, scalars[patternIndex] == "*" { patternIndex += 1 }
        return patternIndex == scalars.count
    }

    /// Two patterns are equal when their text is.
    public static func == (lhs: DomainPattern, rhs: DomainPattern) -> Bool { lhs.rawValue == rhs.rawValue }

    /// Hashes the pattern text.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// The pattern.
    public var description: String { rawValue }
}

// MARK: Stored format

extension DomainPattern: Codable {
    /// Decodes a tenant-domain pattern stored as its ``rawValue`` string, checked by ``init(_:)``.
    ///
    /// The stored format is stable: one string, such as `*.example.co.jp`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string is not a valid domain pattern; the error says what
    ///   is wrong without repeating the stored value.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeIdentifier(from: decoder) { text throws(IdentifierError) in
            try DomainPattern(text)
        }
    }

    /// Encodes the pattern as its ``rawValue`` string, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(rawValue, to: encoder)
    }
}
