import TalkModel

/// A received LINE text converted to runs, with a report of spans that did not fit (R14).
///
/// Emoji become ``EmojiRun``s whose token is the text LINE put at the emoji's place, such as `(smile)`, so the
/// workspace shows that token. An emoji gets its fallback token `(emoji:PRODUCT_ID:EMOJI_ID)` instead when the
/// text at its place is not token-shaped, or when the catalog already uses that token for another emoji.
///
/// Spans that do not fit (negative, empty, past the end, splitting a surrogate pair, or overlapping an earlier
/// span) are not used: their text stays plain and each is reported in ``issues``. The conversion never fails
/// and never drops text: ``TextContent/displayText`` of the result reads exactly like the input apart from
/// replaced tokens.
public struct LineInboundText: Sendable, Hashable {
    /// The text as runs.
    public var content: TextContent
    /// The spans that were not used, in the order of their position in the text.
    public var issues: [LineTextSpanIssue]

    /// Converts a LINE text message.
    ///
    /// The UTF-16 offsets are resolved in one pass over the text. Emoji tokens are learned into `catalog`.
    /// - Parameters:
    ///   - text: The message's `text`.
    ///   - emojis: The message's `emojis`.
    ///   - mentions: The message's `mention.mentionees`.
    ///   - catalog: The catalog that learns the tokens and settles token conflicts; `nil` to use tokens as given.
    public init(text: String, emojis: [LineEmoji], mentions: [LineMentionee] = [], catalog: EmojiCatalog? = nil) {
        struct Candidate {
            var span: LineTextSpan
            var owner: LineTextSpanIssue.Owner
            var position: Int
        }
        let utf16 = text.utf16
        let utf16Count = utf16.count
        var issues: [LineTextSpanIssue] = []
        var candidates: [Candidate] = []
        candidates.reserveCapacity(emojis.count + mentions.count)
        for (position, emoji) in emojis.enumerated() {
            candidates.append(Candidate(span: emoji.span, owner: .emoji, position: position))
        }
        for (position, mention) in mentions.enumerated() {
            candidates.append(Candidate(span: mention.span, owner: .mention, position: position))
        }
        // Sort by start, so one forward walk over the UTF-16 view resolves every offset.
        candidates.sort { left, right in
            if left.span.index != right.span.index { return left.span.index < right.span.index }
            if left.owner != right.owner { return left.owner == .emoji }
            return left.position < right.position
        }

        var runs: [TextRun] = []
        var walkOffset = 0
        var walkIndex = utf16.startIndex
        var plainStart = text.startIndex
        var acceptedEnd = 0
        for candidate in candidates {
            let span = candidate.span
            guard span.index >= 0, span.length > 0, let end = span.end, end <= utf16Count else {
                issues.append(
                    LineTextSpanIssue(kind: .outOfBounds, owner: candidate.owner, position: candidate.position)
                )
                continue
            }
            guard span.index >= acceptedEnd else {
                issues.append(
                    LineTextSpanIssue(kind: .overlapping, owner: candidate.owner, position: candidate.position)
                )
                continue
            }
            walkIndex = utf16.index(walkIndex, offsetBy: span.index - walkOffset)
            walkOffset = span.index
            let lower = walkIndex
            let upper = utf16.index(lower, offsetBy: span.length)
            guard lower.samePosition(in: text.unicodeScalars) != nil,
                upper.samePosition(in: text.unicodeScalars) != nil
            else {
                issues.append(
                    LineTextSpanIssue(kind: .outOfBounds, owner: candidate.owner, position: candidate.position)
                )
                continue
            }
            acceptedEnd = end
            // Slice by scalars: a span may start or end inside a grapheme cluster (after a combining mark).
            runs.append(.plain(String(text.unicodeScalars[plainStart..<lower])))
            let spanText = String(text.unicodeScalars[lower..<upper])
            switch candidate.owner {
            case .emoji:
                let emoji = emojis[candidate.position]
                runs.append(.emoji(Self.emojiRun(token: spanText, emoji: emoji, catalog: catalog)))
            case .mention:
                let mention = mentions[candidate.position]
                runs.append(.mention(MentionRun(text: spanText, target: mention.target, isSelf: mention.isSelf)))
            }
            plainStart = upper
        }
        runs.append(.plain(String(text.unicodeScalars[plainStart...])))
        self.content = TextContent(runs: runs)
        self.issues = issues.sorted { left, right in
            let leftIndex = Self.span(of: left, emojis: emojis, mentions: mentions).index
            let rightIndex = Self.span(of: right, emojis: emojis, mentions: mentions).index
            if leftIndex != rightIndex { return leftIndex < rightIndex }
            return (left.owner == .emoji ? 0 : 1, left.position) < (right.owner == .emoji ? 0 : 1, right.position)
        }
    }

    private static func span(
        of issue: LineTextSpanIssue,
        emojis: [LineEmoji],
        mentions: [LineMentionee]
    ) -> LineTextSpan {
        switch issue.owner {
        case .emoji: emojis[issue.position].span
        case .mention: mentions[issue.position].span
        }
    }

    private static func emojiRun(token: String, emoji: LineEmoji, catalog: EmojiCatalog?) -> EmojiRun {
        let key = LineEmojiKey(productID: emoji.productID, emojiID: emoji.emojiID)
        // A fallback-shaped token must name this very emoji, or the workspace would read it as another one.
        if let named = LineEmojiToken.parseFallback(token) {
            return named == key
                ? EmojiRun(token: token, productID: key.productID, emojiID: key.emojiID)
                : EmojiRun(productID: key.productID, emojiID: key.emojiID)
        }
        guard LineEmojiToken.isWellFormed(token) else {
            return EmojiRun(productID: key.productID, emojiID: key.emojiID)
        }
        if let catalog {
            switch catalog.learn(token: token, key: key) {
            case .learned, .known: break
            case .conflict, .notAToken: return EmojiRun(productID: key.productID, emojiID: key.emojiID)
            }
        }
        return EmojiRun(token: token, productID: key.productID, emojiID: key.emojiID)
    }
}

extension LineInboundText {
    /// Converts the text content of a decoded LINE message.
    /// - Parameters:
    ///   - content: The decoded text, emoji and mentions.
    ///   - catalog: The catalog that learns the tokens and settles token conflicts; `nil` to use tokens as given.
    public init(_ content: LineTextContent, catalog: EmojiCatalog? = nil) {
        self.init(text: content.text, emojis: content.emojis, mentions: content.mentionees, catalog: catalog)
    }
}

extension LineMentionee {
    /// Whom the mention names, in the canonical form.
    var target: MentionTarget {
        switch type {
        case .user?: return .user(id: userID?.rawValue)
        case .all?: return .all
        case let other?: return .unknown(other.rawValue)
        case nil: return userID.map { .user(id: $0.rawValue) } ?? .unknown("")
        }
    }
}
