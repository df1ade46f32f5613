import TalkWire
import Testing

/// LINE's lengths at their boundaries, with astral characters, and URLs made valid under `format: uri`.
@Suite struct LineLimitsTests {
    private let catalog = Fixture.catalog()

    private func encodeSender(_ name: String) throws(LineEncodingError) -> [LineOutboundMessage] {
        let encoder = LineMessageEncoder(catalog: catalog, senderPolicy: .fixed(LineSender(name: name)))
        return try encoder.messages(for: .text(TextContent("a")))
    }

    private func code(_ body: () throws(LineEncodingError) -> Void) -> LineEncodingError.Code? {
        do {
            try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test(arguments: [
        (String(repeating: "a", count: 20), true),
        (String(repeating: "😀", count: 10), true),
        (String(repeating: "𠀋", count: 10), true),
        (String(repeating: "😀", count: 10) + "a", false),
        (String(repeating: "𠀋", count: 9) + "ab", true),
        (String(repeating: "𠀋", count: 9) + "abc", false),
        ("👋🏻👋🏻👋🏻👋🏻👋🏻a", false),
    ])
    func r17_senderNameIsCountedInUTF16CodeUnits(name: String, accepted: Bool) throws {
        let outcome = code { () throws(LineEncodingError) in _ = try encodeSender(name) }
        #expect(outcome == (accepted ? nil : .invalidSender), "\(name.utf16.count) units")
        if accepted {
            #expect(try encodeSender(name).first?.sender?.name == name)
        }
    }

    @Test func locationTitleAndAddressAreCountedInUTF16CodeUnits() throws {
        let encoder = LineMessageEncoder(catalog: catalog)
        let fits = String(repeating: "𠀋", count: 50)
        let location = LocationContent(title: fits, address: fits, latitude: 0, longitude: 0)
        #expect(try encoder.messages(for: .location(location)).count == 1)
        for field in ["title", "address"] {
            var over = location
            if field == "title" { over.title = fits + "a" } else { over.address = fits + "a" }
            let outcome = code { () throws(LineEncodingError) in _ = try encoder.messages(for: .location(over)) }
            #expect(outcome == .fieldTooLong, "\(field)")
        }
    }

    @Test func textSplitsAtFiveThousandUTF16CodeUnitsNotCharacters() throws {
        let encoder = LineMessageEncoder(catalog: catalog)
        let full = String(repeating: "𠀋", count: 2500)
        #expect(try encoder.messages(for: .text(TextContent(full))).count == 1)
        let messages = try encoder.messages(for: .text(TextContent(full + "😀")))
        #expect(messages.count == 2)
        #expect(messages.last?.body == .text("😀", emojis: []))
    }

    @Test func quickReplyLabelsAndActionTextsAreCountedInGraphemeClusters() throws {
        let encoder = LineMessageEncoder(catalog: catalog)
        func attempt(_ action: LineQuickReply.Action) -> LineEncodingError.Code? {
            code { () throws(LineEncodingError) in
                _ = try encoder.messages(
                    for: [.text(TextContent("a"))],
                    quickReply: .init(items: [.init(action: action)])
                )
            }
        }
        // 20 family emoji are 20 grapheme clusters but 160 UTF-16 code units: LINE counts labels as 20.
        let twentyFamilies = String(repeating: "👨‍👩‍👧", count: 20)
        #expect(attempt(.camera(label: twentyFamilies)) == nil)
        #expect(attempt(.camera(label: twentyFamilies + "a")) == .invalidQuickReply)
        #expect(attempt(.camera(label: "")) == .invalidQuickReply)
        let texts = String(repeating: "𠀋", count: 300)
        #expect(attempt(.message(label: "a", text: texts)) == nil)
        #expect(attempt(.message(label: "a", text: texts + "a")) == .invalidQuickReply)
        #expect(attempt(.message(label: "a", text: "")) == .invalidQuickReply)
        #expect(attempt(.postback(label: "a", data: "d", displayText: texts)) == nil)
        #expect(attempt(.postback(label: "a", data: "d", displayText: texts + "a")) == .invalidQuickReply)
        // Postback data is not in LINE's grapheme list, so it is counted in UTF-16 code units.
        let data = String(repeating: "😀", count: 150)
        #expect(attempt(.postback(label: "a", data: data, displayText: nil)) == nil)
        #expect(attempt(.postback(label: "a", data: data + "a", displayText: nil)) == .invalidQuickReply)
    }

    // MARK: URLs

    private func sentImageURL(_ url: String) throws(LineEncodingError) -> String {
        let messages = try LineMessageEncoder(catalog: catalog).messages(for: .image(.url(url)))
        guard case .image(let original, let preview) = messages.first?.body else {
            Issue.record("expected an image")
            return ""
        }
        #expect(original == preview)
        return original
    }

    @Test(arguments: [
        ("https://example.com/写真.jpg", "https://example.com/%E5%86%99%E7%9C%9F.jpg"),
        ("https://example.com/a.jpg?name=😀#top", "https://example.com/a.jpg?name=%F0%9F%98%80#top"),
        ("https://example.com/%E5%86%99.jpg", "https://example.com/%E5%86%99.jpg"),
        ("HTTPS://example.com/a.jpg", "HTTPS://example.com/a.jpg"),
        ("https://example.com/a\"b<c>{d}|^`\\.jpg", "https://example.com/a%22b%3Cc%3E%7Bd%7D%7C%5E%60%5C.jpg"),
        ("https://example.com/a.jpg#x#y", "https://example.com/a.jpg#x%23y"),
        ("https://example.com/a[1].jpg", "https://example.com/a%5B1%5D.jpg"),
        ("https://[2001:db8::1]:8443/a.jpg", "https://[2001:db8::1]:8443/a.jpg"),
        ("https://example.com/e\u{301}.jpg", "https://example.com/e%CC%81.jpg"),
    ])
    func nonASCIIAndUnsafeCharactersArePercentEncodedAsUTF8(url: String, sent: String) throws {
        #expect(try sentImageURL(url) == sent)
        #expect(URIFormat.problem(sent) == nil)
    }

    @Test(arguments: [
        ("http://example.com/a.jpg", LineEncodingError.Code.insecureURL),
        ("ftp://example.com/a.jpg", .insecureURL),
        ("example.com/a.jpg", .invalidURL),
        ("", .invalidURL),
        ("https://", .invalidURL),
        ("https:example.com/a.jpg", .invalidURL),
        ("https://例え.jp/a.jpg", .invalidURL),
        ("https://example.com/a b.jpg", .invalidURL),
        ("https://example.com/a\u{7F}.jpg", .invalidURL),
        ("https://example.com/100%.jpg", .invalidURL),
        ("https://example.com/%zz.jpg", .invalidURL),
    ])
    func urlsNoEncodingCanRepairAreTypedErrors(url: String, expected: LineEncodingError.Code) {
        #expect(code { () throws(LineEncodingError) in _ = try sentImageURL(url) } == expected)
    }

    @Test func theLengthLimitAppliesToTheURLAsSent() throws {
        let prefix = "https://example.com/"
        let ascii = prefix + String(repeating: "a", count: 2000 - prefix.utf16.count)
        #expect(try sentImageURL(ascii).utf16.count == 2000)
        // One ideograph is one character as given and nine once encoded.
        let encoded = prefix + String(repeating: "a", count: 2000 - prefix.utf16.count - 9) + "画"
        #expect(try sentImageURL(encoded).utf16.count == 2000)
        let over = prefix + String(repeating: "a", count: 2000 - prefix.utf16.count - 8) + "画"
        #expect(code { () throws(LineEncodingError) in _ = try sentImageURL(over) } == .invalidURL)
    }

    @Test func iconAndQuickReplyURLsAreEncodedAndURIActionsAllowLINEsSchemes() throws {
        let encoder = LineMessageEncoder(
            catalog: catalog,
            senderPolicy: .fixed(LineSender(name: "Desk", iconURL: "https://example.com/顔.png"))
        )
        let quickReply = LineQuickReply(items: [
            .init(action: .uri(label: "Map", uri: "https://example.com/地図"), imageURL: "https://example.com/ü.png"),
            .init(action: .uri(label: "Call", uri: "tel:+81-3-0000-0000")),
            .init(action: .uri(label: "OA", uri: "line://ti/p/@example")),
            .init(action: .uri(label: "Old", uri: "http://example.com/")),
        ])
        let message = try #require(try encoder.messages(for: [.text(TextContent("a"))], quickReply: quickReply).first)
        #expect(message.sender?.iconURL == "https://example.com/%E9%A1%94.png")
        let items = try #require(message.quickReply?.items)
        #expect(items[0].action == .uri(label: "Map", uri: "https://example.com/%E5%9C%B0%E5%9B%B3"))
        #expect(items[0].imageURL == "https://example.com/%C3%BC.png")
        #expect(items[1].action == .uri(label: "Call", uri: "tel:+81-3-0000-0000"))
        #expect(items[2].action == .uri(label: "OA", uri: "line://ti/p/@example"))
        for uri in ["javascript:alert(1)", "https://example.com/a b", String(repeating: "a", count: 10)] {
            let refused = LineQuickReply(items: [.init(action: .uri(label: "x", uri: uri))])
            let outcome = code { () throws(LineEncodingError) in
                _ = try encoder.messages(for: [.text(TextContent("a"))], quickReply: refused)
            }
            #expect(outcome != nil, "\(uri)")
        }
        let long = "https://example.com/" + String(repeating: "a", count: 981)
        let tooLong = LineQuickReply(items: [.init(action: .uri(label: "x", uri: long))])
        #expect(
            code { () throws(LineEncodingError) in
                _ = try encoder.messages(for: [.text(TextContent("a"))], quickReply: tooLong)
            } == .invalidURL
        )
        let httpIcon = LineQuickReply(items: [.init(action: .camera(label: "c"), imageURL: "http://example.com/a.png")])
        #expect(
            code { () throws(LineEncodingError) in
                _ = try encoder.messages(for: [.text(TextContent("a"))], quickReply: httpIcon)
            } == .insecureURL
        )
    }

    @Test func worksBodiesCarryPercentEncodedURLsToo() throws {
        let bodies = try WorksMessageEncoder().bodies(for: [.image(.url("https://example.com/写真.jpg"))])
        let body = String(decoding: try #require(bodies.first), as: UTF8.self)
        #expect(body.contains("https://example.com/%E5%86%99%E7%9C%9F.jpg"))
        #expect(!body.contains("写真"))
    }
}
