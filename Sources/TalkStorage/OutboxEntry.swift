public import TalkModel

/// Where an outbound message goes.
public enum OutboxDestination: Sendable, Hashable {
    /// A LINE user through a channel.
    case line(channel: LineChannelID, user: LineUserID)
    /// A member of a peer tenant, through federation.
    case federation(peer: TenantDomain, member: MemberID)
    /// A LINE WORKS user, through the bot installed in their tenant; `user` is their ID as LINE WORKS gave it.
    case works(bot: String, user: String)
}

/// One message waiting to be sent, or sent: the transactional outbox.
///
/// The entry is stored in the same transaction as the message and the quota count, before the first attempt, with
/// the retry key every attempt reuses. A crash after storing and before sending resends it with the same key; the
/// platform answers a repeated key as already accepted, so the message is neither lost nor doubled.
public struct OutboxEntry: Sendable, Hashable, Identifiable {
    /// Where the entry stands.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Waiting for its next attempt.
        case pending
        /// Accepted by the platform or the peer.
        case sent
        /// A reply attempt's outcome is unknown and the token can no longer tell; the host must decide.
        case uncertain
        /// Refused for good.
        case failed
    }

    /// Where the free reply stands for a LINE send (mirrors the transport's reply status).
    public enum ReplyStatus: String, Sendable, Hashable, CaseIterable {
        /// No reply was made.
        case notSent
        /// The reply was delivered.
        case sent
        /// A reply attempt failed without saying whether LINE processed it.
        case unconfirmed
        /// The messages went by push, so no later attempt may reply.
        case bypassed
    }

    /// The entry's ID.
    public let id: OutboxEntryID
    /// The message it sends; for a notice (see ``payload``), an ID no stored message has.
    public let message: TalkMessageID
    /// The message's room.
    public let room: TalkRoomID
    /// Where it goes.
    public let destination: OutboxDestination
    /// The retry key every attempt sends (`X-Line-Retry-Key` for LINE, the request ID for federation); unique.
    public let retryKey: String
    /// When the entry was created.
    public let createdAt: Timestamp
    /// Where it stands.
    public var state: State
    /// The reply token captured when the entry was created, if one was fresh.
    public var replyToken: String?
    /// When ``replyToken`` was received.
    public var replyTokenReceivedAt: Timestamp?
    /// Where the reply stands.
    public var replyStatus: ReplyStatus
    /// Attempts made so far.
    public var attempts: Int
    /// When the next attempt is due.
    public var nextAttemptAt: Timestamp
    /// The last failure's error code, if any; never a token or a body.
    public var lastError: String?
    /// The platform's request IDs for the sends that went out.
    public var requestIDs: [String]
    /// For an entry that is not a stored message (a lifecycle notice to a peer tenant: an invitation, an accept,
    /// a block, a read mark), the request to send, as its wire JSON; empty for messages, whose content is the
    /// message's.
    public var payload: [UInt8]

    /// Creates a pending entry.
    /// - Parameters:
    ///   - id: Its ID.
    ///   - message: The message it sends.
    ///   - room: The message's room.
    ///   - destination: Where it goes.
    ///   - retryKey: The key every attempt reuses.
    ///   - createdAt: When; also when the first attempt is due.
    public init(
        id: OutboxEntryID,
        message: TalkMessageID,
        room: TalkRoomID,
        destination: OutboxDestination,
        retryKey: String,
        createdAt: Timestamp
    ) {
        self.id = id
        self.message = message
        self.room = room
        self.destination = destination
        self.retryKey = retryKey
        self.createdAt = createdAt
        self.state = .pending
        self.replyToken = nil
        self.replyTokenReceivedAt = nil
        self.replyStatus = .notSent
        self.attempts = 0
        self.nextAttemptAt = createdAt
        self.lastError = nil
        self.requestIDs = []
        self.payload = []
    }
}
