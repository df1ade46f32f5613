/// A reproducible source of the identifiers LINE makes up: user IDs, message IDs, tokens and ULIDs.
///
/// SplitMix64 from a fixed seed, so that two runs of the same test produce the same bytes.
struct FakeIdentifiers: Sendable {
    private var state: UInt64
    private var messageCounter: UInt64 = 0
    private var requestCounter: UInt64 = 0

    init(seed: UInt64) {
        self.state = seed
    }

    /// Where the generator stands, to continue from after a restart.
    var position: [UInt64] {
        get { [state, messageCounter, requestCounter] }
        set {
            guard newValue.count == 3 else { return }
            state = newValue[0]
            messageCounter = newValue[1]
            requestCounter = newValue[2]
        }
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func hex(_ digits: Int) -> String {
        var text = ""
        while text.count < digits {
            let chunk = String(next(), radix: 16)
            text += String(repeating: "0", count: 16 - chunk.count) + chunk
        }
        return String(text.prefix(digits))
    }

    /// `U` and 32 lowercase hex digits, as LINE user IDs look.
    mutating func userID() -> String { "U" + hex(32) }

    /// A reply token: 32 hex digits.
    mutating func replyToken() -> String { hex(32) }

    /// An 18-digit message ID, increasing.
    mutating func messageID() -> String {
        messageCounter += 1
        return String(500_000_000_000_000_000 + messageCounter * 7919)
    }

    /// A request ID as LINE's look: a UUID.
    mutating func requestID() -> String {
        requestCounter += 1
        let hex = self.hex(32)
        let characters = Array(hex)
        var text = ""
        for (index, character) in characters.enumerated() {
            if [8, 12, 16, 20].contains(index) { text.append("-") }
            text.append(character)
        }
        return text
    }

    private static let tokenAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// An opaque URL-safe token, such as a quote token or a mark-as-read token.
    mutating func opaqueToken(length: Int) -> String {
        var text = ""
        for _ in 0..<length { text.append(Self.tokenAlphabet[Int(next() % 64)]) }
        return text
    }

    private static let crockford = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A ULID: 48 bits of milliseconds and 80 random bits in Crockford Base32, as `webhookEventId`s are.
    mutating func ulid(milliseconds: Int64) -> String {
        let time = UInt64(max(0, milliseconds)) & 0xFFFF_FFFF_FFFF
        let high = next() & 0xFFFF  // 16 bits
        let low = next()  // 64 bits
        // 128 bits: time(48) | high(16) | low(64); 26 characters of 5 bits = 130 bits, top 2 zero.
        var text = ""
        for index in 0..<26 {
            let shift = 125 - index * 5
            text.append(Self.crockford[Int(Self.bits(time: time, high: high, low: low, shift: shift))])
        }
        return text
    }

    private static func bits(time: UInt64, high: UInt64, low: UInt64, shift: Int) -> UInt64 {
        // Extracts 5 bits starting at bit `shift` of the 128-bit value (time << 80 | high << 64 | low).
        var value: UInt64 = 0
        for bit in 0..<5 {
            let position = shift + 4 - bit
            let set: Bool
            if position >= 128 || position < 0 {
                set = false
            } else if position >= 80 {
                set = (time >> UInt64(position - 80)) & 1 == 1
            } else if position >= 64 {
                set = (high >> UInt64(position - 64)) & 1 == 1
            } else {
                set = (low >> UInt64(position)) & 1 == 1
            }
            value = value << 1 | (set ? 1 : 0)
        }
        return value
    }
}
