import FakeLineAPIServer
import InMemoryLogging
import LineHTTPTransport
import Logging
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

@Suite("HTTPTalkTransport over loopback HTTP")
struct LineHTTPTransportTests {
    let channel: LineChannelID
    let peer: TenantDomain

    init() throws {
        channel = try LineChannelID("1650000001")
        peer = try TenantDomain("partner.example.jp")
    }

    private func withTransport(
        retryPolicy: RetryPolicy = .none,
        peerSecret: String = "federation-shared-secret",
        configuredPeerSecret: String? = nil,
        tokens: ((InMemoryTransport) -> LineAccessTokenProvider)? = nil,
        logger: Logger = HTTPTalkTransport.disabledLogger,
        _ body: (InMemoryTransport, HTTPTalkTransport, LineUserID) async throws -> Void
    ) async throws {
        let platform = InMemoryTransport()
        platform.addChannel(channel, plan: .standard)
        platform.addPeerTenant(peer, sharedSecret: peerSecret)
        let user = platform.addUser(displayName: "Aiko")
        _ = try platform.follow(user, channel: channel)
        try await FakeLineAPIServer.withServer(platform: platform) { server in
            let configuration = HTTPTalkTransport.Configuration(
                apiBaseURL: server.apiBaseURL + "/",
                apiDataBaseURL: server.apiDataBaseURL,
                worksBaseURL: server.worksBaseURL,
                federationPeers: [
                    peer: .init(
                        baseURL: server.peerBaseURL(peer),
                        secret: WebhookSecret(configuredPeerSecret ?? peerSecret)
                    )
                ],
                localTenant: try TenantDomain("example.co.jp"),
                requestTimeout: .seconds(30),
                retryPolicy: retryPolicy,
                retryEnvironment: platform.clock.retryEnvironment(),
                allowsInsecureLoopback: true,
                deadlineTimer: server.deadlineTimer()
            )
            let transport = try HTTPTalkTransport(
                configuration: configuration,
                accessTokens: tokens?(platform) ?? LineAccessTokenProvider { platform.accessToken(for: $0) ?? "" },
                logger: logger
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

    private func federationRequest(from sender: String = "sato@example.co.jp") throws -> FederationRequest {
        FederationRequest(
            requestID: "q-1",
            timestampMilliseconds: 1_700_000_000_000,
            from: FederationMember(id: try MemberID(sender)),
            to: try MemberID("tanaka@partner.example.jp"),
            room: "room-1",
            kind: .message(FederationMessage(messageID: "m-1", content: .text(TextContent("Hello"))))
        )
    }

    @Test func federationRequestsAreSignedAndNameTheSenderTenant() async throws {
        let secret = "federation-shared-secret"
        try await withTransport(peerSecret: secret) { platform, transport, _ in
            let request = try federationRequest()
            let receipt = try await transport.deliver(request, to: peer)
            #expect(receipt == FederationDeliveryReceipt(peer: peer, requestID: "q-1", status: 202, isDuplicate: false))
            let sent = try #require(platform.requests.last)
            #expect(sent.path == FederationHTTP.path)
            #expect(sent.headers[FederationHTTP.tenantHeader] == "example.co.jp")
            let signature = sent.headers[WebhookSignatureHeader.externalTalk.name]
            #expect(
                WebhookSignatureVerifier(secrets: [WebhookSecret(secret)]).verify(sent.body, signature: signature)
                    .isValid
            )
            #expect(sent.body == request.jsonBytes)
            #expect(platform.federationRequests(receivedBy: peer) == [request])
        }
    }

    @Test func federationRequestSignedWithAnotherSecretIsRefusedByThePeer() async throws {
        try await withTransport(peerSecret: "the-peer's-secret", configuredPeerSecret: "a-stale-secret") {
            platform,
            transport,
            _ in
            let error = await #expect(throws: TalkTransportError.self) {
                try await transport.deliver(try federationRequest(), to: peer)
            }
            #expect(error?.code == .unauthorized)
            #expect(platform.federationRequests(receivedBy: peer).isEmpty)
        }
    }

    @Test func r04_federationRequestFromAnotherTenantsMemberIsNotSent() async throws {
        try await withTransport { platform, transport, _ in
            let error = await #expect(throws: TalkTransportError.self) {
                try await transport.deliver(try federationRequest(from: "mallory@elsewhere.example"), to: peer)
            }
            #expect(error?.code == .invalidRequest)
            #expect(error?.mayHaveBeenProcessed == false)
            #expect(platform.requests.isEmpty)
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
        let transport = try HTTPTalkTransport(
            configuration: .init(
                apiBaseURL: base,
                requestTimeout: .seconds(2),
                retryPolicy: .none,
                allowsInsecureLoopback: true
            ),
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

    @Test func eachAttemptIsLoggedWithStatusAttemptAndRequestIDButNoToken() async throws {
        let logs = InMemoryLogHandler()
        var logger = Logger(label: "test", factory: { _ in logs })
        logger.logLevel = .debug
        let policy = RetryPolicy(
            maximumAttempts: 3,
            initialDelay: .seconds(1),
            maximumDelay: .seconds(1),
            maximumTotalTime: .seconds(10),
            jitter: 0
        )
        try await withTransport(retryPolicy: policy, logger: logger) { platform, transport, user in
            let token = try #require(platform.accessToken(for: channel))
            platform.injectFault(.serverError(status: 503), count: 1, pathPrefix: "/v2/bot/message/push")
            let secretText = "my PIN is 4921"
            _ = try await transport.push(
                to: user,
                messages: try texts(secretText),
                retryKey: .random(),
                channel: channel
            )
            let entries = logs.entries
            #expect(entries.map { $0.metadata["talk.attempt"] } == ["1", "2"])
            #expect(entries.map { $0.metadata["http.status"] } == ["503", "200"])
            #expect(entries.map(\.level) == [.info, .debug])
            #expect(entries.allSatisfy { $0.metadata["talk.operation"] == "push" })
            #expect(entries[0].metadata["talk.error"] == "serverError")
            let lastRequestID = try #require(platform.outbox.last?.requestID)
            #expect(entries[1].metadata["line.request_id"] == .string(lastRequestID))
            for entry in entries {
                let text = "\(entry.message) \(entry.metadata)"
                #expect(!text.contains(token))
                #expect(!text.contains(secretText))
            }
        }
    }

    @Test func tricklingAnswerCannotOutlastTheRequestTimeout() async throws {
        let platform = InMemoryTransport()
        platform.addChannel(channel)
        let user = platform.addUser(displayName: "Aiko")
        _ = try platform.follow(user, channel: channel)
        // The profile answer is about 100 bytes; at one byte per 50 ms it would take seconds to arrive.
        try await FakeLineAPIServer.withServer(platform: platform, bytePacing: .milliseconds(50)) { server in
            let transport = try HTTPTalkTransport(
                configuration: .init(
                    apiBaseURL: server.apiBaseURL,
                    requestTimeout: .milliseconds(500),
                    retryPolicy: .none,
                    allowsInsecureLoopback: true
                ),
                accessTokens: LineAccessTokenProvider { platform.accessToken(for: $0) ?? "" }
            )
            let error = await #expect(throws: TalkTransportError.self) {
                try await transport.profile(of: user, channel: channel)
            }
            #expect(error?.code == .timeout)
            #expect(platform.requests.count == 1)
        }
    }

    @Test func timeoutsBeyondWhatNIOHoldsAreClampedNotACrash() async throws {
        #expect(HTTPTalkTransport.Configuration.maximumTimeout == .seconds(86_400))
        try await withTransport { platform, _, _ in
            let server = try await FakeLineAPIServer.start(platform: platform)
            let transport = try HTTPTalkTransport(
                configuration: .init(
                    apiBaseURL: server.apiBaseURL,
                    requestTimeout: .seconds(Int64.max),
                    contentTimeout: .seconds(Int64.max),
                    retryPolicy: .none,
                    allowsInsecureLoopback: true
                ),
                accessTokens: LineAccessTokenProvider { platform.accessToken(for: $0) ?? "" }
            )
            let settings = try await transport.webhookEndpoint(channel: channel)
            try await server.shutdown()
            #expect(settings.isActive)
        }
    }

    @Test func plainHTTPIsRefusedUnlessLoopbackIsExplicitlyAllowed() throws {
        func refusal(_ configuration: HTTPTalkTransport.Configuration) -> TalkTransportError? {
            do {
                _ = try HTTPTalkTransport(configuration: configuration, accessTokens: .fixed("token"))
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal(.init()) == nil)
        #expect(refusal(.init(apiBaseURL: "http://127.0.0.1:8080"))?.code == .invalidConfiguration)
        for url in ["http://127.0.0.1:8080/api", "http://127.9.8.7", "http://[::1]:80", "http://LOCALHOST:1/x"] {
            #expect(refusal(.init(apiBaseURL: url, allowsInsecureLoopback: true)) == nil, "\(url)")
        }
        for url in [
            "http://api.line.me", "http://127.0.0.1.example.com", "http://128.0.0.1", "http://user@10.0.0.1",
            "ftp://127.0.0.1", "https://", "api.line.me",
        ] {
            let error = refusal(.init(apiBaseURL: url, allowsInsecureLoopback: true))
            #expect(error?.code == .invalidConfiguration, "\(url)")
            #expect(error.map { !"\($0)".contains(url) } == true, "the error does not quote the URL")
        }
        let peer = try TenantDomain("partner.example.jp")
        let insecurePeer = refusal(
            .init(
                federationPeers: [peer: .init(baseURL: "http://partner.example.jp", secret: WebhookSecret("s"))],
                allowsInsecureLoopback: true
            )
        )
        #expect(insecurePeer?.code == .invalidConfiguration)
        #expect(insecurePeer?.message.contains("federationPeers[partner.example.jp]") == true)
    }
}
