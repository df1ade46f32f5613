/// Cuts outgoing text into messages that respect a length limit and an emoji limit.
///
/// Lengths are UTF-16 code units, as LINE counts them. Cuts fall on grapheme-cluster boundaries, so no
/// character (a ZWJ emoji sequence, a letter with combining marks, a surrogate pair) is ever split; only a
/// single grapheme cluster longer than the whole limit is cut, between Unicode scalars. Emoji placeholders,
/// literal tokens and mentions are never split.
struct OutboundTextSplitter {
    struct Chunk {
        var text: String
        var emojis: [LineOutboundEmoji]
    }

    let limit: Int
    let maximumEmoji: Int
    private(set) var chunks: [Chunk] = []
    private var text = ""
    private var emojis: [LineOutboundEmoji] = []
    /// What the platform will count: an emoji's `$` counts as its token's length.
    private var budget = 0
    /// Where the next code unit lands in `text`.
    private var offset = 0

    init(limit: Int, maximumEmoji: Int) {
        self.limit = limit
        self.maximumEmoji = maximumEmoji
    }

    private mutating func flush() {
        guard !text.isEmpty else { return }
        chunks.append(Chunk(text: text, emojis: emojis))
        text = ""
        emojis = []
        budget = 0
        offset = 0
    }

    /// Appends plain text, cutting between grapheme clusters where the limit is reached.
    mutating func appendPlain(_ plain: String) {
        let units = plain.utf16.count
        if budget + units <= limit {
            text += plain
            budget += units
            offset += units
            return
        }
        var pendingStart = plain.startIndex
        var pendingUnits = 0
        for index in plain.indices {
            let character = plain[index]
            let characterUnits = character.utf16.count
            if budget + pendingUnits + characterUnits > limit {
                text += plain[pendingStart..<index]
                budget += pendingUnits
                offset += pendingUnits
                pendingStart = index
                pendingUnits = 0
                flush()
                if characterUnits > limit {
                    appendOversizedCharacter(character)
                    pendingStart = plain.index(after: index)
                    continue
                }
            }
            pendingUnits += characterUnits
        }
        text += plain[pendingStart...]
        budget += pendingUnits
        offset += pendingUnits
    }

    /// A grapheme cluster longer than the limit: cut between scalars, never inside a surrogate pair.
    private mutating func appendOversizedCharacter(_ character: Character) {
        for scalar in character.unicodeScalars {
            let units = UTF16.width(scalar)
            if budget + units > limit { flush() }
            text.unicodeScalars.append(scalar)
            budget += units
            offset += units
        }
    }

    /// Appends text that must stay in one message, such as a literal token or a mention.
    mutating func appendAtomic(_ atomic: String) {
        let units = atomic.utf16.count
        guard units <= limit else {
            appendPlain(atomic)
            return
        }
        if budget + units > limit { flush() }
        text += atomic
        budget += units
        offset += units
    }

    /// Appends a `$` placeholder for an emoji that LINE counts as `countedUnits` code units.
    mutating func appendEmoji(productID: String, emojiID: String, countedUnits: Int) {
        let counted = min(max(1, countedUnits), limit)
        if emojis.count >= maximumEmoji || budget + counted > limit { flush() }
        emojis.append(LineOutboundEmoji(index: offset, productID: productID, emojiID: emojiID))
        text += "$"
        budget += counted
        offset += 1
    }

    /// Ends the last message and returns all of them.
    mutating func finish() -> [Chunk] {
        flush()
        return chunks
    }
}
