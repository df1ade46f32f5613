internal import CTalkHMAC

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
        if ctalk_base64_decode_tag(header.baseAddress, header.count, tag.baseAddress) == 0 {
            return nil
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
            } else if !isBase64Symbol(byte) {
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
        // 43 data characters with no `=` or with `==`, or with exactly one `=` but non-zero
        // unused bits in the last data character (the only way that shape fails the fast path).
        return .badPadding
    }

    /// Whether a byte is in the standard Base64 alphabet (`=` excluded).
    private static func isBase64Symbol(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
            true
        default:
            false
        }
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
