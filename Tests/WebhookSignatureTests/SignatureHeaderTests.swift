import Foundation
import PropertyBased
import Testing
import WebhookSignature

/// Every malformed-header class gets its own typed reason; none throws or traps.
@Suite struct SignatureHeaderTests {
    static let body = Array(#"{"hello":"world"}"#.utf8)
    static let valid = "t7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM="
    static let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret("test_secret")])

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var name: String
        var header: String?
        var reason: SignatureInvalidReason

        var testDescription: String { name }
    }

    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    static let malformed: [MalformedCase] = {
        let valid = SignatureHeaderTests.valid
        let macBytes = [UInt8](Data(base64Encoded: valid) ?? Data())
        return [
            MalformedCase(name: "nil header", header: nil, reason: .missing),
            MalformedCase(name: "empty header", header: "", reason: .empty),
            MalformedCase(name: "only a space", header: " ", reason: .notBase64),
            MalformedCase(name: "leading space", header: " " + valid, reason: .notBase64),
            MalformedCase(name: "trailing newline", header: valid + "\n", reason: .notBase64),
            MalformedCase(
                name: "inner tab",
                header: "t7Hn4ZDHqs6e\twdvI5TyQIvzie0DmMUmuXEBqyyE/tM=",
                reason: .notBase64
            ),
            MalformedCase(name: "asterisk", header: "t7Hn4ZDHqs6e*wdvI5TyQIvzie0DmMUmuXEBqyyE/tM=", reason: .notBase64),
            MalformedCase(
                name: "non-ASCII",
                header: "t7Hn4ZDHqs6é+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM=",
                reason: .notBase64
            ),
            MalformedCase(
                name: "NUL byte",
                header: "t7Hn4ZDHqs6e\u{0}wdvI5TyQIvzie0DmMUmuXEBqyyE/tM=",
                reason: .notBase64
            ),
            MalformedCase(
                name: "URL-safe alphabet",
                header: valid.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"),
                reason: .notBase64
            ),
            MalformedCase(name: "43 characters", header: String(valid.dropFirst()), reason: .wrongLength),
            MalformedCase(name: "45 characters", header: "A" + valid, reason: .wrongLength),
            MalformedCase(name: "padding missing", header: String(valid.dropLast()), reason: .badPadding),
            MalformedCase(name: "extra padding", header: valid + "=", reason: .badPadding),
            MalformedCase(name: "three padding characters", header: valid + "==", reason: .badPadding),
            MalformedCase(name: "padding first", header: "=" + valid.dropLast(), reason: .badPadding),
            MalformedCase(
                name: "padding in the middle",
                header: "t7Hn4ZDHqs6e+wdv=5TyQIvzie0DmMUmuXEBqyyE/tM=",
                reason: .badPadding
            ),
            MalformedCase(name: "only padding", header: "====", reason: .badPadding),
            MalformedCase(
                name: "non-zero trailing bits",
                header: "t7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tN=",
                reason: .badPadding
            ),
            MalformedCase(
                name: "all trailing bits set",
                header: "t7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tP=",
                reason: .badPadding
            ),
            MalformedCase(name: "31 bytes", header: base64(Array(macBytes.prefix(31))), reason: .wrongLength),
            MalformedCase(name: "33 bytes", header: base64(macBytes + [0]), reason: .wrongLength),
            MalformedCase(name: "64 bytes", header: base64(macBytes + macBytes), reason: .wrongLength),
            MalformedCase(name: "one character", header: "A", reason: .wrongLength),
            MalformedCase(
                name: "100,000 characters",
                header: String(repeating: "A", count: 100_000),
                reason: .wrongLength
            ),
            MalformedCase(
                name: "hex instead of Base64",
                header: [UInt8](repeating: 0xAB, count: 32).hex,
                reason: .wrongLength
            ),
            MalformedCase(
                name: "flipped case",
                header: "T7Hn4ZDHqs6e+wdvI5TyQIvzie0DmMUmuXEBqyyE/tM=",
                reason: .mismatch
            ),
        ]
    }()

    @Test(arguments: malformed)
    func malformedHeaderIsATypedInvalidResult(_ testCase: MalformedCase) {
        let result = Self.verifier.verify(Self.body, signature: testCase.header)
        #expect(result == .invalid(testCase.reason))
    }

    @Test func theFixtureHeaderItselfIsValid() {
        #expect(Self.verifier.verify(Self.body, signature: Self.valid) == .valid(secretIndex: 0))
        #expect([UInt8](Data(base64Encoded: Self.valid) ?? Data()).count == 32)
    }

    @Test func reasonDescriptionsAreStableCodes() {
        let codes: [(SignatureInvalidReason, String)] = [
            (.missing, "missing"), (.empty, "empty"), (.notBase64, "not-base64"), (.wrongLength, "wrong-length"),
            (.badPadding, "bad-padding"), (.mismatch, "mismatch"), (.noSecrets, "no-secrets"),
        ]
        for (reason, code) in codes {
            #expect(reason.description == code)
        }
        #expect(Set(codes.map(\.0)).count == codes.count)
    }

    @Test func headerNamesMatchCaseInsensitively() {
        #expect(WebhookSignatureHeader.line.name == "x-line-signature")
        #expect(WebhookSignatureHeader.lineWorks.name == "x-works-signature")
        for spelling in ["x-line-signature", "X-Line-Signature", "X-LINE-SIGNATURE"] {
            #expect(WebhookSignatureHeader.line.matches(spelling))
            #expect(WebhookSignatureHeader(matching: spelling) == .line)
        }
        #expect(WebhookSignatureHeader.lineWorks.matches("X-WORKS-Signature"))
        #expect(WebhookSignatureHeader.lineWorks.matches("x-works-signature"[...]))
        for other in [
            "x-line-signature-256", "x-line-signatur", "", "x\rline-signature", "x_line_signature",
            "X-Works-Signature ",
        ] {
            #expect(!WebhookSignatureHeader.line.matches(other))
        }
        #expect(!WebhookSignatureHeader.line.matches("x-works-signature"))
        #expect(WebhookSignatureHeader(matching: "content-type") == nil)
    }

    @Test func federationHeaderIsTheExternalTalkSignature() {
        #expect(WebhookSignatureHeader.externalTalk.name == "x-externaltalk-signature")
        #expect(WebhookSignatureHeader(matching: "X-ExternalTalk-Signature") == .externalTalk)
        #expect(!WebhookSignatureHeader.externalTalk.matches("x-externaltalk-tenant"))
        #expect(WebhookSignatureHeader.allCases.count == Set(WebhookSignatureHeader.allCases.map(\.name)).count)
    }

    /// A valid header with any one character replaced is never accepted.
    @Test func propertyOneChangedCharacterIsNeverValid() async {
        let valid = Array(Self.valid.utf8)
        await propertyCheck(count: 300, input: Gen.int(in: 0...43), Gen<UInt8>.value(in: 0...127)) {
            position,
            replacement in
            var header = valid
            header[position] = replacement
            let result = Self.verifier.verify(Self.body, signature: String(decoding: header, as: UTF8.self))
            #expect(result.isValid == (replacement == valid[position]))
        }
    }

    /// Arbitrary strings, including every ASCII control and lots of `=`, never trap and never
    /// verify.
    @Test func propertyArbitraryHeadersAreInvalidNotFatal() async {
        let characters = Gen.character(in: "\u{0}"..."\u{7F}")
        await propertyCheck(count: 500, input: characters.string(of: 0...90)) { header in
            let result = Self.verifier.verify(Self.body, signature: header)
            #expect(!result.isValid)
        }
    }

    /// Every canonical encoding of a 32-byte tag gets past the decoder and is compared:
    /// a random tag is a mismatch, never a format error.
    @Test func propertyEveryCanonicalTagReachesTheComparison() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 32)) { tag in
            let header = Data(tag).base64EncodedString()
            #expect(Self.verifier.verify(Self.body, signature: header) == .invalid(.mismatch))
        }
    }
}
