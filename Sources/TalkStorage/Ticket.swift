public import TalkModel

/// An inquiry opened because a chat stayed unanswered longer than its channel allows (R29).
public struct Ticket: Sendable, Hashable, Identifiable {
    /// The ticket's ID.
    public let id: TicketID
    /// The chat it was opened for.
    public let room: TalkRoomID
    /// The chat's channel.
    public let channel: LineChannelID?
    /// Since when the peer had been waiting when the ticket was opened.
    public let waitingSince: Timestamp
    /// When the ticket was opened.
    public let openedAt: Timestamp
    /// When it was closed (our side answered, or an operator closed it), if it is closed.
    public var closedAt: Timestamp?

    /// Whether the ticket is open.
    public var isOpen: Bool { closedAt == nil }

    /// Creates an open ticket.
    /// - Parameters:
    ///   - id: Its ID.
    ///   - room: The chat.
    ///   - channel: The chat's channel.
    ///   - waitingSince: Since when the peer had been waiting.
    ///   - openedAt: When the ticket is opened.
    public init(id: TicketID, room: TalkRoomID, channel: LineChannelID?, waitingSince: Timestamp, openedAt: Timestamp) {
        self.id = id
        self.room = room
        self.channel = channel
        self.waitingSince = waitingSince
        self.openedAt = openedAt
        self.closedAt = nil
    }
}
