import TalkWire
import Testing

@Suite struct OutboundWorksEncodingTests {
    private let encoder = WorksMessageEncoder()

    private func bodies(_ contents: MessageContent...) throws -> [String] {
        try encoder.bodies(for: contents).map(text)
    }

    @Test func r14_textWithEmojiIsSentWithTokens() throws {
        let content = MessageContent.text(
            TextContent(runs: [
                .plain("Hi "), .emoji(Fixture.smile), .plain(" "), .mention(MentionRun(text: "@Sato", target: .all)),
            ])
        )
        #expect(try bodies(content) == [#"{"content":{"type":"text","text":"Hi (smile) @Sato"}}"#])
    }

    @Test func textOver2000UnitsIsSplit() throws {
        let result = try bodies(.text(TextContent(String(repeating: "あ", count: 2001))))
        #expect(result.count == 2)
        #expect(result[1] == #"{"content":{"type":"text","text":"あ"}}"#)
    }

    @Test func stickerImageFileAndLocation() throws {
        #expect(
            try bodies(
                .sticker(StickerContent(packageID: "1", stickerID: "2")),
                .image(.url("https://example.com/a.png")),
                .image(MediaContent(reference: .worksFile(fileID: "jp1.1"))),
                .file(MediaContent(reference: .url("https://example.com/a.pdf"), fileName: "a.pdf")),
                .file(MediaContent(reference: .worksFile(fileID: "jp1.2"))),
                .location(LocationContent(title: "HQ", address: "Tokyo", latitude: 35.67966, longitude: 139.73669))
            ) == [
                #"{"content":{"type":"sticker","packageId":"1","stickerId":"2"}}"#,
                #"{"content":{"type":"image","previewImageUrl":"https://example.com/a.png","originalContentUrl":"https://example.com/a.png"}}"#,
                #"{"content":{"type":"image","fileId":"jp1.1"}}"#,
                #"{"content":{"type":"file","originalContentUrl":"https://example.com/a.pdf"}}"#,
                #"{"content":{"type":"file","fileId":"jp1.2"}}"#,
                #"{"content":{"type":"location","title":"HQ","address":"Tokyo","latitude":35.67966,"longitude":139.73669}}"#,
            ]
        )
    }

    @Test func audioAndVideoAreSentAsFiles() throws {
        #expect(
            try bodies(.audio(.url("https://example.com/a.m4a", durationMilliseconds: 1000)))
                == [#"{"content":{"type":"file","originalContentUrl":"https://example.com/a.m4a"}}"#]
        )
    }

    @Test func typedErrors() {
        let cases: [(MessageContent, LineEncodingError.Code)] = [
            (.image(.url("http://example.com/a.png")), .insecureURL),
            (.file(.url("https://example.com/" + String(repeating: "a", count: 1000))), .invalidURL),
            (.image(MediaContent(reference: .lineContent(messageID: "1"))), .mediaNotHosted),
            (.unknown(UnknownContent(type: "x", raw: .object([]))), .unsupportedContent),
            (.text(TextContent("")), .emptyText),
            (.location(LocationContent(latitude: 0, longitude: 181)), .invalidLocation),
        ]
        for (content, code) in cases {
            do {
                _ = try encoder.bodies(for: [content])
                Issue.record("expected \(code)")
            } catch {
                #expect(error.code == code)
            }
        }
    }
}
