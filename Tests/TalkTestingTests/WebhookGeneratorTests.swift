import TalkModel
import TalkTesting
import TalkWire
import Testing
import WebhookSignature

@Suite("Signed webhook generators")
struct WebhookGeneratorTests {
    let channel: LineChannelID
    let line: InMemoryTransport
    let secret = "0123456789abcdef0123456789abcdef"

    init() throws {
        channel = try LineChannelID("1650000001")
        line = InMemoryTransport()
        line.addChannel(channel, channelSecret: secret)
    }

    private func verify(_ webhook: SignedWebhook) -> Bool {
        WebhookSignatureVerifier(secrets: [WebhookSecret(secret)]).verify(webhook.body, signature: webhook.signature)
            .isValid
    }

    @Test func w1_followWebhookVerifiesAndDecodes() throws {
        let user = line.addUser(displayName: "Aiko")
        let webhook = try line.follow(user, channel: channel)
        #expect(verify(webhook))
        #expect(webhook.headers["x-line-signature"] == webhook.signature)
        let batch = try LineWebhookDecoder().decode(webhook.body)
        let event = try #require(batch.events.first)
        #expect(event.type == .follow)
        #expect(event.payload == .follow(isUnblocked: false))
        #expect(event.source == .user(userID: user))
        #expect(event.replyToken == webhook.events[0].replyToken)
        #expect(event.isRedelivery == false)
        #expect(event.mode == .active)
        #expect(event.timestamp == line.clock.now().millisecondsSinceEpoch)
    }

    @Test func r14_textWithEmojiHasUTF16IndexesAndSurrogateEscapes() throws {
        let user = line.addUser(displayName: "Aiko")
        _ = try line.follow(user, channel: channel)
        let text = TextContent(runs: [
            .plain("🍎 Hello "),
            .emoji(EmojiRun(token: "(love)", productID: "5ac1bfd5040ab15980c9b435", emojiID: "001")),
            .plain(" 😀"),
        ])
        let webhook = try line.sendText(text, from: user, channel: channel)
        #expect(verify(webhook))
        // LINE escapes characters outside the BMP as surrogate pairs; the raw UTF-8 never appears.
        #expect(webhook.bodyText.contains(#"\uD83C\uDF4E Hello (love) \uD83D\uDE00"#))
        let event = try #require(try LineWebhookDecoder().decode(webhook.body).events.first)
        guard case .message(let message) = event.payload, case .text(let content) = message.content else {
            Issue.record("expected a text message, got \(event.payload)")
            return
        }
        #expect(content.text == "🍎 Hello (love) 😀")
        let emoji = try #require(content.emojis.first)
        #expect(emoji.span == LineTextSpan(index: 9, length: 6))
        #expect(emoji.span.substring(of: content.text) == "(love)")
        #expect(message.id?.rawValue == webhook.events[0].messageID)
        #expect(message.markAsReadToken == webhook.events[0].markAsReadToken)
    }

    @Test func w3_redeliveryKeepsEventIDAndSetsFlag() throws {
        let user = line.addUser(displayName: "Aiko")
        _ = try line.follow(user, channel: channel)
        let original = try line.sendText("Hi", from: user, channel: channel)
        let again = try line.redeliver(original.events[0].webhookEventID)
        #expect(verify(again))
        let first = try #require(try LineWebhookDecoder().decode(original.body).events.first)
        let second = try #require(try LineWebhookDecoder().decode(again.body).events.first)
        #expect(second.webhookEventID == first.webhookEventID)
        #expect(second.timestamp == first.timestamp)
        #expect(second.isRedelivery == true)
        #expect(first.isRedelivery == false)
    }

    @Test func r11_unfollowThenRefollowIsUnblocked() throws {
        let user = line.addUser(displayName: "Aiko")
        _ = try line.follow(user, channel: channel)
        let unfollow = try line.unfollow(user, channel: channel)
        #expect(try LineWebhookDecoder().decode(unfollow.body).events.first?.payload == .unfollow)
        #expect(unfollow.events[0].replyToken == nil)
        #expect(!line.isFollowing(user, channel: channel))
        #expect(throws: FakePlatformError.self) {
            try line.sendText("Blocked users cannot write", from: user, channel: channel)
        }
        let refollow = try line.follow(user, channel: channel)
        #expect(try LineWebhookDecoder().decode(refollow.body).events.first?.payload == .follow(isUnblocked: true))
        #expect(line.isFollowing(user, channel: channel))
    }

    @Test func unsendNamesTheMessage() throws {
        let user = line.addUser(displayName: "Aiko")
        _ = try line.follow(user, channel: channel)
        let sent = try line.sendText("Oops", from: user, channel: channel)
        let messageID = try #require(sent.events[0].messageID)
        let unsend = try line.unsend(messageID, by: user, channel: channel)
        #expect(verify(unsend))
        #expect(
            try LineWebhookDecoder().decode(unsend.body).events.first?.payload
                == .unsend(messageID: try LineMessageID(messageID))
        )
        let other = line.addUser(displayName: "Ken")
        #expect(throws: FakePlatformError.self) { try line.unsend(messageID, by: other, channel: channel) }
    }

    @Test func webhookEventIDsAreULIDs() throws {
        let user = line.addUser(displayName: "Aiko")
        var ids: Set<String> = []
        _ = try line.follow(user, channel: channel)
        for index in 0..<50 {
            let id = try line.sendText("n\(index)", from: user, channel: channel).events[0].webhookEventID
            #expect(id.count == 26)
            #expect(id.allSatisfy { "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains($0) })
            ids.insert(id)
        }
        #expect(ids.count == 50)
    }

    @Test func sameSeedGivesSameBytes() throws {
        func body() throws -> [UInt8] {
            let platform = InMemoryTransport(seed: 42)
            platform.addChannel(channel, channelSecret: secret)
            let user = platform.addUser(displayName: "Aiko")
            return try platform.follow(user, channel: channel).body
        }
        #expect(try body() == body())
    }

    @Test func misuseIsATypedError() throws {
        let stranger = line.addUser(displayName: "Stranger")
        let error = #expect(throws: FakePlatformError.self) {
            try line.sendText("Hi", from: stranger, channel: channel)
        }
        #expect(error?.code == .notFollowing)
        let unknown = try LineChannelID("42")
        #expect(throws: FakePlatformError.self) { try line.follow(stranger, channel: unknown) }
        #expect(throws: FakePlatformError.self) { try line.redeliver("01HZZZZZZZZZZZZZZZZZZZZZZZ") }
    }
}
