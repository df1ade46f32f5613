import TalkModel
import TalkTesting
import TalkTransport
import TalkWire
import Testing
import WebhookSignature

/// The fake peer tenant of ``InMemoryTransport``: it receives federation requests as a real receiver does.
@Suite("InMemoryTransport peer tenants")
struct FederationPeerTests {
    let peer: TenantDomain
    let sato: MemberID
    let tanaka: MemberID

    init() throws {
        peer = try TenantDomain("partner.example.jp")
        sato = try MemberID("sato@example.co.jp")
        tanaka = try MemberID("tanaka@partner.example.jp")
    }

    private func request(_ requestID: String, _ kind: FederationRequest.Kind) -> FederationRequest {
        FederationRequest(
            requestID: requestID,
            timestampMilliseconds: 1_700_000_000_000,
            from: FederationMember(id: sato),
            to: tanaka,
            room: "room-1",
            kind: kind
        )
    }

    /// Posts bytes to the peer as another implementation would, with the headers given.
    private func post(
        _ body: [UInt8],
        to platform: InMemoryTransport,
        path: String = FederationHTTP.path,
        tenant: String? = "example.co.jp",
        tenantHeader: String = FederationHTTP.tenantHeader,
        secret: String?
    ) -> SimulatedResponse? {
        var headers = ["content-type": "application/json"]
        if let tenant { headers[tenantHeader] = tenant }
        if let secret {
            headers[FederationHTTP.signatureHeader] = WebhookSignatureVerifier(secrets: [WebhookSecret(secret)])
                .signature(for: body)
        }
        let simulated = SimulatedRequest(
            service: .federation(peer),
            method: "POST",
            path: path,
            headers: headers,
            body: body
        )
        guard case .response(let response) = platform.simulate(simulated) else { return nil }
        return response
    }

    @Test func requestsAreRecordedPerPeerAndRepeatsByRequestIDAreDuplicates() async throws {
        let platform = InMemoryTransport()
        platform.addPeerTenant(peer)
        let other = try TenantDomain("other.example.jp")
        platform.addPeerTenant(other)
        let message = request("q-1", .message(FederationMessage(messageID: "m-1", content: .text(TextContent("Hi")))))
        let read = request("q-2", .read(lastMessageID: "m-0"))
        #expect(try await !platform.deliver(message, to: peer).isDuplicate)
        #expect(try await !platform.deliver(read, to: peer).isDuplicate)
        // The same request ID with another body is still the request already processed.
        var repeated = read
        repeated.kind = .block
        let receipt = try await platform.deliver(repeated, to: peer)
        #expect(receipt == FederationDeliveryReceipt(peer: peer, requestID: "q-2", status: 200, isDuplicate: true))
        #expect(platform.federationRequests(receivedBy: peer) == [message, read])
        #expect(platform.federationRequests(receivedBy: other).isEmpty)
        let entries = platform.outbox
        #expect(entries.map(\.kind) == [.federation, .federation])
        #expect(entries.first?.texts == ["Hi"])
        #expect(entries.first?.sentMessageIDs == ["m-1"])
        #expect(entries.last?.messages.isEmpty == true)
    }

    @Test func theSameRequestIDFromAnotherSendingTenantIsANewRequest() throws {
        let platform = InMemoryTransport()
        let secret = platform.addPeerTenant(peer)
        let first = request("q-1", .accept)
        var second = first
        second.from = FederationMember(id: try MemberID("kato@third.example.jp"))
        #expect(post(first.jsonBytes, to: platform, secret: secret)?.status == 202)
        #expect(post(second.jsonBytes, to: platform, tenant: "third.example.jp", secret: secret)?.status == 202)
        #expect(platform.federationRequests(receivedBy: peer) == [first, second])
    }

    @Test func aGivenSharedSecretIsKeptAndSignsDeliveries() async throws {
        let platform = InMemoryTransport()
        #expect(platform.addPeerTenant(peer, sharedSecret: "shared") == "shared")
        #expect(platform.addPeerTenant(peer, sharedSecret: "another") == "shared")
        #expect(platform.sharedSecret(of: peer) == "shared")
        _ = try await platform.deliver(request("q-1", .accept), to: peer)
        let sent = try #require(platform.requests.last)
        #expect(sent.headers[FederationHTTP.tenantHeader] == "example.co.jp")
        #expect(
            WebhookSignatureVerifier(secrets: [WebhookSecret("shared")])
                .verify(sent.body, signature: sent.headers[FederationHTTP.signatureHeader]).isValid
        )
    }

    @Test func unsignedOrWronglySignedRequestsAreRefusedAndNotRecorded() {
        let platform = InMemoryTransport()
        platform.addPeerTenant(peer, sharedSecret: "shared")
        let body = request("q-1", .accept).jsonBytes
        #expect(post(body, to: platform, secret: nil)?.status == 401)
        #expect(post(body, to: platform, secret: "guessed")?.status == 401)
        #expect(post(body, to: platform, tenant: nil, secret: "shared")?.status == 401)
        #expect(platform.federationRequests(receivedBy: peer).isEmpty)
        #expect(platform.outbox.isEmpty)
    }

    @Test func r04_aSenderOfAnotherTenantThanTheHeaderIsRefused() {
        let platform = InMemoryTransport()
        let secret = platform.addPeerTenant(peer)
        let body = request("q-1", .accept).jsonBytes
        let response = post(body, to: platform, tenant: "mallory.example", secret: secret)
        #expect(response?.status == 403)
        #expect(platform.federationRequests(receivedBy: peer).isEmpty)
    }

    @Test func aRequestForAnotherTenantsMemberIsRefused() throws {
        let platform = InMemoryTransport()
        let secret = platform.addPeerTenant(peer)
        var misrouted = request("q-1", .accept)
        misrouted.to = try MemberID("suzuki@elsewhere.example")
        #expect(post(misrouted.jsonBytes, to: platform, secret: secret)?.status == 404)
    }

    @Test func aVersion1PeerPostingAnEnvelopeIsReadAsAMessage() throws {
        let platform = InMemoryTransport()
        let secret = platform.addPeerTenant(peer)
        let envelope = FederationEnvelope(
            messageID: "m-1",
            timestampMilliseconds: 1_700_000_000_000,
            room: "room-1",
            sender: FederationSender(id: "sato@example.co.jp"),
            content: .text(TextContent("From an old peer"))
        )
        let response = post(
            envelope.jsonBytes,
            to: platform,
            path: FederationHTTP.version1Path,
            tenantHeader: FederationHTTP.originHeader,
            secret: secret
        )
        #expect(response?.status == 202)
        #expect(platform.federationRequests(receivedBy: peer) == [try FederationRequest(envelope: envelope)])
        #expect(platform.outbox.last?.texts == ["From an old peer"])
    }

    @Test func aRequestWithoutRecipientIsNotSent() async {
        let platform = InMemoryTransport()
        platform.addPeerTenant(peer)
        var unaddressed = request("q-1", .accept)
        unaddressed.to = nil
        let error = await #expect(throws: TalkTransportError.self) {
            try await platform.deliver(unaddressed, to: peer)
        }
        #expect(error?.code == .invalidRequest)
        #expect(platform.requests.isEmpty)
    }

    @Test func anUnknownPeerIsNotFound() async throws {
        let platform = InMemoryTransport()
        let error = await #expect(throws: TalkTransportError.self) {
            try await platform.deliver(request("q-1", .accept), to: peer)
        }
        #expect(error?.code == .notFound)
    }
}
