internal import CTalkHMAC

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Verifies the HMAC-SHA256 signatures that LINE and LINE WORKS put on webhook requests, and
/// that ExternalTalk tenants put on the federation requests they send each other.
///
/// The signature is `Base64(HMAC-SHA256(key: secret, message: raw body bytes))`, sent in
/// `x-line-signature` (LINE, channel secret), `x-works-signature` (LINE WORKS, bot secret) or
/// `x-externaltalk-signature` (federation, the secret the two tenants share).
/// Verify the body exactly as received, before parsing it: a body that was decoded and
/// re-encoded (say, with `\uD83E\uDD28` escapes turned into raw UTF-8) no longer matches.
///
/// A verifier holds several secrets at once, so that during a secret rotation both the
/// old and the new secret are accepted; the result says which one matched. There is no
/// way to skip verification.
///
/// Build a verifier once and reuse it: the HMAC key pads are hashed when it is created,
/// and each `verify(_:signature:)` call allocates nothing, never throws and never traps,
/// whatever the header and body hold.
///
/// ```swift
/// let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret(channelSecret)])
/// switch verifier.verify(body, signature: request.headers["x-line-signature"]) {
/// case .valid: handle(body)
/// case .invalid(let reason): respond(401, "invalid signature: \(reason)")
/// }
/// ```
public struct WebhookSignatureVerifier: Sendable {
    /// The inner and outer HMAC midstates of each secret, in the caller's order.
    private let keys: [ctalk_hmac_sha256_key]

    /// Creates a verifier that accepts a signature made with any of the given secrets.
    ///
    /// - Parameter secrets: The secrets to accept, typically one, or the old and the new one
    ///   during a rotation. The index of a secret in this array is what a valid result reports.
    ///   An empty array makes every verification fail with ``SignatureInvalidReason/noSecrets``.
    public init(secrets: [WebhookSecret]) {
        self.keys = secrets.map { secret in
            var key = ctalk_hmac_sha256_key()
            secret.bytes.withUnsafeBytes { bytes in
                ctalk_hmac_sha256_key_init(&key, bytes.baseAddress, bytes.count)
            }
            return key
        }
    }

    /// The number of secrets this verifier accepts.
    public var secretCount: Int {
        self.keys.count
    }

    /// Checks a signature header against a body.
    ///
    /// Every secret is tried and every comparison covers the whole tag, so the time taken
    /// does not reveal which byte differed or which secret matched.
    ///
    /// The header must be exactly the 44-character standard Base64 tag. Pass its value as the
    /// HTTP server delivers it (with the optional whitespace around field values removed, as
    /// HTTP requires); any other character, including inner or surrounding whitespace, makes
    /// the result ``SignatureInvalidReason/notBase64``.
    ///
    /// - Parameters:
    ///   - body: The request body exactly as received.
    ///   - signature: The value of the signature header, or `nil` if the request has none.
    /// - Returns: ``SignatureVerification/valid(secretIndex:)`` with the index of the first
    ///   matching secret, or ``SignatureVerification/invalid(_:)`` with the reason.
    public func verify(_ body: UnsafeRawBufferPointer, signature: String?) -> SignatureVerification {
        guard !self.keys.isEmpty else {
            return .invalid(.noSecrets)
        }
        guard var signature else {
            return .invalid(.missing)
        }
        if let result = signature.utf8.withContiguousStorageIfAvailable({ self.verify(body, header: $0) }) {
            return result
        }
        // Only strings bridged from a non-UTF-8 representation end up here; this one call
        // may allocate.
        signature.makeContiguousUTF8()
        return signature.utf8.withContiguousStorageIfAvailable { self.verify(body, header: $0) }
            ?? .invalid(.notBase64)
    }

    /// Checks a signature header against a body held in an array.
    ///
    /// - Parameters:
    ///   - body: The request body exactly as received.
    ///   - signature: The value of the signature header, or `nil` if the request has none.
    /// - Returns: Whether the signature is valid and, if so, for which secret.
    public func verify(_ body: [UInt8], signature: String?) -> SignatureVerification {
        body.withUnsafeBytes { self.verify($0, signature: signature) }
    }

    /// Checks a signature header against a body in any contiguous byte container, such as `Data`.
    ///
    /// - Parameters:
    ///   - body: The request body exactly as received.
    ///   - signature: The value of the signature header, or `nil` if the request has none.
    /// - Returns: Whether the signature is valid and, if so, for which secret.
    public func verify(_ body: some ContiguousBytes, signature: String?) -> SignatureVerification {
        body.withUnsafeBytes { self.verify($0, signature: signature) }
    }

    private func verify(_ body: UnsafeRawBufferPointer, header: UnsafeBufferPointer<UInt8>) -> SignatureVerification {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { tag in
            if let reason = SignatureHeaderDecoder.decode(header, into: tag) {
                return .invalid(reason)
            }
            let match = self.keys.withUnsafeBufferPointer { keys in
                ctalk_hmac_sha256_verify(
                    keys.baseAddress,
                    keys.count,
                    body.baseAddress,
                    body.count,
                    tag.baseAddress
                )
            }
            return match >= 0 ? .valid(secretIndex: match) : .invalid(.mismatch)
        }
    }

    /// Computes the signature header value for a body.
    ///
    /// Meant for tools and test generators that need to sign a body as LINE would.
    ///
    /// - Parameters:
    ///   - body: The body to sign.
    ///   - secretIndex: Which of the verifier's secrets to sign with. It must be a valid index
    ///     into the secrets the verifier was created with; anything else is a programming error
    ///     and traps.
    /// - Returns: The 44-character standard Base64 encoding of the HMAC-SHA256 tag.
    public func signature(for body: UnsafeRawBufferPointer, secretIndex: Int = 0) -> String {
        precondition(
            self.keys.indices.contains(secretIndex),
            "secretIndex \(secretIndex) is out of range for a verifier with \(self.keys.count) secrets"
        )
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { tag in
            self.keys.withUnsafeBufferPointer { keys in
                ctalk_hmac_sha256(
                    keys.baseAddress.map { $0 + secretIndex },
                    body.baseAddress,
                    body.count,
                    tag.baseAddress
                )
            }
            return SignatureHeaderDecoder.encode(UnsafeRawBufferPointer(tag))
        }
    }

    /// Computes the signature header value for a body held in an array.
    ///
    /// - Parameters:
    ///   - body: The body to sign.
    ///   - secretIndex: Which of the verifier's secrets to sign with; must be a valid index.
    /// - Returns: The 44-character standard Base64 encoding of the HMAC-SHA256 tag.
    public func signature(for body: [UInt8], secretIndex: Int = 0) -> String {
        body.withUnsafeBytes { self.signature(for: $0, secretIndex: secretIndex) }
    }
}

extension WebhookSignatureVerifier: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The number of secrets; never the secrets or their derived key state.
    public var description: String {
        "WebhookSignatureVerifier(secrets: \(self.keys.count))"
    }

    /// The number of secrets; never the secrets or their derived key state.
    public var debugDescription: String {
        self.description
    }

    /// A mirror that shows only the number of secrets, so `dump` and debuggers do not show
    /// the HMAC midstates (which are as good as the secrets for forging signatures).
    public var customMirror: Mirror {
        Mirror(self, children: ["secretCount": self.keys.count])
    }
}
