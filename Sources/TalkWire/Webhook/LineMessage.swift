public import TalkModel

/// The `message` object of a LINE `message` or `messageEdited` event.
public struct LineMessage: Sendable, Hashable {
    /// The message ID, for fetching content and quoting.
    public var id: LineMessageID?
    /// The message type as sent, known or not.
    public var type: LineMessageType
    /// The type's own fields.
    public var content: LineMessageContent
    /// The token for quoting this message in a reply.
    public var quoteToken: String?
    /// The ID of the message this one quotes.
    public var quotedMessageID: LineMessageID?
    /// The token for marking this message as read (R16).
    public var markAsReadToken: String?

    /// Creates a message.
    public init(
        id: LineMessageID?,
        type: LineMessageType,
        content: LineMessageContent,
        quoteToken: String? = nil,
        quotedMessageID: LineMessageID? = nil,
        markAsReadToken: String? = nil
    ) {
        self.id = id
        self.type = type
        self.content = content
        self.quoteToken = quoteToken
        self.quotedMessageID = quotedMessageID
        self.markAsReadToken = markAsReadToken
    }
}

/// The fields of a LINE message that depend on its type.
@nonexhaustive
public enum LineMessageContent: Sendable, Hashable {
    /// Text, with LINE emoji and mentions located by UTF-16 spans.
    case text(LineTextContent)
    /// An image.
    case image(LineMediaContent)
    /// A video.
    case video(LineMediaContent)
    /// A voice or audio clip.
    case audio(LineMediaContent)
    /// A file.
    case file(LineFileContent)
    /// A location.
    case location(LineLocationContent)
    /// A sticker.
    case sticker(LineStickerContent)
    /// A message type this version does not know: the whole `message` object as received.
    case unknown(RawJSON)
}

/// A text message: the text and the emoji and mentions inside it.
public struct LineTextContent: Sendable, Hashable {
    /// The text, with each LINE emoji written as its alternative-text token such as `(love)`.
    public var text: String
    /// The LINE emoji in the text.
    public var emojis: [LineEmoji]
    /// The mentions in the text.
    public var mentionees: [LineMentionee]
    /// Spans that do not fit the text or overlap; they are kept as given in ``emojis`` and ``mentionees``.
    public var spanIssues: [LineTextSpanIssue]

    /// Creates a text content and checks its spans against the text.
    public init(text: String, emojis: [LineEmoji] = [], mentionees: [LineMentionee] = []) {
        self.text = text
        self.emojis = emojis
        self.mentionees = mentionees
        self.spanIssues = Self.checkSpans(text: text, emojis: emojis, mentionees: mentionees)
    }

    /// Finds spans that fall outside the text, split a surrogate pair, or overlap an earlier span of the same list.
    static func checkSpans(text: String, emojis: [LineEmoji], mentionees: [LineMentionee]) -> [LineTextSpanIssue] {
        if emojis.isEmpty && mentionees.isEmpty { return [] }
        // The common case, one emoji and no mention, needs no bookkeeping.
        if emojis.count == 1, mentionees.isEmpty {
            return emojis[0].span.fits(in: text)
                ? [] : [LineTextSpanIssue(kind: .outOfBounds, owner: .emoji, position: 0)]
        }
        var issues: [LineTextSpanIssue] = []
        // O(n log n) in the spans (O(n) when they come in order, as LINE sends them): when two spans overlap, the
        // one that starts later is flagged (at the same start, the later one in the array).
        func check(_ spans: [LineTextSpan], owner: LineTextSpanIssue.Owner) {
            let fits = LineTextSpan.fitting(spans, in: text)
            var ownIssues: [LineTextSpanIssue] = []
            var candidates: [(index: Int, end: Int, position: Int)] = []
            candidates.reserveCapacity(spans.count)
            for (position, span) in spans.enumerated() {
                guard fits[position], let end = span.end else {
                    ownIssues.append(LineTextSpanIssue(kind: .outOfBounds, owner: owner, position: position))
                    continue
                }
                candidates.append((span.index, end, position))
            }
            let inOrder = zip(candidates, candidates.dropFirst()).allSatisfy { $0.index <= $1.index }
            if !inOrder {
                candidates.sort { ($0.index, $0.position) < ($1.index, $1.position) }
            }
            var acceptedEnd = Int.min
            for candidate in candidates {
                if candidate.index < acceptedEnd {
                    ownIssues.append(LineTextSpanIssue(kind: .overlapping, owner: owner, position: candidate.position))
                } else {
                    acceptedEnd = candidate.end
                }
            }
            if ownIssues.count > 1 { ownIssues.sort { $0.position < $1.position } }
            issues += ownIssues
        }
        check(emojis.map(\.span), owner: .emoji)
        check(mentionees.map(\.span), owner: .mention)
        return issues
    }
}

/// One mention in a text message.
public struct LineMentionee: Sendable, Hashable {
    /// Where the mention stands in the text, in UTF-16 code units.
    public var span: LineTextSpan
    /// Whom it names: a `user`, or `all`.
    public var type: LineMentioneeType?
    /// The mentioned user, present only if that user allowed access to their profile.
    public var userID: LineUserID?
    /// Whether the mention names this bot.
    public var isSelf: Bool?

    /// Creates a mention.
    public init(span: LineTextSpan, type: LineMentioneeType?, userID: LineUserID? = nil, isSelf: Bool? = nil) {
        self.span = span
        self.type = type
        self.userID = userID
        self.isSelf = isSelf
    }
}

/// Where to fetch a media message's content.
public struct LineContentProvider: Sendable, Hashable {
    /// `line` (fetch with the content API) or `external`.
    public var type: LineContentProviderType?
    /// The content's URL, for external content.
    public var originalContentURL: String?
    /// The preview image's URL, for external content.
    public var previewImageURL: String?

    /// Creates a content provider.
    public init(type: LineContentProviderType?, originalContentURL: String? = nil, previewImageURL: String? = nil) {
        self.type = type
        self.originalContentURL = originalContentURL
        self.previewImageURL = previewImageURL
    }
}

/// Several images sent together.
public struct LineImageSet: Sendable, Hashable {
    /// The set's ID, shared by its images.
    public var id: String?
    /// This image's 1-based position; absent from some older Android clients.
    public var index: Int64?
    /// The number of images in the set.
    public var total: Int64?

    /// Creates an image set.
    public init(id: String?, index: Int64?, total: Int64?) {
        self.id = id
        self.index = index
        self.total = total
    }
}

/// An image, video or audio message.
public struct LineMediaContent: Sendable, Hashable {
    /// Where the content lives.
    public var contentProvider: LineContentProvider?
    /// The set this image belongs to (images only).
    public var imageSet: LineImageSet?
    /// The length in milliseconds (video and audio).
    public var duration: Int64?

    /// Creates a media content.
    public init(contentProvider: LineContentProvider?, imageSet: LineImageSet? = nil, duration: Int64? = nil) {
        self.contentProvider = contentProvider
        self.imageSet = imageSet
        self.duration = duration
    }
}

/// A file message.
public struct LineFileContent: Sendable, Hashable {
    /// The file name.
    public var fileName: String?
    /// The size in bytes.
    public var fileSize: Int64?

    /// Creates a file content.
    public init(fileName: String?, fileSize: Int64?) {
        self.fileName = fileName
        self.fileSize = fileSize
    }
}

/// A location message.
public struct LineLocationContent: Sendable, Hashable {
    /// The place's title.
    public var title: String?
    /// The address.
    public var address: String?
    /// The latitude in degrees.
    public var latitude: Double?
    /// The longitude in degrees.
    public var longitude: Double?

    /// Creates a location content.
    public init(title: String?, address: String?, latitude: Double?, longitude: Double?) {
        self.title = title
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// A sticker message.
public struct LineStickerContent: Sendable, Hashable {
    /// The sticker package ID.
    public var packageID: String?
    /// The sticker ID.
    public var stickerID: String?
    /// How the sticker is drawn; values unknown to this version are kept.
    public var stickerResourceType: LineStickerResourceType?
    /// Keywords describing the sticker (a random selection of at most 15).
    public var keywords: [String]?
    /// The text a message sticker carries.
    public var text: String?

    /// Creates a sticker content.
    public init(
        packageID: String?,
        stickerID: String?,
        stickerResourceType: LineStickerResourceType?,
        keywords: [String]? = nil,
        text: String? = nil
    ) {
        self.packageID = packageID
        self.stickerID = stickerID
        self.stickerResourceType = stickerResourceType
        self.keywords = keywords
        self.text = text
    }
}
