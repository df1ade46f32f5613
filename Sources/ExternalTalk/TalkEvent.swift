public import TalkModel
public import TalkStorage
import TalkWire

/// Something that happened, as the host reads it from the service's stored event feed.
///
/// Events are stored in the same transaction as the change they describe, so a host that reads the feed with a
/// cursor sees every change exactly once, in order, across restarts (see ``ExternalTalkService/events(after:pollInterval:)``).
public struct TalkEvent: Sendable, Hashable {
    /// What happened.
    @nonexhaustive
    public enum Kind: Sendable, Hashable {
        /// Someone added our member; the room waits for **Add** or **Block** (R09). `peer` is the requester's
        /// searchable ID.
        case requestReceived(peer: String)
        /// Talk started in the room (R09).
        case talkStarted
        /// The room's restrictions changed (blocks, disabled links or channels, R05, R11, R30); `status` is the
        /// new status in words.
        case roomStatusChanged(status: String)
        /// A message arrived and is shown to the member.
        case messageReceived(TalkMessageID)
        /// A message arrived and was kept without being delivered (R05, R09, R11, R19, R30).
        case messageHeld(TalkMessageID, reason: String)
        /// The sender took a message back.
        case messageUnsent(TalkMessageID)
        /// The sender edited a message.
        case messageEdited(TalkMessageID)
        /// An outbound message was accepted by the platform or the peer tenant.
        case messageSent(TalkMessageID)
        /// A shared desk's automatic response to a message was stored for sending (R19); ``messageSent(_:)``
        /// follows when it goes out.
        case autoReplyQueued(TalkMessageID)
        /// A reply's outcome is unknown; it is not resent blindly. The host decides (see
        /// ``ExternalTalkService/resolveUncertain(_:delivered:)``).
        case messageUncertain(TalkMessageID)
        /// An outbound message was refused for good; `code` is the error code.
        case messageFailed(TalkMessageID, code: String)
        /// Messages of one direction were marked read (R16).
        case messagesRead(direction: MessageDirection, count: Int)
        /// An unanswered chat became a ticket (R29).
        case ticketOpened(TicketID)
        /// A ticket was closed.
        case ticketClosed(TicketID)
        /// A member's contact changed: `change` is `registered`, `edited`, `trashed`, `restored` or `purged`
        /// (R21-R23).
        case contactChanged(member: MemberID, party: String, change: String)
        /// A channel's 1:1 chat mode switched (R19).
        case chatModeChanged(channel: LineChannelID, mode: String)
        /// A call was started with a workspace user (R13).
        case callStarted(kind: String)
        /// A platform event the service records but does not act on (a LINE postback, beacon...), by its type.
        case platformEvent(type: String)
        /// An event of a kind this version does not know, written by a newer one.
        case unknown(kind: String)
    }

    /// The event's place in the feed; pass it to ``ExternalTalkService/events(after:pollInterval:)`` to resume after it.
    public let cursor: Int64
    /// When it was recorded.
    public let recordedAt: Timestamp
    /// The room it concerns, if any.
    public let room: TalkRoomID?
    /// What happened.
    public let kind: Kind

    /// Creates an event.
    /// - Parameters:
    ///   - cursor: Its place in the feed.
    ///   - recordedAt: When.
    ///   - room: The room.
    ///   - kind: What happened.
    public init(cursor: Int64, recordedAt: Timestamp, room: TalkRoomID?, kind: Kind) {
        self.cursor = cursor
        self.recordedAt = recordedAt
        self.room = room
        self.kind = kind
    }

    /// Reads an event from a stored feed entry; an entry this version cannot read becomes ``Kind/unknown(kind:)``.
    /// - Parameter entry: The entry.
    public init(_ entry: FeedEntry) {
        self.cursor = entry.sequence
        self.recordedAt = entry.recordedAt
        self.room = entry.room
        self.kind = Kind(name: entry.kind, payload: entry.payload) ?? .unknown(kind: entry.kind)
    }
}

extension TalkEvent.Kind {
    /// The stable name the feed stores the kind under.
    public var name: String {
        switch self {
        case .requestReceived: "room.requested"
        case .talkStarted: "room.talk-started"
        case .roomStatusChanged: "room.status-changed"
        case .messageReceived: "message.received"
        case .messageHeld: "message.held"
        case .messageUnsent: "message.unsent"
        case .messageEdited: "message.edited"
        case .messageSent: "message.sent"
        case .autoReplyQueued: "message.auto-reply-queued"
        case .messageUncertain: "message.uncertain"
        case .messageFailed: "message.failed"
        case .messagesRead: "messages.read"
        case .ticketOpened: "ticket.opened"
        case .ticketClosed: "ticket.closed"
        case .contactChanged: "contact.changed"
        case .chatModeChanged: "channel.chat-mode-changed"
        case .callStarted: "call.started"
        case .platformEvent: "platform.event"
        case .unknown(let kind): kind
        }
    }

    /// The kind's details as the feed stores them.
    /// The kind's fields as a JSON object, such as `{"message":"..."}`, as stored in the feed.
    public var fieldsJSON: String { String(decoding: payload, as: UTF8.self) }

    var payload: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 96)
        writer.beginObject()
        switch self {
        case .requestReceived(let peer): writer.field("peer", peer)
        case .talkStarted, .unknown: break
        case .roomStatusChanged(let status): writer.field("status", status)
        case .messageReceived(let id), .messageUnsent(let id), .messageEdited(let id), .messageSent(let id),
            .messageUncertain(let id), .autoReplyQueued(let id):
            writer.field("message", id.rawValue)
        case .messageHeld(let id, let reason):
            writer.field("message", id.rawValue)
            writer.field("reason", reason)
        case .messageFailed(let id, let code):
            writer.field("message", id.rawValue)
            writer.field("code", code)
        case .messagesRead(let direction, let count):
            writer.field("direction", direction.rawValue)
            writer.field("count", count)
        case .ticketOpened(let id), .ticketClosed(let id): writer.field("ticket", id.rawValue)
        case .contactChanged(let member, let party, let change):
            writer.field("member", member.rawValue)
            writer.field("party", party)
            writer.field("change", change)
        case .chatModeChanged(let channel, let mode):
            writer.field("channel", channel.rawValue)
            writer.field("mode", mode)
        case .callStarted(let kind): writer.field("kind", kind)
        case .platformEvent(let type): writer.field("type", type)
        }
        writer.endObject()
        return writer.bytes
    }

    init?(name: String, payload: [UInt8]) {
        guard let object = try? JSONValue(parsing: payload, limits: JSONDecodingLimits(maximumDepth: 4)) else {
            return nil
        }
        func string(_ key: String) -> String? { object[key]?.stringValue }
        func message() -> TalkMessageID? { string("message").map(TalkMessageID.init(rawValue:)) }
        switch name {
        case "room.requested":
            guard let peer = string("peer") else { return nil }
            self = .requestReceived(peer: peer)
        case "room.talk-started": self = .talkStarted
        case "room.status-changed":
            guard let status = string("status") else { return nil }
            self = .roomStatusChanged(status: status)
        case "message.received":
            guard let id = message() else { return nil }
            self = .messageReceived(id)
        case "message.held":
            guard let id = message(), let reason = string("reason") else { return nil }
            self = .messageHeld(id, reason: reason)
        case "message.unsent":
            guard let id = message() else { return nil }
            self = .messageUnsent(id)
        case "message.edited":
            guard let id = message() else { return nil }
            self = .messageEdited(id)
        case "message.sent":
            guard let id = message() else { return nil }
            self = .messageSent(id)
        case "message.auto-reply-queued":
            guard let id = message() else { return nil }
            self = .autoReplyQueued(id)
        case "message.uncertain":
            guard let id = message() else { return nil }
            self = .messageUncertain(id)
        case "message.failed":
            guard let id = message(), let code = string("code") else { return nil }
            self = .messageFailed(id, code: code)
        case "messages.read":
            guard let direction = string("direction").flatMap(MessageDirection.init(rawValue:)),
                let count = object["count"]?.numberValue.flatMap({ Int($0.literal) })
            else { return nil }
            self = .messagesRead(direction: direction, count: count)
        case "ticket.opened":
            guard let id = string("ticket") else { return nil }
            self = .ticketOpened(TicketID(rawValue: id))
        case "ticket.closed":
            guard let id = string("ticket") else { return nil }
            self = .ticketClosed(TicketID(rawValue: id))
        case "contact.changed":
            guard let member = string("member").flatMap({ try? MemberID($0) }), let party = string("party"),
                let change = string("change")
            else { return nil }
            self = .contactChanged(member: member, party: party, change: change)
        case "channel.chat-mode-changed":
            guard let channel = string("channel").flatMap({ try? LineChannelID($0) }), let mode = string("mode") else {
                return nil
            }
            self = .chatModeChanged(channel: channel, mode: mode)
        case "call.started":
            guard let kind = string("kind") else { return nil }
            self = .callStarted(kind: kind)
        case "platform.event":
            guard let type = string("type") else { return nil }
            self = .platformEvent(type: type)
        default:
            return nil
        }
    }
}
