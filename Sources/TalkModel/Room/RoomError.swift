/// An event that a ``Room`` cannot take in its current state.
///
/// Errors from this area leave the value they were thrown from unchanged.
public struct RoomError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a value to compare against; new codes may be added in later versions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notPending
            case notIncoming
            case notOutgoing
            case alreadyRestricted
            case notRestricted
            case irreversible
            case notApplicable
            case cannotSend
            case cannotBlock
            case lineUserMustAddFirst
            case unsupportedContent
            case roomRestricted
            case invalidSnapshot
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The event needs a pending request, and the room has none (R09).
        public static let notPending = Code(.notPending)
        /// Only the side that received a request can add or block it (R09).
        public static let notIncoming = Code(.notIncoming)
        /// Only the side that sent a request can learn that the peer accepted it.
        public static let notOutgoing = Code(.notOutgoing)
        /// The restriction is already in force.
        public static let alreadyRestricted = Code(.alreadyRestricted)
        /// The restriction to lift is not in force.
        public static let notRestricted = Code(.notRestricted)
        /// The restriction cannot be lifted, such as a deleted channel (R30).
        public static let irreversible = Code(.irreversible)
        /// The event does not apply to this kind of room, such as a channel restriction on a workspace room.
        public static let notApplicable = Code(.notApplicable)
        /// Nothing can be sent in the room's current state (R05, R09, R11, R15, R30).
        public static let cannotSend = Code(.cannotSend)
        /// The room cannot be blocked in its current state, such as after its channel was deleted (R30).
        public static let cannotBlock = Code(.cannotBlock)
        /// A member tried to open a room with a LINE user; only the LINE user can start (R07).
        public static let lineUserMustAddFirst = Code(.lineUserMustAddFirst)
        /// The content cannot be sent to this peer, such as a file to a LINE user (R18).
        public static let unsupportedContent = Code(.unsupportedContent)
        /// The room is blocked or read-only, so a pending request cannot be added now (R09, R05).
        public static let roomRestricted = Code(.roomRestricted)
        /// A ``RoomSnapshot`` describes a room that no sequence of events produces, such as an Official Account
        /// chat with a pending request; ``Room/init(restoring:)`` refuses it.
        public static let invalidSnapshot = Code(.invalidSnapshot)

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
    public var description: String { "RoomError.\(code): \(message)" }
}
