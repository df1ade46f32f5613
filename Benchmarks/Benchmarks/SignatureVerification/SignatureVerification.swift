// Signature verification of the four corpus bodies: ExternalTalk's verifier against
// swift-crypto's one-shot HMAC with Foundation Base64 (the naive Swift way) and against
// OpenSSL's HMAC with a reused key context (what a tuned C server does), the verifier's own
// midstate scheme written directly in C on OpenSSL's SHA-256 (what the Swift layer costs), and
// OpenSSL's SHA-256 alone, the hashing limit for any verifier.
//
// Each iteration runs 1,000 verifications (scaling factor `.kilo`) to keep the harness's own
// cost out of the figures; the table shows throughput in verifications per second and
// mallocCountTotal per verification (the `*` rows are divided by the scaling factor).

import Benchmark
import Crypto
import Foundation
import WebhookCorpus
import WebhookSignature

#if canImport(COpenSSLHMAC)
import COpenSSLHMAC
#endif

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    let corpus = WebhookCorpus()
    let secret = Array(corpus.channelSecret.utf8)
    let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret(corpus.channelSecret)])
    let cryptoKey = SymmetricKey(data: secret)

    for body in corpus.bodies {
        let label = "\(body.name) (\(body.bytes.count) B)"
        let bytes = body.bytes
        let data = Data(bytes)
        let signature = corpus.signature(of: body)

        // Every benchmark measures the accepting path, which does all the work.
        precondition(verifier.verify(bytes, signature: signature).isValid)
        precondition(
            HMAC<SHA256>.isValidAuthenticationCode(
                Data(base64Encoded: signature)!,
                authenticating: data,
                using: cryptoKey
            )
        )

        Benchmark("verify ExternalTalk \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(verifier.verify(bytes, signature: signature))
            }
        }

        if body.name == "a_text_single" {
            // What a rotation costs: every secret is always tried, so two secrets cost two HMACs.
            let rotating = WebhookSignatureVerifier(secrets: [
                WebhookSecret("previous-channel-secret"), WebhookSecret(corpus.channelSecret),
            ])
            precondition(rotating.verify(bytes, signature: signature) == .valid(secretIndex: 1))
            Benchmark("verify ExternalTalk two secrets (rotation) \(label)") { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(rotating.verify(bytes, signature: signature))
                }
            }
        }

        Benchmark("verify swift-crypto one-shot + Foundation Base64 \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                guard let mac = Data(base64Encoded: signature) else {
                    fatalError("corpus signature is not Base64")
                }
                blackHole(HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: data, using: cryptoKey))
            }
        }

        #if canImport(COpenSSLHMAC)
        let signatureCString = Array(signature.utf8CString)

        Benchmark("verify OpenSSL HMAC reused key context \(label)") { benchmark, context in
            for _ in benchmark.scaledIterations {
                let valid = bytes.withUnsafeBytes { body in
                    signatureCString.withUnsafeBufferPointer { header in
                        copenssl_hmac_verify_reused(
                            context.pointer,
                            body.baseAddress,
                            body.count,
                            header.baseAddress,
                            44
                        )
                    }
                }
                blackHole(valid)
            }
        } setup: {
            OpenSSLContext(key: secret)
        }

        // The verifier's own scheme (inner and outer midstates per secret) on OpenSSL's SHA-256.
        let midstates = OpenSSLMidstates(key: secret)
        precondition(
            bytes.withUnsafeBytes { body in
                signatureCString.withUnsafeBufferPointer { header in
                    copenssl_midstate_verify(midstates.pointer, body.baseAddress, body.count, header.baseAddress, 44)
                }
            } == 1
        )
        Benchmark("verify OpenSSL SHA-256 midstates \(label)") { benchmark, context in
            for _ in benchmark.scaledIterations {
                let valid = bytes.withUnsafeBytes { body in
                    signatureCString.withUnsafeBufferPointer { header in
                        copenssl_midstate_verify(
                            context.pointer,
                            body.baseAddress,
                            body.count,
                            header.baseAddress,
                            44
                        )
                    }
                }
                blackHole(valid)
            }
        } setup: {
            OpenSSLMidstates(key: secret)
        }

        Benchmark("verify OpenSSL HMAC() one-shot \(label)") { benchmark in
            for _ in benchmark.scaledIterations {
                let valid = bytes.withUnsafeBytes { body in
                    secret.withUnsafeBytes { key in
                        signatureCString.withUnsafeBufferPointer { header in
                            copenssl_hmac_verify_oneshot(
                                key.baseAddress,
                                key.count,
                                body.baseAddress,
                                body.count,
                                header.baseAddress,
                                44
                            )
                        }
                    }
                }
                blackHole(valid)
            }
        }

        Benchmark("hash only OpenSSL SHA-256 \(label)") { benchmark in
            var digest = [UInt8](repeating: 0, count: 32)
            for _ in benchmark.scaledIterations {
                bytes.withUnsafeBytes { body in
                    digest.withUnsafeMutableBufferPointer { out in
                        copenssl_sha256(body.baseAddress, body.count, out.baseAddress)
                    }
                }
                blackHole(digest)
            }
        }
        #endif
    }
}

#if canImport(COpenSSLHMAC)
/// Owns an OpenSSL HMAC context for the life of one benchmark.
final class OpenSSLContext: @unchecked Sendable {
    let pointer: OpaquePointer

    init(key: [UInt8]) {
        guard let pointer = key.withUnsafeBytes({ copenssl_hmac_verifier_create($0.baseAddress, $0.count) }) else {
            fatalError("OpenSSL HMAC_CTX setup failed")
        }
        self.pointer = pointer
    }

    deinit {
        copenssl_hmac_verifier_destroy(self.pointer)
    }
}

/// Owns the OpenSSL SHA-256 midstates of one key for the life of one benchmark.
final class OpenSSLMidstates: @unchecked Sendable {
    let pointer: OpaquePointer

    init(key: [UInt8]) {
        guard let pointer = key.withUnsafeBytes({ copenssl_midstate_verifier_create($0.baseAddress, $0.count) })
        else {
            fatalError("OpenSSL SHA-256 midstate setup failed")
        }
        self.pointer = pointer
    }

    deinit {
        copenssl_midstate_verifier_destroy(self.pointer)
    }
}
#endif
