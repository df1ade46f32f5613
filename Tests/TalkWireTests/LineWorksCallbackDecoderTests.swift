import Testing

@testable import TalkWire

@Suite("LINE WORKS bot callbacks")
struct LineWorksCallbackDecoderTests {
    private func decode(_ text: String) throws(JSONDecodingError) -> LineWorksCallback {
        try LineWorksCallbackDecoder().decode(Array(text.utf8))
    }

    @Test func textMessageInA1to1Room() throws {
        let callback = try decode(
            #"{"type":"message","source":{"userId":"f0e7-4d4b","domainId":10000001},"#
                + #""issuedTime":"2022-01-04T05:16:05.716Z","content":{"type":"text","text":"こんにちは","postback":"start"}}"#
        )
        #expect(callback.type == .message)
        #expect(callback.source == LineWorksSource(userID: "f0e7-4d4b", channelID: nil, domainID: "10000001"))
        #expect(callback.issuedTime?.text == "2022-01-04T05:16:05.716Z")
        #expect(callback.issuedTime?.milliseconds == 1_641_273_365_716)
        #expect(callback.content?.type == .text)
        #expect(callback.content?.text == "こんにちは")
        #expect(callback.content?.postback == "start")
    }

    @Test func issuedTimeWithoutMillisecondsAndDomainIdAsString() throws {
        let callback = try decode(
            #"{"type":"joined","source":{"channelId":"ch-1","domainId":"10000001"},"#
                + #""issuedTime":"2022-01-04T05:16:05Z","members":["u1","u2"]}"#
        )
        #expect(callback.type == .joined)
        #expect(callback.issuedTime?.milliseconds == 1_641_273_365_000)
        #expect(callback.source.domainID == "10000001")
        #expect(callback.source.channelID == "ch-1")
        #expect(callback.members == ["u1", "u2"])
    }

    @Test func everyCallbackType() throws {
        for type in ["message", "postback", "join", "leave", "joined", "left", "begin", "end"] {
            let callback = try decode(
                #"{"type":""# + type
                    + #"","source":{"userId":"u","channelId":"c","domainId":1},"issuedTime":"2022-01-04T05:16:05Z"}"#
            )
            #expect(callback.type.rawValue == type)
            #expect(callback.type.isKnown)
        }
        let postback = try decode(#"{"type":"postback","source":{"userId":"u"},"data":"action=buy"}"#)
        #expect(postback.data == "action=buy")
    }

    @Test func contentTypes() throws {
        let sticker = try decode(#"{"type":"message","content":{"type":"sticker","packageId":"1","stickerId":2}}"#)
        #expect(sticker.content?.packageID == "1")
        #expect(sticker.content?.stickerID == "2")
        let image = try decode(#"{"type":"message","content":{"type":"image","fileId":"kr1.1234"}}"#)
        #expect(image.content?.fileID == "kr1.1234")
        let location = try decode(
            #"{"type":"message","content":{"type":"location","address":"Tokyo","latitude":35.6,"longitude":139.7}}"#
        )
        #expect(location.content?.address == "Tokyo")
        #expect(location.content?.latitude == 35.6)
        #expect(location.content?.longitude == 139.7)
    }

    @Test func unknownTypesAreKeptWithRawJSON() throws {
        let text = #"{"type":"reaction","source":{"userId":"u"},"reaction":{"emoji":"👍"}}"#
        let callback = try decode(text)
        #expect(callback.type.rawValue == "reaction")
        #expect(!callback.type.isKnown)
        #expect(callback.rawJSON.text == text)

        let content = #"{"type":"poll","question":"?"}"#
        let message = try decode(#"{"type":"message","content":"# + content + "}")
        #expect(message.content?.type.rawValue == "poll")
        #expect(message.content?.type.isKnown == false)
        #expect(message.content?.rawJSON.text == content)
    }

    @Test func unparseableIssuedTimeIsKeptAsText() throws {
        for text in [
            "yesterday", "2022-13-04T05:16:05Z", "2022-02-30T00:00:00Z", "2022-01-04T05:16:05", "2022-01-04T05:16:05.Z",
        ] {
            let callback = try decode(#"{"type":"begin","issuedTime":""# + text + #""}"#)
            #expect(callback.issuedTime?.text == text)
            #expect(callback.issuedTime?.milliseconds == nil, "\(text)")
        }
        let offset = try decode(#"{"type":"begin","issuedTime":"2022-01-04T14:16:05.5+09:00"}"#)
        #expect(offset.issuedTime?.milliseconds == 1_641_273_365_500)
    }

    @Test func malformedCallbacksThrowWithAPath() throws {
        #expect(throws: JSONDecodingError.self) { try decode(#"{"type":"begin","#) }
        #expect(throws: JSONDecodingError.self) { try decode("[]") }
        do {
            _ = try decode(#"{"type":"message","source":{"domainId":true}}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .typeMismatch)
            #expect(error.path == "source.domainId")
        }
        // The documentation's own example once had a trailing comma; it is not JSON and is rejected.
        #expect(throws: JSONDecodingError.self) { try decode(#"{"type":"begin","source":{"userId":"u",}}"#) }
    }
}
