// Open wire enums: each is a string that LINE defines, with the known values as static members.
// A value this SDK does not know yet is kept as it was sent (W4), so a new LINE value never fails a batch.

/// The `type` of a LINE webhook event.
///
/// An open set: values unknown to this version are kept as received; check ``isKnown``.
public struct LineEventType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as it appears on the wire.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `message`
    public static let message = Self(EventKind.message)

    /// `messageEdited`
    public static let messageEdited = Self(EventKind.messageEdited)

    /// `unsend`
    public static let unsend = Self(EventKind.unsend)

    /// `follow`
    public static let follow = Self(EventKind.follow)

    /// `unfollow`
    public static let unfollow = Self(EventKind.unfollow)

    /// `join`
    public static let join = Self(EventKind.join)

    /// `leave`
    public static let leave = Self(EventKind.leave)

    /// `memberJoined`
    public static let memberJoined = Self(EventKind.memberJoined)

    /// `memberLeft`
    public static let memberLeft = Self(EventKind.memberLeft)

    /// `postback`
    public static let postback = Self(EventKind.postback)

    /// `videoPlayComplete`
    public static let videoPlayComplete = Self(EventKind.videoPlayComplete)

    /// `beacon`
    public static let beacon = Self(EventKind.beacon)

    /// `accountLink`
    public static let accountLink = Self(EventKind.accountLink)

    /// `membership`
    public static let membership = Self(EventKind.membership)

    /// `module`
    public static let module = Self(EventKind.module)

    /// `activated`
    public static let activated = Self(EventKind.activated)

    /// `deactivated`
    public static let deactivated = Self(EventKind.deactivated)

    /// `botSuspended`
    public static let botSuspended = Self(EventKind.botSuspended)

    /// `botResumed`
    public static let botResumed = Self(EventKind.botResumed)

    /// `delivery`
    public static let delivery = Self(EventKind.delivery)

    /// Every value this version of the SDK knows.
    public static let known: Set<Self> = Set(EventKind.allCases.map(Self.init))

    init(_ kind: EventKind) {
        self.rawValue = kind.rawValue
    }

    /// Whether this version of the SDK knows the value.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The wire value.
    public var description: String { rawValue }
}

/// The `type` of the message in a LINE `message` event.
///
/// An open set: values unknown to this version are kept as received; check ``isKnown``.
public struct LineMessageType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as it appears on the wire.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `text`
    public static let text = Self(MessageKind.text)

    /// `image`
    public static let image = Self(MessageKind.image)

    /// `video`
    public static let video = Self(MessageKind.video)

    /// `audio`
    public static let audio = Self(MessageKind.audio)

    /// `file`
    public static let file = Self(MessageKind.file)

    /// `location`
    public static let location = Self(MessageKind.location)

    /// `sticker`
    public static let sticker = Self(MessageKind.sticker)

    /// Every value this version of the SDK knows.
    public static let known: Set<Self> = Set(MessageKind.allCases.map(Self.init))

    init(_ kind: MessageKind) {
        self.rawValue = kind.rawValue
    }

    /// Whether this version of the SDK knows the value.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The wire value.
    public var description: String { rawValue }
}

/// The channel's `mode` when LINE sent the event: `active`, or `standby` while another channel has chat control.
///
/// An open set: values unknown to this version are kept as received; check ``isKnown``.
public struct LineEventMode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as it appears on the wire.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `active`
    public static let active = Self(rawValue: "active")

    /// `standby`
    public static let standby = Self(rawValue: "standby")

    /// Every value this version of the SDK knows.
    public static let known: Set<Self> = [.active, .standby]

    /// Whether this version of the SDK knows the value.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The wire value.
    public var description: String { rawValue }
}

/// How a sticker is drawn: `STATIC`, `ANIMATION`, `POPUP` and so on.
///
/// An open set: values unknown to this version are kept as received; check ``isKnown``.
public struct LineStickerResourceType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as it appears on the wire.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `STATIC`
    public static let `static` = Self(rawValue: "STATIC")

    /// `ANIMATION`
    public static let animation = Self(rawValue: "ANIMATION")

    /// `SOUND`
    public static let sound = Self(rawValue: "SOUND")

    /// `ANIMATION_SOUND`
    public static let animationSound = Self(rawValue: "ANIMATION_SOUND")

    /// `POPUP`
    public static let popup = Self(rawValue: "POPUP")

    /// `POPUP_SOUND`
    public static let popupSound = Self(rawValue: "POPUP_SOUND")

    /// `CUSTOM`
    public static let custom = Self(rawValue: "CUSTOM")

    /// `MESSAGE`
    public static let message = Self(rawValue: "MESSAGE")

    /// `NAME_TEXT`
    public static let nameText = Self(rawValue: "NAME_TEXT")

    /// `PER_STICKER_TEXT`
    public static let perStickerText = Self(rawValue: "PER_STICKER_TEXT")

    /// Every value this version of the SDK knows.
    public static let known: Set<Self> = [
        .`static`, .animation, .sound, .animationSound, .popup, .popupSound, .custom, .message, .nameText,
        .perStickerText,
    ]

    /// Whether this version of the SDK knows the value.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The wire value.
    public var description: String { rawValue }
}

/// Whom a mention names: one `user`, or `all` members.
///
/// An open set: values unknown to this version are kept as received; check ``isKnown``.
public struct LineMentioneeType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as it appears on the wire.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `user`
    public static let user = Self(rawValue: "user")

    /// `all`
    public static let all = Self(rawValue: "all")

    /// Every value this version of the SDK knows.
    public static let known: Set<Self> = [.user, .all]

    /// Whether this version of the SDK knows the value.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The wire value.
    public var description: String { rawValue }
}

/// Where a media message's content lives: on `line`, or at an `external` URL.
///
/// An open set: values unknown to this version are kept as received; check ``isKnown``.
public struct LineContentProviderType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as it appears on the wire.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `line`
    public static let line = Self(rawValue: "line")

    /// `external`
    public static let external = Self(rawValue: "external")

    /// Every value this version of the SDK knows.
    public static let known: Set<Self> = [.line, .external]

    /// Whether this version of the SDK knows the value.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The wire value.
    public var description: String { rawValue }
}

/// What a beacon event reports: `enter`, `banner` or `stay`.
///
/// An open set: values unknown to this version are kept as received; check ``isKnown``.
public struct LineBeaconType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as it appears on the wire.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `enter`
    public static let enter = Self(rawValue: "enter")

    /// `banner`
    public static let banner = Self(rawValue: "banner")

    /// `stay`
    public static let stay = Self(rawValue: "stay")

    /// Every value this version of the SDK knows.
    public static let known: Set<Self> = [.enter, .banner, .stay]

    /// Whether this version of the SDK knows the value.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The wire value.
    public var description: String { rawValue }
}

/// The outcome of account linking: `ok` or `failed`.
///
/// An open set: values unknown to this version are kept as received; check ``isKnown``.
public struct LineAccountLinkResult: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as it appears on the wire.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `ok`
    public static let ok = Self(rawValue: "ok")

    /// `failed`
    public static let failed = Self(rawValue: "failed")

    /// Every value this version of the SDK knows.
    public static let known: Set<Self> = [.ok, .failed]

    /// Whether this version of the SDK knows the value.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The wire value.
    public var description: String { rawValue }
}

/// What happened to a membership: `joined`, `left` or `renewed`.
///
/// An open set: values unknown to this version are kept as received; check ``isKnown``.
public struct LineMembershipType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as it appears on the wire.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `joined`
    public static let joined = Self(rawValue: "joined")

    /// `left`
    public static let left = Self(rawValue: "left")

    /// `renewed`
    public static let renewed = Self(rawValue: "renewed")

    /// Every value this version of the SDK knows.
    public static let known: Set<Self> = [.joined, .left, .renewed]

    /// Whether this version of the SDK knows the value.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The wire value.
    public var description: String { rawValue }
}

/// The `type` of a LINE WORKS bot callback.
///
/// An open set: values unknown to this version are kept as received; check ``isKnown``.
public struct LineWorksCallbackType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as it appears on the wire.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `message`
    public static let message = Self(rawValue: "message")

    /// `postback`
    public static let postback = Self(rawValue: "postback")

    /// `join`
    public static let join = Self(rawValue: "join")

    /// `leave`
    public static let leave = Self(rawValue: "leave")

    /// `joined`
    public static let joined = Self(rawValue: "joined")

    /// `left`
    public static let left = Self(rawValue: "left")

    /// `begin`
    public static let begin = Self(rawValue: "begin")

    /// `end`
    public static let end = Self(rawValue: "end")

    /// Every value this version of the SDK knows.
    public static let known: Set<Self> = [.message, .postback, .join, .leave, .joined, .left, .begin, .end]

    /// Whether this version of the SDK knows the value.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The wire value.
    public var description: String { rawValue }
}

/// The `content.type` of a LINE WORKS message callback.
///
/// An open set: values unknown to this version are kept as received; check ``isKnown``.
public struct LineWorksContentType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The value as it appears on the wire.
    public let rawValue: String

    /// Wraps a wire value, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `text`
    public static let text = Self(rawValue: "text")

    /// `location`
    public static let location = Self(rawValue: "location")

    /// `sticker`
    public static let sticker = Self(rawValue: "sticker")

    /// `image`
    public static let image = Self(rawValue: "image")

    /// `file`
    public static let file = Self(rawValue: "file")

    /// `audio`
    public static let audio = Self(rawValue: "audio")

    /// `video`
    public static let video = Self(rawValue: "video")

    /// Every value this version of the SDK knows.
    public static let known: Set<Self> = [.text, .location, .sticker, .image, .file, .audio, .video]

    /// Whether this version of the SDK knows the value.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The wire value.
    public var description: String { rawValue }
}
