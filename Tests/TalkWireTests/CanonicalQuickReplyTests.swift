import TalkWire
import Testing

/// Quick replies in canonical content: read, written back, carried by federation envelopes and sent to LINE.
@Suite struct CanonicalQuickReplyTests {
    private let json = #"""
        {"type":"text","text":"Which day?","quickReply":{"items":[
          {"type":"action","action":{"type":"message","label":"Today","text":"today"}},
          {"imageUrl":"https://example.com/i.png","action":{"type":"postback","label":"Later","data":"d=1","displayText":"後で"}},
          {"action":{"type":"uri","label":"Menu","uri":"https://example.com/menu"}},
          {"action":{"type":"camera","label":"Camera"}},
          {"action":{"type":"cameraRoll","label":"Roll"}},
          {"action":{"type":"location","label":"Where"}}
        ]}}
        """#

    private let expected = LineQuickReply(items: [
        .init(action: .message(label: "Today", text: "today")),
        .init(action: .postback(label: "Later", data: "d=1", displayText: "後で"), imageURL: "https://example.com/i.png"),
        .init(action: .uri(label: "Menu", uri: "https://example.com/menu")),
        .init(action: .camera(label: "Camera")),
        .init(action: .cameraRoll(label: "Roll")),
        .init(action: .location(label: "Where")),
    ])

    @Test func aTextsQuickReplyIsReadWrittenAndReadAgain() throws {
        let content = try MessageContent(canonicalJSON: Array(json.utf8))
        guard case .text(let text) = content else {
            Issue.record("expected text, got \(content)")
            return
        }
        #expect(text.displayText == "Which day?")
        #expect(text.quickReply == expected)
        let written = content.canonicalJSONBytes
        #expect(String(decoding: written, as: UTF8.self).contains(#""quickReply":{"items":[{"type":"action","#))
        #expect(try MessageContent(canonicalJSON: written) == content)
    }

    @Test func aFederationEnvelopeCarriesTheQuickReply() throws {
        let content = try MessageContent(canonicalJSON: Array(json.utf8))
        let envelope = FederationEnvelope(
            messageID: "m1",
            timestampMilliseconds: 0,
            room: "r",
            sender: FederationSender(id: "a@example.com"),
            content: content
        )
        #expect(try FederationEnvelope(jsonBytes: envelope.jsonBytes).content == content)
    }

    @Test func theLineEncoderPutsItOnTheLastMessageOfItsText() throws {
        var text = TextContent(String(repeating: "あ", count: 5001))
        text.quickReply = expected
        let messages = try LineMessageEncoder(catalog: EmojiCatalog()).messages(for: [
            .text(text), .sticker(StickerContent(packageID: "1", stickerID: "2")),
        ])
        #expect(messages.map { $0.quickReply != nil } == [false, true, false])
        // An explicit quick reply replaces nothing on earlier messages; it goes on the very last one.
        let explicit = LineQuickReply(items: [.init(action: .camera(label: "c"))])
        let both = try LineMessageEncoder(catalog: EmojiCatalog()).messages(for: [.text(text)], quickReply: explicit)
        #expect(both.map(\.quickReply) == [nil, explicit])
    }

    @Test func limitsAreCheckedWhenEncodingAndNameTheContent() throws {
        var text = TextContent("a")
        text.quickReply = LineQuickReply(items: [.init(action: .camera(label: String(repeating: "x", count: 21)))])
        #expect {
            try LineMessageEncoder(catalog: EmojiCatalog()).messages(for: [
                .sticker(.init(packageID: "1", stickerID: "2")), .text(text),
            ])
        } throws: { error in
            (error as? LineEncodingError)?.field == "contents[1].quickReply.items[0].action.label"
        }
    }

    @Test(arguments: [
        (#"{"type":"text","text":"a","quickReply":[]}"#, "quickReply"),
        (#"{"type":"text","text":"a","quickReply":{}}"#, "quickReply.items"),
        (
            #"{"type":"text","text":"a","quickReply":{"items":[{"type":"button","action":{"type":"camera","label":"c"}}]}}"#,
            "quickReply.items[0].type"
        ),
        (#"{"type":"text","text":"a","quickReply":{"items":[{"type":"action"}]}}"#, "quickReply.items[0].action"),
        (
            #"{"type":"text","text":"a","quickReply":{"items":[{"action":{"type":"clipboard","label":"c"}}]}}"#,
            "quickReply.items[0].action.type"
        ),
        (
            #"{"type":"text","text":"a","quickReply":{"items":[{"action":{"type":"message","label":"c"}}]}}"#,
            "quickReply.items[0].action.text"
        ),
        (
            #"{"type":"text","text":"a","quickReply":{"items":[{"action":{"type":"camera"}}]}}"#,
            "quickReply.items[0].action.label"
        ),
    ])
    func malformedQuickRepliesAreRefusedWithTheirPath(json: String, path: String) {
        #expect {
            try MessageContent(canonicalJSON: Array(json.utf8))
        } throws: { error in
            (error as? ContentDecodingError)?.path == path
        }
    }
}
