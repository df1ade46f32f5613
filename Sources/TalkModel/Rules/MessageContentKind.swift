/// The kind of content a message carries, for the rules that depend on it (R18).
///
/// An open set: values this version does not know are kept and treated as not sendable to LINE.
public struct MessageContentKind: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    /// The kind's name, such as `text`.
    public let rawValue: String

    /// Creates a kind from its name.
    /// - Parameter rawValue: The name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Plain text, which may contain emoji.
    public static let text = MessageContentKind(rawValue: "text")
    /// A sticker.
    public static let sticker = MessageContentKind(rawValue: "sticker")
    /// An image.
    public static let image = MessageContentKind(rawValue: "image")
    /// A video.
    public static let video = MessageContentKind(rawValue: "video")
    /// An audio clip.
    public static let audio = MessageContentKind(rawValue: "audio")
    /// A location.
    public static let location = MessageContentKind(rawValue: "location")
    /// A file, such as a PDF.
    public static let file = MessageContentKind(rawValue: "file")

    /// The kinds that may be sent to a LINE user (R18).
    ///
    /// R18 names text, stickers, images and video and forbids files such as PDFs; the Messaging API also
    /// delivers audio clips and locations, which are no files, so they are sendable too.
    public static let sendableToLine: Set<MessageContentKind> = [.text, .sticker, .image, .video, .audio, .location]

    /// Whether this kind may be sent to a LINE user (R18). Unknown kinds may not.
    public var isSendableToLine: Bool { Self.sendableToLine.contains(self) }

    /// Whether this kind is a file, which the tenants' file switches govern.
    public var isFile: Bool { self == .file }

    /// The name.
    public var description: String { rawValue }
}
