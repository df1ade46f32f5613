import FakeLineAPIServer
import LineHTTPTransport
import TalkModel
import TalkTesting
import TalkTransport
import TalkWire
import Testing

/// The two transports the contract suite runs against.
enum TransportKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// The fake platform used directly.
    case inMemory
    /// `LineHTTPTransport` over loopback HTTP to the same fake platform.
    case http

    var testDescription: String { rawValue }
}

/// One transport under test, the fake platform behind it, and the test's fixtures.
struct ContractHarness: Sendable {
    let platform: InMemoryTransport
    let transport: any TalkTransport
    let channel: LineChannelID
    let user: LineUserID
    let peer: TenantDomain

    var clock: VirtualClock { platform.clock }

    /// Builds a platform with one free-plan channel and one following user, puts the transport of the given
    /// kind in front of it, runs the body, and stops the server.
    static func run(
        _ kind: TransportKind,
        retryPolicy: RetryPolicy = .none,
        plan: MessagePlan = .free,
        usedThisMonth: Int = 0,
        requestTimeout: Duration = .milliseconds(300),
        _ body: (ContractHarness) async throws -> Void
    ) async throws {
        let clock = VirtualClock()
        let environment = clock.retryEnvironment()
        let channel = try LineChannelID("1650000001")
        let peer = try TenantDomain("partner.example.jp")
        switch kind {
        case .inMemory:
            let platform = InMemoryTransport(clock: clock, retryPolicy: retryPolicy, retryEnvironment: environment)
            let user = try setUp(platform, channel: channel, peer: peer, plan: plan, used: usedThisMonth)
            try await body(
                ContractHarness(platform: platform, transport: platform, channel: channel, user: user, peer: peer)
            )
        case .http:
            let platform = InMemoryTransport(clock: clock)
            let user = try setUp(platform, channel: channel, peer: peer, plan: plan, used: usedThisMonth)
            try await FakeLineAPIServer.withServer(platform: platform) { server in
                let configuration = LineHTTPTransport.Configuration(
                    apiBaseURL: server.apiBaseURL,
                    apiDataBaseURL: server.apiDataBaseURL,
                    worksBaseURL: server.worksBaseURL,
                    federationPeers: [peer: .init(baseURL: server.peerBaseURL(peer))],
                    requestTimeout: requestTimeout,
                    retryPolicy: retryPolicy,
                    retryEnvironment: environment
                )
                let transport = LineHTTPTransport(
                    configuration: configuration,
                    accessTokens: LineAccessTokenProvider { platform.accessToken(for: $0) ?? "" },
                    worksAccessTokens: .fixed("works-token")
                )
                try await body(
                    ContractHarness(platform: platform, transport: transport, channel: channel, user: user, peer: peer)
                )
            }
        }
    }

    private static func setUp(
        _ platform: InMemoryTransport,
        channel: LineChannelID,
        peer: TenantDomain,
        plan: MessagePlan,
        used: Int
    ) throws -> LineUserID {
        platform.addChannel(channel, plan: plan, usedThisMonth: used)
        platform.addPeerTenant(peer)
        let user = platform.addUser(displayName: "Aiko", language: "ja")
        _ = try platform.follow(user, channel: channel)
        return user
    }

    /// LINE text messages for plain strings, from TalkWire's encoder.
    func texts(_ strings: String...) throws -> [LineOutboundMessage] {
        try LineMessageEncoder(catalog: EmojiCatalog()).messages(
            for: strings.map { MessageContent.text(TextContent($0)) }
        )
    }

    /// The transport error a call throws, or a test failure if it succeeds.
    func error(
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> some Any
    ) async -> TalkTransportError? {
        do {
            _ = try await body()
            Issue.record("expected a TalkTransportError", sourceLocation: sourceLocation)
            return nil
        } catch let error as TalkTransportError {
            return error
        } catch {
            Issue.record("expected a TalkTransportError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

/// A retry policy whose waits are easy to add up: 1 s, 2 s, 4 s without jitter.
let testRetryPolicy = RetryPolicy(
    maximumAttempts: 3,
    initialDelay: .seconds(1),
    maximumDelay: .seconds(4),
    maximumTotalTime: .seconds(60),
    jitter: 0
)
