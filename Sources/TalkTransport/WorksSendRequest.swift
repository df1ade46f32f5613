import TalkWire

/// One LINE WORKS bot message: `POST /bots/{botId}/users/{userId}/messages` or
/// `/bots/{botId}/channels/{channelId}/messages`, with one body from ``/TalkWire/WorksMessageEncoder``.
///
/// LINE WORKS has no retry key, so a send whose outcome is unknown (timeout, 5xx) is not retried.
public struct WorksSendRequest: Sendable, Hashable {
    /// Who receives the message.
    @nonexhaustive
    public enum Destination: Sendable, Hashable {
        /// A 1:1 chat with a member, by user ID.
        case user(String)
        /// A channel (talk room) the bot is in.
        case channel(String)
    }

    /// The bot sending.
    public var botID: String
    /// Who receives it.
    public var destination: Destination
    /// The `{"content": {...}}` body.
    public var body: [UInt8]

    /// Creates a request.
    /// - Parameters:
    ///   - botID: The bot.
    ///   - destination: The user or channel.
    ///   - body: One body from ``/TalkWire/WorksMessageEncoder/bodies(for:)``.
    /// - Throws: ``TalkTransportError/Code/invalidRequest`` when an ID is empty or holds `/`, `?`, `#` or `%`,
    ///   which would change the URL path.
    public init(botID: String, destination: Destination, body: [UInt8]) throws(TalkTransportError) {
        for (name, value) in [("bot ID", botID), ("destination ID", destination.id)] {
            guard !value.isEmpty, !value.contains(where: { "/?#% ".contains($0) }) else {
                throw TalkTransportError(
                    .invalidRequest,
                    operation: "send to LINE WORKS",
                    message: "the \(name) is empty or contains a character that would change the URL path"
                )
            }
        }
        self.botID = botID
        self.destination = destination
        self.body = body
    }

    /// The path below the LINE WORKS API base URL.
    public var path: String {
        switch destination {
        case .user(let user): "/bots/\(botID)/users/\(user)/messages"
        case .channel(let channel): "/bots/\(botID)/channels/\(channel)/messages"
        }
    }
}

extension WorksSendRequest.Destination {
    var id: String {
        switch self {
        case .user(let id), .channel(let id): id
        }
    }
}

/// What LINE WORKS answered to an accepted message.
public struct WorksSendReceipt: Sendable, Hashable {
    /// The HTTP status (201).
    public var status: Int
    /// The request ID header, when the server sent one.
    public var requestID: String?

    /// Creates a receipt.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - requestID: The request ID.
    public init(status: Int, requestID: String?) {
        self.status = status
        self.requestID = requestID
    }
}

extension TalkTransportError {
    /// Decodes a non-2xx LINE WORKS answer, `{"code": "...", "description": "..."}`, into an error.
    ///
    /// An expired token comes back as 401 or as 403 with code `UNAUTHORIZED`; both are
    /// ``Code/unauthorized``. Other statuses map as for the Messaging API.
    /// - Parameters:
    ///   - response: The answer.
    ///   - operation: What the request did.
    public init(worksResponse response: LineAPIResponse, operation: String) {
        let value = try? JSONValue(parsing: response.body, maximumDepth: 8)
        let worksCode = value?["code"]?.stringValue
        let text = value?["description"]?.stringValue ?? worksCode
        var error = TalkTransportError(
            lineResponse: LineAPIResponse(
                status: response.status,
                requestID: response.requestID,
                retryAfter: response.retryAfter
            ),
            operation: operation
        )
        if worksCode == "UNAUTHORIZED" { error.code = .unauthorized }
        if let text { error.message = String(text.prefix(Self.maximumMessageLength)) }
        self = error
    }
}
