import Foundation
import NIOCore
import PostgresNIO
import TalkModel
import TalkStorage

/// Reads one row's columns by name, turning every surprise into ``/TalkStorage/TalkStorageError/Code/corrupted``
/// that names the table and column, never the value.
struct Columns {
    let row: PostgresRandomAccessRow
    let table: String

    init(_ row: PostgresRow, table: String) {
        self.row = row.makeRandomAccess()
        self.table = table
    }

    func failure(_ column: String, _ reason: String) -> TalkStorageError {
        TalkStorageError(.corrupted, operation: "read \(table).\(column): \(reason)")
    }

    private func decode<Value: PostgresDecodable>(_ type: Value.Type, _ column: String) throws -> Value {
        guard row.contains(column) else { throw failure(column, "no such column") }
        do {
            return try row[column].decode(type)
        } catch {
            throw failure(column, "not a \(type)")
        }
    }

    func text(_ column: String) throws -> String { try decode(String.self, column) }
    func optionalText(_ column: String) throws -> String? { try decode(String?.self, column) }
    func integer(_ column: String) throws -> Int64 { try decode(Int64.self, column) }
    func optionalInteger(_ column: String) throws -> Int64? { try decode(Int64?.self, column) }
    func timestamp(_ column: String) throws -> Timestamp { Timestamp(millisecondsSinceEpoch: try integer(column)) }
    func optionalTimestamp(_ column: String) throws -> Timestamp? {
        try optionalInteger(column).map(Timestamp.init(millisecondsSinceEpoch:))
    }

    func bytes(_ column: String) throws -> [UInt8] {
        var buffer = try decode(ByteBuffer.self, column)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    func parsed<Value>(_ column: String, _ parse: (String) throws -> Value?) throws -> Value {
        let text = try text(column)
        guard let value = try? parse(text) else { throw failure(column, "not a valid value") }
        return value
    }

    func optionalParsed<Value>(_ column: String, _ parse: (String) throws -> Value?) throws -> Value? {
        guard let text = try optionalText(column) else { return nil }
        guard let value = try? parse(text) else { throw failure(column, "not a valid value") }
        return value
    }

    func channel(_ column: String) throws -> LineChannelID? { try optionalParsed(column) { try LineChannelID($0) } }

    func json<Value: Decodable>(_ type: Value.Type, _ column: String) throws -> Value {
        let text = try text(column)
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw failure(column, "the JSON cannot be decoded as \(type)")
        }
    }
}

/// Model values as JSON with sorted keys, so that equal values are stored as equal text.
enum JSONText {
    static func encode(_ value: some Encodable, operation: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw TalkStorageError(.invalidArgument, operation: "\(operation): the value cannot be encoded")
        }
    }
}

extension Array where Element == UInt8 {
    var buffer: ByteBuffer { ByteBuffer(bytes: self) }
}

// MARK: Rooms

extension StoredRoom {
    init(columns: Columns) throws {
        let room: Room
        do {
            room = try JSONDecoder().decode(Room.self, from: Data(try columns.text("room").utf8))
        } catch let error as TalkStorageError {
            throw error
        } catch {
            throw columns.failure("room", "the JSON cannot be decoded as Room")
        }
        self.init(
            id: TalkRoomID(try columns.text("id")),
            channel: try columns.channel("channel"),
            member: try columns.optionalParsed("member") { try MemberID($0) },
            room: room,
            createdAt: try columns.timestamp("created_at")
        )
        updatedAt = try columns.timestamp("updated_at")
        replyToken = try columns.optionalText("reply_token")
        replyTokenReceivedAt = try columns.optionalTimestamp("reply_token_received_at")
        awaitingAnswerSince = try columns.optionalTimestamp("awaiting_answer_since")
    }
}

// MARK: Messages

extension Columns {
    func party(_ prefix: String) throws -> Party {
        let stored = StoredParty(
            kind: try text("\(prefix)_kind"),
            id: try text("\(prefix)_id"),
            provider: try optionalText("\(prefix)_provider")
        )
        guard let party = stored.party else { throw failure("\(prefix)_kind", "not a valid party") }
        return party
    }

    func messageState() throws -> StoredMessage.State {
        guard let state = StoredMessage.State(storedName: try text("state"), reason: try optionalText("state_reason"))
        else { throw failure("state", "unknown state, or a reason where none belongs") }
        return state
    }

    func destination() throws -> OutboxDestination {
        let stored = StoredDestination(
            kind: try text("destination_kind"),
            channel: try optionalText("destination_channel"),
            user: try optionalText("destination_user"),
            peer: try optionalText("destination_peer"),
            member: try optionalText("destination_member")
        )
        guard let destination = stored.destination else {
            throw failure("destination_kind", "not a valid destination")
        }
        return destination
    }
}

extension StoredMessage {
    init(columns: Columns) throws {
        self.init(
            id: TalkMessageID(try columns.text("id")),
            room: TalkRoomID(try columns.text("room")),
            channel: try columns.channel("channel"),
            direction: try columns.parsed("direction") { MessageDirection(rawValue: $0) },
            sender: try columns.party("sender"),
            sentAt: try columns.timestamp("sent_at"),
            contentType: try columns.text("content_type"),
            content: try columns.bytes("content"),
            text: try columns.text("text"),
            state: try columns.messageState()
        )
        sequence = try columns.integer("sequence")
        operatorName = try columns.optionalText("operator_name")
        readAt = try columns.optionalTimestamp("read_at")
        externalID = try columns.optionalText("external_id")
        markAsReadToken = try columns.optionalText("mark_as_read_token")
        editedAt = try columns.optionalTimestamp("edited_at")
        unsentAt = try columns.optionalTimestamp("unsent_at")
    }
}

// MARK: Outbox

extension OutboxEntry {
    init(columns: Columns) throws {
        self.init(
            id: OutboxEntryID(try columns.text("id")),
            message: TalkMessageID(try columns.text("message")),
            room: TalkRoomID(try columns.text("room")),
            destination: try columns.destination(),
            retryKey: try columns.text("retry_key"),
            createdAt: try columns.timestamp("created_at")
        )
        state = try columns.parsed("state") { OutboxEntry.State(rawValue: $0) }
        replyToken = try columns.optionalText("reply_token")
        replyTokenReceivedAt = try columns.optionalTimestamp("reply_token_received_at")
        replyStatus = try columns.parsed("reply_status") { OutboxEntry.ReplyStatus(rawValue: $0) }
        guard let attempts = Int(exactly: try columns.integer("attempts")) else {
            throw columns.failure("attempts", "out of range")
        }
        self.attempts = attempts
        nextAttemptAt = try columns.timestamp("next_attempt_at")
        lastError = try columns.optionalText("last_error")
        requestIDs = try columns.json([String].self, "request_ids")
        payload = try columns.bytes("payload")
    }
}

// MARK: Feed and tickets

extension FeedEntry {
    init(columns: Columns) throws {
        self.init(
            sequence: try columns.integer("sequence"),
            NewFeedEntry(
                kind: try columns.text("kind"),
                room: try columns.optionalText("room").map(TalkRoomID.init(rawValue:)),
                recordedAt: try columns.timestamp("recorded_at"),
                payload: try columns.bytes("payload")
            )
        )
    }
}

extension Ticket {
    init(columns: Columns) throws {
        self.init(
            id: TicketID(try columns.text("id")),
            room: TalkRoomID(try columns.text("room")),
            channel: try columns.channel("channel"),
            waitingSince: try columns.timestamp("waiting_since"),
            openedAt: try columns.timestamp("opened_at")
        )
        closedAt = try columns.optionalTimestamp("closed_at")
    }
}
