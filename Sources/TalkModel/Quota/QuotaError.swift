/// A send that the monthly message quota does not allow, or a quota that is not valid.
///
/// Errors from this area leave the value they were thrown from unchanged.
public struct QuotaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a value to compare against; new codes may be added in later versions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case limitReached
            case invalidRecipientCount
            case invalidLimit
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The send would exceed the monthly limit of a plan that cannot buy more messages (R32).
        public static let limitReached = Code(.limitReached)
        /// A push-type send needs at least one recipient.
        public static let invalidRecipientCount = Code(.invalidRecipientCount)
        /// A custom monthly limit must not be negative.
        public static let invalidLimit = Code(.invalidLimit)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A sentence saying what went wrong, naming the rule (such as `R22`) where one applies.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String { "QuotaError.\(code): \(message)" }
}
