import AsyncHTTPClient
import FakeLineAPIServer
import Foundation
import NIOCore
import NIOHTTP1
import TalkModel
import TalkTesting
import Testing

/// The LINE emulator's control API over real HTTP, every answer checked against `openapi/line-emulator-v1.json`,
/// with ExternalTalk's own server as the bot the webhooks are posted to.
@Suite("LINE emulator control API")
struct LineEmulatorOpenAPITests {
    struct Call {
        var status: Int
        var json: [String: Any]
        var text: String
    }

    static func call(
        _ emulator: LineEmulator,
        _ method: HTTPMethod,
        _ template: String,
        _ path: String,
        json: String? = nil
    ) async throws -> Call {
        var request = HTTPClientRequest(url: emulator.baseURL + "/emulator/v1" + path)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        if let json { request.body = .bytes(ByteBuffer(string: json)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = Array(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        try OpenAPIContract.emulator.check(
            method.rawValue,
            "/emulator/v1" + template,
            status: Int(response.status.code),
            body: body,
            contentType: response.headers.first(name: "content-type")
        )
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        return Call(status: Int(response.status.code), json: object, text: String(decoding: body, as: UTF8.self))
    }

    @Test("W1 W3: every documented operation answers as documented; the server as the bot verifies each webhook")
    func everyOperationAsDocumented() async throws {
        try await ServerHarness.run { server in
            let emulator = try await LineEmulator.start(serving: server.line, channel: server.channel)
            do {
                try await Self.exercise(emulator, server: server)
                try await emulator.shutdown()
            } catch {
                try? await emulator.shutdown()
                throw error
            }
        }
        let documented = OpenAPIContract.emulator.operations(under: "/emulator/v1")
        #expect(documented.count == 13)
        let missing = documented.subtracting(OpenAPIContract.emulator.exercisedOperations)
        #expect(missing.isEmpty, "documented but not exercised: \(missing.sorted())")
    }

    static func exercise(_ emulator: LineEmulator, server: ServerHarness) async throws {
        let channel = try await call(emulator, .GET, "/channel", "/channel")
        #expect(channel.json["channelSecret"] as? String == server.secret)
        #expect(channel.json["webhookUrl"] is NSNull)

        let added = try await call(emulator, .POST, "/users", "/users", json: #"{"displayName": "Aiko"}"#)
        #expect(added.status == 201)
        let user = try #require(added.json["userId"] as? String)
        #expect(try await call(emulator, .POST, "/users", "/users", json: #"{"displayName": ""}"#).status == 400)

        // No webhook URL yet: the event is made and named, not posted.
        let unposted = try await call(emulator, .POST, "/users/{userId}/follow", "/users/\(user)/follow")
        #expect(unposted.status == 409)
        let unpostedIDs = try #require(unposted.json["webhookEventIds"] as? [String])
        #expect(unpostedIDs.count == 1)

        let webhook = server.baseURL + "/webhooks/line/" + server.channel.rawValue
        let set = try await call(emulator, .PUT, "/webhook", "/webhook", json: #"{"url": "\#(webhook)"}"#)
        #expect(set.json["webhookUrl"] as? String == webhook)
        #expect(try await call(emulator, .PUT, "/webhook", "/webhook", json: #"{"url": 5}"#).status == 400)

        // The unposted follow, redelivered, reaches the server signed with the channel's secret.
        let redelivered = try await call(
            emulator,
            .POST,
            "/events/{webhookEventId}/redeliver",
            "/events/\(unpostedIDs[0])/redeliver"
        )
        #expect(redelivered.status == 200)
        #expect(redelivered.json["status"] as? Int == 200)
        #expect(redelivered.json["webhookEventIds"] as? [String] == unpostedIDs)
        let unknownEvent = try await call(
            emulator,
            .POST,
            "/events/{webhookEventId}/redeliver",
            "/events/01UNKNOWN/redeliver"
        )
        #expect(unknownEvent.status == 404)

        let messages: [(String, Int, Int?)] = [
            (
                #"{"text": "a (love) b", "emojis": [{"index": 2, "length": 6, "productId": "p1", "emojiId": "001"}]}"#,
                200, 200
            ),
            (#"{"type": "image"}"#, 200, 200),
            (#"{"type": "sticker", "packageId": "446", "stickerId": "1988"}"#, 200, 200),
            (#"{"type": "video"}"#, 400, nil),
            (#"{"type": "sticker"}"#, 400, nil),
        ]
        for (json, status, botStatus) in messages {
            let sent = try await call(
                emulator,
                .POST,
                "/users/{userId}/messages",
                "/users/\(user)/messages",
                json: json
            )
            #expect(sent.status == status, "\(json): \(sent.text)")
            #expect(sent.json["status"] as? Int == botStatus, "\(json): \(sent.text)")
        }

        let events = try await call(emulator, .GET, "/users", "/users")
        #expect((events.json["users"] as? [[String: Any]])?.first?["following"] as? Bool == true)

        let unsendUnknown = try await call(
            emulator,
            .POST,
            "/users/{userId}/messages/{messageId}/unsend",
            "/users/\(user)/messages/999/unsend"
        )
        #expect(unsendUnknown.status == 404)

        let inbox = try await call(emulator, .GET, "/users/{userId}/inbox", "/users/\(user)/inbox")
        #expect(inbox.status == 200)
        #expect(inbox.json["sends"] is [Any])
        let noInbox = try await call(emulator, .GET, "/users/{userId}/inbox", "/users/U0/inbox")
        #expect(noInbox.status == 404)

        let before = try #require(try await call(emulator, .GET, "/clock", "/clock").json["now"] as? Int)
        let advanced = try await call(emulator, .POST, "/clock/advance", "/clock/advance", json: #"{"seconds": 90}"#)
        #expect(advanced.json["now"] as? Int == before + 90_000)
        #expect(server.line.clock.now().millisecondsSinceEpoch == Int64(before + 90_000))
        #expect(try await call(emulator, .POST, "/clock/advance", "/clock/advance", json: "{}").status == 400)

        let fault = try await call(
            emulator,
            .POST,
            "/faults",
            "/faults",
            json: #"{"status": 503, "count": 2, "path": "/v2/bot/message/push"}"#
        )
        #expect(fault.status == 201)
        #expect(fault.json["fault"] as? String == "serverError(503)")
        #expect(try await call(emulator, .POST, "/faults", "/faults", json: #"{"kind": "nap"}"#).status == 400)

        let unfollow = try await call(emulator, .POST, "/users/{userId}/unfollow", "/users/\(user)/unfollow")
        #expect(unfollow.json["status"] as? Int == 200)
        let again = try await call(emulator, .POST, "/users/{userId}/unfollow", "/users/\(user)/unfollow")
        #expect(again.status == 409)
        #expect(!server.line.isFollowing(try .init(user), channel: server.channel))
    }
}
