/// A deterministic corpus of LINE Messaging API webhook bodies for benchmarks and samples.
///
/// Four bodies, generated from a fixed seed, byte for byte the same on every machine:
///
/// | name | bytes | events |
/// |---|---|---|
/// | `a_text_single` | 700 | one text message with a LINE emoji |
/// | `b_mixed_10` | 4,961 | text, sticker, image, follow, unfollow, postback, join, mention, message sticker, image set |
/// | `c_mixed_100` | 49,052 | the same ten-event mix, ten times |
/// | `d_text_8k` | 8,192 | one long multi-line text message with two LINE emoji |
///
/// Bodies are compact JSON with raw UTF-8 (Japanese text, an emoji outside the BMP), the key
/// order LINE uses, LINE-shaped IDs (`U`/`C`/`R` + 32 hex, ULID `webhookEventId`, 18-digit
/// message IDs, 100-character quote tokens), and `emojis`/`mention` spans whose `index` and
/// `length` count UTF-16 code units, as LINE counts them. A text field is padded so each body
/// has its exact size.
public struct WebhookCorpus: Sendable {
    /// One generated webhook body.
    public struct Body: Sendable {
        /// A short name, also used as the file name stem.
        public var name: String
        /// The exact bytes of the body.
        public var bytes: [UInt8]
        /// The number of events in the body.
        public var eventCount: Int
        /// The distinct event kinds, as `type` or `message:<message type>`, sorted.
        public var eventTypes: [String]

        /// The file name to write the body under.
        public var fileName: String { self.name + ".json" }
    }

    /// The seed everything is generated from.
    public static let seed: UInt64 = 2026_1121

    /// The channel secret the corpus is signed with. Made up for the corpus; not a real channel's.
    public let channelSecret: String

    /// The four bodies, smallest first.
    public let bodies: [Body]

    /// Generates the corpus. Costs a few milliseconds; call it once.
    public init() {
        var random = CorpusRandom(seed: Self.seed)
        self.channelSecret = random.hex(32)
        var generator = EventGenerator(random: random)
        self.bodies = [
            generator.singleText(name: "a_text_single", size: 700),
            generator.mixed(name: "b_mixed_10", rounds: 1, size: 4961),
            generator.mixed(name: "c_mixed_100", rounds: 10, size: 49052),
            generator.longText(name: "d_text_8k", size: 8192),
        ]
    }

    /// The body with a given name.
    public subscript(name: String) -> Body? {
        self.bodies.first { $0.name == name }
    }
}

/// Builds LINE-shaped events; each call advances the shared random state.
private struct EventGenerator {
    var random: CorpusRandom
    var clock: Int64 = 1_763_712_000_000
    let destination: String
    let users: [String]
    let groups: [String]
    let rooms: [String]

    init(random: CorpusRandom) {
        var random = random
        self.destination = "U" + random.hex(32)
        var users: [String] = []
        for _ in 0..<6 {
            users.append("U" + random.hex(32))
        }
        self.users = users
        self.groups = ["C" + random.hex(32), "C" + random.hex(32)]
        self.rooms = ["R" + random.hex(32)]
        self.random = random
    }

    static let greetings = [
        "おはようございます。", "了解です！", "お疲れさまです。", "ありがとうございます！", "承知しました。",
        "こんにちは😊", "今から向かいます🚃", "すみません、少し遅れます🙏",
    ]
    static let sentences = [
        "明日の打ち合わせは十時から渋谷オフィスの三階会議室でお願いします。",
        "資料は前日までに共有フォルダへアップロードしておきます。",
        "ご確認のほどよろしくお願いいたします。",
        "雨の予報なので傘を忘れずに。",
        "駅の東口改札で待ち合わせしましょう。",
        "見積書の件、金額を修正して再送しました。",
        "来週の出張の新幹線は九時発の「のぞみ」を予約済みです。",
        "請求書番号 INV-2025-0042 の支払期日は月末です。",
    ]
    static let stickerKeywords = [
        "Cony", "Brown", "Happy", "hooray", "Yay", "Yeah", "Celebration", "OK", "Thanks", "Sparkle",
    ]
    static let emojiProducts = [
        ("(love)", "5ac1bfd5040ab15980c9b435", "001"),
        ("(sparkle)", "5ac21a8c040ab15980c9b43f", "105"),
        ("(hello)", "5ac1bfd5040ab15980c9b435", "002"),
    ]

    mutating func tick() -> Int64 {
        self.clock += Int64(50 + self.random.below(2000))
        return self.clock
    }

    // MARK: Common fields

    mutating func event(
        type: String,
        payload: [(String, String?)],
        source: String,
        replyable: Bool
    ) -> String {
        let timestamp = self.tick()
        var members: [(String, String?)] = [("type", JSONText.string(type))]
        members += payload
        members += [
            ("webhookEventId", JSONText.string(self.random.ulid(milliseconds: timestamp))),
            ("deliveryContext", JSONText.object([("isRedelivery", JSONText.bool(false))])),
            ("timestamp", JSONText.number(timestamp)),
            ("source", source),
            ("replyToken", replyable ? JSONText.string(self.random.hex(32)) : nil),
            ("mode", JSONText.string("active")),
        ]
        return JSONText.object(members)
    }

    mutating func userSource() -> String {
        JSONText.object([("type", JSONText.string("user")), ("userId", JSONText.string(self.random.pick(self.users)))])
    }

    mutating func groupSource(withUser: Bool) -> String {
        JSONText.object([
            ("type", JSONText.string("group")),
            ("groupId", JSONText.string(self.random.pick(self.groups))),
            ("userId", withUser ? JSONText.string(self.random.pick(self.users)) : nil),
        ])
    }

    mutating func roomSource() -> String {
        JSONText.object([
            ("type", JSONText.string("room")),
            ("roomId", JSONText.string(self.random.pick(self.rooms))),
            ("userId", JSONText.string(self.random.pick(self.users))),
        ])
    }

    mutating func quoteToken() -> String {
        JSONText.string(
            self.random.string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", count: 100)
        )
    }

    // MARK: Message events

    /// A text message whose LINE emoji tokens are located by UTF-16 offsets.
    mutating func textMessage(
        text: String,
        emojis: [(token: String, productID: String, emojiID: String, utf16Index: Int)]
    )
        -> [(String, String?)]
    {
        var members: [(String, String?)] = [
            ("type", JSONText.string("text")),
            ("id", JSONText.string(self.random.digits(18))),
            ("quoteToken", self.quoteToken()),
            ("text", JSONText.string(text)),
        ]
        if !emojis.isEmpty {
            members.append(
                (
                    "emojis",
                    JSONText.array(
                        emojis.map { emoji in
                            JSONText.object([
                                ("index", JSONText.number(emoji.utf16Index)),
                                ("length", JSONText.number(emoji.token.utf16.count)),
                                ("productId", JSONText.string(emoji.productID)),
                                ("emojiId", JSONText.string(emoji.emojiID)),
                            ])
                        }
                    )
                )
            )
        }
        return [("message", JSONText.object(members))]
    }

    /// Text made of a greeting, `padding`, one or more emoji tokens and an optional tail,
    /// with each token's UTF-16 index computed from the text in front of it.
    mutating func emojiText(lead: String, padding: String, tokens: Int, tail: String) -> [(String, String?)] {
        var text = lead + padding
        var emojis: [(token: String, productID: String, emojiID: String, utf16Index: Int)] = []
        for index in 0..<tokens {
            let (token, product, emojiID) = Self.emojiProducts[index % Self.emojiProducts.count]
            emojis.append((token, product, emojiID, text.utf16.count))
            text += token
        }
        return self.textMessage(text: text + tail, emojis: emojis)
    }

    mutating func stickerMessage(messageSticker: Bool) -> [(String, String?)] {
        var keywords: [String] = []
        for _ in 0..<(2 + self.random.below(6)) {
            let keyword = self.random.pick(Self.stickerKeywords)
            if !keywords.contains(keyword) { keywords.append(keyword) }
        }
        return [
            (
                "message",
                JSONText.object([
                    ("type", JSONText.string("sticker")),
                    ("id", JSONText.string(self.random.digits(18))),
                    ("quoteToken", self.quoteToken()),
                    ("stickerId", JSONText.string(self.random.digits(messageSticker ? 6 : 8))),
                    ("packageId", JSONText.string(self.random.digits(5))),
                    ("stickerResourceType", JSONText.string(messageSticker ? "MESSAGE" : "ANIMATION")),
                    ("keywords", JSONText.array(keywords.map { JSONText.string($0) })),
                    ("text", messageSticker ? JSONText.string("よろしく！") : nil),
                ])
            )
        ]
    }

    mutating func imageMessage(external: Bool) -> [(String, String?)] {
        let id = self.random.digits(18)
        let quoteToken = self.quoteToken()
        let provider: String
        var imageSet: String?
        if external {
            let file = self.random.hex(6)
            provider = JSONText.object([
                ("type", JSONText.string("external")),
                ("originalContentUrl", JSONText.string("https://example.com/original/\(file).jpg")),
                ("previewImageUrl", JSONText.string("https://example.com/preview/\(file).jpg")),
            ])
            imageSet = JSONText.object([
                ("id", JSONText.string(self.random.string("0123456789ABCDEF", count: 64))),
                ("index", JSONText.number(1)),
                ("total", JSONText.number(2)),
            ])
        } else {
            provider = JSONText.object([("type", JSONText.string("line"))])
        }
        return [
            (
                "message",
                JSONText.object([
                    ("type", JSONText.string("image")),
                    ("id", JSONText.string(id)),
                    ("quoteToken", quoteToken),
                    ("contentProvider", provider),
                    ("imageSet", imageSet),
                ])
            )
        ]
    }

    /// `@All @<name> ...` with an `all` and a `user` mentionee, then `padding`.
    mutating func mentionMessage(padding: String) -> [(String, String?)] {
        let name = self.random.pick(["田中", "佐藤", "鈴木", "高橋"])
        let first = "@All"
        let second = "@" + name
        let text = first + " " + second + " " + self.random.pick(Self.sentences) + padding
        let mention = JSONText.object([
            (
                "mentionees",
                JSONText.array([
                    JSONText.object([
                        ("index", JSONText.number(0)),
                        ("length", JSONText.number(first.utf16.count)),
                        ("type", JSONText.string("all")),
                    ]),
                    JSONText.object([
                        ("index", JSONText.number(first.utf16.count + 1)),
                        ("length", JSONText.number(second.utf16.count)),
                        ("userId", JSONText.string(self.random.pick(self.users))),
                        ("type", JSONText.string("user")),
                        ("isSelf", JSONText.bool(false)),
                    ]),
                ])
            )
        ])
        return [
            (
                "message",
                JSONText.object([
                    ("type", JSONText.string("text")),
                    ("id", JSONText.string(self.random.digits(18))),
                    ("quoteToken", self.quoteToken()),
                    ("text", JSONText.string(text)),
                    ("mention", mention),
                ])
            )
        ]
    }

    // MARK: Bodies

    func body(_ events: [String]) -> [UInt8] {
        Array(
            JSONText.object([("destination", JSONText.string(self.destination)), ("events", JSONText.array(events))])
                .utf8
        )
    }

    /// Renders with growing padding until the body has exactly `size` bytes. Each attempt
    /// starts from the same random state, so only the padding differs between attempts.
    mutating func fitted(size: Int, render: (inout EventGenerator, String) -> [UInt8]) -> [UInt8] {
        let start = self
        var paddingBytes = 0
        for _ in 0..<16 {
            var attempt = start
            let body = render(&attempt, Self.padding(bytes: paddingBytes))
            if body.count == size {
                self = attempt
                return body
            }
            paddingBytes += size - body.count
            precondition(paddingBytes >= 0, "an unpadded corpus body is \(body.count) bytes, more than \(size)")
        }
        preconditionFailure("could not pad a corpus body to exactly \(size) bytes")
    }

    /// `bytes` bytes of UTF-8 filler: three-byte Japanese characters, then ASCII to make up the rest.
    static func padding(bytes: Int) -> String {
        // Sentences made only of three-byte characters, so the byte count is exact.
        let filler = Array(Self.sentences[0...4].joined())
        var text = ""
        for index in 0..<(bytes / 3) {
            text.append(filler[index % filler.count])
        }
        return text + String(repeating: "w", count: bytes % 3)
    }

    mutating func singleText(name: String, size: Int) -> WebhookCorpus.Body {
        let bytes = self.fitted(size: size) { generator, padding in
            let lead = "おはようございます。"
            let payload = generator.emojiText(lead: lead, padding: padding, tokens: 1, tail: "😊")
            let event = generator.event(
                type: "message",
                payload: payload,
                source: generator.userSource(),
                replyable: true
            )
            return generator.body([event])
        }
        return WebhookCorpus.Body(name: name, bytes: bytes, eventCount: 1, eventTypes: ["message:text"])
    }

    mutating func longText(name: String, size: Int) -> WebhookCorpus.Body {
        let bytes = self.fitted(size: size) { generator, padding in
            var lines = ["長文失礼します。「議事録」"]
            for index in 0..<60 {
                lines.append(Self.sentences[index % Self.sentences.count])
            }
            let lead = lines.joined(separator: "\n") + padding + "\n\"以上\""
            let payload = generator.emojiText(lead: lead, padding: "", tokens: 2, tail: "😊")
            let event = generator.event(
                type: "message",
                payload: payload,
                source: generator.userSource(),
                replyable: true
            )
            return generator.body([event])
        }
        return WebhookCorpus.Body(name: name, bytes: bytes, eventCount: 1, eventTypes: ["message:text"])
    }

    /// The ten-event mix `rounds` times; the padding is spread over the group mention texts.
    mutating func mixed(name: String, rounds: Int, size: Int) -> WebhookCorpus.Body {
        let bytes = self.fitted(size: size) { generator, padding in
            let perRound = Array(padding)
            let share = perRound.count / rounds
            var events: [String] = []
            for round in 0..<rounds {
                let end = round == rounds - 1 ? perRound.count : (round + 1) * share
                let roundPadding = String(perRound[(round * share)..<end])
                events += generator.mixedRound(padding: roundPadding)
            }
            return generator.body(events)
        }
        let types = ["follow", "join", "message:image", "message:sticker", "message:text", "postback", "unfollow"]
        return WebhookCorpus.Body(name: name, bytes: bytes, eventCount: 10 * rounds, eventTypes: types)
    }

    mutating func mixedRound(padding: String) -> [String] {
        var events: [String] = []
        let greeting = self.random.pick(Self.greetings) + "明日よろしくお願いします"
        events.append(
            self.event(
                type: "message",
                payload: self.emojiText(lead: greeting, padding: "", tokens: 1, tail: ""),
                source: self.userSource(),
                replyable: true
            )
        )
        events.append(
            self.event(
                type: "message",
                payload: self.stickerMessage(messageSticker: false),
                source: self.userSource(),
                replyable: true
            )
        )
        events.append(
            self.event(
                type: "message",
                payload: self.imageMessage(external: false),
                source: self.userSource(),
                replyable: true
            )
        )
        events.append(
            self.event(
                type: "follow",
                payload: [("follow", JSONText.object([("isUnblocked", JSONText.bool(self.random.below(4) == 0))]))],
                source: self.userSource(),
                replyable: true
            )
        )
        events.append(self.event(type: "unfollow", payload: [], source: self.userSource(), replyable: false))
        let item = self.random.digits(4)
        let day = 1 + self.random.below(28)
        let postback = JSONText.object([
            ("data", JSONText.string("action=reserve&itemid=\(item)&store=shibuya")),
            ("params", JSONText.object([("datetime", JSONText.string("2025-12-\(day < 10 ? "0" : "")\(day)T10:00"))])),
        ])
        events.append(
            self.event(type: "postback", payload: [("postback", postback)], source: self.userSource(), replyable: true)
        )
        events.append(self.event(type: "join", payload: [], source: self.groupSource(withUser: false), replyable: true))
        events.append(
            self.event(
                type: "message",
                payload: self.mentionMessage(padding: padding),
                source: self.groupSource(withUser: true),
                replyable: true
            )
        )
        events.append(
            self.event(
                type: "message",
                payload: self.stickerMessage(messageSticker: true),
                source: self.roomSource(),
                replyable: true
            )
        )
        events.append(
            self.event(
                type: "message",
                payload: self.imageMessage(external: true),
                source: self.groupSource(withUser: true),
                replyable: true
            )
        )
        return events
    }
}
