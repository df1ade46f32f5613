import Testing

@testable import TalkWire

@Suite("LINE webhook decoding: event types and fields")
struct LineWebhookDecoderTests {
    @Test func w2_emptyEventsIsAnEmptyBatch() throws {
        let batch = try decodeLine(#"{"destination":"U58b2a2055bb55bcbb37d2f2a4276b0bd","events":[]}"#)
        #expect(batch.destination == "U58b2a2055bb55bcbb37d2f2a4276b0bd")
        #expect(batch.events.isEmpty)
    }

    @Test func w2_commonFieldsAreDecoded() throws {
        let event = try decodeSingleEvent(
            #"{"type":"follow","follow":{"isUnblocked":false},"replyToken":"b60d432864f44d079f6d8efe86cf404b","#
                + commonFields + "}"
        )
        #expect(event.type == .follow)
        #expect(event.timestamp == 1_763_712_000_000)
        #expect(event.mode == .active)
        #expect(event.webhookEventID == "01KAJPTR000AQS1F2YE055GXKE")
        #expect(event.isRedelivery == false)
        #expect(event.source == .user(userID: "U0a1b2c3d4e5f60718293a4b5c6d7e8f9"))
        #expect(event.replyToken == "b60d432864f44d079f6d8efe86cf404b")
        #expect(event.payload == .follow(isUnblocked: false))
        #expect(event.isKnown)
    }

    @Test func w3_redeliveryFlagIsKept() throws {
        let event = try decodeSingleEvent(
            #"{"type":"unfollow","webhookEventId":"01H","deliveryContext":{"isRedelivery":true},"timestamp":1,"mode":"standby"}"#
        )
        #expect(event.isRedelivery == true)
        #expect(event.mode == .standby)
        #expect(event.payload == .unfollow)
    }

    @Test func textMessageWithEmojiMentionAndQuote() throws {
        let event = try decodeSingleEvent(
            #"{"type":"message","replyToken":"r","message":{"id":"468789577898262530","type":"text","#
                + #""quoteToken":"q3Plxr4AgKd","text":"@example Hello, world! (love)","#
                + #""emojis":[{"index":23,"length":6,"productId":"5ac1bfd5040ab15980c9b435","emojiId":"001"}],"#
                + #""mention":{"mentionees":[{"index":0,"length":8,"userId":"U49585cd0d50000000000000000000000","type":"user","isSelf":false}]},"#
                + #""quotedMessageId":"468789532432007169","markAsReadToken":"30yhdy232"},"#
                + commonFields + "}"
        )
        let message = try #require(event.message)
        #expect(message.id == "468789577898262530")
        #expect(message.type == .text)
        #expect(message.quoteToken == "q3Plxr4AgKd")
        #expect(message.quotedMessageID == "468789532432007169")
        #expect(message.markAsReadToken == "30yhdy232")
        let text = try #require(event.textContent)
        #expect(text.text == "@example Hello, world! (love)")
        #expect(text.emojis.count == 1)
        #expect(text.emojis[0].productID == "5ac1bfd5040ab15980c9b435")
        #expect(text.emojis[0].emojiID == "001")
        #expect(text.emojis[0].token(in: text.text) == "(love)")
        #expect(text.mentionees.count == 1)
        #expect(text.mentionees[0].type == .user)
        #expect(text.mentionees[0].userID == "U49585cd0d50000000000000000000000")
        #expect(text.mentionees[0].isSelf == false)
        #expect(text.mentionees[0].span.substring(of: text.text) == "@example")
        #expect(text.spanIssues.isEmpty)
    }

    @Test func emojiIndexCountsUTF16UnitsAfterNonBMPCharacters() throws {
        // 😊 is two UTF-16 units, so the token after it starts at 3, not 2.
        let event = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"1","type":"text","text":"a😊(love)","#
                + #""emojis":[{"index":3,"length":6,"productId":"p","emojiId":"001"}]},"# + commonFields + "}"
        )
        let text = try #require(event.textContent)
        #expect(text.emojis[0].token(in: text.text) == "(love)")
        let range = try #require(text.emojis[0].span.range(in: text.text))
        #expect(text.text.utf16.distance(from: text.text.startIndex, to: range.lowerBound) == 3)
    }

    @Test func mentionOfAllHasNoUserID() throws {
        let event = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"1","type":"text","text":"@All hi","#
                + #""mention":{"mentionees":[{"index":0,"length":4,"type":"all"}]}},"# + commonFields + "}"
        )
        let text = try #require(event.textContent)
        #expect(text.mentionees == [LineMentionee(span: LineTextSpan(index: 0, length: 4), type: .all)])
    }

    @Test func imageMessageWithImageSetAndProviders() throws {
        let event = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"354718705033693859","type":"image","quoteToken":"q","#
                + #""contentProvider":{"type":"external","originalContentUrl":"https://example.com/o.jpg","#
                + #""previewImageUrl":"https://example.com/p.jpg"},"imageSet":{"id":"E005D41A7288F41B6","index":1,"total":2}},"#
                + commonFields + "}"
        )
        guard case .image(let media) = event.message?.content else {
            Issue.record("expected an image")
            return
        }
        #expect(media.contentProvider?.type == .external)
        #expect(media.contentProvider?.originalContentURL == "https://example.com/o.jpg")
        #expect(media.contentProvider?.previewImageURL == "https://example.com/p.jpg")
        #expect(media.imageSet == LineImageSet(id: "E005D41A7288F41B6", index: 1, total: 2))
        #expect(event.message?.quoteToken == "q")
    }

    @Test func videoAudioFileLocationAndStickerMessages() throws {
        let video = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"1","type":"video","duration":60000,"contentProvider":{"type":"line"}},"#
                + commonFields + "}"
        )
        #expect(
            video.message?.content
                == .video(LineMediaContent(contentProvider: LineContentProvider(type: .line), duration: 60_000))
        )

        let audio = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"2","type":"audio","duration":1500,"contentProvider":{"type":"line"}},"#
                + commonFields + "}"
        )
        #expect(
            audio.message?.content
                == .audio(LineMediaContent(contentProvider: LineContentProvider(type: .line), duration: 1_500))
        )

        let file = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"3","type":"file","fileName":"見積書.pdf","fileSize":2138},"#
                + commonFields + "}"
        )
        #expect(file.message?.content == .file(LineFileContent(fileName: "見積書.pdf", fileSize: 2_138)))

        let location = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"4","type":"location","title":"my location","#
                + #""address":"日本、〒102-8282 東京都千代田区","latitude":35.67966,"longitude":139.73669},"#
                + commonFields + "}"
        )
        #expect(
            location.message?.content
                == .location(
                    LineLocationContent(
                        title: "my location",
                        address: "日本、〒102-8282 東京都千代田区",
                        latitude: 35.67966,
                        longitude: 139.73669
                    )
                )
        )

        let sticker = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"5","type":"sticker","packageId":"1","stickerId":"1","#
                + #""stickerResourceType":"MESSAGE","keywords":["Anticipation","Sparkle"],"text":"Let's hang out"},"#
                + commonFields + "}"
        )
        #expect(
            sticker.message?.content
                == .sticker(
                    LineStickerContent(
                        packageID: "1",
                        stickerID: "1",
                        stickerResourceType: .message,
                        keywords: ["Anticipation", "Sparkle"],
                        text: "Let's hang out"
                    )
                )
        )
    }

    @Test func messageEditedEventCarriesTheEditedMessage() throws {
        let event = try decodeSingleEvent(
            #"{"type":"messageEdited","message":{"id":"9","type":"text","text":"edited"},"#
                + #""webhookEventId":"E","deliveryContext":{"isRedelivery":false},"timestamp":5,"mode":"active","#
                + #""source":{"type":"group","groupId":"Cabc00000000000000000000000000000","userId":"Udef00000000000000000000000000000"}}"#
        )
        guard case .messageEdited(let message) = event.payload else {
            Issue.record("expected messageEdited")
            return
        }
        #expect(message.content == .text(LineTextContent(text: "edited")))
        #expect(
            event.source
                == .group(groupID: "Cabc00000000000000000000000000000", userID: "Udef00000000000000000000000000000")
        )
    }

    @Test func everyNonMessageEventTypeDecodesItsPayload() throws {
        let cases: [(String, LineEventPayload)] = [
            (#""type":"unsend","unsend":{"messageId":"325708"}"#, .unsend(messageID: "325708")),
            (#""type":"follow","follow":{"isUnblocked":true}"#, .follow(isUnblocked: true)),
            (#""type":"unfollow""#, .unfollow),
            (#""type":"join""#, .join),
            (#""type":"leave""#, .leave),
            (
                #""type":"memberJoined","joined":{"members":[{"type":"user","userId":"U10000000000000000000000000000000"},{"type":"user","userId":"U20000000000000000000000000000000"}]}"#,
                .memberJoined(members: [
                    .user(userID: "U10000000000000000000000000000000"),
                    .user(userID: "U20000000000000000000000000000000"),
                ])
            ),
            (
                #""type":"memberLeft","left":{"members":[{"type":"user","userId":"U10000000000000000000000000000000"}]}"#,
                .memberLeft(members: [.user(userID: "U10000000000000000000000000000000")])
            ),
            (
                #""type":"postback","postback":{"data":"action=buy&itemid=111","params":{"datetime":"2017-12-25T01:00"}}"#,
                .postback(LinePostback(data: "action=buy&itemid=111", params: ["datetime": "2017-12-25T01:00"]))
            ),
            (
                #""type":"videoPlayComplete","videoPlayComplete":{"trackingId":"track-id"}"#,
                .videoPlayComplete(trackingID: "track-id")
            ),
            (
                #""type":"beacon","beacon":{"hwid":"d41d8cd98f","type":"enter","dm":"1234567890abcdef"}"#,
                .beacon(LineBeacon(hardwareID: "d41d8cd98f", type: .enter, deviceMessage: "1234567890abcdef"))
            ),
            (
                #""type":"accountLink","link":{"result":"ok","nonce":"xxxxxxxxxxxxxxx"}"#,
                .accountLink(result: .ok, nonce: "xxxxxxxxxxxxxxx")
            ),
            (
                #""type":"membership","membership":{"type":"joined","membershipId":3189}"#,
                .membership(type: .joined, membershipID: 3_189)
            ),
            (#""type":"activated","chatControl":{"expireAt":1462629479860}"#, .activated(expireAt: 1_462_629_479_860)),
            (#""type":"deactivated""#, .deactivated),
            (#""type":"botSuspended""#, .botSuspended),
            (#""type":"botResumed""#, .botResumed),
            (#""type":"delivery","delivery":{"data":"hashed"}"#, .delivery(data: "hashed")),
        ]
        for (fields, payload) in cases {
            let event = try decodeSingleEvent("{" + fields + "," + commonFields + "}")
            #expect(event.payload == payload, "\(fields)")
            #expect(event.isKnown)
        }
    }

    @Test func moduleEventKeepsItsModuleObject() throws {
        let event = try decodeSingleEvent(
            #"{"type":"module","module":{"type":"attached","botId":"U10000000000000000000000000000000","scopes":["message:send"]},"#
                + commonFields
                + "}"
        )
        guard case .module(let raw) = event.payload else {
            Issue.record("expected module")
            return
        }
        #expect(
            raw?.text == #"{"type":"attached","botId":"U10000000000000000000000000000000","scopes":["message:send"]}"#
        )
    }

    @Test func sourcesOfEveryKind() throws {
        let group = try decodeSingleEvent(
            #"{"type":"join","source":{"type":"group","groupId":"C4af49806290000000000000000000000"}}"#
        )
        #expect(group.source == .group(groupID: "C4af49806290000000000000000000000", userID: nil))
        let room = try decodeSingleEvent(
            #"{"type":"join","source":{"type":"room","roomId":"Ra8dbf4673c0000000000000000000000","userId":"U10000000000000000000000000000000"}}"#
        )
        #expect(
            room.source
                == .room(roomID: "Ra8dbf4673c0000000000000000000000", userID: "U10000000000000000000000000000000")
        )
        #expect(room.source?.userID == "U10000000000000000000000000000000")
    }

    @Test func keyOrderDoesNotMatter() throws {
        // `type` last, in the event, the message and the source.
        let event = try decodeSingleEvent(
            #"{"message":{"text":"hi","id":"1","type":"text"},"source":{"userId":"U10000000000000000000000000000000","type":"user"},"type":"message"}"#
        )
        #expect(event.type == .message)
        #expect(event.textContent?.text == "hi")
        #expect(event.source == .user(userID: "U10000000000000000000000000000000"))
    }

    @Test func escapedNonBMPCharactersAreDecoded() throws {
        let event = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"1","type":"text","text":"\uD83E\uDD28 \u3042\n\"q\"\/"}}"#
        )
        #expect(event.textContent?.text == "🤨 あ\n\"q\"/")
    }

    @Test func rawJSONIsTheEventExactlyAsReceived() throws {
        let eventText = #"{ "type" : "join" , "x-new-field" : [1, {"a": null}], "timestamp":1 }"#
        let event = try decodeSingleEvent(eventText)
        #expect(event.rawJSON.text == eventText)
        #expect(event.rawJSON.bytes == Array(eventText.utf8))
    }

    @Test func nullOptionalFieldsAreAbsent() throws {
        let event = try decodeSingleEvent(
            #"{"type":"message","replyToken":null,"webhookEventId":null,"mode":null,"source":null,"#
                + #""message":{"id":"1","type":"text","text":"x","quoteToken":null,"emojis":[]}}"#
        )
        #expect(event.replyToken == nil)
        #expect(event.webhookEventID == nil)
        #expect(event.mode == nil)
        #expect(event.source == nil)
        #expect(event.textContent?.text == "x")
    }

    @Test func whitespaceAroundEverythingIsAccepted() throws {
        let batch = try decodeLine(
            " \n\t{ \"events\" : [ { \"type\" : \"leave\" } ] , \"destination\" : \"U10000000000000000000000000000000\" } \r\n"
        )
        #expect(batch.events.map(\.payload) == [.leave])
        #expect(batch.destination == "U10000000000000000000000000000000")
    }
}
