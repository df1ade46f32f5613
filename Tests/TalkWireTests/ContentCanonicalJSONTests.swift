import TalkWire
import Testing

@Suite struct ContentCanonicalJSONTests {
    private func decode(_ json: String, catalog: EmojiCatalog? = nil) throws(ContentDecodingError) -> MessageContent {
        try MessageContent(canonicalJSON: Array(json.utf8), emojiCatalog: catalog)
    }

    @Test func everyContentTypeRoundTrips() throws {
        let contents: [MessageContent] = [
            .text(
                TextContent(runs: [
                    .plain("a $ {b}"), .emoji(Fixture.smile),
                    .mention(MentionRun(text: "@x", target: .user(id: nil), isSelf: false)),
                    .mention(MentionRun(text: "@all", target: .all)),
                    .mention(MentionRun(text: "@g", target: .unknown("group"))),
                ])
            ),
            .sticker(StickerContent(packageID: "1", stickerID: "2", keywords: ["Happy"], text: "Hi")),
            .image(
                MediaContent(
                    reference: .url("https://e.com/a.png"),
                    previewURL: "https://e.com/p.png",
                    mimeType: "image/png"
                )
            ),
            .video(MediaContent(reference: .lineContent(messageID: "325708"), durationMilliseconds: 3000)),
            .audio(MediaContent(reference: .worksFile(fileID: "f1"), durationMilliseconds: 1)),
            .file(MediaContent(reference: .url("https://e.com/a.pdf"), fileName: "a.pdf", fileSize: 1024)),
            .location(LocationContent(title: "t", address: nil, latitude: -33.8688, longitude: 151.2093)),
            .unknown(UnknownContent(type: "poll", raw: try JSONValue(parsing: #"{"type":"poll","q":[1.0,null]}"#))),
        ]
        for content in contents {
            #expect(try MessageContent(canonicalJSON: content.canonicalJSONBytes) == content)
        }
    }

    @Test func r14_textShorthandIsWorkspaceTextWithTokens() throws {
        let content = try decode(#"{"type":"text","text":"Hi (smile) (nope)"}"#, catalog: Fixture.catalog())
        #expect(content == .text(TextContent(runs: [.plain("Hi "), .emoji(Fixture.smile), .plain(" (nope)")])))
    }

    @Test func listAcceptsOneObjectOrAnArray() throws {
        let one = try MessageContent.decodeList(canonicalJSON: Array(#"{"type":"text","text":"a"}"#.utf8))
        let many = try MessageContent.decodeList(
            canonicalJSON: Array(
                #"[{"type":"text","text":"a"},{"type":"sticker","packageId":"1","stickerId":"2"}]"#.utf8
            )
        )
        #expect(one == [.text(TextContent("a"))])
        #expect(many.count == 2)
        do {
            _ = try MessageContent.decodeList(
                canonicalJSON: Array(#"[{"type":"text","text":"a"},{"type":"image"}]"#.utf8)
            )
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "[1].url")
        }
    }

    @Test(arguments: [
        (#"{"type":"image","url":"https://a","lineMessageId":"1"}"#, ContentDecodingError.Code.invalidValue, ""),
        (#"{"type":"location","latitude":91,"longitude":0}"#, .invalidValue, "latitude"),
        (#"{"type":"location","latitude":null,"longitude":0}"#, .missingField, "latitude"),
        (#"{"type":"audio","url":"https://a","durationMs":-5}"#, .invalidValue, "durationMs"),
        (#"{"type":"audio","url":"https://a","durationMs":1.5}"#, .invalidValue, "durationMs"),
        (#"{"type":"sticker","packageId":1,"stickerId":"2"}"#, .wrongType, "packageId"),
        (#"{"type":"text","runs":[{"type":"mention","text":"@a"}]}"#, .missingField, "runs[0].mentionee"),
        (#"{"type":"text","runs":[{"type":"text"}]}"#, .missingField, "runs[0].text"),
        (#"{"type":"text"}"#, .missingField, "text"),
        (#"{"type":7}"#, .wrongType, "type"),
        (#"{"type":"text","text":"a""#, .invalidJSON, ""),
    ])
    func invalidContentIsATypedErrorNamingTheField(json: String, code: ContentDecodingError.Code, path: String) {
        do {
            _ = try decode(json)
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code)
            #expect(error.path == path)
        }
    }

    @Test func textNormalFormMergesPlainRunsAndDropsEmptyOnes() {
        let content = TextContent(runs: [
            .plain("a"), .plain(""), .plain("b"), .emoji(EmojiRun(token: "", productID: "p", emojiID: "1")),
        ])
        #expect(content.runs == [.plain("ab"), .emoji(EmojiRun(token: "(emoji:p:1)", productID: "p", emojiID: "1"))])
    }
}
