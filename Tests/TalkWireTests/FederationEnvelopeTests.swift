import TalkWire
import Testing

@Suite struct FederationEnvelopeTests {
    private let envelope = FederationEnvelope(
        messageID: "m-1",
        timestampMilliseconds: 1_700_000_000_000,
        room: "r-1",
        sender: FederationSender(id: "sato@example.co.jp", displayName: "Sato"),
        content: .text(TextContent(runs: [.plain("Hello "), .emoji(Fixture.smile)]))
    )

    @Test func encodesTheDocumentedFormat() {
        #expect(
            text(envelope.jsonBytes)
                == #"{"version":1,"messageId":"m-1","timestamp":1700000000000,"room":"r-1","sender":{"id":"sato@example.co.jp","displayName":"Sato"},"content":{"type":"text","runs":[{"type":"text","text":"Hello "},{"type":"emoji","text":"(smile)","productId":"5ac1bfd5040ab15980c9b435","emojiId":"001"}]}}"#
        )
    }

    @Test func decodesWhatItEncodes() throws {
        #expect(try FederationEnvelope(jsonBytes: envelope.jsonBytes) == envelope)
    }

    @Test func toleratesUnknownFieldsAtEveryLevelAndAnyOrder() throws {
        let json = """
            {"future":{"a":[1,2]},"content":{"type":"text","runs":[{"type":"text","text":"Hello ","style":"bold"},
            {"type":"emoji","text":"(smile)","productId":"5ac1bfd5040ab15980c9b435","emojiId":"001","x":1},
            {"type":"sparkle","text":"✨"}],"extra":true},
            "sender":{"displayName":"Sato","id":"sato@example.co.jp","avatar":null},
            "room":"r-1","timestamp":1700000000000,"messageId":"m-1","version":1}
            """
        let decoded = try FederationEnvelope(jsonBytes: Array(json.utf8))
        var expected = envelope
        // A run type from a newer version shows as its text.
        expected.content = .text(TextContent(runs: [.plain("Hello "), .emoji(Fixture.smile), .plain("✨")]))
        #expect(decoded == expected)
    }

    @Test func unknownContentTypeIsKeptRawAndForwardedVerbatim() throws {
        let json =
            #"{"version":1,"messageId":"m","timestamp":0,"room":"r","sender":{"id":"a@b"},"content":{"type":"poll","options":["a","b"],"n":1.50}}"#
        let decoded = try FederationEnvelope(jsonBytes: Array(json.utf8))
        guard case .unknown(let unknown) = decoded.content else {
            Issue.record("expected unknown content")
            return
        }
        #expect(unknown.type == "poll")
        #expect(text(decoded.jsonBytes) == json)
    }

    @Test func textShorthandIsPlainTextNotTokens() throws {
        let json =
            #"{"version":1,"messageId":"m","timestamp":0,"room":"r","sender":{"id":"a@b"},"content":{"type":"text","text":"(emoji:abc:001)"}}"#
        let decoded = try FederationEnvelope(jsonBytes: Array(json.utf8))
        #expect(decoded.content == .text(TextContent("(emoji:abc:001)")))
    }

    @Test(arguments: [
        (
            #"{"version":2,"messageId":"m","timestamp":0,"room":"r","sender":{"id":"a"},"content":{"type":"text","text":"x"}}"#,
            ContentDecodingError.Code.unsupportedVersion, "version"
        ),
        (
            #"{"messageId":"m","timestamp":0,"room":"r","sender":{"id":"a"},"content":{"type":"text","text":"x"}}"#,
            .missingField, "version"
        ),
        (
            #"{"version":1,"timestamp":0,"room":"r","sender":{"id":"a"},"content":{"type":"text","text":"x"}}"#,
            .missingField, "messageId"
        ),
        (
            #"{"version":1,"messageId":"m","timestamp":"0","room":"r","sender":{"id":"a"},"content":{"type":"text","text":"x"}}"#,
            .wrongType, "timestamp"
        ),
        (
            #"{"version":1,"messageId":"m","timestamp":-1,"room":"r","sender":{"id":"a"},"content":{"type":"text","text":"x"}}"#,
            .invalidValue, "timestamp"
        ),
        (
            #"{"version":1,"messageId":"m","timestamp":0,"room":"r","sender":{},"content":{"type":"text","text":"x"}}"#,
            .missingField, "sender.id"
        ),
        (
            #"{"version":1,"messageId":"m","timestamp":0,"room":"r","sender":{"id":"a"},"content":{"type":"text","runs":[{"type":"emoji","text":"(x)","productId":"p"}]}}"#,
            .missingField, "content.runs[0].emojiId"
        ),
        (
            #"{"version":1,"messageId":"m","timestamp":0,"room":"","sender":{"id":"a"},"content":{"type":"text","text":"x"}}"#,
            .invalidValue, "room"
        ),
        (
            #"{"version":1,"messageId":"m","timestamp":0,"room":"r","sender":{"id":"a"},"content":{"text":"x"}}"#,
            .missingField, "content.type"
        ),
        (#"[1]"#, .wrongType, ""),
    ])
    func invalidEnvelopesAreTypedErrorsNamingTheField(json: String, code: ContentDecodingError.Code, path: String) {
        do {
            _ = try FederationEnvelope(jsonBytes: Array(json.utf8))
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code)
            #expect(error.path == path)
        }
    }

    @Test func syntaxErrorsCarryTheByteOffsetAndNoContent() {
        do {
            _ = try FederationEnvelope(jsonBytes: Array(#"{"version":1,"secret":"hunter2"#.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidJSON)
            #expect(error.offset == 30)
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test func oversizedEnvelopeIsRefusedBeforeParsing() {
        do {
            _ = try FederationEnvelope(jsonBytes: Array(repeating: UInt8(ascii: " "), count: 100), maximumBytes: 99)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .tooLarge)
        }
    }
}
