internal import GRDB
import TalkModel
import TalkStorage

extension SQLiteStorage {
    /// The queries of one transaction, run on its GRDB connection.
    ///
    /// A read transaction gets this class itself, which is not a ``TalkStorageWriter``; a write transaction gets
    /// its ``Writer`` subclass. Either refuses use once its transaction has ended: the connection is only valid
    /// inside GRDB's access block, and an escaped reader must fail cleanly rather than touch it.
    class Reader: TalkStorageReader {
        private var db: Database?

        init(_ db: Database) {
            self.db = db
        }

        func close() { db = nil }

        private func connection(_ operation: String) throws -> Database {
            guard let db else {
                throw TalkStorageError(.unavailable, operation: "\(operation) after the transaction ended")
            }
            return db
        }

        /// Runs statements against the open transaction, with GRDB's errors mapped to ``TalkStorageError``.
        func perform<Value>(_ operation: String, _ work: (Database) throws -> Value) throws -> Value {
            let db = try connection(operation)
            do {
                return try work(db)
            } catch {
                throw StorageFailure.error(for: error, operation: operation)
            }
        }

        func checkLimit(_ limit: Int, _ operation: String) throws {
            _ = try connection(operation)
            guard limit >= 0 else {
                throw TalkStorageError(.invalidArgument, operation: "\(operation): negative limit")
            }
        }

        // MARK: Rooms

        func room(_ id: TalkRoomID) throws -> StoredRoom? {
            try perform("read room") { db in
                try RoomRecord.fetchOneCached(db, sql: "SELECT * FROM rooms WHERE id = ?", arguments: [id.rawValue])?
                    .room
            }
        }

        func rooms(after cursor: TalkRoomID?, limit: Int) throws -> [StoredRoom] {
            try checkLimit(limit, "list rooms")
            return try perform("list rooms") { db in
                try RoomRecord.fetchAllCached(
                    db,
                    sql: "SELECT * FROM rooms WHERE ?1 IS NULL OR id > ?1 ORDER BY id LIMIT ?2",
                    arguments: [cursor?.rawValue, limit]
                ).map(\.room)
            }
        }

        func roomsAwaitingAnswer(since cutoff: Timestamp, limit: Int) throws -> [StoredRoom] {
            try checkLimit(limit, "list rooms awaiting an answer")
            return try perform("list rooms awaiting an answer") { db in
                // R29: a room with an open ticket has been dealt with already.
                try RoomRecord.fetchAllCached(
                    db,
                    sql: """
                        SELECT * FROM rooms
                        WHERE awaiting_answer_since IS NOT NULL AND awaiting_answer_since <= ?
                            AND NOT EXISTS (SELECT 1 FROM tickets WHERE tickets.room = rooms.id AND closed_at IS NULL)
                        ORDER BY awaiting_answer_since, id
                        LIMIT ?
                        """,
                    arguments: [cutoff.millisecondsSinceEpoch, limit]
                ).map(\.room)
            }
        }

        // MARK: Messages

        func message(_ id: TalkMessageID) throws -> StoredMessage? {
            try perform("read message") { db in
                try MessageRecord.fetchOneCached(
                    db,
                    sql: "SELECT * FROM messages WHERE id = ?",
                    arguments: [id.rawValue]
                )?
                .message
            }
        }

        func messages(in scope: MessageScope, after sequence: Int64, limit: Int) throws -> [StoredMessage] {
            try checkLimit(limit, "list messages")
            let (condition, arguments): (String, StatementArguments) =
                switch scope {
                case .room(let room): ("room = ? AND sequence > ?", [room.rawValue, sequence])
                case .channel(let channel): ("channel = ? AND sequence > ?", [channel.rawValue, sequence])
                case .all: ("sequence > ?", [sequence])
                }
            return try perform("list messages") { db in
                try MessageRecord.fetchAllCached(
                    db,
                    sql: "SELECT * FROM messages WHERE \(condition) ORDER BY sequence LIMIT ?",
                    arguments: arguments + [limit]
                ).map(\.message)
            }
        }

        // MARK: Ledger

        func containsLedgerEntry(_ key: LedgerKey) throws -> Bool {
            try perform("read ledger") { db in
                try Bool.fetchOneCached(
                    db,
                    sql: "SELECT EXISTS (SELECT 1 FROM ledger WHERE source = ? AND event_id = ?)",
                    arguments: [key.source, key.eventID]
                ) ?? false
            }
        }

        // MARK: Outbox

        func outboxEntry(_ id: OutboxEntryID) throws -> OutboxEntry? {
            try perform("read outbox entry") { db in
                try OutboxRecord.fetchOneCached(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id.rawValue])?
                    .entry
            }
        }

        func dueOutboxEntries(at time: Timestamp, limit: Int) throws -> [OutboxEntry] {
            try checkLimit(limit, "list due outbox entries")
            return try perform("list due outbox entries") { db in
                try OutboxRecord.fetchAllCached(
                    db,
                    sql: """
                        SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id LIMIT ?
                        """,
                    arguments: [time.millisecondsSinceEpoch, limit]
                ).map(\.entry)
            }
        }

        func outboxEntries(
            in state: OutboxEntry.State,
            after cursor: OutboxEntryID?,
            limit: Int
        ) throws -> [OutboxEntry] {
            try checkLimit(limit, "list outbox entries")
            return try perform("list outbox entries") { db in
                // A cursor that names no entry starts from the beginning, as in InMemoryStorage.
                try OutboxRecord.fetchAllCached(
                    db,
                    sql: """
                        SELECT * FROM outbox
                        WHERE state = ? AND ordinal > COALESCE((SELECT ordinal FROM outbox WHERE id = ?), 0)
                        ORDER BY ordinal LIMIT ?
                        """,
                    arguments: [state.rawValue, cursor?.rawValue, limit]
                ).map(\.entry)
            }
        }

        // MARK: Feed

        func feedEntries(after sequence: Int64, limit: Int) throws -> [FeedEntry] {
            try checkLimit(limit, "list feed entries")
            return try perform("list feed entries") { db in
                try FeedRecord.fetchAllCached(
                    db,
                    sql: "SELECT * FROM feed WHERE sequence > ? ORDER BY sequence LIMIT ?",
                    arguments: [sequence, limit]
                ).map(\.feedEntry)
            }
        }

        func lastFeedSequence() throws -> Int64 {
            try perform("read feed") { db in
                try Int64.fetchOneCached(db, sql: "SELECT COALESCE(MAX(sequence), 0) FROM feed") ?? 0
            }
        }

        // MARK: Quota

        func quotaUsage(channel: LineChannelID, month: CalendarMonth) throws -> Int {
            try perform("read quota") { db in
                try Int.fetchOneCached(
                    db,
                    sql: "SELECT used FROM quota WHERE channel = ? AND month = ?",
                    arguments: [channel.rawValue, month.description]
                ) ?? 0
            }
        }

        // MARK: Tickets

        func ticket(_ id: TicketID) throws -> Ticket? {
            try perform("read ticket") { db in
                try TicketRecord.fetchOneCached(
                    db,
                    sql: "SELECT * FROM tickets WHERE id = ?",
                    arguments: [id.rawValue]
                )?
                .ticket
            }
        }

        func openTicket(room: TalkRoomID) throws -> Ticket? {
            try perform("read open ticket") { db in
                try TicketRecord.fetchOneCached(
                    db,
                    sql: "SELECT * FROM tickets WHERE room = ? AND closed_at IS NULL",
                    arguments: [room.rawValue]
                )?.ticket
            }
        }

        func tickets(after cursor: TicketID?, limit: Int) throws -> [Ticket] {
            try checkLimit(limit, "list tickets")
            return try perform("list tickets") { db in
                try TicketRecord.fetchAllCached(
                    db,
                    sql: "SELECT * FROM tickets WHERE ?1 IS NULL OR id > ?1 ORDER BY id LIMIT ?2",
                    arguments: [cursor?.rawValue, limit]
                ).map(\.ticket)
            }
        }

        // MARK: Aggregates

        /// One model value stored as JSON under a key.
        private func aggregate<Value: Decodable>(
            _ type: Value.Type,
            table: String,
            key: String,
            column: String,
            value: String,
            operation: String
        ) throws -> Value? {
            try perform(operation) { db in
                let row = try Row.fetchOneCached(
                    db,
                    sql: "SELECT \(column) FROM \(table) WHERE \(key) = ?",
                    arguments: [value]
                )
                return try row.map { try ColumnReader(row: $0, table: table).json(type, column) }
            }
        }

        func tenantPolicy(_ tenant: TenantDomain) throws -> TenantPolicy? {
            try aggregate(
                TenantPolicy.self,
                table: "tenant_policies",
                key: "tenant",
                column: "policy",
                value: tenant.rawValue,
                operation: "read tenant policy"
            )
        }

        func addressBook(of member: MemberID) throws -> AddressBook? {
            try aggregate(
                AddressBook.self,
                table: "address_books",
                key: "member",
                column: "book",
                value: member.rawValue,
                operation: "read address book"
            )
        }

        func addressBookOwners(after cursor: MemberID?, limit: Int) throws -> [MemberID] {
            try checkLimit(limit, "list address books")
            return try perform("list address books") { db in
                try Row.fetchAllCached(
                    db,
                    sql: "SELECT member FROM address_books WHERE ?1 IS NULL OR member > ?1 ORDER BY member LIMIT ?2",
                    arguments: [cursor?.rawValue, limit]
                ).map { row in
                    try ColumnReader(row: row, table: "address_books").parsed("member") { try MemberID($0) }
                }
            }
        }

        func customerDirectory(of tenant: TenantDomain) throws -> CustomerDirectory? {
            try aggregate(
                CustomerDirectory.self,
                table: "customer_directories",
                key: "tenant",
                column: "directory",
                value: tenant.rawValue,
                operation: "read customer directory"
            )
        }

        func chatModeSettings(channel: LineChannelID) throws -> ChatModeSettings? {
            try aggregate(
                ChatModeSettings.self,
                table: "chat_mode_settings",
                key: "channel",
                column: "settings",
                value: channel.rawValue,
                operation: "read chat-mode settings"
            )
        }
    }

    /// The writes of one transaction, beside its queries.
    ///
    /// Each unique key is a constraint of the schema and each insert that may meet it says `ON CONFLICT DO NOTHING`
    /// and reads the number of rows it changed: nothing is read first to decide whether to write.
    final class Writer: Reader, TalkStorageWriter {
        // The statements, built once.
        static let saveRoomSQL =
            RoomRecord.insertStatement + " ON CONFLICT (id) DO UPDATE SET "
            + RoomRecord.columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        static let insertMessageSQL = MessageRecord.insertStatement + " ON CONFLICT (id) DO NOTHING"
        static let updateMessageSQL = MessageRecord.updateStatement(
            key: "id",
            keeping: ["room", "channel", "direction"]
        )
        static let insertOutboxSQL = OutboxRecord.insertStatement
        static let updateOutboxSQL = OutboxRecord.updateStatement(key: "id", keeping: ["retry_key"])
        static let insertFeedSQL = FeedRecord.insertStatement
        static let insertTicketSQL = TicketRecord.insertStatement + " ON CONFLICT DO NOTHING"
        static let updateTicketSQL = TicketRecord.updateStatement(key: "id", keeping: ["room"])

        func insertLedgerEntry(_ key: LedgerKey, at time: Timestamp) throws -> Bool {
            try perform("insert ledger entry") { db in
                // W3: the primary key (source, event_id) decides; a racing duplicate changes no row.
                try db.run(
                    sql: """
                        INSERT INTO ledger (source, event_id, received_at) VALUES (?, ?, ?)
                        ON CONFLICT (source, event_id) DO NOTHING
                        """,
                    arguments: [key.source, key.eventID, time.millisecondsSinceEpoch]
                )
                return db.changesCount == 1
            }
        }

        func saveRoom(_ room: StoredRoom) throws {
            try perform("save room") { db in
                try db.run(sql: Self.saveRoomSQL, arguments: try RoomRecord(room).arguments)
            }
        }

        func insertMessage(_ message: StoredMessage) throws -> StoredMessage? {
            try perform("insert message") { db in
                try db.run(
                    sql: Self.insertMessageSQL,
                    arguments: try MessageRecord(message).arguments
                )
                guard db.changesCount == 1 else { return nil }
                var stored = message
                stored.sequence = db.lastInsertedRowID
                return stored
            }
        }

        func updateMessage(_ message: StoredMessage) throws {
            try perform("update message") { db in
                guard
                    let old = try Row.fetchOneCached(
                        db,
                        sql: "SELECT room, channel, direction FROM messages WHERE id = ?",
                        arguments: [message.id.rawValue]
                    )
                else {
                    throw TalkStorageError(.notFound, operation: "update message")
                }
                let columns = ColumnReader(row: old, table: MessageRecord.databaseTableName)
                guard
                    try columns.text("room") == message.room.rawValue,
                    try columns.optionalText("channel") == message.channel?.rawValue,
                    try columns.text("direction") == message.direction.rawValue
                else {
                    throw TalkStorageError(
                        .conflict,
                        operation: "update message: its room, channel or direction changed"
                    )
                }
                try db.run(
                    sql: Self.updateMessageSQL,
                    arguments: try MessageRecord(message).arguments
                )
            }
        }

        func markMessagesRead(
            room: TalkRoomID,
            direction: MessageDirection,
            through sequence: Int64,
            at time: Timestamp
        ) throws -> Int {
            try perform("mark messages read") { db in
                // R16: only unread messages change, so the count is what became read now.
                try db.run(
                    sql: """
                        UPDATE messages SET read_at = ?
                        WHERE room = ? AND sequence <= ? AND direction = ? AND read_at IS NULL
                        """,
                    arguments: [time.millisecondsSinceEpoch, room.rawValue, sequence, direction.rawValue]
                )
                return db.changesCount
            }
        }

        func insertOutboxEntry(_ entry: OutboxEntry) throws {
            // A taken ID or retry key is a UNIQUE violation, which maps to `.conflict`.
            try perform("insert outbox entry") { db in
                try db.run(sql: Self.insertOutboxSQL, arguments: try OutboxRecord(entry).arguments)
            }
        }

        func updateOutboxEntry(_ entry: OutboxEntry) throws {
            try perform("update outbox entry") { db in
                guard
                    let retryKey = try String.fetchOneCached(
                        db,
                        sql: "SELECT retry_key FROM outbox WHERE id = ?",
                        arguments: [entry.id.rawValue]
                    )
                else {
                    throw TalkStorageError(.notFound, operation: "update outbox entry")
                }
                guard retryKey == entry.retryKey else {
                    throw TalkStorageError(.conflict, operation: "update outbox entry: the retry key cannot change")
                }
                try db.run(
                    sql: Self.updateOutboxSQL,
                    arguments: try OutboxRecord(entry).arguments
                )
            }
        }

        func appendFeedEntry(_ entry: NewFeedEntry) throws -> Int64 {
            try perform("append feed entry") { db in
                try db.run(sql: Self.insertFeedSQL, arguments: try FeedRecord(entry).arguments)
                return db.lastInsertedRowID
            }
        }

        func addQuotaUsage(_ count: Int, channel: LineChannelID, month: CalendarMonth) throws -> Int {
            try perform("add quota usage") { db in
                guard count >= 0 else {
                    throw TalkStorageError(.invalidArgument, operation: "add quota usage: negative count")
                }
                // R32: one upsert adds to the counter; the WHERE keeps SQLite from turning an overflowing sum
                // into a REAL, and an update it skips returns no row.
                let totals = try Int.fetchAllCached(
                    db,
                    sql: """
                        INSERT INTO quota (channel, month, used) VALUES (?1, ?2, ?3)
                        ON CONFLICT (channel, month) DO UPDATE SET used = used + excluded.used WHERE used <= ?4
                        RETURNING used
                        """,
                    arguments: [channel.rawValue, month.description, count, Int.max - count]
                )
                guard let total = totals.first else {
                    throw TalkStorageError(.invalidArgument, operation: "add quota usage: overflow")
                }
                return total
            }
        }

        func insertTicket(_ ticket: Ticket) throws -> Bool {
            try perform("insert ticket") { db in
                // R29: the partial unique index on open tickets' rooms decides; a second open ticket changes no row.
                try db.run(
                    sql: Self.insertTicketSQL,
                    arguments: try TicketRecord(ticket).arguments
                )
                if db.changesCount == 1 { return true }
                // Nothing was inserted: either the ID is taken, which is the caller's error, or the room has an
                // open ticket.
                let idTaken =
                    try Bool.fetchOneCached(
                        db,
                        sql: "SELECT EXISTS (SELECT 1 FROM tickets WHERE id = ?)",
                        arguments: [ticket.id.rawValue]
                    ) ?? false
                if idTaken { throw TalkStorageError(.conflict, operation: "insert ticket") }
                return false
            }
        }

        func updateTicket(_ ticket: Ticket) throws {
            try perform("update ticket") { db in
                guard
                    let room = try String.fetchOneCached(
                        db,
                        sql: "SELECT room FROM tickets WHERE id = ?",
                        arguments: [ticket.id.rawValue]
                    )
                else {
                    throw TalkStorageError(.notFound, operation: "update ticket")
                }
                guard room == ticket.room.rawValue else {
                    throw TalkStorageError(.conflict, operation: "update ticket: the room cannot change")
                }
                do {
                    try db.run(
                        sql: Self.updateTicketSQL,
                        arguments: try TicketRecord(ticket).arguments
                    )
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    throw TalkStorageError(
                        .conflict,
                        operation: "reopen ticket: the room has an open ticket",
                        underlying: error
                    )
                }
            }
        }

        /// Inserts or replaces one model value stored as JSON under a key.
        private func saveAggregate(
            _ value: some Encodable,
            table: String,
            key: String,
            column: String,
            keyValue: String,
            operation: String
        ) throws {
            try perform(operation) { db in
                try db.run(
                    sql: """
                        INSERT INTO \(table) (\(key), \(column)) VALUES (?, ?)
                        ON CONFLICT (\(key)) DO UPDATE SET \(column) = excluded.\(column)
                        """,
                    arguments: [keyValue, try JSONColumn.encode(value)]
                )
            }
        }

        func saveTenantPolicy(_ policy: TenantPolicy) throws {
            try saveAggregate(
                policy,
                table: "tenant_policies",
                key: "tenant",
                column: "policy",
                keyValue: policy.tenant.rawValue,
                operation: "save tenant policy"
            )
        }

        func saveAddressBook(_ book: AddressBook, of member: MemberID) throws {
            try saveAggregate(
                book,
                table: "address_books",
                key: "member",
                column: "book",
                keyValue: member.rawValue,
                operation: "save address book"
            )
        }

        func saveCustomerDirectory(_ directory: CustomerDirectory, of tenant: TenantDomain) throws {
            try saveAggregate(
                directory,
                table: "customer_directories",
                key: "tenant",
                column: "directory",
                keyValue: tenant.rawValue,
                operation: "save customer directory"
            )
        }

        func saveChatModeSettings(_ settings: ChatModeSettings, channel: LineChannelID) throws {
            try saveAggregate(
                settings,
                table: "chat_mode_settings",
                key: "channel",
                column: "settings",
                keyValue: channel.rawValue,
                operation: "save chat-mode settings"
            )
        }
    }
}
