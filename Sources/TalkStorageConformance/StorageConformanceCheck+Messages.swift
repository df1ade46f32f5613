import TalkModel
import TalkStorage

extension StorageConformanceCheck {
    /// Messages: sequence numbers, duplicates (W3), updates, scopes, paging, read marks (R16) and round trips.
    public static var messages: [StorageConformanceCheck] {
        [
            StorageConformanceCheck("messages: insertion assigns increasing sequence numbers") { h in
                var inputs = try (0..<10).map { try Fixtures.message("m-\($0)", room: "room-1") }
                // The sequence a caller passes is ignored; these would stand out if stored.
                inputs[0].sequence = -5
                inputs[3].sequence = 10_000
                let singles = inputs[0..<5]
                var stored: [StoredMessage] = []
                for message in singles {
                    let result = try await h.storage.write { w in try Fixtures.insert([message], in: w)[0] }
                    stored.append(try h.require(result, "insertMessage(\(message.id)) returned the stored message"))
                }
                let batch = Array(inputs[5...])
                let batchResults = try await h.storage.write { w in try Fixtures.insert(batch, in: w) }
                for (message, result) in zip(batch, batchResults) {
                    stored.append(try h.require(result, "insertMessage(\(message.id)) returned the stored message"))
                }
                let allStored = stored
                let sequences = stored.map(\.sequence)
                try h.expect(sequences.allSatisfy { $0 > 0 }, "every sequence > 0: \(sequences)")
                try h.expect(
                    zip(sequences, sequences.dropFirst()).allSatisfy { $0 < $1 },
                    "sequences increase: \(sequences)"
                )
                for (input, result) in zip(inputs, stored) {
                    var expected = input
                    expected.sequence = result.sequence
                    try h.expect(result, equals: expected, "the stored \(input.id) is the input with its sequence")
                }
                let seen = try await h.storage.read { r in
                    (try allStored.map { try r.message($0.id) }, try r.messages(in: .all, after: 0, limit: 100))
                }
                try h.expect(seen.0, equals: stored.map(Optional.some), "message(_:) for each")
                try h.expect(seen.1, equals: stored, "messages(in: .all) in insertion order")
            },
            StorageConformanceCheck("W3 messages: a message ID already stored is not inserted again") { h in
                let original = try Fixtures.message("m-1", room: "room-1")
                var changedTwin = try Fixtures.message(
                    "m-1",
                    room: "room-2",
                    channel: try Fixtures.channel(1),
                    direction: .outbound
                )
                changedTwin.text = "a different text"
                let twin = changedTwin
                let first = try await h.storage.write { w in try Fixtures.insert([original], in: w)[0] }
                let second = try await h.storage.write { w in try Fixtures.insert([twin], in: w)[0] }
                let inOneBody = try await h.storage.write { w in try Fixtures.insert([twin, twin], in: w) }
                let stored = try h.require(first, "the first insert stores the message")
                try h.expect(second == nil, "a second insert with the same ID answers nil")
                try h.expect(inOneBody == [nil, nil], "inserts of the ID within one body answer nil")
                let seen = try await h.storage.read { r in
                    (
                        try r.message(original.id), try r.messages(in: .all, after: 0, limit: 10),
                        try r.messages(in: .room(TalkRoomID("room-2")), after: 0, limit: 10)
                    )
                }
                try h.expect(seen.0, equals: stored, "the stored message is the first one")
                try h.expect(seen.1, equals: [stored], "one message in all")
                try h.expect(seen.2.isEmpty, "nothing in the duplicate's room")
            },
            StorageConformanceCheck("W3 messages: concurrent inserts of one message store it once") { h in
                try await h.storage.write { w in try Fixtures.ensureRoom(TalkRoomID("room-1"), in: w) }
                let results = try await withThrowingTaskGroup(of: StoredMessage?.self) { group in
                    for attempt in 0..<50 {
                        group.addTask {
                            var message = try Fixtures.message("m-race", room: "room-1")
                            message.text = "attempt \(attempt)"
                            let copy = message
                            return try await h.storage.write { try $0.insertMessage(copy) }
                        }
                    }
                    var results: [StoredMessage?] = []
                    for try await result in group { results.append(result) }
                    return results
                }
                let stored = results.compactMap { $0 }
                try h.expect(results.count, equals: 50, "the number of answers")
                try h.expect(stored.count, equals: 1, "the number of concurrent inserts that stored the message")
                let all = try await h.storage.read { try $0.messages(in: .all, after: 0, limit: 100) }
                try h.expect(all, equals: stored, "the one stored message")
            },
            StorageConformanceCheck("messages: concurrent inserts get distinct sequence numbers") { h in
                try await h.storage.write { w in try Fixtures.ensureRoom(TalkRoomID("room-1"), in: w) }
                let stored = try await withThrowingTaskGroup(of: StoredMessage?.self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            let message = try Fixtures.message("m-\(index)", room: "room-1")
                            return try await h.storage.write { try $0.insertMessage(message) }
                        }
                    }
                    var stored: [StoredMessage?] = []
                    for try await result in group { stored.append(result) }
                    return stored
                }
                let messages = stored.compactMap { $0 }
                try h.expect(messages.count, equals: 50, "every concurrent insert stored its message")
                try h.expect(Set(messages.map(\.sequence)).count, equals: 50, "the number of distinct sequences")
                let all = try await h.storage.read { try $0.messages(in: .all, after: 0, limit: 100) }
                try h.expect(all, equals: messages.sorted { $0.sequence < $1.sequence }, "all messages by sequence")
            },
            StorageConformanceCheck("messages: an update keeps the sequence number; a missing message is notFound") {
                h in
                let inputs = try ["a", "b", "c"].map { try Fixtures.message($0, room: "room-1", direction: .outbound) }
                let stored = try await h.storage.write { w in try Fixtures.insert(inputs, in: w).compactMap { $0 } }
                try h.expect(stored.count, equals: 3, "the stored messages")
                var updated = stored[1]
                updated.sequence = 0
                updated.state = .failed(reason: "invalidReplyToken")
                updated.text = "changed"
                updated.content = [1, 2, 3]
                updated.contentType = "sticker"
                updated.operatorName = "Operator 佐藤"
                updated.readAt = Fixtures.time(30)
                updated.externalID = "468789577898262530"
                updated.editedAt = Fixtures.time(31)
                updated.unsentAt = Fixtures.time(32)
                let change = updated
                try await h.storage.write { w in try w.updateMessage(change) }
                var expected = updated
                expected.sequence = stored[1].sequence
                let seen = try await h.storage.read { r in
                    (try r.message(change.id), try r.messages(in: .room(TalkRoomID("room-1")), after: 0, limit: 10))
                }
                try h.expect(seen.0, equals: expected, "the updated message, with its first sequence")
                try h.expect(seen.1, equals: [stored[0], expected, stored[2]], "the room's messages after the update")
                let missing = try Fixtures.message("never-stored", room: "room-1")
                try await h.storageError(.notFound, "updateMessage of a message never stored") {
                    try await h.storage.write { w in try w.updateMessage(missing) }
                }
                let after = try await h.storage.read { try $0.message(missing.id) }
                try h.expect(after == nil, "the failed update stored nothing")
            },
            StorageConformanceCheck("messages: scopes select one room, one channel or all") { h in
                let first = try Fixtures.channel(1)
                let second = try Fixtures.channel(2)
                let placement: [(String, LineChannelID?)] = [("r1", first), ("r2", first), ("r3", second), ("r4", nil)]
                let inputs = try (0..<20).map { index in
                    let (room, channel) = placement[index % 4]
                    return try Fixtures.message(
                        "m-\(index)",
                        room: room,
                        channel: channel,
                        direction: index % 3 == 0 ? .outbound : .inbound
                    )
                }
                let stored = try await h.storage.write { w in try Fixtures.insert(inputs, in: w).compactMap { $0 } }
                try h.expect(stored.count, equals: 20, "the stored messages")
                let third = try Fixtures.channel(3)
                let cut = stored[9].sequence
                let seen = try await h.storage.read { r in
                    (
                        try ["r1", "r2", "r3", "r4", "r5"].map {
                            try r.messages(in: .room(TalkRoomID($0)), after: 0, limit: 100)
                        },
                        try [first, second, third].map { try r.messages(in: .channel($0), after: 0, limit: 100) },
                        try r.messages(in: .all, after: 0, limit: 100),
                        try r.messages(in: .room(TalkRoomID("r2")), after: cut, limit: 100),
                        try r.messages(in: .channel(first), after: cut, limit: 3)
                    )
                }
                for (index, room) in ["r1", "r2", "r3", "r4", "r5"].enumerated() {
                    try h.expect(
                        seen.0[index],
                        equals: stored.filter { $0.room.rawValue == room },
                        "messages(in: .room(\(room)))"
                    )
                }
                try h.expect(seen.1[0], equals: stored.filter { $0.channel == first }, "messages(in: .channel(first))")
                try h.expect(
                    seen.1[1],
                    equals: stored.filter { $0.channel == second },
                    "messages(in: .channel(second))"
                )
                try h.expect(seen.1[2].isEmpty, "nothing in a channel without messages")
                try h.expect(seen.2, equals: stored, "messages(in: .all)")
                try h.expect(
                    seen.3,
                    equals: stored.filter { $0.room.rawValue == "r2" && $0.sequence > cut },
                    "r2's messages after the 10th message's sequence"
                )
                try h.expect(
                    seen.4,
                    equals: Array(stored.filter { $0.channel == first && $0.sequence > cut }.prefix(3)),
                    "three of the first channel's messages after the 10th message's sequence"
                )
            },
            StorageConformanceCheck("messages: 2,500 messages page by sequence, each once and in order") { h in
                let channel = try Fixtures.channel(1)
                let placement: [(String, LineChannelID?)] = [("A", channel), ("B", channel), ("C", nil)]
                var inserted: [StoredMessage] = []
                for chunk in 0..<25 {
                    let inputs = try (0..<100).map { offset in
                        let index = chunk * 100 + offset
                        let (room, channel) = placement[index % 3]
                        return try Fixtures.message(
                            "m-\(index)",
                            room: room,
                            channel: channel,
                            at: Fixtures.time(Int64(index))
                        )
                    }
                    let stored = try await h.storage.write { w in try Fixtures.insert(inputs, in: w).compactMap { $0 } }
                    inserted += stored
                }
                try h.expect(inserted.count, equals: 2_500, "the stored messages")
                for (scope, name) in [
                    (MessageScope.all, "all"), (.room(TalkRoomID("B")), "room B"), (.channel(channel), "the channel"),
                ] {
                    var walked: [StoredMessage] = []
                    var after: Int64 = 0
                    var pages = 0
                    while true {
                        let cursor = after
                        let page = try await h.storage.read { try $0.messages(in: scope, after: cursor, limit: 100) }
                        try h.expect(page.count <= 100, "a page of \(name) holds at most 100")
                        guard let last = page.last else { break }
                        walked += page
                        after = last.sequence
                        pages += 1
                        try h.expect(pages <= 30, "walking \(name) ends")
                    }
                    let expected = inserted.filter { scope.covers($0) }
                    try h.expect(
                        walked.map(\.id) == expected.map(\.id),
                        "walking \(name) by 100 gives its \(expected.count) messages once each, in order (got \(walked.count))"
                    )
                    try h.expect(walked == expected, "the walked messages of \(name) equal the stored ones")
                    try h.expect(pages, equals: (expected.count + 99) / 100, "the pages of \(name)")
                }
            },
            StorageConformanceCheck(
                "R16 messages: marking read counts only unread messages of that direction up to the sequence"
            ) { h in
                let layout: [(String, String, MessageDirection)] = [
                    ("in-1", "r1", .inbound), ("out-1", "r1", .outbound), ("in-2", "r1", .inbound),
                    ("other-1", "r2", .inbound), ("in-3", "r1", .inbound), ("out-2", "r1", .outbound),
                    ("in-4", "r1", .inbound), ("out-3", "r1", .outbound), ("other-2", "r2", .inbound),
                ]
                var layoutMessages = try layout.map { try Fixtures.message($0.0, room: $0.1, direction: $0.2) }
                let earlier = Fixtures.time(5)
                layoutMessages[2].readAt = earlier
                let inputs = layoutMessages
                let stored = try await h.storage.write { w in try Fixtures.insert(inputs, in: w).compactMap { $0 } }
                try h.expect(stored.count, equals: layout.count, "the stored messages")
                let in3 = stored[4].sequence
                let out2 = stored[5].sequence
                let r1 = TalkRoomID("r1")
                let marked = try await h.storage.write { w in
                    (
                        try w.markMessagesRead(room: r1, direction: .inbound, through: in3, at: Fixtures.time(50)),
                        try w.markMessagesRead(room: r1, direction: .inbound, through: in3, at: Fixtures.time(51))
                    )
                }
                try h.expect(
                    marked.0,
                    equals: 2,
                    "inbound messages newly read through in-3 (in-1 and in-3; in-2 was read)"
                )
                try h.expect(marked.1, equals: 0, "marking the same range again")
                let readAt = try await h.storage.read { r in
                    try layout.map { try r.message(TalkMessageID($0.0))?.readAt }
                }
                let fifty = Fixtures.time(50)
                try h.expect(
                    readAt,
                    equals: [fifty, nil, earlier, nil, fifty, nil, nil, nil, nil],
                    "readAt of every message after marking r1's inbound through in-3"
                )
                let more = try await h.storage.write { w in
                    (
                        try w.markMessagesRead(room: r1, direction: .outbound, through: out2, at: Fixtures.time(60)),
                        try w.markMessagesRead(room: r1, direction: .inbound, through: .max, at: Fixtures.time(61)),
                        try w.markMessagesRead(
                            room: TalkRoomID("r3"),
                            direction: .inbound,
                            through: .max,
                            at: Fixtures.time(62)
                        ),
                        try w.markMessagesRead(
                            room: TalkRoomID("r2"),
                            direction: .inbound,
                            through: 0,
                            at: Fixtures.time(63)
                        )
                    )
                }
                try h.expect(more.0, equals: 2, "outbound messages newly read through out-2")
                try h.expect(more.1, equals: 1, "inbound messages newly read through the end (in-4)")
                try h.expect(more.2, equals: 0, "marking a room without messages")
                try h.expect(more.3, equals: 0, "marking through sequence 0")
                let final = try await h.storage.read { r in
                    try layout.map { try r.message(TalkMessageID($0.0))?.readAt }
                }
                let sixty = Fixtures.time(60)
                try h.expect(
                    final,
                    equals: [fifty, sixty, earlier, nil, fifty, sixty, Fixtures.time(61), nil, nil],
                    "readAt of every message at the end"
                )
            },
            StorageConformanceCheck("messages: every field and state round-trips") { h in
                let inputs = try messageVariety()
                let stored = try await h.storage.write { w in try Fixtures.insert(inputs, in: w) }
                for (input, result) in zip(inputs, stored) {
                    var expected = input
                    expected.sequence = try h.require(result, "insertMessage(\(input.id))").sequence
                    let read = try await h.storage.read { try $0.message(input.id) }
                    try expectSame(h, read, expected, "message \(input.id) as read back")
                }
                // Updating moves every optional field the other way: set ones are cleared, empty ones set.
                let reread = try await h.storage.read { r in try inputs.compactMap { try r.message($0.id) } }
                try h.expect(reread.count, equals: inputs.count, "every message reads back")
                let flipped = reread.map(flip)
                try await h.storage.write { w in
                    for message in flipped { try w.updateMessage(message) }
                }
                for message in flipped {
                    let read = try await h.storage.read { try $0.message(message.id) }
                    try expectSame(h, read, message, "message \(message.id) after an update")
                }
            },
        ]
    }

    /// Compares messages with `==` and their texts by UTF-8 bytes: `String`'s `==` treats canonically
    /// equivalent texts as equal, which would hide a store that normalizes Unicode.
    static func expectSame(
        _ h: StorageConformanceContext,
        _ read: StoredMessage?,
        _ expected: StoredMessage,
        _ what: String,
        line: Int = #line
    ) throws(StorageConformanceFailure) {
        let message = try h.require(read, "\(what) exists", line: line)
        try h.expect(message, equals: expected, what, line: line)
        let texts = [
            (message.text, expected.text), (message.contentType, expected.contentType),
            (message.operatorName ?? "", expected.operatorName ?? ""),
            (message.externalID ?? "", expected.externalID ?? ""),
            (message.markAsReadToken ?? "", expected.markAsReadToken ?? ""),
        ]
        for (actual, wanted) in texts {
            try h.expect(
                Array(actual.utf8) == Array(wanted.utf8),
                "\(what): its texts keep their exact bytes",
                line: line
            )
        }
        if case .held(let actual) = message.state, case .held(let wanted) = expected.state {
            try h.expect(
                Array(actual.utf8) == Array(wanted.utf8),
                "\(what): the held reason keeps its bytes",
                line: line
            )
        }
    }

    /// Messages covering every state, both directions, both kinds of sender, every optional field, odd texts
    /// and contents from empty to 64 KiB.
    static func messageVariety() throws -> [StoredMessage] {
        let channel = try Fixtures.channel(1)
        let states: [StoredMessage.State] = [
            .delivered, .held(reason: "room-pending"), .held(reason: ""), .held(reason: "保留 🚫"), .queued, .sent,
            .uncertain, .failed(reason: "invalidReplyToken"), .failed(reason: ""),
        ]
        let texts = [
            "",
            "こんにちは、世界",
            "👩‍👩‍👧‍👦 family, 🇯🇵 flag, 🏳️‍🌈 and a skin tone 👍🏽",
            "e\u{301} decomposed, \u{E9} composed, \u{212B} angstrom sign",
            "\u{202E}right-to-left override\u{202C} and \u{200B}zero\u{200D}width",
            "quotes ' \" \\ `ticks`; DROP TABLE messages; -- %s %d ${x} $(LINE_EMOJI:5ac1bfd5040ab15980c9b435:001)",
            "tab\tnew\nline\r\nform\u{0C}feed \u{01}\u{1F} controls",
            "noncharacters \u{FFFE}\u{FFFF} \u{10FFFF} and replacement \u{FFFD}",
            String(repeating: "長い文章。", count: 4_000),
        ]
        let allBytes = (0..<512).map { UInt8($0 % 256) }
        let large = (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let contents: [[UInt8]] = [[], Array("{\"type\":\"text\",\"text\":\"hi\"}".utf8), allBytes, large]
        var messages: [StoredMessage] = []
        for (index, state) in states.enumerated() {
            let direction: MessageDirection = index % 2 == 0 ? .inbound : .outbound
            let sender: Party =
                index % 3 == 0
                ? .lineUser(try Fixtures.lineUser(index + 1))
                : .workspaceUser(try Fixtures.member("user\(index)@partner.example.jp"))
            var message = StoredMessage(
                id: TalkMessageID(index == 0 ? "line:468789577898262530" : "msg \(index) ✉️"),
                room: TalkRoomID(index % 2 == 0 ? "room-1" : "ルーム-2"),
                channel: index % 4 == 3 ? nil : channel,
                direction: direction,
                sender: sender,
                sentAt: Timestamp(millisecondsSinceEpoch: index == 4 ? -86_400_123 : 1_750_000_000_123 + Int64(index)),
                contentType: index == 5 ? "futureType-未知" : "text",
                content: contents[index % contents.count],
                text: texts[index % texts.count],
                state: state
            )
            if index % 2 == 1 {
                message.operatorName = "佐藤 (Sato)"
                message.readAt = Timestamp(millisecondsSinceEpoch: 1_750_000_001_999)
                message.externalID = "ext-\(index)"
                message.markAsReadToken = "mark-\(index)-\u{1F4E9}"
                message.editedAt = Timestamp(millisecondsSinceEpoch: .max)
                message.unsentAt = Timestamp(millisecondsSinceEpoch: .min)
            }
            messages.append(message)
        }
        return messages
    }

    /// The message with every optional field flipped between set and unset, and new text and content.
    static func flip(_ message: StoredMessage) -> StoredMessage {
        var flipped = message
        let isSet = message.operatorName != nil
        flipped.operatorName = isSet ? nil : "Operator 鈴木"
        flipped.readAt = isSet ? nil : Timestamp(millisecondsSinceEpoch: 1_750_000_100_001)
        flipped.externalID = isSet ? nil : "external"
        flipped.markAsReadToken = isSet ? nil : "token"
        flipped.editedAt = isSet ? nil : Timestamp(millisecondsSinceEpoch: 1_750_000_100_002)
        flipped.unsentAt = isSet ? nil : Timestamp(millisecondsSinceEpoch: 1_750_000_100_003)
        flipped.text = message.text.isEmpty ? "now set" : ""
        flipped.content = message.content.isEmpty ? [0, 255, 0] : []
        flipped.contentType = "image"
        return flipped
    }
}

extension MessageScope {
    /// Whether the scope covers a message, as the checks expect a store to decide.
    fileprivate func covers(_ message: StoredMessage) -> Bool {
        switch self {
        case .room(let room): message.room == room
        case .channel(let channel): message.channel == channel
        case .all: true
        }
    }
}
