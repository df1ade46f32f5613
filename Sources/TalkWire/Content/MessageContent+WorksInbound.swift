extension MessageContent {
    /// The content of a message a LINE WORKS user sent a bot, as the rest of the SDK sees it.
    ///
    /// Text is workspace text: emoji tokens a LINE WORKS user types, such as `(smile)`, stay tokens, and map back
    /// to LINE emoji only where the catalog knows them (R14). Stickers keep their package and sticker IDs; images,
    /// files, audio and video refer to the LINE WORKS file by its ID. A content type this version does not know
    /// is kept as ``unknown(_:)`` with its raw JSON (W4).
    /// - Parameters:
    ///   - content: The callback's `content`.
    ///   - catalog: The emoji catalog.
    public init(worksContent content: LineWorksMessageContent, catalog: EmojiCatalog?) {
        func media() -> MediaContent { MediaContent(reference: .worksFile(fileID: content.fileID ?? "")) }
        switch content.type {
        case .text:
            self = .text(TextContent(workspaceText: content.text ?? "", catalog: catalog))
        case .sticker:
            self = .sticker(StickerContent(packageID: content.packageID ?? "", stickerID: content.stickerID ?? ""))
        case .image:
            self = .image(media())
        case .video:
            self = .video(media())
        case .audio:
            self = .audio(media())
        case .file:
            self = .file(media())
        case .location:
            self = .location(
                LocationContent(
                    address: content.address,
                    latitude: content.latitude ?? 0,
                    longitude: content.longitude ?? 0
                )
            )
        default:
            let value = (try? JSONValue(parsing: content.rawJSON.bytes, limits: JSONDecodingLimits())) ?? .null
            self = .unknown(UnknownContent(type: content.type.rawValue, raw: value))
        }
    }
}
