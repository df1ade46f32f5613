import NIOCore
import PostgresNIO
import TalkModel
import TalkStorage

// MARK: Reads

extension Transaction {
    private func all<Value>(
        _ query: PostgresQuery,
        table: String,
        operation: String,
        _ make: (Columns) throws -> Value
    ) throws -> [Value] {
        try self.query(query, operation: operation).rows.map { try make(Columns($0, table: table)) }
    }

    private func one<Value>(
        _ query: PostgresQuery,
        table: String,
        operation: String,
        _ make: (Columns) throws -> Value
    ) throws -> Value? {
        try all(query, table: table, operation: operation, make).first
    }

    func room(_ id: TalkRoomID) throws -> StoredRoom? {
        try one("SELECT * FROM rooms WHERE id = \(id.rawValue)", table: "rooms", operation: "read room") {
            try StoredRoom(columns: $0)
        }
    }

    func rooms(after cursor: TalkRoomID?, limit: Int) throws -> [StoredRoom] {
        try checkLimit(limit, "list rooms")
        return try all(
            """
            SELECT * FROM rooms WHERE \(cursor?.rawValue)::text IS NULL OR id > \(cursor?.rawValue)
            ORDER BY id LIMIT \(limit)
            """,
            table: "rooms",
            operation: "list rooms"
        ) { try StoredRoom(columns: $0) }
    }

    func roomsAwaitingAnswer(since cutoff: Timestamp, limit: Int) throws -> [StoredRoom] {
        try checkLimit(limit, "list rooms awaiting an answer")
        // R29: a room with an open ticket has been dealt with already.
        return try all(
            """
            SELECT * FROM rooms
            WHERE awaiting_answer_since IS NOT NULL AND awaiting_answer_since <= \(cutoff.millisecondsSinceEpoch)
                AND NOT EXISTS (SELECT 1 FROM tickets WHERE tickets.room = rooms.id AND closed_at IS NULL)
            ORDER BY awaiting_answer_since, id
            LIMIT \(limit)
            """,
            table: "rooms",
            operation: "list rooms awaiting an answer"
        ) { try StoredRoom(columns: $0) }
    }

    func message(_ id: TalkMessageID) throws -> StoredMessage? {
        try one("SELECT * FROM messages WHERE id = \(id.rawValue)", table: "messages", operation: "read message") {
            try StoredMessage(columns: $0)
        }
    }

    func messages(in scope: MessageScope, after sequence: Int64, limit: Int) throws -> [StoredMessage] {
        try checkLimit(limit, "list messages")
        let query: PostgresQuery =
            switch scope {
            case .room(let room):
                """
                SELECT * FROM messages WHERE room = \(room.rawValue) AND sequence > \(sequence)
                ORDER BY sequence LIMIT \(limit)
                """
            case .channel(let channel):
                """
                SELECT * FROM messages WHERE channel = \(channel.rawValue) AND sequence > \(sequence)
                ORDER BY sequence LIMIT \(limit)
                """
            case .all:
                "SELECT * FROM messages WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)"
            }
        return try all(query, table: "messages", operation: "list messages") { try StoredMessage(columns: $0) }
    }

    func containsLedgerEntry(_ key: LedgerKey) throws -> Bool {
        try self.query(
            "SELECT 1 FROM ledger WHERE source = \(key.source) AND event_id = \(key.eventID)",
            operation: "read ledger"
        ).rows.isEmpty == false
    }

    func outboxEntry(_ id: OutboxEntryID) throws -> OutboxEntry? {
        try one("SELECT * FROM outbox WHERE id = \(id.rawValue)", table: "outbox", operation: "read outbox entry") {
            try OutboxEntry(columns: $0)
        }
    }

    func dueOutboxEntries(at time: Timestamp, limit: Int) throws -> [OutboxEntry] {
        try checkLimit(limit, "list due outbox entries")
        return try all(
            """
            SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= \(time.millisecondsSinceEpoch)
            ORDER BY next_attempt_at, id LIMIT \(limit)
            """,
            table: "outbox",
            operation: "list due outbox entries"
        ) { try OutboxEntry(columns: $0) }
    }

    func outboxEntries(in state: OutboxEntry.State, after cursor: OutboxEntryID?, limit: Int) throws -> [OutboxEntry] {
        try checkLimit(limit, "list outbox entries")
        // A cursor that names no entry starts from the beginning, as in InMemoryStorage.
        return try all(
            """
            SELECT * FROM outbox
            WHERE state = \(state.rawValue)
                AND ordinal > COALESCE((SELECT ordinal FROM outbox WHERE id = \(cursor?.rawValue)), 0)
            ORDER BY ordinal LIMIT \(limit)
            """,
            table: "outbox",
            operation: "list outbox entries"
        ) { try OutboxEntry(columns: $0) }
    }

    func feedEntries(after sequence: Int64, limit: Int) throws -> [FeedEntry] {
        try checkLimit(limit, "list feed entries")
        return try all(
            "SELECT * FROM feed WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)",
            table: "feed",
            operation: "list feed entries"
        ) { try FeedEntry(columns: $0) }
    }

    func lastFeedSequence() throws -> Int64 {
        try one("SELECT COALESCE(MAX(sequence), 0) AS last FROM feed", table: "feed", operation: "read feed") {
            try $0.integer("last")
        } ?? 0
    }

    func quotaUsage(channel: LineChannelID, month: CalendarMonth) throws -> Int {
        let used = try one(
            "SELECT used FROM quota WHERE channel = \(channel.rawValue) AND month = \(month.description)",
            table: "quota",
            operation: "read quota"
        ) { try $0.integer("used") }
        guard let used else { return 0 }
        guard let count = Int(exactly: used) else {
            throw TalkStorageError(.corrupted, operation: "read quota.used: out of range")
        }
        return count
    }

    func ticket(_ id: TicketID) throws -> Ticket? {
        try one("SELECT * FROM tickets WHERE id = \(id.rawValue)", table: "tickets", operation: "read ticket") {
            try Ticket(columns: $0)
        }
    }

    func openTicket(room: TalkRoomID) throws -> Ticket? {
        try one(
            "SELECT * FROM tickets WHERE room = \(room.rawValue) AND closed_at IS NULL",
            table: "tickets",
            operation: "read open ticket"
        ) { try Ticket(columns: $0) }
    }

    func tickets(after cursor: TicketID?, limit: Int) throws -> [Ticket] {
        try checkLimit(limit, "list tickets")
        return try all(
            """
            SELECT * FROM tickets WHERE \(cursor?.rawValue)::text IS NULL OR id > \(cursor?.rawValue)
            ORDER BY id LIMIT \(limit)
            """,
            table: "tickets",
            operation: "list tickets"
        ) { try Ticket(columns: $0) }
    }

    /// One model value stored as JSON under a key; the table and column names are this module's constants.
    private func aggregate<Value: Decodable>(
        _ type: Value.Type,
        table: String,
        key: String,
        column: String,
        value: String,
        operation: String
    ) throws -> Value? {
        var binds = PostgresBindings()
        binds.append(value)
        return try one(
            PostgresQuery(unsafeSQL: "SELECT \(column) FROM \(table) WHERE \(key) = $1", binds: binds),
            table: table,
            operation: operation
        ) { try $0.json(type, column) }
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
        return try all(
            """
            SELECT member FROM address_books WHERE \(cursor?.rawValue)::text IS NULL OR member > \(cursor?.rawValue)
            ORDER BY member LIMIT \(limit)
            """,
            table: "address_books",
            operation: "list address books"
        ) { try $0.parsed("member") { try MemberID($0) } }
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

// MARK: Writes

extension Transaction {
    private func changed(_ query: PostgresQuery, operation: String) throws -> Int {
        try requireWriting(operation)
        return try self.query(query, operation: operation).metadata.rows ?? 0
    }

    func insertLedgerEntry(_ key: LedgerKey, at time: Timestamp) throws -> Bool {
        // W3: the primary key (source, event_id) decides; a racing duplicate changes no row.
        try changed(
            """
            INSERT INTO ledger (source, event_id, received_at)
            VALUES (\(key.source), \(key.eventID), \(time.millisecondsSinceEpoch))
            ON CONFLICT (source, event_id) DO NOTHING
            """,
            operation: "insert ledger entry"
        ) == 1
    }

    func saveRoom(_ room: StoredRoom) throws {
        let json = try JSONText.encode(room.room, operation: "save room")
        _ = try changed(
            """
            INSERT INTO rooms (id, channel, member, room, created_at, updated_at, reply_token,
                reply_token_received_at, awaiting_answer_since)
            VALUES (\(room.id.rawValue), \(room.channel?.rawValue), \(room.member?.rawValue), \(json),
                \(room.createdAt.millisecondsSinceEpoch), \(room.updatedAt.millisecondsSinceEpoch), \(room.replyToken),
                \(room.replyTokenReceivedAt?.millisecondsSinceEpoch), \(room.awaitingAnswerSince?.millisecondsSinceEpoch))
            ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, member = excluded.member,
                room = excluded.room, created_at = excluded.created_at, updated_at = excluded.updated_at,
                reply_token = excluded.reply_token, reply_token_received_at = excluded.reply_token_received_at,
                awaiting_answer_since = excluded.awaiting_answer_since
            """,
            operation: "save room"
        )
    }

    func insertMessage(_ message: StoredMessage) throws -> StoredMessage? {
        try requireWriting("insert message")
        let sender = StoredParty(message.sender)
        let state = message.state
        let rows = try query(
            """
            INSERT INTO messages (id, room, channel, direction, sender_kind, sender_id, sender_provider,
                operator_name, sent_at, content_type, content, text, state, state_reason, read_at, external_id,
                mark_as_read_token, edited_at, unsent_at)
            VALUES (\(message.id.rawValue), \(message.room.rawValue), \(message.channel?.rawValue),
                \(message.direction.rawValue), \(sender.kind), \(sender.id), \(sender.provider), \(message.operatorName),
                \(message.sentAt.millisecondsSinceEpoch), \(message.contentType), \(message.content.buffer),
                \(message.text), \(state.storedName), \(state.storedReason), \(message.readAt?.millisecondsSinceEpoch),
                \(message.externalID), \(message.markAsReadToken), \(message.editedAt?.millisecondsSinceEpoch),
                \(message.unsentAt?.millisecondsSinceEpoch))
            ON CONFLICT (id) DO NOTHING
            RETURNING sequence
            """,
            operation: "insert message"
        ).rows
        guard let row = rows.first else { return nil }
        var stored = message
        stored.sequence = try Columns(row, table: "messages").integer("sequence")
        return stored
    }

    func updateMessage(_ message: StoredMessage) throws {
        try requireWriting("update message")
        guard
            let old = try query(
                "SELECT room, channel, direction FROM messages WHERE id = \(message.id.rawValue)",
                operation: "update message"
            ).rows.first
        else {
            throw TalkStorageError(.notFound, operation: "update message")
        }
        let columns = Columns(old, table: "messages")
        guard
            try columns.text("room") == message.room.rawValue,
            try columns.optionalText("channel") == message.channel?.rawValue,
            try columns.text("direction") == message.direction.rawValue
        else {
            throw TalkStorageError(.conflict, operation: "update message: its room, channel or direction changed")
        }
        let sender = StoredParty(message.sender)
        let state = message.state
        _ = try changed(
            """
            UPDATE messages SET sender_kind = \(sender.kind), sender_id = \(sender.id),
                sender_provider = \(sender.provider), operator_name = \(message.operatorName),
                sent_at = \(message.sentAt.millisecondsSinceEpoch), content_type = \(message.contentType),
                content = \(message.content.buffer), text = \(message.text), state = \(state.storedName),
                state_reason = \(state.storedReason), read_at = \(message.readAt?.millisecondsSinceEpoch),
                external_id = \(message.externalID), mark_as_read_token = \(message.markAsReadToken),
                edited_at = \(message.editedAt?.millisecondsSinceEpoch),
                unsent_at = \(message.unsentAt?.millisecondsSinceEpoch)
            WHERE id = \(message.id.rawValue)
            """,
            operation: "update message"
        )
    }

    func markMessagesRead(
        room: TalkRoomID,
        direction: MessageDirection,
        through sequence: Int64,
        at time: Timestamp
    ) throws -> Int {
        // R16: only unread messages change, so the count is what became read now.
        try changed(
            """
            UPDATE messages SET read_at = \(time.millisecondsSinceEpoch)
            WHERE room = \(room.rawValue) AND sequence <= \(sequence) AND direction = \(direction.rawValue)
                AND read_at IS NULL
            """,
            operation: "mark messages read"
        )
    }

    func insertOutboxEntry(_ entry: OutboxEntry) throws {
        let destination = StoredDestination(entry.destination)
        let requestIDs = try JSONText.encode(entry.requestIDs, operation: "insert outbox entry")
        // A taken ID or retry key inserts nothing, and is the caller's conflict; DO NOTHING keeps the
        // transaction usable, where a violated constraint would abort it.
        let inserted = try changed(
            """
            INSERT INTO outbox (id, message, room, destination_kind, destination_channel, destination_user,
                destination_peer, destination_member, retry_key, created_at, state, reply_token,
                reply_token_received_at, reply_status, attempts, next_attempt_at, last_error, request_ids, payload)
            VALUES (\(entry.id.rawValue), \(entry.message.rawValue), \(entry.room.rawValue), \(destination.kind),
                \(destination.channel), \(destination.user), \(destination.peer), \(destination.member),
                \(entry.retryKey), \(entry.createdAt.millisecondsSinceEpoch), \(entry.state.rawValue),
                \(entry.replyToken), \(entry.replyTokenReceivedAt?.millisecondsSinceEpoch),
                \(entry.replyStatus.rawValue), \(Int64(entry.attempts)), \(entry.nextAttemptAt.millisecondsSinceEpoch),
                \(entry.lastError), \(requestIDs), \(entry.payload.buffer))
            ON CONFLICT DO NOTHING
            """,
            operation: "insert outbox entry"
        )
        guard inserted == 1 else {
            throw TalkStorageError(.conflict, operation: "insert outbox entry: the ID or retry key is taken")
        }
    }

    func updateOutboxEntry(_ entry: OutboxEntry) throws {
        try requireWriting("update outbox entry")
        guard
            let row = try query(
                "SELECT retry_key FROM outbox WHERE id = \(entry.id.rawValue)",
                operation: "update outbox entry"
            ).rows.first
        else {
            throw TalkStorageError(.notFound, operation: "update outbox entry")
        }
        guard try Columns(row, table: "outbox").text("retry_key") == entry.retryKey else {
            throw TalkStorageError(.conflict, operation: "update outbox entry: the retry key cannot change")
        }
        let destination = StoredDestination(entry.destination)
        let requestIDs = try JSONText.encode(entry.requestIDs, operation: "update outbox entry")
        _ = try changed(
            """
            UPDATE outbox SET message = \(entry.message.rawValue), room = \(entry.room.rawValue),
                destination_kind = \(destination.kind), destination_channel = \(destination.channel),
                destination_user = \(destination.user), destination_peer = \(destination.peer),
                destination_member = \(destination.member), created_at = \(entry.createdAt.millisecondsSinceEpoch),
                state = \(entry.state.rawValue), reply_token = \(entry.replyToken),
                reply_token_received_at = \(entry.replyTokenReceivedAt?.millisecondsSinceEpoch),
                reply_status = \(entry.replyStatus.rawValue), attempts = \(Int64(entry.attempts)),
                next_attempt_at = \(entry.nextAttemptAt.millisecondsSinceEpoch), last_error = \(entry.lastError),
                request_ids = \(requestIDs), payload = \(entry.payload.buffer)
            WHERE id = \(entry.id.rawValue)
            """,
            operation: "update outbox entry"
        )
    }

    func appendFeedEntry(_ entry: NewFeedEntry) throws -> Int64 {
        try requireWriting("append feed entry")
        // Write transactions hold the write lock, so MAX + 1 cannot be taken twice.
        let rows = try query(
            """
            INSERT INTO feed (sequence, kind, room, recorded_at, payload)
            SELECT COALESCE(MAX(sequence), 0) + 1, \(entry.kind), \(entry.room?.rawValue),
                \(entry.recordedAt.millisecondsSinceEpoch), \(entry.payload.buffer)
            FROM feed
            RETURNING sequence
            """,
            operation: "append feed entry"
        ).rows
        guard let row = rows.first else {
            throw TalkStorageError(.unavailable, operation: "append feed entry: no sequence returned")
        }
        return try Columns(row, table: "feed").integer("sequence")
    }

    func addQuotaUsage(_ count: Int, channel: LineChannelID, month: CalendarMonth) throws -> Int {
        try requireWriting("add quota usage")
        guard count >= 0 else { throw TalkStorageError(.invalidArgument, operation: "add quota usage: negative count") }
        // R32: one upsert adds to the counter; an update that would overflow is skipped and returns no row.
        let rows = try query(
            """
            INSERT INTO quota (channel, month, used) VALUES (\(channel.rawValue), \(month.description), \(Int64(count)))
            ON CONFLICT (channel, month) DO UPDATE SET used = quota.used + excluded.used
                WHERE quota.used <= \(Int64.max - Int64(count))
            RETURNING used
            """,
            operation: "add quota usage"
        ).rows
        guard let row = rows.first, let total = Int(exactly: try Columns(row, table: "quota").integer("used")) else {
            throw TalkStorageError(.invalidArgument, operation: "add quota usage: overflow")
        }
        return total
    }

    func insertTicket(_ ticket: Ticket) throws -> Bool {
        // R29: the partial unique index on open tickets' rooms decides; a second open ticket changes no row.
        let inserted = try changed(
            """
            INSERT INTO tickets (id, room, channel, waiting_since, opened_at, closed_at)
            VALUES (\(ticket.id.rawValue), \(ticket.room.rawValue), \(ticket.channel?.rawValue),
                \(ticket.waitingSince.millisecondsSinceEpoch), \(ticket.openedAt.millisecondsSinceEpoch),
                \(ticket.closedAt?.millisecondsSinceEpoch))
            ON CONFLICT DO NOTHING
            """,
            operation: "insert ticket"
        )
        if inserted == 1 { return true }
        // Nothing was inserted: either the ID is taken, which is the caller's error, or the room has an open ticket.
        let idTaken = try !query(
            "SELECT 1 FROM tickets WHERE id = \(ticket.id.rawValue)",
            operation: "insert ticket"
        ).rows.isEmpty
        if idTaken { throw TalkStorageError(.conflict, operation: "insert ticket") }
        return false
    }

    func updateTicket(_ ticket: Ticket) throws {
        try requireWriting("update ticket")
        guard
            let row = try query("SELECT room FROM tickets WHERE id = \(ticket.id.rawValue)", operation: "update ticket")
                .rows.first
        else {
            throw TalkStorageError(.notFound, operation: "update ticket")
        }
        guard try Columns(row, table: "tickets").text("room") == ticket.room.rawValue else {
            throw TalkStorageError(.conflict, operation: "update ticket: the room cannot change")
        }
        do {
            _ = try guarded(
                """
                UPDATE tickets SET channel = \(ticket.channel?.rawValue),
                    waiting_since = \(ticket.waitingSince.millisecondsSinceEpoch),
                    opened_at = \(ticket.openedAt.millisecondsSinceEpoch),
                    closed_at = \(ticket.closedAt?.millisecondsSinceEpoch)
                WHERE id = \(ticket.id.rawValue)
                """,
                operation: "update ticket"
            )
        } catch let error as TalkStorageError where error.code == .conflict {
            throw TalkStorageError(
                .conflict,
                operation: "reopen ticket: the room has an open ticket",
                underlying: error
            )
        }
    }

    /// Inserts or replaces one model value stored as JSON under a key; the names are this module's constants.
    private func saveAggregate(
        _ value: some Encodable,
        table: String,
        key: String,
        column: String,
        keyValue: String,
        operation: String
    ) throws {
        var binds = PostgresBindings()
        binds.append(keyValue)
        binds.append(try JSONText.encode(value, operation: operation))
        _ = try changed(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(table) (\(key), \(column)) VALUES ($1, $2)
                    ON CONFLICT (\(key)) DO UPDATE SET \(column) = excluded.\(column)
                    """,
                binds: binds
            ),
            operation: operation
        )
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
