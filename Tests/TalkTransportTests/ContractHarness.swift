import FakeLineAPIServer
import LineHTTPTransport
import TalkTesting
import TalkTransport
import TalkTransportConformance
import WebhookSignature

/// The conformance runners for ExternalTalk's two transports.
enum ContractHarness {
    /// The in-memory fake, used directly.
    static let inMemory = TransportConformance<InMemoryTransport> { fixture, body in
        try await body(fixture.makeInMemoryTransport())
    }

    /// `HTTPTalkTransport` over loopback HTTP to the fixture's platform. Deadlines pass when the server withholds
    /// an answer (a simulated timeout), or after 30 s of real time, a bound no loaded machine reaches on loopback.
    static let http = TransportConformance<HTTPTalkTransport> { fixture, body in
        let platform = fixture.platform
        try await FakeLineAPIServer.withServer(platform: platform) { server in
            let configuration = HTTPTalkTransport.Configuration(
                apiBaseURL: server.apiBaseURL,
                apiDataBaseURL: server.apiDataBaseURL,
                worksBaseURL: server.worksBaseURL,
                federationPeers: [
                    fixture.peer: .init(
                        baseURL: server.peerBaseURL(fixture.peer),
                        secret: WebhookSecret(fixture.peerSecret)
                    )
                ],
                requestTimeout: .seconds(30),
                contentTimeout: .seconds(30),
                retryPolicy: fixture.retryPolicy,
                retryEnvironment: fixture.retryEnvironment,
                allowsInsecureLoopback: true,
                deadlineTimer: server.deadlineTimer()
            )
            let transport = try HTTPTalkTransport(
                configuration: configuration,
                accessTokens: LineAccessTokenProvider { platform.accessToken(for: $0) ?? "" },
                worksAccessTokens: .fixed("works-token")
            )
            try await body(transport)
        }
    }

    /// `HTTPTalkTransport` pointed at the root of a ``LineEmulator`` in front of the fixture's platform, as a
    /// bot's SDK points at `external-talk emulate`: the Messaging API and the data API on one base URL.
    static let emulator = TransportConformance<HTTPTalkTransport> { fixture, body in
        let platform = fixture.platform
        let emulator = try await LineEmulator.start(serving: platform, channel: fixture.channel)
        do {
            let configuration = HTTPTalkTransport.Configuration(
                apiBaseURL: emulator.baseURL,
                apiDataBaseURL: emulator.baseURL,
                requestTimeout: .seconds(30),
                contentTimeout: .seconds(30),
                retryPolicy: fixture.retryPolicy,
                retryEnvironment: fixture.retryEnvironment,
                allowsInsecureLoopback: true,
                deadlineTimer: emulator.deadlineTimer()
            )
            let transport = try HTTPTalkTransport(
                configuration: configuration,
                accessTokens: LineAccessTokenProvider { platform.accessToken(for: $0) ?? "" },
                worksAccessTokens: .fixed("works-token")
            )
            try await body(transport)
            try await emulator.shutdown()
        } catch {
            try? await emulator.shutdown()
            throw error
        }
    }
}
