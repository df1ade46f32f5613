import PropertyBased
import TalkWire
import Testing

/// Every body the LINE encoders produce, run through ``LineOpenAPIChecks``: fixed examples of every message
/// type with quick replies and senders, and random content.
@Suite struct LineOpenAPIConformanceTests {
    private let quickReply = LineQuickReply(items: [
        .init(action: .message(label: "はい😀", text: "はい")),
        .init(action: .postback(label: "Later", data: "later", displayText: "後で")),
        .init(action: .uri(label: "Menu", uri: "https://example.com/メニュー?q=日本")),
        .init(action: .uri(label: "Call", uri: "tel:+81-3-0000-0000")),
        .init(action: .camera(label: "Camera"), imageURL: "https://example.com/icons/カメラ.png"),
        .init(action: .cameraRoll(label: "Roll")),
        .init(action: .location(label: "Where")),
    ])

    private let everyType: [MessageContent] = [
        .text(TextContent(runs: [.plain("Price $5 "), .emoji(Fixture.smile), .plain(" 𠀋😀")])),
        .sticker(StickerContent(packageID: "446", stickerID: "1988")),
        .image(.url("https://example.com/写真.jpg")),
        .image(.url("https://example.com/a.jpg", previewURL: "https://example.com/a-s.jpg")),
        .video(.url("https://example.com/v.mp4", previewURL: "https://example.com/v.jpg")),
        .audio(.url("https://example.com/音.m4a", durationMilliseconds: 60_000)),
        .location(LocationContent(title: "Office", address: "東京都千代田区", latitude: 35.67966, longitude: 139.73669)),
        .location(LocationContent(latitude: -33.5, longitude: 151)),
    ]

    private func expectConforming(
        _ requests: [LineRequest],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for request in requests {
            let problems = LineOpenAPIChecks.problems(inBody: request.body, for: request.endpoint)
            #expect(problems.isEmpty, "\(request.endpoint): \(problems)", sourceLocation: sourceLocation)
        }
    }

    @Test func theChecksThemselvesFindEachKindOfViolation() {
        let bad: [(String, String)] = [
            (#"{"to":"U1","messages":[]}"#, "messages: 0 items"),
            (#"{"messages":[{"type":"text","text":"a"}]}"#, "body.to: required"),
            (#"{"to":"U1","messages":[{"type":"text","text":""}]}"#, "text: shorter"),
            (#"{"to":"U1","messages":[{"type":"text","text":"a","emoji":[]}]}"#, "emoji: not a member"),
            (
                #"{"to":"U1","messages":[{"type":"image","originalContentUrl":"http://e.com/a","previewImageUrl":"https://e.com/a"}]}"#,
                "not https"
            ),
            (
                #"{"to":"U1","messages":[{"type":"image","originalContentUrl":"https://e.com/画","previewImageUrl":"https://e.com/a"}]}"#,
                "not format uri"
            ),
            (
                #"{"to":"U1","messages":[{"type":"image","originalContentUrl":"https://e.com/%zz","previewImageUrl":"https://e.com/a"}]}"#,
                "two hex digits"
            ),
            (
                #"{"to":"U1","messages":[{"type":"audio","originalContentUrl":"https://e.com/a","duration":1.5}]}"#,
                "expected an integer"
            ),
            (
                #"{"to":"U1","messages":[{"type":"text","text":"a$","emojis":[{"index":0,"productId":"p","emojiId":"e"}]}]}"#,
                "not the UTF-16 offset"
            ),
            (#"{"to":"U1","messages":[{"type":"text","text":"a","sender":{"name":"😀😀😀😀😀😀😀😀😀😀a"}}]}"#, "21 UTF-16"),
            (
                #"{"to":"U1","messages":[{"type":"text","text":"a","quickReply":{"items":[{"type":"action","action":{"type":"message","label":"aaaaaaaaaaaaaaaaaaaaa","text":"a"}}]}}]}"#,
                "21 grapheme"
            ),
            (
                #"{"to":"U1","messages":[{"type":"text","text":"a","quickReply":{"items":[{"type":"action","action":{"type":"uri","label":"a","uri":"javascript:x"}}]}}]}"#,
                "scheme"
            ),
            (
                #"{"to":"U1","messages":[{"type":"location","title":"t","address":"a","latitude":91,"longitude":0}]}"#,
                "out of range"
            ),
            (#"{"to":"U1","messages":[{"type":"flex","altText":"a"}]}"#, "flex is not"),
        ]
        for (body, expected) in bad {
            let problems = LineOpenAPIChecks.problems(inBody: Array(body.utf8), for: .push)
            #expect(problems.contains { $0.contains(expected) }, "\(body): \(problems)")
        }
        let six =
            "{\"to\":[\"U1\"],\"messages\":["
            + Array(repeating: #"{"type":"text","text":"a"}"#, count: 6)
            .joined(separator: ",") + "]}"
        #expect(
            LineOpenAPIChecks.problems(inBody: Array(six.utf8), for: .multicast).contains { $0.contains("6 items") }
        )
    }

    @Test func everyMessageTypeWithQuickReplyAndSenderConforms() throws {
        let encoder = LineMessageEncoder(
            catalog: Fixture.catalog(),
            senderPolicy: .fixed(LineSender(name: "窓口😀", iconURL: "https://example.com/アイコン.png"))
        )
        let messages = try encoder.messages(for: everyType, quickReply: quickReply, quoteToken: "q-token")
        #expect(messages.count == everyType.count)
        #expect(messages.last?.quickReply != nil)
        expectConforming([try LineRequest.reply(replyToken: "r", messages: Array(messages.prefix(5)))])
        expectConforming(try LineRequest.push(to: "U1", messages: messages, notificationDisabled: true))
        expectConforming(try LineRequest.multicast(to: (0..<501).map { "U\($0)" }, messages: messages))
        for message in messages {
            #expect(LineOpenAPIChecks.problems(inMessage: message.jsonBytes).isEmpty)
        }
    }

    @Test func textAtTheUTF16LimitsConforms() throws {
        let encoder = LineMessageEncoder(catalog: Fixture.catalog(), senderPolicy: .fixed(LineSender(name: "𠀋")))
        let texts = [
            String(repeating: "😀", count: 2500),
            String(repeating: "😀", count: 2500) + "a",
            String(repeating: "𠀋", count: 2499) + "ab",
            "a" + String(repeating: "👨‍👩‍👧", count: 1000),
        ]
        for text in texts {
            let messages = try encoder.messages(for: .text(TextContent(text)))
            #expect(messages.count == (text.utf16.count + 4999) / 5000, "\(text.utf16.count) units")
            expectConforming(try LineRequest.push(to: "U1", messages: messages))
        }
    }

    @Test func randomContentEitherConformsOrIsATypedError() async {
        let catalog = Fixture.catalog()
        await propertyCheck(count: 200, input: RandomLineContent.generator) { sample in
            let encoder = LineMessageEncoder(catalog: catalog, senderPolicy: sample.senderPolicy)
            let messages: [LineOutboundMessage]
            do {
                messages = try encoder.messages(
                    for: sample.contents,
                    authorName: sample.authorName,
                    quickReply: sample.quickReply
                )
            } catch {
                // Content built within LINE's limits must always be encodable.
                #expect(!sample.withinLimits, "refused content within the limits: \(error)")
                return
            }
            expectConforming(try LineRequest.push(to: "U1", messages: messages))
            expectConforming(try LineRequest.multicast(to: ["U1", "U2"], messages: messages))
            expectConforming([try LineRequest.reply(replyToken: "r", messages: Array(messages.prefix(5)))])
        }
    }
}

/// Random content for the LINE encoder: texts of random Unicode, media with non-ASCII URLs, locations, stickers,
/// quick replies and senders, sometimes past LINE's limits.
struct RandomLineContent: CustomStringConvertible {
    var contents: [MessageContent]
    var quickReply: LineQuickReply?
    var senderPolicy: LineSenderPolicy
    var authorName: String?
    /// Whether every part was built within LINE's limits, so encoding must succeed.
    var withinLimits: Bool

    var description: String {
        "\(contents.map(\.typeName)), quickReply: \(quickReply?.items.count ?? 0), within limits: \(withinLimits)"
    }

    static let generator = Generator<RandomLineContent, Shrink.None<RandomLineContent>> { rng in
        var sample = RandomLineContent(contents: [], senderPolicy: .none, withinLimits: true)
        for _ in 0..<Int.random(in: 1...7, using: &rng) {
            sample.contents.append(sample.content(using: &rng))
        }
        if Bool.random(using: &rng) { sample.quickReply = sample.quickReply(using: &rng) }
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: break
        case 1:
            let name = sample.text(using: &rng, units: 1...20)
            if name.utf16.count > LineMessageEncoder.maximumSenderNameLength { sample.withinLimits = false }
            sample.senderPolicy = .fixed(LineSender(name: name, iconURL: sample.url(using: &rng)))
        default:
            sample.senderPolicy = .authorName(iconURL: nil)
            sample.authorName = sample.text(using: &rng, units: 1...24)
            if let name = sample.authorName, name.utf16.count > LineMessageEncoder.maximumSenderNameLength {
                sample.withinLimits = false
            }
        }
        return sample
    }

    private static let pieces = ["a", "Z", "0", "日本", "😀", "𠀋", "👨‍👩‍👧", "e\u{301}", "$", "{", "\"", "\\", "\n", "ｶ"]
    private static let pathPieces = ["a", "写真", "😀", "%20", "x y", "\"", "{}", "#", "?q=日本", "[1]", "%", "𠀋"]

    /// Text of 1 or more scalars whose UTF-16 length is within `units` unless a piece overshoots; no "LINE".
    private func text(using rng: inout some RandomNumberGenerator, units: ClosedRange<Int>) -> String {
        let target = Int.random(in: units, using: &rng)
        var text = ""
        while text.utf16.count < target {
            text += Self.pieces.randomElement(using: &rng) ?? "a"
        }
        return text
    }

    private mutating func url(using rng: inout some RandomNumberGenerator) -> String {
        var url = "https://example.com/"
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            let piece = Self.pathPieces.randomElement(using: &rng) ?? "a"
            // Spaces and a stray % are refused rather than guessed at.
            if piece == "x y" || piece == "%" { withinLimits = false }
            url += piece
        }
        return url
    }

    private mutating func content(using rng: inout some RandomNumberGenerator) -> MessageContent {
        switch Int.random(in: 0..<7, using: &rng) {
        case 0:
            var runs: [TextRun] = [.plain(text(using: &rng, units: 1...200))]
            if Bool.random(using: &rng) { runs.append(.emoji(Fixture.smile)) }
            if Int.random(in: 0..<5, using: &rng) == 0 { runs.append(.plain(text(using: &rng, units: 4990...5010))) }
            var content = TextContent(runs: runs)
            if Int.random(in: 0..<4, using: &rng) == 0 { content.quickReply = quickReply(using: &rng) }
            return .text(content)
        case 1: return .sticker(StickerContent(packageID: "446", stickerID: "\(Int.random(in: 1...3000, using: &rng))"))
        case 2: return .image(.url(url(using: &rng)))
        case 3: return .video(.url(url(using: &rng), previewURL: url(using: &rng)))
        case 4: return .audio(.url(url(using: &rng), durationMilliseconds: Int.random(in: 1...600_000, using: &rng)))
        case 5:
            let title = Bool.random(using: &rng) ? text(using: &rng, units: 1...104) : nil
            let address = text(using: &rng, units: 1...100)
            if let title, title.utf16.count > 100 { withinLimits = false }
            if address.utf16.count > 100 { withinLimits = false }
            return .location(
                LocationContent(
                    title: title,
                    address: address,
                    latitude: Double.random(in: -90...90, using: &rng),
                    longitude: Double.random(in: -180...180, using: &rng)
                )
            )
        default:
            return .text(TextContent(text(using: &rng, units: 1...60)))
        }
    }

    private mutating func quickReply(using rng: inout some RandomNumberGenerator) -> LineQuickReply {
        var items: [LineQuickReply.Item] = []
        let count = Int.random(in: 1...14, using: &rng)
        if count > LineQuickReply.maximumItems { withinLimits = false }
        for _ in 0..<count {
            // Labels of up to 20 pieces are up to 20 grapheme clusters, whatever their UTF-16 length.
            var label = ""
            for _ in 0..<Int.random(in: 1...20, using: &rng) { label += Self.pieces.randomElement(using: &rng) ?? "a" }
            if label.count > LineQuickReply.maximumLabelLength { withinLimits = false }
            let action: LineQuickReply.Action
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: action = .message(label: label, text: text(using: &rng, units: 1...300))
            case 1:
                let data = text(using: &rng, units: 0...300)
                if data.utf16.count > LineQuickReply.maximumPostbackDataLength { withinLimits = false }
                action = .postback(label: label, data: data, displayText: Bool.random(using: &rng) ? label : nil)
            case 2: action = .uri(label: label, uri: url(using: &rng))
            case 3: action = .camera(label: label)
            case 4: action = .cameraRoll(label: label)
            default: action = .location(label: label)
            }
            items.append(.init(action: action, imageURL: Bool.random(using: &rng) ? url(using: &rng) : nil))
        }
        return LineQuickReply(items: items)
    }
}
