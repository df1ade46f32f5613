import CTalkHMAC
import Crypto
import Foundation
import PropertyBased
import Testing
import WebhookSignature

/// HMAC-SHA256 against RFC 4231 and against swift-crypto.
@Suite struct HMACSHA256Tests {
    struct RFC4231Case: Sendable, CustomTestStringConvertible {
        var number: Int
        var key: [UInt8]
        var data: [UInt8]
        var mac: String

        var testDescription: String { "RFC 4231 test case \(number)" }
    }

    static let rfc4231Vectors: [RFC4231Case] = [
        RFC4231Case(
            number: 1,
            key: [UInt8](repeating: 0x0B, count: 20),
            data: Array("Hi There".utf8),
            mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        RFC4231Case(
            number: 2,
            key: Array("Jefe".utf8),
            data: Array("what do ya want for nothing?".utf8),
            mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        RFC4231Case(
            number: 3,
            key: [UInt8](repeating: 0xAA, count: 20),
            data: [UInt8](repeating: 0xDD, count: 50),
            mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        RFC4231Case(
            number: 4,
            key: Array(1...25),
            data: [UInt8](repeating: 0xCD, count: 50),
            mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        // Truncated to 128 bits in the RFC: compare the prefix.
        RFC4231Case(
            number: 5,
            key: [UInt8](repeating: 0x0C, count: 20),
            data: Array("Test With Truncation".utf8),
            mac: "a3b6167473100ee06e0c796c2955552b"
        ),
        // A 131-byte key: longer than the block, so it is hashed first.
        RFC4231Case(
            number: 6,
            key: [UInt8](repeating: 0xAA, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        RFC4231Case(
            number: 7,
            key: [UInt8](repeating: 0xAA, count: 131),
            data: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8
            ),
            mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ]

    @Test(arguments: rfc4231Vectors)
    func rfc4231(_ vector: RFC4231Case) {
        let mac = hmacSHA256(key: vector.key, message: vector.data).hex
        #expect(mac.hasPrefix(vector.mac))
        #expect(vector.mac.count == (vector.number == 5 ? 32 : 64))
    }

    /// The verifier agrees with RFC 4231 too, through its public signing entry point.
    @Test(arguments: rfc4231Vectors.filter { $0.number != 5 })
    func rfc4231ThroughTheVerifier(_ vector: RFC4231Case) {
        let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret(bytes: vector.key)])
        let expected = Data(HMACSHA256Tests.bytes(hex: vector.mac)).base64EncodedString()
        #expect(verifier.signature(for: vector.data) == expected)
        #expect(verifier.verify(vector.data, signature: expected) == .valid(secretIndex: 0))
    }

    /// Keys of every length around the block size (64) and the hash-first threshold, with
    /// messages of every length around one and two blocks.
    @Test func keyAndMessageLengthsAroundBlockBoundariesMatchSwiftCrypto() {
        let keyLengths = [0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 129, 200]
        for keyLength in keyLengths {
            let key = fillerBytes(count: keyLength, seed: UInt64(1000 + keyLength))
            for length in [0, 1, 54, 55, 56, 57, 63, 64, 65, 118, 119, 120, 121, 127, 128, 129, 183, 184, 192] {
                let message = fillerBytes(count: length, seed: UInt64(length))
                let expected = HMACSHA256Tests.reference(key: key, message: message)
                #expect(
                    hmacSHA256(key: key, message: message) == expected,
                    "key \(keyLength) bytes, message \(length) bytes"
                )
            }
        }
    }

    @Test func propertyMatchesSwiftCryptoOnRandomKeysAndMessages() async {
        await propertyCheck(
            count: 300,
            input: Gen.uint8().array(of: 0...200),
            Gen.uint8().array(of: 0...2000)
        ) { key, message in
            let expected = HMACSHA256Tests.reference(key: key, message: message)
            #expect(hmacSHA256(key: key, message: message) == expected)
        }
    }

    @Test func verifyReportsTheFirstMatchingKeyAndTriesEveryKey() {
        let message = Array("payload".utf8)
        var keys = [ctalk_hmac_sha256_key](repeating: ctalk_hmac_sha256_key(), count: 3)
        for (index, secret) in ["a", "b", "a"].enumerated() {
            Array(secret.utf8).withUnsafeBytes { bytes in
                ctalk_hmac_sha256_key_init(&keys[index], bytes.baseAddress, bytes.count)
            }
        }
        func verify(_ tag: [UInt8], count: Int) -> Int {
            message.withUnsafeBytes { bytes in
                ctalk_hmac_sha256_verify(keys, count, bytes.baseAddress, bytes.count, tag)
            }
        }
        let tagA = HMACSHA256Tests.reference(key: Array("a".utf8), message: message)
        let tagB = HMACSHA256Tests.reference(key: Array("b".utf8), message: message)
        #expect(verify(tagA, count: 3) == 0)
        #expect(verify(tagB, count: 3) == 1)
        #expect(verify(tagB, count: 1) == -1)
        #expect(verify(tagA, count: 0) == -1)
        var flipped = tagA
        flipped[31] ^= 0x01
        #expect(verify(flipped, count: 3) == -1)
        flipped = tagA
        flipped[0] ^= 0x80
        #expect(verify(flipped, count: 3) == -1)
    }

    /// The per-key step of the comparison: only the first equal tag is taken, a differing byte anywhere
    /// in the tag makes it unequal, and after a match nothing changes the result.
    @Test func selectTakesOnlyTheFirstEqualTag() {
        let expected = fillerBytes(count: 32, seed: 7)
        var found: UInt64 = 0
        var unmatched: UInt64 = ~0
        func select(_ tag: [UInt8], index: UInt64) {
            ctalk_hmac_sha256_select(tag, expected, index, &found, &unmatched)
        }
        for position in 0..<32 {
            var tag = expected
            tag[position] ^= 0x01
            select(tag, index: 9)
            #expect(unmatched == ~0, "byte \(position) differs")
            #expect(found == 0)
        }
        select(expected, index: 2)
        #expect(unmatched == 0)
        #expect(found == 2)
        select(expected, index: 5)
        select(fillerBytes(count: 32, seed: 8), index: 6)
        #expect(unmatched == 0)
        #expect(found == 2)
    }

    static func reference(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    static func bytes(hex: String) -> [UInt8] {
        [UInt8](hex: hex)
    }
}
