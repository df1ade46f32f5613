public import TalkModel

/// A host action the service refused or could not complete.
///
/// A refusal by the rules carries the ``/TalkModel/Denial``: its reason, the rule ID behind it and the sentence an
/// admin can read ("why can't X reach Y?"). ``description`` never contains message content, tokens or secrets.
public struct ExternalTalkError: Error, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong; new codes may be added, so `switch` statements need a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case denied
            case notFound
            case invalidState
            case quotaExceeded
            case unsupportedContent
            case unknownChannel
            case invalidArgument
            case contact
            case customer
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The rules deny the action; ``ExternalTalkError/denial`` says why.
        public static let denied = Code(.denied)
        /// The room, message, contact or ticket does not exist.
        public static let notFound = Code(.notFound)
        /// The room's state does not allow the action (no pending request to add, already blocked, R09, R11).
        public static let invalidState = Code(.invalidState)
        /// The channel's monthly quota would be exceeded and its plan cannot buy more (R32).
        public static let quotaExceeded = Code(.quotaExceeded)
        /// The content cannot be sent to this peer (R18) or cannot be encoded for it.
        public static let unsupportedContent = Code(.unsupportedContent)
        /// The channel is not configured.
        public static let unknownChannel = Code(.unknownChannel)
        /// An argument is malformed.
        public static let invalidArgument = Code(.invalidArgument)
        /// The address book refused the change (R21-R23).
        public static let contact = Code(.contact)
        /// The customer directory refused the change (R26-R28).
        public static let customer = Code(.customer)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A sentence for the host, naming the rule where one applies.
    public let message: String
    /// The rule behind the refusal, when one applies.
    public let rule: RuleID?
    /// The rules' decision, for ``Code/denied``.
    public let denial: Denial?
    /// The model's own error (a `RoomError`, `ContactError`, `QuotaError`...), for debugging.
    public let underlying: (any Error)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - message: A sentence for the host.
    ///   - rule: The rule behind it.
    ///   - denial: The rules' decision.
    ///   - underlying: The model's error.
    public init(
        _ code: Code,
        _ message: String,
        rule: RuleID? = nil,
        denial: Denial? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.rule = rule ?? denial?.rule
        self.denial = denial
        self.underlying = underlying
    }

    /// A refusal by the rules.
    /// - Parameter denial: The decision.
    /// - Returns: An error with ``Code/denied``.
    public static func denied(_ denial: Denial) -> ExternalTalkError {
        ExternalTalkError(.denied, denial.explanation, denial: denial)
    }

    /// The code and the sentence.
    public var description: String { "ExternalTalkError.\(code): \(message)" }

    /// The description and the underlying error.
    public var debugDescription: String {
        guard let underlying else { return description }
        return "\(description) (underlying: \(String(reflecting: underlying)))"
    }
}
