public import TalkModel

/// A room as stored: the model's state machine plus what the engine needs around it.
public struct StoredRoom: Sendable, Hashable, Identifiable {
    /// The room's ID.
    public let id: TalkRoomID
    /// The LINE channel the room talks through, for rooms with LINE users.
    public var channel: LineChannelID?
    /// Our member whose room it is: the workspace member in a federation room, or the member whose personal
    /// account a LINE user followed; `nil` for a shared desk's chat, which its operators answer.
    public var member: MemberID?
    /// The add/block state machine and the peer (R05, R09, R11, R15, R30).
    public var room: Room
    /// When the room was created.
    public let createdAt: Timestamp
    /// When the room last changed.
    public var updatedAt: Timestamp
    /// The latest reply token the peer's message or follow brought, for a free reply (R15, R32).
    public var replyToken: String?
    /// When ``replyToken`` was received.
    public var replyTokenReceivedAt: Timestamp?
    /// Since when the peer has been waiting for our answer; `nil` when we answered last (R29).
    public var awaitingAnswerSince: Timestamp?

    /// Creates a stored room.
    /// - Parameters:
    ///   - id: The room's ID.
    ///   - channel: Its LINE channel, if any.
    ///   - member: Our member, if any.
    ///   - room: The state machine.
    ///   - createdAt: Creation time; also the first ``updatedAt``.
    public init(id: TalkRoomID, channel: LineChannelID?, member: MemberID?, room: Room, createdAt: Timestamp) {
        self.id = id
        self.channel = channel
        self.member = member
        self.room = room
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.replyToken = nil
        self.replyTokenReceivedAt = nil
        self.awaitingAnswerSince = nil
    }
}
