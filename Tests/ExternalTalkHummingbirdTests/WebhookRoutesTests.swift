import ExternalTalk
import ExternalTalkHummingbird
import Foundation
import NIOHTTP1
import Prometheus
import ServiceLifecycle
import Synchronization
import TalkModel
import TalkStorage
import TalkTesting
import TalkTransport
import Testing
import WebhookSignature

/// The webhook, callback, federation, health and metrics routes over real HTTP on loopback.
@Suite("Webhook routes over HTTP")
struct WebhookRoutesTests {
    @Test("W1: a signed webhook is answered 200 only once stored, whatever the case of the header name")
    func signedWebhookIsStored() async throws {
        try await ServerHarness.run { server in
            let user = server.line.addUser(displayName: "Aiko")
            _ = try await server.post(try server.line.follow(user, channel: server.channel))
            for (index, name) in ["X-Line-Signature", "x-line-signature", "X-LINE-SIGNATURE"].enumerated() {
                let webhook = try server.line.sendText("hello \(index)", from: user, channel: server.channel)
                let answer = try await server.postWebhook(webhook.body, signature: webhook.signature, headerName: name)
                #expect(answer.status == 200, "\(name)")
            }
            #expect(try await server.messageCount() == 3)
        }
    }

    @Test("W1: a wrong or missing signature is 401 with no detail, and nothing is stored")
    func badSignatures() async throws {
        try await ServerHarness.run { server in
            let user = server.line.addUser(displayName: "Aiko")
            let webhook = try server.line.follow(user, channel: server.channel)
            let wrong = try await server.postWebhook(webhook.body, signature: "AAAA" + webhook.signature)
            let missing = try await server.postWebhook(webhook.body, signature: nil)
            let otherSecret = WebhookSignatureVerifier(secrets: [WebhookSecret("another secret")])
                .signature(for: webhook.body)
            let forged = try await server.postWebhook(webhook.body, signature: otherSecret)
            for answer in [wrong, missing, forged] {
                #expect(answer.status == 401)
                #expect(answer.body.isEmpty)
            }
            #expect(try await server.service.rooms().isEmpty)
        }
    }

    @Test("W2: malformed bodies and invalid UTF-8 are 400 naming the error, never the body's text")
    func malformedBodies() async throws {
        try await ServerHarness.run { server in
            let secretWord = "confidential-body-text"
            let bodies: [[UInt8]] = [
                Array(#"{"events":["#.utf8),
                Array(#"{"destination":"U1","events":[{"type":"message","text":"\#(secretWord)""#.utf8),
                [0x7B, 0x22, 0x65, 0xFF, 0xFE, 0x22, 0x7D],
                Array("not json at all \(secretWord)".utf8),
            ]
            for body in bodies {
                let answer = try await server.postWebhook(body, signature: server.sign(body))
                #expect(answer.status == 400)
                #expect(!answer.text.contains(secretWord))
                let json = try answer.json()
                #expect(json["error"] as? String == "malformed body")
                #expect((json["reason"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test("An unknown or invalid channel is 404")
    func unknownChannel() async throws {
        try await ServerHarness.run { server in
            let body = Array(#"{"destination":"U0","events":[]}"#.utf8)
            let unknown = try await server.postWebhook(body, signature: server.sign(body), channel: "1999999999")
            let invalid = try await server.postWebhook(body, signature: server.sign(body), channel: "not-a-channel")
            #expect(unknown.status == 404)
            #expect(invalid.status == 404)
        }
    }

    @Test("A body over the limit is 413, declared or streamed, and the server keeps serving")
    func oversizeBodies() async throws {
        try await ServerHarness.run(maximumBodyBytes: 64 * 1024) { server in
            let big = [UInt8](repeating: UInt8(ascii: "a"), count: 200 * 1024)
            let declared = try await server.postWebhook(big, signature: server.sign(big))
            #expect(declared.status == 413)
            let streamed = try await server.request(
                .POST,
                "/webhooks/line/\(server.channel.rawValue)",
                headers: [("X-Line-Signature", server.sign(big))],
                body: big,
                chunked: true
            )
            #expect(streamed.status == 413)
            let user = server.line.addUser(displayName: "Aiko")
            #expect(try await server.post(try server.line.follow(user, channel: server.channel)).status == 200)
        }
    }

    @Test("W3: one webhook posted 30 times at once is answered 200 each time and stored once")
    func concurrentRedeliveries() async throws {
        try await ServerHarness.run { server in
            let (user, _) = try await server.follower(accepted: true)
            let webhook = try server.line.sendText("only once", from: user, channel: server.channel)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<30 { group.addTask { try await server.post(webhook).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 30))
            #expect(try await server.messageCount() == 1)
        }
    }

    @Test("Group commit: concurrent webhooks share storage transactions, and each is stored")
    func groupCommit() async throws {
        // Each write transaction takes 50 ms, so requests that arrive meanwhile wait for the next one.
        try await ServerHarness.run(writeDelay: .milliseconds(50)) { server in
            let (user, _) = try await server.follower(accepted: true)
            let webhooks = try (0..<40).map {
                try server.line.sendText("message \($0)", from: user, channel: server.channel)
            }
            let before = server.storage.writes.load(ordering: .relaxed)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for webhook in webhooks { group.addTask { try await server.post(webhook).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            let transactions = server.storage.writes.load(ordering: .relaxed) - before
            #expect(statuses == Array(repeating: 200, count: 40))
            #expect(try await server.messageCount() == 40)
            #expect(transactions <= 20, "40 webhooks took \(transactions) write transactions")
        }
    }

    @Test("Graceful shutdown answers the request in flight after its commit, then stops")
    func gracefulShutdownDrains() async throws {
        let stored = try await ServerHarness.run(writeDelay: .milliseconds(400)) { server in
            let user = server.line.addUser(displayName: "Aiko")
            let webhook = try server.line.follow(user, channel: server.channel)
            async let answer = server.post(webhook)
            try await Task.sleep(for: .milliseconds(100))
            await server.group.triggerGracefulShutdown()
            #expect(try await answer.status == 200)
            return try await server.service.room(channel: server.channel, user: user) != nil
        }
        #expect(stored)
    }

    // Other tests run at the same time and count too, so the counters are checked to have grown by at least one.
    @Test("Health answers 200; metrics count received, duplicate and rejected requests")
    func healthAndMetrics() async throws {
        try await ServerHarness.run { server in
            #expect(try await server.request(.GET, "/health").status == 200)
            func value(_ name: String, _ labels: String) async throws -> Double {
                let text = try await server.request(.GET, "/metrics").text
                let line = text.split(separator: "\n").first { $0.hasPrefix("\(name){\(labels)}") }
                return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
            }
            let received = try await value("externaltalk_events_received_total", #"source="line""#)
            let duplicates = try await value("externaltalk_events_duplicate_total", #"source="line""#)
            let rejected = try await value(
                "externaltalk_requests_rejected_total",
                #"source="line",reason="signature""#
            )
            let user = server.line.addUser(displayName: "Aiko")
            let webhook = try server.line.follow(user, channel: server.channel)
            _ = try await server.post(webhook)
            _ = try await server.post(webhook)
            _ = try await server.postWebhook(webhook.body, signature: "wrong")
            #expect(try await value("externaltalk_events_received_total", #"source="line""#) >= received + 1)
            #expect(try await value("externaltalk_events_duplicate_total", #"source="line""#) >= duplicates + 1)
            #expect(
                try await value("externaltalk_requests_rejected_total", #"source="line",reason="signature""#)
                    >= rejected + 1
            )
            let exposition = try await server.request(.GET, "/metrics")
            #expect(!exposition.text.contains(server.secret))
            #expect(!exposition.text.contains(webhook.signature))
        }
    }

    @Test("Logs carry no secret, signature, token or message text")
    func logsAreClean() async throws {
        try await ServerHarness.run { server in
            let (user, room) = try await server.follower(accepted: true)
            let text = "private words about an order"
            let webhook = try server.line.sendText(text, from: user, channel: server.channel)
            _ = try await server.post(webhook)
            _ = try await server.postWebhook(webhook.body, signature: "forged")
            let garbage = Array(#"{"events":[{"text":"private garbage"#.utf8)
            _ = try await server.postWebhook(garbage, signature: server.sign(garbage))
            _ = try await server.admin(.GET, "/admin/v1/rooms", token: "wrong-token-guess-0000")
            _ = try await server.admin(
                .POST,
                "/admin/v1/rooms/\(segment(room.rawValue))/messages",
                json: #"{"member":"\#(server.owner.rawValue)","text":"a reply with a secret plan"}"#
            )
            let logs = server.logs.all.joined(separator: "\n")
            #expect(!logs.isEmpty)
            for forbidden in [
                server.secret, webhook.signature, text, "private garbage", "secret plan", ServerHarness.adminToken,
                "wrong-token-guess",
            ] {
                #expect(!logs.contains(forbidden), "the logs contain \(forbidden.prefix(8))…")
            }
        }
    }

    @Test("LINE WORKS callbacks: an unknown bot is 404; federation: an unsigned request is 401")
    func worksAndFederationRefusals() async throws {
        try await ServerHarness.run { server in
            let body = Array(#"{"type":"message"}"#.utf8)
            let works = try await server.request(
                .POST,
                "/webhooks/works/unknown-bot",
                headers: [("X-WORKS-Signature", "AAAA")],
                body: body
            )
            #expect(works.status == 404)
            let federation = try await server.request(
                .POST,
                FederationHTTP.path,
                headers: [(FederationHTTP.tenantHeader, "partner.example.jp")],
                body: body
            )
            #expect(federation.status == 401)
            #expect(federation.body.isEmpty)
        }
    }
}

@Suite("Admin token")
struct AdminTokenTests {
    @Test("The bearer token is compared whole, in constant time, case-insensitively in its scheme only")
    func tokenComparison() {
        let token = AdminToken("correct-horse-battery-staple")
        #expect(token.authorizes("Bearer correct-horse-battery-staple"))
        #expect(token.authorizes("bearer correct-horse-battery-staple"))
        #expect(!token.authorizes("Bearer correct-horse-battery-stapl"))
        #expect(!token.authorizes("Bearer correct-horse-battery-staple2"))
        #expect(!token.authorizes("Bearer CORRECT-HORSE-BATTERY-STAPLE"))
        #expect(!token.authorizes("Basic correct-horse-battery-staple"))
        #expect(!token.authorizes("Bearer "))
        #expect(!token.authorizes(nil))
        #expect(!"\(token)".contains("horse"))
    }
}
