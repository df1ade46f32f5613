/// Turns ``MessageContent`` into LINE WORKS bot send bodies, `{"content": {...}}`, one per message.
///
/// The bodies are for `POST /bots/{botId}/users/{userId}/messages` or `.../channels/{channelId}/messages` of the
/// LINE WORKS API 2.0.
///
/// - Text: LINE emoji are written as their tokens, such as `(smile)` (R14), mentions as their text. Text over
///   2,000 UTF-16 code units is split on grapheme-cluster boundaries.
/// - Sticker: `packageId` and `stickerId`.
/// - Image: `originalContentUrl` and `previewImageUrl` (the original when no preview is given), or `fileId`.
/// - File, audio and video: a `file` message with `originalContentUrl` or `fileId`.
/// - Location: `title`, `address` (both required; coordinates stand in when absent), `latitude`, `longitude`.
///
/// URLs must be `https` and at most 1,000 characters. Media held by LINE must be hosted first.
public struct WorksMessageEncoder: Sendable {
    /// The longest text message, in UTF-16 code units.
    public static let maximumTextLength = 2000
    /// The longest media URL.
    public static let maximumURLLength = 1000
    /// The longest location title or address.
    public static let maximumLocationFieldLength = 100

    /// Creates an encoder.
    public init() {}

    /// Converts contents into request bodies, one per message, in order.
    /// - Parameter contents: What to send.
    /// - Returns: The JSON bodies.
    /// - Throws: ``LineEncodingError`` naming the content (`contents[i]`) and rule.
    public func bodies(for contents: [MessageContent]) throws(LineEncodingError) -> [[UInt8]] {
        guard !contents.isEmpty else {
            throw LineEncodingError(code: .noMessages, field: "contents", message: "there is nothing to send")
        }
        var bodies: [[UInt8]] = []
        for (position, content) in contents.enumerated() {
            try append(content, field: "contents[\(position)]", to: &bodies)
        }
        return bodies
    }

    private func append(_ content: MessageContent, field: String, to bodies: inout [[UInt8]]) throws(LineEncodingError)
    {
        switch content {
        case .text(let text):
            var splitter = OutboundTextSplitter(limit: Self.maximumTextLength, maximumEmoji: 0)
            for run in text.runs {
                switch run {
                case .plain(let plain): splitter.appendPlain(plain)
                case .emoji(let emoji): splitter.appendAtomic(emoji.token)
                case .mention(let mention): splitter.appendAtomic(mention.text)
                }
            }
            let chunks = splitter.finish()
            guard !chunks.isEmpty else {
                throw LineEncodingError(code: .emptyText, field: field, message: "LINE WORKS refuses empty text")
            }
            for chunk in chunks {
                bodies.append(
                    Self.body { writer in
                        writer.field("type", "text")
                        writer.field("text", chunk.text)
                    }
                )
            }
        case .sticker(let sticker):
            bodies.append(
                Self.body { writer in
                    writer.field("type", "sticker")
                    writer.field("packageId", sticker.packageID)
                    writer.field("stickerId", sticker.stickerID)
                }
            )
        case .image(let media):
            switch media.reference {
            case .url(let given):
                let url = try OutboundURL.normalized(given, field: "\(field).url", maximumLength: Self.maximumURLLength)
                let preview = try OutboundURL.normalized(
                    media.previewURL ?? given,
                    field: "\(field).previewUrl",
                    maximumLength: Self.maximumURLLength
                )
                bodies.append(
                    Self.body { writer in
                        writer.field("type", "image")
                        writer.field("previewImageUrl", preview)
                        writer.field("originalContentUrl", url)
                    }
                )
            case .worksFile(let fileID):
                bodies.append(
                    Self.body { writer in
                        writer.field("type", "image")
                        writer.field("fileId", fileID)
                    }
                )
            case .lineContent:
                throw Self.notHosted(field)
            }
        case .file(let media), .audio(let media), .video(let media):
            switch media.reference {
            case .url(let given):
                let url = try OutboundURL.normalized(given, field: "\(field).url", maximumLength: Self.maximumURLLength)
                bodies.append(
                    Self.body { writer in
                        writer.field("type", "file")
                        writer.field("originalContentUrl", url)
                    }
                )
            case .worksFile(let fileID):
                bodies.append(
                    Self.body { writer in
                        writer.field("type", "file")
                        writer.field("fileId", fileID)
                    }
                )
            case .lineContent:
                throw Self.notHosted(field)
            }
        case .location(let location):
            guard location.latitude.isFinite, (-90...90).contains(location.latitude),
                location.longitude.isFinite, (-180...180).contains(location.longitude),
                let latitude = JSONNumber(location.latitude), let longitude = JSONNumber(location.longitude)
            else {
                throw LineEncodingError(
                    code: .invalidLocation,
                    field: field,
                    message: "latitude must be in -90...90 and longitude in -180...180"
                )
            }
            let coordinates = "\(location.latitude),\(location.longitude)"
            let address = location.address.flatMap { $0.isEmpty ? nil : $0 } ?? coordinates
            let title = location.title.flatMap { $0.isEmpty ? nil : $0 } ?? address
            for (name, value) in [("title", title), ("address", address)]
            where value.utf16.count > Self.maximumLocationFieldLength {
                throw LineEncodingError(
                    code: .fieldTooLong,
                    field: "\(field).\(name)",
                    message: "LINE WORKS allows at most \(Self.maximumLocationFieldLength) characters"
                )
            }
            bodies.append(
                Self.body { writer in
                    writer.field("type", "location")
                    writer.field("title", title)
                    writer.field("address", address)
                    writer.field("latitude", latitude)
                    writer.field("longitude", longitude)
                }
            )
        case .unknown:
            throw LineEncodingError(
                code: .unsupportedContent,
                field: field,
                message: "content of an unknown type cannot be sent to LINE WORKS"
            )
        }
    }

    private static func notHosted(_ field: String) -> LineEncodingError {
        LineEncodingError(
            code: .mediaNotHosted,
            field: "\(field).url",
            message: "LINE WORKS needs an https URL or a file ID; download and host the content first"
        )
    }

    private static func body(_ writeContent: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("content")
        writer.beginObject()
        writeContent(&writer)
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}
