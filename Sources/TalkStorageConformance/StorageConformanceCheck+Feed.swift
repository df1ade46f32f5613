import TalkModel
import TalkStorage

extension StorageConformanceCheck {
    /// The host's event feed: sequences 1, 2, 3… without gaps, even under concurrent appends, and paging.
    public static var feed: [StorageConformanceCheck] {
        [
            StorageConformanceCheck("feed: sequences start at 1 and grow by one") { h in
                try await h.storage.write { w in try Fixtures.ensureRoom(TalkRoomID("ルーム 1"), in: w) }
                let entries = [
                    NewFeedEntry(
                        kind: "room.requested",
                        room: TalkRoomID("ルーム 1"),
                        recordedAt: Fixtures.time(1),
                        payload: []
                    ),
                    NewFeedEntry(
                        kind: "message.received",
                        room: nil,
                        recordedAt: Timestamp(millisecondsSinceEpoch: -1_001),
                        payload: Array("{\"text\":\"こんにちは 👋\",\"n\":1}".utf8)
                    ),
                    NewFeedEntry(
                        kind: "kind with spaces/and:punctuation",
                        room: TalkRoomID("ルーム 1"),
                        recordedAt: Timestamp(millisecondsSinceEpoch: .max),
                        payload: (0..<300).map { UInt8($0 % 256) }
                    ),
                    NewFeedEntry(
                        kind: "",
                        room: nil,
                        recordedAt: Fixtures.time(4),
                        payload: Array(repeating: 0x7B, count: 70_000)
                    ),
                    Fixtures.feedEntry("message.sent"),
                ]
                var sequences: [Int64] = []
                for entry in entries[0..<3] {
                    sequences.append(try await h.storage.write { try $0.appendFeedEntry(entry) })
                }
                let rest = Array(entries[3...])
                sequences += try await h.storage.write { w in try rest.map { try w.appendFeedEntry($0) } }
                try h.expect(sequences, equals: [1, 2, 3, 4, 5], "the sequences of five appends")
                let seen = try await h.storage.read { r in
                    (try r.feedEntries(after: 0, limit: 10), try r.lastFeedSequence())
                }
                try h.expect(
                    seen.0,
                    equals: entries.enumerated().map { FeedEntry(sequence: Int64($0.offset + 1), $0.element) },
                    "the feed, every field as appended"
                )
                try h.expect(
                    seen.0.map { Array($0.kind.utf8) } == entries.map { Array($0.kind.utf8) },
                    "the kinds keep their exact bytes"
                )
                try h.expect(seen.1, equals: 5, "lastFeedSequence")
            },
            StorageConformanceCheck("feed: entries page after a sequence") { h in
                for chunk in stride(from: 0, to: 250, by: 50) {
                    try await h.storage.write { w in
                        for index in chunk..<(chunk + 50) {
                            _ = try w.appendFeedEntry(Fixtures.feedEntry("event-\(index)"))
                        }
                    }
                }
                var walked: [FeedEntry] = []
                var pageSizes: [Int] = []
                var after: Int64 = 0
                for _ in 0..<10 {
                    let cursor = after
                    let page = try await h.storage.read { try $0.feedEntries(after: cursor, limit: 100) }
                    pageSizes.append(page.count)
                    guard let last = page.last else { break }
                    walked += page
                    after = last.sequence
                }
                try h.expect(pageSizes, equals: [100, 100, 50, 0], "the page sizes walking 250 entries by 100")
                try h.expect(walked.map(\.sequence), equals: Array(1...250), "the walked sequences")
                try h.expect(walked.map(\.kind), equals: (0..<250).map { "event-\($0)" }, "the walked kinds, in order")
                let seen = try await h.storage.read { r in
                    (
                        try r.feedEntries(after: 17, limit: 3).map(\.sequence),
                        try r.feedEntries(after: 249, limit: 100).map(\.sequence),
                        try r.feedEntries(after: 250, limit: 100),
                        try r.feedEntries(after: 10_000, limit: 100),
                        try r.lastFeedSequence()
                    )
                }
                try h.expect(seen.0, equals: [18, 19, 20], "three entries after 17")
                try h.expect(seen.1, equals: [250], "the entry after 249")
                try h.expect(seen.2.isEmpty, "nothing after the last entry")
                try h.expect(seen.3.isEmpty, "nothing after a sequence beyond the feed")
                try h.expect(seen.4, equals: 250, "lastFeedSequence")
            },
            StorageConformanceCheck("feed: concurrent appends get gap-free unique sequences") { h in
                let tasks = 50
                let perTask = 4
                let results = try await withThrowingTaskGroup(of: (Int, [Int64]).self) { group in
                    for task in 0..<tasks {
                        group.addTask {
                            let sequences = try await h.storage.write { w in
                                try (0..<perTask).map { _ in try w.appendFeedEntry(Fixtures.feedEntry("task-\(task)")) }
                            }
                            return (task, sequences)
                        }
                    }
                    var results: [(Int, [Int64])] = []
                    for try await result in group { results.append(result) }
                    return results
                }
                let all = results.flatMap(\.1).sorted()
                try h.expect(all, equals: Array(1...Int64(tasks * perTask)), "every sequence once, without gaps")
                for (task, sequences) in results {
                    try h.expect(
                        zip(sequences, sequences.dropFirst()).allSatisfy { $1 == $0 + 1 },
                        "one transaction's appends are consecutive: task \(task) got \(sequences)"
                    )
                }
                let feed = try await h.storage.read { try $0.feedEntries(after: 0, limit: 1_000) }
                let owner = Dictionary(
                    uniqueKeysWithValues: results.flatMap { task, sequences in sequences.map { ($0, "task-\(task)") } }
                )
                try h.expect(feed.map(\.sequence), equals: all, "the feed's sequences")
                try h.expect(
                    feed.allSatisfy { owner[$0.sequence] == $0.kind },
                    "each entry is the one appended under its sequence"
                )
            },
        ]
    }
}
