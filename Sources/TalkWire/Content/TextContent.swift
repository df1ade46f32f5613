/// Text as a sequence of runs: plain text, LINE emoji and mentions.
///
/// Runs are kept in a normal form, so two texts that read the same compare equal: adjacent plain runs are
/// merged, empty plain runs are dropped, and an emoji run without a token gets its fallback token.
///
/// For display inside the workspace, ``displayText`` shows each emoji as its text token such as `(smile)` (R14).
public struct TextContent: Sendable, Hashable {
    /// The runs, in normal form.
    public private(set) var runs: [TextRun]
    /// Quick reply buttons offered with the text, if any; LINE shows them under the message and the
    /// ``LineMessageEncoder`` puts them on the last message the text becomes. Received text has none.
    public var quickReply: LineQuickReply?

    /// Creates text from runs, bringing them into normal form.
    /// - Parameters:
    ///   - runs: The runs.
    ///   - quickReply: Quick reply buttons to offer with the text.
    public init(runs: [TextRun], quickReply: LineQuickReply? = nil) {
        self.quickReply = quickReply
        var normal: [TextRun] = []
        normal.reserveCapacity(runs.count)
        for run in runs {
            switch run {
            case .plain(let text):
                guard !text.isEmpty else { continue }
                if case .plain(let previous) = normal.last {
                    normal[normal.count - 1] = .plain(previous + text)
                } else {
                    normal.append(run)
                }
            case .emoji(var emoji):
                if emoji.token.isEmpty {
                    emoji.token = LineEmojiToken.fallback(productID: emoji.productID, emojiID: emoji.emojiID)
                }
                normal.append(.emoji(emoji))
            case .mention:
                normal.append(run)
            }
        }
        self.runs = normal
    }

    /// Creates text with no emoji or mentions.
    /// - Parameter plain: The text.
    public init(_ plain: String) {
        self.init(runs: [.plain(plain)])
    }

    /// The text as the workspace shows it: plain text, each emoji as its token, each mention as its text (R14).
    public var displayText: String {
        var result = ""
        for run in runs {
            switch run {
            case .plain(let text): result += text
            case .emoji(let emoji): result += emoji.token
            case .mention(let mention): result += mention.text
            }
        }
        return result
    }

    /// Whether the text has no runs at all.
    public var isEmpty: Bool { runs.isEmpty }

    /// The emoji runs, in order.
    public var emoji: [EmojiRun] {
        runs.compactMap { run in
            if case .emoji(let emoji) = run { return emoji }
            return nil
        }
    }
}

/// One run of a ``TextContent``.
@nonexhaustive
public enum TextRun: Sendable, Hashable {
    /// Plain text, kept exactly as written: a `$`, `{`, `}` or `(smile)` here is literal text.
    case plain(String)
    /// A LINE emoji.
    case emoji(EmojiRun)
    /// A mention of a user or of everyone.
    case mention(MentionRun)
}

/// A LINE emoji inside text: its text token and which emoji it is.
public struct EmojiRun: Sendable, Hashable {
    /// The token shown in the workspace for this emoji, such as `(smile)`, or a fallback token such as
    /// `(emoji:5ac1bfd5040ab15980c9b435:001)` when no usable token is known (R14).
    public var token: String
    /// The emoji set, such as `5ac1bfd5040ab15980c9b435`.
    public var productID: String
    /// The emoji within its set, such as `001`.
    public var emojiID: String

    /// Creates an emoji run.
    /// - Parameters:
    ///   - token: The text token; an empty token is replaced by the fallback token.
    ///   - productID: The emoji set.
    ///   - emojiID: The emoji within its set.
    public init(token: String, productID: String, emojiID: String) {
        self.token = token.isEmpty ? LineEmojiToken.fallback(productID: productID, emojiID: emojiID) : token
        self.productID = productID
        self.emojiID = emojiID
    }

    /// Creates an emoji run that shows its fallback token.
    /// - Parameters:
    ///   - productID: The emoji set.
    ///   - emojiID: The emoji within its set.
    public init(productID: String, emojiID: String) {
        self.init(
            token: LineEmojiToken.fallback(productID: productID, emojiID: emojiID),
            productID: productID,
            emojiID: emojiID
        )
    }

    /// The emoji's identity, without its token.
    public var key: LineEmojiKey { LineEmojiKey(productID: productID, emojiID: emojiID) }
}

/// Who a mention points at.
@nonexhaustive
public enum MentionTarget: Sendable, Hashable {
    /// One user; the ID is `nil` when the platform did not disclose it.
    case user(id: String?)
    /// Everyone in the room.
    case all
    /// A mentionee type ExternalTalk does not know, by its type name.
    case unknown(String)
}

/// A mention inside text.
public struct MentionRun: Sendable, Hashable {
    /// The mention as it reads in the text, such as `@Sato`.
    public var text: String
    /// Who is mentioned.
    public var target: MentionTarget
    /// Whether the mention points at the receiving bot or member itself, when the platform says so.
    public var isSelf: Bool?

    /// Creates a mention run.
    /// - Parameters:
    ///   - text: The mention as it reads in the text.
    ///   - target: Who is mentioned.
    ///   - isSelf: Whether the mention points at the receiver itself.
    public init(text: String, target: MentionTarget, isSelf: Bool? = nil) {
        self.text = text
        self.target = target
        self.isSelf = isSelf
    }
}

/// The identity of a LINE emoji: its set and its ID within the set.
public struct LineEmojiKey: Sendable, Hashable, CustomStringConvertible {
    /// The emoji set, such as `5ac1bfd5040ab15980c9b435`.
    public var productID: String
    /// The emoji within its set, such as `001`.
    public var emojiID: String

    /// Creates an emoji key.
    /// - Parameters:
    ///   - productID: The emoji set.
    ///   - emojiID: The emoji within its set.
    public init(productID: String, emojiID: String) {
        self.productID = productID
        self.emojiID = emojiID
    }

    /// `productId/emojiId`.
    public var description: String { "\(productID)/\(emojiID)" }
}
