/// The content of one message, in the form every side shares: LINE, LINE WORKS, federation peers and the host.
///
/// Inbound messages are converted into `MessageContent` once, stored and shown in that form, and converted
/// out again for whichever side a message is sent to. It holds everything the LINE Messaging API can send
/// back, so LINE -> `MessageContent` -> LINE loses nothing that LINE would accept. Content that ExternalTalk
/// does not understand is kept as ``unknown(_:)`` with its raw JSON.
@nonexhaustive
public enum MessageContent: Sendable, Hashable {
    /// Text made of plain text, LINE emoji and mentions.
    case text(TextContent)
    /// A sticker.
    case sticker(StickerContent)
    /// An image.
    case image(MediaContent)
    /// A video.
    case video(MediaContent)
    /// An audio clip.
    case audio(MediaContent)
    /// A file, such as a PDF.
    case file(MediaContent)
    /// A location on a map.
    case location(LocationContent)
    /// Content of a type ExternalTalk does not know, kept as received.
    case unknown(UnknownContent)

    /// The content type's wire name, as used in canonical JSON: `text`, `sticker`, `image`, `video`, `audio`,
    /// `file`, `location`, or the unknown content's own type.
    public var typeName: String {
        switch self {
        case .text: "text"
        case .sticker: "sticker"
        case .image: "image"
        case .video: "video"
        case .audio: "audio"
        case .file: "file"
        case .location: "location"
        case .unknown(let unknown): unknown.type
        }
    }
}

/// A sticker from a LINE sticker package.
public struct StickerContent: Sendable, Hashable {
    /// The sticker package ID.
    public var packageID: String
    /// The sticker ID within its package.
    public var stickerID: String
    /// Keywords LINE gives to describe the sticker, when known; shown where the sticker cannot be.
    public var keywords: [String]
    /// Text of a message sticker, when LINE gives one.
    public var text: String?

    /// Creates sticker content.
    /// - Parameters:
    ///   - packageID: The sticker package ID.
    ///   - stickerID: The sticker ID within its package.
    ///   - keywords: Describing keywords, if known.
    ///   - text: The text of a message sticker, if any.
    public init(packageID: String, stickerID: String, keywords: [String] = [], text: String? = nil) {
        self.packageID = packageID
        self.stickerID = stickerID
        self.keywords = keywords
        self.text = text
    }
}

/// Where the bytes of an image, video, audio clip or file can be found.
@nonexhaustive
public enum MediaReference: Sendable, Hashable {
    /// A URL the receiving platform fetches itself (LINE requires `https`).
    case url(String)
    /// Content held by LINE, fetched with the message ID from the Messaging API content endpoint.
    ///
    /// It must be downloaded and hosted before it can be sent anywhere else.
    case lineContent(messageID: String)
    /// A file uploaded to LINE WORKS, by its file ID.
    case worksFile(fileID: String)
}

/// An image, video, audio clip or file.
public struct MediaContent: Sendable, Hashable {
    /// Where the content is.
    public var reference: MediaReference
    /// A preview image URL, for images and videos.
    public var previewURL: String?
    /// The play time in milliseconds, for audio and video.
    public var durationMilliseconds: Int?
    /// The file name, for files.
    public var fileName: String?
    /// The size in bytes, when known.
    public var fileSize: Int?
    /// The media type, such as `application/pdf`, when known.
    public var mimeType: String?

    /// Creates media content.
    /// - Parameters:
    ///   - reference: Where the content is.
    ///   - previewURL: A preview image URL.
    ///   - durationMilliseconds: Play time in milliseconds, for audio and video.
    ///   - fileName: The file name.
    ///   - fileSize: The size in bytes.
    ///   - mimeType: The media type.
    public init(
        reference: MediaReference,
        previewURL: String? = nil,
        durationMilliseconds: Int? = nil,
        fileName: String? = nil,
        fileSize: Int? = nil,
        mimeType: String? = nil
    ) {
        self.reference = reference
        self.previewURL = previewURL
        self.durationMilliseconds = durationMilliseconds
        self.fileName = fileName
        self.fileSize = fileSize
        self.mimeType = mimeType
    }

    /// Creates media content from a URL.
    /// - Parameters:
    ///   - url: The content URL.
    ///   - previewURL: A preview image URL.
    ///   - durationMilliseconds: Play time in milliseconds, for audio and video.
    public static func url(_ url: String, previewURL: String? = nil, durationMilliseconds: Int? = nil) -> Self {
        MediaContent(reference: .url(url), previewURL: previewURL, durationMilliseconds: durationMilliseconds)
    }
}

/// A location on a map.
public struct LocationContent: Sendable, Hashable {
    /// The place's name, if given.
    public var title: String?
    /// The place's address, if given.
    public var address: String?
    /// Latitude in degrees, -90...90.
    public var latitude: Double
    /// Longitude in degrees, -180...180.
    public var longitude: Double

    /// Creates location content.
    /// - Parameters:
    ///   - title: The place's name.
    ///   - address: The place's address.
    ///   - latitude: Latitude in degrees.
    ///   - longitude: Longitude in degrees.
    public init(title: String? = nil, address: String? = nil, latitude: Double, longitude: Double) {
        self.title = title
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// Content of a type ExternalTalk does not know, kept exactly as received so it can be stored and forwarded.
public struct UnknownContent: Sendable, Hashable {
    /// The content's `type` value, or an empty string if it had none.
    public var type: String
    /// The whole content object as received.
    public var raw: JSONValue

    /// Creates unknown content.
    /// - Parameters:
    ///   - type: The content's `type` value.
    ///   - raw: The whole content object.
    public init(type: String, raw: JSONValue) {
        self.type = type
        self.raw = raw
    }
}
