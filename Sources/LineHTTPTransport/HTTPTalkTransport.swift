public import AsyncHTTPClient
public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
public import TalkModel
public import TalkTransport
public import TalkWire
import WebhookSignature

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The production ``/TalkTransport/TalkTransport`` over HTTP: the LINE Messaging API, the LINE WORKS API and peer tenants, on
/// AsyncHTTPClient. An app that uses only LINE configures only the Messaging API and holds it as a
/// ``/TalkTransport/LineMessagingTransport``.
///
/// - Request bodies come from TalkWire's encoders; LINE's error JSON becomes ``/TalkTransport/TalkTransportError``.
/// - Transient failures (429, 5xx, timeouts, connection errors) are retried with jittered exponential backoff
///   per ``Configuration/retryPolicy``, bounded in attempts and total time. Other 4xx answers are never
///   retried. A request that could act twice (a reply, a LINE WORKS message) is retried only when the failure
///   shows it had no effect; a push retries with the same `X-Line-Retry-Key`, and a 409 on it is
///   ``/TalkTransport/TalkTransportError/Code/duplicate`` (the push conveniences treat it as sent).
/// - Tokens come from an ``AccessTokenProvider`` before every attempt; after a 401 a changed token is tried once.
/// - Each attempt of an API call has ``Configuration/requestTimeout`` from sending to the answer's last byte.
/// - Base URLs must be `https://`; ``Configuration/allowsInsecureLoopback`` admits `http://` to loopback only.
/// - Every attempt is logged to the `Logger` given: `debug` for a success, `info` for a failure, with the
///   operation (`talk.operation`), the attempt number (`talk.attempt`), the HTTP status (`http.status`), LINE's
///   request ID (`line.request_id`) and the error code (`talk.error`). Never a token, a secret or a body.
///
/// ## Who shuts the HTTP client down
/// The transport never shuts down the `HTTPClient` it is given: by default it uses `HTTPClient.shared`, which
/// lives for the whole process and needs no shutdown; a client you pass in is yours to shut down after the
/// last call. ``withOwnedClient(configuration:accessTokens:worksAccessTokens:logger:_:)`` creates a client,
/// runs a body and shuts the client down.
///
/// ```swift
/// let transport = try HTTPTalkTransport(accessTokens: .perChannel([channel: token]), logger: logger)
/// let receipts = try await transport.push(to: user, messages: messages, retryKey: key, channel: channel)
/// ```
public struct HTTPTalkTransport: TalkTransport {
    /// The configuration.
    public let configuration: Configuration
    private let accessTokens: LineAccessTokenProvider
    private let worksAccessTokens: WorksAccessTokenProvider?
    private let client: HTTPClient
    private let logger: Logger

    /// A logger that drops everything, the default.
    public static var disabledLogger: Logger {
        Logger(label: "ExternalTalk.HTTPTalkTransport", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// Creates a transport.
    /// - Parameters:
    ///   - configuration: Hosts, timeouts and retries.
    ///   - accessTokens: Channel access tokens.
    ///   - worksAccessTokens: LINE WORKS tokens; without them LINE WORKS sends fail with
    ///     ``/TalkTransport/TalkTransportError/Code/unauthorized``.
    ///   - httpClient: The client to use; the caller keeps ownership (see the type's discussion).
    ///   - logger: Where attempts are logged; nowhere by default.
    /// - Throws: ``/TalkTransport/TalkTransportError`` with ``/TalkTransport/TalkTransportError/Code/invalidConfiguration`` for a base URL that
    ///   is not `https://` (or loopback `http://` with ``Configuration/allowsInsecureLoopback``).
    public init(
        configuration: Configuration = Configuration(),
        accessTokens: LineAccessTokenProvider,
        worksAccessTokens: WorksAccessTokenProvider? = nil,
        httpClient: HTTPClient = .shared,
        logger: Logger = HTTPTalkTransport.disabledLogger
    ) throws(TalkTransportError) {
        try configuration.validate()
        self.configuration = configuration
        self.accessTokens = accessTokens
        self.worksAccessTokens = worksAccessTokens
        self.client = httpClient
        self.logger = logger
    }

    /// Creates a transport on its own `HTTPClient`, runs a body with it, and shuts the client down afterwards.
    /// - Parameters:
    ///   - configuration: Hosts, timeouts and retries.
    ///   - accessTokens: Channel access tokens.
    ///   - worksAccessTokens: LINE WORKS tokens.
    ///   - logger: Where attempts are logged.
    ///   - body: The work to do with the transport.
    /// - Returns: The body's result.
    /// - Throws: ``/TalkTransport/TalkTransportError/Code/invalidConfiguration`` for a refused configuration, or the body's error.
    public static func withOwnedClient<Result: Sendable>(
        configuration: Configuration = Configuration(),
        accessTokens: LineAccessTokenProvider,
        worksAccessTokens: WorksAccessTokenProvider? = nil,
        logger: Logger = HTTPTalkTransport.disabledLogger,
        _ body: (HTTPTalkTransport) async throws -> Result
    ) async throws -> Result {
        try configuration.validate()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let result: Result
        do {
            let transport = try HTTPTalkTransport(
                configuration: configuration,
                accessTokens: accessTokens,
                worksAccessTokens: worksAccessTokens,
                httpClient: client,
                logger: logger
            )
            result = try await body(transport)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }

    // MARK: LineMessagingTransport

    /// Runs a Messaging API call with retries.
    /// - Parameters:
    ///   - call: The call.
    ///   - channel: The channel whose token authorizes it.
    /// - Returns: The decoded answer.
    /// - Throws: ``/TalkTransport/TalkTransportError``, or `CancellationError`.
    public func perform<Call: LineAPICall>(_ call: Call, channel: LineChannelID) async throws -> Call.Response {
        let request = call.request
        let base = request.host == .api ? configuration.apiBaseURL : configuration.apiDataBaseURL
        var headers: [(String, String)] = []
        if request.body != nil { headers.append(("content-type", "application/json")) }
        if let key = request.retryKey { headers.append(("x-line-retry-key", key.rawValue)) }
        let method = HTTPMethod(rawValue: request.method.rawValue)
        let url = Self.join(base, request.path)
        return try await exchange.run(
            operation: request.operation,
            idempotency: request.idempotency,
            credential: lineCredential(channel),
            exchange: { token in
                try await execute(
                    url: url,
                    method: method,
                    headers: headers + Self.bearer(token),
                    body: request.body,
                    operation: request.operation
                )
            },
            success: { response in try call.decodeResponse(response) }
        )
    }

    /// Streams message content from the content host; retries happen only before the first byte.
    /// - Parameters:
    ///   - messageID: The message's ID.
    ///   - channel: The channel that received it.
    /// - Returns: The content; its body streams from the open HTTP response.
    /// - Throws: ``/TalkTransport/TalkTransportError``.
    public func downloadContent(messageID: String, channel: LineChannelID) async throws -> LineContent {
        let operation = "download content"
        guard !messageID.isEmpty, messageID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw TalkTransportError(
                .invalidRequest,
                operation: operation,
                message: "a message ID is ASCII letters and digits"
            )
        }
        let url = Self.join(configuration.apiDataBaseURL, "/v2/bot/message/\(messageID)/content")
        return try await exchange.run(
            operation: operation,
            idempotency: .idempotent,
            credential: lineCredential(channel),
            exchange: { token in try await open(url: url, token: token, operation: operation) },
            success: { answer in
                let response = answer.response
                let length = response.headers.first(name: "content-length").flatMap { Int($0) }
                return LineContent(
                    contentType: response.headers.first(name: "content-type"),
                    contentLength: length,
                    body: TalkByteStream(
                        response.body,
                        transform: { Array(buffer: $0) },
                        mapError: { Self.transportError($0, operation: operation) }
                    )
                )
            }
        )
    }

    // MARK: LineWorksTransport

    /// Posts a LINE WORKS bot message; retried only when it certainly was not processed.
    /// - Parameter request: The request.
    /// - Returns: The receipt.
    /// - Throws: ``/TalkTransport/TalkTransportError``.
    public func send(_ request: WorksSendRequest) async throws -> WorksSendReceipt {
        let operation = "send to LINE WORKS"
        guard let worksAccessTokens else {
            throw TalkTransportError(
                .unauthorized,
                operation: operation,
                message: "no LINE WORKS access token provider is configured",
                mayHaveBeenProcessed: false
            )
        }
        let url = Self.join(configuration.worksBaseURL, request.path)
        let credential = TransportExchange.Credential(subject: "LINE WORKS bot \(request.botID)") {
            try await worksAccessTokens.token(for: request.botID)
        }
        return try await exchange.run(
            operation: operation,
            idempotency: .notIdempotent,
            credential: credential,
            mapError: TalkTransportError.init(worksResponse:operation:),
            exchange: { token in
                try await execute(
                    url: url,
                    method: .POST,
                    headers: [("content-type", "application/json")] + Self.bearer(token),
                    body: request.body,
                    operation: operation
                )
            },
            success: { WorksSendReceipt(response: $0) }
        )
    }

    // MARK: FederationTransport

    /// Posts a federation request to a configured peer, signed with the secret the two tenants share; retried
    /// freely because peers drop repeated request IDs.
    /// - Parameters:
    ///   - request: The request.
    ///   - peer: The tenant.
    /// - Returns: The receipt.
    /// - Throws: ``/TalkTransport/TalkTransportError``; ``/TalkTransport/TalkTransportError/Code/notFound`` for a peer not in the
    ///   configuration; ``/TalkTransport/TalkTransportError/Code/invalidRequest``, nothing sent, for a request
    ///   ``/TalkTransport/FederationHTTP/body(for:to:localTenant:operation:)`` refuses.
    public func deliver(
        _ request: FederationRequest,
        to peer: TenantDomain
    ) async throws
        -> FederationDeliveryReceipt
    {
        let operation = "deliver to \(peer)"
        guard let target = configuration.federationPeers[peer] else {
            throw TalkTransportError(
                .notFound,
                operation: operation,
                message: "no federation peer \(peer) is configured",
                mayHaveBeenProcessed: false
            )
        }
        let local = configuration.localTenant
        let body = try FederationHTTP.body(for: request, to: peer, localTenant: local, operation: operation)
        let headers: [(String, String)] = [
            ("content-type", "application/json"),
            (FederationHTTP.tenantHeader, (local ?? request.senderTenant).rawValue),
            (FederationHTTP.signatureHeader, WebhookSignatureVerifier(secrets: [target.secret]).signature(for: body)),
        ]
        let url = Self.join(target.baseURL, FederationHTTP.path)
        return try await exchange.run(
            operation: operation,
            idempotency: .idempotent,
            credential: nil,
            exchange: { _ in
                try await execute(url: url, method: .POST, headers: headers, body: body, operation: operation)
            },
            success: { FederationDeliveryReceipt(response: $0, peer: peer, requestID: request.requestID) }
        )
    }

    // MARK: Attempts

    /// The shared retry, token and error logic, logging every attempt.
    private var exchange: TransportExchange {
        let logger = self.logger
        return TransportExchange(
            retryPolicy: configuration.retryPolicy,
            retryEnvironment: configuration.retryEnvironment
        ) { record in
            Self.log(record, to: logger)
        }
    }

    /// Logs one attempt: its operation, number, status, LINE request ID and error code; nothing else.
    static func log(_ record: TransportAttemptRecord, to logger: Logger) {
        var metadata: Logger.Metadata = [
            "talk.operation": "\(record.operation)",
            "talk.attempt": "\(record.attempt)",
        ]
        if let status = record.status { metadata["http.status"] = "\(status)" }
        if let requestID = record.requestID { metadata["line.request_id"] = "\(requestID)" }
        if record.refreshedToken { metadata["talk.token_refreshed"] = "true" }
        if let error = record.error {
            metadata["talk.error"] = "\(error.code)"
            logger.info("transport attempt failed", metadata: metadata)
        } else {
            logger.debug("transport attempt succeeded", metadata: metadata)
        }
    }

    private func lineCredential(_ channel: LineChannelID) -> TransportExchange.Credential {
        let tokens = accessTokens
        return TransportExchange.Credential(subject: "channel \(channel)") { try await tokens.token(for: channel) }
    }

    private static func bearer(_ token: String?) -> [(String, String)] {
        guard let token else { return [] }
        return [("authorization", "Bearer \(token)")]
    }

    // MARK: HTTP

    /// One exchange whose deadline covers the whole answer, body included.
    private func execute(
        url: String,
        method: HTTPMethod,
        headers: [(String, String)],
        body: [UInt8]?,
        operation: String
    ) async throws -> LineAPIResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "user-agent", value: configuration.userAgent)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(body) }
        let timeout = Configuration.clamped(configuration.requestTimeout)
        let limit = configuration.maximumResponseBytes
        let client = self.client
        let prepared = request
        return try await withDeadline(timeout, operation: operation) { head in
            do {
                let response = try await client.execute(prepared, timeout: Self.timeAmount(timeout))
                head.arrived()
                let bytes = try await Self.collect(response, limit: limit, operation: operation)
                return Self.lineResponse(response, body: bytes)
            } catch {
                throw Self.transportError(error, operation: operation)
            }
        }
    }

    /// Opens a content download: the deadline covers the answer's head; the body streams afterwards.
    private func open(url: String, token: String?, operation: String) async throws -> StreamingAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "user-agent", value: configuration.userAgent)
        for (name, value) in Self.bearer(token) { request.headers.add(name: name, value: value) }
        let timeout = Configuration.clamped(configuration.contentTimeout)
        let limit = configuration.maximumResponseBytes
        let client = self.client
        let prepared = request
        return try await withDeadline(timeout, operation: operation) { _ in
            do {
                let response = try await client.execute(prepared, timeout: Self.timeAmount(timeout))
                return StreamingAnswer(response: response, limit: limit, operation: operation)
            } catch {
                throw Self.transportError(error, operation: operation)
            }
        }
    }

    /// Runs a body, and gives up with ``/TalkTransport/TalkTransportError/Code/timeout`` when the deadline passes first; the
    /// body is cancelled then, which closes its HTTP request.
    ///
    /// AsyncHTTPClient's own deadline, the same instant, covers the wait for the answer's head and knows whether
    /// the request went out (a connection that never opened had no effect). So while no head has arrived, the
    /// timer leaves it ``deadlineGrace`` to report first; once the head is in, the timer alone bounds the body.
    private func withDeadline<Result: Sendable>(
        _ timeout: Duration,
        operation: String,
        _ body: @escaping @Sendable (AnswerHead) async throws -> Result
    ) async throws -> Result {
        let timer = configuration.deadlineTimer
        let head = AnswerHead()
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await body(head) }
            group.addTask {
                try await timer(timeout)
                if !head.hasArrived { try await timer(Self.deadlineGrace) }
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw TalkTransportError(
                    .timeout,
                    operation: operation,
                    message: "no complete answer within \(timeout)"
                )
            }
            return result
        }
    }

    /// How long past the deadline AsyncHTTPClient may take to report a head that never came.
    static let deadlineGrace = Duration.milliseconds(250)

    static func collect(_ response: HTTPClientResponse, limit: Int, operation: String) async throws -> [UInt8] {
        do {
            return Array(buffer: try await response.body.collect(upTo: limit))
        } catch let error as NIOTooManyBytesError {
            throw TalkTransportError(
                .invalidResponse,
                operation: operation,
                message: "the answer is larger than \(limit) bytes",
                status: Int(response.status.code),
                underlying: error
            )
        } catch {
            throw transportError(error, operation: operation)
        }
    }

    static func lineResponse(_ response: HTTPClientResponse, body: [UInt8]) -> LineAPIResponse {
        LineAPIResponse(
            status: Int(response.status.code),
            requestID: response.headers.first(name: "x-line-request-id")
                ?? response.headers.first(name: "x-works-request-id"),
            acceptedRequestID: response.headers.first(name: "x-line-accepted-request-id"),
            retryAfter: LineAPIResponse.retryAfter(fromHeader: response.headers.first(name: "retry-after")),
            contentType: response.headers.first(name: "content-type"),
            body: body
        )
    }

    /// Maps HTTP client and socket errors to ``/TalkTransport/TalkTransportError``, keeping cancellation as it is.
    static func transportError(_ error: any Error, operation: String) -> any Error {
        if error is CancellationError || error is TalkTransportError { return error }
        if let http = error as? HTTPClientError {
            switch http {
            case .cancelled:
                return CancellationError()
            case .connectTimeout:
                return TalkTransportError(
                    .timeout,
                    operation: operation,
                    message: "could not connect before the deadline",
                    mayHaveBeenProcessed: false,
                    underlying: error
                )
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return TalkTransportError(
                    .timeout,
                    operation: operation,
                    message: "no complete answer before the deadline",
                    underlying: error
                )
            case .remoteConnectionClosed:
                return TalkTransportError(
                    .network,
                    operation: operation,
                    message: "the server closed the connection without a complete answer",
                    underlying: error
                )
            default:
                return TalkTransportError(
                    .network,
                    operation: operation,
                    message: "the HTTP exchange failed (\(http.shortDescription))",
                    underlying: error
                )
            }
        }
        if error is NIOConnectionError {
            return TalkTransportError(
                .network,
                operation: operation,
                message: "could not connect to the server",
                mayHaveBeenProcessed: false,
                underlying: error
            )
        }
        if let io = error as? IOError {
            let refused = io.errnoCode == ECONNREFUSED
            return TalkTransportError(
                .network,
                operation: operation,
                message: refused
                    ? "the server refused the connection" : "a socket error occurred (errno \(io.errnoCode))",
                mayHaveBeenProcessed: !refused,
                underlying: error
            )
        }
        return TalkTransportError(
            .network,
            operation: operation,
            message: "the request failed with \(type(of: error))",
            underlying: error
        )
    }

    static func join(_ base: String, _ path: String) -> String {
        var base = base[...]
        while base.hasSuffix("/") { base.removeLast() }
        return String(base) + path
    }

    /// A duration as NIO's `TimeAmount`, saturating at what 64-bit nanoseconds hold rather than trapping.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let parts = duration.components
        let (scaled, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .nanoseconds(parts.seconds < 0 ? .min : .max) }
        let (total, sumOverflow) = scaled.addingReportingOverflow(parts.attoseconds / 1_000_000_000)
        guard !sumOverflow else { return .nanoseconds(parts.seconds < 0 ? .min : .max) }
        return .nanoseconds(total)
    }
}

extension HTTPClientError {
    /// The error's code name without any request detail.
    fileprivate var shortDescription: String {
        String(describing: self).prefix(80).description
    }
}

/// A content answer whose body is still to be read: its head for the shared logic, the body on demand.
private struct StreamingAnswer: TransportAnswer {
    let response: HTTPClientResponse
    let limit: Int
    let operation: String

    var status: Int { Int(response.status.code) }
    var requestID: String? { response.headers.first(name: "x-line-request-id") }

    func completeResponse() async throws -> LineAPIResponse {
        let body = try await HTTPTalkTransport.collect(response, limit: limit, operation: operation)
        return HTTPTalkTransport.lineResponse(response, body: body)
    }
}

/// Whether an exchange's answer head has arrived, set once by the exchange and read by its deadline timer.
private final class AnswerHead: Sendable {
    private let state = Mutex(false)

    var hasArrived: Bool { state.withLock { $0 } }

    func arrived() { state.withLock { $0 = true } }
}
