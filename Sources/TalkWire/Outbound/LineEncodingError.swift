/// Why content could not be turned into LINE or LINE WORKS send payloads.
///
/// The error names the rule and the field (such as `contents[1].previewUrl`), never a URL, a token or any of
/// the message text.
public struct LineEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case emptyText
            case fileNotSendableToLine
            case insecureURL
            case invalidURL
            case missingPreview
            case missingDuration
            case mediaNotHosted
            case unsupportedContent
            case invalidLocation
            case fieldTooLong
            case invalidSender
            case invalidQuickReply
            case noMessages
            case tooManyMessages
            case noRecipients
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// A text with nothing in it; LINE refuses empty text.
        public static let emptyText = Code(.emptyText)
        /// A file or PDF addressed to a LINE user, which LINE cannot carry (R18).
        public static let fileNotSendableToLine = Code(.fileNotSendableToLine)
        /// A media URL that is not `https`.
        public static let insecureURL = Code(.insecureURL)
        /// A URL that is empty, too long or contains spaces or control characters.
        public static let invalidURL = Code(.invalidURL)
        /// A video without a preview image.
        public static let missingPreview = Code(.missingPreview)
        /// An audio clip without a duration.
        public static let missingDuration = Code(.missingDuration)
        /// Media that has no URL yet (held by LINE or LINE WORKS); download and host it first.
        public static let mediaNotHosted = Code(.mediaNotHosted)
        /// Content the target cannot show, such as unknown content.
        public static let unsupportedContent = Code(.unsupportedContent)
        /// A latitude or longitude that is not a finite number in range.
        public static let invalidLocation = Code(.invalidLocation)
        /// A field longer than the platform allows.
        public static let fieldTooLong = Code(.fieldTooLong)
        /// A `sender` name or icon LINE would refuse.
        public static let invalidSender = Code(.invalidSender)
        /// Quick reply items LINE would refuse.
        public static let invalidQuickReply = Code(.invalidQuickReply)
        /// A request with no messages.
        public static let noMessages = Code(.noMessages)
        /// More messages than one request can carry, where they cannot be split (a reply token is single-use).
        public static let tooManyMessages = Code(.tooManyMessages)
        /// A push or multicast with no recipient.
        public static let noRecipients = Code(.noRecipients)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// The path of the offending field, such as `contents[1].previewUrl`; empty when it is the whole request.
    public var field: String
    /// A short explanation naming the rule; it never contains content, URLs or tokens.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - field: The offending field's path.
    ///   - message: A short explanation that names no content.
    public init(code: Code, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// A one-line explanation naming the field.
    public var description: String {
        field.isEmpty ? "\(code): \(message)" : "\(code) at \(field): \(message)"
    }
}

/// Checks URLs for the send APIs, which accept only `https` URLs of bounded length.
enum OutboundURL {
    static func validate(
        _ url: String,
        field: String,
        maximumLength: Int
    ) throws(LineEncodingError) {
        guard !url.isEmpty else {
            throw LineEncodingError(code: .invalidURL, field: field, message: "the URL is empty")
        }
        guard url.utf8.count >= 9, url.utf8.prefix(8).lazy.map(Self.lowercased).elementsEqual("https://".utf8) else {
            throw LineEncodingError(code: .insecureURL, field: field, message: "only https URLs can be sent")
        }
        guard url.utf16.count <= maximumLength else {
            throw LineEncodingError(
                code: .invalidURL,
                field: field,
                message: "the URL is longer than \(maximumLength) characters"
            )
        }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw LineEncodingError(
                code: .invalidURL,
                field: field,
                message: "the URL contains spaces or control characters"
            )
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    /// Whether media looks like a PDF, by its media type or its URL's path.
    static func isPDF(_ media: MediaContent) -> Bool {
        if let mimeType = media.mimeType, mimeType.lowercased().hasPrefix("application/pdf") { return true }
        if let name = media.fileName, name.lowercased().hasSuffix(".pdf") { return true }
        if case .url(let url) = media.reference {
            let path = url.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "#").first ?? $0 } ?? ""
            return path.lowercased().hasSuffix(".pdf")
        }
        return false
    }
}
