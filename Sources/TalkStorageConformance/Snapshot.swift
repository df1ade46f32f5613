import TalkModel
import TalkStorage

/// Everything a reader shows about a set of keys, through every query of ``TalkStorageReader``, so that two
/// states compare with `==`.
struct Snapshot: Hashable, Sendable, CustomStringConvertible {
    /// The keys to look up.
    struct Keys: Sendable {
        var ledger: [LedgerKey] = []
        var rooms: [TalkRoomID] = []
        var messages: [TalkMessageID] = []
        var outbox: [OutboxEntryID] = []
        var quota: [(LineChannelID, CalendarMonth)] = []
        var tickets: [TicketID] = []
        var tenants: [TenantDomain] = []
        var members: [MemberID] = []
        var channels: [LineChannelID] = []
    }

    var ledger: [Bool]
    var rooms: [StoredRoom]
    var roomsByID: [StoredRoom?]
    var awaitingAnswer: [StoredRoom]
    var messages: [StoredMessage]
    var messagesByID: [StoredMessage?]
    var roomMessages: [[StoredMessage]]
    var outboxByID: [OutboxEntry?]
    var outboxByState: [[OutboxEntry]]
    var dueOutbox: [OutboxEntry]
    var feed: [FeedEntry]
    var lastFeedSequence: Int64
    var quota: [Int]
    var tickets: [Ticket]
    var ticketsByID: [Ticket?]
    var openTickets: [Ticket?]
    var policies: [TenantPolicy?]
    var directories: [CustomerDirectory?]
    var addressBooks: [AddressBook?]
    var addressBookOwners: [MemberID]
    var chatModes: [ChatModeFingerprint?]

    /// Reads the state.
    /// - Parameters:
    ///   - reader: An open transaction.
    ///   - keys: What to look up besides the lists.
    init(_ reader: any TalkStorageReader, _ keys: Keys) throws {
        let everything = 100_000
        let far = Timestamp(millisecondsSinceEpoch: .max)
        ledger = try keys.ledger.map { try reader.containsLedgerEntry($0) }
        rooms = try reader.rooms(after: nil, limit: everything)
        roomsByID = try keys.rooms.map { try reader.room($0) }
        awaitingAnswer = try reader.roomsAwaitingAnswer(since: far, limit: everything)
        messages = try reader.messages(in: .all, after: 0, limit: everything)
        messagesByID = try keys.messages.map { try reader.message($0) }
        roomMessages = try keys.rooms.map { try reader.messages(in: .room($0), after: 0, limit: everything) }
        outboxByID = try keys.outbox.map { try reader.outboxEntry($0) }
        outboxByState = try OutboxEntry.State.allCases.map {
            try reader.outboxEntries(in: $0, after: nil, limit: everything)
        }
        dueOutbox = try reader.dueOutboxEntries(at: far, limit: everything)
        feed = try reader.feedEntries(after: 0, limit: everything)
        lastFeedSequence = try reader.lastFeedSequence()
        quota = try keys.quota.map { try reader.quotaUsage(channel: $0.0, month: $0.1) }
        tickets = try reader.tickets(after: nil, limit: everything)
        ticketsByID = try keys.tickets.map { try reader.ticket($0) }
        openTickets = try keys.rooms.map { try reader.openTicket(room: $0) }
        policies = try keys.tenants.map { try reader.tenantPolicy($0) }
        directories = try keys.tenants.map { try reader.customerDirectory(of: $0) }
        addressBooks = try keys.members.map { try reader.addressBook(of: $0) }
        addressBookOwners = try reader.addressBookOwners(after: nil, limit: everything)
        chatModes = try keys.channels.map { try reader.chatModeSettings(channel: $0).map(ChatModeFingerprint.init) }
    }

    /// Which parts differ, for a failure.
    func differences(from other: Snapshot) -> String {
        var parts: [String] = []
        func note<Value: Equatable>(_ name: String, _ path: KeyPath<Snapshot, Value>) {
            if self[keyPath: path] != other[keyPath: path] { parts.append(name) }
        }
        note("ledger", \.ledger)
        note("rooms", \.rooms)
        note("room(_:)", \.roomsByID)
        note("roomsAwaitingAnswer", \.awaitingAnswer)
        note("messages", \.messages)
        note("message(_:)", \.messagesByID)
        note("messages(in: .room)", \.roomMessages)
        note("outboxEntry(_:)", \.outboxByID)
        note("outboxEntries(in:)", \.outboxByState)
        note("dueOutboxEntries", \.dueOutbox)
        note("feedEntries", \.feed)
        note("lastFeedSequence", \.lastFeedSequence)
        note("quotaUsage", \.quota)
        note("tickets", \.tickets)
        note("ticket(_:)", \.ticketsByID)
        note("openTicket(room:)", \.openTickets)
        note("tenantPolicy", \.policies)
        note("customerDirectory", \.directories)
        note("addressBook", \.addressBooks)
        note("addressBookOwners", \.addressBookOwners)
        note("chatModeSettings", \.chatModes)
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }

    var description: String {
        "\(rooms.count) rooms, \(messages.count) messages, \(feed.count) feed entries, \(tickets.count) tickets"
    }
}
