// A process for the exactly-once tests to kill.
//
//     ExternalTalkCrashWorker DB FIRST COUNT [--twice]
//
// applies a deterministic stream of signed LINE webhooks to an ExternalTalk service on a SQLite file and prints
// `ack N` after the service accepted webhook N, which is the moment a server would answer LINE 200. With --twice,
// every webhook is delivered twice at the same moment, as when LINE redelivers a webhook whose answer was slow.
//
//     ExternalTalkCrashWorker send DB API-BASE-URL WEBHOOK-DIR USER COUNT
//
// is the sending side, on a LINE API served over loopback HTTP (the access token in CRASH_WORKER_LINE_TOKEN): it
// applies the signed webhooks in WEBHOOK-DIR (`NAME.json` with its signature in `NAME.sig`), accepts USER's
// request if it is pending, finishes what the outbox holds from an earlier run, then sends `crash message I` for
// every I below COUNT not stored yet, printing `sent I STATE` after each, and `done` when the outbox is settled.
// CRASH_WORKER_LATER_SECONDS=N runs it on a clock N seconds ahead: the process restarted that much later.

import ExternalTalk
import Foundation
import LineHTTPTransport
import SQLiteStorage
import TalkModel
import TalkStorage
import TalkTransport
import TalkWire
import WebhookSignature

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum CrashStream {
    static let secret = "3c1b8f3ad0a24c9bb2f2a4cf0e6f1d20"
    static let channel = "1234567890"
    static let eventsPerWebhook = 3

    /// The body of webhook `n`: three text messages with event IDs `crash-n-0...2` and message IDs `n*3+k`.
    static func body(_ n: Int) -> [UInt8] {
        var events: [String] = []
        for k in 0..<eventsPerWebhook {
            let serial = n * eventsPerWebhook + k
            let user = "U" + String(repeating: "0", count: 28) + String(format: "%04lx", n % 7)
            events.append(
                #"{"type":"message","mode":"active","timestamp":1700000000000,"#
                    + #""source":{"type":"user","userId":"\#(user)"},"webhookEventId":"crash-\#(n)-\#(k)","#
                    + #""deliveryContext":{"isRedelivery":false},"replyToken":"r\#(serial)","#
                    + #""message":{"id":"\#(1_000_000 + serial)","type":"text","quoteToken":"q","text":"message \#(serial)"}}"#
            )
        }
        return Array(
            (#"{"destination":"U0123456789abcdef0123456789abcdef","events":["# + events.joined(separator: ",") + "]}")
                .utf8
        )
    }
}

struct UnusedTransport: TalkTransport {
    struct Unused: Error {}
    func perform<Call: LineAPICall>(_ call: Call, channel: LineChannelID) async throws -> Call.Response {
        throw Unused()
    }
    func downloadContent(messageID: String, channel: LineChannelID) async throws -> LineContent { throw Unused() }
    func send(_ request: WorksSendRequest) async throws -> WorksSendReceipt { throw Unused() }
    func deliver(_ request: FederationRequest, to peer: TenantDomain) async throws -> FederationDeliveryReceipt {
        throw Unused()
    }
}

func acknowledge(_ n: Int) { say("ack \(n)") }

func say(_ text: String) {
    let line = Array((text + "\n").utf8)
    line.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

func fail(_ text: String) -> Never {
    FileHandle.standardError.write(Data((text + "\n").utf8))
    exit(1)
}

func crashConfiguration(outboxRetry: OutboxRetry = OutboxRetry()) throws -> ExternalTalkConfiguration {
    let tenant = try TenantDomain("example.co.jp")
    let member = try MemberID("sato@example.co.jp")
    var policy = TenantPolicy(tenant: tenant, plan: .paid)
    policy.lineLink = ExternalLink(isEnabled: true, allowedMembers: .only([member]))
    return ExternalTalkConfiguration(
        policy: policy,
        channels: [
            ChannelConfiguration(
                channel: OfficialAccountChannel(
                    id: try LineChannelID(CrashStream.channel),
                    provider: try LineProviderID("1650000001"),
                    basicID: try LineBasicID("@crash01"),
                    displayName: "Crash",
                    scope: .companyWide
                ),
                secrets: [WebhookSecret(CrashStream.secret)],
                owner: member
            )
        ],
        outboxRetry: outboxRetry
    )
}

/// The system clock, read as if the process ran some seconds later.
struct LaterClock: TalkClock {
    let offset: TalkDuration
    func now() -> Timestamp { SystemClock().now().advanced(by: offset) }
}

/// The sending side: see the file's header.
func runSender(_ arguments: [String]) async throws {
    guard arguments.count == 7, let count = Int(arguments[6]),
        let token = ProcessInfo.processInfo.environment["CRASH_WORKER_LINE_TOKEN"]
    else {
        FileHandle.standardError.write(
            Data("usage: CRASH_WORKER_LINE_TOKEN=T ExternalTalkCrashWorker send DB API DIR USER COUNT\n".utf8)
        )
        exit(64)
    }
    let member = try MemberID("sato@example.co.jp")
    let channel = try LineChannelID(CrashStream.channel)
    let later = ProcessInfo.processInfo.environment["CRASH_WORKER_LATER_SECONDS"].flatMap { Int64($0) } ?? 0
    let user = try LineUserID(arguments[5])
    // The lease is short so that a restarted worker takes over what the killed one held, and far longer than an
    // answered request takes on loopback. The transport makes no retries of its own: the outbox does.
    let retry = OutboxRetry(
        initialDelay: .milliseconds(50),
        maximumDelay: .milliseconds(200),
        attemptLease: .seconds(1)
    )
    try await HTTPTalkTransport.withOwnedClient(
        configuration: HTTPTalkTransport.Configuration(
            apiBaseURL: arguments[3],
            requestTimeout: .seconds(120),
            retryPolicy: .none,
            allowsInsecureLoopback: true
        ),
        accessTokens: .fixed(token)
    ) { transport in
        let service = ExternalTalkService(
            configuration: try crashConfiguration(outboxRetry: retry),
            storage: try SQLiteStorage(path: arguments[2]),
            transport: transport,
            clock: LaterClock(offset: .milliseconds(later * 1000))
        )
        let directory = URL(fileURLWithPath: arguments[4])
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        for name in names {
            let body = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
            let signatureFile = directory.appendingPathComponent(String(name.dropLast(5)) + ".sig")
            let signature = try String(contentsOf: signatureFile, encoding: .utf8)
            let outcome = await service.receiveLineWebhook(channel: channel, signature: signature, body: body)
            guard outcome.status == .accepted else { fail("webhook \(name) not accepted: \(outcome)") }
        }
        guard let room = try await service.room(channel: channel, user: user) else { fail("no room for \(user)") }
        if !room.room.status.isActive { try await service.accept(room.id, by: member) }

        /// Runs the outbox until no outbound message is queued, for at most 60 seconds.
        func settle() async throws -> [StoredMessage] {
            let clock = ContinuousClock()
            let end = clock.now.advanced(by: .seconds(60))
            while true {
                await service.runDueWork()
                let outbound = try await service.messages(in: room.id, limit: 10_000).filter {
                    $0.direction == .outbound
                }
                if !outbound.contains(where: { $0.state == .queued }) { return outbound }
                if clock.now > end { fail("the outbox did not settle") }
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        let stored = Set(try await settle().map(\.text))
        for i in 0..<count where !stored.contains("crash message \(i)") {
            let receipt = try await service.send(
                .text(TextContent(workspaceText: "crash message \(i)", catalog: EmojiCatalog())),
                to: room.id,
                as: .member(member)
            )
            say("sent \(i) \(receipt.state)")
        }
        _ = try await settle()
        say("done")
    }
}

@main
struct CrashWorker {
    static func main() async throws {
        let arguments = CommandLine.arguments
        if arguments.count > 1, arguments[1] == "send" {
            try await runSender(arguments)
            return
        }
        guard arguments.count >= 4, let first = Int(arguments[2]), let count = Int(arguments[3]) else {
            FileHandle.standardError.write(Data("usage: ExternalTalkCrashWorker DB FIRST COUNT [--twice]\n".utf8))
            exit(64)
        }
        let twice = arguments.contains("--twice")
        let channelID = try LineChannelID(CrashStream.channel)
        let service = ExternalTalkService(
            configuration: try crashConfiguration(),
            storage: try SQLiteStorage(path: arguments[1]),
            transport: UnusedTransport()
        )
        let signer = WebhookSignatureVerifier(secrets: [WebhookSecret(CrashStream.secret)])
        for n in first..<(first + count) {
            let body = CrashStream.body(n)
            let signature = signer.signature(for: body)
            let outcomes: [WebhookOutcome]
            if twice {
                async let one = service.receiveLineWebhook(channel: channelID, signature: signature, body: body)
                async let two = service.receiveLineWebhook(channel: channelID, signature: signature, body: body)
                outcomes = await [one, two]
            } else {
                outcomes = [await service.receiveLineWebhook(channel: channelID, signature: signature, body: body)]
            }
            guard outcomes.allSatisfy({ $0.status == .accepted }) else {
                FileHandle.standardError.write(Data("webhook \(n) not accepted: \(outcomes)\n".utf8))
                exit(1)
            }
            acknowledge(n)
        }
    }
}
