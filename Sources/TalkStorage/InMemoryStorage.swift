import Synchronization
import TalkModel

/// A complete ``TalkStorage`` in memory: for tests, previews and demos.
///
/// It keeps the same unique keys and transaction semantics as the SQL stores (and passes the same conformance
/// suite), so a host's tests that run against it exercise the same exactly-once behaviour. Nothing survives the
/// process; use `SQLiteStorage` for that.
///
/// Transactions run one at a time behind a lock. A write applies its changes in place and keeps an undo log, so a
/// body that throws leaves the state exactly as it found it, at a cost proportional to what it changed.
///
/// ```swift
/// let storage = InMemoryStorage()
/// let service = ExternalTalkService(configuration: configuration, storage: storage, transport: transport)
/// ```
public final class InMemoryStorage: TalkStorage {
    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    /// Runs a read-write transaction.
    /// - Parameter body: The work.
    /// - Returns: What the body returned.
    /// - Throws: What the body threw, after undoing its writes.
    public func write<Result: Sendable>(
        _ body: @Sendable (any TalkStorageWriter) throws -> Result
    ) async throws -> Result {
        try state.withLock { state in
            // The transaction takes the only reference to the state, so its writes happen in place rather than
            // on a copy of every collection they touch.
            let transaction = Transaction(state: State())
            swap(&state, &transaction.state)
            defer {
                transaction.close()
                swap(&state, &transaction.state)
            }
            do {
                return try body(transaction)
            } catch {
                transaction.rollBack()
                throw error
            }
        }
    }

    /// Runs a read-only transaction.
    /// - Parameter body: The work.
    /// - Returns: What the body returned.
    /// - Throws: What the body threw.
    public func read<Result: Sendable>(
        _ body: @Sendable (any TalkStorageReader) throws -> Result
    ) async throws -> Result {
        try state.withLock { state in
            let transaction = Transaction(state: state)
            defer { transaction.close() }
            return try body(ReadOnly(base: transaction))
        }
    }
}

extension InMemoryStorage {
    struct State: Sendable {
        var ledger: Set<LedgerKey> = []
        var rooms: [TalkRoomID: StoredRoom] = [:]
        var messages: [StoredMessage] = []
        var messageIndex: [TalkMessageID: Int] = [:]
        /// Positions in `messages`, ascending, per room and per channel.
        var roomMessages: [TalkRoomID: [Int]] = [:]
        var channelMessages: [LineChannelID: [Int]] = [:]
        var outbox: [OutboxEntryID: OutboxEntry] = [:]
        var outboxOrder: [OutboxEntryID] = []
        var retryKeys: Set<String> = []
        var feed: [FeedEntry] = []
        var quota: [QuotaKey: Int] = [:]
        var tickets: [TicketID: Ticket] = [:]
        var openTickets: [TalkRoomID: TicketID] = [:]
        var policies: [TenantDomain: TenantPolicy] = [:]
        var addressBooks: [MemberID: AddressBook] = [:]
        var directories: [TenantDomain: CustomerDirectory] = [:]
        var chatModes: [LineChannelID: ChatModeSettings] = [:]
    }

    struct QuotaKey: Hashable, Sendable {
        var channel: LineChannelID
        var month: CalendarMonth
    }

    /// A read-only view, so a read body cannot write even by casting.
    struct ReadOnly: TalkStorageReader {
        let base: Transaction

        func room(_ id: TalkRoomID) throws -> StoredRoom? { try base.room(id) }
        func rooms(after cursor: TalkRoomID?, limit: Int) throws -> [StoredRoom] {
            try base.rooms(after: cursor, limit: limit)
        }
        func roomsAwaitingAnswer(since cutoff: Timestamp, limit: Int) throws -> [StoredRoom] {
            try base.roomsAwaitingAnswer(since: cutoff, limit: limit)
        }
        func message(_ id: TalkMessageID) throws -> StoredMessage? { try base.message(id) }
        func messages(in scope: MessageScope, after sequence: Int64, limit: Int) throws -> [StoredMessage] {
            try base.messages(in: scope, after: sequence, limit: limit)
        }
        func containsLedgerEntry(_ key: LedgerKey) throws -> Bool { try base.containsLedgerEntry(key) }
        func outboxEntry(_ id: OutboxEntryID) throws -> OutboxEntry? { try base.outboxEntry(id) }
        func dueOutboxEntries(at time: Timestamp, limit: Int) throws -> [OutboxEntry] {
            try base.dueOutboxEntries(at: time, limit: limit)
        }
        func outboxEntries(
            in state: OutboxEntry.State,
            after cursor: OutboxEntryID?,
            limit: Int
        ) throws -> [OutboxEntry] {
            try base.outboxEntries(in: state, after: cursor, limit: limit)
        }
        func feedEntries(after sequence: Int64, limit: Int) throws -> [FeedEntry] {
            try base.feedEntries(after: sequence, limit: limit)
        }
        func lastFeedSequence() throws -> Int64 { try base.lastFeedSequence() }
        func quotaUsage(channel: LineChannelID, month: CalendarMonth) throws -> Int {
            try base.quotaUsage(channel: channel, month: month)
        }
        func ticket(_ id: TicketID) throws -> Ticket? { try base.ticket(id) }
        func openTicket(room: TalkRoomID) throws -> Ticket? { try base.openTicket(room: room) }
        func tickets(after cursor: TicketID?, limit: Int) throws -> [Ticket] {
            try base.tickets(after: cursor, limit: limit)
        }
        func tenantPolicy(_ tenant: TenantDomain) throws -> TenantPolicy? { try base.tenantPolicy(tenant) }
        func addressBook(of member: MemberID) throws -> AddressBook? { try base.addressBook(of: member) }
        func addressBookOwners(after cursor: MemberID?, limit: Int) throws -> [MemberID] {
            try base.addressBookOwners(after: cursor, limit: limit)
        }
        func customerDirectory(of tenant: TenantDomain) throws -> CustomerDirectory? {
            try base.customerDirectory(of: tenant)
        }
        func chatModeSettings(channel: LineChannelID) throws -> ChatModeSettings? {
            try base.chatModeSettings(channel: channel)
        }
    }

    /// One transaction: works on the state in place and logs how to undo each write.
    final class Transaction: TalkStorageWriter {
        var state: State
        private var isOpen = true
        private var undoLog: [(inout State) -> Void] = []

        func rollBack() {
            for undo in undoLog.reversed() { undo(&state) }
            undoLog.removeAll()
        }

        private func logUndo(_ undo: @escaping (inout State) -> Void) { undoLog.append(undo) }

        init(state: State) {
            self.state = state
        }

        func close() { isOpen = false }

        private func checkOpen(_ operation: String) throws {
            guard isOpen else {
                throw TalkStorageError(.unavailable, operation: "\(operation) after the transaction ended")
            }
        }

        private func checkLimit(_ limit: Int, _ operation: String) throws {
            try checkOpen(operation)
            guard limit >= 0 else {
                throw TalkStorageError(.invalidArgument, operation: "\(operation): negative limit")
            }
        }

        // MARK: Reader

        func room(_ id: TalkRoomID) throws -> StoredRoom? {
            try checkOpen("read room")
            return state.rooms[id]
        }

        func rooms(after cursor: TalkRoomID?, limit: Int) throws -> [StoredRoom] {
            try checkLimit(limit, "list rooms")
            let ids = state.rooms.keys.filter { cursor == nil || cursor! < $0 }.sorted()
            return ids.prefix(limit).map { state.rooms[$0]! }
        }

        func roomsAwaitingAnswer(since cutoff: Timestamp, limit: Int) throws -> [StoredRoom] {
            try checkLimit(limit, "list rooms awaiting an answer")
            let waiting = state.rooms.values.filter { room in
                guard let since = room.awaitingAnswerSince, since <= cutoff else { return false }
                return state.openTickets[room.id] == nil
            }
            return
                waiting
                .sorted { ($0.awaitingAnswerSince!, $0.id) < ($1.awaitingAnswerSince!, $1.id) }
                .prefix(limit)
                .map { $0 }
        }

        func message(_ id: TalkMessageID) throws -> StoredMessage? {
            try checkOpen("read message")
            return state.messageIndex[id].map { state.messages[$0] }
        }

        func messages(in scope: MessageScope, after sequence: Int64, limit: Int) throws -> [StoredMessage] {
            try checkLimit(limit, "list messages")
            // Sequence numbers are 1, 2, 3... in array order, so sequence n is at position n - 1.
            let start = Int(clamping: max(sequence, 0))
            guard start < state.messages.count, limit > 0 else { return [] }
            let positions: [Int]
            switch scope {
            case .all:
                // `prefix`, not `start + limit`: a limit near `Int.max` would overflow the sum.
                return Array(state.messages[start...].prefix(limit))
            case .room(let room): positions = state.roomMessages[room] ?? []
            case .channel(let channel): positions = state.channelMessages[channel] ?? []
            }
            let first = positions.partitioningIndex { $0 >= start }
            return positions[first...].prefix(limit).map { state.messages[$0] }
        }

        func containsLedgerEntry(_ key: LedgerKey) throws -> Bool {
            try checkOpen("read ledger")
            return state.ledger.contains(key)
        }

        func outboxEntry(_ id: OutboxEntryID) throws -> OutboxEntry? {
            try checkOpen("read outbox entry")
            return state.outbox[id]
        }

        func dueOutboxEntries(at time: Timestamp, limit: Int) throws -> [OutboxEntry] {
            try checkLimit(limit, "list due outbox entries")
            let due = state.outboxOrder.lazy.compactMap { self.state.outbox[$0] }
                .filter { $0.state == .pending && $0.nextAttemptAt <= time }
            return Array(due).sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }.prefix(limit).map { $0 }
        }

        func outboxEntries(
            in entryState: OutboxEntry.State,
            after cursor: OutboxEntryID?,
            limit: Int
        ) throws -> [OutboxEntry] {
            try checkLimit(limit, "list outbox entries")
            var startIndex = 0
            if let cursor, let index = state.outboxOrder.firstIndex(of: cursor) { startIndex = index + 1 }
            var found: [OutboxEntry] = []
            for id in state.outboxOrder[startIndex...] {
                guard found.count < limit else { break }
                if let entry = state.outbox[id], entry.state == entryState { found.append(entry) }
            }
            return found
        }

        func feedEntries(after sequence: Int64, limit: Int) throws -> [FeedEntry] {
            try checkLimit(limit, "list feed entries")
            let start = Int(clamping: max(sequence, 0))
            guard start < state.feed.count else { return [] }
            return Array(state.feed[start..<min(state.feed.count, start + min(limit, state.feed.count))])
        }

        func lastFeedSequence() throws -> Int64 {
            try checkOpen("read feed")
            return Int64(state.feed.count)
        }

        func quotaUsage(channel: LineChannelID, month: CalendarMonth) throws -> Int {
            try checkOpen("read quota")
            return state.quota[QuotaKey(channel: channel, month: month)] ?? 0
        }

        func ticket(_ id: TicketID) throws -> Ticket? {
            try checkOpen("read ticket")
            return state.tickets[id]
        }

        func openTicket(room: TalkRoomID) throws -> Ticket? {
            try checkOpen("read open ticket")
            return state.openTickets[room].flatMap { state.tickets[$0] }
        }

        func tickets(after cursor: TicketID?, limit: Int) throws -> [Ticket] {
            try checkLimit(limit, "list tickets")
            let ids = state.tickets.keys.filter { cursor == nil || cursor! < $0 }.sorted()
            return ids.prefix(limit).map { state.tickets[$0]! }
        }

        func tenantPolicy(_ tenant: TenantDomain) throws -> TenantPolicy? {
            try checkOpen("read tenant policy")
            return state.policies[tenant]
        }

        func addressBook(of member: MemberID) throws -> AddressBook? {
            try checkOpen("read address book")
            return state.addressBooks[member]
        }

        func addressBookOwners(after cursor: MemberID?, limit: Int) throws -> [MemberID] {
            try checkLimit(limit, "list address books")
            let owners = state.addressBooks.keys.filter {
                cursor == nil || cursor!.rawValue.utf8.lexicographicallyPrecedes($0.rawValue.utf8)
            }
            return owners.sorted { $0.rawValue.utf8.lexicographicallyPrecedes($1.rawValue.utf8) }.prefix(limit).map {
                $0
            }
        }

        func customerDirectory(of tenant: TenantDomain) throws -> CustomerDirectory? {
            try checkOpen("read customer directory")
            return state.directories[tenant]
        }

        func chatModeSettings(channel: LineChannelID) throws -> ChatModeSettings? {
            try checkOpen("read chat-mode settings")
            return state.chatModes[channel]
        }

        // MARK: Writer

        func insertLedgerEntry(_ key: LedgerKey, at time: Timestamp) throws -> Bool {
            try checkOpen("insert ledger entry")
            guard state.ledger.insert(key).inserted else { return false }
            logUndo { $0.ledger.remove(key) }
            return true
        }

        func saveRoom(_ room: StoredRoom) throws {
            try checkOpen("save room")
            let old = state.rooms.updateValue(room, forKey: room.id)
            logUndo { $0.rooms[room.id] = old }
        }

        func insertMessage(_ message: StoredMessage) throws -> StoredMessage? {
            try checkOpen("insert message")
            guard state.messageIndex[message.id] == nil else { return nil }
            var stored = message
            stored.sequence = Int64(state.messages.count + 1)
            let position = state.messages.count
            state.messageIndex[message.id] = position
            state.messages.append(stored)
            state.roomMessages[message.room, default: []].append(position)
            if let channel = message.channel { state.channelMessages[channel, default: []].append(position) }
            logUndo { state in
                state.messages.removeLast()
                state.messageIndex[message.id] = nil
                state.roomMessages[message.room]?.removeLast()
                if let channel = message.channel { state.channelMessages[channel]?.removeLast() }
            }
            return stored
        }

        func updateMessage(_ message: StoredMessage) throws {
            try checkOpen("update message")
            guard let index = state.messageIndex[message.id] else {
                throw TalkStorageError(.notFound, operation: "update message")
            }
            let old = state.messages[index]
            guard old.room == message.room, old.channel == message.channel, old.direction == message.direction else {
                throw TalkStorageError(.conflict, operation: "update message: its room, channel or direction changed")
            }
            var updated = message
            updated.sequence = old.sequence
            state.messages[index] = updated
            logUndo { $0.messages[index] = old }
        }

        func markMessagesRead(
            room: TalkRoomID,
            direction: MessageDirection,
            through sequence: Int64,
            at time: Timestamp
        ) throws -> Int {
            try checkOpen("mark messages read")
            var changed: [Int] = []
            let end = Int(clamping: max(sequence, 0))
            for index in state.roomMessages[room] ?? [] {
                guard index < end else { break }
                let message = state.messages[index]
                guard message.direction == direction, message.readAt == nil else { continue }
                state.messages[index].readAt = time
                changed.append(index)
            }
            logUndo { state in for index in changed { state.messages[index].readAt = nil } }
            return changed.count
        }

        func insertOutboxEntry(_ entry: OutboxEntry) throws {
            try checkOpen("insert outbox entry")
            guard state.outbox[entry.id] == nil, !state.retryKeys.contains(entry.retryKey) else {
                throw TalkStorageError(.conflict, operation: "insert outbox entry")
            }
            state.outbox[entry.id] = entry
            state.outboxOrder.append(entry.id)
            state.retryKeys.insert(entry.retryKey)
            logUndo { state in
                state.outbox[entry.id] = nil
                state.outboxOrder.removeLast()
                state.retryKeys.remove(entry.retryKey)
            }
        }

        func updateOutboxEntry(_ entry: OutboxEntry) throws {
            try checkOpen("update outbox entry")
            guard let old = state.outbox[entry.id] else {
                throw TalkStorageError(.notFound, operation: "update outbox entry")
            }
            guard old.retryKey == entry.retryKey else {
                throw TalkStorageError(.conflict, operation: "update outbox entry: the retry key cannot change")
            }
            state.outbox[entry.id] = entry
            logUndo { $0.outbox[entry.id] = old }
        }

        func appendFeedEntry(_ entry: NewFeedEntry) throws -> Int64 {
            try checkOpen("append feed entry")
            let sequence = Int64(state.feed.count + 1)
            state.feed.append(FeedEntry(sequence: sequence, entry))
            logUndo { $0.feed.removeLast() }
            return sequence
        }

        func addQuotaUsage(_ count: Int, channel: LineChannelID, month: CalendarMonth) throws -> Int {
            try checkOpen("add quota usage")
            guard count >= 0 else {
                throw TalkStorageError(.invalidArgument, operation: "add quota usage: negative count")
            }
            let key = QuotaKey(channel: channel, month: month)
            let old = state.quota[key]
            let (total, overflow) = (old ?? 0).addingReportingOverflow(count)
            guard !overflow else { throw TalkStorageError(.invalidArgument, operation: "add quota usage: overflow") }
            state.quota[key] = total
            logUndo { $0.quota[key] = old }
            return total
        }

        func insertTicket(_ ticket: Ticket) throws -> Bool {
            try checkOpen("insert ticket")
            guard state.tickets[ticket.id] == nil else {
                throw TalkStorageError(.conflict, operation: "insert ticket")
            }
            if ticket.isOpen {
                guard state.openTickets[ticket.room] == nil else { return false }
                state.openTickets[ticket.room] = ticket.id
            }
            state.tickets[ticket.id] = ticket
            logUndo { state in
                state.tickets[ticket.id] = nil
                if ticket.isOpen { state.openTickets[ticket.room] = nil }
            }
            return true
        }

        func updateTicket(_ ticket: Ticket) throws {
            try checkOpen("update ticket")
            guard let old = state.tickets[ticket.id] else {
                throw TalkStorageError(.notFound, operation: "update ticket")
            }
            guard old.room == ticket.room else {
                throw TalkStorageError(.conflict, operation: "update ticket: the room cannot change")
            }
            if ticket.isOpen, !old.isOpen, state.openTickets[ticket.room] != nil {
                throw TalkStorageError(.conflict, operation: "reopen ticket: the room has an open ticket")
            }
            let oldOpen = state.openTickets[ticket.room]
            if ticket.isOpen, !old.isOpen {
                state.openTickets[ticket.room] = ticket.id
            } else if !ticket.isOpen, old.isOpen {
                state.openTickets[ticket.room] = nil
            }
            state.tickets[ticket.id] = ticket
            logUndo { state in
                state.tickets[ticket.id] = old
                state.openTickets[ticket.room] = oldOpen
            }
        }

        func saveTenantPolicy(_ policy: TenantPolicy) throws {
            try checkOpen("save tenant policy")
            let old = state.policies.updateValue(policy, forKey: policy.tenant)
            logUndo { $0.policies[policy.tenant] = old }
        }

        func saveAddressBook(_ book: AddressBook, of member: MemberID) throws {
            try checkOpen("save address book")
            let old = state.addressBooks.updateValue(book, forKey: member)
            logUndo { $0.addressBooks[member] = old }
        }

        func saveCustomerDirectory(_ directory: CustomerDirectory, of tenant: TenantDomain) throws {
            try checkOpen("save customer directory")
            let old = state.directories.updateValue(directory, forKey: tenant)
            logUndo { $0.directories[tenant] = old }
        }

        func saveChatModeSettings(_ settings: ChatModeSettings, channel: LineChannelID) throws {
            try checkOpen("save chat-mode settings")
            let old = state.chatModes.updateValue(settings, forKey: channel)
            logUndo { $0.chatModes[channel] = old }
        }
    }
}

extension MessageScope {
    /// Whether a message is in this scope.
    /// - Parameter message: The message.
    /// - Returns: `true` when the scope covers it.
    public func contains(_ message: StoredMessage) -> Bool {
        switch self {
        case .room(let room): message.room == room
        case .channel(let channel): message.channel == channel
        case .all: true
        }
    }
}

extension Array where Element == Int {
    /// The first index whose element satisfies a predicate that is false, then true, along the array.
    fileprivate func partitioningIndex(where belongsInSecondPart: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = low + (high - low) / 2
            if belongsInSecondPart(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
