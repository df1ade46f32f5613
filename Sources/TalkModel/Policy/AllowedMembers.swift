/// The members of a tenant allowed to use one external link (R02).
public enum AllowedMembers: Sendable, Hashable {
    /// Every member of the tenant.
    case everyone
    /// Only the listed members.
    case only(Set<MemberID>)

    /// Nobody: the list of an unconfigured link on a paid plan (R03).
    public static let nobody = AllowedMembers.only([])

    /// Whether a member is on the list.
    /// - Parameter member: The member to look up.
    /// - Returns: `true` when the member may use the link.
    public func contains(_ member: MemberID) -> Bool {
        switch self {
        case .everyone: true
        case .only(let members): members.contains(member)
        }
    }

    /// Adds a member to an explicit list; an `everyone` list stays as it is.
    /// - Parameter member: The member to allow.
    public mutating func insert(_ member: MemberID) {
        if case .only(var members) = self {
            members.insert(member)
            self = .only(members)
        }
    }

    /// Removes a member from an explicit list; an `everyone` list stays as it is.
    /// - Parameter member: The member to disallow.
    public mutating func remove(_ member: MemberID) {
        if case .only(var members) = self {
            members.remove(member)
            self = .only(members)
        }
    }
}

// MARK: Stored format

extension AllowedMembers: Codable {
    private enum CodingKeys: String, CodingKey {
        case type = "type"
        case members = "members"
    }

    /// Decodes a list stored as an object with a `type`.
    ///
    /// The stored format is stable: `{"type": "everyone"}` or `{"type": "only", "members": [<member IDs, sorted>]}`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when the type is unknown, a member ID is invalid or listed twice.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "everyone": self = .everyone
        case "only": self = .only(try container.decodeSet(MemberID.self, forKey: .members))
        default:
            throw StoredFormat.unknownType(.type, in: container, kind: "allowed members", known: ["everyone", "only"])
        }
    }

    /// Encodes the list as an object with a `type`, the stable stored format; members are sorted.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .everyone:
            try container.encode("everyone", forKey: .type)
        case .only(let members):
            try container.encode("only", forKey: .type)
            try container.encodeSorted(members, forKey: .members)
        }
    }
}
