import TalkModel

extension MessageContent {
    /// Converts a message received from LINE into the shared content form (R14: LINE emoji become text tokens).
    ///
    /// Media that LINE hosts (`contentProvider.type == line`) is referenced by the message's ID, to be fetched
    /// from LINE's content endpoint; media hosted elsewhere keeps its URLs. A type this version does not know is
    /// kept as ``unknown(_:)`` with its raw JSON (W4).
    /// - Parameters:
    ///   - message: The received message.
    ///   - catalog: The emoji catalog that names emoji tokens; it learns emoji it has not seen.
    public init(lineMessage message: LineMessage, catalog: EmojiCatalog) {
        let messageID = message.id?.rawValue ?? ""
        func media(_ content: LineMediaContent) -> MediaContent {
            let provider = content.contentProvider
            let reference: MediaReference =
                if provider?.type == .external, let url = provider?.originalContentURL {
                    .url(url)
                } else {
                    .lineContent(messageID: messageID)
                }
            return MediaContent(
                reference: reference,
                previewURL: provider?.previewImageURL,
                durationMilliseconds: content.duration.flatMap { Int(exactly: $0) }
            )
        }
        switch message.content {
        case .text(let text):
            self = .text(LineInboundText(text, catalog: catalog).content)
        case .image(let content):
            self = .image(media(content))
        case .video(let content):
            self = .video(media(content))
        case .audio(let content):
            self = .audio(media(content))
        case .file(let file):
            self = .file(
                MediaContent(
                    reference: .lineContent(messageID: messageID),
                    fileName: file.fileName,
                    fileSize: file.fileSize.flatMap { Int(exactly: $0) }
                )
            )
        case .location(let location):
            self = .location(
                LocationContent(
                    title: location.title,
                    address: location.address,
                    latitude: location.latitude ?? 0,
                    longitude: location.longitude ?? 0
                )
            )
        case .sticker(let sticker):
            self = .sticker(
                StickerContent(
                    packageID: sticker.packageID ?? "",
                    stickerID: sticker.stickerID ?? "",
                    keywords: sticker.keywords ?? [],
                    text: sticker.text
                )
            )
        case .unknown(let raw):
            let value = (try? JSONValue(parsing: raw.bytes, limits: JSONDecodingLimits())) ?? .null
            self = .unknown(UnknownContent(type: message.type.rawValue, raw: value))
        }
    }

    /// A one-line rendering for history and exports: the text with emoji tokens (R14), or a bracketed label such as
    /// `[sticker]`, `[image]` or `[location: Tokyo Tower]`.
    public var summaryText: String {
        switch self {
        case .text(let text): text.displayText
        case .sticker(let sticker): sticker.text.map { "[sticker: \($0)]" } ?? "[sticker]"
        case .image: "[image]"
        case .video: "[video]"
        case .audio: "[audio]"
        case .file(let file): file.fileName.map { "[file: \($0)]" } ?? "[file]"
        case .location(let location): (location.title ?? location.address).map { "[location: \($0)]" } ?? "[location]"
        case .unknown(let unknown): "[\(unknown.type)]"
        }
    }
}
