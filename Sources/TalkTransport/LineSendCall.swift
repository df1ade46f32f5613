public import TalkWire

/// Sends one reply, push or multicast request built by TalkWire's ``/TalkWire/LineRequest``.
///
/// Use the conveniences ``LineMessagingTransport/reply(replyToken:messages:notificationDisabled:channel:)``,
/// ``LineMessagingTransport/push(to:messages:retryKey:notificationDisabled:channel:)`` and
/// ``LineMessagingTransport/multicast(to:messages:retryKey:notificationDisabled:channel:)`` unless you build requests
/// yourself.
public struct LineSendCall: LineAPICall {
    /// The request: endpoint and body from ``/TalkWire/LineRequest``.
    public let lineRequest: LineRequest
    /// The retry key sent with a push or multicast.
    public let retryKey: LineRetryKey?

    /// Creates a send call.
    /// - Parameters:
    ///   - lineRequest: A request from ``/TalkWire/LineRequest/reply(replyToken:messages:notificationDisabled:)``,
    ///     ``/TalkWire/LineRequest/push(to:messages:notificationDisabled:)`` or
    ///     ``/TalkWire/LineRequest/multicast(to:messages:notificationDisabled:)``.
    ///   - retryKey: The `X-Line-Retry-Key`; required for push and multicast so that retries are safe, and not
    ///     allowed for replies (LINE does not support one there).
    /// - Throws: ``TalkTransportError`` with ``TalkTransportError/Code/invalidRequest`` for a reply with a key or
    ///   a push-type request without one.
    public init(_ lineRequest: LineRequest, retryKey: LineRetryKey?) throws(TalkTransportError) {
        let isReply = lineRequest.endpoint == .reply
        if isReply, retryKey != nil {
            throw TalkTransportError(
                .invalidRequest,
                operation: "reply",
                message: "LINE takes no retry key on replies; the reply token is single-use instead"
            )
        }
        if !isReply, retryKey == nil {
            throw TalkTransportError(
                .invalidRequest,
                operation: Self.operation(for: lineRequest.endpoint),
                message: "a push-type send needs a retry key, created before the first attempt, so retries are safe"
            )
        }
        self.lineRequest = lineRequest
        self.retryKey = retryKey
    }

    /// A `POST` of the request's body to its endpoint.
    public var request: LineAPIRequest {
        LineAPIRequest(
            operation: Self.operation(for: lineRequest.endpoint),
            method: .post,
            path: lineRequest.endpoint.path,
            body: lineRequest.body,
            retryKey: retryKey
        )
    }

    /// Reads `sentMessages` (reply and push; a multicast answers `{}`).
    /// - Parameter response: The 2xx answer.
    /// - Returns: The receipt.
    /// - Throws: ``TalkTransportError/Code/invalidResponse`` when the body is not a JSON object.
    public func decodeResponse(_ response: LineAPIResponse) throws(TalkTransportError) -> LineSendReceipt {
        let object = try response.jsonObject(operation: request.operation)
        let sent = (object["sentMessages"]?.arrayValue ?? []).compactMap { entry -> LineSentMessage? in
            guard let id = entry["id"]?.stringValue else { return nil }
            return LineSentMessage(id: id, quoteToken: entry["quoteToken"]?.stringValue)
        }
        return LineSendReceipt(
            endpoint: lineRequest.endpoint,
            requestID: response.requestID,
            sentMessages: sent,
            retryKey: retryKey,
            isDuplicate: false
        )
    }

    static func operation(for endpoint: LineRequest.Endpoint) -> String {
        switch endpoint {
        case .reply: "reply"
        case .push: "push"
        case .multicast: "multicast"
        default: "send"
        }
    }
}

/// What LINE answered to an accepted reply, push or multicast.
public struct LineSendReceipt: Sendable, Hashable {
    /// The endpoint the request went to.
    public var endpoint: LineRequest.Endpoint
    /// LINE's `x-line-request-id`; for a duplicate, the ID of the request accepted earlier
    /// (`x-line-accepted-request-id`).
    public var requestID: String?
    /// The messages LINE created, in order; empty for multicast and for duplicates (LINE does not repeat them).
    public var sentMessages: [LineSentMessage]
    /// The retry key the request carried.
    public var retryKey: LineRetryKey?
    /// `true` when LINE answered 409 because the retry key was accepted before: the send happened earlier.
    public var isDuplicate: Bool

    /// Creates a receipt.
    /// - Parameters:
    ///   - endpoint: The endpoint.
    ///   - requestID: LINE's request ID.
    ///   - sentMessages: The created messages.
    ///   - retryKey: The retry key.
    ///   - isDuplicate: Whether the request had been accepted before.
    public init(
        endpoint: LineRequest.Endpoint,
        requestID: String?,
        sentMessages: [LineSentMessage],
        retryKey: LineRetryKey?,
        isDuplicate: Bool
    ) {
        self.endpoint = endpoint
        self.requestID = requestID
        self.sentMessages = sentMessages
        self.retryKey = retryKey
        self.isDuplicate = isDuplicate
    }
}

/// A message LINE created for a send.
public struct LineSentMessage: Sendable, Hashable {
    /// The message ID.
    public var id: String
    /// The token to quote this message with, when LINE gives one.
    public var quoteToken: String?

    /// Creates a sent message.
    /// - Parameters:
    ///   - id: The message ID.
    ///   - quoteToken: The quote token.
    public init(id: String, quoteToken: String?) {
        self.id = id
        self.quoteToken = quoteToken
    }
}
