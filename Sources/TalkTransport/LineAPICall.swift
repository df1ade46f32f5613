/// One call of the LINE Messaging API: the request to make and how to read a successful answer.
///
/// ``LineMessagingTransport/perform(_:channel:)`` takes any call, so the set of calls is open: the SDK ships the ones
/// it needs (``LineSendCall``, ``LineProfileCall``, ``LineMarkAsReadCall`` and others), and an app can add its
/// own for an endpoint the SDK does not cover, and run it through the same retries, error decoding and fakes:
///
/// ```swift
/// struct FollowerCountCall: LineAPICall {
///     let date: String  // yyyyMMdd, Asia/Tokyo
///     var request: LineAPIRequest {
///         LineAPIRequest(operation: "get followers", method: .get, path: "/v2/bot/insight/followers?date=\(date)")
///     }
///     func decodeResponse(_ response: LineAPIResponse) throws(TalkTransportError) -> Int {
///         try response.jsonObject(operation: request.operation)["followers"]?.numberValue?.int64Value
///             .map(Int.init) ?? 0
///     }
/// }
/// ```
///
/// Non-2xx answers never reach ``decodeResponse(_:)``: the transport turns them into ``TalkTransportError``
/// with ``TalkTransportError/init(lineResponse:operation:)``.
public protocol LineAPICall: Sendable {
    /// What a successful call returns.
    associatedtype Response: Sendable

    /// The HTTP request to make.
    var request: LineAPIRequest { get }

    /// Reads a successful (2xx) answer.
    /// - Parameter response: The answer.
    /// - Returns: The call's result.
    /// - Throws: ``TalkTransportError`` with ``TalkTransportError/Code/invalidResponse`` when the body is not
    ///   what the API documents.
    func decodeResponse(_ response: LineAPIResponse) throws(TalkTransportError) -> Response
}

/// A Messaging API request, independent of any HTTP library.
public struct LineAPIRequest: Sendable, Hashable {
    /// The HTTP method.
    public struct Method: Sendable, Hashable, CustomStringConvertible {
        /// The method's name, such as `POST`.
        public let rawValue: String

        private init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        /// `GET`.
        public static let get = Method("GET")
        /// `POST`.
        public static let post = Method("POST")
        /// `PUT`.
        public static let put = Method("PUT")
        /// `DELETE`.
        public static let delete = Method("DELETE")

        /// The method's name.
        public var description: String { rawValue }
    }

    /// Which LINE host serves the endpoint.
    public enum Host: Sendable, Hashable {
        /// `https://api.line.me`: everything except binary content.
        case api
        /// `https://api-data.line.me`: message content, previews and uploads.
        case apiData
    }

    /// Whether a request may be sent again when its outcome is unknown (a timeout, a 5xx, a dropped connection).
    public enum Idempotency: Sendable, Hashable {
        /// Sending it twice has the effect of sending it once: reads, mark-as-read, the loading animation.
        case idempotent
        /// Made safe by its `X-Line-Retry-Key`: LINE answers a repeat with 409 (push, multicast).
        case retryKey
        /// Sending it twice may act twice, and nothing detects it (a reply): retried only when it certainly
        /// had no effect, such as after a 429 or a connection that never opened.
        case notIdempotent
    }

    /// What the request does, for errors and logs, such as `push`.
    public var operation: String
    /// The HTTP method.
    public var method: Method
    /// Which host serves it.
    public var host: Host
    /// The path and query below the host, such as `/v2/bot/message/push`.
    public var path: String
    /// The JSON body, if any.
    public var body: [UInt8]?
    /// The `X-Line-Retry-Key`, for push-type requests.
    public var retryKey: LineRetryKey?
    /// Whether the request may be repeated when its outcome is unknown.
    public var idempotency: Idempotency

    /// Creates a request.
    /// - Parameters:
    ///   - operation: What the request does, for errors and logs.
    ///   - method: The HTTP method.
    ///   - host: Which host serves it.
    ///   - path: The path and query below the host.
    ///   - body: The JSON body, if any.
    ///   - retryKey: The `X-Line-Retry-Key`, if any; it makes the request ``Idempotency/retryKey``.
    ///   - idempotency: Whether it may be repeated; by default `GET` requests and requests with a retry key
    ///     may be, others may not.
    public init(
        operation: String,
        method: Method,
        host: Host = .api,
        path: String,
        body: [UInt8]? = nil,
        retryKey: LineRetryKey? = nil,
        idempotency: Idempotency? = nil
    ) {
        self.operation = operation
        self.method = method
        self.host = host
        self.path = path
        self.body = body
        self.retryKey = retryKey
        self.idempotency =
            idempotency ?? (retryKey != nil ? .retryKey : method == .get ? .idempotent : .notIdempotent)
    }
}

/// An answer of the Messaging API, independent of any HTTP library.
public struct LineAPIResponse: Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// `x-line-request-id`.
    public var requestID: String?
    /// `x-line-accepted-request-id` (409 answers to a repeated retry key).
    public var acceptedRequestID: String?
    /// `Retry-After`, in seconds, when the server sent one.
    public var retryAfter: Duration?
    /// `Content-Type`.
    public var contentType: String?
    /// The body.
    public var body: [UInt8]

    /// Creates a response.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - requestID: `x-line-request-id`.
    ///   - acceptedRequestID: `x-line-accepted-request-id`.
    ///   - retryAfter: `Retry-After`.
    ///   - contentType: `Content-Type`.
    ///   - body: The body.
    public init(
        status: Int,
        requestID: String? = nil,
        acceptedRequestID: String? = nil,
        retryAfter: Duration? = nil,
        contentType: String? = nil,
        body: [UInt8] = []
    ) {
        self.status = status
        self.requestID = requestID
        self.acceptedRequestID = acceptedRequestID
        self.retryAfter = retryAfter
        self.contentType = contentType
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// Reads `Retry-After` as LINE and HTTP allow it: whole seconds (an HTTP date is not supported and ignored).
    /// - Parameter value: The header's value.
    /// - Returns: The delay, or `nil` when the value is not a non-negative number of seconds.
    public static func retryAfter(fromHeader value: String?) -> Duration? {
        guard let value, let seconds = Int64(value.trimmingSpaces), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }
}

extension String {
    var trimmingSpaces: Substring {
        var trimmed = self[...]
        while trimmed.first == " " || trimmed.first == "\t" { trimmed.removeFirst() }
        while trimmed.last == " " || trimmed.last == "\t" { trimmed.removeLast() }
        return trimmed
    }
}
