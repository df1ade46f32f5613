import TalkModel
import TalkTesting
import TalkWire
import Testing
import WebhookSignature

@Suite("Platform state across a restart, and stickers")
struct PlatformStateTests {
    let channel: LineChannelID
    let secret = "fedcba9876543210fedcba9876543210"

    init() throws {
        channel = try LineChannelID("1650000002")
    }

    func push(_ line: InMemoryTransport, to user: LineUserID, retryKey: String, token: String) -> SimulatedResponse? {
        let request = SimulatedRequest(
            service: .lineAPI,
            method: "POST",
            path: "/v2/bot/message/push",
            headers: ["authorization": "Bearer \(token)", "x-line-retry-key": retryKey],
            body: Array(#"{"to":"\#(user.rawValue)","messages":[{"type":"text","text":"hi"}]}"#.utf8)
        )
        guard case .response(let response) = line.simulate(request) else { return nil }
        return response
    }

    @Test("R11: users, friendships and sends survive export and restore; a kept retry key is still 409")
    func exportAndRestore() throws {
        let first = InMemoryTransport()
        let credentials = first.addChannel(channel, plan: .light, channelSecret: secret, accessToken: "token-1")
        #expect(credentials.accessToken == "token-1")
        let aiko = first.addUser(displayName: "Aiko")
        let ben = first.addUser(displayName: "Ben", language: "en")
        _ = try first.follow(aiko, channel: channel)
        _ = try first.follow(ben, channel: channel)
        _ = try first.unfollow(ben, channel: channel)
        let key = "123e4567-e89b-12d3-a456-426614174000"
        let accepted = try #require(push(first, to: aiko, retryKey: key, token: "token-1"))
        #expect(accepted.status == 200)
        let state = first.exportState()
        #expect(state.users.map(\.displayName).sorted() == ["Aiko", "Ben"])
        #expect(state.sends.count == 1)

        let second = InMemoryTransport()
        second.addChannel(channel, plan: .light, channelSecret: secret, accessToken: "token-1")
        second.restoreState(state)
        #expect(second.isFollowing(aiko, channel: channel))
        #expect(!second.isFollowing(ben, channel: channel))
        #expect(second.messages(deliveredTo: aiko).map(\.texts) == [["hi"]])
        // R32: the restored push still counts against the month's quota; the blocked user's would not.
        #expect(first.quotaUsage(channel: channel) == 1)
        #expect(second.quotaUsage(channel: channel) == 1)
        let repeated = try #require(push(second, to: aiko, retryKey: key, token: "token-1"))
        #expect(repeated.status == 409)
        #expect(repeated.headers["x-line-accepted-request-id"] == accepted.headers["x-line-request-id"])
        // The generator continues where it stood: no ID is handed out twice.
        let carol = second.addUser(displayName: "Carol")
        #expect(![aiko, ben].contains(carol))
        #expect(second.exportState().users.count == 3)
        // A state naming a channel that was not added restores its users but not its friendships or sends.
        let third = InMemoryTransport()
        third.restoreState(state)
        #expect(third.exportState().users.count == 2)
        #expect(third.exportState().friendships.isEmpty)
        #expect(third.outbox.isEmpty)
    }

    @Test("The credentials of a channel can be read back; an unknown channel has none")
    func credentials() throws {
        let line = InMemoryTransport()
        let added = line.addChannel(channel, channelSecret: secret)
        #expect(line.credentials(for: channel) == added)
        #expect(line.credentials(for: try LineChannelID("1650000003")) == nil)
    }

    @Test("W1: a sticker is a signed message event of type sticker with LINE's package and sticker IDs")
    func stickerWebhook() throws {
        let line = InMemoryTransport()
        line.addChannel(channel, channelSecret: secret)
        let user = line.addUser(displayName: "Aiko")
        #expect(throws: FakePlatformError.self) {
            try line.sendSticker(packageID: "446", stickerID: "1988", from: user, channel: channel)
        }
        _ = try line.follow(user, channel: channel)
        let webhook = try line.sendSticker(packageID: "446", stickerID: "1988", from: user, channel: channel)
        #expect(
            WebhookSignatureVerifier(secrets: [WebhookSecret(secret)]).verify(
                webhook.body,
                signature: webhook.signature
            )
            .isValid
        )
        let event = try #require(try LineWebhookDecoder().decode(webhook.body).events.first)
        guard case .message(let message) = event.payload, case .sticker(let sticker) = message.content else {
            Issue.record("expected a sticker message, got \(event.payload)")
            return
        }
        #expect(sticker.packageID == "446")
        #expect(sticker.stickerID == "1988")
        #expect(event.replyToken == webhook.events[0].replyToken)
    }
}
