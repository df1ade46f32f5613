public import TalkModel

/// An entry to append to the host's event feed.
public struct NewFeedEntry: Sendable, Hashable {
    /// The event's kind, such as `room.requested` or `message.received`.
    public var kind: String
    /// The room it concerns, if any.
    public var room: TalkRoomID?
    /// When it happened.
    public var recordedAt: Timestamp
    /// The event's details as JSON, defined by the engine for each kind; never a secret.
    public var payload: [UInt8]

    /// Creates a feed entry.
    /// - Parameters:
    ///   - kind: The event's kind.
    ///   - room: The room it concerns.
    ///   - recordedAt: When it happened.
    ///   - payload: The details as JSON.
    public init(kind: String, room: TalkRoomID?, recordedAt: Timestamp, payload: [UInt8]) {
        self.kind = kind
        self.room = room
        self.recordedAt = recordedAt
        self.payload = payload
    }
}

/// An entry of the host's event feed, with its place in the feed.
public struct FeedEntry: Sendable, Hashable {
    /// The entry's place: 1 for the first, then one more each time. A host resumes after the last it handled.
    public let sequence: Int64
    /// The event's kind.
    public let kind: String
    /// The room it concerns, if any.
    public let room: TalkRoomID?
    /// When it happened.
    public let recordedAt: Timestamp
    /// The details as JSON.
    public let payload: [UInt8]

    /// Creates a feed entry, as a storage reads it back.
    /// - Parameters:
    ///   - sequence: Its place.
    ///   - entry: Its contents.
    public init(sequence: Int64, _ entry: NewFeedEntry) {
        self.sequence = sequence
        self.kind = entry.kind
        self.room = entry.room
        self.recordedAt = entry.recordedAt
        self.payload = entry.payload
    }
}
