import CTalkSHA256
import Crypto
import Foundation
import Testing
@_spi(Testing) import WebhookSignature

/// FIPS 180-4 / NIST example vectors for the bare hash, on both compression paths.
@Suite struct SHA256Tests {
    @Test(arguments: bothImplementations)
    func emptyMessage(_ implementation: SHA256Implementation) {
        #expect(
            sha256([], using: implementation).hex
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
    }

    @Test(arguments: bothImplementations)
    func abc(_ implementation: SHA256Implementation) {
        #expect(
            sha256(Array("abc".utf8), using: implementation).hex
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
    }

    @Test(arguments: bothImplementations)
    func message448Bits(_ implementation: SHA256Implementation) {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(message.count * 8 == 448)
        #expect(
            sha256(message, using: implementation).hex
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    }

    @Test(arguments: bothImplementations)
    func message896Bits(_ implementation: SHA256Implementation) {
        let message = Array(
            ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8
        )
        #expect(message.count * 8 == 896)
        #expect(
            sha256(message, using: implementation).hex
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        )
    }

    @Test(arguments: bothImplementations)
    func oneMillionA(_ implementation: SHA256Implementation) {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(
            sha256(message, using: implementation).hex
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        )
    }

    /// Every length from 0 to 300 bytes crosses the padding edge cases (55, 56, 63, 64, 119,
    /// 120, ...); both paths must agree with swift-crypto on each.
    @Test(arguments: bothImplementations)
    func everyLengthAcrossBlockBoundariesMatchesSwiftCrypto(_ implementation: SHA256Implementation) {
        for length in 0...300 {
            let message = fillerBytes(count: length, seed: UInt64(length))
            let expected = Array(Crypto.SHA256.hash(data: message))
            #expect(sha256(message, using: implementation) == expected, "length \(length)")
        }
    }

    @Test func hardwarePathIsDetectedWhereTheCPUAdvertisesSHANI() throws {
        #if os(Linux) && arch(x86_64)
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let advertised = cpuinfo.split(separator: "\n").contains { line in
            line.hasPrefix("flags") && line.split(separator: " ").contains("sha_ni")
        }
        #expect(SHA256Implementation.isHardwareAvailable == advertised)
        let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret("s")])
        #expect(verifier.implementation == (advertised ? .hardware : .portable))
        #elseif !arch(x86_64)
        #expect(!SHA256Implementation.isHardwareAvailable)
        #endif
    }

    @Test func forcingThePortablePathIsHonoured() {
        let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret("s")], implementation: .portable)
        #expect(verifier.implementation == .portable)
        #expect(ctalk_sha256_resolve_impl(CTALK_SHA256_IMPL_PORTABLE) == CTALK_SHA256_IMPL_PORTABLE)
    }
}
