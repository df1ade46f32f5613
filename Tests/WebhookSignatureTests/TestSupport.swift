import CTalkHMAC

/// HMAC-SHA256 through the C entry points (key setup and MAC).
func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
    var context = ctalk_hmac_sha256_key()
    key.withUnsafeBytes { bytes in
        ctalk_hmac_sha256_key_init(&context, bytes.baseAddress, bytes.count)
    }
    var tag = [UInt8](repeating: 0, count: 32)
    message.withUnsafeBytes { bytes in
        tag.withUnsafeMutableBufferPointer { out in
            ctalk_hmac_sha256(&context, bytes.baseAddress, bytes.count, out.baseAddress)
        }
    }
    return tag
}

extension Array where Element == UInt8 {
    /// Bytes from a hex string such as `"0b0b0b"`; traps on malformed test data.
    init(hex: String) {
        let digits = Array(hex.utf8)
        precondition(digits.count % 2 == 0, "odd hex length in test data")
        self = stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16)!
        }
    }

    /// Lower-case hex.
    var hex: String {
        self.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

/// Deterministic filler bytes (a 64-bit LCG), so boundary tests are reproducible.
func fillerBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 56)
    }
}
