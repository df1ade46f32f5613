import PropertyBased
import TalkWire
import Testing

/// Round trips over random Unicode: surrogate pairs, combining marks, ZWJ sequences, Japanese, `$`, braces and
/// token look-alikes, with every UTF-16 index checked against the string's own UTF-16 view.
@Suite struct EmojiEncodingPropertyTests {
    @Test func r14_inboundConversionRecoversTheRunsAndEveryIndex() async {
        await propertyCheck(count: 300, input: Fixture.runsGenerator(maximumRuns: 12)) { runs in
            let expected = TextContent(runs: runs)
            let (text, emojis, mentions) = Fixture.lineInbound(runs)
            for emoji in emojis {
                // The span, cut from the UTF-16 view, is the token: the index arithmetic is right.
                #expect(Fixture.utf16Slice(text, emoji.span).map(LineEmojiToken.isWellFormed) == true)
                #expect(emoji.span.substring(of: text).map(String.init) == Fixture.utf16Slice(text, emoji.span))
            }
            let withoutCatalog = LineInboundText(text: text, emojis: emojis, mentions: mentions)
            #expect(withoutCatalog.issues.isEmpty)
            #expect(withoutCatalog.content == expected)
            let withCatalog = LineInboundText(
                text: text,
                emojis: emojis,
                mentions: mentions,
                catalog: Fixture.catalog()
            )
            #expect(withCatalog.content == expected)
            #expect(withCatalog.content.displayText.unicodeScalars.elementsEqual(text.unicodeScalars))
        }
    }

    @Test func r14_badSpansNeverLoseText() async {
        let numbers = Gen.int(in: -3...40).array(of: 0...6)
        await propertyCheck(count: 300, input: Fixture.runsGenerator(maximumRuns: 6), numbers) { runs, numbers in
            let (text, _, _) = Fixture.lineInbound(runs)
            // Arbitrary spans: past the end, overlapping, empty, inside surrogate pairs.
            let emojis = stride(from: 0, to: numbers.count - 1, by: 2).map { position in
                LineEmoji(
                    span: LineTextSpan(index: numbers[position], length: numbers[position + 1] / 4),
                    productID: Fixture.productA,
                    emojiID: "001"
                )
            }
            let converted = LineInboundText(text: text, emojis: emojis)
            var rebuilt = ""
            var offset = 0
            for run in converted.content.runs {
                switch run {
                case .plain(let plain): rebuilt += plain
                case .emoji(let emoji):
                    // Accepted spans cover exactly the text they claim.
                    // The accepted span is the first, in list order, that starts here and fits.
                    let accepted = try #require(
                        emojis.first { $0.span.index == offset && $0.span.range(in: text) != nil }
                    )
                    let original = try #require(Fixture.utf16Slice(text, accepted.span))
                    rebuilt += original
                    #expect(emoji.token == original || LineEmojiToken.parseFallback(emoji.token) != nil)
                case .mention(let mention): rebuilt += mention.text
                }
                offset = rebuilt.utf16.count
            }
            #expect(rebuilt.unicodeScalars.elementsEqual(text.unicodeScalars))
            #expect(converted.issues.count + converted.content.emoji.count == emojis.count)
        }
    }

    @Test func r14_lineOutboundDecodesBackToTheSameText() async {
        let catalog = Fixture.catalog()
        let encoder = LineMessageEncoder(catalog: catalog)
        let input = Fixture.runsGenerator(maximumRuns: 40, allowLeadingExtender: false, longText: true)
        await propertyCheck(count: 150, input: input) { runs in
            let content = TextContent(runs: runs)
            let messages = try encoder.messages(for: .text(content))
            let requests = try LineRequest.push(to: "U1", messages: messages)
            var decodedRuns: [TextRun] = []
            var graphemeCount = 0
            for request in requests {
                let body = try parsedJSON(request.body)
                for message in try #require(body["messages"]?.arrayValue) {
                    let text = try #require(message["text"]?.stringValue)
                    let units = Array(text.utf16)
                    #expect(units.count <= LineMessageEncoder.maximumTextLength)
                    graphemeCount += text.count
                    var placeholders: [Int: LineEmojiKey] = [:]
                    let emojis = message["emojis"]?.arrayValue ?? []
                    #expect(emojis.count <= LineMessageEncoder.maximumEmojiPerText)
                    for emoji in emojis {
                        let index = Int(try #require(emoji["index"]?.numberValue?.int64Value))
                        #expect(units[index] == UInt16(UInt8(ascii: "$")))
                        placeholders[index] = LineEmojiKey(
                            productID: try #require(emoji["productId"]?.stringValue),
                            emojiID: try #require(emoji["emojiId"]?.stringValue)
                        )
                    }
                    // Rebuild runs: listed `$` become emoji again, everything else is literal.
                    var plainStart = 0
                    for index in placeholders.keys.sorted() {
                        decodedRuns.append(.plain(try #require(String(utf16CodeUnits: units[plainStart..<index]))))
                        let key = try #require(placeholders[index])
                        let token = try #require(catalog.token(for: key))
                        decodedRuns.append(
                            .emoji(EmojiRun(token: token, productID: key.productID, emojiID: key.emojiID))
                        )
                        plainStart = index + 1
                    }
                    decodedRuns.append(.plain(try #require(String(utf16CodeUnits: units[plainStart...]))))
                }
            }
            // Unsendable emoji and mentions travel as their text.
            let expected = TextContent(
                runs: content.runs.map { run in
                    switch run {
                    case .emoji(let emoji) where !catalog.isSendable(emoji.key): .plain(emoji.token)
                    case .mention(let mention): .plain(mention.text)
                    default: run
                    }
                }
            )
            #expect(TextContent(runs: decodedRuns) == expected)
            // Cuts fall between grapheme clusters: the pieces have as many characters as the whole.
            var whole = ""
            for run in expected.runs {
                switch run {
                case .plain(let plain): whole += plain
                case .emoji: whole += "$"
                case .mention(let mention): whole += mention.text
                }
            }
            #expect(graphemeCount == whole.count)
        }
    }

    @Test func r14_workspaceTextNeverLosesText() async {
        let catalog = Fixture.catalog()
        await propertyCheck(count: 300, input: Fixture.runsGenerator(maximumRuns: 12)) { runs in
            let typed = TextContent(runs: runs).displayText
            let content = TextContent(workspaceText: typed, catalog: catalog)
            #expect(content.displayText == typed)
            for emoji in content.emoji {
                #expect(
                    catalog.entry(forToken: emoji.token)?.key == emoji.key
                        || LineEmojiToken.parseFallback(emoji.token) == emoji.key
                )
            }
        }
    }

    @Test func canonicalJSONAndFederationRoundTripRandomText() async {
        let timestamps = Gen.int64(in: 0...Int64.max)
        await propertyCheck(count: 200, input: Fixture.runsGenerator(maximumRuns: 12), timestamps) { runs, timestamp in
            let content = MessageContent.text(TextContent(runs: runs))
            let decoded = try MessageContent(canonicalJSON: content.canonicalJSONBytes)
            #expect(decoded == content)
            let envelope = FederationEnvelope(
                messageID: "m",
                timestampMilliseconds: timestamp,
                room: "r",
                sender: FederationSender(id: "a@example.co.jp"),
                content: content
            )
            let decodedEnvelope = try FederationEnvelope(jsonBytes: envelope.jsonBytes)
            #expect(decodedEnvelope == envelope)
        }
    }

    @Test func worksTextCarriesTheDisplayText() async {
        let encoder = WorksMessageEncoder()
        await propertyCheck(
            count: 100,
            input: Fixture.runsGenerator(maximumRuns: 30, allowLeadingExtender: false, longText: true)
        ) {
            runs in
            let content = TextContent(runs: runs)
            var rebuilt = ""
            for body in try encoder.bodies(for: [.text(content)]) {
                let text = try #require(try parsedJSON(body)["content"]?["text"]?.stringValue)
                #expect(text.utf16.count <= WorksMessageEncoder.maximumTextLength)
                rebuilt += text
            }
            #expect(rebuilt == content.displayText)
        }
    }
}
