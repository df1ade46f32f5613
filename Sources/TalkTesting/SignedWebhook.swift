public import TalkModel

/// A webhook request exactly as LINE would send it: the body bytes and the `x-line-signature` for them.
///
/// Feed ``body`` and ``signature`` to your webhook handler (or HTTP route) unchanged: the signature verifies
/// with the channel secret, and the body decodes with `LineWebhookDecoder`. Characters outside the Basic
/// Multilingual Plane are escaped as UTF-16 surrogate pairs (`\ud83d\ude00`), as LINE escapes them, so a handler
/// that re-serializes the JSON before verifying fails here as it would in production.
public struct SignedWebhook: Sendable, Hashable {
    /// The channel the webhook is for.
    public var channel: LineChannelID
    /// The body, exactly as LINE would send it.
    public var body: [UInt8]
    /// The `x-line-signature` value: Base64 HMAC-SHA256 of ``body`` with the channel secret.
    public var signature: String
    /// The events in the body, in order.
    public var events: [GeneratedEvent]

    /// The headers LINE sends with it: `content-type`, `x-line-signature` and `user-agent`.
    public var headers: [String: String] {
        [
            "content-type": "application/json; charset=utf-8",
            "x-line-signature": signature,
            "user-agent": "LineBotWebhook/2.0",
        ]
    }

    /// The body as text, for logs and failure messages.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// What a generated webhook event carries, for the test to use in its next step.
public struct GeneratedEvent: Sendable, Hashable {
    /// The event `type`, such as `message` or `follow`.
    public var type: String
    /// The ULID `webhookEventId`, the key for processing the event once.
    public var webhookEventID: String
    /// The event's `timestamp`.
    public var timestamp: Timestamp
    /// The user it comes from.
    public var user: LineUserID
    /// The reply token, for events that carry one.
    public var replyToken: String?
    /// The message ID, for message events; the unsent message's ID for unsend events.
    public var messageID: String?
    /// The message's `markAsReadToken`, for message events (R16).
    public var markAsReadToken: String?
    /// The message's `quoteToken`, for message events.
    public var quoteToken: String?
    /// Whether the event is a redelivery.
    public var isRedelivery: Bool
}
