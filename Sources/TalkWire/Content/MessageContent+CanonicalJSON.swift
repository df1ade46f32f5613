/// Canonical content JSON: the one JSON form of ``MessageContent``, used by the federation envelope and by
/// `external-talk encode`. The format is specified in the documentation catalog ("Federation wire format").
extension MessageContent {
    /// The default size limit for a canonical content document, 1 MiB.
    public static let defaultMaximumJSONBytes = 1 << 20

    /// Reads canonical content JSON.
    ///
    /// A text may be given as `runs` (exact) or, for convenience, as `"text": "..."`, which is read as
    /// workspace text: tokens that `emojiCatalog` knows and fallback tokens become emoji (see
    /// ``TextContent/init(workspaceText:catalog:)``). Unknown content types are kept as ``unknown(_:)``;
    /// unknown fields of known types are ignored.
    /// - Parameters:
    ///   - bytes: One JSON object.
    ///   - emojiCatalog: The catalog used to read the `text` shorthand.
    ///   - maximumBytes: The largest document accepted.
    /// - Throws: ``ContentDecodingError`` naming the field or byte offset.
    public init(
        canonicalJSON bytes: some Collection<UInt8>,
        emojiCatalog: EmojiCatalog? = nil,
        maximumBytes: Int = MessageContent.defaultMaximumJSONBytes
    ) throws(ContentDecodingError) {
        let value = try JSONValue.parseDocument(bytes, maximumBytes: maximumBytes)
        try self.init(canonical: value, path: "", textShorthand: .workspaceText(emojiCatalog))
    }

    /// Reads a list of canonical contents: either one content object or an array of them.
    /// - Parameters:
    ///   - bytes: A JSON object or array.
    ///   - emojiCatalog: The catalog used to read the `text` shorthand.
    ///   - maximumBytes: The largest document accepted.
    /// - Returns: The contents, in order.
    /// - Throws: ``ContentDecodingError`` naming the field or byte offset.
    public static func decodeList(
        canonicalJSON bytes: some Collection<UInt8>,
        emojiCatalog: EmojiCatalog? = nil,
        maximumBytes: Int = MessageContent.defaultMaximumJSONBytes
    ) throws(ContentDecodingError) -> [MessageContent] {
        let value = try JSONValue.parseDocument(bytes, maximumBytes: maximumBytes)
        guard case .array(let elements) = value else {
            return [try MessageContent(canonical: value, path: "", textShorthand: .workspaceText(emojiCatalog))]
        }
        var contents: [MessageContent] = []
        for (position, element) in elements.enumerated() {
            contents.append(
                try MessageContent(
                    canonical: element,
                    path: "[\(position)]",
                    textShorthand: .workspaceText(emojiCatalog)
                )
            )
        }
        return contents
    }

    /// The content as canonical JSON bytes.
    public var canonicalJSONBytes: [UInt8] {
        var writer = JSONWriter()
        writeCanonical(to: &writer)
        return writer.bytes
    }

    /// How a `"text"` shorthand is read.
    enum TextShorthand {
        /// As workspace text, recognizing emoji tokens.
        case workspaceText(EmojiCatalog?)
        /// As plain text.
        case plain
    }

    init(canonical value: JSONValue, path: String, textShorthand: TextShorthand) throws(ContentDecodingError) {
        let fields = try JSONFields(value, path: path)
        let type = try fields.string("type")
        switch type {
        case "text":
            var text: TextContent
            if fields.value("runs") != nil {
                text = try Self.readRuns(fields)
            } else {
                let plain = try fields.string("text")
                switch textShorthand {
                case .workspaceText(let catalog): text = TextContent(workspaceText: plain, catalog: catalog)
                case .plain: text = TextContent(plain)
                }
            }
            text.quickReply = try Self.readQuickReply(fields)
            self = .text(text)
        case "sticker":
            self = .sticker(
                StickerContent(
                    packageID: try fields.nonEmptyString("packageId"),
                    stickerID: try fields.nonEmptyString("stickerId"),
                    keywords: try fields.optionalStringArray("keywords"),
                    text: try fields.optionalString("text")
                )
            )
        case "image": self = .image(try Self.readMedia(fields))
        case "video": self = .video(try Self.readMedia(fields))
        case "audio": self = .audio(try Self.readMedia(fields))
        case "file": self = .file(try Self.readMedia(fields))
        case "location":
            self = .location(
                LocationContent(
                    title: try fields.optionalString("title"),
                    address: try fields.optionalString("address"),
                    latitude: try fields.double("latitude", in: -90...90),
                    longitude: try fields.double("longitude", in: -180...180)
                )
            )
        default:
            self = .unknown(UnknownContent(type: type, raw: value))
        }
    }

    private static func readRuns(_ fields: JSONFields) throws(ContentDecodingError) -> TextContent {
        let elements = try fields.array("runs")
        var runs: [TextRun] = []
        runs.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            let run = try JSONFields(element, path: "\(fields.childPath("runs"))[\(position)]")
            let text = try run.string("text")
            switch try run.string("type") {
            case "emoji":
                runs.append(
                    .emoji(
                        EmojiRun(
                            token: text,
                            productID: try run.nonEmptyString("productId"),
                            emojiID: try run.nonEmptyString("emojiId")
                        )
                    )
                )
            case "mention":
                runs.append(
                    .mention(
                        MentionRun(
                            text: text,
                            target: try readMentionee(run),
                            isSelf: try run.optionalBool("isSelf")
                        )
                    )
                )
            default:
                // "text" and run types from newer versions: every run carries its display text.
                runs.append(.plain(text))
            }
        }
        return TextContent(runs: runs)
    }

    /// Reads `quickReply` in LINE's own form; limits are checked when the text is encoded for LINE.
    private static func readQuickReply(_ fields: JSONFields) throws(ContentDecodingError) -> LineQuickReply? {
        guard let value = fields.value("quickReply") else { return nil }
        let quickReply = try JSONFields(value, path: fields.childPath("quickReply"))
        let elements = try quickReply.array("items")
        var items: [LineQuickReply.Item] = []
        items.reserveCapacity(min(elements.count, LineQuickReply.maximumItems + 1))
        for (position, element) in elements.enumerated() {
            let item = try JSONFields(element, path: "\(quickReply.childPath("items"))[\(position)]")
            if let type = try item.optionalString("type"), type != "action" {
                throw ContentDecodingError(
                    code: .invalidValue,
                    path: item.childPath("type"),
                    message: "a quick reply item's type must be \"action\""
                )
            }
            let action = try JSONFields(try item.required("action"), path: item.childPath("action"))
            let label = try action.string("label")
            let kind: LineQuickReply.Action
            switch try action.string("type") {
            case "message": kind = .message(label: label, text: try action.string("text"))
            case "postback":
                kind = .postback(
                    label: label,
                    data: try action.string("data"),
                    displayText: try action.optionalString("displayText")
                )
            case "uri": kind = .uri(label: label, uri: try action.string("uri"))
            case "camera": kind = .camera(label: label)
            case "cameraRoll": kind = .cameraRoll(label: label)
            case "location": kind = .location(label: label)
            default:
                throw ContentDecodingError(
                    code: .invalidValue,
                    path: action.childPath("type"),
                    message: "expected message, postback, uri, camera, cameraRoll or location"
                )
            }
            items.append(LineQuickReply.Item(action: kind, imageURL: try item.optionalString("imageUrl")))
        }
        return LineQuickReply(items: items)
    }

    private static func readMentionee(_ run: JSONFields) throws(ContentDecodingError) -> MentionTarget {
        let mentionee = try JSONFields(try run.required("mentionee"), path: run.childPath("mentionee"))
        switch try mentionee.string("type") {
        case "user": return .user(id: try mentionee.optionalString("userId"))
        case "all": return .all
        case let other: return .unknown(other)
        }
    }

    private static func readMedia(_ fields: JSONFields) throws(ContentDecodingError) -> MediaContent {
        let url = try fields.optionalString("url")
        let lineMessageID = try fields.optionalString("lineMessageId")
        let worksFileID = try fields.optionalString("worksFileId")
        let reference: MediaReference
        switch (url, lineMessageID, worksFileID) {
        case (let url?, nil, nil): reference = .url(url)
        case (nil, let messageID?, nil): reference = .lineContent(messageID: messageID)
        case (nil, nil, let fileID?): reference = .worksFile(fileID: fileID)
        case (nil, nil, nil):
            throw ContentDecodingError(
                code: .missingField,
                path: fields.childPath("url"),
                message: "one of url, lineMessageId or worksFileId is required"
            )
        default:
            throw ContentDecodingError(
                code: .invalidValue,
                path: fields.path,
                message: "give only one of url, lineMessageId or worksFileId"
            )
        }
        return MediaContent(
            reference: reference,
            previewURL: try fields.optionalString("previewUrl"),
            durationMilliseconds: try fields.optionalInt("durationMs"),
            fileName: try fields.optionalString("fileName"),
            fileSize: try fields.optionalInt("fileSize"),
            mimeType: try fields.optionalString("mimeType")
        )
    }

    /// Writes the content as canonical JSON, members in a fixed order.
    func writeCanonical(to writer: inout JSONWriter) {
        switch self {
        case .text(let text):
            writer.beginObject()
            writer.field("type", "text")
            writer.key("runs")
            writer.beginArray()
            for run in text.runs {
                writer.beginObject()
                switch run {
                case .plain(let plain):
                    writer.field("type", "text")
                    writer.field("text", plain)
                case .emoji(let emoji):
                    writer.field("type", "emoji")
                    writer.field("text", emoji.token)
                    writer.field("productId", emoji.productID)
                    writer.field("emojiId", emoji.emojiID)
                case .mention(let mention):
                    writer.field("type", "mention")
                    writer.field("text", mention.text)
                    writer.key("mentionee")
                    writer.beginObject()
                    switch mention.target {
                    case .user(let id):
                        writer.field("type", "user")
                        writer.optionalField("userId", id)
                    case .all:
                        writer.field("type", "all")
                    case .unknown(let type):
                        writer.field("type", type)
                    }
                    writer.endObject()
                    if let isSelf = mention.isSelf { writer.field("isSelf", isSelf) }
                }
                writer.endObject()
            }
            writer.endArray()
            if let quickReply = text.quickReply {
                writer.key("quickReply")
                quickReply.write(to: &writer)
            }
            writer.endObject()
        case .sticker(let sticker):
            writer.beginObject()
            writer.field("type", "sticker")
            writer.field("packageId", sticker.packageID)
            writer.field("stickerId", sticker.stickerID)
            if !sticker.keywords.isEmpty {
                writer.key("keywords")
                writer.beginArray()
                for keyword in sticker.keywords { writer.string(keyword) }
                writer.endArray()
            }
            writer.optionalField("text", sticker.text)
            writer.endObject()
        case .image(let media): Self.writeMedia(media, type: "image", to: &writer)
        case .video(let media): Self.writeMedia(media, type: "video", to: &writer)
        case .audio(let media): Self.writeMedia(media, type: "audio", to: &writer)
        case .file(let media): Self.writeMedia(media, type: "file", to: &writer)
        case .location(let location):
            writer.beginObject()
            writer.field("type", "location")
            writer.optionalField("title", location.title)
            writer.optionalField("address", location.address)
            writer.key("latitude")
            Self.writeCoordinate(location.latitude, to: &writer)
            writer.key("longitude")
            Self.writeCoordinate(location.longitude, to: &writer)
            writer.endObject()
        case .unknown(let unknown):
            writer.value(unknown.raw)
        }
    }

    private static func writeCoordinate(_ value: Double, to writer: inout JSONWriter) {
        // JSON has no NaN or infinity; `null` makes a reader reject the location instead of misplacing it.
        if let number = JSONNumber(value) { writer.number(number) } else { writer.null() }
    }

    private static func writeMedia(_ media: MediaContent, type: String, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("type", type)
        switch media.reference {
        case .url(let url): writer.field("url", url)
        case .lineContent(let messageID): writer.field("lineMessageId", messageID)
        case .worksFile(let fileID): writer.field("worksFileId", fileID)
        }
        writer.optionalField("previewUrl", media.previewURL)
        if let duration = media.durationMilliseconds { writer.field("durationMs", duration) }
        writer.optionalField("fileName", media.fileName)
        if let size = media.fileSize { writer.field("fileSize", size) }
        writer.optionalField("mimeType", media.mimeType)
        writer.endObject()
    }
}
