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
