import TalkWire
import Testing

@Suite struct OutboundLineEncodingTests {
    private let encoder = LineMessageEncoder(catalog: Fixture.catalog())
    private let p = Fixture.productA

    private func single(_ content: MessageContent) throws -> String {
        let messages = try encoder.messages(for: content)
        #expect(messages.count == 1)
        return text(try #require(messages.first).jsonBytes)
    }

    @Test func r14_sendableEmojiBecomesDollarPlaceholderAtUTF16Index() throws {
        let content = MessageContent.text(TextContent(runs: [.plain("😀 hi "), .emoji(Fixture.smile)]))
        #expect(
            try single(content)
                == #"{"type":"text","text":"😀 hi $","emojis":[{"index":6,"productId":"\#(p)","emojiId":"001"}]}"#
        )
    }

    @Test func r14_literalDollarAndBracesSurviveUnchanged() throws {
        let content = MessageContent.text(
            TextContent(runs: [.plain("Price $5 {name} "), .emoji(Fixture.love), .plain(" $")])
        )
        let messages = try encoder.messages(for: content)
        guard case .text(let text, let emojis) = try #require(messages.first).body else {
            Issue.record("expected text")
            return
        }
        #expect(text == "Price $5 {name} $ $")
        // Only the placeholder is listed; the user's own `$` characters are not.
        #expect(emojis == [LineOutboundEmoji(index: 16, productID: p, emojiID: "002")])
        #expect(Array(text.utf16)[16] == UInt16(UInt8(ascii: "$")))
    }

    @Test func r14_unsendableOrUnknownEmojiStaysLiteralToken() throws {
        let unknown = EmojiRun(token: "(wink)", productID: "ffffffffffffffffffffffff", emojiID: "001")
        let content = MessageContent.text(TextContent(runs: [.emoji(Fixture.moonGrin), .plain(" "), .emoji(unknown)]))
        #expect(try single(content) == #"{"type":"text","text":"(moon grin) (wink)"}"#)
    }

    @Test func r14_textWithoutEmojiHasNoEmojisMember() throws {
        #expect(try single(.text(TextContent("plain $ text"))) == #"{"type":"text","text":"plain $ text"}"#)
    }

    @Test func mentionsAreSentAsTheirText() throws {
        let content = MessageContent.text(
            TextContent(runs: [.mention(MentionRun(text: "@Sato", target: .user(id: "U1"))), .plain(" ok")])
        )
        #expect(try single(content) == #"{"type":"text","text":"@Sato ok"}"#)
    }

    @Test func textOver5000UnitsSplitsOnGraphemeClusterBoundaries() throws {
        let family = "👨‍👩‍👧"  // 8 UTF-16 code units, one grapheme cluster
        let content = MessageContent.text(TextContent(String(repeating: "a", count: 4995) + family + "tail"))
        let messages = try encoder.messages(for: content)
        let texts = messages.compactMap { message -> String? in
            if case .text(let text, _) = message.body { return text }
            return nil
        }
        #expect(texts == [String(repeating: "a", count: 4995), family + "tail"])
    }

    @Test func splitNeverFallsInsideASurrogatePair() throws {
        let content = MessageContent.text(TextContent(String(repeating: "a", count: 4999) + "😀"))
        let messages = try encoder.messages(for: content)
        #expect(
            messages.map(\.body) == [.text(String(repeating: "a", count: 4999), emojis: []), .text("😀", emojis: [])]
        )
    }

    @Test func exactly5000UnitsIsOneMessage() throws {
        let messages = try encoder.messages(for: .text(TextContent(String(repeating: "😀", count: 2500))))
        #expect(messages.count == 1)
    }

    @Test func fiveThousandUnitsWithTwentyEmojiIsExactlyOneMessage() throws {
        // The benchmark's input: 20 x (243 plain units + "(smile)" counted as 7) = 5,000.
        let segment = String(repeating: "日本語のテキスト", count: 30) + "$" + "😀"
        let runs = (0..<20).flatMap { _ in [TextRun.plain(segment), .emoji(Fixture.smile)] }
        let messages = try encoder.messages(for: .text(TextContent(runs: runs)))
        #expect(messages.count == 1)
        guard case .text(let text, let emojis) = try #require(messages.first).body else {
            Issue.record("expected text")
            return
        }
        #expect(emojis.count == 20)
        #expect(text.utf16.count == 20 * 244)
        #expect(emojis.allSatisfy { Array(text.utf16)[$0.index] == UInt16(UInt8(ascii: "$")) })
        #expect(emojis.last?.index == 20 * 244 - 1)
    }

    @Test func emojiCountsAsItsTokenLengthAndIsNeverSplit() throws {
        // 4995 + "(smile)" (7) exceeds 5000, so the placeholder opens the second message.
        let content = MessageContent.text(
            TextContent(runs: [.plain(String(repeating: "a", count: 4995)), .emoji(Fixture.smile)])
        )
        let messages = try encoder.messages(for: content)
        #expect(messages.count == 2)
        #expect(messages.last?.body == .text("$", emojis: [LineOutboundEmoji(index: 0, productID: p, emojiID: "001")]))
    }

    @Test func moreThan20EmojiSplitIntoAnotherMessage() throws {
        let runs = Array(repeating: TextRun.emoji(Fixture.smile), count: 21)
        let messages = try encoder.messages(for: .text(TextContent(runs: runs)))
        let counts = messages.map { message -> Int in
            if case .text(_, let emojis) = message.body { return emojis.count }
            return -1
        }
        #expect(counts == [20, 1])
        guard case .text(let text, let emojis) = messages[0].body else {
            Issue.record("expected text")
            return
        }
        #expect(text == String(repeating: "$", count: 20))
        #expect(emojis.map(\.index) == Array(0..<20))
    }

    @Test func graphemeLongerThanTheLimitIsCutBetweenScalars() throws {
        let huge = "e" + String(repeating: "\u{301}", count: 6000)
        let messages = try encoder.messages(for: .text(TextContent(huge)))
        var rebuilt = ""
        for message in messages {
            guard case .text(let text, _) = message.body else {
                Issue.record("expected text")
                continue
            }
            #expect(text.utf16.count <= 5000)
            rebuilt += text
        }
        #expect(messages.count == 2)
        #expect(rebuilt.unicodeScalars.elementsEqual(huge.unicodeScalars))
    }

    @Test func emptyTextIsATypedError() {
        #expect(throws: LineEncodingError.self) { try encoder.messages(for: .text(TextContent(runs: []))) }
        do {
            _ = try encoder.messages(for: .text(TextContent("")))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .emptyText)
            #expect(error.field == "contents[0]")
        }
    }

    @Test func r18_fileToLineUserIsRejected() {
        let file = MessageContent.file(MediaContent(reference: .url("https://example.com/a.zip"), fileName: "a.zip"))
        do {
            _ = try encoder.messages(for: [.text(TextContent("see")), file])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .fileNotSendableToLine)
            #expect(error.field == "contents[1]")
            #expect(error.description.contains("R18"))
        }
    }

    @Test(arguments: [
        MediaContent.url("https://example.com/doc.pdf?sig=1", previewURL: "https://example.com/p.jpg"),
        MediaContent(
            reference: .url("https://example.com/x"),
            previewURL: "https://example.com/p.jpg",
            mimeType: "application/pdf"
        ),
    ])
    func r18_pdfSentAsImageIsRejected(media: MediaContent) {
        do {
            _ = try encoder.messages(for: .image(media))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .fileNotSendableToLine)
        }
    }

    @Test func imageWithPreviewAndFallbackPreview() throws {
        #expect(
            try single(.image(.url("https://example.com/a.jpg", previewURL: "https://example.com/a-s.jpg")))
                == #"{"type":"image","originalContentUrl":"https://example.com/a.jpg","previewImageUrl":"https://example.com/a-s.jpg"}"#
        )
        #expect(
            try single(.image(.url("HTTPS://example.com/a.jpg")))
                == #"{"type":"image","originalContentUrl":"HTTPS://example.com/a.jpg","previewImageUrl":"HTTPS://example.com/a.jpg"}"#
        )
    }

    @Test(arguments: [
        ("http://example.com/a.jpg", LineEncodingError.Code.insecureURL),
        ("ftp://example.com/a.jpg", .insecureURL),
        ("//example.com/a.jpg", .invalidURL),
        ("https:/x", .invalidURL),
    ])
    func nonHTTPSMediaURLIsRejected(url: String, code: LineEncodingError.Code) {
        do {
            _ = try encoder.messages(for: .image(.url(url)))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == code)
            #expect(!error.description.contains("example.com"))
        }
    }

    @Test func overlongOrSpacedURLIsRejected() {
        let long = "https://example.com/" + String(repeating: "a", count: 2000)
        for url in [long, "https://example.com/a b.jpg", ""] {
            #expect(throws: LineEncodingError.self) { try encoder.messages(for: .image(.url(url))) }
        }
    }

    @Test func videoNeedsAPreview() throws {
        #expect(
            try single(.video(.url("https://example.com/v.mp4", previewURL: "https://example.com/v.jpg")))
                == #"{"type":"video","originalContentUrl":"https://example.com/v.mp4","previewImageUrl":"https://example.com/v.jpg"}"#
        )
        do {
            _ = try encoder.messages(for: .video(.url("https://example.com/v.mp4")))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .missingPreview)
        }
    }

    @Test func audioNeedsADuration() throws {
        #expect(
            try single(.audio(.url("https://example.com/a.m4a", durationMilliseconds: 60000)))
                == #"{"type":"audio","originalContentUrl":"https://example.com/a.m4a","duration":60000}"#
        )
        do {
            _ = try encoder.messages(for: .audio(.url("https://example.com/a.m4a")))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .missingDuration)
        }
    }

    @Test func mediaHeldByLineMustBeHostedFirst() {
        do {
            _ = try encoder.messages(for: .image(MediaContent(reference: .lineContent(messageID: "123"))))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .mediaNotHosted)
        }
    }

    @Test func stickerAndLocation() throws {
        #expect(
            try single(.sticker(StickerContent(packageID: "446", stickerID: "1988")))
                == #"{"type":"sticker","packageId":"446","stickerId":"1988"}"#
        )
        #expect(
            try single(.location(LocationContent(title: "Office", address: "Tokyo", latitude: 35.5, longitude: 139.25)))
                == #"{"type":"location","title":"Office","address":"Tokyo","latitude":35.5,"longitude":139.25}"#
        )
        // A received location may lack a title and address, which LINE requires when sending.
        #expect(
            try single(.location(LocationContent(latitude: 1.5, longitude: -2.0)))
                == #"{"type":"location","title":"1.5,-2.0","address":"1.5,-2.0","latitude":1.5,"longitude":-2.0}"#
        )
    }

    @Test func invalidLocationIsRejected() {
        for location in [
            LocationContent(title: "x", address: "y", latitude: 91, longitude: 0),
            LocationContent(title: "x", address: "y", latitude: .nan, longitude: 0),
            LocationContent(title: String(repeating: "x", count: 101), address: "y", latitude: 0, longitude: 0),
        ] {
            #expect(throws: LineEncodingError.self) { try encoder.messages(for: .location(location)) }
        }
    }

    @Test func unknownContentIsRejected() {
        let unknown = MessageContent.unknown(
            UnknownContent(type: "flex", raw: .object([JSONValue.Member("type", .string("flex"))]))
        )
        do {
            _ = try encoder.messages(for: unknown)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unsupportedContent)
        }
    }

    @Test func r17_operatorNameNeverReachesLineUserByDefault() throws {
        let messages = try encoder.messages(for: [.text(TextContent("hello"))], authorName: "Operator Tanaka")
        #expect(messages.allSatisfy { $0.sender == nil })
        let bodies = try LineRequest.push(to: "U1", messages: messages)
        #expect(!text(bodies[0].body).contains("Tanaka"))
        #expect(!text(bodies[0].body).contains("sender"))
    }

    @Test func r17_senderIsSentOnlyWhenHostOptsIn() throws {
        let showing = LineMessageEncoder(
            catalog: Fixture.catalog(),
            senderPolicy: .authorName(iconURL: "https://example.com/i.png")
        )
        let messages = try showing.messages(
            for: [.text(TextContent("a")), .text(TextContent("b"))],
            authorName: "Tanaka"
        )
        #expect(messages.allSatisfy { $0.sender == LineSender(name: "Tanaka", iconURL: "https://example.com/i.png") })
        #expect(
            text(messages[0].jsonBytes)
                == #"{"type":"text","text":"a","sender":{"name":"Tanaka","iconUrl":"https://example.com/i.png"}}"#
        )

        let desk = LineMessageEncoder(catalog: Fixture.catalog(), senderPolicy: .fixed(LineSender(name: "Help desk")))
        let deskMessages = try desk.messages(for: [.text(TextContent("a"))], authorName: "Tanaka")
        #expect(deskMessages[0].sender == LineSender(name: "Help desk"))
    }

    @Test(arguments: ["", "A name longer than twenty", "LINE support"])
    func r17_senderNameLineWouldRefuseIsATypedError(name: String) {
        let encoder = LineMessageEncoder(catalog: Fixture.catalog(), senderPolicy: .fixed(LineSender(name: name)))
        do {
            _ = try encoder.messages(for: [.text(TextContent("a"))])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidSender)
        }
    }

    @Test func quickReplyGoesOnTheLastMessageAndQuoteTokenOnTheFirstText() throws {
        let quickReply = LineQuickReply(items: [
            LineQuickReply.Item(action: .message(label: "Yes", text: "yes")),
            LineQuickReply.Item(
                action: .postback(label: "Later", data: "later", displayText: nil),
                imageURL: "https://example.com/i.png"
            ),
        ])
        let messages = try encoder.messages(
            for: [
                .image(.url("https://example.com/a.jpg")), .text(TextContent("q")),
                .sticker(StickerContent(packageID: "1", stickerID: "2")),
            ],
            quickReply: quickReply,
            quoteToken: "qt"
        )
        #expect(messages.map { $0.quickReply != nil } == [false, false, true])
        #expect(messages.map(\.quoteToken) == [nil, "qt", nil])
        #expect(
            text(messages[2].jsonBytes)
                == #"{"type":"sticker","packageId":"1","stickerId":"2","quickReply":{"items":[{"type":"action","action":{"type":"message","label":"Yes","text":"yes"}},{"type":"action","imageUrl":"https://example.com/i.png","action":{"type":"postback","label":"Later","data":"later"}}]}}"#
        )
    }

    @Test func quickReplyLimitsAreTypedErrors() {
        let tooMany = LineQuickReply(
            items: Array(repeating: LineQuickReply.Item(action: .camera(label: "Camera")), count: 14)
        )
        let longLabel = LineQuickReply(items: [
            LineQuickReply.Item(action: .location(label: String(repeating: "x", count: 21)))
        ])
        for quickReply in [tooMany, longLabel, LineQuickReply(items: [])] {
            do {
                _ = try encoder.messages(for: [.text(TextContent("a"))], quickReply: quickReply)
                Issue.record("expected an error")
            } catch {
                #expect(error.code == .invalidQuickReply)
            }
        }
    }
}

@Suite struct OutboundLineRequestTests {
    private func messages(_ count: Int) throws -> [LineOutboundMessage] {
        try LineMessageEncoder(catalog: EmojiCatalog()).messages(for: (0..<count).map { .text(TextContent("m\($0)")) })
    }

    @Test func replyBody() throws {
        let request = try LineRequest.reply(replyToken: "rt", messages: try messages(2), notificationDisabled: true)
        #expect(request.endpoint == .reply)
        #expect(request.endpoint.path == "/v2/bot/message/reply")
        #expect(
            text(request.body)
                == #"{"replyToken":"rt","messages":[{"type":"text","text":"m0"},{"type":"text","text":"m1"}],"notificationDisabled":true}"#
        )
    }

    @Test func replyWithMoreThanFiveMessagesIsATypedError() throws {
        let six = try messages(6)
        do {
            _ = try LineRequest.reply(replyToken: "rt", messages: six)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .tooManyMessages)
            #expect(!error.description.contains("rt"))
        }
        #expect(LineRequest.batches(of: six).map(\.count) == [5, 1])
    }

    @Test func pushBatchesFiveMessagesPerRequestInOrder() throws {
        let requests = try LineRequest.push(to: "U1", messages: try messages(12))
        #expect(requests.map(\.messageCount) == [5, 5, 2])
        #expect(requests.allSatisfy { $0.endpoint == .push })
        let last = try parsedJSON(requests[2].body)
        #expect(last["to"] == .string("U1"))
        #expect(last["messages"]?.arrayValue?.map { $0["text"] } == [.string("m10"), .string("m11")])
        #expect(last["notificationDisabled"] == nil)
    }

    @Test func multicastSplitsRecipientsBy500AndMessagesBy5() throws {
        let recipients = (0..<1201).map { "U\($0)" } + ["U0", "U1"]
        let requests = try LineRequest.multicast(to: recipients, messages: try messages(7))
        #expect(requests.map(\.recipientCount) == [500, 500, 500, 500, 201, 201])
        #expect(requests.map(\.messageCount) == [5, 2, 5, 2, 5, 2])
        var everyone: Set<String> = []
        for request in requests where request.messageCount == 5 {
            let to = try #require(try parsedJSON(request.body)["to"]?.arrayValue)
            #expect(to.count <= LineRequest.maximumMulticastRecipients)
            for id in to { everyone.insert(try #require(id.stringValue)) }
        }
        #expect(everyone.count == 1201)
    }

    @Test func requestsWithoutMessagesOrRecipientsAreTypedErrors() throws {
        let one = try messages(1)
        #expect(throws: LineEncodingError.self) { try LineRequest.push(to: "", messages: one) }
        #expect(throws: LineEncodingError.self) { try LineRequest.push(to: "U1", messages: []) }
        #expect(throws: LineEncodingError.self) { try LineRequest.multicast(to: [], messages: one) }
        #expect(throws: LineEncodingError.self) { try LineRequest.multicast(to: ["U1"], messages: []) }
        #expect(throws: LineEncodingError.self) { try LineRequest.reply(replyToken: "rt", messages: []) }
        #expect(throws: LineEncodingError.self) { try LineMessageEncoder(catalog: EmojiCatalog()).messages(for: []) }
    }
}
