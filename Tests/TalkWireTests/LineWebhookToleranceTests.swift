import Testing

@testable import TalkWire

@Suite("LINE webhook decoding: unknown values, old payloads, bad spans")
struct LineWebhookToleranceTests {
    @Test func w4_unknownEventTypeKeepsTheEventAndItsRawJSON() throws {
        let eventText =
            #"{"type":"superNewEvent","superNew":{"x":[1,2,{"y":true}]},"webhookEventId":"01X","timestamp":7}"#
        let batch = try decodeLine(
            #"{"destination":"U10000000000000000000000000000000","events":[{"type":"unfollow"},"# + eventText
                + #",{"type":"join"}]}"#
        )
        #expect(batch.events.count == 3)
        let unknown = batch.events[1]
        #expect(unknown.type.rawValue == "superNewEvent")
        #expect(!unknown.type.isKnown)
        #expect(unknown.payload == .unknown)
        #expect(!unknown.isKnown)
        #expect(unknown.rawJSON.text == eventText)
        // The fields every event shares are still read, so the event can be deduplicated (W3).
        #expect(unknown.webhookEventID == "01X")
        #expect(unknown.timestamp == 7)
        #expect(batch.events[2].payload == .join)
    }

    @Test func w4_unknownMessageTypeKeepsTheMessageRaw() throws {
        let messageText = #"{"id":"77","type":"hologram","hologram":{"depth":3},"quoteToken":"qt"}"#
        let event = try decodeSingleEvent(#"{"type":"message","message":"# + messageText + "," + commonFields + "}")
        let message = try #require(event.message)
        #expect(message.type.rawValue == "hologram")
        #expect(!message.type.isKnown)
        #expect(message.id == "77")
        #expect(message.quoteToken == "qt")
        #expect(message.content == .unknown(RawJSON(validatedBytes: Array(messageText.utf8))))
    }

    @Test func w4_unknownSourceTypeIsKeptRaw() throws {
        let sourceText = #"{"type":"channel","channelId":"X1"}"#
        let event = try decodeSingleEvent(#"{"type":"join","source":"# + sourceText + "}")
        #expect(event.source == .unknown(type: "channel", raw: RawJSON(validatedBytes: Array(sourceText.utf8))))
    }

    @Test func w4_unknownEnumValuesAreKept() throws {
        let event = try decodeSingleEvent(
            #"{"type":"message","mode":"observer","message":{"id":"1","type":"sticker","packageId":"1","#
                + #""stickerId":"2","stickerResourceType":"HOLOGRAM_3D"}}"#
        )
        #expect(event.mode?.rawValue == "observer")
        #expect(event.mode?.isKnown == false)
        guard case .sticker(let sticker) = event.message?.content else {
            Issue.record("expected a sticker")
            return
        }
        #expect(sticker.stickerResourceType?.rawValue == "HOLOGRAM_3D")
        #expect(sticker.stickerResourceType?.isKnown == false)
    }

    @Test func w4_unknownFieldsOfKnownEventsAreSkippedAndKeptInRawJSON() throws {
        let event = try decodeSingleEvent(
            #"{"type":"follow","follow":{"isUnblocked":false,"newFlag":{"deep":[[[]]]}},"futureField":"\u00e9"}"#
        )
        #expect(event.payload == .follow(isUnblocked: false))
        #expect(event.rawJSON.text.contains("futureField"))
    }

    @Test func w2_oldPayloadsWithoutRequiredFieldsStillDecode() throws {
        let batch = try decodeLine(
            #"{"events":[{"type":"message","replyToken":"r","message":{"id":"1","type":"text","text":"hi"}}]}"#
        )
        #expect(batch.destination == nil)
        let event = try #require(batch.events.first)
        #expect(event.webhookEventID == nil)
        #expect(event.isRedelivery == nil)
        #expect(event.mode == nil)
        #expect(event.timestamp == nil)
        #expect(event.source == nil)
        #expect(event.textContent?.text == "hi")
    }

    @Test func eventWithoutTypeIsKeptAsUnknown() throws {
        let event = try decodeSingleEvent(#"{"timestamp":1}"#)
        #expect(event.type.rawValue == "")
        #expect(event.payload == .unknown)
        #expect(event.rawJSON.text == #"{"timestamp":1}"#)
    }

    @Test func messageEventWithoutMessageObjectIsUnknown() throws {
        let event = try decodeSingleEvent(#"{"type":"message","timestamp":1}"#)
        #expect(event.type == .message)
        #expect(event.payload == .unknown)
    }

    @Test func spansPastTheEndAreKeptAndFlagged() throws {
        let event = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"1","type":"text","text":"short","#
                + #""emojis":[{"index":3,"length":6,"productId":"p","emojiId":"001"},"#
                + #"{"index":-1,"length":2,"productId":"p","emojiId":"002"},"#
                + #"{"index":0,"length":0,"productId":"p","emojiId":"003"}],"#
                + #""mention":{"mentionees":[{"index":9223372036854775807,"length":9,"type":"all"}]}}}"#
        )
        let text = try #require(event.textContent)
        #expect(text.text == "short")
        #expect(text.emojis.count == 3)
        #expect(text.emojis[0].span == LineTextSpan(index: 3, length: 6))
        #expect(text.emojis[0].token(in: text.text) == nil)
        #expect(text.mentionees.count == 1)
        #expect(text.mentionees[0].span.range(in: text.text) == nil)
        #expect(
            text.spanIssues == [
                LineTextSpanIssue(kind: .outOfBounds, owner: .emoji, position: 0),
                LineTextSpanIssue(kind: .outOfBounds, owner: .emoji, position: 1),
                LineTextSpanIssue(kind: .outOfBounds, owner: .emoji, position: 2),
                LineTextSpanIssue(kind: .outOfBounds, owner: .mention, position: 0),
            ]
        )
    }

    @Test func overlappingSpansAreKeptAndFlagged() throws {
        let event = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"1","type":"text","text":"(love)(love)","#
                + #""emojis":[{"index":0,"length":6,"productId":"p","emojiId":"001"},"#
                + #"{"index":3,"length":6,"productId":"p","emojiId":"001"},"#
                + #"{"index":6,"length":6,"productId":"p","emojiId":"001"}]}}"#
        )
        let text = try #require(event.textContent)
        #expect(text.emojis.count == 3)
        #expect(text.spanIssues == [LineTextSpanIssue(kind: .overlapping, owner: .emoji, position: 1)])
        #expect(text.emojis[2].token(in: text.text) == "(love)")
    }

    @Test func spanSplittingASurrogatePairDoesNotFit() throws {
        // "😊" occupies UTF-16 units 0 and 1; a span from 1 starts inside it.
        let span = LineTextSpan(index: 1, length: 2)
        #expect(span.range(in: "😊ab") == nil)
        #expect(LineTextSpan(index: 2, length: 2).substring(of: "😊ab") == "ab")
        #expect(LineTextSpan(index: 0, length: 2).substring(of: "😊ab") == "😊")
        #expect(LineTextSpan(index: Int.max, length: Int.max).end == nil)
    }
}

@Suite("LINE webhook decoding: fields with unexpected JSON types")
struct LineWebhookTypeMismatchTests {
    @Test func w4_wrongTypeInAnEventKeepsTheEventRawWithItsIssue() throws {
        let cases: [(String, String)] = [
            (#"{"type":"join","timestamp":"1","webhookEventId":"W1","mode":"active"}"#, "timestamp"),
            (
                #"{"type":"follow","follow":{"isUnblocked":"yes"},"webhookEventId":"W1","mode":"active"}"#,
                "follow.isUnblocked"
            ),
            (#"{"type":"join","timestamp":1.5,"webhookEventId":"W1","mode":"active"}"#, "timestamp"),
            (#"{"type":"join","timestamp":99999999999999999999,"webhookEventId":"W1","mode":"active"}"#, "timestamp"),
            (
                #"{"type":"memberJoined","joined":{"members":[{"type":"user","userId":5}]},"webhookEventId":"W1","mode":"active"}"#,
                "joined.members[0].userId"
            ),
            (#"{"type":"postback","postback":"data","webhookEventId":"W1","mode":"active"}"#, "postback"),
        ]
        for (text, path) in cases {
            let batch = try decodeLine(#"{"events":[{"type":"unfollow"},"# + text + "]}")
            #expect(batch.events.count == 2, "\(text)")
            let event = batch.events[1]
            #expect(event.payload == .unknown, "\(text)")
            #expect(event.rawJSON.text == text)
            let issue = try #require(event.decodingIssue, "\(text)")
            // A value past the 64-bit range is out of range; anything else of the wrong JSON type, a mismatch.
            #expect(issue.code == (text.contains("99999999999999999999") ? .outOfRange : .typeMismatch), "\(text)")
            #expect(issue.path == path, "\(text)")
            // The shared fields that do have their documented types are still there, for deduplication.
            #expect(event.webhookEventID == "W1")
            #expect(event.mode == .active)
            #expect(batch.events[0].decodingIssue == nil)
        }
    }

    @Test func w4_wrongTypeInAMessageKeepsTheEventAndMakesTheContentUnknown() throws {
        let message =
            #"{"id":"1","type":"sticker","packageId":"1","stickerId":"2","stickerResourceType":"STATIC","keywords":{"a":"b"}}"#
        let event = try decodeSingleEvent(
            #"{"type":"message","replyToken":"r","message":"# + message + "," + commonFields + "}"
        )
        #expect(event.isKnown)
        #expect(event.replyToken == "r")
        #expect(event.webhookEventID == "01KAJPTR000AQS1F2YE055GXKE")
        let decoded = try #require(event.message)
        #expect(decoded.type == .sticker)
        #expect(decoded.content == .unknown(RawJSON(validatedBytes: Array(message.utf8))))
        #expect(event.decodingIssue?.path == "message.keywords")

        let emoji = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"1","type":"text","text":"x","emojis":[{"index":"0"}]}}"#
        )
        #expect(emoji.decodingIssue?.path == "message.emojis[0].index")
        let notObject = try decodeSingleEvent(#"{"type":"message","message":"hello"}"#)
        #expect(notObject.message?.content == .unknown(RawJSON(validatedBytes: Array(#""hello""#.utf8))))
        #expect(notObject.decodingIssue?.path == "message")
    }

    @Test func syntaxErrorsInsideAnEventStillFailTheBody() throws {
        // Only type mismatches are recoverable: a body that is not JSON is never half-decoded.
        #expect(decodingError(Array(#"{"events":[{"type":"join","timestamp":"1}]}"#.utf8)) != nil)
        #expect(decodingError(Array(#"{"events":[{"type":"message","message":{"keywords":{"a":}}}]}"#.utf8)) != nil)
    }
}

@Suite("LINE webhook decoding: keys with escapes")
struct LineWebhookEscapedKeyTests {
    @Test func escapedKeysMeanTheSameAsPlainOnes() throws {
        // "t\u0079pe" is "type" and "m\u0065ssage" is "message" once the escapes are decoded.
        let event = try decodeSingleEvent(
            #"{"t\u0079pe":"message","m\u0065ssage":{"\u0074ype":"text","id":"1","text":"hi"},"timestamp":1}"#
        )
        #expect(event.type == .message)
        #expect(event.textContent?.text == "hi")
    }

    @Test func postbackParameterNamesKeepTheirTextWhateverItIs() throws {
        let event = try decodeSingleEvent(
            #"{"type":"postback","postback":{"data":"d","params":{"日付":"2026-01-01","a\"b":"q","n":7}}}"#
        )
        guard case .postback(let postback) = event.payload else {
            Issue.record("expected a postback")
            return
        }
        #expect(postback.params == ["日付": "2026-01-01", "a\"b": "q", "n": "7"])
    }

    @Test func longUnknownEscapedKeysAreSkipped() throws {
        let longKey = String(repeating: #"\u0061"#, count: 40)
        let event = try decodeSingleEvent(#"{"type":"join",""# + longKey + #"":1,"timestamp":5}"#)
        #expect(event.payload == .join)
        #expect(event.timestamp == 5)
    }

    @Test func invalidUTF8InAKeyIsAnError() throws {
        let body = Array(#"{"events":[{"type":"join",""#.utf8) + [0xE3, 0x81] + Array(#"":1}]}"#.utf8)
        let error = try #require(decodingError(body))
        #expect(error.code == .invalidUTF8)
        #expect(error.byteOffset == 27)
    }
}
