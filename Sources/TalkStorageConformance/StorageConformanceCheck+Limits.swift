import TalkModel
import TalkStorage

extension StorageConformanceCheck {
    /// The limits of every listing query: negative is an invalid argument, zero gives nothing, and any limit
    /// beyond the data, up to `Int.max`, gives everything.
    public static var limits: [StorageConformanceCheck] {
        [
            StorageConformanceCheck("limits: a negative limit is an invalid argument") { h in
                try await seedEveryList(h.storage)
                for limit in [-1, Int.min] {
                    for (name, query) in try listQueries(limit: limit) {
                        try await h.storageError(.invalidArgument, "\(name) with limit \(limit) in a read") {
                            try await h.storage.read { r in try query(r).count }
                        }
                    }
                }
                // In a write transaction too; the error leaves the data as it was.
                for (name, query) in try listQueries(limit: -1) {
                    try await h.storageError(.invalidArgument, "\(name) with limit -1 in a write") {
                        try await h.storage.write { w in try query(w).count }
                    }
                }
                let counts = try await h.storage.read { r in try Self.listQueries(limit: 100).map { try $0.1(r).count }
                }
                try h.expect(
                    counts,
                    equals: Array(repeating: 3, count: counts.count),
                    "every list still holds its 3 items"
                )
            },
            StorageConformanceCheck("limits: a zero limit returns nothing") { h in
                try await seedEveryList(h.storage)
                let counts = try await h.storage.read { r in try Self.listQueries(limit: 0).map { try $0.1(r).count } }
                let names = try listQueries(limit: 0).map(\.0)
                try h.expect(
                    counts,
                    equals: Array(repeating: 0, count: names.count),
                    "the counts with limit 0 of \(names)"
                )
            },
            StorageConformanceCheck("limits: a limit beyond the data, up to Int.max, returns everything") { h in
                try await seedEveryList(h.storage)
                let names = try listQueries(limit: 0).map(\.0)
                for limit in [3, 4, 1_000_000, Int.max - 1, Int.max] {
                    let counts = try await h.storage.read { r in
                        try Self.listQueries(limit: limit).map { try $0.1(r).count }
                    }
                    try h.expect(
                        counts,
                        equals: Array(repeating: 3, count: names.count),
                        "the counts with limit \(limit) of \(names)"
                    )
                }
                let two = try await h.storage.read { r in try Self.listQueries(limit: 2).map { try $0.1(r).count } }
                try h.expect(
                    two,
                    equals: Array(repeating: 2, count: names.count),
                    "the counts with limit 2 of \(names)"
                )
            },
        ]
    }

    /// Every listing query of ``TalkStorageReader``, with a limit, each over the lists ``seedEveryList(_:)``
    /// fills with three items.
    static func listQueries(limit: Int) throws -> [(String, @Sendable (any TalkStorageReader) throws -> [Any])] {
        let channel = try Fixtures.channel(1)
        return [
            ("rooms(after:limit:)", { try $0.rooms(after: nil, limit: limit) }),
            (
                "roomsAwaitingAnswer(since:limit:)",
                { try $0.roomsAwaitingAnswer(since: Fixtures.time(1_000), limit: limit) }
            ),
            ("messages(in: .all, after:limit:)", { try $0.messages(in: .all, after: 0, limit: limit) }),
            (
                "messages(in: .room, after:limit:)",
                { try $0.messages(in: .room(TalkRoomID("room-1")), after: 0, limit: limit) }
            ),
            (
                "messages(in: .channel, after:limit:)",
                { try $0.messages(in: .channel(channel), after: 0, limit: limit) }
            ),
            ("dueOutboxEntries(at:limit:)", { try $0.dueOutboxEntries(at: Fixtures.time(1_000), limit: limit) }),
            ("outboxEntries(in:after:limit:)", { try $0.outboxEntries(in: .pending, after: nil, limit: limit) }),
            ("feedEntries(after:limit:)", { try $0.feedEntries(after: 0, limit: limit) }),
            ("tickets(after:limit:)", { try $0.tickets(after: nil, limit: limit) }),
            ("addressBookOwners(after:limit:)", { try $0.addressBookOwners(after: nil, limit: limit) }),
        ]
    }

    /// Fills every list with three items: three waiting rooms, three messages in `room-1`, three pending due
    /// outbox entries, three feed entries, three closed tickets and three address books.
    static func seedEveryList(_ storage: any TalkStorage) async throws {
        try await storage.write { w in
            for index in 1...3 {
                try w.saveRoom(
                    try Fixtures.waitingRoom("room-\(index)", since: Fixtures.time(Int64(index)), user: index)
                )
                _ = try w.insertMessage(
                    try Fixtures.message("m-\(index)", room: "room-1", channel: try Fixtures.channel(1))
                )
                try w.insertOutboxEntry(try Fixtures.outboxEntry("o-\(index)", message: "m-\(index)"))
                _ = try w.appendFeedEntry(Fixtures.feedEntry("event-\(index)", room: "room-\(index)"))
                var ticket = try Fixtures.ticket("t-\(index)", room: "room-\(index)")
                _ = try w.insertTicket(ticket)
                // Closed, so that the rooms still await an answer.
                ticket.closedAt = Fixtures.time(200)
                try w.updateTicket(ticket)
                try w.saveAddressBook(AddressBook(), of: try Fixtures.member("member\(index)@example.co.jp"))
            }
        }
    }
}
