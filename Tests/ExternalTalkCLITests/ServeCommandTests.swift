import Foundation
import TalkModel
import TalkTesting
import Testing
import WebhookSignature

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `external-talk serve` as an operator runs it: a real process on a real port and a real SQLite file or
/// PostgreSQL database.
@Suite("external-talk serve")
struct ServeCommandTests {
    static let secret = "5f2b8d1c7a9e4036b1d2c3e4f5a69788"
    static let channel = "2000000001"

    /// A signed follow and text webhook from one user, made by the fake platform for our channel's secret.
    static func webhooks(
        count: Int = 1,
        user name: String = "Aiko"
    ) throws -> (follow: SignedWebhook, texts: [SignedWebhook]) {
        let line = InMemoryTransport(clock: VirtualClock())
        let channel = try LineChannelID(Self.channel)
        _ = line.addChannel(channel, plan: .free, channelSecret: secret)
        let user = line.addUser(displayName: name)
        let follow = try line.follow(user, channel: channel)
        let texts = try (0..<count).map { try line.sendText("message \($0)", from: user, channel: channel) }
        return (follow, texts)
    }

    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func post(_ webhook: SignedWebhook, to server: ServeProcess, signature: String? = nil) async throws -> Int {
        try await server.request(
            "POST",
            "/webhooks/line/\(Self.channel)",
            headers: ["X-Line-Signature": signature ?? webhook.signature, "Content-Type": "application/json"],
            body: webhook.body
        ).status
    }

    @Test("W1 W3: serve answers a signed webhook 200 once stored, refuses a forged one, and stops on SIGTERM")
    func servesAndStops() async throws {
        let folder = try Self.folder()
        let database = folder + "/talk.sqlite"
        let server = try await ServeProcess([
            "--port", "0", "--db", database, "--line-channel", "\(Self.channel)=\(Self.secret)",
        ])
        #expect(server.stdout.hasPrefix("listening on http://127.0.0.1:\(server.port)\n"))
        let (follow, texts) = try Self.webhooks(count: 3)
        #expect(try await server.request("GET", "/health").status == 200)
        #expect(try await post(follow, to: server) == 200)
        for text in texts { #expect(try await post(text, to: server) == 200) }
        #expect(try await post(texts[0], to: server) == 200)
        #expect(try await post(texts[1], to: server, signature: "AAAA" + texts[1].signature) == 401)
        #expect(try await server.request("GET", "/metrics").text.contains("externaltalk_events_received_total"))
        #expect(try await server.stop(SIGTERM) == 0)
        let logs = server.stdout + server.stderr
        #expect(!logs.contains(Self.secret))
        #expect(!logs.contains(texts[1].signature))
        #expect(!logs.contains("message 0"))

        let exported = try CLI.run([
            "export", "--db", database, "--channel", Self.channel, "--format", "jsonl", "--include-unread",
        ])
        #expect(exported.status == 0)
        #expect(exported.lines.count == 3)
    }

    @Test("The SQLite file defaults to external-talk.sqlite in the current folder, created on first run")
    func defaultDatabase() async throws {
        let folder = try Self.folder()
        let server = try await ServeProcess(
            ["--port", "0", "--line-channel", "\(Self.channel)=\(Self.secret)"],
            directory: folder
        )
        #expect(try await post(try Self.webhooks().follow, to: server) == 200)
        try await server.stop()
        #expect(FileManager.default.fileExists(atPath: folder + "/external-talk.sqlite"))
    }

    @Test("Configuration errors stop start-up with one line and exit 64, or 66 for an unreadable file")
    func configurationErrors() async throws {
        let folder = try Self.folder()
        let badJSON = folder + "/bad.json"
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: badJSON))
        let noSecret = folder + "/no-secret.json"
        try Data(#"{"channels":[{"id":"2000000001"}]}"#.utf8).write(to: URL(fileURLWithPath: noSecret))
        let badLease = folder + "/bad-lease.json"
        try Data(#"{"outbox":{"attemptLeaseSeconds":0}}"#.utf8).write(to: URL(fileURLWithPath: badLease))
        let cases: [(arguments: [String], status: Int32, mentions: String)] = [
            (["--line-channel", "2000000001="], 64, "secret is missing"),
            (["--line-channel", "\(Self.secret)"], 64, "ID=SECRET"),
            (["--line-channel", "abc=\(Self.secret)"], 64, "channel"),
            (["--postgres", "mysql://x@y/z"], 64, "postgres"),
            (["--config", folder + "/missing.json"], 66, "cannot read"),
            (["--config", badJSON], 64, "not valid JSON"),
            (["--config", noSecret], 64, "secret is missing"),
            (["--config", badLease], 64, "outbox.attemptLeaseSeconds"),
            (["--port", "70000"], 64, "out of range"),
        ]
        for (arguments, status, mentions) in cases {
            let store = arguments.contains("--postgres") ? [] : ["--db", folder + "/x.sqlite"]
            let result = try CLI.run(["serve"] + store + arguments)
            #expect(result.status == status, "\(arguments)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(mentions), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains(Self.secret))
        }
    }

    @Test("A port in use stops start-up with one clear line and exit 64")
    func portInUse() async throws {
        let folder = try Self.folder()
        let first = try await ServeProcess([
            "--port", "0", "--db", folder + "/a.sqlite", "--line-channel", "\(Self.channel)=\(Self.secret)",
        ])
        let second = try CLI.run([
            "serve", "--port", "\(first.port)", "--db", folder + "/b.sqlite", "--line-channel",
            "\(Self.channel)=\(Self.secret)",
        ])
        try await first.stop()
        #expect(second.status == 64)
        #expect(second.stderr.contains("in use"), "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1, "\(second.stderr)")
    }

    @Test("A configuration file gives channels and the admin token; the token may come from the environment")
    func configurationFile() async throws {
        let folder = try Self.folder()
        let config = folder + "/external-talk.json"
        try Data(
            #"""
            {"tenant": "example.co.jp", "database": "\#(folder)/talk.sqlite",
             "channels": [{"id": "\#(Self.channel)", "secret": "\#(Self.secret)", "owner": "sato@example.co.jp"}]}
            """#.utf8
        ).write(to: URL(fileURLWithPath: config))
        let token = "an-admin-token-for-tests-0001"
        let server = try await ServeProcess(
            ["--config", config, "--port", "0"],
            environment: ["EXTERNAL_TALK_ADMIN_TOKEN": token]
        )
        #expect(try await post(try Self.webhooks().follow, to: server) == 200)
        let refused = try await server.request("GET", "/admin/v1/requests")
        #expect(refused.status == 401)
        let requests = try await server.request(
            "GET",
            "/admin/v1/requests",
            headers: ["Authorization": "Bearer \(token)"]
        )
        #expect(requests.status == 200)
        let items = try JSONSerialization.jsonObject(with: requests.body) as? [String: Any]
        #expect((items?["items"] as? [Any])?.count == 1)
        try await server.stop()
        #expect(!(server.stdout + server.stderr).contains(token))
    }

    @Test("W3: two instances on one PostgreSQL database apply a webhook delivered to both at once exactly once")
    func twoInstancesOnePostgres() async throws {
        let url = try TestPostgres.freshURL()
        let token = "an-admin-token-for-tests-0002"
        let arguments = ["--port", "0", "--postgres", url, "--line-channel", "\(Self.channel)=\(Self.secret)"]
        let environment = ["EXTERNAL_TALK_ADMIN_TOKEN": token]
        let first = try await ServeProcess(arguments, environment: environment)
        let second = try await ServeProcess(arguments, environment: environment)
        let (follow, texts) = try Self.webhooks(count: 5)
        #expect(try await post(follow, to: first) == 200)
        // Each text reaches both instances ten times at the same moment, as LINE's redelivery might.
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for text in texts {
                for _ in 0..<10 {
                    for server in [first, second] { group.addTask { try await self.post(text, to: server) } }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 100)
        #expect(Set(statuses) == [200])
        // The feed is the database's: each message was published once, by whichever instance applied it.
        let events = try await first.request(
            "GET",
            "/admin/v1/events?limit=1000",
            headers: ["Authorization": "Bearer \(token)"]
        )
        let items =
            (try JSONSerialization.jsonObject(with: events.body) as? [String: Any])?["items"] as? [[String: Any]]
        // Without an owner the channel is a shared desk whose chat mode is off, so the messages are held (R19).
        let received = items?.filter { ["message.received", "message.held"].contains($0["kind"] as? String) } ?? []
        #expect(received.count == 5)
        try await first.stop()
        try await second.stop()
        let exported = try CLI.run([
            "export", "--postgres", url, "--channel", Self.channel, "--format", "jsonl", "--include-unread",
        ])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.lines.count == 5)
    }
}

@Suite("external-talk demo --federation")
struct FederationDemoTests {
    @Test("R04 R08 R09 R11 R14 R16: two tenants' servers federate over loopback HTTP, step by step")
    func twoTenantsOverHTTP() throws {
        let result = try CLI.run(["demo", "--federation"])
        #expect(result.status == 0, "\(result.stderr)")
        let steps = result.lines.filter { $0.hasPrefix("step ") }
        #expect(steps.count == 10, "\(result.stdout)")
        let story = result.stdout
        for expected in [
            "sato invites tanaka by exact ID (R08): answered 201",
            "sees the request from sato, pending (R09)",
            "talk starts on both sides",
            "shown as (smile) at the partner (R14)",
            "sato's message shows read on our side (R16)",
            "refused with R11",
            "suzuki's invitation is refused, explained with R",
            "refused by the partner's policy",
        ] {
            #expect(story.contains(expected), "missing: \(expected)")
        }
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }
}
