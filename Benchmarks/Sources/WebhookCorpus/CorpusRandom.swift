/// A small seeded generator (SplitMix64), so the corpus is the same on every machine and
/// every Swift version: the standard library's generators are neither seeded nor stable.
struct CorpusRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (the slight modulo bias does not matter for test data, and
    /// unlike `Int.random(in:using:)` the result is specified here, not by the standard library).
    mutating func below(_ bound: Int) -> Int {
        Int(self.next() % UInt64(bound))
    }

    /// One element of a non-empty array.
    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[self.below(elements.count)]
    }

    /// `count` characters drawn from `alphabet`.
    mutating func string(_ alphabet: String, count: Int) -> String {
        let symbols = Array(alphabet)
        return String((0..<count).map { _ in symbols[self.below(symbols.count)] })
    }

    /// Lower-case hex, as in LINE user, group and room IDs and reply tokens.
    mutating func hex(_ count: Int) -> String {
        self.string("0123456789abcdef", count: count)
    }

    /// Decimal digits without a leading zero, as in LINE message IDs.
    mutating func digits(_ count: Int) -> String {
        self.string("123456789", count: 1) + self.string("0123456789", count: count - 1)
    }

    /// A ULID (Crockford Base32: 48-bit millisecond time, then 80 random bits), as in `webhookEventId`.
    mutating func ulid(milliseconds: Int64) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var time = UInt64(milliseconds)
        var timePart = [Character](repeating: "0", count: 10)
        for index in stride(from: 9, through: 0, by: -1) {
            timePart[index] = alphabet[Int(time & 31)]
            time >>= 5
        }
        return String(timePart) + self.string(String(alphabet), count: 16)
    }
}
