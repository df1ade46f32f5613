import Foundation
import SQLiteStorage
import TalkModel
import TalkStorage

/// A directory of its own under the system's temporary directory, removed when the work ends.
func withTemporaryDirectory<Value>(_ work: (URL) async throws -> Value) async throws -> Value {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("SQLiteStorageTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await work(directory)
}

/// A fresh database file in a temporary directory.
func withStorage<Value>(
    configuration: SQLiteStorage.Configuration = SQLiteStorage.Configuration(),
    _ work: (SQLiteStorage, String) async throws -> Value
) async throws -> Value {
    try await withTemporaryDirectory { directory in
        let path = directory.appendingPathComponent("talk.sqlite").path
        let storage = try SQLiteStorage(path: path, configuration: configuration)
        return try await work(storage, path)
    }
}

enum Fixture {
    static let time = Timestamp(millisecondsSinceEpoch: 1_750_000_000_000)
    static let channel = try! LineChannelID("1234567890")
    static let provider = try! LineProviderID("2000000001")
    static let lineUserID = try! LineUserID("U4af4980629a1b2c3d4e5f60718293a4b")
    static let lineUser = LineUser(provider: provider, userID: lineUserID)
    static let member = try! MemberID("alice@example.co.jp")
    static let peerMember = try! MemberID("bob@partner.example")
    static let tenant = try! TenantDomain("example.co.jp")

    static func room(_ id: String = "room-1", waitingSince: Timestamp? = nil) -> StoredRoom {
        var room = StoredRoom(
            id: TalkRoomID(id),
            channel: channel,
            member: member,
            room: Room.incomingRequest(from: .lineUser(lineUser), method: .lineFollow, at: time),
            createdAt: time
        )
        room.replyToken = "reply-token-1"
        room.replyTokenReceivedAt = time
        room.awaitingAnswerSince = waitingSince
        return room
    }

    static func message(
        _ id: String,
        room: String = "room-1",
        direction: MessageDirection = .inbound,
        content: [UInt8] = Array(#"{"text":"hello","type":"text"}"#.utf8),
        unsentAt: Timestamp? = nil
    ) -> StoredMessage {
        var message = StoredMessage(
            id: TalkMessageID(id),
            room: TalkRoomID(room),
            channel: channel,
            direction: direction,
            sender: direction == .inbound ? .lineUser(lineUser) : .workspaceUser(member),
            sentAt: time,
            contentType: "text",
            content: content,
            text: "hello",
            state: direction == .inbound ? .held(reason: "pending") : .queued
        )
        message.externalID = "ext-\(id)"
        message.markAsReadToken = direction == .inbound ? "mark-\(id)" : nil
        message.operatorName = direction == .outbound ? "Operator" : nil
        message.unsentAt = unsentAt
        return message
    }

    static func outboxEntry(_ id: String, retryKey: String, message: String = "m-out") -> OutboxEntry {
        var entry = OutboxEntry(
            id: OutboxEntryID(id),
            message: TalkMessageID(message),
            room: TalkRoomID("room-1"),
            destination: .line(channel: channel, user: lineUserID),
            retryKey: retryKey,
            createdAt: time
        )
        entry.replyToken = "reply-token-1"
        entry.replyTokenReceivedAt = time
        entry.requestIDs = ["request-1", "request-2"]
        return entry
    }

    static func federationEntry(_ id: String, retryKey: String) -> OutboxEntry {
        OutboxEntry(
            id: OutboxEntryID(id),
            message: TalkMessageID("m-fed"),
            room: TalkRoomID("room-2"),
            destination: .federation(peer: peerMember.tenant, member: peerMember),
            retryKey: retryKey,
            createdAt: time
        )
    }

    static func ticket(_ id: String, room: String = "room-1") -> Ticket {
        Ticket(id: TicketID(id), room: TalkRoomID(room), channel: channel, waitingSince: time, openedAt: time)
    }

    static func closedTicket(_ id: String, room: String = "room-1") -> Ticket {
        var ticket = ticket(id, room: room)
        ticket.closedAt = time
        return ticket
    }

    static func policy() -> TenantPolicy {
        var policy = TenantPolicy(tenant: tenant, plan: .paid)
        policy.setPhoneDiscoverable(member, consents: true)
        return policy
    }

    static func customers() throws -> CustomerDirectory {
        var customers = CustomerDirectory()
        try customers.addChannel(
            OfficialAccountChannel(
                id: channel,
                provider: provider,
                basicID: try LineBasicID("@support"),
                displayName: "Support",
                scope: .companyWide
            )
        )
        return customers
    }

    static func feedEntry(
        _ kind: String = "message.received",
        payload: [UInt8] = Array(#"{"a":1}"#.utf8)
    )
        -> NewFeedEntry
    {
        NewFeedEntry(kind: kind, room: TalkRoomID("room-1"), recordedAt: time, payload: payload)
    }

    static func addressBook() throws -> AddressBook {
        var book = AddressBook()
        try book.register(.lineUser(lineUser), by: member, at: time)
        try book.setAlias("A customer", for: .lineUser(lineUser))
        return book
    }

    static let month = CalendarMonth(year: 2025, month: 6)
}
