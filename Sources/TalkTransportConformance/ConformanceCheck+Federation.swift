import TalkModel
import TalkTesting
public import TalkTransport
import TalkWire

extension ConformanceCheck where Transport: FederationTransport {
    /// The federation checks.
    public static var federation: [ConformanceCheck] {
        [
            ConformanceCheck("federationEnvelopeIsDeliveredOnce") { h in
                let envelope = FederationEnvelope(
                    messageID: "m-1",
                    timestampMilliseconds: 1_700_000_000_000,
                    room: "room-1",
                    sender: FederationSender(id: "sato@example.co.jp", displayName: "Sato"),
                    content: .text(TextContent("Hello partner"))
                )
                let first = try await h.transport.deliver(envelope, to: h.peer)
                let second = try await h.transport.deliver(envelope, to: h.peer)
                try h.expect(!first.isDuplicate, "!first.isDuplicate")
                try h.expect(second.isDuplicate, "second.isDuplicate")
                try h.expect(
                    h.platform.envelopes(receivedBy: h.peer) == [envelope],
                    "h.platform.envelopes(receivedBy: h.peer) == [envelope]"
                )
                let unknown = try TenantDomain("stranger.example")
                let error = try await h.error { try await h.transport.deliver(envelope, to: unknown) }
                try h.expect(error.code == .notFound, "error.code == .notFound")
            }
        ]
    }
}
