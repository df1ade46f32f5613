import TalkModel
import TalkTesting
import TalkWire
import Testing

/// TalkTesting's generated webhooks are what LINE sends: the CLI verifies and parses them like real ones.
@Suite("Generated webhooks through the CLI")
struct GeneratedWebhookCLITests {
    @Test func w1_generatedBodiesVerifyWithExternalTalkVerify() throws {
        let secret = "a1c6f2e8d94b47b0b2e5c3d7f1a8e9b4"
        let line = InMemoryTransport()
        let channel = try LineChannelID("1650000001")
        line.addChannel(channel, channelSecret: secret)
        let user = line.addUser(displayName: "Aiko")
        let follow = try line.follow(user, channel: channel)
        let text = try line.sendText(
            TextContent(runs: [
                .plain("Hi 🍎 "),
                .emoji(EmojiRun(token: "(love)", productID: "5ac1bfd5040ab15980c9b435", emojiID: "001")),
            ]),
            from: user,
            channel: channel
        )
        let unsend = try line.unsend(try #require(text.events[0].messageID), by: user, channel: channel)
        let redelivered = try line.redeliver(text.events[0].webhookEventID)
        let unfollow = try line.unfollow(user, channel: channel)
        for webhook in [follow, text, unsend, redelivered, unfollow] {
            let file = try CLI.temporaryFile(webhook.body)
            let verified = try CLI.run(["verify", "--secret", secret, "--signature", webhook.signature, file])
            #expect(verified.status == 0, "\(webhook.events[0].type): \(verified.stderr)")
            #expect(verified.stdout == "valid\n")
            let tampered = try CLI.run(
                ["verify", "--secret", secret, "--signature", webhook.signature, "-"],
                stdin: webhook.body + [0x20]
            )
            #expect(tampered.status == 1)
            #expect(try LineWebhookDecoder().decode(webhook.body).events.count == 1)
        }
        let parsed = try CLI.run([
            "parse", "--secret", secret, "--signature", text.signature, try CLI.temporaryFile(text.body),
        ])
        #expect(parsed.status == 0)
        let event = try #require(try parsed.jsonLines().first)
        #expect(event["webhookEventId"] as? String == text.events[0].webhookEventID)
    }
}
