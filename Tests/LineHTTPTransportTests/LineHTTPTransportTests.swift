import FakeLineAPIServer
import LineHTTPTransport
import TalkModel
import TalkTesting
import TalkTransport
import TalkWire
import Testing
import WebhookSignature

/// Counts token requests and hands out a stale token first, as a provider whose cache has not noticed a renewal.
private actor RotatingTokens {
    private var calls = 0
    private let fresh: String

    init(fresh: String) {
        self.fresh = fresh
    }

    func next() -> String {
        calls += 1
        return calls == 1 ? "stale-token" : fresh
    }
}

@Suite("LineHTTPTransport over loopback HTTP")
struct LineHTTPTransportTests {
    let channel: LineChannelID
    let peer: TenantDomain

    init() throws {
        channel = try LineChannelID("1650000001")
        peer = try TenantDomain("partner.example.jp")
    }

    private func withTransport(
        retryPolicy: RetryPolicy = .none,
        peerSecret: WebhookSecret? = nil,
        tokens: ((InMemoryTransport) -> LineAccessTokenProvider)? = nil,
        _ body: (InMemoryTransport, LineHTTPTransport, LineUserID) async throws -> Void
    ) async throws {
        let platform = InMemoryTransport()
        platform.addChannel(channel, plan: .standard)
        platform.addPeerTenant(peer)
        let user = platform.addUser(displayName: "Aiko")
        _ = try platform.follow(user, channel: channel)
        try await FakeLineAPIServer.withServer(platform: platform) { server in
            let configuration = LineHTTPTransport.Configuration(
                apiBaseURL: server.apiBaseURL + "/",
                apiDataBaseURL: server.apiDataBaseURL,
                worksBaseURL: server.worksBaseURL,
                federationPeers: [peer: .init(baseURL: server.peerBaseURL(peer), secret: peerSecret)],
                localTenant: try TenantDomain("example.co.jp"),
                requestTimeout: .milliseconds(300),
                retryPolicy: retryPolicy,
                retryEnvironment: platform.clock.retryEnvironment()
            )
            let transport = LineHTTPTransport(
                configuration: configuration,
                accessTokens: tokens?(platform) ?? LineAccessTokenProvider { platform.accessToken(for: $0) ?? "" }
            )
            try await body(platform, transport, user)
        }
    }

    private func texts(_ text: String) throws -> [LineOutboundMessage] {
        try LineMessageEncoder(catalog: EmojiCatalog()).messages(for: [.text(TextContent(text))])
    }

    @Test func requestsCarryBearerTokenRetryKeyAndEncoderBody() async throws {
        try await withTransport { platform, transport, user in
            let key = LineRetryKey.random()
            let messages = try texts("Hello")
            _ = try await transport.push(to: user, messages: messages, retryKey: key, channel: channel)
            let request = try #require(platform.requests.last)
            #expect(request.method == "POST")
            #expect(request.path == "/v2/bot/message/push")
            #expect(request.headers["authorization"] == "Bearer \(platform.accessToken(for: channel) ?? "")")
            #expect(request.headers["x-line-retry-key"] == key.rawValue)
            #expect(request.headers["content-type"] == "application/json")
            #expect(request.headers["user-agent"]?.hasPrefix("ExternalTalk") == true)
            // The body is exactly TalkWire's encoding.
            #expect(request.body == (try LineRequest.push(to: user.rawValue, messages: messages))[0].body)
        }
    }

    @Test func refreshedTokenIsTriedOnceAfter401() async throws {
        let tokens: (InMemoryTransport) -> LineAccessTokenProvider = { platform in
            let rotating = RotatingTokens(fresh: platform.accessToken(for: channel) ?? "")
            return LineAccessTokenProvider { _ in await rotating.next() }
        }
        try await withTransport(tokens: tokens) { platform, transport, user in
            let profile = try await transport.profile(of: user, channel: channel)
            #expect(profile.displayName == "Aiko")
            let authorizations = platform.requests.compactMap { $0.headers["authorization"] }
            #expect(authorizations.count == 2)
            #expect(authorizations.first == "Bearer stale-token")
        }
    }

    @Test func errorTextNeverHoldsTokenOrMessageBody() async throws {
        try await withTransport { platform, transport, user in
            let token = platform.accessToken(for: channel) ?? ""
            let secretText = "my PIN is 4921"
            let request = try LineRequest.push(to: "nobody", messages: try texts(secretText))[0]
            do {
                _ = try await transport.perform(try LineSendCall(request, retryKey: .random()), channel: channel)
                Issue.record("expected a bad request")
            } catch let error as TalkTransportError {
                #expect(error.code == .badRequest)
                for text in ["\(error)", String(reflecting: error)] {
                    #expect(!text.contains(token))
                    #expect(!text.contains(secretText))
                }
            }
        }
    }

    @Test func federationRequestsAreSignedAndNameTheOrigin() async throws {
        let secret = "federation-shared-secret"
        try await withTransport(peerSecret: WebhookSecret(secret)) { platform, transport, _ in
            let envelope = FederationEnvelope(
                messageID: "m-1",
                timestampMilliseconds: 1_700_000_000_000,
                room: "room-1",
                sender: FederationSender(id: "sato@example.co.jp"),
                content: .text(TextContent("Hello"))
            )
            _ = try await transport.deliver(envelope, to: peer)
            let request = try #require(platform.requests.last)
            #expect(request.headers[FederationHTTP.originHeader] == "example.co.jp")
            let signature = request.headers[FederationHTTP.signatureHeader]
            #expect(
                WebhookSignatureVerifier(secrets: [WebhookSecret(secret)]).verify(request.body, signature: signature)
                    .isValid
            )
            #expect(request.body == envelope.jsonBytes)
        }
    }

    @Test func worksWithoutTokenProviderIsUnauthorizedAndSendsNothing() async throws {
        try await withTransport { platform, transport, _ in
            await #expect(throws: TalkTransportError.self) {
                try await transport.sendToWorks([.text(TextContent("Hi"))], botID: "1", destination: .user("u"))
            }
            #expect(platform.requests.isEmpty)
        }
    }

    @Test func refusedConnectionIsNetworkErrorThatHadNoEffect() async throws {
        // A port that was just closed refuses connections.
        let platform = InMemoryTransport()
        let server = try await FakeLineAPIServer.start(platform: platform)
        let base = server.apiBaseURL
        try await server.shutdown()
        let transport = LineHTTPTransport(
            configuration: .init(apiBaseURL: base, requestTimeout: .seconds(2), retryPolicy: .none),
            accessTokens: .fixed("token")
        )
        do {
            _ = try await transport.webhookEndpoint(channel: channel)
            Issue.record("expected a network error")
        } catch let error as TalkTransportError {
            #expect(error.code == .network || error.code == .timeout)
            #expect(error.mayHaveBeenProcessed == false)
        }
    }

    @Test func slowAnswerTimesOutAndIsRetried() async throws {
        let policy = RetryPolicy(
            maximumAttempts: 2,
            initialDelay: .seconds(1),
            maximumDelay: .seconds(1),
            maximumTotalTime: .seconds(10),
            jitter: 0
        )
        try await withTransport(retryPolicy: policy) { platform, transport, _ in
            platform.injectFault(.timeout)
            let settings = try await transport.webhookEndpoint(channel: channel)
            #expect(settings.isActive)
            #expect(platform.requests.count == 2)
        }
    }
}
