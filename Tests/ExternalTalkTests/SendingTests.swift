import ExternalTalk
import TalkModel
import TalkStorage
import TalkTesting
import TalkTransport
import TalkWire
import Testing

@Suite("Sending to LINE users")
struct SendingTests {
    @Test func r14_inboundEmojiBecomeTokensAndOutboundTokensBecomeLineEmoji() async throws {
        let smile = LineEmojiKey(productID: EngineHarness.emojiProduct, emojiID: "001")
        let catalog = EmojiCatalog(seed: [EmojiCatalog.Entry(token: "(smile)", key: smile, isSendable: true)])
        let engine = try await EngineHarness(catalog: catalog)
        let (user, roomID) = try await engine.friendOfAlice()

        let text = TextContent(runs: [
            .plain("Hi "),
            .emoji(EmojiRun(token: "(smile)", productID: smile.productID, emojiID: smile.emojiID)),
            .plain(" and "),
            .emoji(EmojiRun(token: "(wink)", productID: smile.productID, emojiID: "077")),
        ])
        _ = await engine.deliver(try engine.line.sendText(text, from: user, channel: engine.personal))
        let inbound = try await engine.lastMessage(roomID)
        #expect(inbound.text == "Hi (smile) and (wink)")
        #expect(inbound.contentType == "text")

        let outgoing = TextContent(workspaceText: "Thanks (smile)", catalog: catalog)
        #expect(outgoing.emoji.map(\.key) == [smile])
        let receipt = try await engine.service.send(.text(outgoing), to: roomID, as: .member(engine.alice))
        #expect(receipt.state == .sent)
        #expect(try await engine.service.message(receipt.message)?.text == "Thanks (smile)")

        let sent = try #require(engine.line.messages(deliveredTo: user).last)
        let message = try #require(sent.messages.first)
        #expect(message["type"]?.stringValue == "text")
        #expect(message["text"]?.stringValue == "Thanks $")
        let emojis = try #require(message["emojis"]?.arrayValue)
        #expect(emojis.count == 1)
        #expect(emojis.first?["productId"]?.stringValue == smile.productID)
        #expect(emojis.first?["emojiId"]?.stringValue == "001")
        #expect(emojis.first?["index"]?.numberValue?.int64Value == 7)
    }

    @Test func r15_r32_freshTokenRepliesForFreeAndAStaleOnePushesWithARetryKey() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        try await engine.write("question", from: user, on: engine.personal)

        // The user's message brought a fresh reply token: a free reply.
        let reply = try await engine.service.send(.text(TextContent("answer")), to: roomID, as: .member(engine.alice))
        #expect(reply.state == .sent)
        let replied = try #require(engine.line.outbox.last)
        #expect(replied.kind == .reply)
        #expect(replied.texts == ["answer"])
        #expect(replied.retryKey == nil)
        #expect(engine.line.quotaUsage(channel: engine.personal) == 0)
        #expect(try await engine.storedQuota(engine.personal) == 0)
        #expect(try await engine.service.message(reply.message)?.state == .sent)
        #expect(try await engine.kinds().last == .messageSent(reply.message))

        // Past the token's life: a push, counted once, carrying the outbox entry's retry key.
        engine.clock.advance(by: .minutes(2))
        let push = try await engine.service.send(.text(TextContent("one more")), to: roomID, as: .member(engine.alice))
        #expect(push.state == .sent)
        let pushed = try #require(engine.line.outbox.last)
        #expect(pushed.kind == .push)
        #expect(pushed.texts == ["one more"])
        #expect(pushed.recipients == [user.rawValue])
        #expect(pushed.retryKey?.rawValue == push.outboxEntry.rawValue)
        let header = engine.requests(to: EngineHarness.pushPath).last?.headers["x-line-retry-key"]
        #expect(header == push.outboxEntry.rawValue)
        #expect(engine.line.quotaUsage(channel: engine.personal) == 1)
        #expect(try await engine.storedQuota(engine.personal) == 1)
        #expect(engine.line.outbox.count == 2)
    }

    @Test func r32_freePlanWithItsMonthUsedUpRefusesPushesButStillReplies() async throws {
        let engine = try await EngineHarness(plan: .free, usedThisMonth: 200)
        let (user, roomID) = try await engine.friendOfAlice()
        try await engine.write("hello", from: user, on: engine.personal)

        // Replies in a 1:1 chat do not count.
        let reply = try await engine.service.send(.text(TextContent("hi!")), to: roomID, as: .member(engine.alice))
        #expect(reply.state == .sent)
        #expect(engine.line.outbox.map(\.kind) == [.reply])

        let before = try await engine.messages(roomID)
        let error = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.send(.text(TextContent("a push")), to: roomID, as: .member(engine.alice))
        }
        #expect(error?.code == .quotaExceeded)
        #expect(error?.rule == .r32)
        #expect(try await engine.messages(roomID) == before)
        let pending = try await engine.storage.read { try $0.outboxEntries(in: .pending, after: nil, limit: 10) }
        #expect(pending.isEmpty)
        #expect(try await engine.storedQuota(engine.personal) == 200)
        #expect(engine.line.outbox.count == 1)
        #expect(engine.requests(to: EngineHarness.pushPath).isEmpty)
    }

    @Test func r15_replyTokenUsedElsewhereFallsBackToPushOnTheFirstAttempt() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        let message = try engine.line.sendText("question", from: user, channel: engine.personal)
        _ = await engine.deliver(message)
        // Another integration on the same channel answered with the token first.
        let token = try #require(message.events.first?.replyToken)
        let encoded = try LineMessageEncoder(catalog: EmojiCatalog()).messages(for: [.text(TextContent("auto"))])
        _ = try await engine.line.reply(replyToken: token, messages: encoded, channel: engine.personal)

        let receipt = try await engine.service.send(
            .text(TextContent("from alice")),
            to: roomID,
            as: .member(engine.alice)
        )

        #expect(receipt.state == .sent)
        let delivered = engine.line.messages(deliveredTo: user)
        #expect(delivered.map(\.texts) == [["auto"], ["from alice"]])
        #expect(delivered.last?.kind == .push)
        #expect(engine.line.quotaUsage(channel: engine.personal) == 1)
        #expect(try await engine.storedQuota(engine.personal) == 1)
    }

    @Test func r18_filesCannotBeSentToLineUsers() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        try await engine.write("send me the PDF", from: user, on: engine.personal)
        let file = MessageContent.file(
            MediaContent(reference: .url("https://files.example.co.jp/a.pdf"), fileName: "a.pdf", fileSize: 10)
        )
        let error = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.send(file, to: roomID, as: .member(engine.alice))
        }
        #expect(error?.code == .unsupportedContent)
        #expect(engine.line.outbox.isEmpty)
        #expect(try await engine.messages(roomID).allSatisfy { $0.direction == .inbound })
    }
}
