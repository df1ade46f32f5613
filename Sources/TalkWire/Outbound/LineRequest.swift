/// One LINE Messaging API send request: the endpoint and the JSON body, as bytes.
///
/// Build requests with ``reply(replyToken:messages:notificationDisabled:)``,
/// ``push(to:messages:notificationDisabled:)`` and ``multicast(to:messages:notificationDisabled:)``; they
/// apply LINE's request limits: 1 to 5 messages per request, at most 500 multicast recipients.
public struct LineRequest: Sendable, Hashable {
    /// The most messages one request may carry.
    public static let maximumMessagesPerRequest = 5
    /// The most recipients one multicast request may name.
    public static let maximumMulticastRecipients = 500

    /// A send endpoint of the Messaging API.
    public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        /// The path below `https://api.line.me`, such as `/v2/bot/message/push`.
        public let path: String

        private init(path: String) {
            self.path = path
        }

        /// `POST /v2/bot/message/reply`; not counted against the monthly quota, no retry key.
        public static let reply = Endpoint(path: "/v2/bot/message/reply")
        /// `POST /v2/bot/message/push`.
        public static let push = Endpoint(path: "/v2/bot/message/push")
        /// `POST /v2/bot/message/multicast`.
        public static let multicast = Endpoint(path: "/v2/bot/message/multicast")

        /// The path.
        public var description: String { path }
    }

    /// Where to send the body.
    public var endpoint: Endpoint
    /// The JSON body, UTF-8.
    public var body: [UInt8]
    /// How many messages the body carries.
    public var messageCount: Int
    /// How many recipients the body names (1 for reply and push).
    public var recipientCount: Int

    /// Creates a reply request.
    ///
    /// A reply token can be used once, so replies are not split: send the first
    /// ``maximumMessagesPerRequest`` messages as the reply and the rest with ``push(to:messages:notificationDisabled:)``
    /// (``batches(of:)`` does the cutting).
    /// - Parameters:
    ///   - replyToken: The event's reply token.
    ///   - messages: 1 to 5 messages.
    ///   - notificationDisabled: `true` to deliver without a push notification.
    /// - Returns: The request.
    /// - Throws: ``LineEncodingError`` with ``LineEncodingError/Code/noMessages`` or
    ///   ``LineEncodingError/Code/tooManyMessages``.
    public static func reply(
        replyToken: String,
        messages: [LineOutboundMessage],
        notificationDisabled: Bool = false
    ) throws(LineEncodingError) -> LineRequest {
        guard !messages.isEmpty else {
            throw LineEncodingError(code: .noMessages, field: "messages", message: "a reply needs at least one message")
        }
        guard messages.count <= maximumMessagesPerRequest else {
            throw LineEncodingError(
                code: .tooManyMessages,
                field: "messages",
                message: "a reply carries at most \(maximumMessagesPerRequest) messages and its token is single-use; "
                    + "push the rest"
            )
        }
        var writer = JSONWriter(reservingCapacity: 256)
        writer.beginObject()
        writer.field("replyToken", replyToken)
        writeMessages(messages, to: &writer)
        if notificationDisabled { writer.field("notificationDisabled", true) }
        writer.endObject()
        return LineRequest(endpoint: .reply, body: writer.bytes, messageCount: messages.count, recipientCount: 1)
    }

    /// Creates push requests to one user, group or room, five messages per request, in order.
    /// - Parameters:
    ///   - recipient: The user, group or room ID.
    ///   - messages: The messages; any number above zero.
    ///   - notificationDisabled: `true` to deliver without a push notification.
    /// - Returns: One request per five messages.
    /// - Throws: ``LineEncodingError`` when there are no messages or no recipient.
    public static func push(
        to recipient: String,
        messages: [LineOutboundMessage],
        notificationDisabled: Bool = false
    ) throws(LineEncodingError) -> [LineRequest] {
        guard !recipient.isEmpty else {
            throw LineEncodingError(code: .noRecipients, field: "to", message: "a push needs a recipient")
        }
        guard !messages.isEmpty else {
            throw LineEncodingError(code: .noMessages, field: "messages", message: "a push needs at least one message")
        }
        return batches(of: messages).map { batch in
            var writer = JSONWriter(reservingCapacity: 256)
            writer.beginObject()
            writer.field("to", recipient)
            writeMessages(batch, to: &writer)
            if notificationDisabled { writer.field("notificationDisabled", true) }
            writer.endObject()
            return LineRequest(endpoint: .push, body: writer.bytes, messageCount: batch.count, recipientCount: 1)
        }
    }

    /// Creates multicast requests: recipients in groups of 500, messages in groups of 5.
    ///
    /// Duplicate recipients are sent to once. Requests are ordered by recipient group, then by message group, so
    /// each recipient receives the messages in order.
    /// - Parameters:
    ///   - recipients: User IDs.
    ///   - messages: The messages; any number above zero.
    ///   - notificationDisabled: `true` to deliver without a push notification.
    /// - Returns: The requests.
    /// - Throws: ``LineEncodingError`` when there are no messages or no recipients.
    public static func multicast(
        to recipients: [String],
        messages: [LineOutboundMessage],
        notificationDisabled: Bool = false
    ) throws(LineEncodingError) -> [LineRequest] {
        var seen: Set<String> = []
        let unique = recipients.filter { !$0.isEmpty && seen.insert($0).inserted }
        guard !unique.isEmpty else {
            throw LineEncodingError(
                code: .noRecipients,
                field: "to",
                message: "a multicast needs at least one recipient"
            )
        }
        guard !messages.isEmpty else {
            throw LineEncodingError(
                code: .noMessages,
                field: "messages",
                message: "a multicast needs at least one message"
            )
        }
        let messageBatches = batches(of: messages)
        var requests: [LineRequest] = []
        var start = 0
        while start < unique.count {
            let group = unique[start..<min(start + maximumMulticastRecipients, unique.count)]
            start += group.count
            for batch in messageBatches {
                var writer = JSONWriter(reservingCapacity: 256 + group.count * 40)
                writer.beginObject()
                writer.key("to")
                writer.beginArray()
                for recipient in group { writer.string(recipient) }
                writer.endArray()
                writeMessages(batch, to: &writer)
                if notificationDisabled { writer.field("notificationDisabled", true) }
                writer.endObject()
                requests.append(
                    LineRequest(
                        endpoint: .multicast,
                        body: writer.bytes,
                        messageCount: batch.count,
                        recipientCount: group.count
                    )
                )
            }
        }
        return requests
    }

    /// Cuts messages into groups of at most five, in order.
    /// - Parameter messages: The messages.
    /// - Returns: The groups.
    public static func batches(of messages: [LineOutboundMessage]) -> [[LineOutboundMessage]] {
        stride(from: 0, to: messages.count, by: maximumMessagesPerRequest).map { start in
            Array(messages[start..<min(start + maximumMessagesPerRequest, messages.count)])
        }
    }

    private static func writeMessages(_ messages: [LineOutboundMessage], to writer: inout JSONWriter) {
        writer.key("messages")
        writer.beginArray()
        for message in messages { message.write(to: &writer) }
        writer.endArray()
    }
}
