import TalkModel
import TalkTesting
import TalkTransport
import TalkWire
import Testing
import WebhookSignature

/// The app of the "Testing your app with TalkTesting" article, kept here so the article's code keeps compiling
/// and passing.
private struct EchoBot {
    let transport: any LineMessagingTransport
    let channel: LineChannelID
    let verifier: WebhookSignatureVerifier
    let clock: any TalkClock
    let encoder = LineMessageEncoder(catalog: EmojiCatalog())

    func handleWebhook(body: [UInt8], signature: String?) async throws -> Int {
        guard verifier.verify(body, signature: signature).isValid else { return 401 }
        for event in try LineWebhookDecoder().decode(body).events {
            guard let user = event.source?.userID else { continue }
            let token = event.replyToken.map {
                ReceivedReplyToken($0, receivedAt: Timestamp(millisecondsSinceEpoch: event.timestamp ?? 0))
            }
            switch event.payload {
            case .follow:
                let messages = try encoder.messages(for: .text(TextContent("Thanks for adding us!")))
                var delivery = LineDeliveryState(retryKey: .random())
                _ = try await transport.replyOrPush(
                    messages,
                    to: user,
                    replyToken: token,
                    state: &delivery,
                    at: clock.now(),
                    channel: channel
                )
            case .message(let message):
                if let read = message.markAsReadToken { try await transport.markAsRead(token: read, channel: channel) }
                if case .text(let text) = message.content {
                    let messages = try encoder.messages(for: .text(TextContent("You said: \(text.text)")))
                    var delivery = LineDeliveryState(retryKey: .random())
                    _ = try await transport.replyOrPush(
                        messages,
                        to: user,
                        replyToken: token,
                        state: &delivery,
                        at: clock.now(),
                        channel: channel
                    )
                }
            default:
                break
            }
        }
        return 200
    }
}

@Suite("Documentation example")
struct DocumentationExampleTests {
    private func makeBot() throws -> (InMemoryTransport, EchoBot, LineChannelID) {
        let line = InMemoryTransport()
        let channel = try LineChannelID("1650000001")
        let credentials = line.addChannel(channel, plan: .free)
        let bot = EchoBot(
            transport: line,
            channel: channel,
            verifier: WebhookSignatureVerifier(secrets: [WebhookSecret(credentials.channelSecret)]),
            clock: line.clock
        )
        return (line, bot, channel)
    }

    @Test func r32_greetsNewFriendsAndEchoesWithFreeReplies() async throws {
        let (line, bot, channel) = try makeBot()
        let aiko = line.addUser(displayName: "Aiko")
        let follow = try line.follow(aiko, channel: channel)
        #expect(try await bot.handleWebhook(body: follow.body, signature: follow.signature) == 200)
        let hello = try line.sendText("Hello 🍎", from: aiko, channel: channel)
        #expect(try await bot.handleWebhook(body: hello.body, signature: hello.signature) == 200)
        #expect(line.messages(deliveredTo: aiko).flatMap(\.texts) == ["Thanks for adding us!", "You said: Hello 🍎"])
        #expect(line.outbox.map(\.kind) == [.reply, .reply])
        #expect(line.messagesMarkedAsRead(channel: channel) == [try #require(hello.events[0].messageID)])
        #expect(line.quotaUsage(channel: channel) == 0)
    }

    @Test func r15_fallsBackToPushWhenTheReplyTokenIsStale() async throws {
        let (line, bot, channel) = try makeBot()
        let aiko = line.addUser(displayName: "Aiko")
        _ = try line.follow(aiko, channel: channel)
        let hello = try line.sendText("Are you there?", from: aiko, channel: channel)
        line.clock.advance(by: .minutes(2))
        _ = try await bot.handleWebhook(body: hello.body, signature: hello.signature)
        #expect(line.outbox.last?.kind == .push)
        #expect(line.quotaUsage(channel: channel) == 1)
    }

    @Test func w1_rejectsForgedWebhooks() async throws {
        let (line, bot, channel) = try makeBot()
        let aiko = line.addUser(displayName: "Aiko")
        _ = try line.follow(aiko, channel: channel)
        let hello = try line.sendText("Hi", from: aiko, channel: channel)
        #expect(try await bot.handleWebhook(body: hello.body + [0x20], signature: hello.signature) == 401)
        #expect(line.outbox.isEmpty)
    }
}
