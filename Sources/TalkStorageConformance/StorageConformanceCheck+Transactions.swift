import TalkModel
import TalkStorage

extension StorageConformanceCheck {
    /// Transactions: commit, rollback of every kind of record, errors handed back unchanged, reads of one's own
    /// writes, consistent reads beside running writes, read-only reads, and the empty store.
    public static var transactions: [StorageConformanceCheck] {
        [
            StorageConformanceCheck("transactions: write commits the body's writes and returns its value") { h in
                let key = LedgerKey(source: "line:1650000001", eventID: "01JCOMMIT")
                let room = try Fixtures.room("room-1", channel: try Fixtures.channel(1))
                let message = try Fixtures.message("m-1", room: "room-1", channel: try Fixtures.channel(1))
                let returned = try await h.storage.write { w in
                    let recorded = try w.insertLedgerEntry(key, at: Fixtures.time(1))
                    try w.saveRoom(room)
                    let stored = try w.insertMessage(message)
                    let sequence = try w.appendFeedEntry(Fixtures.feedEntry("room.requested", room: "room-1"))
                    return (recorded, stored, sequence)
                }
                try h.expect(returned.0, "insertLedgerEntry answered true in the body")
                let stored = try h.require(returned.1, "insertMessage returned the stored message")
                try h.expect(returned.2, equals: 1, "the first feed sequence")
                let seen = try await h.storage.read { r in
                    (
                        try r.containsLedgerEntry(key), try r.room(room.id), try r.message(message.id),
                        try r.lastFeedSequence()
                    )
                }
                try h.expect(seen.0, "the ledger entry is committed")
                try h.expect(seen.1, equals: room, "the committed room")
                try h.expect(seen.2, equals: stored, "the committed message")
                try h.expect(seen.3, equals: 1, "the committed feed's last sequence")
                let value = try await h.storage.read { r in try r.rooms(after: nil, limit: 10).map(\.id.rawValue) }
                try h.expect(value, equals: ["room-1"], "read returns the body's value")
            },
            StorageConformanceCheck(
                "transactions: rollback: a throwing body leaves nothing behind and its error is rethrown unchanged"
            ) { h in
                let seed = try await RollbackSeed.committed(to: h.storage)
                let keys = seed.keys
                let before = try await h.storage.read { try Snapshot($0, keys) }
                do {
                    _ = try await h.storage.write { w -> Int in
                        try seed.writeEverything(w, h)
                        throw ProbeError(token: 0xC0FFEE)
                    }
                    try h.expect(false, "write rethrows the body's error")
                } catch let failure as StorageConformanceFailure {
                    throw failure
                } catch let error as ProbeError {
                    try h.expect(error, equals: ProbeError(token: 0xC0FFEE), "the rethrown error")
                } catch {
                    throw StorageConformanceFailure(
                        .expectationFailed,
                        check: h.check,
                        expectation: "write rethrows the body's ProbeError unchanged, not wrapped",
                        underlying: error
                    )
                }
                let after = try await h.storage.read { try Snapshot($0, keys) }
                try h.expect(
                    after == before,
                    "the state after the rollback == before; differs in \(after.differences(from: before))"
                )
                // A later write sees the state before, and the keys the rolled-back body used are free again.
                let later = try await h.storage.write { w in
                    let state = try Snapshot(w, keys)
                    try Fixtures.ensureRoom(seed.newRoom.id, in: w)
                    return (
                        state,
                        try w.insertLedgerEntry(seed.newKey, at: Fixtures.time(500)),
                        try w.insertMessage(seed.newMessage),
                        try w.appendFeedEntry(Fixtures.feedEntry("after.rollback")),
                        try w.insertTicket(seed.newTicket),
                        try w.insertTicket(try Fixtures.ticket("t-late", room: seed.room.id.rawValue))
                    )
                }
                try h.expect(
                    later.0 == before,
                    "a later write sees the state before; differs in \(later.0.differences(from: before))"
                )
                try h.expect(later.1, "the rolled-back ledger key can be recorded now")
                let message = try h.require(later.2, "the rolled-back message ID can be inserted now")
                let lastSequence = before.messages.map(\.sequence).max() ?? 0
                try h.expect(
                    message.sequence > lastSequence,
                    "a sequence after the rollback (\(message.sequence)) > the last committed one (\(lastSequence))"
                )
                try h.expect(later.3, equals: before.lastFeedSequence + 1, "the next feed sequence after the rollback")
                try h.expect(later.4, "the rolled-back ticket's room can get an open ticket now")
                try h.expect(!later.5, "the seeded room's ticket is still open, its closing rolled back")
                try await h.storage.write { w in try Fixtures.insert(seed.newOutboxEntry, in: w) }
                let entry = try await h.storage.read { try $0.outboxEntry(seed.newOutboxEntry.id) }
                try h.expect(entry, equals: seed.newOutboxEntry, "the rolled-back outbox entry can be inserted now")
            },
            StorageConformanceCheck(
                "transactions: rollback: a storage error thrown out of a body undoes the body's earlier writes"
            ) { h in
                let entry = try Fixtures.outboxEntry("o-1")
                try await h.storage.write { w in try Fixtures.insert(entry, in: w) }
                let key = LedgerKey(source: "line:1650000001", eventID: "01JFAIL")
                let keys = Snapshot.Keys(
                    ledger: [key],
                    rooms: [entry.room, TalkRoomID("room-2")],
                    messages: [TalkMessageID("m-1")],
                    outbox: [entry.id]
                )
                let before = try await h.storage.read { try Snapshot($0, keys) }
                try await h.storageError(.conflict, "a body whose second outbox insert reuses an ID") {
                    try await h.storage.write { w in
                        _ = try w.insertLedgerEntry(key, at: Fixtures.time(1))
                        _ = try Fixtures.insert([try Fixtures.message("m-1", room: "room-2")], in: w)
                        _ = try w.appendFeedEntry(Fixtures.feedEntry("message.received"))
                        var twin = try Fixtures.outboxEntry("o-1", retryKey: "another-key")
                        twin.attempts = 9
                        try w.insertOutboxEntry(twin)
                    }
                }
                let after = try await h.storage.read { try Snapshot($0, keys) }
                try h.expect(
                    after == before,
                    "the state after the failed body == before; differs in \(after.differences(from: before))"
                )
            },
            StorageConformanceCheck(
                "transactions: a storage error caught inside a body leaves its other writes to commit"
            ) { h in
                let entry = try Fixtures.outboxEntry("o-1")
                try await h.storage.write { w in try Fixtures.insert(entry, in: w) }
                let key = LedgerKey(source: "line:1650000001", eventID: "01JCAUGHT")
                try await h.storage.write { w in
                    _ = try w.insertLedgerEntry(key, at: Fixtures.time(1))
                    try h.storageError(
                        .notFound,
                        "updateMessage of a message never stored",
                        inTransaction: {
                            try w.updateMessage(try Fixtures.message("missing", room: "room-1"))
                        }
                    )
                    try h.storageError(
                        .conflict,
                        "insertOutboxEntry with a taken ID",
                        inTransaction: {
                            try w.insertOutboxEntry(try Fixtures.outboxEntry("o-1", retryKey: "another-key"))
                        }
                    )
                    _ = try w.appendFeedEntry(Fixtures.feedEntry("after.errors"))
                }
                let seen = try await h.storage.read { r in
                    (
                        try r.containsLedgerEntry(key), try r.lastFeedSequence(), try r.outboxEntry(entry.id),
                        try r.message(TalkMessageID("missing"))
                    )
                }
                try h.expect(seen.0, "the ledger entry before the errors is committed")
                try h.expect(seen.1, equals: 1, "the feed entry after the errors is committed")
                try h.expect(seen.2, equals: entry, "the outbox entry the conflicting insert named")
                try h.expect(seen.3 == nil, "the failed update stored no message")
            },
            StorageConformanceCheck("transactions: a body reads its own writes") { h in
                let channel = try Fixtures.channel(1)
                let month = CalendarMonth(year: 2025, month: 6)
                let member = try Fixtures.member("sato@example.co.jp")
                try await h.storage.write { w in
                    let key = LedgerKey(source: "line:1650000001", eventID: "01JOWN")
                    _ = try w.insertLedgerEntry(key, at: Fixtures.time(1))
                    try h.expect(try w.containsLedgerEntry(key), "the body sees its ledger entry")
                    var room = try Fixtures.room("room-1", channel: channel)
                    room.awaitingAnswerSince = Fixtures.time(2)
                    try w.saveRoom(room)
                    try h.expect(try w.room(room.id), equals: room, "the body's room")
                    try h.expect(try w.rooms(after: nil, limit: 5), equals: [room], "the body's room list")
                    let stored = try h.require(
                        try w.insertMessage(try Fixtures.message("m-1", room: "room-1", channel: channel)),
                        "the inserted message"
                    )
                    try h.expect(try w.message(stored.id), equals: stored, "the body's message")
                    try h.expect(
                        try w.messages(in: .channel(channel), after: 0, limit: 5),
                        equals: [stored],
                        "the body's channel messages"
                    )
                    let entry = try Fixtures.outboxEntry("o-1", message: "m-1")
                    try w.insertOutboxEntry(entry)
                    try h.expect(try w.outboxEntry(entry.id), equals: entry, "the body's outbox entry")
                    try h.expect(
                        try w.dueOutboxEntries(at: entry.nextAttemptAt, limit: 5),
                        equals: [entry],
                        "the body's due entries"
                    )
                    let sequence = try w.appendFeedEntry(Fixtures.feedEntry("room.requested"))
                    try h.expect(try w.lastFeedSequence(), equals: sequence, "the body's last feed sequence")
                    _ = try w.addQuotaUsage(2, channel: channel, month: month)
                    try h.expect(try w.quotaUsage(channel: channel, month: month), equals: 2, "the body's quota usage")
                    let ticket = try Fixtures.ticket("t-1", room: "room-1")
                    _ = try w.insertTicket(ticket)
                    try h.expect(try w.openTicket(room: room.id), equals: ticket, "the body's open ticket")
                    try h.expect(
                        try w.roomsAwaitingAnswer(since: Fixtures.time(10), limit: 5).isEmpty,
                        "a room with the body's ticket is not awaiting"
                    )
                    try w.saveTenantPolicy(try Fixtures.policy())
                    try h.expect(
                        try w.tenantPolicy(Fixtures.tenant),
                        equals: try Fixtures.policy(),
                        "the body's policy"
                    )
                    try w.saveAddressBook(try Fixtures.addressBook(owner: member), of: member)
                    try h.expect(
                        try w.addressBookOwners(after: nil, limit: 5),
                        equals: [member],
                        "the body's address book owners"
                    )
                    try w.saveCustomerDirectory(try Fixtures.customerDirectory(), of: Fixtures.tenant)
                    try h.expect(
                        try w.customerDirectory(of: Fixtures.tenant),
                        equals: try Fixtures.customerDirectory(),
                        "the body's directory"
                    )
                    try w.saveChatModeSettings(try Fixtures.chatModeSettings(), channel: channel)
                    try h.expect(
                        try w.chatModeSettings(channel: channel).map(ChatModeFingerprint.init),
                        equals: ChatModeFingerprint(try Fixtures.chatModeSettings()),
                        "the body's chat-mode settings"
                    )
                }
            },
            StorageConformanceCheck("transactions: reads see one consistent, committed state while writes run") { h in
                let channel = try Fixtures.channel(1)
                let month = CalendarMonth(year: 2025, month: 6)
                let batch = 10
                let writers = 20
                try await h.storage.write { w in
                    try Fixtures.ensureRoom(TalkRoomID("kept"), in: w)
                    try Fixtures.ensureRoom(TalkRoomID("doomed"), in: w)
                }
                let observations = try await withThrowingTaskGroup(of: ConsistencyObservation?.self) { group in
                    for round in 0..<writers {
                        group.addTask {
                            try await h.storage.write { w in
                                for index in 0..<batch {
                                    let id = "kept-\(round)-\(index)"
                                    _ = try w.insertMessage(try Fixtures.message(id, room: "kept", channel: channel))
                                    _ = try w.appendFeedEntry(Fixtures.feedEntry("message.received", room: "kept"))
                                }
                                _ = try w.addQuotaUsage(batch, channel: channel, month: month)
                            }
                            return nil
                        }
                        group.addTask {
                            do {
                                try await h.storage.write { w in
                                    for index in 0..<batch {
                                        let id = "doomed-\(round)-\(index)"
                                        _ = try w.insertMessage(
                                            try Fixtures.message(id, room: "doomed", channel: channel)
                                        )
                                        _ = try w.appendFeedEntry(
                                            Fixtures.feedEntry("message.received", room: "doomed")
                                        )
                                    }
                                    _ = try w.addQuotaUsage(batch, channel: channel, month: month)
                                    throw ProbeError(token: round)
                                }
                            } catch is ProbeError {}
                            return nil
                        }
                        for _ in 0..<2 {
                            group.addTask {
                                try await h.storage.read { r in
                                    ConsistencyObservation(
                                        kept: try r.messages(in: .room(TalkRoomID("kept")), after: 0, limit: 100_000)
                                            .count,
                                        doomed: try r.messages(
                                            in: .room(TalkRoomID("doomed")),
                                            after: 0,
                                            limit: 100_000
                                        ).count,
                                        feed: try r.lastFeedSequence(),
                                        feedEntries: try r.feedEntries(after: 0, limit: 100_000).count,
                                        quota: try r.quotaUsage(channel: channel, month: month)
                                    )
                                }
                            }
                        }
                    }
                    var observations: [ConsistencyObservation] = []
                    for try await observation in group {
                        if let observation { observations.append(observation) }
                    }
                    return observations
                }
                try h.expect(observations.count, equals: 2 * writers, "the number of reads")
                for observation in observations {
                    try h.expect(observation.doomed == 0, "no read sees a rolled-back message: \(observation)")
                    try h.expect(
                        observation.kept % batch == 0 && Int64(observation.kept) == observation.feed
                            && observation.feedEntries == observation.kept && observation.quota == observation.kept,
                        "every read sees whole transactions, its messages, feed and quota agreeing: \(observation)"
                    )
                }
                let last = try await h.storage.read { r in
                    ConsistencyObservation(
                        kept: try r.messages(in: .room(TalkRoomID("kept")), after: 0, limit: 100_000).count,
                        doomed: try r.messages(in: .room(TalkRoomID("doomed")), after: 0, limit: 100_000).count,
                        feed: try r.lastFeedSequence(),
                        feedEntries: try r.feedEntries(after: 0, limit: 100_000).count,
                        quota: try r.quotaUsage(channel: channel, month: month)
                    )
                }
                let total = batch * writers
                try h.expect(
                    last,
                    equals: ConsistencyObservation(
                        kept: total,
                        doomed: 0,
                        feed: Int64(total),
                        feedEntries: total,
                        quota: total
                    ),
                    "the final state"
                )
                let sequences = try await h.storage.read { r in
                    try r.feedEntries(after: 0, limit: 100_000).map(\.sequence)
                }
                try h.expect(
                    sequences,
                    equals: Array(1...Int64(total)),
                    "the feed's sequences after rolled-back appends"
                )
            },
            StorageConformanceCheck("transactions: a read transaction writes nothing") { h in
                let key = LedgerKey(source: "line:1650000001", eventID: "01JREAD")
                let room = try Fixtures.room("room-1")
                let _: Void = try await h.storage.read { r in
                    // A store may hand a read body an object that can also write; its writes must not stick.
                    guard let writer = r as? any TalkStorageWriter else { return }
                    _ = try? writer.insertLedgerEntry(key, at: Fixtures.time(1))
                    try? writer.saveRoom(room)
                    _ = try? writer.appendFeedEntry(Fixtures.feedEntry("room.requested"))
                }
                let seen = try await h.storage.read { r in
                    (try r.containsLedgerEntry(key), try r.room(room.id), try r.lastFeedSequence())
                }
                try h.expect(!seen.0, "no ledger entry from a read")
                try h.expect(seen.1 == nil, "no room from a read")
                try h.expect(seen.2, equals: 0, "no feed entry from a read")
            },
            StorageConformanceCheck("transactions: an empty store holds nothing") { h in
                let channel = try Fixtures.channel(1)
                let member = try Fixtures.member("sato@example.co.jp")
                let keys = Snapshot.Keys(
                    ledger: [LedgerKey(source: "line:1650000001", eventID: "01J")],
                    rooms: [TalkRoomID("room-1")],
                    messages: [TalkMessageID("m-1")],
                    outbox: [OutboxEntryID("o-1")],
                    quota: [(channel, CalendarMonth(year: 2025, month: 6))],
                    tickets: [TicketID("t-1")],
                    tenants: [Fixtures.tenant],
                    members: [member],
                    channels: [channel]
                )
                let read = try await h.storage.read { try Snapshot($0, keys) }
                let written = try await h.storage.write { try Snapshot($0, keys) }
                let channelMessages = try await h.storage.read {
                    try $0.messages(in: .channel(channel), after: 0, limit: 10)
                }
                try h.expect(channelMessages.isEmpty, "no message in the channel")
                for (snapshot, kind) in [(read, "read"), (written, "write")] {
                    try h.expect(snapshot.ledger == [false], "no ledger entry (\(kind))")
                    try h.expect(snapshot.rooms.isEmpty && snapshot.roomsByID == [nil], "no room (\(kind))")
                    try h.expect(snapshot.awaitingAnswer.isEmpty, "no room awaiting an answer (\(kind))")
                    try h.expect(
                        snapshot.messages.isEmpty && snapshot.messagesByID == [nil] && snapshot.roomMessages == [[]],
                        "no message (\(kind))"
                    )
                    try h.expect(
                        snapshot.outboxByID == [nil] && snapshot.outboxByState.allSatisfy(\.isEmpty)
                            && snapshot.dueOutbox.isEmpty,
                        "no outbox entry (\(kind))"
                    )
                    try h.expect(snapshot.feed.isEmpty, "no feed entry (\(kind))")
                    try h.expect(snapshot.lastFeedSequence, equals: 0, "the empty feed's last sequence (\(kind))")
                    try h.expect(snapshot.quota, equals: [0], "no quota usage (\(kind))")
                    try h.expect(
                        snapshot.tickets.isEmpty && snapshot.ticketsByID == [nil] && snapshot.openTickets == [nil],
                        "no ticket (\(kind))"
                    )
                    try h.expect(
                        snapshot.policies == [nil] && snapshot.directories == [nil],
                        "no tenant aggregate (\(kind))"
                    )
                    try h.expect(
                        snapshot.addressBooks == [nil] && snapshot.addressBookOwners.isEmpty,
                        "no address book (\(kind))"
                    )
                    try h.expect(snapshot.chatModes == [nil], "no chat-mode settings (\(kind))")
                }
            },
        ]
    }
}

/// What one read saw while writers ran.
struct ConsistencyObservation: Hashable, Sendable, CustomStringConvertible {
    var kept: Int
    var doomed: Int
    var feed: Int64
    var feedEntries: Int
    var quota: Int

    var description: String {
        "kept \(kept), doomed \(doomed), last feed sequence \(feed), feed entries \(feedEntries), quota \(quota)"
    }
}

/// A committed state with one record of every kind, and a body that changes all of them, for the rollback check.
struct RollbackSeed: Sendable {
    let channel: LineChannelID
    let month: CalendarMonth
    let key: LedgerKey
    let room: StoredRoom
    let message: StoredMessage
    let outboxEntry: OutboxEntry
    let ticket: Ticket
    let member: MemberID

    // What the rolled-back body adds.
    let newKey: LedgerKey
    let newRoom: StoredRoom
    let newMessage: StoredMessage
    let newOutboxEntry: OutboxEntry
    let newTicket: Ticket
    let otherMember: MemberID
    let otherChannel: LineChannelID

    init() throws {
        channel = try Fixtures.channel(1)
        otherChannel = try Fixtures.channel(2)
        month = CalendarMonth(year: 2025, month: 6)
        key = LedgerKey(source: "line:1650000001", eventID: "01JSEED")
        var room = try Fixtures.room("room-1", channel: channel)
        room.awaitingAnswerSince = Fixtures.time(5)
        self.room = room
        message = try Fixtures.message("m-1", room: "room-1", channel: channel)
        outboxEntry = try Fixtures.outboxEntry("o-1")
        ticket = try Fixtures.ticket("t-1", room: "room-1")
        member = try Fixtures.member("sato@example.co.jp")
        newKey = LedgerKey(source: "line:1650000001", eventID: "01JNEW")
        var newRoom = try Fixtures.room("room-2", channel: channel, user: 2)
        newRoom.awaitingAnswerSince = Fixtures.time(6)
        self.newRoom = newRoom
        newMessage = try Fixtures.message("m-2", room: "room-2", channel: channel)
        newOutboxEntry = try Fixtures.outboxEntry("o-2")
        newTicket = try Fixtures.ticket("t-2", room: "room-2")
        otherMember = try Fixtures.member("suzuki@example.co.jp")
    }

    var keys: Snapshot.Keys {
        Snapshot.Keys(
            ledger: [key, newKey],
            rooms: [room.id, newRoom.id],
            messages: [message.id, newMessage.id],
            outbox: [outboxEntry.id, newOutboxEntry.id],
            quota: [(channel, month), (channel, CalendarMonth(year: 2025, month: 7)), (otherChannel, month)],
            tickets: [ticket.id, newTicket.id],
            tenants: [Fixtures.tenant, Fixtures.otherTenant],
            members: [member, otherMember],
            channels: [channel, otherChannel]
        )
    }

    /// Makes the seed and stores it.
    static func committed(to storage: any TalkStorage) async throws -> RollbackSeed {
        let seed = try RollbackSeed()
        try await storage.write { w in
            _ = try w.insertLedgerEntry(seed.key, at: Fixtures.time(1))
            try w.saveRoom(seed.room)
            _ = try w.insertMessage(seed.message)
            try Fixtures.insert(seed.outboxEntry, in: w)
            _ = try w.appendFeedEntry(Fixtures.feedEntry("room.requested", room: "room-1"))
            _ = try w.appendFeedEntry(Fixtures.feedEntry("message.received", room: "room-1"))
            _ = try w.addQuotaUsage(5, channel: seed.channel, month: seed.month)
            _ = try w.insertTicket(seed.ticket)
            try w.saveTenantPolicy(TenantPolicy(tenant: Fixtures.tenant, plan: .free))
            var book = AddressBook()
            try book.register(.lineUser(try Fixtures.lineUser(1)), by: seed.member, at: Fixtures.time(2))
            try w.saveAddressBook(book, of: seed.member)
            try w.saveCustomerDirectory(CustomerDirectory(), of: Fixtures.tenant)
            try w.saveChatModeSettings(ChatModeSettings(isEnabled: true), channel: seed.channel)
        }
        return seed
    }

    /// Writes to every kind of record: new rows, and changes to every seeded row.
    func writeEverything(_ w: any TalkStorageWriter, _ h: StorageConformanceContext) throws {
        try h.expect(try w.insertLedgerEntry(newKey, at: Fixtures.time(10)), "a new ledger key is recorded in the body")
        try h.expect(!(try w.insertLedgerEntry(key, at: Fixtures.time(10))), "the seeded ledger key is a duplicate")
        try w.saveRoom(newRoom)
        var changedRoom = room
        changedRoom.updatedAt = Fixtures.time(11)
        changedRoom.replyToken = "token"
        changedRoom.awaitingAnswerSince = nil
        try w.saveRoom(changedRoom)
        try h.expect(try w.insertMessage(newMessage) != nil, "a new message is inserted in the body")
        _ = try w.insertMessage(try Fixtures.message("m-3", room: "room-1", channel: channel))
        var changedMessage = try h.require(try w.message(message.id), "the seeded message")
        changedMessage.text = "edited"
        changedMessage.editedAt = Fixtures.time(12)
        try w.updateMessage(changedMessage)
        _ = try w.markMessagesRead(room: room.id, direction: .inbound, through: .max, at: Fixtures.time(13))
        try Fixtures.insert(newOutboxEntry, in: w)
        var changedEntry = outboxEntry
        changedEntry.state = .sent
        changedEntry.attempts = 1
        changedEntry.requestIDs = ["req-1"]
        try w.updateOutboxEntry(changedEntry)
        _ = try w.appendFeedEntry(Fixtures.feedEntry("message.sent", room: "room-1"))
        _ = try w.appendFeedEntry(Fixtures.feedEntry("room.requested", room: "room-2"))
        _ = try w.addQuotaUsage(3, channel: channel, month: month)
        _ = try w.addQuotaUsage(1, channel: channel, month: CalendarMonth(year: 2025, month: 7))
        _ = try w.addQuotaUsage(1, channel: otherChannel, month: month)
        var closed = ticket
        closed.closedAt = Fixtures.time(14)
        try w.updateTicket(closed)
        try h.expect(try w.insertTicket(newTicket), "a ticket for the new room opens in the body")
        try w.saveTenantPolicy(try Fixtures.policy())
        try w.saveTenantPolicy(try Fixtures.policy(Fixtures.otherTenant))
        try w.saveAddressBook(try Fixtures.addressBook(owner: member), of: member)
        try w.saveAddressBook(try Fixtures.addressBook(owner: otherMember), of: otherMember)
        try w.saveCustomerDirectory(try Fixtures.customerDirectory(), of: Fixtures.tenant)
        try w.saveCustomerDirectory(try Fixtures.customerDirectory(), of: Fixtures.otherTenant)
        try w.saveChatModeSettings(try Fixtures.chatModeSettings(), channel: channel)
        try w.saveChatModeSettings(ChatModeSettings(isEnabled: false), channel: otherChannel)
    }
}
