import AsyncHTTPClient
import ExternalTalk
import ExternalTalkHummingbird
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import Prometheus
import ServiceLifecycle
import Synchronization
import TalkModel
import TalkStorage
import TalkTesting
import TalkWire
import WebhookSignature

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A storage that counts its write transactions and can make each one slow, around the in-memory storage: the
/// way to see group commit (fewer transactions than requests) and a request in flight during shutdown.
final class CountingStorage: TalkStorage {
    let base = InMemoryStorage()
    let writes = Atomic<Int>(0)
    let writeDelay: Duration

    init(writeDelay: Duration = .zero) { self.writeDelay = writeDelay }

    func write<Result: Sendable>(_ body: @Sendable (any TalkStorageWriter) throws -> Result) async throws -> Result {
        writes.add(1, ordering: .relaxed)
        if writeDelay > .zero { try? await Task.sleep(for: writeDelay) }
        return try await base.write(body)
    }

    func read<Result: Sendable>(_ body: @Sendable (any TalkStorageReader) throws -> Result) async throws -> Result {
        try await base.read(body)
    }
}

/// A log handler that keeps every line, to check that none carries a secret, a signature or message text.
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func handler(label: String) -> some LogHandler { Handler(recorder: self, label: label) }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        let label: String
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            recorder.append("\(event.level) \(label) \(event.message) \(merged) \(event.source)")
        }
    }
}

/// The engine on the fake LINE platform, served by `ExternalTalkServer` on a free loopback port, with a real
/// HTTP client in front of it.
struct ServerHarness: Sendable {
    static let tenant = "example.co.jp"
    static let adminToken = "admin-token-0123456789abcdef"

    let line: InMemoryTransport
    let storage: CountingStorage
    let service: ExternalTalkService
    let registry: PrometheusCollectorRegistry
    let logs: LogRecorder
    let channel: LineChannelID
    let secret: String
    let owner: MemberID
    let port: Int
    let group: ServiceGroup

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The process's one metrics backend (swift-metrics is bootstrapped once per process); tests compare
    /// counters before and after, never absolute values.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Starts a server, runs the body against it, then shuts the server down gracefully and waits for it.
    static func run<Value: Sendable>(
        writeDelay: Duration = .zero,
        maximumBodyBytes: Int = 1 << 20,
        adminToken: String? = ServerHarness.adminToken,
        _ body: @Sendable (ServerHarness) async throws -> Value
    ) async throws -> Value {
        let clock = VirtualClock()
        let line = InMemoryTransport(clock: clock)
        let storage = CountingStorage(writeDelay: writeDelay)
        let channel = try LineChannelID("2000000001")
        let owner = try MemberID("sato@\(tenant)")
        let credentials = line.addChannel(channel, plan: .free)
        var policy = TenantPolicy(tenant: try TenantDomain(tenant), plan: .paid)
        policy.lineLink = ExternalLink(isEnabled: true, allowedMembers: .everyone)
        let logs = LogRecorder()
        let logger = Logger(label: "test.server") { logs.handler(label: $0) }
        let registry = ServerHarness.registry
        let service = ExternalTalkService(
            configuration: ExternalTalkConfiguration(
                policy: policy,
                channels: [
                    ChannelConfiguration(
                        channel: OfficialAccountChannel(
                            id: channel,
                            provider: try LineProviderID("1650000000"),
                            basicID: try LineBasicID("@sato"),
                            displayName: "Sato",
                            scope: .companyWide
                        ),
                        secrets: [WebhookSecret(credentials.channelSecret)],
                        owner: owner
                    )
                ],
                emojiCatalog: EmojiCatalog(seed: [
                    EmojiCatalog.Entry(
                        token: "(smile)",
                        key: LineEmojiKey(productID: "5ac1bfd5040ab15980c9b435", emojiID: "001"),
                        isSendable: true
                    )
                ])
            ),
            storage: storage,
            transport: line,
            clock: clock,
            logger: logger
        )
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let server = ExternalTalkServer(
            service: service,
            configuration: ExternalTalkServer.Configuration(
                host: "127.0.0.1",
                port: 0,
                routes: ExternalTalkRouteOptions(maximumBodyBytes: maximumBodyBytes),
                adminToken: adminToken.map(AdminToken.init)
            ),
            metrics: registry,
            logger: logger
        ) { address in
            portSink.yield(address.port)
            portSink.finish()
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [server], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HarnessError("the server did not start") }
            let harness = ServerHarness(
                line: line,
                storage: storage,
                service: service,
                registry: registry,
                logs: logs,
                channel: channel,
                secret: credentials.channelSecret,
                owner: owner,
                port: port,
                group: group
            )
            let value: Value
            do {
                value = try await body(harness)
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return value
        }
    }

    // MARK: Requests

    struct Answer: Sendable {
        var status: Int
        var body: [UInt8]
        var headers: [(String, String)]
        var text: String { String(decoding: body, as: UTF8.self) }

        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw HarnessError("the answer is not a JSON object: \(text.prefix(200))")
            }
            return object
        }
    }

    func request(
        _ method: HTTPMethod,
        _ path: String,
        headers: [(String, String)] = [],
        body: [UInt8]? = nil,
        chunked: Bool = false
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            if chunked {
                let (chunks, sink) = AsyncStream.makeStream(of: ByteBuffer.self)
                for start in stride(from: 0, to: body.count, by: 64 * 1024) {
                    sink.yield(ByteBuffer(bytes: body[start..<min(start + 64 * 1024, body.count)]))
                }
                sink.finish()
                request.body = .stream(chunks, length: .unknown)
            } else {
                request.body = .bytes(ByteBuffer(bytes: body))
            }
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        var collected = try await response.body.collect(upTo: 16 << 20)
        return Answer(
            status: Int(response.status.code),
            body: collected.readBytes(length: collected.readableBytes) ?? [],
            headers: response.headers.map { ($0.name, $0.value) }
        )
    }

    /// Posts a LINE webhook to the channel's route, with the signature header spelled as given.
    func postWebhook(
        _ body: [UInt8],
        signature: String?,
        headerName: String = "X-Line-Signature",
        channel: String? = nil
    ) async throws -> Answer {
        var headers = [("Content-Type", "application/json")]
        if let signature { headers.append((headerName, signature)) }
        return try await request(
            .POST,
            "/webhooks/line/\(channel ?? self.channel.rawValue)",
            headers: headers,
            body: body
        )
    }

    func post(_ webhook: SignedWebhook) async throws -> Answer {
        try await postWebhook(webhook.body, signature: webhook.signature)
    }

    func sign(_ body: [UInt8]) -> String {
        WebhookSignatureVerifier(secrets: [WebhookSecret(secret)]).signature(for: body)
    }

    func admin(
        _ method: HTTPMethod,
        _ path: String,
        json: String? = nil,
        token: String? = ServerHarness.adminToken
    )
        async throws -> Answer
    {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return try await request(method, path, headers: headers, body: json.map { Array($0.utf8) })
    }

    /// A LINE user who followed the channel; the room's request is pending (R09) unless `accepted`.
    func follower(_ name: String = "Aiko", accepted: Bool = false) async throws -> (user: LineUserID, room: TalkRoomID)
    {
        let user = line.addUser(displayName: name)
        let answer = try await post(try line.follow(user, channel: channel))
        guard answer.status == 200 else { throw HarnessError("follow answered \(answer.status)") }
        guard let room = try await service.room(channel: channel, user: user) else { throw HarnessError("no room") }
        if accepted { try await service.accept(room.id, by: owner) }
        return (user, room.id)
    }

    func messageCount() async throws -> Int {
        try await storage.read { try $0.messages(in: .all, after: 0, limit: 100_000).count }
    }
}

/// A room ID as one path segment.
func segment(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
}
