/// The emoji catalog's JSON seed format:
///
/// ```json
/// {"emoji": [{"token": "(smile)", "productId": "5ac1bfd5040ab15980c9b435", "emojiId": "001", "sendable": true}]}
/// ```
///
/// `sendable` is optional and defaults to `false`; other members are ignored. ``EmojiCatalog/jsonBytes()``
/// writes the same format, so learned tokens can be saved and loaded again.
extension EmojiCatalog {
    /// Creates a catalog seeded from a JSON document.
    /// - Parameters:
    ///   - seedJSON: The seed, in the format above.
    ///   - capacity: The most learned tokens to keep.
    /// - Throws: ``ContentDecodingError`` naming the entry and field.
    public convenience init(seedJSON: some Collection<UInt8>, capacity: Int = 10_000) throws(ContentDecodingError) {
        self.init(seed: try Self.entries(fromJSON: seedJSON), capacity: capacity)
    }

    /// Reads seed entries from JSON without changing any catalog.
    /// - Parameter bytes: The seed document.
    /// - Returns: The entries, in order.
    /// - Throws: ``ContentDecodingError`` naming the entry and field, for example when an entry's token is not
    ///   token-shaped or a token is given for two different emoji.
    public static func entries(fromJSON bytes: some Collection<UInt8>) throws(ContentDecodingError) -> [Entry] {
        let document = try JSONFields(
            try JSONValue.parseDocument(bytes, maximumBytes: 64 << 20),
            path: ""
        )
        var entries: [Entry] = []
        var seen: [String: LineEmojiKey] = [:]
        for (position, element) in try document.array("emoji").enumerated() {
            let fields = try JSONFields(element, path: "emoji[\(position)]")
            let token = try fields.string("token")
            guard LineEmojiToken.isWellFormed(token), LineEmojiToken.parseFallback(token) == nil else {
                throw ContentDecodingError(
                    code: .invalidValue,
                    path: fields.childPath("token"),
                    message: "a token is \"(\", up to \(LineEmojiToken.maximumLength - 2) characters without "
                        + "parentheses or line breaks, then \")\""
                )
            }
            let key = LineEmojiKey(
                productID: try fields.nonEmptyString("productId"),
                emojiID: try fields.nonEmptyString("emojiId")
            )
            if let earlier = seen[token], earlier != key {
                throw ContentDecodingError(
                    code: .invalidValue,
                    path: fields.childPath("token"),
                    message: "the token is already given for another emoji"
                )
            }
            seen[token] = key
            entries.append(Entry(token: token, key: key, isSendable: try fields.optionalBool("sendable") ?? false))
        }
        return entries
    }

    /// Adds the entries of a JSON seed; see ``seed(_:)``.
    /// - Parameter bytes: The seed document.
    /// - Returns: The number of entries read.
    /// - Throws: ``ContentDecodingError``; the catalog is unchanged when reading fails.
    @discardableResult
    public func seed(fromJSON bytes: some Collection<UInt8>) throws(ContentDecodingError) -> Int {
        let entries = try Self.entries(fromJSON: bytes)
        seed(entries)
        return entries.count
    }

    /// Every entry, seeded and learned, in the seed format, sorted by token.
    public func jsonBytes() -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("emoji")
        writer.beginArray()
        for entry in entries() {
            writer.beginObject()
            writer.field("token", entry.token)
            writer.field("productId", entry.key.productID)
            writer.field("emojiId", entry.key.emojiID)
            writer.field("sendable", entry.isSendable)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }
}
