/// An Official Account's message plan: how many push-type messages a month it includes, and
/// whether it may send more (R32).
public struct MessagePlan: Sendable, Hashable, CustomStringConvertible {
    /// The plan's name.
    public let name: String
    /// Messages included per month, counted per recipient.
    public let monthlyLimit: Int
    /// Whether messages beyond the limit can be bought; the free and light plans cannot (R32).
    public let allowsAdditionalMessages: Bool

    private init(name: String, monthlyLimit: Int, allowsAdditionalMessages: Bool) {
        self.name = name
        self.monthlyLimit = monthlyLimit
        self.allowsAdditionalMessages = allowsAdditionalMessages
    }

    /// The free plan: 200 messages a month, no more (R32).
    public static let free = MessagePlan(name: "free", monthlyLimit: 200, allowsAdditionalMessages: false)
    /// The light plan: 5,000 messages a month, no more (R32).
    public static let light = MessagePlan(name: "light", monthlyLimit: 5000, allowsAdditionalMessages: false)
    /// The standard plan: 30,000 messages a month; more can be bought (R32).
    public static let standard = MessagePlan(name: "standard", monthlyLimit: 30_000, allowsAdditionalMessages: true)

    /// A plan with its own limit, for other markets or contracts.
    /// - Parameters:
    ///   - name: The plan's name.
    ///   - monthlyLimit: Messages included per month.
    ///   - allowsAdditionalMessages: Whether more can be bought.
    /// - Returns: The plan.
    /// - Throws: ``QuotaError/Code/invalidLimit`` for a negative limit.
    public static func custom(
        name: String,
        monthlyLimit: Int,
        allowsAdditionalMessages: Bool
    ) throws(QuotaError) -> MessagePlan {
        guard monthlyLimit >= 0 else {
            throw QuotaError(.invalidLimit, "plan \(name): the monthly limit \(monthlyLimit) is negative")
        }
        return MessagePlan(name: name, monthlyLimit: monthlyLimit, allowsAdditionalMessages: allowsAdditionalMessages)
    }

    /// The name.
    public var description: String { name }
}

// MARK: Stored format

extension MessagePlan: Codable {
    private enum CodingKeys: String, CodingKey {
        case name = "name"
        case monthlyLimit = "monthlyLimit"
        case allowsAdditionalMessages = "allowsAdditionalMessages"
    }

    /// Decodes a plan stored as an object, checked by ``custom(name:monthlyLimit:allowsAdditionalMessages:)``.
    ///
    /// The stored format is stable: `{"name": "free", "monthlyLimit": 200, "allowsAdditionalMessages": false}`. A
    /// stored plan keeps the limit it was saved with; the built-in plans compare equal to their decoded values.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or the limit is negative.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let limit = try container.decode(Int.self, forKey: .monthlyLimit)
        let allowsMore = try container.decode(Bool.self, forKey: .allowsAdditionalMessages)
        do {
            self = try .custom(name: name, monthlyLimit: limit, allowsAdditionalMessages: allowsMore)
        } catch {
            throw StoredFormat.impossible(
                decoder,
                "stored message plan: the monthly limit is negative",
                underlying: error
            )
        }
    }

    /// Encodes the plan as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(monthlyLimit, forKey: .monthlyLimit)
        try container.encode(allowsAdditionalMessages, forKey: .allowsAdditionalMessages)
    }
}
