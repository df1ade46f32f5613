/// A workspace user's ID, `local@domain`, such as `alice@example.co.jp`.
///
/// The domain names the user's tenant. Seen from another tenant, the same value identifies an
/// *external workspace user*. IDs are case-insensitive and stored in lowercase. The local part has
/// 1 to 64 ASCII letters, digits, `.`, `_` or `-`.
public struct MemberID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The part before the `@`, in lowercase.
    public let localPart: String
    /// The tenant the user belongs to.
    public let tenant: TenantDomain

    /// Parses a member ID.
    /// - Parameter text: The full ID including `@domain`.
    /// - Throws: ``IdentifierError`` saying which part is wrong and where.
    public init(_ text: String) throws(IdentifierError) {
        let kind = "member ID"
        guard !text.isEmpty else { throw IdentifierError(.empty, kind: kind, input: text, "the ID is empty") }
        let scalars = text.unicodeScalars
        guard let at = scalars.firstIndex(of: "@") else {
            throw IdentifierError(
                .missingSeparator,
                kind: kind,
                input: text,
                "the ID has no '@'; a member ID is the whole 'name@domain'"
            )
        }
        let local = Substring(text.unicodeScalars[scalars.startIndex..<at]).lowercased()
        let domainText = String(text.unicodeScalars[scalars.index(after: at)...])
        try IdentifierSyntax.requireLength(local[...], in: 1...64, kind: kind, part: "name before '@'", input: text)
        try IdentifierSyntax.requireAll(
            local[...],
            kind: kind,
            input: text,
            expected: "ASCII letters, digits, '.', '_' or '-' before '@'"
        ) { IdentifierSyntax.isLowercaseLetterOrDigit($0) || $0 == "." || $0 == "_" || $0 == "-" }
        self.localPart = local
        self.tenant = try TenantDomain(
            domainText,
            kind: kind,
            input: text,
            baseOffset: local.unicodeScalars.count + 1
        )
    }

    /// The whole ID, `local@domain`.
    public var rawValue: String { "\(localPart)@\(tenant.rawValue)" }

    /// Whether an ID search query finds this member.
    ///
    /// R06, R08: the search matches only the whole ID including `@domain`; a prefix such as the part
    /// before the `@` never matches. Surrounding spaces are ignored and letter case does not matter.
    /// - Parameter query: What the searching user typed.
    /// - Returns: `true` when the query is exactly this ID.
    public func matchesExactSearch(_ query: String) -> Bool {
        guard let parsed = try? MemberID(String(IdentifierSyntax.trimmingWhitespace(query))) else { return false }
        return parsed == self
    }

    /// Orders IDs by their text.
    public static func < (lhs: MemberID, rhs: MemberID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The whole ID.
    public var description: String { rawValue }
}

// MARK: Stored format

extension MemberID: Codable {
    /// Decodes a member ID stored as its ``rawValue`` string, checked by ``init(_:)``.
    ///
    /// The stored format is stable: one string, such as `alice@example.co.jp`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string is not a valid member ID; the error says what
    ///   is wrong without repeating the stored value.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeIdentifier(from: decoder) { text throws(IdentifierError) in try MemberID(text) }
    }

    /// Encodes the ID as its ``rawValue`` string, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(rawValue, to: encoder)
    }
}
