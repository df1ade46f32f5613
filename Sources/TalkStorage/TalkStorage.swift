public import TalkModel

/// Where ExternalTalk keeps everything that must survive a restart: rooms, messages, contacts, the inbound
/// ledger, the outbox and the host's event feed.
///
/// A storage runs each transaction body completely or not at all. Write transactions are serialized with
/// respect to each other; a body sees the effects of every transaction committed before it. Bodies are
/// synchronous: they decide from what they read and write in the same breath, with no suspension point at which
/// another writer could slip in. The engine does its I/O (network sends) between transactions, never inside one.
///
/// Exactly-once guarantees rest on the unique keys of ``TalkStorageWriter``:
/// ``TalkStorageWriter/insertLedgerEntry(_:at:)`` and ``TalkStorageWriter/insertMessage(_:)`` answer `false`
/// for a key already present instead of inserting it twice, and an implementation must enforce that with a
/// constraint (`UNIQUE`, a primary key), never by reading first and writing after.
///
/// ## Adopting the protocol
///
/// Implement ``write(_:)`` and ``read(_:)`` over your database's transactions, with a type conforming to
/// ``TalkStorageWriter`` that runs each requirement against the open transaction. Then run the public
/// conformance suite (the `TalkStorageConformance` product) against it from your own tests:
///
/// ```swift
/// @Test func myStorageConforms() async throws {
///     let report = await StorageConformance.run { try await MyStorage.temporary() }
///     #expect(report.failures.isEmpty, "\(report)")
/// }
/// ```
///
/// The SDK ships ``InMemoryStorage`` (for tests and demos) and `SQLiteStorage` (the embedded default).
public protocol TalkStorage: Sendable {
    /// Runs a read-write transaction: the body's writes are committed together when it returns, and none of
    /// them when it throws.
    /// - Parameter body: The work; it may be run on any thread, once.
    /// - Returns: What the body returned.
    /// - Throws: What the body threw (after rolling back), or ``TalkStorageError``.
    func write<Result: Sendable>(
        _ body: @Sendable (any TalkStorageWriter) throws -> Result
    ) async throws -> Result

    /// Runs a read-only transaction that sees one consistent state.
    /// - Parameter body: The work.
    /// - Returns: What the body returned.
    /// - Throws: What the body threw, or ``TalkStorageError``.
    func read<Result: Sendable>(
        _ body: @Sendable (any TalkStorageReader) throws -> Result
    ) async throws -> Result
}

/// The queries of a transaction.
///
/// Lists come back in a defined order and are paged with a cursor and a limit, so that a caller can walk a
/// million rows with flat memory.
public protocol TalkStorageReader {
    // MARK: Rooms

    /// The room with an ID, if stored.
    func room(_ id: TalkRoomID) throws -> StoredRoom?
    /// Rooms in ID order, after a cursor.
    /// - Parameters:
    ///   - cursor: Only rooms whose ID sorts after this one; `nil` to start.
    ///   - limit: The most rooms to return.
    func rooms(after cursor: TalkRoomID?, limit: Int) throws -> [StoredRoom]
    /// Rooms whose peer has been waiting for an answer since at or before `cutoff` and that have no open
    /// ticket, oldest wait first (R29).
    func roomsAwaitingAnswer(since cutoff: Timestamp, limit: Int) throws -> [StoredRoom]

    // MARK: Messages

    /// The message with an ID, if stored.
    func message(_ id: TalkMessageID) throws -> StoredMessage?
    /// Messages of a scope in the order they were stored (by ``StoredMessage/sequence``).
    /// - Parameters:
    ///   - scope: One room, one channel, or all.
    ///   - sequence: Only messages with a greater sequence number; 0 to start.
    ///   - limit: The most messages to return.
    func messages(in scope: MessageScope, after sequence: Int64, limit: Int) throws -> [StoredMessage]

    // MARK: Ledger

    /// Whether an inbound event was recorded.
    func containsLedgerEntry(_ key: LedgerKey) throws -> Bool

    // MARK: Outbox

    /// The outbox entry with an ID, if stored.
    func outboxEntry(_ id: OutboxEntryID) throws -> OutboxEntry?
    /// Entries waiting to be sent (``OutboxEntry/State/pending``) whose next attempt is due at or before `time`,
    /// earliest first.
    func dueOutboxEntries(at time: Timestamp, limit: Int) throws -> [OutboxEntry]
    /// Entries in a state, in creation order, after a cursor.
    func outboxEntries(in state: OutboxEntry.State, after cursor: OutboxEntryID?, limit: Int) throws -> [OutboxEntry]

    // MARK: Feed

    /// Feed entries after a sequence number, in order.
    func feedEntries(after sequence: Int64, limit: Int) throws -> [FeedEntry]
    /// The sequence number of the last feed entry, 0 when the feed is empty.
    func lastFeedSequence() throws -> Int64

    // MARK: Quota

    /// Messages counted against a channel's quota in a month (R32).
    func quotaUsage(channel: LineChannelID, month: CalendarMonth) throws -> Int

    // MARK: Tickets

    /// The ticket with an ID, if stored.
    func ticket(_ id: TicketID) throws -> Ticket?
    /// The open ticket of a room, if any (R29).
    func openTicket(room: TalkRoomID) throws -> Ticket?
    /// Tickets in ID order, after a cursor.
    func tickets(after cursor: TicketID?, limit: Int) throws -> [Ticket]

    // MARK: Aggregates

    /// A tenant's admin policy, if stored.
    func tenantPolicy(_ tenant: TenantDomain) throws -> TenantPolicy?
    /// A member's address book, if stored.
    func addressBook(of member: MemberID) throws -> AddressBook?
    /// Members that have an address book, in ID order, after a cursor.
    func addressBookOwners(after cursor: MemberID?, limit: Int) throws -> [MemberID]
    /// A tenant's customer directory (channels, customers, organizations, merges), if stored.
    func customerDirectory(of tenant: TenantDomain) throws -> CustomerDirectory?
    /// A channel's 1:1 chat-mode settings (R15, R19), if stored.
    func chatModeSettings(channel: LineChannelID) throws -> ChatModeSettings?
}

/// The writes of a transaction, beside its queries.
public protocol TalkStorageWriter: TalkStorageReader {
    /// Records an inbound event, once.
    /// - Parameters:
    ///   - key: The event's source and ID.
    ///   - time: When it was received.
    /// - Returns: `true` when recorded now; `false` when the key was already there (a redelivery, W3). The check
    ///   is the store's unique key, so two transactions racing with the same key cannot both get `true`.
    func insertLedgerEntry(_ key: LedgerKey, at time: Timestamp) throws -> Bool

    /// Inserts or replaces a room.
    func saveRoom(_ room: StoredRoom) throws

    /// Inserts a message, once, and gives it the next sequence number.
    /// - Parameter message: The message; its ``StoredMessage/sequence`` is ignored.
    /// - Returns: The stored message with its sequence number, or `nil` when a message with the same ID exists.
    func insertMessage(_ message: StoredMessage) throws -> StoredMessage?
    /// Replaces a stored message, keeping its sequence number.
    /// - Throws: ``TalkStorageError/Code/notFound`` when no message has that ID.
    func updateMessage(_ message: StoredMessage) throws
    /// Marks the messages of one direction in a room as read, up to and including a sequence number (R16).
    /// - Returns: How many messages changed from unread to read.
    func markMessagesRead(
        room: TalkRoomID,
        direction: MessageDirection,
        through sequence: Int64,
        at time: Timestamp
    ) throws -> Int

    /// Inserts an outbox entry.
    /// - Throws: ``TalkStorageError/Code/conflict`` when its ID or retry key is taken.
    func insertOutboxEntry(_ entry: OutboxEntry) throws
    /// Replaces a stored outbox entry.
    /// - Throws: ``TalkStorageError/Code/notFound`` when no entry has that ID.
    func updateOutboxEntry(_ entry: OutboxEntry) throws

    /// Appends an entry to the host's event feed.
    /// - Returns: The entry's sequence number, one more than the last.
    func appendFeedEntry(_ entry: NewFeedEntry) throws -> Int64

    /// Adds to a channel's monthly quota count (R32).
    /// - Returns: The new total.
    func addQuotaUsage(_ count: Int, channel: LineChannelID, month: CalendarMonth) throws -> Int

    /// Opens a ticket, unless the room already has an open one (R29).
    /// - Returns: `true` when opened; `false` when the room has an open ticket (enforced by a unique key).
    func insertTicket(_ ticket: Ticket) throws -> Bool
    /// Replaces a stored ticket.
    /// - Throws: ``TalkStorageError/Code/notFound`` when no ticket has that ID.
    func updateTicket(_ ticket: Ticket) throws

    /// Inserts or replaces a tenant's policy.
    func saveTenantPolicy(_ policy: TenantPolicy) throws
    /// Inserts or replaces a member's address book.
    func saveAddressBook(_ book: AddressBook, of member: MemberID) throws
    /// Inserts or replaces a tenant's customer directory.
    func saveCustomerDirectory(_ directory: CustomerDirectory, of tenant: TenantDomain) throws
    /// Inserts or replaces a channel's chat-mode settings.
    func saveChatModeSettings(_ settings: ChatModeSettings, channel: LineChannelID) throws
}
