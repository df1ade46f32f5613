/// A call through a ``TalkTransport`` that failed: the one error type every transport throws.
///
/// Compare ``code`` against the static members of ``Code``; new codes may be added in later versions, so
/// `switch` statements need a `default`. ``description`` names the operation, the code, the HTTP status and
/// LINE's own explanation, but never an access token, a signature or a message body (LINE's error messages do
/// not echo bodies either). The underlying error, if any, is only in ``debugDescription``.
///
/// ```swift
/// do {
///     try await transport.push(to: userID, messages: messages, retryKey: key, channel: channel)
/// } catch let error as TalkTransportError where error.code == .rateLimited {
///     scheduleRetry(after: error.retryAfter ?? .seconds(60))
/// }
/// ```
public struct TalkTransportError: Error, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, as a value to compare against; new codes may be added in later versions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case rateLimited
            case quotaExceeded
            case invalidReplyToken
            case duplicate
            case unauthorized
            case forbidden
            case notFound
            case badRequest
            case invalidRequest
            case serverError
            case timeout
            case network
            case invalidResponse
            case invalidConfiguration
            case replyUnconfirmed
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// LINE answered 429: too many requests for this channel and endpoint. Retrying later may succeed;
        /// ``TalkTransportError/retryAfter`` says when, if the server said.
        public static let rateLimited = Code(.rateLimited)
        /// LINE answered 429 because the month's message quota of a plan that cannot buy more is used up (R32).
        /// Retrying does not help until the next month (Asia/Tokyo) or a plan change; replies still work.
        public static let quotaExceeded = Code(.quotaExceeded)
        /// The reply token is invalid, already used or expired (they live about one minute). Push instead.
        public static let invalidReplyToken = Code(.invalidReplyToken)
        /// LINE answered 409 to a repeated `X-Line-Retry-Key`: the request was already accepted, so the send
        /// happened. ``TalkTransportError/acceptedRequestID`` names the accepted request. A success for callers.
        public static let duplicate = Code(.duplicate)
        /// 401: the access token is missing, invalid, expired or revoked.
        public static let unauthorized = Code(.unauthorized)
        /// 403: the channel may not use this endpoint (plan or permission).
        public static let forbidden = Code(.forbidden)
        /// 404: no such user, message content, bot, peer tenant or endpoint.
        public static let notFound = Code(.notFound)
        /// 400 (or another 4xx): LINE refused the request; ``TalkTransportError/details`` says which property.
        public static let badRequest = Code(.badRequest)
        /// The request was refused before it was sent, because it breaks a documented limit.
        public static let invalidRequest = Code(.invalidRequest)
        /// 5xx: the server failed. The request may or may not have been processed.
        public static let serverError = Code(.serverError)
        /// No answer in time. The request may or may not have been processed.
        public static let timeout = Code(.timeout)
        /// The connection failed or was dropped; see ``TalkTransportError/mayHaveBeenProcessed``.
        public static let network = Code(.network)
        /// A success answer could not be read (not the JSON the API documents, or too large).
        public static let invalidResponse = Code(.invalidResponse)
        /// The transport was set up in a way it refuses, such as a base URL that is not `https`.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// An earlier reply attempt may have been delivered and its token can no longer tell, so a reply-first
        /// send stops rather than risk showing messages twice; see ``LineDeliveryState``.
        public static let replyUnconfirmed = Code(.replyUnconfirmed)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// One entry of LINE's `details[]`: which property of the request was wrong, and why.
    public struct Detail: Hashable, Sendable, CustomStringConvertible {
        /// LINE's explanation, such as `Length must be between 0 and 5000`.
        public var message: String?
        /// The request property, such as `messages[0].text`.
        public var property: String?

        /// Creates a detail.
        /// - Parameters:
        ///   - message: The explanation.
        ///   - property: The request property.
        public init(message: String?, property: String?) {
            self.message = message
            self.property = property
        }

        /// `property: message`.
        public var description: String {
            switch (property, message) {
            case (let property?, let message?): "\(property): \(message)"
            case (let property?, nil): property
            case (nil, let message?): message
            case (nil, nil): "(no detail)"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// What the transport was doing, such as `push` or `get profile`.
    public var operation: String
    /// A sentence saying what went wrong: LINE's `message` for API errors, or the transport's own.
    public var message: String
    /// The HTTP status, when a response arrived.
    public var status: Int?
    /// LINE's `x-line-request-id` of the failed request, for LINE support.
    public var requestID: String?
    /// For ``Code/duplicate``: the `x-line-accepted-request-id` of the request that was accepted earlier.
    public var acceptedRequestID: String?
    /// How long the server asked to wait before retrying, when it said (`Retry-After`).
    public var retryAfter: Duration?
    /// LINE's `details[]`, when given.
    public var details: [Detail]
    /// Whether the server may have processed the request despite the error (a timeout or 5xx after sending).
    /// `false` when the request certainly had no effect (a 4xx, or a connection that never opened).
    public var mayHaveBeenProcessed: Bool
    /// The error from the layer below, such as the HTTP client's; shown only in ``debugDescription``.
    public var underlying: (any Error)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - operation: What the transport was doing.
    ///   - message: A sentence without tokens, secrets or message bodies.
    ///   - status: The HTTP status, if a response arrived.
    ///   - requestID: LINE's `x-line-request-id`.
    ///   - acceptedRequestID: LINE's `x-line-accepted-request-id` (409 only).
    ///   - retryAfter: The server's `Retry-After`.
    ///   - details: LINE's `details[]`.
    ///   - mayHaveBeenProcessed: Whether the request may have had an effect; by default `true` for server
    ///     errors, timeouts and network errors, `false` for the others.
    ///   - underlying: The error from the layer below.
    public init(
        _ code: Code,
        operation: String,
        message: String,
        status: Int? = nil,
        requestID: String? = nil,
        acceptedRequestID: String? = nil,
        retryAfter: Duration? = nil,
        details: [Detail] = [],
        mayHaveBeenProcessed: Bool? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.operation = operation
        self.message = message
        self.status = status
        self.requestID = requestID
        self.acceptedRequestID = acceptedRequestID
        self.retryAfter = retryAfter
        self.details = details
        self.mayHaveBeenProcessed =
            mayHaveBeenProcessed ?? [Code.serverError, .timeout, .network, .duplicate].contains(code)
        self.underlying = underlying
    }

    /// Whether retrying the same request later may succeed: rate limits, server errors, timeouts and network
    /// errors. Whether it is *safe* to retry depends on the request; see ``LineAPIRequest/Idempotency``.
    public var isTransient: Bool {
        [Code.rateLimited, .serverError, .timeout, .network].contains(code)
    }

    /// The operation, code, status, message, details and request ID; never a token or a body.
    public var description: String {
        var text = "TalkTransportError.\(code) (\(operation)"
        if let status { text += ", HTTP \(status)" }
        text += "): \(message)"
        if !details.isEmpty { text += " [" + details.map(\.description).joined(separator: "; ") + "]" }
        if let acceptedRequestID { text += " (accepted request \(acceptedRequestID))" }
        if let requestID { text += " (request \(requestID))" }
        return text
    }

    /// The description followed by the underlying error, for local debugging.
    public var debugDescription: String {
        guard let underlying else { return description }
        return "\(description); underlying: \(String(reflecting: underlying))"
    }
}
