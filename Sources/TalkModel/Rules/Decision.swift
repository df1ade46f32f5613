/// The answer of ``TalkRules/decide(_:actor:target:policies:)``: allowed, or denied with a reason.
public enum Decision: Sendable, Hashable {
    /// The action may go ahead.
    case allowed
    /// The action is refused.
    case denied(Denial)

    /// Whether the action may go ahead.
    public var isAllowed: Bool { self == .allowed }

    /// The denial, or `nil` when allowed.
    public var denial: Denial? {
        if case .denied(let denial) = self { return denial }
        return nil
    }
}

/// A refused action: what a program switches on, and what an admin reads.
public struct Denial: Sendable, Hashable, CustomStringConvertible {
    /// The machine-readable reason.
    public let reason: DenialReason
    /// The product rule behind the refusal, or `nil` for a tenant setting that no numbered rule names
    /// (the peer-tenant access list and the external-files switch).
    public let rule: RuleID?
    /// The tenant whose policy refused, when a tenant policy was the cause.
    public let decidingTenant: TenantDomain?
    /// A sentence an admin can read, answering "why can't X reach Y?".
    public let explanation: String

    /// Creates a denial.
    /// - Parameters:
    ///   - reason: The machine-readable reason.
    ///   - rule: The rule behind it.
    ///   - decidingTenant: The tenant whose policy refused, if any.
    ///   - explanation: The admin-readable sentence.
    public init(reason: DenialReason, rule: RuleID?, decidingTenant: TenantDomain? = nil, explanation: String) {
        self.reason = reason
        self.rule = rule
        self.decidingTenant = decidingTenant
        self.explanation = explanation
    }

    /// The explanation followed by the reason and rule.
    public var description: String {
        let ruleText = rule.map { ", \($0)" } ?? ""
        return "\(explanation) [\(reason)\(ruleText)]"
    }
}
