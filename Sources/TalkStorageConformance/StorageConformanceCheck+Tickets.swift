import TalkModel
import TalkStorage

extension StorageConformanceCheck {
    /// Tickets: one open ticket per room, also under concurrent openings, closing, updates and listing (R29).
    public static var tickets: [StorageConformanceCheck] {
        [
            StorageConformanceCheck("R29 tickets: a room has at most one open ticket") { h in
                let first = try Fixtures.ticket("t-1", room: "r1")
                let second = try Fixtures.ticket("t-2", room: "r1", at: Fixtures.time(200))
                let other = try Fixtures.ticket("t-3", room: "r2")
                let opened = try await h.storage.write { w in
                    try Fixtures.ensureRoom(TalkRoomID("r1"), in: w)
                    try Fixtures.ensureRoom(TalkRoomID("r2"), in: w)
                    return [try w.insertTicket(first), try w.insertTicket(second), try w.insertTicket(other)]
                }
                try h.expect(opened, equals: [true, false, true], "opening t-1 (r1), t-2 (r1 again), t-3 (r2)")
                let again = try await h.storage.write { try $0.insertTicket(second) }
                try h.expect(!again, "a later transaction cannot open a second ticket for r1 either")
                let seen = try await h.storage.read { r in
                    (
                        try r.ticket(first.id), try r.ticket(second.id), try r.openTicket(room: TalkRoomID("r1")),
                        try r.openTicket(room: TalkRoomID("r2")), try r.openTicket(room: TalkRoomID("r3")),
                        try r.tickets(after: nil, limit: 10)
                    )
                }
                try h.expect(seen.0, equals: first, "ticket t-1")
                try h.expect(seen.1 == nil, "the refused ticket t-2 is not stored")
                try h.expect(seen.2, equals: first, "r1's open ticket")
                try h.expect(seen.3, equals: other, "r2's open ticket")
                try h.expect(seen.4 == nil, "a room without tickets has no open ticket")
                try h.expect(seen.5, equals: [first, other], "the tickets")
            },
            StorageConformanceCheck("R29 tickets: concurrent openings for one room open one ticket") { h in
                try await h.storage.write { w in try Fixtures.ensureRoom(TalkRoomID("r1"), in: w) }
                let answers = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            let ticket = try Fixtures.ticket("t-\(index)", room: "r1")
                            return try await h.storage.write { try $0.insertTicket(ticket) }
                        }
                    }
                    var answers: [Bool] = []
                    for try await answer in group { answers.append(answer) }
                    return answers
                }
                try h.expect(answers.filter { $0 }.count, equals: 1, "the concurrent openings that answered true")
                let seen = try await h.storage.read { r in
                    (try r.tickets(after: nil, limit: 100), try r.openTicket(room: TalkRoomID("r1")))
                }
                try h.expect(seen.0.count, equals: 1, "the tickets stored")
                try h.expect(seen.1 == seen.0.first, "r1's open ticket is the stored one")
            },
            StorageConformanceCheck("R29 tickets: closing a ticket frees its room") { h in
                let first = try Fixtures.ticket("t-1", room: "r1")
                let successor = try Fixtures.ticket("t-2", room: "r1", at: Fixtures.time(300))
                let opened = try await h.storage.write { w in
                    try Fixtures.ensureRoom(TalkRoomID("r1"), in: w)
                    return try w.insertTicket(first)
                }
                try h.expect(opened, "t-1 opens")
                var closing = first
                closing.closedAt = Fixtures.time(250)
                let closed = closing
                try await h.storage.write { try $0.updateTicket(closed) }
                let afterClose = try await h.storage.read { r in
                    (try r.openTicket(room: TalkRoomID("r1")), try r.ticket(closed.id))
                }
                try h.expect(afterClose.0 == nil, "no open ticket after closing t-1")
                try h.expect(afterClose.1, equals: closed, "t-1, closed")
                let reopened = try await h.storage.write { try $0.insertTicket(successor) }
                try h.expect(reopened, "a new ticket opens for the freed room")
                let seen = try await h.storage.read { r in
                    (try r.openTicket(room: TalkRoomID("r1")), try r.tickets(after: nil, limit: 10))
                }
                try h.expect(seen.0, equals: successor, "r1's open ticket")
                try h.expect(seen.1, equals: [closed, successor], "both tickets, the closed one kept")
            },
            StorageConformanceCheck("tickets: an update replaces the ticket; a missing ticket is notFound") { h in
                let ticket = try Fixtures.ticket("t-1", room: "r1")
                try await h.storage.write { w in
                    try Fixtures.ensureRoom(TalkRoomID("r1"), in: w)
                    _ = try w.insertTicket(ticket)
                }
                let missing = try Fixtures.ticket("t-missing", room: "r1")
                try await h.storageError(.notFound, "updateTicket of a ticket never stored") {
                    try await h.storage.write { try $0.updateTicket(missing) }
                }
                var closed = ticket
                closed.closedAt = Timestamp(millisecondsSinceEpoch: 1_750_000_123_456)
                let change = closed
                try await h.storage.write { try $0.updateTicket(change) }
                let seen = try await h.storage.read { r in
                    (try r.ticket(ticket.id), try r.ticket(missing.id), try r.tickets(after: nil, limit: 10))
                }
                try h.expect(seen.0, equals: closed, "the updated ticket")
                try h.expect(seen.1 == nil, "the failed update stored nothing")
                try h.expect(seen.2, equals: [closed], "the tickets")
            },
            StorageConformanceCheck("tickets: tickets page in ID order") { h in
                let ids = (0..<25).map { "t-\(String(100 + $0 * 37 % 100).dropFirst())" } + ["T-upper", "t-é", "t-1"]
                let tickets = try ids.enumerated().map { index, id in
                    var ticket = try Fixtures.ticket(id, room: "room-\(index)", at: Fixtures.time(Int64(index)))
                    if index % 4 == 0 { ticket.closedAt = Fixtures.time(Int64(index + 1)) }
                    return ticket
                }
                try await h.storage.write { w in
                    for ticket in tickets.reversed() {
                        try Fixtures.ensureRoom(ticket.room, in: w)
                        var open = ticket
                        open.closedAt = nil
                        _ = try w.insertTicket(open)
                        if !ticket.isOpen { try w.updateTicket(ticket) }
                    }
                }
                let expected = tickets.sorted { $0.id < $1.id }
                var walked: [Ticket] = []
                var cursor: TicketID?
                for _ in 0..<10 {
                    let after = cursor
                    let page = try await h.storage.read { try $0.tickets(after: after, limit: 10) }
                    try h.expect(page.count <= 10, "a page holds at most 10 tickets")
                    guard let last = page.last else { break }
                    walked += page
                    cursor = last.id
                }
                try h.expect(walked.map(\.id), equals: expected.map(\.id), "the tickets walked by 10, in ID byte order")
                try h.expect(walked, equals: expected, "the walked tickets' fields")
            },
        ]
    }
}
