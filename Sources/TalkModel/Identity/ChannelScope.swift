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
