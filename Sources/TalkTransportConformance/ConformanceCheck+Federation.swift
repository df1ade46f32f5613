import TalkModel
import TalkTesting
public import TalkTransport
import TalkWire
import WebhookSignature

extension ConformanceCheck where Transport: FederationTransport {
    /// The federation checks.
    public static var federation: [ConformanceCheck] {
        [
            ConformanceCheck("federationRequestIsDeliveredOnceByRequestID") { h in
                let request = try FederationSamples.request(
                    "q-1",
                    .message(FederationMessage(messageID: "m-1", content: .text(TextContent("Hello partner"))))
                )
                let first = try await h.transport.deliver(request, to: h.peer)
                let second = try await h.transport.deliver(request, to: h.peer)
                try h.expect(!first.isDuplicate, "!first.isDuplicate")
                try h.expect(second.isDuplicate, "second.isDuplicate")
                try h.expect(first.requestID == "q-1", "first.requestID == \"q-1\"")
                try h.expect(
                    h.platform.federationRequests(receivedBy: h.peer) == [request],
                    "h.platform.federationRequests(receivedBy: h.peer) == [request]"
                )
                let unknown = try TenantDomain("stranger.example")
                var toStranger = request
                toStranger.to = try MemberID("kato@stranger.example")
                let error = try await h.error { try await h.transport.deliver(toStranger, to: unknown) }
                try h.expect(error.code == .notFound, "error.code == .notFound")
            },
            ConformanceCheck("r08_r09_r11_r13_r16_r21_everyRequestTypeReachesThePeerAsSent") { h in
                let requests = try FederationSamples.everyType()
                for request in requests {
                    let receipt = try await h.transport.deliver(request, to: h.peer)
                    try h.expect(!receipt.isDuplicate, "!receipt.isDuplicate")
                }
                try h.expect(
                    h.platform.federationRequests(receivedBy: h.peer) == requests,
                    "h.platform.federationRequests(receivedBy: h.peer) == requests"
                )
            },
            ConformanceCheck("r04_federationRequestIsSignedWithTheSharedSecretAndNamesTheSenderTenant") { h in
                let request = try FederationSamples.request("q-1", .block)
                _ = try await h.transport.deliver(request, to: h.peer)
                let sent = try h.require(h.platform.requests.last, "a request reached the peer")
                try h.expect(sent.path == FederationHTTP.path, "sent.path == FederationHTTP.path")
                try h.expect(
                    sent.headers[FederationHTTP.tenantHeader] == "example.co.jp",
                    "sent.headers[FederationHTTP.tenantHeader] == \"example.co.jp\""
                )
                let verifier = WebhookSignatureVerifier(secrets: [WebhookSecret(h.peerSecret)])
                try h.expect(
                    verifier.verify(sent.body, signature: sent.headers[FederationHTTP.signatureHeader]).isValid,
                    "the signature header verifies with the peer's shared secret"
                )
                try h.expect(sent.body == request.jsonBytes, "sent.body == request.jsonBytes")
            },
            ConformanceCheck("requestWithoutRecipientOrForAnotherTenantIsRefusedUnsent") { h in
                var withoutRecipient = try FederationSamples.request("q-1", .accept)
                withoutRecipient.to = nil
                var elsewhere = try FederationSamples.request("q-2", .accept)
                elsewhere.to = try MemberID("suzuki@elsewhere.example")
                for request in [withoutRecipient, elsewhere] {
                    let error = try await h.error { try await h.transport.deliver(request, to: h.peer) }
                    try h.expect(error.code == .invalidRequest, "error.code == .invalidRequest")
                    try h.expect(!error.mayHaveBeenProcessed, "!error.mayHaveBeenProcessed")
                }
                try h.expect(h.platform.requests.isEmpty, "h.platform.requests.isEmpty")
            },
        ]
    }
}

/// Requests from `sato@example.co.jp` to `tanaka@partner.example.jp`, the fixture's peer tenant.
enum FederationSamples {
    static func request(_ requestID: String, _ kind: FederationRequest.Kind) throws -> FederationRequest {
        FederationRequest(
            requestID: requestID,
            timestampMilliseconds: 1_700_000_000_000,
            from: FederationMember(id: try MemberID("sato@example.co.jp"), displayName: "Sato"),
            to: try MemberID("tanaka@partner.example.jp"),
            room: "room-1",
            kind: kind
        )
    }

    /// One request of every type, in the order a conversation would have them.
    static func everyType() throws -> [FederationRequest] {
        let kinds: [FederationRequest.Kind] = [
            .invitation(FederationInvitation(method: .qrCode, note: "From the trade fair")),
            .accept,
            .profile(
                FederationProfileUpdate(nickname: "Sato", companyName: "Example", photoURL: "https://p.example/s")
            ),
            .message(FederationMessage(messageID: "m-1", content: .text(TextContent("Hello")))),
            .read(lastMessageID: "m-0"),
            .callInvitation(FederationCallInvitation(kind: .video, callID: "c-1")),
            .block,
            .unblock,
            .unknown(type: "typing", body: .object([JSONValue.Member("seconds", .number(JSONNumber(3)))])),
        ]
        var requests: [FederationRequest] = []
        for (index, kind) in kinds.enumerated() {
            requests.append(try request("q-\(index + 1)", kind))
        }
        return requests
    }
}
