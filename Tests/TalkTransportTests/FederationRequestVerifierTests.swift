import TalkModel
import TalkTransport
import TalkWire
import Testing
import WebhookSignature

@Suite struct FederationRequestVerifierTests {
    let local: TenantDomain
    let partner: TenantDomain
    let verifier: FederationRequestVerifier

    init() throws {
        local = try TenantDomain("partner.example.jp")
        partner = try TenantDomain("example.co.jp")
        verifier = FederationRequestVerifier(
            localTenant: local,
            peerSecrets: [partner: [WebhookSecret("old-secret"), WebhookSecret("new-secret")]],
            maximumBytes: 4096
        )
    }

    private func request(
        from sender: String = "sato@example.co.jp",
        to recipient: String = "tanaka@partner.example.jp"
    )
        throws -> FederationRequest
    {
        FederationRequest(
            requestID: "q-1",
            timestampMilliseconds: 1_700_000_000_000,
            from: FederationMember(id: try MemberID(sender)),
            to: try MemberID(recipient),
            kind: .accept
        )
    }

    private func sign(_ body: [UInt8], with secret: String = "new-secret") -> String {
        WebhookSignatureVerifier(secrets: [WebhookSecret(secret)]).signature(for: body)
    }

    private func rejection(
        _ body: [UInt8],
        tenant: String? = "example.co.jp",
        signature: String?
    ) -> FederationRequestError? {
        do {
            _ = try verifier.verify(body, tenantHeader: tenant, signatureHeader: signature)
            Issue.record("expected a rejection")
            return nil
        } catch {
            return error
        }
    }

    @Test func aSignedRequestFromAPeerIsReadWithEitherSecretDuringARotation() throws {
        let accepted = try request()
        let body = accepted.jsonBytes
        for secret in ["old-secret", "new-secret"] {
            #expect(
                try verifier.verify(body, tenantHeader: "Example.co.jp", signatureHeader: sign(body, with: secret))
                    == accepted
            )
        }
    }

    @Test func theSignatureIsCheckedOnTheRawBytesBeforeAnyParsing() {
        // Not JSON at all: a bad signature is what is reported, since nothing is parsed before it holds.
        let garbage = Array("{not json".utf8)
        let error = rejection(garbage, signature: sign(Array("something else".utf8)))
        #expect(error?.code == .invalidSignature)
        #expect(error?.signatureReason == .mismatch)
        #expect(error?.httpStatus == 401)
        #expect(rejection(garbage, signature: nil)?.signatureReason == .missing)
        // Correctly signed, the same bytes are a malformed request with the offset.
        let malformed = rejection(garbage, signature: sign(garbage))
        #expect(malformed?.code == .malformedRequest)
        #expect(malformed?.decodingError?.code == .invalidJSON)
        #expect(malformed?.httpStatus == 400)
    }

    @Test func aRequestReEncodedAfterSigningNoLongerVerifies() throws {
        let body = try request().jsonBytes
        let signature = sign(body)
        let pretty = body.flatMap { $0 == UInt8(ascii: ",") ? [$0, UInt8(ascii: " ")] : [$0] }
        #expect(rejection(pretty, signature: signature)?.code == .invalidSignature)
    }

    @Test func anUnknownOrMissingTenantIsRefusedBeforeTheSignature() throws {
        let body = try request().jsonBytes
        for tenant in [nil, "", "not a domain", "stranger.example"] {
            let error = rejection(body, tenant: tenant, signature: sign(body))
            #expect(error?.code == .unknownTenant, "\(tenant ?? "nil")")
            #expect(error?.httpStatus == 401)
        }
    }

    @Test func anOversizedBodyIsRefusedBeforeTheSignatureIsComputed() {
        let body = Array(repeating: UInt8(ascii: " "), count: 4097)
        let error = rejection(body, signature: sign(body))
        #expect(error?.code == .malformedRequest)
        #expect(error?.decodingError?.code == .tooLarge)
        #expect(error?.httpStatus == 413)
        // A bad signature on an oversized body is still reported as too large: the HMAC is never run.
        #expect(rejection(body, signature: nil)?.httpStatus == 413)
    }

    @Test func r04_aPeerSpeaksOnlyForItsOwnMembers() throws {
        let body = try request(from: "mallory@elsewhere.example").jsonBytes
        let error = rejection(body, signature: sign(body))
        #expect(error?.code == .tenantMismatch)
        #expect(error?.decodingError?.path == "from.id")
        #expect(error?.httpStatus == 403)
    }

    @Test func aRequestForAnotherTenantsMemberIsRefused() throws {
        let body = try request(to: "suzuki@elsewhere.example").jsonBytes
        let error = rejection(body, signature: sign(body))
        #expect(error?.code == .wrongRecipient)
        #expect(error?.httpStatus == 404)
    }

    @Test func aVersion1EnvelopeVerifiesAsAMessage() throws {
        let envelope = FederationEnvelope(
            messageID: "m-1",
            timestampMilliseconds: 0,
            room: "room-1",
            sender: FederationSender(id: "sato@example.co.jp"),
            content: .text(TextContent("Hello"))
        )
        let body = envelope.jsonBytes
        let request = try verifier.verify(body, tenantHeader: "example.co.jp", signatureHeader: sign(body))
        #expect(request == (try FederationRequest(envelope: envelope)))
    }

    @Test func rejectionsNeverQuoteTheSignatureOrTheBody() throws {
        let body = Array(#"{"version":2,"requestId":"hunter2""#.utf8)
        let signature = sign(body)
        let error = try #require(rejection(body, signature: signature))
        #expect(!error.description.contains("hunter2"))
        #expect(!error.description.contains(signature))
        #expect(!error.description.contains("new-secret"))
    }

    @Test func theHeaderNamesAreTheDocumentedOnes() {
        #expect(FederationHTTP.signatureHeader == WebhookSignatureHeader.externalTalk.name)
        #expect(FederationHTTP.tenantHeader == "x-externaltalk-tenant")
        #expect(FederationHTTP.path == "/federation/v2/requests")
        #expect(FederationHTTP.version1Path == "/federation/v1/messages")
    }
}
