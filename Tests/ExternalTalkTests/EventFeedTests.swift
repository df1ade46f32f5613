import ExternalTalk
import TalkModel
import TalkStorage
import TalkTesting
import Testing

@Suite("The host's event feed")
struct EventFeedTests {
    @Test func feedYieldsEventsInOrderAndResumesAfterACursor() async throws {
        let engine = try await EngineHarness()
        let user = engine.line.addUser(displayName: "Aiko")
        _ = await engine.deliver(try engine.line.follow(user, channel: engine.personal))
        try await engine.write("early", from: user, on: engine.personal)
        let roomID = try await engine.roomID(engine.personal, user)
        try await engine.service.accept(roomID, by: engine.alice)
        try await engine.write("later", from: user, on: engine.personal)
        let stored = try await engine.events()
        #expect(stored.count == 5)

        var iterator = engine.service.events(after: 0).makeAsyncIterator()
        var read: [TalkEvent] = []
        for _ in 0..<5 { read.append(try #require(try await iterator.next())) }
        #expect(read == stored)
        #expect(read.map(\.cursor) == [1, 2, 3, 4, 5])
        #expect(read.first?.kind == .requestReceived(peer: user.rawValue))
        #expect(read.dropFirst().first?.kind.heldReason != nil)
        #expect(read.allSatisfy { $0.room == roomID })

        var resumed = engine.service.events(after: read[2].cursor).makeAsyncIterator()
        #expect(try await resumed.next() == read[3])
        #expect(try await resumed.next() == read[4])
    }

    @Test func feedReaderWakesWhenAWebhookIsApplied() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        let cursor = try await engine.lastCursor()
        // Polling alone would take a minute; only the in-process signal can wake the reader in time.
        let feed = engine.service.events(after: cursor, pollInterval: .seconds(60))
        let message = try engine.line.sendText("wake up", from: user, channel: engine.personal)

        let woken = try await withThrowingTaskGroup(of: TalkEvent?.self) { group in
            group.addTask {
                var iterator = feed.makeAsyncIterator()
                return try await iterator.next()
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                return nil
            }
            // Give the reader a moment to catch up and start waiting before the webhook arrives.
            try await Task.sleep(for: .milliseconds(50))
            #expect(await engine.deliver(message).applied == 1)
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }

        let event = try #require(woken, "the feed reader was not woken by the applied webhook")
        #expect(event.cursor == cursor + 1)
        #expect(event.room == roomID)
        #expect(event.kind == .messageReceived(try await engine.lastMessage(roomID).id))
    }

    @Test func feedIteratorEndsWhenItsTaskIsCancelled() async throws {
        let engine = try await EngineHarness()
        let feed = engine.service.events(after: 0, pollInterval: .seconds(60))
        let reader = Task {
            var iterator = feed.makeAsyncIterator()
            return try await iterator.next()
        }
        try await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        #expect(try await reader.value == nil)
    }
}
