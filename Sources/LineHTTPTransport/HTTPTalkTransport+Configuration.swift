public import TalkModel
public import TalkTransport
public import WebhookSignature

extension HTTPTalkTransport {
    /// Where the services are, how long to wait for them, and how to retry.
    public struct Configuration: Sendable {
        /// The Messaging API, `https://api.line.me` by default; tests point it at loopback.
        public var apiBaseURL: String
        /// The content host, `https://api-data.line.me` by default.
        public var apiDataBaseURL: String
        /// The LINE WORKS API, `https://www.worksapis.com/v1.0` by default.
        public var worksBaseURL: String
        /// The peer tenants this tenant federates with, by domain.
        public var federationPeers: [TenantDomain: FederationPeer]
        /// This tenant's domain, sent to peers in ``/TalkTransport/FederationHTTP/tenantHeader``; when set, only
        /// requests from its members are sent. When `nil`, the header names the tenant of each request's sender.
        public var localTenant: TenantDomain?
        /// The deadline for one attempt of an API call, from sending the request to the answer's last byte, so a
        /// server that trickles its answer cannot hold a call longer. Clamped to ``maximumTimeout``.
        public var requestTimeout: Duration
        /// The deadline for a content download's answer to begin; its body then streams as the caller reads it.
        /// Clamped to ``maximumTimeout``.
        public var contentTimeout: Duration
        /// The largest JSON answer read; larger ones are ``/TalkTransport/TalkTransportError/Code/invalidResponse``.
        public var maximumResponseBytes: Int
        /// How to retry transient failures.
        public var retryPolicy: RetryPolicy
        /// How retries wait; tests inject one that does not sleep.
        public var retryEnvironment: RetryEnvironment
        /// The `User-Agent` header.
        public var userAgent: String
        /// Whether `http://` base URLs are accepted for loopback hosts (`127.0.0.0/8`, `::1`, `localhost`), as
        /// tests against a local fake server need. Other hosts always need `https://`.
        public var allowsInsecureLoopback: Bool
        /// How a deadline is waited out; real time by default. Tests substitute a wait that ends when their fake
        /// server decides never to answer, so timeouts need no real waiting.
        public var deadlineTimer: @Sendable (Duration) async throws -> Void

        /// The longest timeout honoured, one day; longer ones are clamped to it.
        public static let maximumTimeout = Duration.seconds(24 * 60 * 60)

        /// Creates a configuration with LINE's production hosts, a 10 s request timeout and ``/TalkTransport/RetryPolicy/default``.
        /// - Parameters:
        ///   - apiBaseURL: The Messaging API base URL.
        ///   - apiDataBaseURL: The content base URL.
        ///   - worksBaseURL: The LINE WORKS API base URL.
        ///   - federationPeers: The peer tenants.
        ///   - localTenant: This tenant's domain.
        ///   - requestTimeout: The deadline per attempt.
        ///   - contentTimeout: The deadline per download.
        ///   - maximumResponseBytes: The largest JSON answer.
        ///   - retryPolicy: The retries.
        ///   - retryEnvironment: How retries wait.
        ///   - userAgent: The `User-Agent`.
        ///   - allowsInsecureLoopback: Whether `http://` is accepted for loopback hosts.
        ///   - deadlineTimer: How deadlines are waited out.
        public init(
            apiBaseURL: String = "https://api.line.me",
            apiDataBaseURL: String = "https://api-data.line.me",
            worksBaseURL: String = "https://www.worksapis.com/v1.0",
            federationPeers: [TenantDomain: FederationPeer] = [:],
            localTenant: TenantDomain? = nil,
            requestTimeout: Duration = .seconds(10),
            contentTimeout: Duration = .seconds(120),
            maximumResponseBytes: Int = 1 << 20,
            retryPolicy: RetryPolicy = .default,
            retryEnvironment: RetryEnvironment = .live,
            userAgent: String = "ExternalTalk-HTTPTalkTransport/1",
            allowsInsecureLoopback: Bool = false,
            deadlineTimer: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
        ) {
            self.apiBaseURL = apiBaseURL
            self.apiDataBaseURL = apiDataBaseURL
            self.worksBaseURL = worksBaseURL
            self.federationPeers = federationPeers
            self.localTenant = localTenant
            self.requestTimeout = requestTimeout
            self.contentTimeout = contentTimeout
            self.maximumResponseBytes = maximumResponseBytes
            self.retryPolicy = retryPolicy
            self.retryEnvironment = retryEnvironment
            self.userAgent = userAgent
            self.allowsInsecureLoopback = allowsInsecureLoopback
            self.deadlineTimer = deadlineTimer
        }

        /// A timeout within what the transport honours: at least zero, at most ``maximumTimeout``.
        static func clamped(_ timeout: Duration) -> Duration {
            min(max(timeout, .zero), maximumTimeout)
        }

        /// Refuses base URLs that are not `https`, except loopback ones when ``allowsInsecureLoopback`` is set.
        func validate() throws(TalkTransportError) {
            var urls = [("apiBaseURL", apiBaseURL), ("apiDataBaseURL", apiDataBaseURL), ("worksBaseURL", worksBaseURL)]
            for (domain, peer) in federationPeers.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                urls.append(("federationPeers[\(domain)]", peer.baseURL))
            }
            for (name, url) in urls {
                switch BaseURL.check(url, allowsInsecureLoopback: allowsInsecureLoopback) {
                case .accepted:
                    break
                case .refused(let reason):
                    throw TalkTransportError(
                        .invalidConfiguration,
                        operation: "configure transport",
                        message: "\(name) \(reason)",
                        mayHaveBeenProcessed: false
                    )
                }
            }
        }
    }

    /// A peer tenant's federation server.
    public struct FederationPeer: Sendable {
        /// The server's base URL; requests go to `baseURL + FederationHTTP.path`.
        public var baseURL: String
        /// The secret the two tenants share; every request is signed with it.
        public var secret: WebhookSecret

        /// Creates a peer.
        /// - Parameters:
        ///   - baseURL: The base URL.
        ///   - secret: The shared signing secret.
        public init(baseURL: String, secret: WebhookSecret) {
            self.baseURL = baseURL
            self.secret = secret
        }
    }
}
