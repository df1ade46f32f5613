public import TalkModel
public import TalkTransport
public import WebhookSignature

extension LineHTTPTransport {
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
        /// This tenant's domain, sent to peers in ``/TalkTransport/FederationHTTP/originHeader``.
        public var localTenant: TenantDomain?
        /// The deadline for one attempt of an API call, answer body included.
        public var requestTimeout: Duration
        /// The deadline for one content download, from request to the last byte.
        public var contentTimeout: Duration
        /// The largest JSON answer read; larger ones are ``/TalkTransport/TalkTransportError/Code/invalidResponse``.
        public var maximumResponseBytes: Int
        /// How to retry transient failures.
        public var retryPolicy: RetryPolicy
        /// How retries wait; tests inject one that does not sleep.
        public var retryEnvironment: RetryEnvironment
        /// The `User-Agent` header.
        public var userAgent: String

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
            userAgent: String = "ExternalTalk-LineHTTPTransport/1"
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
        }
    }

    /// A peer tenant's federation server.
    public struct FederationPeer: Sendable {
        /// The server's base URL; envelopes go to `baseURL + FederationHTTP.path`.
        public var baseURL: String
        /// The secret the two tenants share to sign requests, if they do.
        public var secret: WebhookSecret?

        /// Creates a peer.
        /// - Parameters:
        ///   - baseURL: The base URL.
        ///   - secret: The shared signing secret.
        public init(baseURL: String, secret: WebhookSecret? = nil) {
            self.baseURL = baseURL
            self.secret = secret
        }
    }
}
