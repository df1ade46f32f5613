import TalkModel
import TalkStorage
import Testing

/// What InMemoryStorage does beyond the contract the conformance suite checks.
@Suite("InMemoryStorage")
struct InMemoryStorageTests {
    private static let time = Timestamp(millisecondsSinceEpoch: 1_750_000_000_000)

    private static func message(_ id: String, room: String = "room-1") throws -> StoredMessage {
        StoredMessage(
            id: TalkMessageID(id),
            room: TalkRoomID(room),
            channel: try LineChannelID("1650000001"),
            direction: .inbound,
            sender: .workspaceUser(try MemberID("sato@example.co.jp")),
            sentAt: time,
            contentType: "text",
            content: Array("{}".utf8),
            text: id,
            state: .delivered
        )
    }

    @Test func aTransactionUsedAfterItEndedThrowsUnavailableAndChangesNothing() async throws {
        nonisolated(unsafe) var escapedWriter: (any TalkStorageWriter)?
        nonisolated(unsafe) var escapedReader: (any TalkStorageReader)?
        let storage = InMemoryStorage()
        try await storage.write { escapedWriter = $0 }
        try await storage.read { escapedReader = $0 }
        let writer = try #require(escapedWriter)
        let reader = try #require(escapedReader)
        let key = LedgerKey(source: "line:1650000001", eventID: "01JLATE")
        let late = #expect(throws: TalkStorageError.self) { try writer.insertLedgerEntry(key, at: Self.time) }
        #expect(late?.code == .unavailable)
        #expect(late?.operation.contains("after the transaction ended") == true)
        let lateRead = #expect(throws: TalkStorageError.self) { try reader.lastFeedSequence() }
        #expect(lateRead?.code == .unavailable)
        #expect(try await storage.read { try $0.containsLedgerEntry(key) } == false)
    }

    @Test func aReadBodyGetsNoWriter() async throws {
        let storage = InMemoryStorage()
        let canWrite = try await storage.read { $0 is any TalkStorageWriter }
        #expect(!canWrite)
    }

    @Test func messagesListWithTheLargestLimitInEveryScope() async throws {
        // Int.max used to overflow the end index of the requested range and trap.
        let storage = InMemoryStorage()
        let stored = try await storage.write { w in
            try ["a", "b", "c"].compactMap { try w.insertMessage(try Self.message($0)) }
        }
        let channel = try LineChannelID("1650000001")
        let lists = try await storage.read { r in
            [
                try r.messages(in: .all, after: 0, limit: .max),
                try r.messages(in: .all, after: 1, limit: .max),
                try r.messages(in: .room(TalkRoomID("room-1")), after: 1, limit: .max),
                try r.messages(in: .channel(channel), after: 2, limit: .max),
            ]
        }
        #expect(lists == [stored, Array(stored[1...]), Array(stored[1...]), Array(stored[2...])])
    }

    @Test func aMessageKeepsItsRoomChannelAndDirection() async throws {
        let storage = InMemoryStorage()
        let stored = try #require(try await storage.write { try $0.insertMessage(try Self.message("a")) })
        let moved = try Self.message("a", room: "room-2")
        let error = await #expect(throws: TalkStorageError.self) {
            try await storage.write { try $0.updateMessage(moved) }
        }
        #expect(error?.code == .conflict)
        #expect(try await storage.read { try $0.message(stored.id) } == stored)
    }

    @Test func aTakenTicketIDIsAConflictAndAReopeningNeedsAFreeRoom() async throws {
        let storage = InMemoryStorage()
        let room = TalkRoomID("room-1")
        let first = Ticket(id: TicketID("t-1"), room: room, channel: nil, waitingSince: Self.time, openedAt: Self.time)
        let second = Ticket(id: TicketID("t-2"), room: room, channel: nil, waitingSince: Self.time, openedAt: Self.time)
        var closed = first
        closed.closedAt = Self.time
        let closedFirst = closed
        try await storage.write { w in
            _ = try w.insertTicket(first)
            try w.updateTicket(closedFirst)
            _ = try w.insertTicket(second)
        }
        let taken = await #expect(throws: TalkStorageError.self) {
            try await storage.write { try $0.insertTicket(first) }
        }
        #expect(taken?.code == .conflict)
        let reopening = await #expect(throws: TalkStorageError.self) {
            try await storage.write { try $0.updateTicket(first) }
        }
        #expect(reopening?.code == .conflict)
        #expect(try await storage.read { try $0.openTicket(room: room) } == second)
    }

    @Test func aNegativeOrOverflowingQuotaCountIsAnInvalidArgument() async throws {
        let storage = InMemoryStorage()
        let channel = try LineChannelID("1650000001")
        let month = CalendarMonth(year: 2025, month: 6)
        let negative = await #expect(throws: TalkStorageError.self) {
            try await storage.write { try $0.addQuotaUsage(-1, channel: channel, month: month) }
        }
        #expect(negative?.code == .invalidArgument)
        _ = try await storage.write { try $0.addQuotaUsage(.max, channel: channel, month: month) }
        let overflow = await #expect(throws: TalkStorageError.self) {
            try await storage.write { try $0.addQuotaUsage(1, channel: channel, month: month) }
        }
        #expect(overflow?.code == .invalidArgument)
        #expect(try await storage.read { try $0.quotaUsage(channel: channel, month: month) } == .max)
    }

    @Test func anErrorsDescriptionNamesTheOperationAndCodeOnly() {
        struct DiskFull: Error, CustomStringConvertible {
            var description: String { "disk full at /var/db/secret-path" }
        }
        let error = TalkStorageError(.unavailable, operation: "insert message", underlying: DiskFull())
        #expect(error.description == "TalkStorageError.unavailable: insert message")
        #expect(error.debugDescription.contains("disk full"))
    }
}
