/// Whether LINE messages carry a `sender` (name and icon shown instead of the Official Account's).
///
/// The default, ``none``, sends no `sender`: LINE users see only the Official Account, and an operator's name
/// stays inside the company (R17). Showing names is an explicit choice of the host.
public enum LineSenderPolicy: Sendable, Hashable {
    /// No `sender`; the operator's name never reaches the LINE user (R17). The default.
    case none
    /// The same name and icon on every message, such as a help desk's name.
    case fixed(LineSender)
    /// The author's display name, with an optional icon: the host opts in to showing operator names.
    case authorName(iconURL: String?)
}

/// Turns ``MessageContent`` into LINE Messaging API message objects, enforcing LINE's rules.
///
/// ## Text and LINE emoji
/// Text is sent as `type: "text"` with each sendable emoji as a `$` placeholder and an `emojis[]` entry whose
/// `index` is the placeholder's UTF-16 offset. Only the `$` characters listed in `emojis` are placeholders, so a
/// literal `$` typed by the user is sent as a `$` at an index that is not listed, and stays a `$`. `{` and `}`
/// need no escaping in this form. (`textV2` was not chosen: its key syntax, brace escaping and limits are not
/// documented, while rooms with LINE users are 1:1 (R12), so its mention substitutions add nothing.)
///
/// An emoji run becomes a placeholder only when the catalog says the emoji is sendable; otherwise its token is
/// sent as literal text, such as `(smile)`. Mentions are sent as their text.
///
/// ## Limits
/// - A text over 5,000 UTF-16 code units, or with more than 20 emoji, is split into several text messages, on
///   grapheme-cluster boundaries, never inside a surrogate pair, a token or a mention. An emoji counts as its
///   token's length, because LINE counts the placeholder as the emoji's alternative text.
/// - Images, videos and audio need `https` URLs of at most 2,000 characters; an image without a preview uses
///   its own URL as preview; a video needs a preview; audio needs a duration. Non-ASCII characters in a URL are
///   sent percent-encoded as UTF-8, so every URL is valid under RFC 3986 as LINE's `format: uri` requires.
/// - A `sender` name holds 1 to 20 UTF-16 code units. Quick reply labels (20) and action texts (300) are counted
///   in grapheme clusters, as LINE counts action objects; postback data (300) in UTF-16 code units.
/// - A file or PDF is refused with ``LineEncodingError/Code/fileNotSendableToLine`` (R18).
/// - Request-level limits (5 messages per request, 500 multicast recipients) are applied by ``LineRequest``.
public struct LineMessageEncoder: Sendable {
    /// The longest text message, in UTF-16 code units.
    public static let maximumTextLength = 5000
    /// The most emoji in one text message.
    public static let maximumEmojiPerText = 20
    /// The longest media URL.
    public static let maximumURLLength = 2000
    /// The longest location title or address, in UTF-16 code units.
    public static let maximumLocationFieldLength = 100
    /// The longest `sender.name`, in UTF-16 code units (LINE counts names so: `👋` is 2).
    public static let maximumSenderNameLength = 20

    /// The catalog that says which emoji may be sent.
    public var catalog: EmojiCatalog
    /// Whether messages carry a `sender`; ``LineSenderPolicy/none`` by default (R17).
    public var senderPolicy: LineSenderPolicy

    /// Creates an encoder.
    /// - Parameters:
    ///   - catalog: The catalog that says which emoji may be sent.
    ///   - senderPolicy: Whether messages carry a `sender`; none by default (R17).
    public init(catalog: EmojiCatalog, senderPolicy: LineSenderPolicy = .none) {
        self.catalog = catalog
        self.senderPolicy = senderPolicy
    }

    /// Converts contents into LINE message objects, in order; a long text may become several messages.
    /// - Parameters:
    ///   - contents: What to send.
    ///   - authorName: The display name of the member or operator sending; used only with
    ///     ``LineSenderPolicy/authorName(iconURL:)`` (R17).
    ///   - quickReply: Buttons to show under the last message; it replaces the quick reply of the last content, if
    ///     any (see ``TextContent/quickReply``).
    ///   - quoteToken: The quote token of a message to quote, put on the first text or sticker message.
    /// - Returns: The messages.
    /// - Throws: ``LineEncodingError`` naming the content (`contents[i]`) and rule.
    public func messages(
        for contents: [MessageContent],
        authorName: String? = nil,
        quickReply: LineQuickReply? = nil,
        quoteToken: String? = nil
    ) throws(LineEncodingError) -> [LineOutboundMessage] {
        guard !contents.isEmpty else {
            throw LineEncodingError(code: .noMessages, field: "contents", message: "there is nothing to send")
        }
        let sender = try resolvedSender(authorName: authorName)
        let quickReply = try quickReply?.normalized(field: "quickReply")
        var messages: [LineOutboundMessage] = []
        for (position, content) in contents.enumerated() {
            try append(content, field: "contents[\(position)]", to: &messages)
        }
        for index in messages.indices { messages[index].sender = sender }
        if let quoteToken, let first = messages.firstIndex(where: \.acceptsQuoteToken) {
            messages[first].quoteToken = quoteToken
        }
        if let quickReply { messages[messages.count - 1].quickReply = quickReply }
        return messages
    }

    /// Converts one content; see ``messages(for:authorName:quickReply:quoteToken:)``.
    /// - Parameters:
    ///   - content: What to send.
    ///   - authorName: The sending member's display name; used only when the policy shows it (R17).
    /// - Returns: The messages: several for a long text, otherwise one.
    /// - Throws: ``LineEncodingError``.
    public func messages(
        for content: MessageContent,
        authorName: String? = nil
    ) throws(LineEncodingError)
        -> [LineOutboundMessage]
    {
        try messages(for: [content], authorName: authorName)
    }

    private func resolvedSender(authorName: String?) throws(LineEncodingError) -> LineSender? {
        let sender: LineSender?
        switch senderPolicy {
        case .none: return nil
        case .fixed(let fixed): sender = fixed
        case .authorName(let iconURL): sender = LineSender(name: authorName, iconURL: iconURL)
        }
        guard var sender, sender.name != nil || sender.iconURL != nil else { return nil }
        if let name = sender.name {
            guard !name.isEmpty, name.utf16.count <= Self.maximumSenderNameLength else {
                throw LineEncodingError(
                    code: .invalidSender,
                    field: "sender.name",
                    message: "a sender name needs 1 to \(Self.maximumSenderNameLength) UTF-16 code units"
                )
            }
            guard !name.contains("LINE"), !name.contains("\u{FF2C}\u{FF29}\u{FF2E}\u{FF25}") else {
                throw LineEncodingError(
                    code: .invalidSender,
                    field: "sender.name",
                    message: "LINE refuses the word LINE in sender names"
                )
            }
        }
        if let iconURL = sender.iconURL {
            sender.iconURL = try OutboundURL.normalized(
                iconURL,
                field: "sender.iconUrl",
                maximumLength: Self.maximumURLLength
            )
        }
        return sender
    }

    private func append(
        _ content: MessageContent,
        field: String,
        to messages: inout [LineOutboundMessage]
    ) throws(LineEncodingError) {
        switch content {
        case .text(let text):
            let chunks = splitText(text)
            guard !chunks.isEmpty else {
                throw LineEncodingError(code: .emptyText, field: field, message: "LINE refuses empty text")
            }
            let quickReply = try text.quickReply?.normalized(field: "\(field).quickReply")
            for chunk in chunks {
                messages.append(LineOutboundMessage(body: .text(chunk.text, emojis: chunk.emojis)))
            }
            messages[messages.count - 1].quickReply = quickReply
        case .sticker(let sticker):
            messages.append(
                LineOutboundMessage(body: .sticker(packageID: sticker.packageID, stickerID: sticker.stickerID))
            )
        case .image(let media):
            try refusePDF(media, field: field)
            let original = try hostedURL(media, field: field)
            let preview = try OutboundURL.normalized(
                media.previewURL ?? original,
                field: "\(field).previewUrl",
                maximumLength: Self.maximumURLLength
            )
            messages.append(LineOutboundMessage(body: .image(originalContentURL: original, previewImageURL: preview)))
        case .video(let media):
            try refusePDF(media, field: field)
            let original = try hostedURL(media, field: field)
            guard let givenPreview = media.previewURL else {
                throw LineEncodingError(
                    code: .missingPreview,
                    field: "\(field).previewUrl",
                    message: "a video needs a preview image"
                )
            }
            let preview = try OutboundURL.normalized(
                givenPreview,
                field: "\(field).previewUrl",
                maximumLength: Self.maximumURLLength
            )
            messages.append(LineOutboundMessage(body: .video(originalContentURL: original, previewImageURL: preview)))
        case .audio(let media):
            try refusePDF(media, field: field)
            let original = try hostedURL(media, field: field)
            guard let duration = media.durationMilliseconds, duration > 0 else {
                throw LineEncodingError(
                    code: .missingDuration,
                    field: "\(field).durationMs",
                    message: "audio needs a positive duration in milliseconds"
                )
            }
            messages.append(
                LineOutboundMessage(body: .audio(originalContentURL: original, durationMilliseconds: duration))
            )
        case .file:
            throw LineEncodingError(
                code: .fileNotSendableToLine,
                field: field,
                message: "R18: files and PDFs cannot be sent to LINE users; send a link in text instead"
            )
        case .location(let location):
            messages.append(try locationMessage(location, field: field))
        case .unknown:
            throw LineEncodingError(
                code: .unsupportedContent,
                field: field,
                message: "content of an unknown type cannot be sent to LINE"
            )
        }
    }

    private func refusePDF(_ media: MediaContent, field: String) throws(LineEncodingError) {
        guard !OutboundURL.isPDF(media) else {
            throw LineEncodingError(
                code: .fileNotSendableToLine,
                field: field,
                message: "R18: PDFs cannot be sent to LINE users, not even as media"
            )
        }
    }

    private func hostedURL(_ media: MediaContent, field: String) throws(LineEncodingError) -> String {
        guard case .url(let url) = media.reference else {
            throw LineEncodingError(
                code: .mediaNotHosted,
                field: "\(field).url",
                message: "LINE needs an https URL; download and host the content first"
            )
        }
        return try OutboundURL.normalized(url, field: "\(field).url", maximumLength: Self.maximumURLLength)
    }

    private func locationMessage(
        _ location: LocationContent,
        field: String
    ) throws(LineEncodingError)
        -> LineOutboundMessage
    {
        guard location.latitude.isFinite, (-90...90).contains(location.latitude), location.longitude.isFinite,
            (-180...180).contains(location.longitude)
        else {
            throw LineEncodingError(
                code: .invalidLocation,
                field: field,
                message: "latitude must be in -90...90 and longitude in -180...180"
            )
        }
        // LINE requires both a title and an address; received locations may lack either.
        let coordinates = "\(location.latitude),\(location.longitude)"
        let address = nonEmpty(location.address) ?? coordinates
        let title = nonEmpty(location.title) ?? address
        for (name, value) in [("title", title), ("address", address)]
        where value.utf16.count > Self.maximumLocationFieldLength {
            throw LineEncodingError(
                code: .fieldTooLong,
                field: "\(field).\(name)",
                message: "LINE allows at most \(Self.maximumLocationFieldLength) characters"
            )
        }
        return LineOutboundMessage(
            body: .location(title: title, address: address, latitude: location.latitude, longitude: location.longitude)
        )
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    func splitText(_ text: TextContent) -> [OutboundTextSplitter.Chunk] {
        var splitter = OutboundTextSplitter(limit: Self.maximumTextLength, maximumEmoji: Self.maximumEmojiPerText)
        for run in text.runs {
            switch run {
            case .plain(let plain):
                splitter.appendPlain(plain)
            case .emoji(let emoji):
                if catalog.isSendable(emoji.key) {
                    splitter.appendEmoji(
                        productID: emoji.productID,
                        emojiID: emoji.emojiID,
                        countedUnits: emoji.token.utf16.count
                    )
                } else {
                    // Unknown or unsendable: LINE would refuse the whole request, so the token goes as text.
                    splitter.appendAtomic(emoji.token)
                }
            case .mention(let mention):
                splitter.appendAtomic(mention.text)
            }
        }
        return splitter.finish()
    }
}

extension LineOutboundMessage {
    fileprivate var acceptsQuoteToken: Bool {
        switch body {
        case .text, .sticker: true
        default: false
        }
    }
}
