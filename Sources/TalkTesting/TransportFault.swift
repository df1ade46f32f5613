/// A failure the fake platform produces instead of handling a request, to test how an app copes.
///
/// Inject faults with ``InMemoryTransport/injectFault(_:count:pathPrefix:)``: the next `count` matching requests
/// fail this way, then the platform behaves normally again.
public struct TransportFault: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case rateLimited(retryAfterSeconds: Int?)
        case serverError(status: Int)
        case timeout
        case timeoutAfterProcessing
        case connectionDropped
    }

    let kind: Kind

    /// 429 with LINE's rate-limit message, and a `Retry-After` header when `retryAfterSeconds` is given.
    /// - Parameter retryAfterSeconds: The `Retry-After` value, if any.
    /// - Returns: The fault.
    public static func rateLimited(retryAfterSeconds: Int? = nil) -> TransportFault {
        TransportFault(kind: .rateLimited(retryAfterSeconds: retryAfterSeconds))
    }

    /// A 5xx answer; the request is not processed.
    /// - Parameter status: The status, 500 to 599.
    /// - Returns: The fault.
    public static func serverError(status: Int = 500) -> TransportFault {
        TransportFault(kind: .serverError(status: min(599, max(500, status))))
    }

    /// No answer; the request is not processed. A client times out.
    public static let timeout = TransportFault(kind: .timeout)

    /// The request *is* processed (a push is accepted and delivered), but its answer is lost and the client
    /// times out: the case retry keys exist for. A retry with the same key gets 409.
    public static let timeoutAfterProcessing = TransportFault(kind: .timeoutAfterProcessing)

    /// The connection is closed without an answer; the request is not processed.
    public static let connectionDropped = TransportFault(kind: .connectionDropped)

    /// The fault's name.
    public var description: String {
        switch kind {
        case .rateLimited(let seconds): seconds.map { "rateLimited(retryAfter: \($0)s)" } ?? "rateLimited"
        case .serverError(let status): "serverError(\(status))"
        case .timeout: "timeout"
        case .timeoutAfterProcessing: "timeoutAfterProcessing"
        case .connectionDropped: "connectionDropped"
        }
    }
}
