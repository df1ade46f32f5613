import ExternalTalk
import TalkModel
import TalkStorage
import TalkTesting
import TalkWire
import Testing

@Suite("The outbox: retries and uncertain replies")
struct OutboxTests {
    @Test func failedPushIsRetriedWithItsKeyAndDeliveredExactlyOnce() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        engine.clock.advance(by: .minutes(2))
        engine.line.injectFault(.serverError(status: 500), count: 1, pathPrefix: EngineHarness.pushPath)

        let receipt = try await engine.service.send(
            .text(TextContent("retry me")),
            to: roomID,
            as: .member(engine.alice)
        )

        #expect(receipt.state == .queued)
        #expect(try await engine.service.message(receipt.message)?.state == .queued)
        #expect(engine.line.messages(deliveredTo: user).isEmpty)
        let entry = try #require(try await engine.storage.read { try $0.outboxEntry(receipt.outboxEntry) })
        #expect(entry.state == .pending)
        #expect(entry.attempts == 1)
        #expect(entry.nextAttemptAt > engine.clock.now())

        // Not due yet: nothing is attempted.
        await engine.service.runDueWork()
        #expect(engine.requests(to: EngineHarness.pushPath).count == 1)

        engine.clock.advance(by: .seconds(30))
        await engine.service.runDueWork()
        #expect(try await engine.service.message(receipt.message)?.state == .sent)
        let delivered = engine.line.messages(deliveredTo: user)
        #expect(delivered.map(\.texts) == [["retry me"]])
        let keys = engine.requests(to: EngineHarness.pushPath).map { $0.headers["x-line-retry-key"] }
        #expect(keys == [receipt.outboxEntry.rawValue, receipt.outboxEntry.rawValue])
        #expect(try await engine.kinds().filter { $0 == .messageSent(receipt.message) }.count == 1)
        #expect(try await engine.storedQuota(engine.personal) == 1)

        engine.clock.advance(by: .minutes(10))
        await engine.service.runDueWork()
        #expect(engine.line.messages(deliveredTo: user).count == 1)
        #expect(engine.requests(to: EngineHarness.pushPath).count == 2)
        #expect(engine.line.quotaUsage(channel: engine.personal) == 1)
        #expect(try await engine.storedQuota(engine.personal) == 1)
    }

    @Test func r15_replyWithUnknownOutcomeBecomesUncertainAndIsPushedOnlyWhenTheHostSaysSo() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        try await engine.write("question", from: user, on: engine.personal)
        engine.line.injectFault(.serverError(status: 500), count: 1, pathPrefix: EngineHarness.replyPath)

        let receipt = try await engine.service.send(.text(TextContent("answer")), to: roomID, as: .member(engine.alice))
        #expect(receipt.state == .queued)
        #expect(engine.requests(to: EngineHarness.replyPath).count == 1)

        // By the retry the token is stale: LINE can no longer say whether the reply went out.
        engine.clock.advance(by: .minutes(2))
        await engine.service.runDueWork()

        #expect(try await engine.service.message(receipt.message)?.state == .uncertain)
        #expect(try await engine.kinds().last == .messageUncertain(receipt.message))
        #expect(engine.line.outbox.isEmpty)
        #expect(engine.requests(to: EngineHarness.pushPath).isEmpty)
        let entry = try #require(try await engine.storage.read { try $0.outboxEntry(receipt.outboxEntry) })
        #expect(entry.state == .uncertain)
        await engine.service.runDueWork()
        #expect(engine.requests(to: EngineHarness.pushPath).isEmpty)

        // The host learnt it did not arrive: it goes once, as a push.
        try await engine.service.resolveUncertain(receipt.message, delivered: false)
        #expect(try await engine.service.message(receipt.message)?.state == .sent)
        #expect(engine.line.outbox.map(\.kind) == [.push])
        #expect(engine.line.messages(deliveredTo: user).map(\.texts) == [["answer"]])
        #expect(try await engine.storedQuota(engine.personal) == 1)
        await engine.service.runDueWork()
        #expect(engine.line.outbox.count == 1)

        let again = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.resolveUncertain(receipt.message, delivered: false)
        }
        #expect(again?.code == .invalidState)
    }

    @Test func uncertainReplyResolvedAsDeliveredIsNotSentAgain() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        try await engine.write("question", from: user, on: engine.personal)
        engine.line.injectFault(.timeout, count: 1, pathPrefix: EngineHarness.replyPath)
        let receipt = try await engine.service.send(.text(TextContent("answer")), to: roomID, as: .member(engine.alice))
        engine.clock.advance(by: .minutes(2))
        await engine.service.runDueWork()
        #expect(try await engine.service.message(receipt.message)?.state == .uncertain)

        try await engine.service.resolveUncertain(receipt.message, delivered: true)

        #expect(try await engine.service.message(receipt.message)?.state == .sent)
        #expect(try await engine.kinds().last == .messageSent(receipt.message))
        await engine.service.runDueWork()
        #expect(engine.line.outbox.isEmpty)
        #expect(try await engine.storedQuota(engine.personal) == 0)
    }
}
