/// A test set up the fake platform in a way it cannot follow, such as a message from a user who never added
/// the account.
public struct FakePlatformError: Error, Hashable, CustomStringConvertible {
    /// What was wrong, as a value to compare against; new codes may be added in later versions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unknownChannel
            case unknownUser
            case notFollowing
            case unknownEvent
            case unknownMessage
            case duplicateChannel
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// No channel with that ID was added.
        public static let unknownChannel = Code(.unknownChannel)
        /// No user with that ID was added.
        public static let unknownUser = Code(.unknownUser)
        /// The user does not follow the channel (never added it, or blocked it), so cannot write to it.
        public static let notFollowing = Code(.notFollowing)
        /// No webhook event with that ID was generated.
        public static let unknownEvent = Code(.unknownEvent)
        /// No message with that ID was sent by that user.
        public static let unknownMessage = Code(.unknownMessage)
        /// A channel with that ID was added before.
        public static let duplicateChannel = Code(.duplicateChannel)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What was wrong.
    public let code: Code
    /// A sentence naming the channel, user or event.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String { "FakePlatformError.\(code): \(message)" }
}
