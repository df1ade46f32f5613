public import TalkModel

/// One LINE webhook request body: `{"destination": ..., "events": [...]}`.
///
/// An empty `events` array is LINE's way of checking that the endpoint answers (W2).
public struct LineWebhookBatch: Sendable, Hashable {
    /// The user ID of the bot that receives the events; absent in some older payloads, and `nil` with a
    /// ``decodingIssue`` when the body's value is not a LINE user ID.
    public var destination: LineUserID?
    /// The events, in the order LINE sent them.
    public var events: [LineWebhookEvent]
    /// Why `destination` is `nil` although the body has one.
    public var decodingIssue: JSONDecodingError?

    /// Creates a batch.
    /// - Parameters:
    ///   - destination: The bot's user ID.
    ///   - events: The events, in order.
    ///   - decodingIssue: Why `destination` is missing although the body has one.
    public init(destination: LineUserID?, events: [LineWebhookEvent], decodingIssue: JSONDecodingError? = nil) {
        self.destination = destination
        self.events = events
        self.decodingIssue = decodingIssue
    }
}

/// One event of a LINE webhook, with the fields every event shares and a typed payload.
///
/// Fields the specification calls required (`webhookEventId`, `deliveryContext`, `mode`, `timestamp`) are optional
/// here, because older payloads lack some of them; an event is never rejected for a missing field.
public struct LineWebhookEvent: Sendable, Hashable {
    /// The event type as sent, known or not.
    public var type: LineEventType
    /// When the event happened, in milliseconds since the Unix epoch.
    public var timestamp: Int64?
    /// Whether the channel was `active` or on `standby`.
    public var mode: LineEventMode?
    /// The event's unique ID (a ULID), the same on every redelivery: the key for processing each event once (W3).
    public var webhookEventID: LineWebhookEventID?
    /// Whether LINE is sending this event again after an earlier failure.
    public var isRedelivery: Bool?
    /// Who the event came from.
    public var source: LineEventSource?
    /// The single-use token for replying to this event, where the event type has one.
    public var replyToken: String?
    /// The event's own content.
    public var payload: LineEventPayload
    /// The event object exactly as received, including fields this version does not model.
    public var rawJSON: RawJSON
    /// Why part of the event could not be decoded, or `nil` when all of it was.
    ///
    /// A known field with a JSON type other than the one LINE documents (a sticker's `keywords` sent as an
    /// object, say) does not fail the batch: the part that holds it is kept as raw JSON, an unknown message
    /// content or an unknown payload, and this names the field and what was wrong.
    public var decodingIssue: JSONDecodingError?

    /// Creates an event.
    public init(
        type: LineEventType,
        timestamp: Int64? = nil,
        mode: LineEventMode? = nil,
        webhookEventID: LineWebhookEventID? = nil,
        isRedelivery: Bool? = nil,
        source: LineEventSource? = nil,
        replyToken: String? = nil,
        payload: LineEventPayload,
        rawJSON: RawJSON,
        decodingIssue: JSONDecodingError? = nil
    ) {
        self.type = type
        self.timestamp = timestamp
        self.mode = mode
        self.webhookEventID = webhookEventID
        self.isRedelivery = isRedelivery
        self.source = source
        self.replyToken = replyToken
        self.payload = payload
        self.rawJSON = rawJSON
        self.decodingIssue = decodingIssue
    }

    /// Whether this version of the SDK knows the event type.
    public var isKnown: Bool {
        if case .unknown = payload { return false }
        return true
    }
}

/// Who a LINE event came from (`source`).
@nonexhaustive
public enum LineEventSource: Sendable, Hashable {
    /// A 1:1 chat with a user.
    case user(userID: LineUserID?)
    /// A group chat; `userID` is present only on some events and clients.
    case group(groupID: LineGroupID?, userID: LineUserID?)
    /// A multi-person chat; `userID` is present only on some events and clients.
    case room(roomID: LineRoomID?, userID: LineUserID?)
    /// A source type this version does not know, kept as received.
    case unknown(type: String, raw: RawJSON)

    /// The wire `type` of the source.
    public var type: String {
        switch self {
        case .user: return "user"
        case .group: return "group"
        case .room: return "room"
        case .unknown(let type, _): return type
        }
    }

    /// The user ID, where the source carries one.
    public var userID: LineUserID? {
        switch self {
        case .user(let userID), .group(_, let userID), .room(_, let userID): return userID
        case .unknown: return nil
        }
    }
}

/// The typed content of a LINE event, one case per event type.
@nonexhaustive
public enum LineEventPayload: Sendable, Hashable {
    /// A user sent a message.
    case message(LineMessage)
    /// A user edited a message; several edits may arrive out of order, the largest timestamp is the latest.
    case messageEdited(LineMessage)
    /// A user unsent the message with this ID.
    case unsend(messageID: LineMessageID?)
    /// A user added the account as a friend, or unblocked it when `isUnblocked` is true.
    case follow(isUnblocked: Bool?)
    /// A user blocked the account.
    case unfollow
    /// The account joined a group or room.
    case join
    /// The account left, or was removed from, a group or room.
    case leave
    /// Members joined a group or room the account is in.
    case memberJoined(members: [LineEventSource])
    /// Members left a group or room the account is in.
    case memberLeft(members: [LineEventSource])
    /// A user triggered a postback action.
    case postback(LinePostback)
    /// A user watched a video with a tracking ID to the end.
    case videoPlayComplete(trackingID: String?)
    /// A user's device saw a LINE Beacon.
    case beacon(LineBeacon)
    /// The result of account linking.
    case accountLink(result: LineAccountLinkResult?, nonce: String?)
    /// A user joined, left or renewed a membership.
    case membership(type: LineMembershipType?, membershipID: Int64?)
    /// A module channel event; its `module` object as received.
    case module(RawJSON?)
    /// The module channel got chat control until `expireAt` (milliseconds since the epoch).
    case activated(expireAt: Int64?)
    /// The module channel lost chat control.
    case deactivated
    /// The module channel was suspended.
    case botSuspended
    /// The module channel was resumed.
    case botResumed
    /// A LINE notification message was delivered; `data` is its hashed phone number.
    case delivery(data: String?)
    /// An event type this version does not know; the whole event is in ``LineWebhookEvent/rawJSON``.
    case unknown
}

/// The `postback` object of a postback event.
public struct LinePostback: Sendable, Hashable {
    /// The action's data string.
    public var data: String?
    /// Picker results such as `datetime`, keyed as sent.
    public var params: [String: String]

    /// Creates a postback.
    public init(data: String?, params: [String: String] = [:]) {
        self.data = data
        self.params = params
    }
}

/// The `beacon` object of a beacon event.
public struct LineBeacon: Sendable, Hashable {
    /// The hardware ID of the beacon.
    public var hardwareID: String?
    /// What happened: `enter`, `banner` or `stay`.
    public var type: LineBeaconType?
    /// The device message, as hexadecimal text.
    public var deviceMessage: String?

    /// Creates a beacon payload.
    public init(hardwareID: String?, type: LineBeaconType?, deviceMessage: String?) {
        self.hardwareID = hardwareID
        self.type = type
        self.deviceMessage = deviceMessage
    }
}
