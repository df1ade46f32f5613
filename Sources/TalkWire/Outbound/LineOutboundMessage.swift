/// One LINE Messaging API message object, checked against LINE's rules and ready to be written as JSON.
///
/// Values come from ``LineMessageEncoder``, which enforces the limits (text length, emoji count, `https` media),
/// so every message here is one LINE accepts as far as the documented rules go.
public struct LineOutboundMessage: Sendable, Hashable {
    /// The message itself.
    @nonexhaustive
    public enum Body: Sendable, Hashable {
        /// A `text` message; each emoji is a `$` in `text` at its UTF-16 `index`.
        case text(String, emojis: [LineOutboundEmoji])
        /// A `sticker` message.
        case sticker(packageID: String, stickerID: String)
        /// An `image` message.
        case image(originalContentURL: String, previewImageURL: String)
        /// A `video` message.
        case video(originalContentURL: String, previewImageURL: String)
        /// An `audio` message; `duration` in milliseconds.
        case audio(originalContentURL: String, durationMilliseconds: Int)
        /// A `location` message.
        case location(title: String, address: String, latitude: Double, longitude: Double)
    }

    /// The message itself.
    public internal(set) var body: Body
    /// The quote token of a message this one quotes (text and sticker only).
    public internal(set) var quoteToken: String?
    /// Quick reply buttons shown under the message.
    public internal(set) var quickReply: LineQuickReply?
    /// The name and icon shown instead of the Official Account's, when the host opted in (R17).
    public internal(set) var sender: LineSender?

    init(body: Body, quoteToken: String? = nil, quickReply: LineQuickReply? = nil, sender: LineSender? = nil) {
        self.body = body
        self.quoteToken = quoteToken
        self.quickReply = quickReply
        self.sender = sender
    }

    /// Writes the message object, members in a fixed order.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        switch body {
        case .text(let text, let emojis):
            writer.field("type", "text")
            writer.field("text", text)
            if !emojis.isEmpty {
                writer.key("emojis")
                writer.beginArray()
                for emoji in emojis {
                    writer.beginObject()
                    writer.field("index", emoji.index)
                    writer.field("productId", emoji.productID)
                    writer.field("emojiId", emoji.emojiID)
                    writer.endObject()
                }
                writer.endArray()
            }
            writer.optionalField("quoteToken", quoteToken)
        case .sticker(let packageID, let stickerID):
            writer.field("type", "sticker")
            writer.field("packageId", packageID)
            writer.field("stickerId", stickerID)
            writer.optionalField("quoteToken", quoteToken)
        case .image(let original, let preview):
            writer.field("type", "image")
            writer.field("originalContentUrl", original)
            writer.field("previewImageUrl", preview)
        case .video(let original, let preview):
            writer.field("type", "video")
            writer.field("originalContentUrl", original)
            writer.field("previewImageUrl", preview)
        case .audio(let original, let duration):
            writer.field("type", "audio")
            writer.field("originalContentUrl", original)
            writer.field("duration", duration)
        case .location(let title, let address, let latitude, let longitude):
            writer.field("type", "location")
            writer.field("title", title)
            writer.field("address", address)
            // The encoder only builds locations with finite coordinates.
            if let latitude = JSONNumber(latitude), let longitude = JSONNumber(longitude) {
                writer.field("latitude", latitude)
                writer.field("longitude", longitude)
            }
        }
        if let quickReply {
            writer.key("quickReply")
            quickReply.write(to: &writer)
        }
        if let sender {
            writer.key("sender")
            writer.beginObject()
            writer.optionalField("name", sender.name)
            writer.optionalField("iconUrl", sender.iconURL)
            writer.endObject()
        }
        writer.endObject()
    }

    /// The message object as JSON bytes.
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }
}

/// A LINE emoji in an outgoing text: a `$` at `index` (UTF-16 code units) replaced by the emoji.
public struct LineOutboundEmoji: Sendable, Hashable {
    /// The UTF-16 offset of the `$` placeholder in the text.
    public var index: Int
    /// The emoji set.
    public var productID: String
    /// The emoji within its set.
    public var emojiID: String

    /// Creates an outgoing emoji.
    /// - Parameters:
    ///   - index: The UTF-16 offset of the `$` placeholder.
    ///   - productID: The emoji set.
    ///   - emojiID: The emoji within its set.
    public init(index: Int, productID: String, emojiID: String) {
        self.index = index
        self.productID = productID
        self.emojiID = emojiID
    }
}

/// The `sender` of a LINE message: a name and icon shown instead of the Official Account's.
///
/// LINE users see this; by default ExternalTalk sends none, so an operator's name never reaches them (R17).
public struct LineSender: Sendable, Hashable {
    /// The name shown, 1 to 20 UTF-16 code units; LINE refuses some words, such as "LINE".
    public var name: String?
    /// An `https` icon URL, at most 2000 characters.
    public var iconURL: String?

    /// Creates a sender.
    /// - Parameters:
    ///   - name: The name shown.
    ///   - iconURL: An `https` icon URL.
    public init(name: String? = nil, iconURL: String? = nil) {
        self.name = name
        self.iconURL = iconURL
    }
}

/// Quick reply buttons under a LINE message.
public struct LineQuickReply: Sendable, Hashable {
    /// The most buttons LINE shows.
    public static let maximumItems = 13
    /// The longest button label, in grapheme clusters (LINE counts action labels so).
    public static let maximumLabelLength = 20
    /// The longest message action `text` or postback `displayText`, in grapheme clusters.
    public static let maximumActionTextLength = 300
    /// The longest postback `data`, in UTF-16 code units.
    public static let maximumPostbackDataLength = 300
    /// The longest URI action `uri`, in characters after percent-encoding; its scheme is `https`, `http`,
    /// `line` or `tel`.
    public static let maximumURILength = 1000

    /// One button.
    public struct Item: Sendable, Hashable {
        /// What the button does.
        public var action: Action
        /// An `https` icon URL (LINE wants a PNG), if any.
        public var imageURL: String?

        /// Creates a button.
        /// - Parameters:
        ///   - action: What the button does.
        ///   - imageURL: An `https` icon URL.
        public init(action: Action, imageURL: String? = nil) {
            self.action = action
            self.imageURL = imageURL
        }
    }

    /// What a quick reply button does.
    @nonexhaustive
    public enum Action: Sendable, Hashable {
        /// Sends `text` as the user's message.
        case message(label: String, text: String)
        /// Sends a postback event with `data`; `displayText` is shown as the user's message.
        case postback(label: String, data: String, displayText: String?)
        /// Opens a URI.
        case uri(label: String, uri: String)
        /// Opens the camera.
        case camera(label: String)
        /// Opens the camera roll.
        case cameraRoll(label: String)
        /// Opens the location picker.
        case location(label: String)

        /// The button label.
        public var label: String {
            switch self {
            case .message(let label, _), .postback(let label, _, _), .uri(let label, _), .camera(let label),
                .cameraRoll(let label), .location(let label):
                label
            }
        }
    }

    /// The buttons, 1 to 13.
    public var items: [Item]

    /// Creates quick reply buttons.
    /// - Parameter items: The buttons.
    public init(items: [Item]) {
        self.items = items
    }

    /// Checks LINE's limits and returns the buttons as they are sent, URLs percent-encoded.
    func normalized(field: String) throws(LineEncodingError) -> LineQuickReply {
        guard (1...Self.maximumItems).contains(items.count) else {
            throw LineEncodingError(
                code: .invalidQuickReply,
                field: field,
                message: "quick reply needs 1 to \(Self.maximumItems) items"
            )
        }
        var result = self
        for (position, item) in items.enumerated() {
            let itemField = "\(field).items[\(position)]"
            // LINE counts action labels and action texts in grapheme clusters, unlike most of its lengths.
            try Self.check(item.action.label, field: "\(itemField).action.label", graphemes: Self.maximumLabelLength)
            if let imageURL = item.imageURL {
                result.items[position].imageURL = try OutboundURL.normalized(
                    imageURL,
                    field: "\(itemField).imageUrl",
                    maximumLength: LineMessageEncoder.maximumURLLength
                )
            }
            switch item.action {
            case .message(_, let text):
                try Self.check(text, field: "\(itemField).action.text", graphemes: Self.maximumActionTextLength)
            case .postback(_, let data, let displayText):
                guard data.utf16.count <= Self.maximumPostbackDataLength else {
                    throw LineEncodingError(
                        code: .invalidQuickReply,
                        field: "\(itemField).action.data",
                        message: "postback data holds at most \(Self.maximumPostbackDataLength) UTF-16 code units"
                    )
                }
                if let displayText {
                    try Self.check(
                        displayText,
                        field: "\(itemField).action.displayText",
                        graphemes: Self.maximumActionTextLength
                    )
                }
            case .uri(let label, let uri):
                let sent = try OutboundURL.normalized(
                    uri,
                    field: "\(itemField).action.uri",
                    maximumLength: Self.maximumURILength,
                    schemes: OutboundURL.actionSchemes
                )
                result.items[position].action = .uri(label: label, uri: sent)
            case .camera, .cameraRoll, .location:
                break
            }
        }
        return result
    }

    private static func check(_ text: String, field: String, graphemes maximum: Int) throws(LineEncodingError) {
        guard !text.isEmpty, text.count <= maximum else {
            throw LineEncodingError(
                code: .invalidQuickReply,
                field: field,
                message: "needs 1 to \(maximum) characters (grapheme clusters)"
            )
        }
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("items")
        writer.beginArray()
        for item in items {
            writer.beginObject()
            writer.field("type", "action")
            writer.optionalField("imageUrl", item.imageURL)
            writer.key("action")
            writer.beginObject()
            switch item.action {
            case .message(let label, let text):
                writer.field("type", "message")
                writer.field("label", label)
                writer.field("text", text)
            case .postback(let label, let data, let displayText):
                writer.field("type", "postback")
                writer.field("label", label)
                writer.field("data", data)
                writer.optionalField("displayText", displayText)
            case .uri(let label, let uri):
                writer.field("type", "uri")
                writer.field("label", label)
                writer.field("uri", uri)
            case .camera(let label):
                writer.field("type", "camera")
                writer.field("label", label)
            case .cameraRoll(let label):
                writer.field("type", "cameraRoll")
                writer.field("label", label)
            case .location(let label):
                writer.field("type", "location")
                writer.field("label", label)
            }
            writer.endObject()
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
    }
}
