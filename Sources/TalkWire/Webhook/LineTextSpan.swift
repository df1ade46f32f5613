/// A span of a LINE text message, counted in UTF-16 code units as the Messaging API counts them.
///
/// LINE locates emoji and mentions inside `text` by `index` and `length` in UTF-16 code units.
/// The values are kept exactly as received, even when they do not fit the text; use
/// ``range(in:)`` to turn them into a range of the Swift `String`, which is `nil` when they do not fit.
public struct LineTextSpan: Sendable, Hashable {
    /// The UTF-16 offset of the first code unit of the span.
    public var index: Int
    /// The number of UTF-16 code units in the span.
    public var length: Int

    /// Creates a span from UTF-16 offsets.
    public init(index: Int, length: Int) {
        self.index = index
        self.length = length
    }

    /// The UTF-16 offset one past the last code unit, or `nil` when it overflows.
    public var end: Int? {
        let (sum, overflow) = index.addingReportingOverflow(length)
        return overflow ? nil : sum
    }

    /// The range of `text` this span covers, or `nil` when it does not fit.
    ///
    /// A span does not fit when it is negative, empty, runs past the end of the text, or starts or ends
    /// inside a surrogate pair.
    public func range(in text: String) -> Range<String.Index>? {
        let utf16 = text.utf16
        guard index >= 0, length > 0, let end = self.end, end <= utf16.count else { return nil }
        let lower = utf16.index(utf16.startIndex, offsetBy: index)
        let upper = utf16.index(lower, offsetBy: length)
        // A boundary inside a surrogate pair has no position in the scalar view.
        guard lower.samePosition(in: text.unicodeScalars) != nil,
            upper.samePosition(in: text.unicodeScalars) != nil
        else { return nil }
        return lower..<upper
    }

    /// The text this span covers, or `nil` when it does not fit.
    public func substring(of text: String) -> Substring? {
        range(in: text).map { text[$0] }
    }
}

/// A LINE emoji inside a text message: where it stands and which emoji it is.
///
/// The text at the span holds the emoji's alternative-text token, such as `(love)`.
public struct LineEmoji: Sendable, Hashable {
    /// Where the emoji's token stands in the text, in UTF-16 code units.
    public var span: LineTextSpan
    /// The emoji set, a 24-digit hexadecimal ID such as `5ac1bfd5040ab15980c9b435`.
    public var productID: String
    /// The emoji within its set, such as `001`.
    public var emojiID: String

    /// Creates an emoji reference.
    public init(span: LineTextSpan, productID: String, emojiID: String) {
        self.span = span
        self.productID = productID
        self.emojiID = emojiID
    }

    /// The emoji's text token cut out of `text`, such as `(love)`, or `nil` when the span does not fit.
    public func token(in text: String) -> Substring? {
        span.substring(of: text)
    }
}

/// What is wrong with the spans of a text message.
///
/// Spans are never dropped: a message whose spans do not fit keeps them as given and reports them here.
public struct LineTextSpanIssue: Sendable, Hashable {
    /// What kind of problem the span has.
    @nonexhaustive
    public enum Kind: String, Sendable, Hashable {
        /// The span is negative, empty, runs past the end of the text, or splits a surrogate pair.
        case outOfBounds
        /// The span overlaps an earlier span of the same message.
        case overlapping
    }

    /// Whether the span is an emoji or a mention.
    public enum Owner: String, Sendable, Hashable {
        /// An entry of `emojis`.
        case emoji
        /// An entry of `mention.mentionees`.
        case mention
    }

    /// The kind of problem.
    public var kind: Kind
    /// Which list the span belongs to.
    public var owner: Owner
    /// The position of the span in its list.
    public var position: Int

    /// Creates a span issue.
    public init(kind: Kind, owner: Owner, position: Int) {
        self.kind = kind
        self.owner = owner
        self.position = position
    }
}

extension LineTextSpan {
    /// Whether this span fits `text`, as ``range(in:)`` would say, found in one pass over the text's UTF-8.
    func fits(in text: String) -> Bool {
        guard index >= 0, length > 0, let end else { return false }
        var text = text
        return text.withUTF8 { bytes in
            var utf16Offset = 0
            var byteIndex = 0
            var startFound = false
            while byteIndex < bytes.count {
                // `utf16Offset` is a scalar boundary here.
                if utf16Offset == index { startFound = true }
                if utf16Offset == end { return startFound }
                if utf16Offset > end { return false }
                let lead = bytes[byteIndex]
                let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                utf16Offset += width == 4 ? 2 : 1
                byteIndex += width
            }
            return utf16Offset == end && (startFound || utf16Offset == index)
        }
    }

    /// Whether each span fits `text`, as ``range(in:)`` would say, found in one pass over the text's UTF-8.
    ///
    /// Decoding checks every span of every message; walking the bytes once is far cheaper than building
    /// UTF-16 indexes into each string.
    static func fitting(_ spans: [LineTextSpan], in text: String) -> [Bool] {
        var fits = [Bool](repeating: false, count: spans.count)
        // Each usable span contributes its two boundaries, visited in order during the walk.
        var boundaries: [(offset: Int, span: Int)] = []
        boundaries.reserveCapacity(spans.count * 2)
        for (position, span) in spans.enumerated() {
            guard span.index >= 0, span.length > 0, let end = span.end else { continue }
            boundaries.append((span.index, position))
            boundaries.append((end, position))
            fits[position] = true
        }
        if boundaries.isEmpty { return fits }
        boundaries.sort { $0.offset < $1.offset }

        var next = 0
        var utf16Offset = 0
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count, next < boundaries.count {
                // `utf16Offset` is a scalar boundary here; boundaries before it fell inside a surrogate pair.
                while next < boundaries.count, boundaries[next].offset <= utf16Offset {
                    if boundaries[next].offset < utf16Offset { fits[boundaries[next].span] = false }
                    next += 1
                }
                let lead = bytes[index]
                let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                utf16Offset += width == 4 ? 2 : 1
                index += width
            }
        }
        // What is left lies at or past the end: only the end itself is a boundary.
        while next < boundaries.count {
            if boundaries[next].offset != utf16Offset { fits[boundaries[next].span] = false }
            next += 1
        }
        return fits
    }
}
