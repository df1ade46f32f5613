/// An organization, channel or customer-record operation that was refused.
///
/// Errors from this area leave the value they were thrown from unchanged.
public struct CustomerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a value to compare against; new codes may be added in later versions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notFound
            case alreadyExists
            case providerMismatch
            case notLinked
            case channelUnavailable
            case invalidMerge
            case mergeNotReversible
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// No customer, channel or merge record with that identifier exists.
        public static let notFound = Code(.notFound)
        /// A customer or channel with that identifier already exists.
        public static let alreadyExists = Code(.alreadyExists)
        /// The LINE user ID belongs to another provider than the channel's (R27).
        public static let providerMismatch = Code(.providerMismatch)
        /// The customer is not a friend of that channel.
        public static let notLinked = Code(.notLinked)
        /// The channel is disabled or deleted (R30).
        public static let channelUnavailable = Code(.channelUnavailable)
        /// The two records cannot be merged, such as a record with itself.
        public static let invalidMerge = Code(.invalidMerge)
        /// The merge cannot be undone because a later merge depends on it.
        public static let mergeNotReversible = Code(.mergeNotReversible)

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
    public var description: String { "CustomerError.\(code): \(message)" }
}
