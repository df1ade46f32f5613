import TalkModel
import TalkStorage

extension StorageConformanceCheck {
    /// The outbox: round trips, unique IDs and retry keys, updates, due entries and listing by state.
    public static var outbox: [StorageConformanceCheck] {
        [
            StorageConformanceCheck("outbox: an entry reads back with every field") { h in
                let entries = try outboxVariety()
                try await h.storage.write { w in
                    for entry in entries { try Fixtures.insert(entry, in: w) }
                }
                let read = try await h.storage.read { r in try entries.map { try r.outboxEntry($0.id) } }
                for (entry, stored) in zip(entries, read) {
                    try h.expect(stored, equals: entry, "outboxEntry(\(entry.id))")
                }
                // Every optional field the other way round, through an update.
                let flipped = entries.map { entry in
                    var flipped = entry
                    let isSet = entry.replyToken != nil
                    flipped.replyToken = isSet ? nil : "fresh-token"
                    flipped.replyTokenReceivedAt = isSet ? nil : Fixtures.time(77)
                    flipped.lastError = isSet ? nil : "rateLimited"
                    flipped.requestIDs = entry.requestIDs.isEmpty ? ["req-after"] : []
                    flipped.attempts = entry.attempts + 1
                    return flipped
                }
                try await h.storage.write { w in
                    for entry in flipped { try w.updateOutboxEntry(entry) }
                }
                let reread = try await h.storage.read { r in try flipped.map { try r.outboxEntry($0.id) } }
                for (entry, stored) in zip(flipped, reread) {
                    try h.expect(stored, equals: entry, "outboxEntry(\(entry.id)) after an update")
                }
            },
            StorageConformanceCheck("outbox: a taken ID or retry key is a conflict") { h in
                let original = try Fixtures.outboxEntry("o-1", retryKey: "key-1")
                try await h.storage.write { w in try Fixtures.insert(original, in: w) }
                var sameID = try Fixtures.outboxEntry("o-1", retryKey: "key-2", message: "message-of-o-1")
                sameID.attempts = 3
                let sameKey = try Fixtures.outboxEntry("o-2", retryKey: "key-1", message: "message-of-o-1")
                let sameIDCopy = sameID
                try await h.storageError(.conflict, "insertOutboxEntry with a taken ID") {
                    try await h.storage.write { w in try w.insertOutboxEntry(sameIDCopy) }
                }
                try await h.storageError(.conflict, "insertOutboxEntry with a taken retry key") {
                    try await h.storage.write { w in try w.insertOutboxEntry(sameKey) }
                }
                let seen = try await h.storage.read { r in
                    (
                        try r.outboxEntry(original.id), try r.outboxEntry(sameKey.id),
                        try r.outboxEntries(in: .pending, after: nil, limit: 10)
                    )
                }
                try h.expect(seen.0, equals: original, "the entry under the taken ID is the first one")
                try h.expect(seen.1 == nil, "the entry with the taken retry key is not stored")
                try h.expect(seen.2, equals: [original], "one pending entry")
            },
            StorageConformanceCheck("outbox: concurrent inserts with one retry key store one entry") { h in
                try await h.storage.write { w in
                    try Fixtures.ensureParents(of: try Fixtures.outboxEntry("o-0", message: "m-1"), in: w)
                }
                let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            let entry = try Fixtures.outboxEntry("o-\(index)", retryKey: "shared-key", message: "m-1")
                            do {
                                try await h.storage.write { w in try w.insertOutboxEntry(entry) }
                                return true
                            } catch let error as TalkStorageError where error.code == .conflict {
                                return false
                            }
                        }
                    }
                    var outcomes: [Bool] = []
                    for try await outcome in group { outcomes.append(outcome) }
                    return outcomes
                }
                try h.expect(
                    outcomes.filter { $0 }.count,
                    equals: 1,
                    "the inserts that succeeded; the others are conflicts"
                )
                let pending = try await h.storage.read { try $0.outboxEntries(in: .pending, after: nil, limit: 100) }
                try h.expect(pending.count, equals: 1, "the entries stored")
            },
            StorageConformanceCheck("outbox: an update replaces the entry; a missing entry is notFound") { h in
                let entries = try ["o-1", "o-2"].map { try Fixtures.outboxEntry($0) }
                try await h.storage.write { w in
                    for entry in entries { try Fixtures.insert(entry, in: w) }
                }
                var updated = entries[0]
                updated.state = .uncertain
                updated.replyStatus = .unconfirmed
                updated.attempts = 2
                updated.nextAttemptAt = Fixtures.time(90)
                updated.lastError = "timeout"
                updated.requestIDs = ["req-1", "req-2"]
                let change = updated
                try await h.storageError(.notFound, "updateOutboxEntry of an entry never stored") {
                    try await h.storage.write { w in try w.updateOutboxEntry(try Fixtures.outboxEntry("o-missing")) }
                }
                try await h.storage.write { w in try w.updateOutboxEntry(change) }
                let seen = try await h.storage.read { r in
                    (
                        try r.outboxEntry(change.id), try r.outboxEntry(entries[1].id),
                        try r.outboxEntry(OutboxEntryID("o-missing")),
                        try r.outboxEntries(in: .uncertain, after: nil, limit: 10),
                        try r.outboxEntries(in: .pending, after: nil, limit: 10)
                    )
                }
                try h.expect(seen.0, equals: updated, "the updated entry")
                try h.expect(seen.1, equals: entries[1], "the other entry, untouched")
                try h.expect(seen.2 == nil, "the failed update stored nothing")
                try h.expect(seen.3, equals: [updated], "the uncertain entries")
                try h.expect(seen.4, equals: [entries[1]], "the pending entries")
            },
            StorageConformanceCheck("outbox: due entries are pending ones due by the time, earliest first") { h in
                let layout: [(String, OutboxEntry.State, Int64)] = [
                    ("e1", .pending, 30), ("e2", .pending, 10), ("e3", .sent, 5), ("e4", .pending, 20),
                    ("e5", .pending, 25), ("e6", .failed, 1), ("e7", .uncertain, 2), ("e8", .pending, 15),
                ]
                let entries = try layout.enumerated().map { index, item in
                    var entry = try Fixtures.outboxEntry(item.0, at: Fixtures.time(Int64(index)))
                    entry.state = item.1
                    entry.nextAttemptAt = Fixtures.time(item.2)
                    return entry
                }
                try await h.storage.write { w in
                    for entry in entries { try Fixtures.insert(entry, in: w) }
                }
                let byID = Dictionary(uniqueKeysWithValues: entries.map { ($0.id.rawValue, $0) })
                let seen = try await h.storage.read { r in
                    (
                        try r.dueOutboxEntries(at: Fixtures.time(20), limit: 100),
                        try r.dueOutboxEntries(at: Fixtures.time(20), limit: 2),
                        try r.dueOutboxEntries(at: Fixtures.time(9), limit: 100),
                        try r.dueOutboxEntries(at: Timestamp(millisecondsSinceEpoch: .max), limit: 100)
                    )
                }
                try h.expect(
                    seen.0.map(\.id.rawValue),
                    equals: ["e2", "e8", "e4"],
                    "entries due at 20 s, earliest first"
                )
                try h.expect(seen.0, equals: ["e2", "e8", "e4"].compactMap { byID[$0] }, "the due entries' fields")
                try h.expect(seen.1.map(\.id.rawValue), equals: ["e2", "e8"], "the two earliest due entries")
                try h.expect(seen.2.isEmpty, "no entry is due before the earliest")
                try h.expect(
                    seen.3.map(\.id.rawValue),
                    equals: ["e2", "e8", "e4", "e5", "e1"],
                    "every pending entry, earliest first"
                )
                var sent = try h.require(byID["e2"], "e2")
                sent.state = .sent
                let change = sent
                try await h.storage.write { w in try w.updateOutboxEntry(change) }
                let after = try await h.storage.read { try $0.dueOutboxEntries(at: Fixtures.time(20), limit: 100) }
                try h.expect(after.map(\.id.rawValue), equals: ["e8", "e4"], "due entries once e2 is sent")
            },
            StorageConformanceCheck("outbox: entries of a state page in creation order") { h in
                // IDs unrelated to creation order, so that a store sorting by ID gives a different order.
                let entries = try (0..<30).map { index in
                    var entry = try Fixtures.outboxEntry(
                        "o-\(String(1000 + index * 7919 % 1000).dropFirst())",
                        at: Fixtures.time(Int64(index))
                    )
                    if index % 3 == 0 { entry.state = .sent }
                    return entry
                }
                for entry in entries {
                    try await h.storage.write { w in try Fixtures.insert(entry, in: w) }
                }
                try await expectOutboxWalk(h, .pending, equals: entries.filter { $0.state == .pending })
                try await expectOutboxWalk(h, .sent, equals: entries.filter { $0.state == .sent })
                try await expectOutboxWalk(h, .failed, equals: [])
                // Updated latest first: the listing keeps creation order, not the order of the updates.
                var changed = entries
                for index in stride(from: 28, through: 1, by: -3) {
                    changed[index].state = .failed
                    let change = changed[index]
                    try await h.storage.write { w in try w.updateOutboxEntry(change) }
                }
                try await expectOutboxWalk(h, .pending, equals: changed.filter { $0.state == .pending })
                try await expectOutboxWalk(h, .failed, equals: changed.filter { $0.state == .failed })
                // A cursor from another state's list still means "created after it".
                let cursor = changed[12].id
                let afterSent = try await h.storage.read { try $0.outboxEntries(in: .pending, after: cursor, limit: 3) }
                try h.expect(
                    afterSent,
                    equals: Array(changed[13...].filter { $0.state == .pending }.prefix(3)),
                    "pending entries created after a sent entry"
                )
            },
        ]
    }

    /// Walks the entries of a state four at a time and compares them with those expected, in order.
    static func expectOutboxWalk(
        _ h: StorageConformanceContext,
        _ state: OutboxEntry.State,
        equals expected: [OutboxEntry],
        line: Int = #line
    ) async throws {
        var walked: [OutboxEntry] = []
        var cursor: OutboxEntryID?
        for _ in 0..<20 {
            let after = cursor
            let page = try await h.storage.read { try $0.outboxEntries(in: state, after: after, limit: 4) }
            try h.expect(page.count <= 4, "a page of \(state) entries holds at most 4", line: line)
            guard let last = page.last else { break }
            walked += page
            cursor = last.id
        }
        try h.expect(
            walked.map(\.id),
            equals: expected.map(\.id),
            "the \(state) entries walked by 4, in creation order",
            line: line
        )
        try h.expect(walked == expected, "the walked \(state) entries' fields", line: line)
    }

    /// Entries with both destinations, every state and reply status, and optional fields set and unset.
    static func outboxVariety() throws -> [OutboxEntry] {
        let states = OutboxEntry.State.allCases
        let replies = OutboxEntry.ReplyStatus.allCases
        return try (0..<9).map { index in
            let destination: OutboxDestination =
                switch index % 3 {
                case 0: .line(channel: try Fixtures.channel(index + 1), user: try Fixtures.lineUser(index + 1).userID)
                case 1:
                    .federation(
                        peer: Fixtures.otherTenant,
                        member: try Fixtures.member("user\(index)@partner.example.jp")
                    )
                default: .works(bot: "bot-\(index)", user: "Works-User-\(index)@partner.example.jp")
                }
            var entry = OutboxEntry(
                id: OutboxEntryID("outbox \(index) 📤"),
                message: TalkMessageID("message-\(index)"),
                room: TalkRoomID(["room-line", "room-federation", "room-works"][index % 3]),
                destination: destination,
                retryKey: "123e4567-e89b-12d3-a456-42661417400\(index)",
                createdAt: Timestamp(millisecondsSinceEpoch: 1_750_000_000_007 + Int64(index))
            )
            entry.state = states[index % states.count]
            entry.replyStatus = replies[(index / 2) % replies.count]
            entry.attempts = index * 1_000
            entry.nextAttemptAt = Timestamp(
                millisecondsSinceEpoch: index == 7 ? .max : 1_750_000_060_001 + Int64(index)
            )
            // A notice to a peer tenant carries its request; any bytes, including none.
            if index % 3 == 1 {
                entry.payload = index == 4 ? [] : Array("{\"kind\":\"accept\",\"n\":\(index)}".utf8) + [0, 255]
            }
            if index % 3 != 2 {
                entry.replyToken = "reply-token-\(index)"
                entry.replyTokenReceivedAt = Timestamp(millisecondsSinceEpoch: 1_749_999_999_999 - Int64(index))
                entry.lastError = index == 0 ? "ネットワーク error" : "http-\(400 + index)"
                entry.requestIDs = index == 0 ? ["req-a", "req-b", "req-a"] : ["req-\(index)"]
            }
            return entry
        }
    }
}
