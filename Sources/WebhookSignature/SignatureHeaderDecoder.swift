/// Strict decoding of a signature header into a 32-byte HMAC-SHA256 tag.
///
/// The only accepted form is the one LINE and LINE WORKS send: standard Base64, 43 data
/// characters and one `=`, with the two unused bits of the last character zero. Anything
/// else is classified, in this order: empty; a character outside the alphabet; an `=`
/// before a data character or more than two `=`; a data length other than 43 characters
/// (the encoding of 32 bytes); padding other than one `=`; non-zero unused bits.
enum SignatureHeaderDecoder {
    /// The Base64 length of a 32-byte tag, padding included.
    static let encodedLength = 44

    /// Decodes `header` into `tag`.
    ///
    /// - Parameters:
    ///   - header: The header value's UTF-8 bytes.
    ///   - tag: Receives the 32 decoded bytes; must hold at least 32.
    /// - Returns: `nil` when `tag` holds the decoded tag, otherwise why the header is malformed.
    static func decode(
        _ header: UnsafeBufferPointer<UInt8>,
        into tag: UnsafeMutableBufferPointer<UInt8>
    ) -> SignatureInvalidReason? {
        precondition(tag.count >= 32)
        if header.count == Self.encodedLength, header[43] == UInt8(ascii: "=") {
            // The one accepted shape: decode without branching on the characters, then
            // check the accumulated error flag once.
            var invalid: Int32 = 0
            for group in 0..<10 {
                let s0 = sextet(header[4 * group])
                let s1 = sextet(header[4 * group + 1])
                let s2 = sextet(header[4 * group + 2])
                let s3 = sextet(header[4 * group + 3])
                invalid |= s0 | s1 | s2 | s3
                let bits = (s0 << 18) | (s1 << 12) | (s2 << 6) | s3
                tag[3 * group] = UInt8(truncatingIfNeeded: bits >> 16)
                tag[3 * group + 1] = UInt8(truncatingIfNeeded: bits >> 8)
                tag[3 * group + 2] = UInt8(truncatingIfNeeded: bits)
            }
            let s0 = sextet(header[40])
            let s1 = sextet(header[41])
            let s2 = sextet(header[42])
            invalid |= s0 | s1 | s2
            let bits = (s0 << 12) | (s1 << 6) | s2
            tag[30] = UInt8(truncatingIfNeeded: bits >> 10)
            tag[31] = UInt8(truncatingIfNeeded: bits >> 2)
            if invalid >= 0 {
                // 43 characters carry 258 bits; the last two must be zero in a canonical encoding.
                return bits & 0b11 == 0 ? nil : .badPadding
            }
        }
        return classify(header)
    }

    /// Says why a header that is not a canonical 44-character tag is malformed.
    private static func classify(_ header: UnsafeBufferPointer<UInt8>) -> SignatureInvalidReason {
        if header.isEmpty {
            return .empty
        }
        var firstPad: Int?
        var misplacedPad = false
        for (offset, byte) in header.enumerated() {
            if byte == UInt8(ascii: "=") {
                if firstPad == nil {
                    firstPad = offset
                }
            } else if sextet(byte) < 0 {
                return .notBase64
            } else if firstPad != nil {
                misplacedPad = true
            }
        }
        let dataCount = firstPad ?? header.count
        let padCount = header.count - dataCount
        if misplacedPad || padCount > 2 {
            return .badPadding
        }
        if dataCount != Self.encodedLength - 1 {
            return .wrongLength
        }
        // 43 data characters with no `=` or with `==`. (Exactly one `=` would have taken the
        // fast path and failed only on the unused bits.)
        return .badPadding
    }

    /// The 6-bit value of a standard Base64 character, or -1.
    ///
    /// Computed with masks rather than branches: header characters are unpredictable, and
    /// 43 mispredicted branches would cost as much as a block of hashing.
    @inline(__always)
    static func sextet(_ byte: UInt8) -> Int32 {
        let c = Int32(byte)
        // `(lo - c) & (c - hi) >> 8` is all ones exactly when lo < c < hi, for 0 <= c <= 255.
        var value: Int32 = -1
        value += (((0x40 - c) & (c - 0x5B)) >> 8) & (c - 64)  // A-Z -> 0...25
        value += (((0x60 - c) & (c - 0x7B)) >> 8) & (c - 70)  // a-z -> 26...51
        value += (((0x2F - c) & (c - 0x3A)) >> 8) & (c + 5)  // 0-9 -> 52...61
        value += (((0x2A - c) & (c - 0x2C)) >> 8) & 63  // + -> 62
        value += (((0x2E - c) & (c - 0x30)) >> 8) & 64  // / -> 63
        return value
    }

    /// Encodes bytes as standard, padded Base64.
    static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let encodedCount = (bytes.count + 2) / 3 * 4
        return alphabet.withUTF8Buffer { symbols in
            String(unsafeUninitializedCapacity: encodedCount) { output in
                var written = 0
                var index = 0
                while index < bytes.count {
                    let remaining = bytes.count - index
                    let b0 = UInt32(bytes[index])
                    let b1 = remaining > 1 ? UInt32(bytes[index + 1]) : 0
                    let b2 = remaining > 2 ? UInt32(bytes[index + 2]) : 0
                    let bits = (b0 << 16) | (b1 << 8) | b2
                    output[written] = symbols[Int(bits >> 18 & 0x3F)]
                    output[written + 1] = symbols[Int(bits >> 12 & 0x3F)]
                    output[written + 2] = remaining > 1 ? symbols[Int(bits >> 6 & 0x3F)] : UInt8(ascii: "=")
                    output[written + 3] = remaining > 2 ? symbols[Int(bits & 0x3F)] : UInt8(ascii: "=")
                    written += 4
                    index += 3
                }
                return written
            }
        }
    }
}
