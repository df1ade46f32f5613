import Synchronization

/// Maps LINE emoji text tokens to emoji and back, and knows which emoji a bot may send (R14).
///
/// LINE does not publish the tokens of its emoji, so the catalog learns them from received messages (every
/// emoji in a webhook comes with its token, product ID and emoji ID) and can be seeded from a JSON file, for
/// example one built from LINE's list of sendable emoji. Only seeded entries can be marked sendable: an emoji
/// a user sent is not necessarily one a bot may send, and sending one that is not makes LINE refuse the whole
/// request. Tokens of unsendable or unknown emoji are sent as literal text instead.
///
/// A token names one emoji. If a received emoji's token is already taken by another emoji (two sets may both
/// call an emoji `(smile)`), the newcomer is shown with its fallback token, so every token in the workspace
/// still maps back to exactly one emoji.
///
/// The catalog is bounded: it holds at most ``capacity`` learned tokens. When a new token would exceed that,
/// the least recently used tenth of the learned tokens (looked up or learned longest ago) is dropped.
/// Seeded entries are never dropped and do not count against the capacity.
///
/// The catalog is a class with a lock inside, so one instance can be shared by every task; all methods are
/// synchronous and short, which keeps encoders synchronous too.
public final class EmojiCatalog: Sendable {
    /// One token and the emoji it stands for.
    public struct Entry: Sendable, Hashable {
        /// The token, such as `(smile)`.
        public var token: String
        /// The emoji.
        public var key: LineEmojiKey
        /// Whether a bot may send this emoji to LINE.
        public var isSendable: Bool

        /// Creates an entry.
        /// - Parameters:
        ///   - token: The token, such as `(smile)`.
        ///   - key: The emoji.
        ///   - isSendable: Whether a bot may send the emoji.
        public init(token: String, key: LineEmojiKey, isSendable: Bool) {
            self.token = token
            self.key = key
            self.isSendable = isSendable
        }
    }

    /// What ``learn(token:key:)`` did.
    public enum LearnOutcome: Sendable, Hashable {
        /// The token was new and now names the emoji.
        case learned
        /// The catalog already had this token for this emoji.
        case known
        /// The token already names another emoji; nothing changed.
        case conflict(existing: LineEmojiKey)
        /// The text is not token-shaped (see ``LineEmojiToken/isWellFormed(_:)``); nothing changed.
        case notAToken
    }

    private struct TokenSlot {
        var key: LineEmojiKey
        var pinned: Bool
        var lastUse: UInt64
    }

    private struct KeySlot {
        var token: String
        var sendable: Bool
        var pinned: Bool
    }

    private struct State {
        var tokens: [String: TokenSlot] = [:]
        var keys: [LineEmojiKey: KeySlot] = [:]
        var clock: UInt64 = 0
        var learnedCount = 0

        mutating func tick() -> UInt64 {
            clock &+= 1
            return clock
        }
    }

    /// The most learned tokens the catalog keeps.
    public let capacity: Int
    private let state: Mutex<State>

    /// Creates an empty catalog.
    /// - Parameter capacity: The most learned tokens to keep; at least 1.
    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
        self.state = Mutex(State())
    }

    /// Creates a catalog seeded from entries; see ``seed(_:)``.
    /// - Parameters:
    ///   - entries: The seed entries.
    ///   - capacity: The most learned tokens to keep.
    public convenience init(seed entries: [Entry], capacity: Int = 10_000) {
        self.init(capacity: capacity)
        seed(entries)
    }

    /// Adds entries that are never evicted, replacing what the catalog knew about their tokens and emoji.
    ///
    /// The first entry for an emoji becomes the token ``token(for:)`` returns for it.
    /// - Parameter entries: The entries.
    public func seed(_ entries: [Entry]) {
        state.withLock { state in
            var firstTokenOfKey: Set<LineEmojiKey> = []
            for entry in entries {
                let now = state.tick()
                if let old = state.tokens[entry.token], !old.pinned { state.learnedCount -= 1 }
                state.tokens[entry.token] = TokenSlot(key: entry.key, pinned: true, lastUse: now)
                if firstTokenOfKey.insert(entry.key).inserted {
                    state.keys[entry.key] = KeySlot(token: entry.token, sendable: entry.isSendable, pinned: true)
                }
            }
        }
    }

    /// Records a token seen in a received message.
    ///
    /// Learned emoji are not sendable unless a seed says so.
    /// - Parameters:
    ///   - token: The token text, such as `(love)`.
    ///   - key: The emoji it stood for.
    /// - Returns: What the catalog did.
    @discardableResult
    public func learn(token: String, key: LineEmojiKey) -> LearnOutcome {
        guard LineEmojiToken.isWellFormed(token), LineEmojiToken.parseFallback(token) == nil else { return .notAToken }
        return state.withLock { state in
            let now = state.tick()
            if var existing = state.tokens[token] {
                guard existing.key == key else { return .conflict(existing: existing.key) }
                existing.lastUse = now
                state.tokens[token] = existing
                return .known
            }
            state.tokens[token] = TokenSlot(key: key, pinned: false, lastUse: now)
            state.learnedCount += 1
            if state.keys[key] == nil {
                state.keys[key] = KeySlot(token: token, sendable: false, pinned: false)
            }
            if state.learnedCount > capacity { Self.evict(&state, capacity: capacity) }
            return .learned
        }
    }

    /// Drops the least recently used tenth of the learned tokens.
    private static func evict(_ state: inout State, capacity: Int) {
        let target = capacity - max(1, capacity / 10)
        let learned = state.tokens.filter { !$0.value.pinned }.sorted { $0.value.lastUse < $1.value.lastUse }
        for (token, slot) in learned.prefix(max(0, state.learnedCount - target)) {
            state.tokens[token] = nil
            state.learnedCount -= 1
            if let keySlot = state.keys[slot.key], !keySlot.pinned, keySlot.token == token {
                state.keys[slot.key] = nil
            }
        }
    }

    /// The entry for a token, or `nil` when the catalog does not know it.
    /// - Parameter token: The token, such as `(smile)`.
    /// - Returns: The entry; looking it up counts as a use for eviction.
    public func entry(forToken token: String) -> Entry? {
        state.withLock { state in
            guard var slot = state.tokens[token] else { return nil }
            slot.lastUse = state.tick()
            state.tokens[token] = slot
            return Entry(token: token, key: slot.key, isSendable: state.keys[slot.key]?.sendable ?? false)
        }
    }

    /// The token the catalog shows for an emoji, or `nil` when it knows none.
    /// - Parameter key: The emoji.
    public func token(for key: LineEmojiKey) -> String? {
        state.withLock { $0.keys[key]?.token }
    }

    /// Whether a bot may send the emoji to LINE: only emoji seeded as sendable.
    /// - Parameter key: The emoji.
    public func isSendable(_ key: LineEmojiKey) -> Bool {
        state.withLock { $0.keys[key]?.sendable ?? false }
    }

    /// The number of tokens the catalog holds, seeded and learned.
    public var count: Int {
        state.withLock { $0.tokens.count }
    }

    /// Every entry, sorted by token.
    public func entries() -> [Entry] {
        state.withLock { state in
            state.tokens.map { token, slot in
                Entry(token: token, key: slot.key, isSendable: state.keys[slot.key]?.sendable ?? false)
            }
        }
        .sorted { $0.token < $1.token }
    }
}
