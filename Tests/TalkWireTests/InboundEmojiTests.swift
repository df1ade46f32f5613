import TalkWire
import Testing

@Suite struct InboundEmojiTests {
    private let p = Fixture.productA

    @Test func r14_inboundEmojiRendersAsItsTextToken() {
        let text = "Hi (smile)!"
        let emoji = LineEmoji(span: LineTextSpan(index: 3, length: 7), productID: p, emojiID: "001")
        let converted = LineInboundText(text: text, emojis: [emoji])
        #expect(converted.issues.isEmpty)
        #expect(
            converted.content.runs == [
                .plain("Hi "), .emoji(EmojiRun(token: "(smile)", productID: p, emojiID: "001")), .plain("!"),
            ]
        )
        #expect(converted.content.displayText == "Hi (smile)!")
    }

    @Test func r14_offsetsAreUTF16CodeUnitsAfterSurrogatePairs() {
        // 😀 is two UTF-16 code units, 𠮷 too; LINE counts them so.
        let text = "😀𠮷(love)です"
        let emoji = LineEmoji(span: LineTextSpan(index: 4, length: 6), productID: p, emojiID: "002")
        let converted = LineInboundText(text: text, emojis: [emoji])
        #expect(converted.issues.isEmpty)
        #expect(
            converted.content.runs == [
                .plain("😀𠮷"), .emoji(EmojiRun(token: "(love)", productID: p, emojiID: "002")), .plain("です"),
            ]
        )
        #expect(Fixture.utf16Slice(text, emoji.span) == "(love)")
    }

    @Test func r14_unknownEmojiGetsStableFallbackTokenCarryingBothIDs() throws {
        // LINE for Android may put a Unicode emoji, not a token, at the emoji's place.
        let text = "ok 😀"
        let emoji = LineEmoji(span: LineTextSpan(index: 3, length: 2), productID: p, emojiID: "077")
        let first = LineInboundText(text: text, emojis: [emoji])
        let second = LineInboundText(text: text, emojis: [emoji], catalog: EmojiCatalog())
        let expectedToken = "(emoji:\(p):077)"
        #expect(first.content.displayText == "ok \(expectedToken)")
        #expect(first.content == second.content)
        let run = try #require(first.content.emoji.first)
        #expect(LineEmojiToken.parseFallback(run.token) == LineEmojiKey(productID: p, emojiID: "077"))
    }

    @Test func r14_tokenAlreadyUsedByAnotherEmojiFallsBackSoTokensStayUnambiguous() {
        let catalog = EmojiCatalog()
        let first = LineInboundText(
            text: "(smile)",
            emojis: [LineEmoji(span: LineTextSpan(index: 0, length: 7), productID: p, emojiID: "001")],
            catalog: catalog
        )
        let second = LineInboundText(
            text: "(smile)",
            emojis: [LineEmoji(span: LineTextSpan(index: 0, length: 7), productID: Fixture.productB, emojiID: "009")],
            catalog: catalog
        )
        #expect(first.content.displayText == "(smile)")
        #expect(second.content.displayText == "(emoji:\(Fixture.productB):009)")
        #expect(catalog.entry(forToken: "(smile)")?.key == LineEmojiKey(productID: p, emojiID: "001"))
    }

    @Test func r14_catalogLearnsTokensFromInboundButNotSendability() {
        let catalog = EmojiCatalog()
        _ = LineInboundText(
            text: "(hello)",
            emojis: [LineEmoji(span: LineTextSpan(index: 0, length: 7), productID: p, emojiID: "005")],
            catalog: catalog
        )
        let key = LineEmojiKey(productID: p, emojiID: "005")
        #expect(catalog.entry(forToken: "(hello)")?.key == key)
        #expect(catalog.token(for: key) == "(hello)")
        #expect(!catalog.isSendable(key))
    }

    @Test func r14_mentionBecomesMentionRun() {
        let text = "@Sato hello"
        let mention = LineMentionee(
            span: LineTextSpan(index: 0, length: 5),
            type: .user,
            userID: "U10000000000000000000000000000000",
            isSelf: true
        )
        let converted = LineInboundText(text: text, emojis: [], mentions: [mention])
        #expect(
            converted.content.runs == [
                .mention(
                    MentionRun(text: "@Sato", target: .user(id: "U10000000000000000000000000000000"), isSelf: true)
                ), .plain(" hello"),
            ]
        )
    }

    @Test(arguments: [
        (LineTextSpan(index: 3, length: 7), "past the end"),
        (LineTextSpan(index: 0, length: 0), "zero length"),
        (LineTextSpan(index: -1, length: 2), "negative index"),
        (LineTextSpan(index: Int.max, length: Int.max), "overflowing end"),
        (LineTextSpan(index: 1, length: 2), "splits a surrogate pair"),
    ])
    func r14_spanThatDoesNotFitKeepsTextAndWarns(span: LineTextSpan, why: String) {
        let text = "😀(x)"
        let converted = LineInboundText(text: text, emojis: [LineEmoji(span: span, productID: p, emojiID: "001")])
        #expect(converted.content.runs == [.plain(text)], "\(why)")
        #expect(converted.issues == [LineTextSpanIssue(kind: .outOfBounds, owner: .emoji, position: 0)], "\(why)")
    }

    @Test func r14_overlappingSpansKeepTheEarlierAndWarn() {
        let text = "(smile)(love)"
        let emojis = [
            LineEmoji(span: LineTextSpan(index: 0, length: 7), productID: p, emojiID: "001"),
            LineEmoji(span: LineTextSpan(index: 5, length: 8), productID: p, emojiID: "002"),
        ]
        let mention = LineMentionee(span: LineTextSpan(index: 2, length: 1), type: .all)
        let converted = LineInboundText(text: text, emojis: emojis, mentions: [mention])
        #expect(converted.content.displayText == text)
        #expect(
            converted.content.runs == [
                .emoji(EmojiRun(token: "(smile)", productID: p, emojiID: "001")), .plain("(love)"),
            ]
        )
        #expect(
            converted.issues == [
                LineTextSpanIssue(kind: .overlapping, owner: .mention, position: 0),
                LineTextSpanIssue(kind: .overlapping, owner: .emoji, position: 1),
            ]
        )
    }

    @Test func r14_spansInAnyOrderAreResolved() {
        let text = "(love) and (smile)"
        let emojis = [
            LineEmoji(span: LineTextSpan(index: 11, length: 7), productID: p, emojiID: "001"),
            LineEmoji(span: LineTextSpan(index: 0, length: 6), productID: p, emojiID: "002"),
        ]
        let converted = LineInboundText(text: text, emojis: emojis)
        #expect(converted.issues.isEmpty)
        #expect(converted.content.emoji.map(\.emojiID) == ["002", "001"])
    }

    @Test func r14_textWithoutEmojisArrayStaysPlain() {
        // A token-looking text with no `emojis` entry is ordinary text.
        let converted = LineInboundText(text: "(smile)", emojis: [])
        #expect(converted.content.runs == [.plain("(smile)")])
    }

    @Test func r14_spanInsideAGraphemeClusterKeepsEveryScalar() {
        // The mention starts on a combining mark; slicing by Characters would move it.
        let text = "e\u{301}x"
        let mention = LineMentionee(span: LineTextSpan(index: 1, length: 1), type: .all)
        let converted = LineInboundText(text: text, emojis: [], mentions: [mention])
        #expect(converted.content.displayText.unicodeScalars.elementsEqual(text.unicodeScalars))
        #expect(converted.content.runs.count == 3)
    }
}

@Suite struct WorkspaceTextEmojiTests {
    @Test func r14_knownTokenTypedInWorkspaceBecomesEmoji() {
        let content = TextContent(workspaceText: "Thanks (smile)!", catalog: Fixture.catalog())
        #expect(content.runs == [.plain("Thanks "), .emoji(Fixture.smile), .plain("!")])
    }

    @Test func r14_unknownTokenLookalikesStayLiteral() {
        let typed = "(smiley) (smile (hello) $ {x} ((smile))"
        let content = TextContent(workspaceText: typed, catalog: Fixture.catalog())
        #expect(content.displayText == typed)
        #expect(content.emoji == [Fixture.smile])
    }

    @Test func r14_fallbackTokenIsRecognizedWithoutCatalog() {
        let content = TextContent(workspaceText: "x(emoji:\(Fixture.productA):042)", catalog: nil)
        #expect(content.emoji == [EmojiRun(productID: Fixture.productA, emojiID: "042")])
    }
}

@Suite("From a decoded webhook to workspace text")
struct DecodedWebhookToTextTests {
    @Test func r14_decodedEmojiAndMentionBecomeRuns() throws {
        let event = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"1","type":"text","text":"@Sato 了解(love)","#
                + #""emojis":[{"index":8,"length":6,"productId":"5ac1bfd5040ab15980c9b435","emojiId":"001"}],"#
                + #""mention":{"mentionees":[{"index":0,"length":5,"type":"user","userId":"U10000000000000000000000000000000"}]}}}"#
        )
        let text = try #require(event.textContent)
        let inbound = LineInboundText(text)
        #expect(inbound.issues.isEmpty)
        #expect(inbound.content.displayText == "@Sato 了解(love)")
        #expect(
            inbound.content.runs == [
                .mention(
                    MentionRun(text: "@Sato", target: .user(id: "U10000000000000000000000000000000"), isSelf: nil)
                ),
                .plain(" 了解"),
                .emoji(EmojiRun(token: "(love)", productID: "5ac1bfd5040ab15980c9b435", emojiID: "001")),
            ]
        )
    }
}
