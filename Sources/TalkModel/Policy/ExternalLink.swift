/// One external-talk switch of a tenant and the members allowed to use it (R01, R02).
///
/// A tenant has two, independent of each other: the LINE link and the external-workspace link.
public struct ExternalLink: Sendable, Hashable {
    /// Whether the admin has enabled the link (R01).
    public var isEnabled: Bool
    /// The members allowed to talk through the link (R02).
    public var allowedMembers: AllowedMembers

    /// Creates a link setting.
    /// - Parameters:
    ///   - isEnabled: Whether the link is on.
    ///   - allowedMembers: Who may use it.
    public init(isEnabled: Bool, allowedMembers: AllowedMembers) {
        self.isEnabled = isEnabled
        self.allowedMembers = allowedMembers
    }

    /// A link that is off with nobody allowed, the state paid plans start in (R03).
    public static let disabled = ExternalLink(isEnabled: false, allowedMembers: .nobody)

    /// Whether a member may talk through this link now: it is enabled and the member is allowed.
    /// - Parameter member: The member to check.
    /// - Returns: `true` when both hold.
    public func permits(_ member: MemberID) -> Bool {
        isEnabled && allowedMembers.contains(member)
    }
}

// MARK: Stored format

extension ExternalLink: Codable {
    private enum CodingKeys: String, CodingKey {
        case isEnabled = "isEnabled"
        case allowedMembers = "allowedMembers"
    }

    /// Decodes a link setting stored as an object.
    ///
    /// The stored format is stable: `{"isEnabled": true, "allowedMembers": <AllowedMembers>}`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            isEnabled: try container.decode(Bool.self, forKey: .isEnabled),
            allowedMembers: try container.decode(AllowedMembers.self, forKey: .allowedMembers)
        )
    }

    /// Encodes the link setting as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(isEnabled, forKey: .isEnabled)
        try container.encode(allowedMembers, forKey: .allowedMembers)
    }
}
