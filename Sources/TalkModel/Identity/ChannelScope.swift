/// Whom an Official Account channel serves (R26): the whole company, or one organization.
public enum ChannelScope: Sendable, Hashable, CustomStringConvertible {
    /// One channel for the whole company. Moving a customer between organizations keeps the link.
    case companyWide
    /// One channel per organization. A customer moved to another organization has to befriend that
    /// organization's channel.
    case organization(OrganizationID)

    /// `company-wide` or `organization <id>`.
    public var description: String {
        switch self {
        case .companyWide: "company-wide"
        case .organization(let organization): "organization \(organization.rawValue)"
        }
    }
}

// MARK: Stored format

extension ChannelScope: Codable {
    private enum CodingKeys: String, CodingKey {
        case type = "type"
        case organization = "organization"
    }

    /// Decodes a scope stored as an object with a `type`.
    ///
    /// The stored format is stable: `{"type": "companyWide"}` or
    /// `{"type": "organization", "organization": "<organization ID>"}`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when the type is unknown or the organization ID is missing or invalid.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "companyWide": self = .companyWide
        case "organization": self = .organization(try container.decode(OrganizationID.self, forKey: .organization))
        default:
            throw StoredFormat.unknownType(
                .type,
                in: container,
                kind: "channel scope",
                known: ["companyWide", "organization"]
            )
        }
    }

    /// Encodes the scope as an object with a `type`, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .companyWide:
            try container.encode("companyWide", forKey: .type)
        case .organization(let organization):
            try container.encode("organization", forKey: .type)
            try container.encode(organization, forKey: .organization)
        }
    }
}
