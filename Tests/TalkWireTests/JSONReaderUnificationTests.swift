import TalkModel
import Testing

@testable import TalkWire

/// Every reader (webhooks, LINE WORKS callbacks, canonical content, federation envelopes, ``JSONValue``) goes
/// through the one JSON reader: the same grammar, the same errors, the same limits.
@Suite("One JSON reader")
struct JSONReaderUnificationTests {
    /// Bodies every reader must refuse, with the code the one reader gives.
    static let malformed: [(json: String, code: JSONDecodingError.Code)] = [
        (#"{"a":"\uD83E"}"#, .invalidUTF8),  // a lone surrogate escape
        (#"{"a":"\uDD28\uD83E"}"#, .invalidUTF8),  // surrogates in the wrong order
        (#"{"a":tru}"#, .invalidJSON),
        (#"{"a":01}"#, .invalidJSON),
        (#"{"a":1.}"#, .invalidJSON),
        (#"{"a":"x"#, .truncated),
        (#"{"events":[]} x"#, .invalidJSON),
        ("{\"a\":\"\u{01}\"}", .invalidJSON),  // an unescaped control character
    ]

    @Test(arguments: 0..<malformed.count)
    func theTreeAndTheWebhookDecoderRefuseTheSameBodiesTheSameWay(index: Int) throws {
        let (json, code) = Self.malformed[index]
        let treeError = #expect(throws: JSONDecodingError.self) { try JSONValue(parsing: json) }
        let webhookError = #expect(throws: JSONDecodingError.self) { try LineWebhookDecoder().decode(Array(json.utf8)) }
        #expect(treeError?.code == code)
        #expect(webhookError?.code == code)
        #expect(treeError?.byteOffset == webhookError?.byteOffset)
    }

    @Test func invalidUTF8IsRefusedByEveryReader() throws {
        let bytes: [UInt8] = Array(#"{"type":"text","text":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: JSONDecodingError.self) { try JSONValue(parsing: bytes) }
        let content = #expect(throws: ContentDecodingError.self) { try MessageContent(canonicalJSON: bytes) }
        #expect(content?.code == .invalidJSON)
        #expect(content?.syntax?.code == .invalidUTF8)
        #expect(content?.syntax?.byteOffset == 23)
        let works = #expect(throws: JSONDecodingError.self) { try LineWorksCallbackDecoder().decode(bytes) }
        #expect(works?.code == .invalidUTF8)
    }

    @Test func oneDepthLimitForEveryReader() throws {
        // 70 levels: over the one default of 64, for the tree as for the webhook decoder.
        let nested = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        #expect(JSONValue.defaultMaximumDepth == JSONDecodingLimits.default.maximumDepth)
        let tree = #expect(throws: JSONDecodingError.self) { try JSONValue(parsing: nested) }
        #expect(tree?.code == .tooDeep)
        let webhook = #expect(throws: JSONDecodingError.self) {
            try LineWebhookDecoder().decode(Array((#"{"events":[{"type":"join","x":"# + nested + "}]}").utf8))
        }
        #expect(webhook?.code == .tooDeep)
        let content = #expect(throws: ContentDecodingError.self) {
            try MessageContent(canonicalJSON: Array((#"{"type":"text","x":"# + nested + "}").utf8))
        }
        #expect(content?.syntax?.code == .tooDeep)
        // The limit is configurable. A tree is built without recursion, and never deeper than releasing it
        // safely allows, whatever the limit says.
        func nestedArrays(_ depth: Int) -> [UInt8] {
            Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
        }
        let limit = JSONValue.maximumSupportedDepth
        let value = try JSONValue(parsing: nestedArrays(limit), limits: JSONDecodingLimits(maximumDepth: 100_000))
        var levels = 0
        var cursor = value
        while case .array(let elements) = cursor {
            levels += 1
            cursor = elements.first ?? .null
        }
        #expect(levels == limit)
        let deeper = #expect(throws: JSONDecodingError.self) {
            try JSONValue(parsing: nestedArrays(100_000), limits: JSONDecodingLimits(maximumDepth: 100_000))
        }
        #expect(deeper?.code == .tooDeep)
        #expect(deeper?.byteOffset == limit)
        // The webhook decoder builds no tree: a deeper limit applies in full.
        let deepBody = Array(#"{"events":[{"type":"join","x":"#.utf8) + nestedArrays(10_000) + Array("}]}".utf8)
        let deepLimits = WebhookDecodingLimits(maximumDepth: 10_003)
        #expect(try LineWebhookDecoder(limits: deepLimits).decode(deepBody).events.count == 1)
    }

    @Test func treeErrorsNameThePath() throws {
        let error = #expect(throws: JSONDecodingError.self) { try JSONValue(parsing: #"{"a":[1,{"b":tru}]}"#) }
        #expect(error?.path == "a[1].b")
        #expect(error?.byteOffset == 13)
    }

    @Test func anOverflowingNumberIsReportedNotReadAsInfinity() throws {
        // The tree keeps the literal; reading it as a Double says it does not fit.
        let value = try JSONValue(parsing: #"{"n":1e400}"#)
        #expect(value["n"]?.numberValue?.literal == "1e400")
        #expect(value["n"]?.numberValue?.doubleValue == nil)
        // A webhook location with such a coordinate keeps its event, with the issue named (W4).
        let event = try decodeSingleEvent(
            #"{"type":"message","message":{"id":"1","type":"location","latitude":1e400,"longitude":139.7}}"#
        )
        #expect(event.type == .message)
        let issue = try #require(event.decodingIssue)
        #expect(issue.code == .outOfRange)
        #expect(issue.path == "message.latitude")
        // An integer past 64 bits is the same kind of issue, not a truncated value.
        let late = try decodeSingleEvent(#"{"type":"follow","timestamp":99999999999999999999}"#)
        #expect(late.decodingIssue?.code == .outOfRange)
        #expect(late.timestamp == nil)
    }

    @Test func aRepeatedMemberNameMeansTheLastValueEverywhere() throws {
        #expect(try JSONValue(parsing: #"{"a":1,"a":2}"#)["a"]?.numberValue?.literal == "2")
        // Webhook events: the last `type` and the last field win, whether `type` comes first or not.
        let event = try decodeSingleEvent(
            #"{"type":"follow","type":"message","message":{"type":"text","text":"one","text":"two"}}"#
        )
        #expect(event.type == .message)
        guard case .message(let message) = event.payload, case .text(let text) = message.content else {
            Issue.record("expected a text message, got \(event.payload)")
            return
        }
        #expect(text.text == "two")
        let source = try decodeSingleEvent(
            #"{"type":"follow","source":{"type":"group","groupId":"C0123456789abcdef0123456789abcdef","type":"user"}}"#
        )
        #expect(source.source?.type == "user")
        // Canonical content.
        let content = try MessageContent(canonicalJSON: Array(#"{"type":"sticker","type":"text","text":"hi"}"#.utf8))
        #expect(content.typeName == "text")
    }
}

@Suite("Bounded work on hostile input")
struct BoundedDecodingTests {
    @Test func eightMebibytesOfEmptyEventsStopAtTheEventLimit() throws {
        let prefix = Array(#"{"events":["#.utf8)
        var body = prefix
        let eventCount = ((8 << 20) - prefix.count - 2) / 3
        body.reserveCapacity(8 << 20)
        for index in 0..<eventCount {
            body += index == 0 ? Array("{}".utf8) : Array(",{}".utf8)
        }
        body += Array("]}".utf8)
        #expect(body.count <= 8 << 20)
        let error = try #require(decodingError(body))
        #expect(error.code == .tooMany)
        #expect(error.path == "events")
        // It stops at the first event past the limit: nothing after it was read.
        let limit = WebhookDecodingLimits.default.maximumEventCount
        #expect(error.byteOffset == prefix.count + 2 + (limit - 1) * 3 + 1)
    }

    @Test func theEventLimitIsExact() throws {
        let limits = WebhookDecodingLimits(maximumEventCount: 3)
        let three = Array(#"{"events":[{"type":"join"},{"type":"join"},{"type":"join"}]}"#.utf8)
        let four = Array(#"{"events":[{"type":"join"},{"type":"join"},{"type":"join"},{"type":"join"}]}"#.utf8)
        #expect(try LineWebhookDecoder(limits: limits).decode(three).events.count == 3)
        #expect(decodingError(four, limits: limits)?.code == .tooMany)
    }

    @Test func theSpanLimitHoldsForEmojiAndMentions() throws {
        let limits = WebhookDecodingLimits(maximumSpanCount: 2)
        func body(emoji: Int, mentions: Int) -> [UInt8] {
            let emojis = (0..<emoji).map { #"{"index":\#($0),"length":1,"productId":"p","emojiId":"e"}"# }
            let mentionees = (0..<mentions).map { #"{"index":\#($0),"length":1,"type":"all"}"# }
            return Array(
                (#"{"events":[{"type":"message","message":{"id":"1","type":"text","text":"abcdef","emojis":["#
                    + emojis.joined(separator: ",") + #"],"mention":{"mentionees":["#
                    + mentionees.joined(separator: ",") + "]}}}]}").utf8
            )
        }
        #expect(decodingError(body(emoji: 2, mentions: 2), limits: limits) == nil)
        let emoji = try #require(decodingError(body(emoji: 3, mentions: 0), limits: limits))
        #expect(emoji.code == .tooMany)
        #expect(emoji.path == "events[0].message.emojis")
        let mentions = try #require(decodingError(body(emoji: 0, mentions: 3), limits: limits))
        #expect(mentions.code == .tooMany)
        #expect(mentions.path == "events[0].message.mention.mentionees")
    }

    @Test func overlappingSpansAreFlaggedWhateverTheirOrder() {
        // Three spans over "abcdef", given out of order: [2,4) [0,3) [4,6). The one starting later of each
        // overlapping pair is flagged.
        let spans = [(2, 2), (0, 3), (4, 2)].map {
            LineEmoji(span: LineTextSpan(index: $0.0, length: $0.1), productID: "p", emojiID: "e")
        }
        let content = LineTextContent(text: "abcdef", emojis: spans)
        #expect(content.spanIssues == [LineTextSpanIssue(kind: .overlapping, owner: .emoji, position: 0)])
    }

    @Test func thousandsOfSpansAreCheckedInOrderOrNot() {
        // 5,000 one-unit spans, reversed, then each doubled: every second one overlaps its twin.
        let text = String(repeating: "a", count: 5_000)
        let reversed = (0..<5_000).reversed().map {
            LineEmoji(span: LineTextSpan(index: $0, length: 1), productID: "p", emojiID: "e")
        }
        #expect(LineTextContent(text: text, emojis: reversed).spanIssues.isEmpty)
        let doubled = (0..<2_500).flatMap { index in
            [0, 0].map { _ in LineEmoji(span: LineTextSpan(index: index, length: 1), productID: "p", emojiID: "e") }
        }
        let issues = LineTextContent(text: text, emojis: doubled).spanIssues
        #expect(issues.count == 2_500)
        #expect(issues.map(\.position) == (0..<2_500).map { $0 * 2 + 1 })
        #expect(issues.allSatisfy { $0.kind == .overlapping })
    }

    @Test func errorTextIsSafeToLogWhateverTheKeys() throws {
        // Member names holding a newline and a terminal escape (JSON-escaped, as the grammar requires), and a
        // megabyte-long one, each holding a value of the wrong type.
        func failure(key: String) throws -> JSONDecodingError {
            let body = Array(
                (#"{"events":[{"type":"message","message":{"id":"1","type":"text","text":"private words","#
                    + "\"" + key + #"":{"x":[1,2,"# + "}}]}").utf8
            )
            return try #require(decodingError(body))
        }
        let escaped = try failure(key: #"line1\nline2\u001b[31m"#)
        #expect(escaped.path == #"events[0].message.line1\u{a}line2\u{1b}[31m"#)
        let huge = try failure(key: String(repeating: "k", count: 1 << 20))
        #expect(huge.path == "events[0].message." + String(repeating: "k", count: 64) + "…")
        for error in [escaped, huge] {
            let text = error.description
            #expect(!text.contains("\n"))
            #expect(!text.contains("\u{1B}"))
            #expect(!text.contains("private words"))
            #expect(text.count < 400)
        }
        // A path nested deeper than it can show keeps its innermost part.
        let deep = String(repeating: #"{"abcdefghij":"#, count: 60) + "tru" + String(repeating: "}", count: 60)
        let tree = #expect(throws: JSONDecodingError.self) { try JSONValue(parsing: deep) }
        #expect(tree?.path.count == JSONDecodingError.maximumPathLength)
        #expect(tree?.path.hasPrefix("…") == true)
        #expect(tree?.path.hasSuffix("abcdefghij.abcdefghij") == true)
    }
}

@Suite("Decoded events carry the model's identifiers")
struct TypedIdentifierTests {
    static let user = "U4af4980629a1b2c3d4e5f60718293a4b"
    static let group = "Ca56f94637c0123456789abcdef012345"
    static let room = "Rb1a2c3d4e5f60718293a4b5c6d7e8f90"

    @Test func w3_validIdentifiersDecodeToTheirTypes() throws {
        let batch = try decodeLine(
            #"{"destination":"\#(Self.user)","events":[{"type":"message","webhookEventId":"01FZ74A0TDDPYRVKNK77XKC3ZR","#
                + #""source":{"type":"group","groupId":"\#(Self.group)","userId":"\#(Self.user)"},"#
                + #""message":{"id":"325708","type":"text","text":"@a hi","quotedMessageId":"468789577898262530","#
                + #""mention":{"mentionees":[{"index":0,"length":2,"type":"user","userId":"\#(Self.user)"}]}}},"#
                + #"{"type":"unsend","source":{"type":"room","roomId":"\#(Self.room)"},"unsend":{"messageId":"325708"}}]}"#
        )
        #expect(batch.destination?.rawValue == Self.user)
        #expect(batch.decodingIssue == nil)
        let event = try #require(batch.events.first)
        #expect(event.decodingIssue == nil)
        #expect(event.webhookEventID == "01FZ74A0TDDPYRVKNK77XKC3ZR")
        #expect(event.source == .group(groupID: try LineGroupID(Self.group), userID: try LineUserID(Self.user)))
        #expect(event.source?.userID == (try LineUserID(Self.user)))
        let message = try #require(event.message)
        #expect(message.id == "325708")
        #expect(message.quotedMessageID == "468789577898262530")
        guard case .text(let text) = message.content else {
            Issue.record("expected text, got \(message.content)")
            return
        }
        #expect(text.mentionees.first?.userID == (try LineUserID(Self.user)))
        #expect(batch.events[1].payload == .unsend(messageID: "325708"))
        #expect(batch.events[1].source == .room(roomID: try LineRoomID(Self.room), userID: nil))
    }

    @Test func w4_anInvalidIdentifierIsNilWithAnIssueAndTheEventKeepsItsPayload() throws {
        let event = try decodeSingleEvent(
            #"{"type":"follow","webhookEventId":"01FZ74A0TDDPYRVKNK77XKC3ZR","source":{"type":"user","userId":"userid"},"#
                + #""follow":{"isUnblocked":true}}"#
        )
        #expect(event.payload == .follow(isUnblocked: true))
        #expect(event.source == .user(userID: nil))
        let issue = try #require(event.decodingIssue)
        #expect(issue.code == .invalidIdentifier)
        #expect(issue.path == "userId")
        #expect(!issue.description.contains("userid"))
        // The value itself is still in the event's raw JSON.
        #expect(event.rawJSON.text.contains(#""userId":"userid""#))
    }

    @Test func anInvalidDestinationIsTheBatchsIssueNotAnEventsIssue() throws {
        let batch = try decodeLine(#"{"destination":"xxxxxxxxxx","events":[{"type":"join"}],"x":1}"#)
        #expect(batch.destination == nil)
        #expect(batch.decodingIssue?.code == .invalidIdentifier)
        #expect(batch.events.first?.decodingIssue == nil)
    }
}
