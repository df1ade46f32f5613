import TalkModel
import TalkStorage

extension StorageConformanceCheck {
    /// Rooms: every field and room state round-trips, saving replaces, listing pages in ID byte order, and the
    /// rooms awaiting an answer leave out those with an open ticket (R29).
    public static var rooms: [StorageConformanceCheck] {
        [
            StorageConformanceCheck("rooms: a saved room reads back with every field") { h in
                let rooms = try roomVariety()
                try await h.storage.write { w in
                    for room in rooms { try w.saveRoom(room) }
                }
                let seen = try await h.storage.read { r in
                    (try rooms.map { try r.room($0.id) }, try r.rooms(after: nil, limit: 100))
                }
                for (room, stored) in zip(rooms, seen.0) {
                    try h.expect(stored, equals: room, "room(\(room.id))")
                    try h.expect(
                        stored.map { Array($0.id.rawValue.utf8) } == Array(room.id.rawValue.utf8),
                        "room \(room.id)'s ID keeps its exact bytes"
                    )
                }
                try h.expect(seen.1, equals: rooms.sorted { $0.id < $1.id }, "rooms(after: nil) lists every room")
            },
            StorageConformanceCheck("rooms: saving a room again replaces it") { h in
                let original = try Fixtures.room("room-1", channel: try Fixtures.channel(1), member: nil)
                let other = try Fixtures.room("room-2")
                try await h.storage.write { w in
                    try w.saveRoom(original)
                    try w.saveRoom(other)
                }
                var changed = original
                changed.channel = try Fixtures.channel(2)
                changed.member = try Fixtures.member("sato@example.co.jp")
                _ = try changed.room.accept()
                _ = changed.room.receive()
                changed.updatedAt = Fixtures.time(60)
                changed.replyToken = "reply-token-2"
                changed.replyTokenReceivedAt = Fixtures.time(59)
                changed.awaitingAnswerSince = Fixtures.time(59)
                let replacement = changed
                try await h.storage.write { w in try w.saveRoom(replacement) }
                var cleared = changed
                cleared.replyToken = nil
                cleared.replyTokenReceivedAt = nil
                cleared.awaitingAnswerSince = nil
                cleared.member = nil
                cleared.channel = nil
                let clearedReplacement = cleared
                let afterChange = try await h.storage.read { r in
                    (try r.room(original.id), try r.rooms(after: nil, limit: 10))
                }
                try await h.storage.write { w in try w.saveRoom(clearedReplacement) }
                let afterClear = try await h.storage.read { r in
                    (try r.room(original.id), try r.rooms(after: nil, limit: 10))
                }
                try h.expect(afterChange.0, equals: changed, "the replaced room")
                try h.expect(afterChange.1, equals: [changed, other], "the rooms after replacing one")
                try h.expect(afterClear.0, equals: cleared, "the room with its optional fields cleared")
                try h.expect(afterClear.1.count, equals: 2, "the number of rooms after replacing twice")
            },
            StorageConformanceCheck("rooms: 250 rooms page in ID byte order") { h in
                // Byte order, as TalkRoomID sorts: upper case before lower case, digits by character, not by
                // number, and non-ASCII after ASCII, by UTF-8 bytes.
                let odd = ["ROOM", "Room-A", "room-1", "room-10", "room_x", "a b", "é-room", "ß", "日本", "😀", "zz"]
                let ids = (0..<(250 - odd.count)).map { "room-\(String(1000 + $0 * 7 % 1000).dropFirst())" } + odd
                let expected = ids.map(TalkRoomID.init(_:)).sorted()
                try h.expect(Set(expected).count, equals: 250, "the fixture's distinct IDs")
                // Stored in a scrambled order, in several transactions.
                let scrambled = (0..<250).map { ids[($0 * 101) % 250] }
                for chunk in stride(from: 0, to: 250, by: 60) {
                    let part = Array(scrambled[chunk..<min(chunk + 60, 250)])
                    try await h.storage.write { w in
                        for id in part { try w.saveRoom(try Fixtures.room(id)) }
                    }
                }
                var walked: [TalkRoomID] = []
                var pageSizes: [Int] = []
                var cursor: TalkRoomID?
                for _ in 0..<10 {
                    let after = cursor
                    let page = try await h.storage.read { try $0.rooms(after: after, limit: 100) }
                    pageSizes.append(page.count)
                    guard let last = page.last else { break }
                    walked += page.map(\.id)
                    cursor = last.id
                }
                try h.expect(pageSizes, equals: [100, 100, 50, 0], "the page sizes walking 250 rooms by 100")
                try h.expect(walked, equals: expected, "the rooms walked, in ID byte order, each once")
                let middle = try await h.storage.read { try $0.rooms(after: expected[123], limit: 7).map(\.id) }
                try h.expect(middle, equals: Array(expected[124..<131]), "7 rooms after the 124th")
                let unstoredCursor = TalkRoomID("room-5555")
                let afterUnstored = try await h.storage.read { try $0.rooms(after: unstoredCursor, limit: 3).map(\.id) }
                try h.expect(
                    afterUnstored,
                    equals: Array(expected.filter { unstoredCursor < $0 }.prefix(3)),
                    "rooms after an ID that is not stored"
                )
                let afterLast = try await h.storage.read { try $0.rooms(after: expected[249], limit: 100) }
                try h.expect(afterLast.isEmpty, "no room after the last")
            },
            StorageConformanceCheck("R29 rooms: rooms awaiting an answer come oldest first, without an open ticket") {
                h in
                let waits: [(String, Int64?)] = [
                    ("a", 10), ("b", 5), ("c", 30), ("d", nil), ("e", 20), ("f", 1), ("g", 2), ("h", 15),
                ]
                try await h.storage.write { w in
                    for (index, wait) in waits.enumerated() {
                        try w.saveRoom(
                            try Fixtures.waitingRoom(wait.0, since: wait.1.map(Fixtures.time), user: index + 1)
                        )
                    }
                    _ = try w.insertTicket(try Fixtures.ticket("t-f", room: "f"))
                    var closed = try Fixtures.ticket("t-g", room: "g")
                    _ = try w.insertTicket(closed)
                    closed.closedAt = Fixtures.time(3)
                    try w.updateTicket(closed)
                }
                let cutoff = Fixtures.time(20)
                let first = try await h.storage.read { r in
                    (
                        try r.roomsAwaitingAnswer(since: cutoff, limit: 100).map(\.id.rawValue),
                        try r.roomsAwaitingAnswer(since: cutoff, limit: 2).map(\.id.rawValue),
                        try r.roomsAwaitingAnswer(since: Fixtures.time(0), limit: 100).map(\.id.rawValue)
                    )
                }
                try h.expect(
                    first.0,
                    equals: ["g", "b", "a", "h", "e"],
                    "rooms waiting since at or before the cutoff, oldest first, not the one with an open ticket"
                )
                try h.expect(first.1, equals: ["g", "b"], "the two oldest waits")
                try h.expect(first.2.isEmpty, "no room has waited since before the first wait")
                try await h.storage.write { w in
                    var ticket = try h.require(try w.openTicket(room: TalkRoomID("f")), "f's open ticket")
                    ticket.closedAt = Fixtures.time(21)
                    try w.updateTicket(ticket)
                    _ = try w.insertTicket(try Fixtures.ticket("t-b", room: "b"))
                    var answered = try h.require(try w.room(TalkRoomID("a")), "room a")
                    answered.awaitingAnswerSince = nil
                    try w.saveRoom(answered)
                }
                let second = try await h.storage.read { r in
                    try r.roomsAwaitingAnswer(since: cutoff, limit: 100).map(\.id.rawValue)
                }
                try h.expect(
                    second,
                    equals: ["f", "g", "h", "e"],
                    "after closing f's ticket, opening one for b and answering a"
                )
            },
        ]
    }

    /// Rooms in every shape the state machine takes, with optional fields set and unset.
    static func roomVariety() throws -> [StoredRoom] {
        let channel = try Fixtures.channel(1)
        let member = try Fixtures.member("sato@example.co.jp")
        let partner = Party.workspaceUser(try Fixtures.member("tanaka@partner.example.jp"))

        var pending = try Fixtures.room("line/U1 pending", channel: channel, member: member, at: Fixtures.time(1))
        pending.updatedAt = Timestamp(millisecondsSinceEpoch: 1_750_000_000_123)
        pending.replyToken = "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA"
        pending.replyTokenReceivedAt = Timestamp(millisecondsSinceEpoch: 1_750_000_000_001)
        pending.awaitingAnswerSince = Timestamp(millisecondsSinceEpoch: -1_234)

        var chat = StoredRoom(
            id: TalkRoomID("oa-chat 日本語 😀"),
            channel: channel,
            member: nil,
            room: .officialAccountChat(with: try Fixtures.lineUser(2)),
            createdAt: Fixtures.time(2)
        )
        _ = chat.room.receive()
        _ = try chat.room.restrict(.channelDisabled)
        _ = try chat.room.peerBlocked()
        chat.updatedAt = Timestamp(millisecondsSinceEpoch: .max)

        var workspace = StoredRoom(
            id: TalkRoomID("fed:partner.example.jp/tanaka"),
            channel: nil,
            member: member,
            room: try .outgoingRequest(to: partner, method: .exactIDSearch, at: Fixtures.time(3)),
            createdAt: Fixtures.time(3)
        )
        _ = try workspace.room.peerAccepted()
        _ = try workspace.room.block()
        _ = try workspace.room.restrict(.peerUnavailable)

        var hidden = StoredRoom(
            id: TalkRoomID("hidden"),
            channel: channel,
            member: member,
            room: .incomingRequest(from: partner, method: .qrCode, at: Fixtures.time(4)),
            createdAt: Timestamp(millisecondsSinceEpoch: .min)
        )
        _ = try hidden.room.restrict(.contactDeleted)
        _ = try hidden.room.restrict(.linkDisabled)

        var deleted = try Fixtures.room("deleted-channel", channel: channel, member: member, user: 5)
        _ = try deleted.room.accept()
        _ = try deleted.room.restrict(.channelDeleted)
        deleted.awaitingAnswerSince = Fixtures.time(9)

        return [pending, chat, workspace, hidden, deleted]
    }
}
