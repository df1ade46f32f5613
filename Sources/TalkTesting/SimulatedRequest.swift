public import TalkModel

/// An HTTP request as the fake platform receives it, from ``InMemoryTransport`` itself or from an HTTP server
/// that fronts it.
///
/// ``InMemoryTransport/simulate(_:)`` answers it the way LINE, LINE WORKS or a peer tenant would, so a test can
/// put the fake behind a real HTTP listener and point an HTTP client at it.
public struct SimulatedRequest: Sendable, Hashable {
    /// Which service the request is addressed to.
    @nonexhaustive
    public enum Service: Sendable, Hashable {
        /// The Messaging API, `https://api.line.me`.
        case lineAPI
        /// The Messaging API's content host, `https://api-data.line.me`.
        case lineAPIData
        /// The LINE WORKS API, `https://www.worksapis.com/v1.0`.
        case works
        /// A peer tenant's federation endpoint.
        case federation(TenantDomain)
    }

    /// The service.
    public var service: Service
    /// The HTTP method, such as `POST`.
    public var method: String
    /// The path and query, such as `/v2/bot/message/push`.
    public var path: String
    /// The headers, names in lower case.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    /// Creates a request.
    /// - Parameters:
    ///   - service: The service.
    ///   - method: The HTTP method.
    ///   - path: The path and query.
    ///   - headers: The headers; names are lower-cased.
    ///   - body: The body.
    public init(service: Service, method: String, path: String, headers: [String: String] = [:], body: [UInt8] = []) {
        self.service = service
        self.method = method.uppercased()
        self.path = path
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) },
            uniquingKeysWith: { _, last in last }
        )
        self.body = body
    }

    /// The bearer token of the `authorization` header, if any.
    var bearerToken: String? {
        guard let value = headers["authorization"], value.hasPrefix("Bearer ") else { return nil }
        let token = value.dropFirst("Bearer ".count)
        return token.isEmpty ? nil : String(token)
    }
}

/// How the fake platform answers a ``SimulatedRequest``.
@nonexhaustive
public enum SimulatedOutcome: Sendable, Hashable {
    /// An HTTP answer.
    case response(SimulatedResponse)
    /// No answer at all: a client times out. (The request may have been processed; see ``TransportFault``.)
    case timeout
    /// The connection is closed without an answer.
    case connectionDropped
}

/// An HTTP answer of the fake platform.
public struct SimulatedResponse: Sendable, Hashable {
    /// The status.
    public var status: Int
    /// The headers, names in lower case, such as `x-line-request-id`.
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]
    /// For binary content: the size of the chunks a server should stream the body in.
    public var streamingChunkSize: Int?

    /// Creates an answer.
    /// - Parameters:
    ///   - status: The status.
    ///   - headers: The headers.
    ///   - body: The body.
    ///   - streamingChunkSize: The chunk size for streaming, if the body is content.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = [], streamingChunkSize: Int? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.streamingChunkSize = streamingChunkSize
    }
}
