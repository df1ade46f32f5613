import FakeLineAPIServer
import Foundation
import SQLiteStorage
import TalkModel
import TalkStorage
import TalkTesting
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Kills a process that sends through the outbox to a LINE API on loopback HTTP, at the worst moment: LINE has
/// accepted the request, the process has not learnt it. A second process on the same SQLite file finishes the
/// work; LINE (the fake platform behind the HTTP server, which outlives both) counts what it accepted.
@Suite("Outbound exactly once across a crash")
struct OutboundCrashTests {
    static let channel = try! LineChannelID("1234567890")
    static let secret = "3c1b8f3ad0a24c9bb2f2a4cf0e6f1d20"

    /// A platform with the worker's channel and one LINE user who follows it, and the webhooks to give the worker.
    static func platform(userWrites: Bool) throws -> (InMemoryTransport, LineUserID, String, [SignedWebhook]) {
        // The platform's clock reads the real time: the worker judges a reply token's age by the event's timestamp.
        let now = Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000))
        let platform = InMemoryTransport(clock: VirtualClock(at: now))
        let credentials = platform.addChannel(channel, plan: .light, channelSecret: secret)
        let user = platform.addUser(displayName: "Aiko")
        var webhooks = [try platform.follow(user, channel: channel)]
        if userWrites { webhooks.append(try platform.sendText("Is the shop open?", from: user, channel: channel)) }
        return (platform, user, credentials.accessToken, webhooks)
    }

    /// A temporary folder with the SQLite file and the webhook files the worker reads.
    static func workspace(_ webhooks: [SignedWebhook]) throws -> (directory: URL, database: String, webhooks: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("send-crash-\(UUID().uuidString)")
        let folder = directory.appendingPathComponent("webhooks")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (index, webhook) in webhooks.enumerated() {
            let name = String(format: "%03d", index)
            try Data(webhook.body).write(to: folder.appendingPathComponent(name + ".json"))
            try Data(webhook.signature.utf8).write(to: folder.appendingPathComponent(name + ".sig"))
        }
        return (directory, directory.appendingPathComponent("talk.sqlite").path, folder)
    }

    /// Runs the sending worker; while it runs, `watch` is asked every few milliseconds whether to kill it now.
    /// - Returns: The worker's output lines and whether it was killed.
    static func runSender(
        database: String,
        api: String,
        webhooks: URL,
        user: LineUserID,
        count: Int,
        token: String,
        laterSeconds: Int = 0,
        watch: @Sendable () -> Bool = { false }
    ) async throws -> (lines: [String], killed: Bool) {
        let executable = try #require(CrashRecoveryTests.worker, "ExternalTalkCrashWorker was not built")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["send", database, api, webhooks.path, user.rawValue, String(count)]
        var environment = ProcessInfo.processInfo.environment
        environment["CRASH_WORKER_LINE_TOKEN"] = token
        environment["CRASH_WORKER_LATER_SECONDS"] = String(laterSeconds)
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var killed = false
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(120))
        while process.isRunning && clock.now < end {
            if !killed && watch() {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("the worker did not finish within 120 seconds")
        }
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if killed {
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        } else {
            #expect(process.terminationStatus == 0, "the worker failed: \(text)")
        }
        return (text.split(separator: "\n").map(String.init), killed)
    }

    /// The outbound messages stored in the file, and the feed's event kinds.
    static func stored(_ path: String) async throws -> (outbound: [StoredMessage], feed: [String]) {
        let storage = try SQLiteStorage(path: path)
        return try await storage.read { storage in
            let outbound = try storage.messages(in: .all, after: 0, limit: 10_000).filter { $0.direction == .outbound }
            let feed = try storage.feedEntries(after: 0, limit: 10_000).map(\.kind)
            return (outbound, feed)
        }
    }

    @Test(
        "W3, R32: killed after LINE accepted a push but before the answer came, the restarted outbox resends it with the same retry key; every message reaches the user once"
    )
    func pushAcceptedThenKilled() async throws {
        let (platform, user, token, webhooks) = try Self.platform(userWrites: false)
        let (directory, database, folder) = try Self.workspace(webhooks)
        defer { try? FileManager.default.removeItem(at: directory) }
        let count = 40

        try await FakeLineAPIServer.withServer(platform: platform) { server in
            // Ten messages go out; then LINE accepts the next push and never answers it, and the worker is killed
            // while it waits. Two runs of the worker, so that the crash lands on message 10 on any machine.
            let warmUp = try await Self.runSender(
                database: database,
                api: server.apiBaseURL,
                webhooks: folder,
                user: user,
                count: 10,
                token: token
            )
            #expect(warmUp.lines.filter { $0.hasPrefix("sent ") }.count == 10)
            platform.injectFault(.timeoutAfterProcessing, count: 1, pathPrefix: "/v2/bot/message/push")
            let first = try await Self.runSender(
                database: database,
                api: server.apiBaseURL,
                webhooks: folder,
                user: user,
                count: count,
                token: token
            ) { server.withheldAnswers >= 1 }
            #expect(first.killed)
            #expect(first.lines.isEmpty, "message 10 was answered: \(first.lines)")
            let sentBeforeCrash = 10

            // The message in flight is stored, and LINE has it, but the file does not know it went out.
            let afterCrash = try await Self.stored(database)
            #expect(afterCrash.outbound.count == sentBeforeCrash + 1)
            #expect(afterCrash.outbound.filter { $0.state == .queued }.count == 1)
            #expect(platform.messages(deliveredTo: user).count == sentBeforeCrash + 1)

            let second = try await Self.runSender(
                database: database,
                api: server.apiBaseURL,
                webhooks: folder,
                user: user,
                count: count,
                token: token
            )
            #expect(second.lines.last == "done")
            #expect(second.lines.filter { $0.hasPrefix("sent ") }.count == count - sentBeforeCrash - 1)
        }

        // LINE delivered every message exactly once, in order.
        let delivered = platform.messages(deliveredTo: user).flatMap(\.texts)
        #expect(delivered == (0..<count).map { "crash message \($0)" })
        // The message in flight at the kill went out a second time with the same retry key; LINE answered 409
        // and delivered nothing more. No other retry key was used twice.
        let keys = platform.requests.filter { $0.path == "/v2/bot/message/push" }.compactMap {
            $0.headers["x-line-retry-key"]
        }
        let repeated = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }
        #expect(repeated.count == 1 && repeated.first?.value.count == 2, "retry keys used twice: \(repeated)")
        // Every send is stored once and settled as sent.
        let final = try await Self.stored(database)
        #expect(final.outbound.count == count)
        #expect(final.outbound.allSatisfy { $0.state == .sent })
        #expect(Set(final.outbound.map(\.text)).count == count)
    }

    /// A worker is killed while LINE holds its reply unanswered; another starts `laterSeconds` afterwards.
    /// - Returns: What the platform and the file hold afterwards.
    static func replyInFlightThenKilled(
        restartAfter laterSeconds: Int
    ) async throws -> (
        platform: InMemoryTransport, user: LineUserID, stored: (outbound: [StoredMessage], feed: [String])
    ) {
        let (platform, user, token, webhooks) = try Self.platform(userWrites: true)
        let (directory, database, folder) = try Self.workspace(webhooks)
        defer { try? FileManager.default.removeItem(at: directory) }
        // LINE takes the reply and never answers it.
        platform.injectFault(.timeoutAfterProcessing, count: 1, pathPrefix: "/v2/bot/message/reply")

        try await FakeLineAPIServer.withServer(platform: platform) { server in
            let first = try await Self.runSender(
                database: database,
                api: server.apiBaseURL,
                webhooks: folder,
                user: user,
                count: 1,
                token: token
            ) { server.withheldAnswers >= 1 }
            #expect(first.killed)
            #expect(first.lines.isEmpty, "the reply was answered: \(first.lines)")

            let second = try await Self.runSender(
                database: database,
                api: server.apiBaseURL,
                webhooks: folder,
                user: user,
                count: 1,
                token: token,
                laterSeconds: laterSeconds
            )
            #expect(second.lines == ["done"], "the stored message was sent again: \(second.lines)")
        }
        return (platform, user, try await Self.stored(database))
    }

    @Test(
        "W3: killed during a reply, restarted while its token is fresh: asking LINE again with the token learns it was used, so the message is sent, once"
    )
    func replyInFlightRestartedSoon() async throws {
        let (platform, user, stored) = try await Self.replyInFlightThenKilled(restartAfter: 0)
        let delivered = platform.messages(deliveredTo: user)
        #expect(delivered.map(\.kind) == [.reply])
        #expect(delivered.flatMap(\.texts) == ["crash message 0"])
        // The second attempt asked with the same token and was refused: that is how it learnt.
        #expect(platform.requests.filter { $0.path == "/v2/bot/message/reply" }.count == 2)
        #expect(!platform.requests.contains { $0.path == "/v2/bot/message/push" })
        #expect(stored.outbound.map(\.state) == [.sent])
        #expect(stored.feed.contains("message.sent"))
    }

    @Test(
        "W3: killed during a reply, restarted after its token went stale: the outcome cannot be learnt, so the message is marked uncertain and the host told; it is never pushed blindly"
    )
    func replyInFlightRestartedLate() async throws {
        let (platform, user, stored) = try await Self.replyInFlightThenKilled(restartAfter: 120)
        let delivered = platform.messages(deliveredTo: user)
        #expect(delivered.map(\.kind) == [.reply])
        #expect(delivered.flatMap(\.texts) == ["crash message 0"])
        #expect(platform.requests.filter { $0.path == "/v2/bot/message/reply" }.count == 1)
        #expect(!platform.requests.contains { $0.path == "/v2/bot/message/push" })
        #expect(stored.outbound.map(\.state) == [.uncertain])
        #expect(stored.feed.contains("message.uncertain"))
        #expect(!stored.feed.contains("message.sent"))
    }
}
