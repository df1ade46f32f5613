import ExternalTalk
import TalkModel
import TalkStorage
import TalkTesting
import TalkWire
import Testing

@Suite("Tickets for unanswered chats")
struct TicketTests {
    @Test func r29_unansweredChatBecomesOneTicketThatTheAnswerCloses() async throws {
        let engine = try await EngineHarness(unansweredDelay: .minutes(10))
        let (user, roomID) = try await engine.friendOfAlice()
        try await engine.write("is anyone there?", from: user, on: engine.personal)
        #expect(try await engine.room(roomID).awaitingAnswerSince != nil)

        engine.clock.advance(by: .minutes(9))
        await engine.service.runDueWork()
        #expect(try await engine.service.tickets().isEmpty)

        engine.clock.advance(by: .minutes(2))
        let cursor = try await engine.lastCursor()
        await engine.service.runDueWork()
        let tickets = try await engine.service.tickets()
        #expect(tickets.count == 1)
        let ticket = try #require(tickets.first)
        #expect(ticket.room == roomID)
        #expect(ticket.channel == engine.personal)
        #expect(ticket.isOpen)
        #expect(try await engine.kinds(after: cursor) == [.ticketOpened(ticket.id)])

        // Still open and unanswered: no second ticket.
        engine.clock.advance(by: .minutes(15))
        await engine.service.runDueWork()
        #expect(try await engine.service.tickets().count == 1)
        #expect(try await engine.kinds().filter { $0 == .ticketOpened(ticket.id) }.count == 1)

        _ = try await engine.service.send(.text(TextContent("sorry, here")), to: roomID, as: .member(engine.alice))
        let closed = try #require(try await engine.service.tickets().first)
        #expect(!closed.isOpen)
        #expect(closed.closedAt == engine.clock.now())
        #expect(try await engine.kinds().contains(.ticketClosed(ticket.id)))
        #expect(try await engine.room(roomID).awaitingAnswerSince == nil)

        engine.clock.advance(by: .minutes(30))
        await engine.service.runDueWork()
        #expect(try await engine.service.tickets().count == 1)
    }

    @Test func r29_channelWithoutADelayOpensNoTickets() async throws {
        let engine = try await EngineHarness()
        let (user, _) = try await engine.friendOfAlice()
        try await engine.write("hello", from: user, on: engine.personal)
        engine.clock.advance(by: .days(2))
        await engine.service.runDueWork()
        #expect(try await engine.service.tickets().isEmpty)
    }
}
