public import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
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

/// The production ``/TalkTransport/TalkTransport``: the LINE Messaging API, the LINE WORKS API and peer tenants over
/// AsyncHTTPClient.
///
/// - Request bodies come from TalkWire's encoders; LINE's error JSON becomes ``/TalkTransport/TalkTransportError``.
/// - Transient failures (429, 5xx, timeouts, connection errors) are retried with jittered exponential backoff
///   per ``Configuration/retryPolicy``, bounded in attempts and total time. Other 4xx answers are never
///   retried. A request that could act twice (a reply, a LINE WORKS message) is retried only when the failure
///   shows it had no effect; a push retries with the same `X-Line-Retry-Key`, and a 409 on it is
///   ``/TalkTransport/TalkTransportError/Code/duplicate`` (the push conveniences treat it as sent).
/// - Tokens come from an ``AccessTokenProvider`` before every attempt; after a 401 a changed token is tried once.
///
/// ## Who shuts the HTTP client down
/// The transport never shuts down the `HTTPClient` it is given: by default it uses `HTTPClient.shared`, which
/// lives for the whole process and needs no shutdown; a client you pass in is yours to shut down after the
/// last call. ``withOwnedClient(configuration:accessTokens:worksAccessTokens:_:)`` creates a client, runs a body
/// and shuts the client down.
///
/// ```swift
/// let transport = LineHTTPTransport(accessTokens: .perChannel([channel: token]))
/// let receipts = try await transport.push(to: user, messages: messages, retryKey: key, channel: channel)
/// ```
public struct LineHTTPTransport: TalkTransport {
    /// The configuration.
    public let configuration: Configuration
    private let accessTokens: LineAccessTokenProvider
    private let worksAccessTokens: WorksAccessTokenProvider?
    private let client: HTTPClient

    /// Creates a transport.
    /// - Parameters:
    ///   - configuration: Hosts, timeouts and retries.
    ///   - accessTokens: Channel access tokens.
    ///   - worksAccessTokens: LINE WORKS tokens; without them LINE WORKS sends fail with
    ///     ``/TalkTransport/TalkTransportError/Code/unauthorized``.
    ///   - httpClient: The client to use; the caller keeps ownership (see the type's discussion).
    public init(
        configuration: Configuration = Configuration(),
        accessTokens: LineAccessTokenProvider,
        worksAccessTokens: WorksAccessTokenProvider? = nil,
        httpClient: HTTPClient = .shared
    ) {
        self.configuration = configuration
        self.accessTokens = accessTokens
        self.worksAccessTokens = worksAccessTokens
        self.client = httpClient
    }

    /// Creates a transport on its own `HTTPClient`, runs a body with it, and shuts the client down afterwards.
    /// - Parameters:
    ///   - configuration: Hosts, timeouts and retries.
    ///   - accessTokens: Channel access tokens.
    ///   - worksAccessTokens: LINE WORKS tokens.
    ///   - body: The work to do with the transport.
    /// - Returns: The body's result.
    /// - Throws: The body's error.
    public static func withOwnedClient<Result: Sendable>(
        configuration: Configuration = Configuration(),
        accessTokens: LineAccessTokenProvider,
        worksAccessTokens: WorksAccessTokenProvider? = nil,
        _ body: (LineHTTPTransport) async throws -> Result
    ) async throws -> Result {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let transport = LineHTTPTransport(
            configuration: configuration,
            accessTokens: accessTokens,
            worksAccessTokens: worksAccessTokens,
            httpClient: client
        )
        let result: Result
        do {
            result = try await body(transport)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }

    // MARK: TalkTransport

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
        return try await configuration.retryPolicy.run(
            idempotency: request.idempotency,
            environment: configuration.retryEnvironment
        ) { _ in
            let response = try await authorized(operation: request.operation, channel: channel) { token in
                try await execute(
                    url: Self.join(base, request.path),
                    method: method,
                    headers: headers + [("authorization", "Bearer \(token)")],
                    body: request.body,
                    operation: request.operation
                )
            }
            guard response.isSuccess else {
                throw TalkTransportError(lineResponse: response, operation: request.operation)
            }
            return try call.decodeResponse(response)
        }
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
        return try await configuration.retryPolicy.run(
            idempotency: .idempotent,
            environment: configuration.retryEnvironment
        ) { _ in
            var token = try await lineToken(channel, operation: operation)
            var response = try await open(url: url, token: token, operation: operation)
            if response.status == .unauthorized, let fresh = try? await accessTokens.token(for: channel), fresh != token
            {
                token = fresh
                response = try await open(url: url, token: token, operation: operation)
            }
            guard (200..<300).contains(Int(response.status.code)) else {
                let body = try await Self.collect(
                    response,
                    limit: configuration.maximumResponseBytes,
                    operation: operation
                )
                throw TalkTransportError(lineResponse: Self.lineResponse(response, body: body), operation: operation)
            }
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
    }

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
        return try await configuration.retryPolicy.run(
            idempotency: .notIdempotent,
            environment: configuration.retryEnvironment
        ) { _ in
            let token: String
            do {
                token = try await worksAccessTokens.token(for: request.botID)
            } catch {
                throw TalkTransportError(
                    .unauthorized,
                    operation: operation,
                    message: "the LINE WORKS token provider failed",
                    mayHaveBeenProcessed: false,
                    underlying: error
                )
            }
            let response = try await execute(
                url: url,
                method: .POST,
                headers: [("content-type", "application/json"), ("authorization", "Bearer \(token)")],
                body: request.body,
                operation: operation
            )
            guard response.isSuccess else { throw TalkTransportError(worksResponse: response, operation: operation) }
            return WorksSendReceipt(status: response.status, requestID: response.requestID)
        }
    }

    /// Posts a federation envelope to a configured peer, signed when the peer has a shared secret; retried
    /// freely because peers drop repeated message IDs.
    /// - Parameters:
    ///   - envelope: The envelope.
    ///   - peer: The tenant.
    /// - Returns: The receipt.
    /// - Throws: ``/TalkTransport/TalkTransportError``; ``/TalkTransport/TalkTransportError/Code/notFound`` for a peer not in the configuration.
    public func deliver(
        _ envelope: FederationEnvelope,
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
        let body = envelope.jsonBytes
        var headers: [(String, String)] = [("content-type", "application/json")]
        if let local = configuration.localTenant { headers.append((FederationHTTP.originHeader, local.rawValue)) }
        if let secret = target.secret {
            headers.append(
                (FederationHTTP.signatureHeader, WebhookSignatureVerifier(secrets: [secret]).signature(for: body))
            )
        }
        let url = Self.join(target.baseURL, FederationHTTP.path)
        return try await configuration.retryPolicy.run(
            idempotency: .idempotent,
            environment: configuration.retryEnvironment
        ) { _ in
            let response = try await execute(
                url: url,
                method: .POST,
                headers: headers,
                body: body,
                operation: operation
            )
            guard response.isSuccess else { throw TalkTransportError(lineResponse: response, operation: operation) }
            let duplicate = (try? JSONValue(parsing: response.body))?["duplicate"]?.boolValue ?? false
            return FederationDeliveryReceipt(
                peer: peer,
                messageID: envelope.messageId,
                status: response.status,
                isDuplicate: duplicate
            )
        }
    }

    // MARK: HTTP

    private func lineToken(_ channel: LineChannelID, operation: String) async throws(TalkTransportError) -> String {
        do {
            return try await accessTokens.token(for: channel)
        } catch {
            throw TalkTransportError(
                .unauthorized,
                operation: operation,
                message: "the access token provider failed for channel \(channel)",
                mayHaveBeenProcessed: false,
                underlying: error
            )
        }
    }

    /// Runs a request with the channel's token; after a 401, once more if the provider has a new token.
    private func authorized(
        operation: String,
        channel: LineChannelID,
        _ attempt: (String) async throws -> LineAPIResponse
    ) async throws -> LineAPIResponse {
        let token = try await lineToken(channel, operation: operation)
        let response = try await attempt(token)
        guard response.status == 401, let fresh = try? await accessTokens.token(for: channel), fresh != token else {
            return response
        }
        return try await attempt(fresh)
    }

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
        do {
            let response = try await client.execute(request, timeout: Self.timeAmount(configuration.requestTimeout))
            let bytes = try await Self.collect(
                response,
                limit: configuration.maximumResponseBytes,
                operation: operation
            )
            return Self.lineResponse(response, body: bytes)
        } catch {
            throw Self.transportError(error, operation: operation)
        }
    }

    private func open(url: String, token: String, operation: String) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "user-agent", value: configuration.userAgent)
        request.headers.add(name: "authorization", value: "Bearer \(token)")
        do {
            return try await client.execute(request, timeout: Self.timeAmount(configuration.contentTimeout))
        } catch {
            throw Self.transportError(error, operation: operation)
        }
    }

    private static func collect(_ response: HTTPClientResponse, limit: Int, operation: String) async throws -> [UInt8] {
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

    private static func lineResponse(_ response: HTTPClientResponse, body: [UInt8]) -> LineAPIResponse {
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

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let parts = duration.components
        return .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }
}

extension HTTPClientError {
    /// The error's code name without any request detail.
    fileprivate var shortDescription: String {
        String(describing: self).prefix(80).description
    }
}
