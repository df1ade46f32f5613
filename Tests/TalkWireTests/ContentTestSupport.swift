import PropertyBased
import TalkModel
import TalkWire
import Testing

/// Shared fixtures and generators for the content, emoji and encoding tests.
enum Fixture {
    static let productA = "5ac1bfd5040ab15980c9b435"
    static let productB = "5ac21c46040ab15980c9b442"

    /// Tokens and emoji that agree with each other, so a catalog never reports a conflict.
    static let emoji: [(token: String, key: LineEmojiKey, sendable: Bool)] = [
        ("(smile)", LineEmojiKey(productID: productA, emojiID: "001"), true),
        ("(love)", LineEmojiKey(productID: productA, emojiID: "002"), true),
        ("(笑)", LineEmojiKey(productID: productA, emojiID: "003"), true),
        ("(moon grin)", LineEmojiKey(productID: productB, emojiID: "010"), false),
        ("(emoji:\(productB):011)", LineEmojiKey(productID: productB, emojiID: "011"), false),
    ]

    static func catalog() -> EmojiCatalog {
        EmojiCatalog(
            seed: emoji.filter { LineEmojiToken.parseFallback($0.token) == nil }.map {
                EmojiCatalog.Entry(token: $0.token, key: $0.key, isSendable: $0.sendable)
            }
        )
    }

    static func emojiRun(_ index: Int) -> EmojiRun {
        let entry = emoji[index]
        return EmojiRun(token: entry.token, productID: entry.key.productID, emojiID: entry.key.emojiID)
    }

    static let smile = emojiRun(0)
    static let love = emojiRun(1)
    static let moonGrin = emojiRun(3)

    /// Pieces of plain text that exercise UTF-16 arithmetic and look-alikes of emoji tokens and placeholders.
    static let fragments: [String] = [
        "a", "Hello", " ", "\n", "日本語", "テキストです。", "😀", "🍎🍎", "👨‍👩‍👧", "👍🏽", "🇯🇵", "e\u{301}",
        "n\u{303}\u{323}", "$", "$$", "{", "}", "{name}", "{{x}}", "(smile", "smile)", "(smiley)", "((", "))",
        "(hello)", "(emoji:zz)", "\u{0}", "\t", "\"", "\\", "𠮷野家", "ﾊﾝｶｸ", "\u{FEFF}", "\u{2028}",
    ]

    /// A fragment that begins with a grapheme extender, joining the previous run's last character.
    static let leadingCombiningMark = "\u{301}"

    static func randomPlain(using rng: inout some RandomNumberGenerator, allowLeadingExtender: Bool) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0 where allowLeadingExtender || !text.isEmpty:
                // A random scalar anywhere in Unicode (surrogates excluded by construction); it may be a
                // grapheme extender, so it opens a run only where joining the previous run is allowed.
                let value =
                    Bool.random(using: &rng)
                    ? UInt32.random(in: 0x20...0xD7FF, using: &rng) : UInt32.random(in: 0xE000...0x10FFFF, using: &rng)
                if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
            case 1 where allowLeadingExtender && text.isEmpty:
                text += leadingCombiningMark
            default:
                text += fragments.randomElement(using: &rng) ?? "a"
            }
        }
        return text
    }

    /// Random runs: plain text, emoji from ``emoji`` and mentions.
    static func randomRuns(
        using rng: inout some RandomNumberGenerator,
        maximumRuns: Int,
        allowLeadingExtender: Bool = true,
        longText: Bool = false
    ) -> [TextRun] {
        var runs: [TextRun] = []
        for _ in 0..<Int.random(in: 1...maximumRuns, using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...3:
                runs.append(.emoji(emojiRun(Int.random(in: 0..<emoji.count, using: &rng))))
            case 4:
                let target: MentionTarget =
                    Bool.random(using: &rng) ? .user(id: "U4af4980629a1b2c3d4e5f60718293a4b") : .all
                runs.append(.mention(MentionRun(text: "@Sato", target: target)))
            case 5 where longText:
                let block =
                    Bool.random(using: &rng) ? String(repeating: "あ", count: 1200) : String(repeating: "😀", count: 700)
                runs.append(.plain(block))
            default:
                runs.append(.plain(randomPlain(using: &rng, allowLeadingExtender: allowLeadingExtender)))
            }
        }
        return runs
    }

    static func runsGenerator(
        maximumRuns: Int,
        allowLeadingExtender: Bool = true,
        longText: Bool = false
    )
        -> Generator<[TextRun], Shrink.None<[TextRun]>>
    {
        Generator { rng in
            randomRuns(
                using: &rng,
                maximumRuns: maximumRuns,
                allowLeadingExtender: allowLeadingExtender,
                longText: longText
            )
        }
    }

    /// Builds the text and `emojis`/mention spans LINE would send for these runs.
    static func lineInbound(_ runs: [TextRun]) -> (text: String, emojis: [LineEmoji], mentions: [LineMentionee]) {
        var text = ""
        var emojis: [LineEmoji] = []
        var mentions: [LineMentionee] = []
        for run in runs {
            let offset = text.utf16.count
            switch run {
            case .plain(let plain):
                text += plain
            case .emoji(let emoji):
                text += emoji.token
                emojis.append(
                    LineEmoji(
                        span: LineTextSpan(index: offset, length: emoji.token.utf16.count),
                        productID: emoji.productID,
                        emojiID: emoji.emojiID
                    )
                )
            case .mention(let mention):
                text += mention.text
                let type: LineMentioneeType
                var userID: String?
                switch mention.target {
                case .user(let id):
                    type = .user
                    userID = id
                case .all:
                    type = .all
                case .unknown(let name):
                    type = LineMentioneeType(rawValue: name)
                }
                mentions.append(
                    LineMentionee(
                        span: LineTextSpan(index: offset, length: mention.text.utf16.count),
                        type: type,
                        userID: userID.flatMap { try? LineUserID($0) },
                        isSelf: mention.isSelf
                    )
                )
            }
        }
        return (text, emojis, mentions)
    }

    /// The code units `span` covers, cut from the UTF-16 view independently of the code under test.
    static func utf16Slice(_ text: String, _ span: LineTextSpan) -> String? {
        let units = Array(text.utf16)
        guard span.index >= 0, span.length > 0, span.index + span.length <= units.count else { return nil }
        return String(utf16CodeUnits: units[span.index..<(span.index + span.length)])
    }
}

extension String {
    /// Decodes UTF-16 code units; `nil` if they are not well-formed.
    init?(utf16CodeUnits units: some Collection<UInt16>) {
        var result = ""
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): result.unicodeScalars.append(scalar)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        self = result
    }
}

/// Parses bytes that the code under test produced; throws (failing the test) when they are not valid JSON.
func parsedJSON(_ bytes: [UInt8]) throws -> JSONValue {
    try JSONValue(parsing: bytes)
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
