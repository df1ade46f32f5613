public import TalkModel
public import TalkTransport
public import TalkWire

/// One request the fake platform accepted: what was sent, to whom, and whether it reached them.
public struct OutboxEntry: Sendable, Hashable {
    /// Which API carried it.
    public enum Kind: String, Sendable, Hashable {
        /// A LINE reply (free, R32).
        case reply
        /// A LINE push.
        case push
        /// A LINE multicast.
        case multicast
        /// A LINE WORKS bot message.
        case works
        /// A federation request to a peer tenant.
        case federation
    }

    /// Which API carried it.
    public var kind: Kind
    /// The LINE channel, for LINE sends.
    public var channel: LineChannelID?
    /// The recipients: LINE user IDs, a LINE WORKS user or channel ID, or a peer tenant's domain.
    public var recipients: [String]
    /// LINE recipients that had blocked the account: LINE answered 200 but did not deliver (R11).
    public var undeliveredRecipients: [String]
    /// The message objects as the platform received them: LINE message objects, the LINE WORKS `content`, or
    /// the content of a federation `message` request (none for the other federation requests).
    public var messages: [JSONValue]
    /// The request ID the platform answered with.
    public var requestID: String
    /// The retry key the request carried.
    public var retryKey: LineRetryKey?
    /// The IDs of the messages created, in order (reply and push; a federation message's `messageId`).
    public var sentMessageIDs: [String]
    /// When it was accepted, in virtual time.
    public var acceptedAt: Timestamp
    /// The request body exactly as received.
    public var body: [UInt8]

    /// The `text` of each text message, in order; handy for assertions. A federation message's canonical text
    /// reads as its runs' text joined.
    public var texts: [String] {
        messages.compactMap { message in
            guard message["type"]?.stringValue == "text" else { return nil }
            if let runs = message["runs"]?.arrayValue {
                return runs.map { $0["text"]?.stringValue ?? "" }.joined()
            }
            return message["text"]?.stringValue
        }
    }

    /// Whether every recipient received it.
    public var wasDelivered: Bool { undeliveredRecipients.isEmpty }
}
