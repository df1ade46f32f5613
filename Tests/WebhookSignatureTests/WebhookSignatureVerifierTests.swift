import Crypto
import Foundation
import PropertyBased
import Testing
import WebhookSignature

/// The verifier's behaviour on well-formed headers: the public SDK vectors, the
/// re-serialization pitfall, rotation and the no-secret case.
@Suite struct WebhookSignatureVerifierTests {
    // MARK: Public SDK vectors (line-bot-sdk-python and line-bot-sdk-nodejs tests)

    @Test func pythonSDKVector() {
        let verifier = WebhookSignatureVerifier(
            secrets: [WebhookSecret("channel_secret")])
        let body = Array("bodybodybodybody".utf8)
        let signature = "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k="
        #expect(verifier.verify(body, signature: signature) == .valid(secretIndex: 0))
        #expect(verifier.signature(for: body) == signature)
    }

    @Test func nodeSDKVectorAndItsNegative() {
        let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret("test_secret")])
        let body = Array(#"{"hello":"world"}"#.utf8)
        #expect(verifier.verify(body, signature: "t7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM=").isValid)
        #expect(
            verifier.verify(body, signature: "t7Hn4ZDHqs6e+wdvi5TyQivzie0DmMUmuXEBqyyE/tM=") == .invalid(.mismatch)
        )
    }

    @Test func everyBodyRepresentationGivesTheSameAnswer() {
        let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret("test_secret")])
        let bytes = Array(#"{"hello":"world"}"#.utf8)
        let signature = "t7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM="
        #expect(verifier.verify(bytes, signature: signature) == .valid(secretIndex: 0))
        #expect(verifier.verify(Data(bytes), signature: signature) == .valid(secretIndex: 0))
        #expect(verifier.verify(bytes[...], signature: signature) == .valid(secretIndex: 0))
        bytes.withUnsafeBytes { raw in
            #expect(verifier.verify(raw, signature: signature) == .valid(secretIndex: 0))
        }
        // A signature held in a Substring-backed String still works.
        let padded = "xx" + signature + "yy"
        let inner = String(padded.dropFirst(2).dropLast(2))
        #expect(verifier.verify(bytes, signature: inner) == .valid(secretIndex: 0))
    }

    @Test func emptyBodyHasAValidSignatureToo() {
        let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret("channel_secret")])
        let expected = Data(
            HMAC<SHA256>.authenticationCode(for: [UInt8](), using: SymmetricKey(data: Array("channel_secret".utf8)))
        ).base64EncodedString()
        #expect(verifier.signature(for: []) == expected)
        #expect(verifier.verify([UInt8](), signature: expected) == .valid(secretIndex: 0))
        #expect(verifier.verify(UnsafeRawBufferPointer(start: nil, count: 0), signature: expected).isValid)
    }

    // MARK: Re-serialization pitfall (LINE_PLATFORM 1.3 #1, line-bot-sdk-nodejs#922)

    @Test func reserializedBodyWithEscapedSurrogatesHasItsOwnSignature() throws {
        let secret = "5f2b8d1c7a9e4036b1d2c3e4f5a69788"
        let raw = Array(
            #"{"destination":"U1","events":[{"type":"message","message":{"type":"text","text":"hm 🤨"}}]}"#.utf8
        )
        let escaped = Array(
            #"{"destination":"U1","events":[{"type":"message","message":{"type":"text","text":"hm \uD83E\uDD28"}}]}"#
                .utf8
        )
        // The same JSON value, different bytes.
        let rawValue = try JSONSerialization.jsonObject(with: Data(raw)) as? NSDictionary
        let escapedValue = try JSONSerialization.jsonObject(with: Data(escaped)) as? NSDictionary
        #expect(rawValue != nil && rawValue == escapedValue)
        #expect(raw != escaped)

        // Expected signatures computed independently with swift-crypto.
        let key = SymmetricKey(data: Array(secret.utf8))
        let rawSignature = Data(HMAC<SHA256>.authenticationCode(for: raw, using: key)).base64EncodedString()
        let escapedSignature = Data(HMAC<SHA256>.authenticationCode(for: escaped, using: key)).base64EncodedString()
        #expect(rawSignature != escapedSignature)

        let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret(secret)])
        #expect(verifier.signature(for: raw) == rawSignature)
        #expect(verifier.signature(for: escaped) == escapedSignature)
        #expect(verifier.verify(raw, signature: rawSignature) == .valid(secretIndex: 0))
        #expect(verifier.verify(escaped, signature: escapedSignature) == .valid(secretIndex: 0))
        #expect(verifier.verify(raw, signature: escapedSignature) == .invalid(.mismatch))
        #expect(verifier.verify(escaped, signature: rawSignature) == .invalid(.mismatch))
    }

    // MARK: Rotation

    @Test func rotationAcceptsOldAndNewSecretAndSaysWhich() {
        let old = WebhookSecret("old-channel-secret")
        let new = WebhookSecret("new-channel-secret")
        let other = WebhookSecret("someone-elses-secret")
        let body = Array(#"{"destination":"U0","events":[]}"#.utf8)
        let oldSignature = WebhookSignatureVerifier(secrets: [old]).signature(for: body)
        let newSignature = WebhookSignatureVerifier(secrets: [new]).signature(for: body)
        let otherSignature = WebhookSignatureVerifier(secrets: [other]).signature(for: body)

        let verifier = WebhookSignatureVerifier(secrets: [old, new])
        #expect(verifier.secretCount == 2)
        #expect(verifier.verify(body, signature: oldSignature) == .valid(secretIndex: 0))
        #expect(verifier.verify(body, signature: newSignature) == .valid(secretIndex: 1))
        #expect(verifier.verify(body, signature: otherSignature) == .invalid(.mismatch))
        #expect(verifier.signature(for: body, secretIndex: 0) == oldSignature)
        #expect(verifier.signature(for: body, secretIndex: 1) == newSignature)

        let swapped = WebhookSignatureVerifier(secrets: [new, old])
        #expect(swapped.verify(body, signature: oldSignature) == .valid(secretIndex: 1))
    }

    @Test func duplicateSecretsReportTheFirstIndex() {
        let secret = WebhookSecret("dup")
        let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret("x"), secret, secret])
        let body = Array("b".utf8)
        #expect(
            verifier.verify(body, signature: verifier.signature(for: body, secretIndex: 2)) == .valid(secretIndex: 1)
        )
    }

    @Test func emptySecretListRejectsEverything() {
        let verifier = WebhookSignatureVerifier(secrets: [])
        let body = Array("bodybodybodybody".utf8)
        #expect(verifier.secretCount == 0)
        #expect(
            verifier.verify(body, signature: "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k=") == .invalid(.noSecrets)
        )
        #expect(verifier.verify(body, signature: nil) == .invalid(.noSecrets))
        #expect(verifier.verify(body, signature: "") == .invalid(.noSecrets))
    }

    @Test func emptyAndLongSecretsAreValidKeys() {
        let body = Array("body".utf8)
        for secret in [[UInt8](), [UInt8](repeating: 0x61, count: 64), [UInt8](repeating: 0x61, count: 65)] {
            let expected = Data(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret)))
                .base64EncodedString()
            let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret(bytes: secret)])
            #expect(verifier.verify(body, signature: expected) == .valid(secretIndex: 0), "\(secret.count)-byte key")
        }
    }

    @Test func stringSecretIsKeyedByItsUTF8Bytes() {
        let secret = "秘密のチャネルシークレット"
        let body = Array("body".utf8)
        let expected = Data(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8))))
            .base64EncodedString()
        #expect(WebhookSignatureVerifier(secrets: [WebhookSecret(secret)]).verify(body, signature: expected).isValid)
    }

    // MARK: Properties

    @Test func propertySignatureRoundTripsAndAnyOtherBodyFails() async {
        await propertyCheck(
            count: 200,
            input: Gen.uint8().array(of: 0...100),
            Gen.uint8().array(of: 0...600)
        ) { key, body in
            let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret(bytes: key)])
            let signature = verifier.signature(for: body)
            #expect(signature.utf8.count == 44)
            #expect(verifier.verify(body, signature: signature) == .valid(secretIndex: 0))
            #expect(verifier.verify(body + [0], signature: signature) == .invalid(.mismatch))
        }
    }

    // MARK: Redaction

    @Test func descriptionsNeverContainTheSecret() {
        let secretText = "5f2b8d1c7a9e4036b1d2c3e4f5a69788"
        let secret = WebhookSecret(secretText)
        let verifier = WebhookSignatureVerifier(secrets: [secret, WebhookSecret("second-secret-value")])

        var dumped = ""
        dump(secret, to: &dumped)
        dump(verifier, to: &dumped)
        let texts = [
            secret.description, String(reflecting: secret), "\(secret)", String(describing: [secret]),
            verifier.description, verifier.debugDescription, String(reflecting: verifier), "\(verifier)", dumped,
        ]
        for text in texts {
            #expect(!text.contains(secretText))
            #expect(!text.contains("second-secret-value"))
            #expect(!text.contains("5f2b8d1c"))
        }
        #expect(verifier.description == "WebhookSignatureVerifier(secrets: 2)")
        #expect(secret.description == "WebhookSecret(redacted)")
    }

    @Test func resultDescriptionsNameTheReasonOnly() {
        #expect(SignatureVerification.valid(secretIndex: 1).description == "valid (secret 1)")
        #expect(SignatureVerification.invalid(.badPadding).description == "invalid: bad-padding")
        #expect(SignatureVerification.valid(secretIndex: 0).isValid)
        #expect(!SignatureVerification.invalid(.mismatch).isValid)
    }
}
