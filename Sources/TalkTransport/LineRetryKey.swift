/// The `X-Line-Retry-Key` of a push-type request: a UUID that makes retries safe.
///
/// LINE accepts a request with a given key at most once within 24 hours of the first attempt and answers a
/// repeat with 409 (``TalkTransportError/Code/duplicate``), so a request retried after a timeout or a 5xx is
/// never sent twice. Create the key *before* the first attempt, store it with the outgoing message, and reuse it
/// for every retry of that request, including retries after a restart. Replies take no key.
public struct LineRetryKey: Sendable, Hashable, CustomStringConvertible {
    /// How long LINE remembers a key, from its first attempt.
    public static let validity = Duration.seconds(24 * 60 * 60)

    /// The key in lowercase hexadecimal UUID form, such as `123e4567-e89b-42d3-a456-426614174000`.
    public let rawValue: String

    /// Parses a key.
    /// - Parameter text: A UUID in the 8-4-4-4-12 hexadecimal form; upper case is folded to lower case.
    /// - Throws: ``TalkTransportError`` with ``TalkTransportError/Code/invalidRequest`` naming the offset of the
    ///   first wrong character.
    public init(_ text: String) throws(TalkTransportError) {
        let lowered = text.lowercased()
        let scalars = Array(lowered.unicodeScalars)
        guard scalars.count == 36 else {
            throw TalkTransportError(
                .invalidRequest,
                operation: "parse retry key",
                message: "a retry key is a 36-character UUID, not \(scalars.count) characters"
            )
        }
        for (offset, scalar) in scalars.enumerated() {
            let isDashPosition = [8, 13, 18, 23].contains(offset)
            let isHex = ("0"..."9").contains(scalar) || ("a"..."f").contains(scalar)
            guard isDashPosition ? scalar == "-" : isHex else {
                throw TalkTransportError(
                    .invalidRequest,
                    operation: "parse retry key",
                    message: "offset \(offset) of the retry key must be \(isDashPosition ? "'-'" : "a hex digit")"
                )
            }
        }
        self.rawValue = lowered
    }

    private init(bits high: UInt64, _ low: UInt64) {
        // Version 4 and the RFC 4122 variant, so the key is a well-formed random UUID.
        let high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let hex = Self.hex(high, digits: 16) + Self.hex(low, digits: 16)
        let characters = Array(hex)
        var text = ""
        for (index, character) in characters.enumerated() {
            if [8, 12, 16, 20].contains(index) { text.append("-") }
            text.append(character)
        }
        self.rawValue = text
    }

    /// A new random key.
    /// - Returns: A version 4 UUID from the system's secure random source.
    public static func random() -> LineRetryKey {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// A new key from a given random source, for reproducible tests.
    /// - Parameter generator: The random source.
    /// - Returns: A version 4 UUID.
    public static func random(using generator: inout some RandomNumberGenerator) -> LineRetryKey {
        LineRetryKey(bits: generator.next(), generator.next())
    }

    /// The key for the `index`-th request of one logical send that LINE needs several requests for (more than
    /// five messages, or more than 500 multicast recipients).
    ///
    /// Index 0 is this key itself; other indexes give distinct keys that depend only on this key and the index,
    /// so retrying the whole send reuses exactly the same keys.
    /// - Parameter index: The request's position, from 0.
    /// - Returns: The key for that request.
    public func derived(index: Int) -> LineRetryKey {
        guard index != 0 else { return self }
        let hex = rawValue.filter { $0 != "-" }
        let high = UInt64(hex.prefix(16), radix: 16) ?? 0
        let low = UInt64(hex.suffix(16), radix: 16) ?? 0
        return LineRetryKey(bits: Self.mix(high ^ UInt64(truncatingIfNeeded: index)), Self.mix(low &+ UInt64(index)))
    }

    /// The key.
    public var description: String { rawValue }

    private static func mix(_ value: UInt64) -> UInt64 {
        // SplitMix64's finalizer: a bijection, so distinct inputs give distinct outputs.
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
