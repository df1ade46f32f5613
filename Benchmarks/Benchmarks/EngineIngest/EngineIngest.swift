// Webhook bytes -> verified, decoded, deduplicated, applied, stored and published events, through
// `ExternalTalkService`, on `InMemoryStorage` and on `SQLiteStorage`; with one event per webhook and 100 per
// webhook. Beside them, in the same run, the baselines the targets are stated against:
//
// - "verify+decode": signature check and decode of the same bodies alone (the engine should add little in memory);
// - "raw GRDB insert": the rows the engine writes for the same events (ledger, message, feed entry, room),
//   inserted straight through GRDB with cached statements in one transaction per batch: the storage's own limit
//   on this machine.
//
// SQLite runs are batched as a server would batch them: `receiveLineWebhooks` with 100 webhooks of one event in
// one transaction (group commit), and one webhook of 100 events. Throughput reads in iterations per second: an
// iteration handles one event where the name says "1 event", and 100 events where it says "100"; compare a
// benchmark only with its baseline of the same size.
//
// Every iteration uses webhooks never seen before (fresh `webhookEventId`s from a pool generated up front), so
// the ledger never short-cuts the work.

import Benchmark
import ExternalTalk
import Foundation
import GRDB
import SQLiteStorage
import Synchronization
import TalkModel
import TalkStorage
import TalkTransport
import TalkWire
import WebhookSignature

/// Signed webhook bodies with unique event and message IDs.
struct WebhookPool: Sendable {
    static let secret = "8c570fa6dd201bb328f1c1eac23a96d8"
    static let channel = try! LineChannelID("1234567890")
    /// The LINE users the webhooks come from.
    static let users = 1000
    let bodies: [[UInt8]]
    let signatures: [String]

    init(webhooks: Int, eventsPerWebhook: Int, seed: Int) {
        let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret(Self.secret)])
        var bodies: [[UInt8]] = []
        var signatures: [String] = []
        bodies.reserveCapacity(webhooks)
        var serial = seed * 10_000_000
        for _ in 0..<webhooks {
            var events: [String] = []
            for _ in 0..<eventsPerWebhook {
                serial += 1
                let user = String(format: "U%032lx", serial % Self.users)
                events.append(
                    #"{"type":"message","mode":"active","timestamp":1700000000000,"#
                        + #""source":{"type":"user","userId":"\#(user)"},"#
                        + #""webhookEventId":"01HBENCH\#(String(format: "%018ld", serial))","#
                        + #""deliveryContext":{"isRedelivery":false},"#
                        + #""replyToken":"\#(String(format: "%032lx", serial))","#
                        + #""message":{"id":"\#(String(format: "%018ld", serial))","type":"text","#
                        + #""quoteToken":"q\#(serial)","text":"Hello, is the store open tomorrow?"}}"#
                )
            }
            let body = Array(
                (#"{"destination":"U0123456789abcdef0123456789abcdef","events":["# + events.joined(separator: ",")
                    + "]}")
                    .utf8
            )
            bodies.append(body)
            signatures.append(verifier.signature(for: body))
        }
        self.bodies = bodies
        self.signatures = signatures
    }

    func deliveries(_ range: Range<Int>) -> [LineWebhookDelivery] {
        range.map { LineWebhookDelivery(channel: Self.channel, signature: signatures[$0], body: bodies[$0]) }
    }
}

/// A transport the ingest path never calls.
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

func makeService(storage: any TalkStorage) throws -> ExternalTalkService {
    let tenant = try TenantDomain("example.co.jp")
    let member = try MemberID("sato@example.co.jp")
    var policy = TenantPolicy(tenant: tenant, plan: .paid)
    policy.lineLink = ExternalLink(isEnabled: true, allowedMembers: .only([member]))
    let channel = ChannelConfiguration(
        channel: OfficialAccountChannel(
            id: WebhookPool.channel,
            provider: try LineProviderID("1650000001"),
            basicID: try LineBasicID("@bench01"),
            displayName: "Bench",
            scope: .companyWide
        ),
        secrets: [WebhookSecret(WebhookPool.secret)],
        owner: member
    )
    return ExternalTalkService(
        configuration: ExternalTalkConfiguration(policy: policy, channels: [channel]),
        storage: storage,
        transport: UnusedTransport(),
        clock: SystemClock()
    )
}

func temporaryPath(_ name: String) -> String {
    let directory = NSTemporaryDirectory() + "external-talk-bench-\(ProcessInfo.processInfo.processIdentifier)"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/\(name).sqlite"
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    return path
}

/// The rows the engine writes per message event, inserted straight through GRDB.
func makeRawDatabase(_ path: String) throws -> DatabasePool {
    var configuration = Configuration()
    configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
    let pool = try DatabasePool(path: path, configuration: configuration)
    try pool.write { db in
        try db.execute(
            sql: """
                CREATE TABLE ledger (source TEXT NOT NULL, event_id TEXT NOT NULL, received_at INTEGER NOT NULL,
                    PRIMARY KEY (source, event_id));
                CREATE TABLE rooms (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at INTEGER NOT NULL);
                CREATE TABLE messages (sequence INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                    room TEXT NOT NULL, content BLOB NOT NULL, text TEXT NOT NULL, sent_at INTEGER NOT NULL);
                CREATE INDEX messages_room ON messages (room, sequence);
                CREATE TABLE feed (sequence INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,
                    room TEXT, payload BLOB NOT NULL);
                """
        )
    }
    return pool
}

/// One benchmark's service, webhook pool and position in it: each call of the benchmark's closure takes the next
/// unused webhooks, so no event is ever a duplicate.
final class EngineRun: Sendable {
    let service: ExternalTalkService
    let pool: WebhookPool
    private let position = Mutex(0)

    init(storage: any TalkStorage, webhooks: Int, eventsPerWebhook: Int, seed: Int) throws {
        self.service = try makeService(storage: storage)
        self.pool = WebhookPool(webhooks: webhooks, eventsPerWebhook: eventsPerWebhook, seed: seed)
    }

    /// Every user of the pool follows the account and the member adds each of them, so that the measured stream
    /// is what a server mostly receives: messages in rooms where talk has started.
    @Sendable func acceptEveryUser() async throws {
        let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret(WebhookPool.secret)])
        let member = try MemberID("sato@example.co.jp")
        for user in 0..<WebhookPool.users {
            let id = String(format: "U%032lx", user)
            if let room = try await service.room(channel: WebhookPool.channel, user: try LineUserID(id)),
                room.room.status.isActive
            {
                continue
            }
            let body = Array(
                (#"{"destination":"U0123456789abcdef0123456789abcdef","events":[{"type":"follow","mode":"active","#
                    + #""timestamp":1700000000000,"source":{"type":"user","userId":"\#(id)"},"#
                    + #""webhookEventId":"01HFOLLOW\#(String(format: "%017ld", user))","#
                    + #""deliveryContext":{"isRedelivery":false},"replyToken":"follow\#(user)","#
                    + #""follow":{"isUnblocked":false}}]}"#)
                    .utf8
            )
            let outcome = await service.receiveLineWebhook(
                channel: WebhookPool.channel,
                signature: verifier.signature(for: body),
                body: body
            )
            guard outcome.status == .accepted,
                let room = try await service.room(channel: WebhookPool.channel, user: try LineUserID(id))
            else { fatalError("follow not applied: \(outcome)") }
            try await service.accept(room.id, by: member)
        }
    }

    func next(_ count: Int) -> Range<Int> {
        position.withLock { position in
            defer { position += count }
            guard position + count <= pool.bodies.count else { fatalError("the webhook pool is used up") }
            return position..<(position + count)
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock],
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 1_000
    )
    let decoder = LineWebhookDecoder()
    let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret(WebhookPool.secret)])

    // MARK: Baseline: verify + decode alone

    let single = WebhookPool(webhooks: 1000, eventsPerWebhook: 1, seed: 1)
    // 100 webhooks per iteration, like the engine's single-event benchmark below, so that the harness's own cost
    // per iteration (an async hop and a semaphore) weighs the same on both.
    Benchmark("verify+decode 100 webhooks of 1 event", configuration: .init(maxIterations: 10_000)) { benchmark in
        for iteration in benchmark.scaledIterations {
            for k in 0..<100 {
                let index = (iteration * 100 + k) % single.bodies.count
                guard verifier.verify(single.bodies[index], signature: single.signatures[index]).isValid else {
                    fatalError("signature rejected")
                }
                blackHole(try decoder.decode(single.bodies[index]))
            }
        }
    }
    let hundred = WebhookPool(webhooks: 10, eventsPerWebhook: 100, seed: 7)
    Benchmark("verify+decode 100 events/webhook", configuration: .init(maxIterations: 10_000)) { benchmark in
        let index = Int.random(in: 0..<hundred.bodies.count)
        guard verifier.verify(hundred.bodies[index], signature: hundred.signatures[index]).isValid else {
            fatalError("signature rejected")
        }
        blackHole(try decoder.decode(hundred.bodies[index]))
    }

    // MARK: In memory

    do {
        let run = try EngineRun(storage: InMemoryStorage(), webhooks: 20_200, eventsPerWebhook: 1, seed: 2)
        Benchmark(
            "engine InMemoryStorage 100 webhooks of 1 event, one call each",
            configuration: .init(maxIterations: 200, setup: run.acceptEveryUser)
        ) { _ in
            for index in run.next(100) {
                let outcome = await run.service.receiveLineWebhook(
                    channel: WebhookPool.channel,
                    signature: run.pool.signatures[index],
                    body: run.pool.bodies[index]
                )
                guard outcome.applied == 1 else { fatalError("not applied: \(outcome)") }
            }
        }
    } catch {
        fatalError("\(error)")
    }

    do {
        let run = try EngineRun(storage: InMemoryStorage(), webhooks: 310, eventsPerWebhook: 100, seed: 3)
        Benchmark(
            "engine InMemoryStorage 100 events/webhook",
            configuration: .init(maxIterations: 300, setup: run.acceptEveryUser)
        ) { _ in
            let index = run.next(1).lowerBound
            let outcome = await run.service.receiveLineWebhook(
                channel: WebhookPool.channel,
                signature: run.pool.signatures[index],
                body: run.pool.bodies[index]
            )
            guard outcome.applied == 100 else { fatalError("not applied: \(outcome)") }
        }
    } catch {
        fatalError("\(error)")
    }

    // MARK: SQLite

    do {
        let run = try EngineRun(
            storage: try SQLiteStorage(path: temporaryPath("engine-batched")),
            webhooks: 10_100,
            eventsPerWebhook: 1,
            seed: 4
        )
        Benchmark(
            "engine SQLiteStorage 100 webhooks x 1 event, one commit",
            configuration: .init(maxIterations: 100, setup: run.acceptEveryUser)
        ) { _ in
            let outcomes = await run.service.receiveLineWebhooks(run.pool.deliveries(run.next(100)))
            guard outcomes.allSatisfy({ $0.applied == 1 }) else { fatalError("not applied") }
        }
    } catch {
        fatalError("\(error)")
    }

    do {
        let run = try EngineRun(
            storage: try SQLiteStorage(path: temporaryPath("engine-100")),
            webhooks: 110,
            eventsPerWebhook: 100,
            seed: 5
        )
        Benchmark(
            "engine SQLiteStorage 100 events/webhook",
            configuration: .init(maxIterations: 100, setup: run.acceptEveryUser)
        ) { _ in
            let index = run.next(1).lowerBound
            let outcome = await run.service.receiveLineWebhook(
                channel: WebhookPool.channel,
                signature: run.pool.signatures[index],
                body: run.pool.bodies[index]
            )
            guard outcome.applied == 100 else { fatalError("not applied: \(outcome)") }
        }
    } catch {
        fatalError("\(error)")
    }

    do {
        let run = try EngineRun(
            storage: try SQLiteStorage(path: temporaryPath("engine-single")),
            webhooks: 2_010,
            eventsPerWebhook: 1,
            seed: 6
        )
        Benchmark(
            "engine SQLiteStorage 1 event/webhook, one commit each",
            configuration: .init(maxIterations: 2_000, setup: run.acceptEveryUser)
        ) { _ in
            let index = run.next(1).lowerBound
            let outcome = await run.service.receiveLineWebhook(
                channel: WebhookPool.channel,
                signature: run.pool.signatures[index],
                body: run.pool.bodies[index]
            )
            guard outcome.applied == 1 else { fatalError("not applied: \(outcome)") }
        }
    } catch {
        fatalError("\(error)")
    }

    // MARK: Baseline: the same rows straight through GRDB

    for cached in [true, false] {
        do {
            let database = try makeRawDatabase(temporaryPath(cached ? "raw-cached" : "raw"))
            let serial = Mutex(0)
            Benchmark(
                cached
                    ? "raw GRDB insert 100 events, one commit, cached statements"
                    : "raw GRDB insert 100 events, one commit, execute(sql:)",
                configuration: .init(maxIterations: 100)
            ) { _ in
                let first = serial.withLock { value in
                    defer { value += 100 }
                    return value
                }
                try await database.write { db in try rawInsert(db, first..<(first + 100), cached: cached) }
            }
        } catch {
            fatalError("\(error)")
        }
    }
}

/// The rows of `events` message events: a ledger entry, the room's upsert, the message and its feed entry.
func rawInsert(_ db: Database, _ events: Range<Int>, cached: Bool) throws {
    func run(_ sql: String, _ arguments: StatementArguments) throws {
        if cached {
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
        } else {
            try db.execute(sql: sql, arguments: arguments)
        }
    }
    for n in events {
        let room = "line:1234567890:U\(n % WebhookPool.users)"
        try run(
            "INSERT INTO ledger (source, event_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            ["line:1234567890", "01HBENCH\(n)", 1_700_000_000_000]
        )
        try run(
            "INSERT INTO rooms (id, state, updated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            [room, #"{"kind":"lineFriend","restrictions":[]}"#, n]
        )
        try run(
            "INSERT INTO messages (id, room, content, text, sent_at) VALUES (?, ?, ?, ?, ?)",
            ["line:1234567890:\(n)", room, RawRows.content, "Hello, is the store open tomorrow?", n]
        )
        try run(
            "INSERT INTO feed (kind, room, payload) VALUES (?, ?, ?)",
            ["message.received", room, RawRows.payload]
        )
    }
}

enum RawRows {
    static let content = Data(
        #"{"type":"text","runs":[{"type":"text","text":"Hello, is the store open tomorrow?"}]}"#.utf8
    )
    static let payload = Data(#"{"message":"line:1234567890:000000000000000001"}"#.utf8)
}
