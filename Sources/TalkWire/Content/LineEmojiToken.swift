/// The text tokens that stand for LINE emoji inside workspace text (R14).
///
/// LINE puts an alternative-text token such as `(love)` where an emoji stands in a received text; ExternalTalk
/// shows that token to workspace users. When no usable token is known, an emoji is shown as its *fallback
/// token*, `(emoji:PRODUCT_ID:EMOJI_ID)`, which is stable (it depends only on the emoji) and carries both IDs,
/// so it can be turned back into the emoji later.
public enum LineEmojiToken: Sendable {
    /// The longest token, in UTF-16 code units, that is treated as an emoji token.
    public static let maximumLength = 64

    private static let fallbackPrefix = "(emoji:"

    /// The fallback token for an emoji, `(emoji:PRODUCT_ID:EMOJI_ID)` (R14).
    /// - Parameters:
    ///   - productID: The emoji set.
    ///   - emojiID: The emoji within its set.
    /// - Returns: The token.
    public static func fallback(productID: String, emojiID: String) -> String {
        "\(fallbackPrefix)\(productID):\(emojiID))"
    }

    /// The emoji a fallback token names, or `nil` when `token` is not a fallback token.
    ///
    /// Both IDs must be 1 to 32 ASCII letters or digits.
    /// - Parameter token: A token such as `(emoji:5ac1bfd5040ab15980c9b435:001)`.
    /// - Returns: The emoji's key.
    public static func parseFallback(_ token: some StringProtocol) -> LineEmojiKey? {
        let token = Substring(token)
        guard token.hasPrefix(fallbackPrefix), token.hasSuffix(")") else { return nil }
        let inner = token.dropFirst(fallbackPrefix.count).dropLast()
        let parts = inner.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy(isIdentifier) else { return nil }
        return LineEmojiKey(productID: String(parts[0]), emojiID: String(parts[1]))
    }

    /// Whether `text` has the shape of an emoji token: `(`, 1 or more characters without parentheses, line breaks
    /// or control characters, then `)`, at most ``maximumLength`` UTF-16 code units in all.
    /// - Parameter text: The candidate.
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        let length = text.utf16.count
        guard length >= 3, length <= maximumLength, text.hasPrefix("("), text.hasSuffix(")") else { return false }
        for scalar in text.unicodeScalars.dropFirst().dropLast() {
            switch scalar.value {
            case 0x28, 0x29: return false
            case 0..<0x20, 0x7F..<0xA0, 0x2028, 0x2029: return false
            default: continue
            }
        }
        return true
    }

    private static func isIdentifier(_ part: Substring) -> Bool {
        !part.isEmpty && part.utf8.count <= 32
            && part.utf8.allSatisfy { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            }
    }
}

extension TextContent {
    /// Reads text a workspace user typed, turning emoji tokens back into LINE emoji (R14).
    ///
    /// A token becomes an emoji run when `catalog` knows it, or when it is a fallback token
    /// (`(emoji:PRODUCT_ID:EMOJI_ID)`). Everything else, including `(tokens)` nobody knows, `$`, `{` and `}`,
    /// stays plain text.
    /// - Parameters:
    ///   - workspaceText: The text as typed, such as `Thanks (smile)`.
    ///   - catalog: The emoji catalog to look tokens up in; `nil` recognizes only fallback tokens.
    public init(workspaceText: String, catalog: EmojiCatalog?) {
        var runs: [TextRun] = []
        var plainStart = workspaceText.startIndex
        var cursor = workspaceText.startIndex
        let end = workspaceText.endIndex
        while let open = workspaceText[cursor...].firstIndex(of: "(") {
            // The token ends at the first ")" after the "("; a second "(" first means this "(" starts no token.
            guard
                let close = workspaceText[workspaceText.index(after: open)...].firstIndex(where: {
                    $0 == ")" || $0 == "("
                })
            else { break }
            if workspaceText[close] == "(" {
                cursor = close
                continue
            }
            let tokenEnd = workspaceText.index(after: close)
            let candidate = workspaceText[open..<tokenEnd]
            if LineEmojiToken.isWellFormed(candidate), let key = Self.emojiKey(for: candidate, catalog: catalog) {
                runs.append(.plain(String(workspaceText[plainStart..<open])))
                runs.append(.emoji(EmojiRun(token: String(candidate), productID: key.productID, emojiID: key.emojiID)))
                plainStart = tokenEnd
            }
            cursor = tokenEnd
            if cursor == end { break }
        }
        runs.append(.plain(String(workspaceText[plainStart..<end])))
        self.init(runs: runs)
    }

    private static func emojiKey(for token: Substring, catalog: EmojiCatalog?) -> LineEmojiKey? {
        if let entry = catalog?.entry(forToken: String(token)) { return entry.key }
        return LineEmojiToken.parseFallback(token)
    }
}
