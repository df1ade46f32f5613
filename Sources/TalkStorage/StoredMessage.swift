public import TalkModel

/// Which way a message went.
public enum MessageDirection: String, Sendable, Hashable, CaseIterable {
    /// From the peer (a LINE user, a workspace user of another tenant) to our side.
    case inbound
    /// From our side to the peer.
    case outbound
}

/// Which messages a query covers.
public enum MessageScope: Sendable, Hashable {
    /// One room's messages.
    case room(TalkRoomID)
    /// Every message through one LINE channel.
    case channel(LineChannelID)
    /// Every message.
    case all
}

/// A message as stored, inbound or outbound.
public struct StoredMessage: Sendable, Hashable, Identifiable {
    /// Where a message stands.
    public enum State: Sendable, Hashable {
        /// Inbound, shown to our member.
        case delivered
        /// Inbound, kept in history but not delivered: the room was pending, blocked or read-only
        /// (R05, R09, R11, R30). `reason` names the restriction.
        case held(reason: String)
        /// Outbound, stored in the outbox and not yet confirmed sent.
        case queued
        /// Outbound, accepted by the platform or the peer tenant.
        case sent
        /// Outbound, a reply attempt whose outcome is unknown; never pushed again blindly. The host decides.
        case uncertain
        /// Outbound, refused for good; `reason` is the error code, never a token or body.
        case failed(reason: String)
    }

    /// The message's ID.
    public let id: TalkMessageID
    /// The order in which messages were stored, assigned by the storage; 0 before insertion.
    public var sequence: Int64
    /// The room it belongs to.
    public let room: TalkRoomID
    /// The LINE channel it went through, if any.
    public let channel: LineChannelID?
    /// Which way it went.
    public let direction: MessageDirection
    /// Who wrote it: the peer for inbound, our member for outbound.
    public let sender: Party
    /// The operator's name for an outbound message from a shared desk; shown inside the company only, never
    /// sent to the LINE user (R17).
    public var operatorName: String?
    /// When it was sent, by the platform's clock for inbound messages.
    public let sentAt: Timestamp
    /// The content type, such as `text`, `sticker`, `image`, or the platform's name for an unknown type.
    public var contentType: String
    /// The content in the canonical JSON of `TalkWire`'s `MessageContent`.
    public var content: [UInt8]
    /// The readable text: text with LINE emoji as tokens (R14), or a short label for other content.
    public var text: String
    /// Where it stands.
    public var state: State
    /// When the recipient read it (R16): our member for inbound, the peer for outbound.
    public var readAt: Timestamp?
    /// The platform's ID for it (a LINE message ID, a federation message ID), if known.
    public var externalID: String?
    /// LINE's mark-as-read token for an inbound message, kept to mark it read on LINE later.
    public var markAsReadToken: String?
    /// When the sender last edited it, if ever.
    public var editedAt: Timestamp?
    /// When the sender took it back (LINE `unsend`), if ever; the content is then emptied.
    public var unsentAt: Timestamp?

    /// Creates a message to store.
    /// - Parameters:
    ///   - id: Its ID.
    ///   - room: Its room.
    ///   - channel: Its LINE channel, if any.
    ///   - direction: Which way it went.
    ///   - sender: Who wrote it.
    ///   - sentAt: When.
    ///   - contentType: The content type.
    ///   - content: The canonical content JSON.
    ///   - text: The readable text.
    ///   - state: Where it stands.
    public init(
        id: TalkMessageID,
        room: TalkRoomID,
        channel: LineChannelID?,
        direction: MessageDirection,
        sender: Party,
        sentAt: Timestamp,
        contentType: String,
        content: [UInt8],
        text: String,
        state: State
    ) {
        self.id = id
        self.sequence = 0
        self.room = room
        self.channel = channel
        self.direction = direction
        self.sender = sender
        self.operatorName = nil
        self.sentAt = sentAt
        self.contentType = contentType
        self.content = content
        self.text = text
        self.state = state
        self.readAt = nil
        self.externalID = nil
        self.markAsReadToken = nil
        self.editedAt = nil
        self.unsentAt = nil
    }
}
