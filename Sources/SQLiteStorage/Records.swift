import Foundation
internal import GRDB
import TalkModel
import TalkStorage

// The rows of each table, as GRDB records wrapping the storage's own types. They stay inside this module: the
// public API speaks `TalkStorage`'s types only.

/// A record whose columns are written by a statement of this module, with its column names in one place.
///
/// Statements bind the columns by number (`?1`, `?2`...) in the order of ``columns``: a record writes its values
/// into ``ColumnValues``, an array in that order, and binds it as is, with no dictionary of names in between.
protocol StoredRecord: FetchableRecord, TableRecord {
    /// The columns that `encode(to:)` writes, in the order of the table's definition.
    static var columns: [String] { get }
    /// Each column's position in ``columns``.
    static var columnIndex: [String: Int] { get }
    /// The BLOB columns, which statements wrap in `COALESCE(..., x'')`: an empty byte buffer may come without an
    /// address, which SQLite binds as NULL, and empty content (an unsent message) must stay an empty BLOB.
    static var blobColumns: Set<String> { get }
    /// Writes the record's values.
    func encode(to container: inout ColumnValues) throws
}

/// One row's values in the order of its record's columns.
struct ColumnValues {
    private(set) var values: [DatabaseValue]
    private let index: [String: Int]

    init(count: Int, index: [String: Int]) {
        self.values = Array(repeating: .null, count: count)
        self.index = index
    }

    subscript(column: String) -> (any DatabaseValueConvertible)? {
        get { index[column].map { values[$0] } }
        set {
            guard let position = index[column] else { preconditionFailure("no column \(column)") }
            values[position] = newValue?.databaseValue ?? .null
        }
    }
}

extension StoredRecord {
    static var blobColumns: Set<String> { [] }

    static func makeColumnIndex() -> [String: Int] {
        Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
    }

    static func placeholder(_ column: String) -> String {
        let number = "?\(columnIndex[column]! + 1)"
        return blobColumns.contains(column) ? "COALESCE(\(number), x'')" : number
    }

    /// `INSERT INTO table (columns) VALUES (?1, ?2, ...)`, completed by the caller's conflict clause.
    static var insertStatement: String {
        "INSERT INTO \(databaseTableName) (\(columns.joined(separator: ", "))) VALUES ("
            + columns.map(placeholder).joined(separator: ", ") + ")"
    }

    /// `UPDATE table SET column = ?n, ... WHERE key = ?k`, leaving out the key and the unchanging columns.
    static func updateStatement(key: String, keeping unchanged: Set<String> = []) -> String {
        let assignments = columns.filter { $0 != key && !unchanged.contains($0) }.map { "\($0) = \(placeholder($0))" }
        return "UPDATE \(databaseTableName) SET \(assignments.joined(separator: ", "))"
            + " WHERE \(key) = \(placeholder(key))"
    }

    /// The values, bound by number; a statement that leaves out some columns still takes them all, as long as
    /// it names the last one.
    var arguments: StatementArguments {
        get throws {
            var container = ColumnValues(count: Self.columns.count, index: Self.columnIndex)
            try encode(to: &container)
            return StatementArguments(container.values)
        }
    }
}

extension ColumnReader {
    func channel(_ column: String) throws -> LineChannelID? {
        try optionalParsed(column) { try LineChannelID($0) }
    }

    /// The party in the three `<prefix>_kind`, `_id` and `_provider` columns.
    func party(_ prefix: String) throws -> Party {
        let stored = StoredParty(
            kind: try text("\(prefix)_kind"),
            id: try text("\(prefix)_id"),
            provider: try optionalText("\(prefix)_provider")
        )
        guard let party = stored.party else { throw failure("\(prefix)_kind", "not a valid party") }
        return party
    }
}

struct RoomRecord: StoredRecord {
    static let databaseTableName = "rooms"
    static let columns = [
        "id", "channel", "member", "room", "created_at", "updated_at", "reply_token", "reply_token_received_at",
        "awaiting_answer_since",
    ]
    static let columnIndex = makeColumnIndex()

    var room: StoredRoom

    init(_ room: StoredRoom) { self.room = room }

    init(row: Row) throws {
        let columns = ColumnReader(row: row, table: Self.databaseTableName)
        var room = StoredRoom(
            id: TalkRoomID(try columns.text("id")),
            channel: try columns.channel("channel"),
            member: try columns.optionalParsed("member") { try MemberID($0) },
            room: try columns.room("room"),
            createdAt: try columns.timestamp("created_at")
        )
        room.updatedAt = try columns.timestamp("updated_at")
        room.replyToken = try columns.optionalText("reply_token")
        room.replyTokenReceivedAt = try columns.optionalTimestamp("reply_token_received_at")
        room.awaitingAnswerSince = try columns.optionalTimestamp("awaiting_answer_since")
        self.room = room
    }

    func encode(to container: inout ColumnValues) throws {
        container["id"] = room.id.rawValue
        container["channel"] = room.channel?.rawValue
        container["member"] = room.member?.rawValue
        container["room"] = try RoomJSONMemo.shared.encode(room.room)
        container["created_at"] = room.createdAt.millisecondsSinceEpoch
        container["updated_at"] = room.updatedAt.millisecondsSinceEpoch
        container["reply_token"] = room.replyToken
        container["reply_token_received_at"] = room.replyTokenReceivedAt?.millisecondsSinceEpoch
        container["awaiting_answer_since"] = room.awaitingAnswerSince?.millisecondsSinceEpoch
    }
}

struct MessageRecord: StoredRecord {
    static let databaseTableName = "messages"
    static let columns = [
        "id", "room", "channel", "direction", "sender_kind", "sender_id", "sender_provider", "operator_name",
        "sent_at", "content_type", "content", "text", "state", "state_reason", "read_at", "external_id",
        "mark_as_read_token", "edited_at", "unsent_at",
    ]
    static let columnIndex = makeColumnIndex()
    static let blobColumns: Set<String> = ["content"]

    var message: StoredMessage

    init(_ message: StoredMessage) { self.message = message }

    init(row: Row) throws {
        let columns = ColumnReader(row: row, table: Self.databaseTableName)
        var message = StoredMessage(
            id: TalkMessageID(try columns.text("id")),
            room: TalkRoomID(try columns.text("room")),
            channel: try columns.channel("channel"),
            direction: try columns.parsed("direction") { MessageDirection(rawValue: $0) },
            sender: try columns.party("sender"),
            sentAt: try columns.timestamp("sent_at"),
            contentType: try columns.text("content_type"),
            content: try columns.bytes("content"),
            text: try columns.text("text"),
            state: try Self.state(columns)
        )
        message.sequence = try columns.integer("sequence")
        message.operatorName = try columns.optionalText("operator_name")
        message.readAt = try columns.optionalTimestamp("read_at")
        message.externalID = try columns.optionalText("external_id")
        message.markAsReadToken = try columns.optionalText("mark_as_read_token")
        message.editedAt = try columns.optionalTimestamp("edited_at")
        message.unsentAt = try columns.optionalTimestamp("unsent_at")
        self.message = message
    }

    private static func state(_ columns: ColumnReader) throws -> StoredMessage.State {
        let name = try columns.text("state")
        guard let state = StoredMessage.State(storedName: name, reason: try columns.optionalText("state_reason")) else {
            throw columns.failure("state", "unknown state, or a reason where none belongs")
        }
        return state
    }

    func encode(to container: inout ColumnValues) {
        let sender = StoredParty(message.sender)
        container["id"] = message.id.rawValue
        container["room"] = message.room.rawValue
        container["channel"] = message.channel?.rawValue
        container["direction"] = message.direction.rawValue
        container["sender_kind"] = sender.kind
        container["sender_id"] = sender.id
        container["sender_provider"] = sender.provider
        container["operator_name"] = message.operatorName
        container["sent_at"] = message.sentAt.millisecondsSinceEpoch
        container["content_type"] = message.contentType
        container["content"] = Data(message.content)
        container["text"] = message.text
        container["state"] = message.state.storedName
        container["state_reason"] = message.state.storedReason
        container["read_at"] = message.readAt?.millisecondsSinceEpoch
        container["external_id"] = message.externalID
        container["mark_as_read_token"] = message.markAsReadToken
        container["edited_at"] = message.editedAt?.millisecondsSinceEpoch
        container["unsent_at"] = message.unsentAt?.millisecondsSinceEpoch
    }
}

struct OutboxRecord: StoredRecord {
    static let databaseTableName = "outbox"
    static let columns = [
        "id", "message", "room", "destination_kind", "destination_channel", "destination_user", "destination_peer",
        "destination_member", "retry_key", "created_at", "state", "reply_token", "reply_token_received_at",
        "reply_status", "attempts", "next_attempt_at", "last_error", "request_ids", "payload",
    ]
    static let columnIndex = makeColumnIndex()
    static let blobColumns: Set<String> = ["payload"]

    var entry: OutboxEntry

    init(_ entry: OutboxEntry) { self.entry = entry }

    init(row: Row) throws {
        let columns = ColumnReader(row: row, table: Self.databaseTableName)
        var entry = OutboxEntry(
            id: OutboxEntryID(try columns.text("id")),
            message: TalkMessageID(try columns.text("message")),
            room: TalkRoomID(try columns.text("room")),
            destination: try Self.destination(columns),
            retryKey: try columns.text("retry_key"),
            createdAt: try columns.timestamp("created_at")
        )
        entry.state = try columns.parsed("state") { OutboxEntry.State(rawValue: $0) }
        entry.replyToken = try columns.optionalText("reply_token")
        entry.replyTokenReceivedAt = try columns.optionalTimestamp("reply_token_received_at")
        entry.replyStatus = try columns.parsed("reply_status") { OutboxEntry.ReplyStatus(rawValue: $0) }
        let attempts = try columns.integer("attempts")
        guard let attemptCount = Int(exactly: attempts) else { throw columns.failure("attempts", "out of range") }
        entry.attempts = attemptCount
        entry.nextAttemptAt = try columns.timestamp("next_attempt_at")
        entry.lastError = try columns.optionalText("last_error")
        entry.requestIDs = try columns.json([String].self, "request_ids")
        entry.payload = try columns.bytes("payload")
        self.entry = entry
    }

    private static func destination(_ columns: ColumnReader) throws -> OutboxDestination {
        let stored = StoredDestination(
            kind: try columns.text("destination_kind"),
            channel: try columns.optionalText("destination_channel"),
            user: try columns.optionalText("destination_user"),
            peer: try columns.optionalText("destination_peer"),
            member: try columns.optionalText("destination_member")
        )
        guard let destination = stored.destination else {
            throw columns.failure("destination_kind", "not a valid destination")
        }
        return destination
    }

    func encode(to container: inout ColumnValues) throws {
        container["id"] = entry.id.rawValue
        container["message"] = entry.message.rawValue
        container["room"] = entry.room.rawValue
        let destination = StoredDestination(entry.destination)
        container["destination_kind"] = destination.kind
        container["destination_channel"] = destination.channel
        container["destination_user"] = destination.user
        container["destination_peer"] = destination.peer
        container["destination_member"] = destination.member
        container["retry_key"] = entry.retryKey
        container["created_at"] = entry.createdAt.millisecondsSinceEpoch
        container["state"] = entry.state.rawValue
        container["reply_token"] = entry.replyToken
        container["reply_token_received_at"] = entry.replyTokenReceivedAt?.millisecondsSinceEpoch
        container["reply_status"] = entry.replyStatus.rawValue
        container["attempts"] = Int64(entry.attempts)
        container["next_attempt_at"] = entry.nextAttemptAt.millisecondsSinceEpoch
        container["last_error"] = entry.lastError
        container["request_ids"] = try JSONColumn.encode(entry.requestIDs)
        container["payload"] = Data(entry.payload)
    }
}

struct FeedRecord: StoredRecord {
    static let databaseTableName = "feed"
    static let columns = ["kind", "room", "recorded_at", "payload"]
    static let columnIndex = makeColumnIndex()
    static let blobColumns: Set<String> = ["payload"]

    /// The entry's place; `nil` before it is appended.
    var sequence: Int64?
    var entry: NewFeedEntry

    init(_ entry: NewFeedEntry) { self.entry = entry }

    init(row: Row) throws {
        let columns = ColumnReader(row: row, table: Self.databaseTableName)
        sequence = try columns.integer("sequence")
        entry = NewFeedEntry(
            kind: try columns.text("kind"),
            room: try columns.optionalText("room").map(TalkRoomID.init(rawValue:)),
            recordedAt: try columns.timestamp("recorded_at"),
            payload: try columns.bytes("payload")
        )
    }

    var feedEntry: FeedEntry { FeedEntry(sequence: sequence ?? 0, entry) }

    func encode(to container: inout ColumnValues) {
        container["kind"] = entry.kind
        container["room"] = entry.room?.rawValue
        container["recorded_at"] = entry.recordedAt.millisecondsSinceEpoch
        container["payload"] = Data(entry.payload)
    }
}

struct TicketRecord: StoredRecord {
    static let databaseTableName = "tickets"
    static let columns = ["id", "room", "channel", "waiting_since", "opened_at", "closed_at"]
    static let columnIndex = makeColumnIndex()

    var ticket: Ticket

    init(_ ticket: Ticket) { self.ticket = ticket }

    init(row: Row) throws {
        let columns = ColumnReader(row: row, table: Self.databaseTableName)
        var ticket = Ticket(
            id: TicketID(try columns.text("id")),
            room: TalkRoomID(try columns.text("room")),
            channel: try columns.channel("channel"),
            waitingSince: try columns.timestamp("waiting_since"),
            openedAt: try columns.timestamp("opened_at")
        )
        ticket.closedAt = try columns.optionalTimestamp("closed_at")
        self.ticket = ticket
    }

    func encode(to container: inout ColumnValues) {
        container["id"] = ticket.id.rawValue
        container["room"] = ticket.room.rawValue
        container["channel"] = ticket.channel?.rawValue
        container["waiting_since"] = ticket.waitingSince.millisecondsSinceEpoch
        container["opened_at"] = ticket.openedAt.millisecondsSinceEpoch
        container["closed_at"] = ticket.closedAt?.millisecondsSinceEpoch
    }
}
