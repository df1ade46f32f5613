import Dispatch
import Foundation
import GRDB
import TalkModel
import TalkStorage
import Testing

@testable import SQLiteStorage

/// Hands a transaction's writer out of its body, to check that it refuses use afterwards.
private final class WriterBox: @unchecked Sendable {
    var writer: (any TalkStorageWriter)?
}

private struct BodyFailure: Error, Equatable {}

@Suite struct SQLiteStorageTests {
    // MARK: Schema and pragmas

    @Test func opensInWALModeWithFullSynchronousBusyTimeoutAndForeignKeys() async throws {
        try await withStorage { storage, _ in
            let writer = try await storage.pool.write { db in
                [
                    try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                    try String.fetchOne(db, sql: "PRAGMA synchronous"),
                    try String.fetchOne(db, sql: "PRAGMA foreign_keys"),
                    try String.fetchOne(db, sql: "PRAGMA busy_timeout"),
                ]
            }
            #expect(writer == ["wal", "2", "1", "5000"])
            let reader = try await storage.pool.read { db in try String.fetchOne(db, sql: "PRAGMA synchronous") }
            #expect(reader == "2")
        }
    }

    @Test func synchronousCanBeRelaxedToNormalOnEveryConnection() async throws {
        let configuration = SQLiteStorage.Configuration(synchronous: .normal, busyTimeout: .milliseconds(250))
        try await withStorage(configuration: configuration) { storage, _ in
            let writer = try await storage.pool.write { db in
                [try Int.fetchOne(db, sql: "PRAGMA synchronous"), try Int.fetchOne(db, sql: "PRAGMA busy_timeout")]
            }
            #expect(writer == [1, 250])
            let reader = try await storage.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
            #expect(reader == 1)
        }
    }

    @Test func schemaHasRealTablesAndTheUniqueKeys() async throws {
        try await withStorage { storage, _ in
            let tables = try await storage.pool.read { db in
                try String.fetchAll(
                    db,
                    sql:
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            }
            #expect(
                tables == [
                    "address_books", "chat_mode_settings", "customer_directories", "feed", "grdb_migrations",
                    "ledger", "messages", "outbox", "quota", "rooms", "tenant_policies", "tickets",
                ]
            )
            let (ledgerKey, openTicketIndex, outboxUnique) = try await storage.pool.read { db in
                (
                    try Row.fetchAll(db, sql: "PRAGMA table_info(ledger)").filter { $0["pk"] as Int > 0 }
                        .map { $0["name"] as String },
                    try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'tickets_open_room'"),
                    try db.indexes(on: "outbox").filter(\.isUnique).flatMap(\.columns).sorted()
                )
            }
            #expect(ledgerKey == ["source", "event_id"])
            #expect(openTicketIndex?.contains("UNIQUE INDEX") == true)
            #expect(openTicketIndex?.contains("WHERE closed_at IS NULL") == true)
            #expect(outboxUnique == ["id", "retry_key"])
        }
    }

    @Test func migrationsAreIdempotentOnReopen() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("talk.sqlite").path
            var schemas: [[String]] = []
            for round in 0..<3 {
                let storage = try SQLiteStorage(path: path)
                _ = try await storage.write {
                    try $0.insertLedgerEntry(LedgerKey(source: "s", eventID: "\(round)"), at: Fixture.time)
                }
                let (schema, migrations, ledger) = try await storage.pool.read { db in
                    (
                        try String.fetchAll(
                            db,
                            sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
                        ),
                        try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
                        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger")
                    )
                }
                #expect(migrations == Schema.migrator.migrations)
                #expect(ledger == round + 1)
                schemas.append(schema)
                try storage.close()
            }
            #expect(Set(schemas).count == 1)
        }
    }

    @Test func aFileMigratedByANewerVersionIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("talk.sqlite").path
            let storage = try SQLiteStorage(path: path)
            try await storage.pool.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v999 from the future')")
            }
            try storage.close()
            let error = try #require(throws: TalkStorageError.self) { try SQLiteStorage(path: path) }
            #expect(error.code == .migrationFailed)
        }
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAsCorrupted() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("talk.sqlite").path
            try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: TalkStorageError.self) { try SQLiteStorage(path: path) }
            #expect(error.code == .corrupted)
        }
    }

    @Test func aMissingDirectoryIsUnavailable() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("SQLiteStorageTests-missing-\(UUID().uuidString)/talk.sqlite").path
        let error = try #require(throws: TalkStorageError.self) { try SQLiteStorage(path: path) }
        #expect(error.code == .unavailable)
    }

    // MARK: Persistence

    @Test func everyRecordPersistsAcrossReopen() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("talk.sqlite").path
            let room = Fixture.room(waitingSince: Fixture.time)
            let inbound = Fixture.message("m-in")
            let outbound = Fixture.message("m-out", direction: .outbound)
            let lineEntry = Fixture.outboxEntry("o-1", retryKey: "retry-1")
            let federationEntry = Fixture.federationEntry("o-2", retryKey: "retry-2")
            let closedTicket = Fixture.closedTicket("t-0")
            let book = try Fixture.addressBook()
            let policy = Fixture.policy()
            let customers = try Fixture.customers()

            let first = try SQLiteStorage(path: path)
            let written = try await first.write { transaction throws in
                #expect(try transaction.insertLedgerEntry(LedgerKey(source: "line:1", eventID: "e1"), at: Fixture.time))
                try transaction.saveRoom(room)
                let messages = [try transaction.insertMessage(inbound), try transaction.insertMessage(outbound)]
                try transaction.insertOutboxEntry(lineEntry)
                try transaction.insertOutboxEntry(federationEntry)
                #expect(try transaction.appendFeedEntry(Fixture.feedEntry()) == 1)
                #expect(try transaction.addQuotaUsage(3, channel: Fixture.channel, month: Fixture.month) == 3)
                #expect(try transaction.insertTicket(closedTicket))
                try transaction.saveTenantPolicy(policy)
                try transaction.saveAddressBook(book, of: Fixture.member)
                try transaction.saveCustomerDirectory(customers, of: Fixture.tenant)
                try transaction.saveChatModeSettings(ChatModeSettings(isEnabled: true), channel: Fixture.channel)
                return messages
            }
            try first.close()
            #expect(written.map { $0?.sequence } == [1, 2])

            let storage = try SQLiteStorage(path: path)
            try await storage.read { transaction throws in
                #expect(try transaction.containsLedgerEntry(LedgerKey(source: "line:1", eventID: "e1")))
                #expect(try !transaction.containsLedgerEntry(LedgerKey(source: "line:1", eventID: "e2")))
                #expect(try transaction.room(room.id) == room)
                #expect(try transaction.message(inbound.id) == written[0])
                #expect(try transaction.message(outbound.id) == written[1])
                #expect(try transaction.outboxEntry(lineEntry.id) == lineEntry)
                #expect(try transaction.outboxEntry(federationEntry.id) == federationEntry)
                #expect(
                    try transaction.feedEntries(after: 0, limit: 10) == [FeedEntry(sequence: 1, Fixture.feedEntry())]
                )
                #expect(try transaction.lastFeedSequence() == 1)
                #expect(try transaction.quotaUsage(channel: Fixture.channel, month: Fixture.month) == 3)
                #expect(try transaction.ticket(closedTicket.id) == closedTicket)
                #expect(try transaction.tenantPolicy(Fixture.tenant) == policy)
                #expect(try transaction.addressBook(of: Fixture.member) == book)
                #expect(try transaction.addressBookOwners(after: nil, limit: 10) == [Fixture.member])
                #expect(try transaction.customerDirectory(of: Fixture.tenant) == customers)
                #expect(try transaction.chatModeSettings(channel: Fixture.channel)?.isEnabled == true)
            }
        }
    }

    @Test func emptyContentAndPayloadStayEmptyBlobs() async throws {
        try await withStorage { storage, _ in
            let message = Fixture.message("m-empty", content: [], unsentAt: Fixture.time)
            let stored = try await storage.write { transaction throws in
                _ = try transaction.appendFeedEntry(Fixture.feedEntry(payload: []))
                return try transaction.insertMessage(message)
            }
            let (readBack, feed) = try await storage.read { transaction throws in
                (try transaction.message(message.id), try transaction.feedEntries(after: 0, limit: 1))
            }
            #expect(readBack?.content == [])
            #expect(readBack == stored)
            #expect(feed.first?.payload == [])
            let types = try await storage.pool.read { db in
                try String.fetchAll(
                    db,
                    sql: "SELECT typeof(content) FROM messages UNION ALL SELECT typeof(payload) FROM feed"
                )
            }
            #expect(types == ["blob", "blob"])
        }
    }

    // MARK: Exactly once

    @Test func w3_ledgerRecordsAKeyOnceUnderFiftyConcurrentWritesFromTwoConnections() async throws {
        try await withStorage { first, path in
            let second = try SQLiteStorage(path: path)
            let key = LedgerKey(source: "line:1234567890", eventID: "01HZZZZZZZZZZZZZZZZZZZZZZZ")
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<50 {
                    let storage = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        try await storage.write { transaction throws in
                            try transaction.insertLedgerEntry(key, at: Fixture.time)
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.count == 50)
            #expect(outcomes.filter { $0 }.count == 1)
            let rows = try await first.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger") }
            #expect(rows == 1)
        }
    }

    @Test func aRedeliveredMessageIsStoredOnce() async throws {
        try await withStorage { storage, _ in
            let (first, second) = try await storage.write { transaction throws in
                (
                    try transaction.insertMessage(Fixture.message("m-1")),
                    try transaction.insertMessage(Fixture.message("m-1"))
                )
            }
            #expect(first?.sequence == 1)
            #expect(second == nil)
        }
    }

    @Test func aTakenOutboxIDOrRetryKeyIsAConflictAndTheTransactionGoesOn() async throws {
        try await withStorage { storage, _ in
            let codes = try await storage.write { transaction throws in
                try transaction.insertOutboxEntry(Fixture.outboxEntry("o-1", retryKey: "secret-retry-key"))
                var codes: [TalkStorageError.Code] = []
                for entry in [
                    Fixture.outboxEntry("o-1", retryKey: "other-key"),
                    Fixture.outboxEntry("o-2", retryKey: "secret-retry-key"),
                ] {
                    do {
                        try transaction.insertOutboxEntry(entry)
                    } catch let error as TalkStorageError {
                        codes.append(error.code)
                        #expect(!error.description.contains("secret-retry-key"))
                    }
                }
                try transaction.insertOutboxEntry(Fixture.outboxEntry("o-3", retryKey: "third-key"))
                return codes
            }
            #expect(codes == [.conflict, .conflict])
            let ids = try await storage.read { transaction throws in
                try transaction.outboxEntries(in: .pending, after: nil, limit: 10).map(\.id.rawValue)
            }
            #expect(ids == ["o-1", "o-3"])
        }
    }

    @Test func r29_aRoomHasOneOpenTicketAndATakenTicketIDIsAConflict() async throws {
        try await withStorage { storage, _ in
            try await storage.write { transaction throws in
                #expect(try transaction.insertTicket(Fixture.ticket("t-1")))
                #expect(try !transaction.insertTicket(Fixture.ticket("t-2")))
                let duplicate = #expect(throws: TalkStorageError.self) {
                    try transaction.insertTicket(Fixture.ticket("t-1", room: "room-9"))
                }
                #expect(duplicate?.code == .conflict)

                try transaction.updateTicket(Fixture.closedTicket("t-1"))
                #expect(try transaction.insertTicket(Fixture.ticket("t-2")))
                let reopen = #expect(throws: TalkStorageError.self) {
                    try transaction.updateTicket(Fixture.ticket("t-1"))
                }
                #expect(reopen?.code == .conflict)
                #expect(try transaction.openTicket(room: TalkRoomID("room-1"))?.id == TicketID("t-2"))
            }
        }
    }

    @Test func r32_quotaUsageAddsUpAndRefusesOverflow() async throws {
        try await withStorage { storage, _ in
            try await storage.write { transaction throws in
                #expect(try transaction.addQuotaUsage(2, channel: Fixture.channel, month: Fixture.month) == 2)
                #expect(try transaction.addQuotaUsage(5, channel: Fixture.channel, month: Fixture.month) == 7)
                let next = CalendarMonth(year: 2025, month: 7)
                #expect(try transaction.addQuotaUsage(1, channel: Fixture.channel, month: next) == 1)
                let overflow = #expect(throws: TalkStorageError.self) {
                    try transaction.addQuotaUsage(Int.max, channel: Fixture.channel, month: Fixture.month)
                }
                #expect(overflow?.code == .invalidArgument)
                #expect(try transaction.quotaUsage(channel: Fixture.channel, month: Fixture.month) == 7)
            }
        }
    }

    // MARK: Transactions

    @Test func aBodyThatThrowsLeavesNothingBehind() async throws {
        try await withStorage { storage, _ in
            await #expect(throws: BodyFailure()) {
                try await storage.write { transaction throws in
                    _ = try transaction.insertLedgerEntry(LedgerKey(source: "s", eventID: "e"), at: Fixture.time)
                    try transaction.saveRoom(Fixture.room(waitingSince: Fixture.time))
                    _ = try transaction.insertMessage(Fixture.message("m-1"))
                    try transaction.insertOutboxEntry(Fixture.outboxEntry("o-1", retryKey: "k"))
                    _ = try transaction.appendFeedEntry(Fixture.feedEntry())
                    _ = try transaction.addQuotaUsage(1, channel: Fixture.channel, month: Fixture.month)
                    _ = try transaction.insertTicket(Fixture.ticket("t-1"))
                    try transaction.saveAddressBook(try Fixture.addressBook(), of: Fixture.member)
                    throw BodyFailure()
                }
            }
            let counts = try await storage.pool.read { db in
                try [
                    "ledger", "rooms", "messages", "outbox", "feed", "quota", "tickets", "address_books",
                ].map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") }
            }
            #expect(counts == Array(repeating: 0, count: 8))
            // The numbers the rolled-back rows took are free again: the feed stays 1, 2, 3...
            let (sequence, message) = try await storage.write { transaction throws in
                (
                    try transaction.appendFeedEntry(Fixture.feedEntry()),
                    try transaction.insertMessage(Fixture.message("m-2"))
                )
            }
            #expect(sequence == 1)
            #expect(message?.sequence == 1)
        }
    }

    @Test func aWriterRefusesUseAfterItsTransactionEnded() async throws {
        try await withStorage { storage, _ in
            let box = WriterBox()
            try await storage.write { box.writer = $0 }
            let writer = try #require(box.writer)
            let error = #expect(throws: TalkStorageError.self) {
                try writer.insertLedgerEntry(LedgerKey(source: "s", eventID: "late"), at: Fixture.time)
            }
            #expect(error?.code == .unavailable)
            #expect(throws: TalkStorageError.self) { try writer.rooms(after: nil, limit: 1) }
            let stored = try await storage.read { try $0.containsLedgerEntry(LedgerKey(source: "s", eventID: "late")) }
            #expect(!stored)
        }
    }

    @Test func aReadTransactionGetsNoWriter() async throws {
        try await withStorage { storage, _ in
            let isWriter = try await storage.read { $0 is any TalkStorageWriter }
            #expect(!isWriter)
        }
    }

    @Test func aWriteBlockedByAnotherProcessIsUnavailableAfterTheBusyTimeout() async throws {
        try await withStorage { holder, path in
            let waiting = SQLiteStorage.Configuration(busyTimeout: .milliseconds(100))
            let blocked = try SQLiteStorage(path: path, configuration: waiting)
            let release = DispatchSemaphore(value: 0)
            let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
            async let holding: Void = holder.write { _ in
                startedContinuation.yield()
                release.wait()
            }
            for await _ in started { break }
            let error = await #expect(throws: TalkStorageError.self) {
                try await blocked.write {
                    try $0.insertLedgerEntry(LedgerKey(source: "s", eventID: "e"), at: Fixture.time)
                }
            }
            release.signal()
            try await holding
            #expect(error?.code == .unavailable)
        }
    }

    @Test func aClosedStorageIsUnavailable() async throws {
        try await withStorage { storage, _ in
            try storage.close()
            let error = await #expect(throws: TalkStorageError.self) {
                try await storage.read { try $0.lastFeedSequence() }
            }
            #expect(error?.code == .unavailable)
        }
    }

    @Test func aNegativeLimitIsAnInvalidArgument() async throws {
        try await withStorage { storage, _ in
            let error = await #expect(throws: TalkStorageError.self) {
                try await storage.read { try $0.messages(in: .all, after: 0, limit: -1) }
            }
            #expect(error?.code == .invalidArgument)
        }
    }

    // MARK: Corrupted rows

    /// A row edited by hand so that it cannot be read back: the statement that damages it, and the read that must
    /// then fail as corrupted.
    struct Corruption: Sendable, CustomTestStringConvertible {
        let name: String
        let damage: String
        let read: @Sendable (any TalkStorageReader) throws -> Void
        var testDescription: String { name }
    }

    static let corruptions: [Corruption] = [
        Corruption(
            name: "unknown message direction",
            damage: "UPDATE messages SET direction = 'sideways-secret'",
            read: { _ = try $0.message(TalkMessageID("m-1")) }
        ),
        Corruption(
            name: "unknown message state",
            damage: "UPDATE messages SET state = 'lost-secret'",
            read: { _ = try $0.messages(in: .all, after: 0, limit: 10) }
        ),
        Corruption(
            name: "invalid sender ID",
            damage: "UPDATE messages SET sender_id = 'not-a-user-secret'",
            read: { _ = try $0.message(TalkMessageID("m-1")) }
        ),
        Corruption(
            name: "held message without its reason",
            damage: "UPDATE messages SET state_reason = NULL, text = 'text-secret'",
            read: { _ = try $0.message(TalkMessageID("m-1")) }
        ),
        Corruption(
            name: "room JSON that is not JSON",
            damage: "UPDATE rooms SET room = '{not json-secret'",
            read: { _ = try $0.room(TalkRoomID("room-1")) }
        ),
        Corruption(
            name: "room JSON of an impossible room",
            damage: #"UPDATE rooms SET room = json_set(room, '$.kind', 'externalWorkspace')"#,
            read: { _ = try $0.rooms(after: nil, limit: 10) }
        ),
        Corruption(
            name: "invalid channel ID",
            damage: "UPDATE rooms SET channel = 'channel-secret'",
            read: { _ = try $0.room(TalkRoomID("room-1")) }
        ),
        Corruption(
            name: "unknown outbox destination",
            damage: "UPDATE outbox SET destination_kind = 'pigeon-secret'",
            read: { _ = try $0.outboxEntry(OutboxEntryID("o-1")) }
        ),
        Corruption(
            name: "outbox request IDs that are not a list",
            damage: #"UPDATE outbox SET request_ids = '{"secret":1}'"#,
            read: { _ = try $0.dueOutboxEntries(at: Fixture.time, limit: 10) }
        ),
        Corruption(
            name: "address book JSON",
            damage: #"UPDATE address_books SET book = '[1, "secret"]'"#,
            read: { _ = try $0.addressBook(of: Fixture.member) }
        ),
        Corruption(
            name: "address book owner",
            damage: "UPDATE address_books SET member = 'owner-secret'",
            read: { _ = try $0.addressBookOwners(after: nil, limit: 10) }
        ),
    ]

    @Test(arguments: corruptions)
    func aCorruptedRowIsReportedAsCorruptedWithoutItsContent(_ corruption: Corruption) async throws {
        try await withStorage { storage, _ in
            try await storage.write { transaction throws in
                try transaction.saveRoom(Fixture.room())
                _ = try transaction.insertMessage(Fixture.message("m-1"))
                try transaction.insertOutboxEntry(Fixture.outboxEntry("o-1", retryKey: "k"))
                try transaction.saveAddressBook(try Fixture.addressBook(), of: Fixture.member)
            }
            try await storage.pool.write { db in
                try db.execute(sql: corruption.damage)
                #expect(db.changesCount == 1)
            }
            let error = await #expect(throws: TalkStorageError.self) { try await storage.read(corruption.read) }
            #expect(error?.code == .corrupted)
            #expect(error.map { !$0.description.contains("secret") } == true)
            #expect(error.map { !$0.debugDescription.contains("secret") } == true)
        }
    }
}
