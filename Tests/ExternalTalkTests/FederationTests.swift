import ExternalTalk
import Synchronization
import TalkModel
import TalkStorage
import TalkTesting
import TalkTransport
import TalkWire
import Testing
import WebhookSignature

/// Two tenants' services, each with its own storage, whose federation requests reach each other signed exactly as
/// over HTTP: `FederationHTTP.body` for the bytes, the shared secret's HMAC for the signature header.
struct TwoTenants: Sendable {
    static let secret = "federation-shared-secret-0123456789"

    final class Registry: Sendable {
        let services = Mutex<[TenantDomain: ExternalTalkService]>([:])
        /// Requests a tenant answered, by receiving tenant: the bridge's own record of the traffic.
        let outcomes = Mutex<[FederationOutcome]>([])
    }

    struct Bridge: TalkTransport {
        let line: InMemoryTransport
        let local: TenantDomain
        let registry: Registry

        func perform<Call: LineAPICall>(_ call: Call, channel: LineChannelID) async throws -> Call.Response {
            try await line.perform(call, channel: channel)
        }
        func downloadContent(messageID: String, channel: LineChannelID) async throws -> LineContent {
            try await line.downloadContent(messageID: messageID, channel: channel)
        }
        func send(_ request: WorksSendRequest) async throws -> WorksSendReceipt { try await line.send(request) }
        func deliver(_ request: FederationRequest, to peer: TenantDomain) async throws -> FederationDeliveryReceipt {
            let body = try FederationHTTP.body(for: request, to: peer, localTenant: local, operation: "deliver")
            guard let service = registry.services.withLock({ $0[peer] }) else {
                throw TalkTransportError(.notFound, operation: "deliver", message: "no tenant \(peer)")
            }
            let signature = WebhookSignatureVerifier(secrets: [WebhookSecret(TwoTenants.secret)]).signature(for: body)
            let outcome = await service.receiveFederationRequest(
                body,
                tenantHeader: local.rawValue,
                signatureHeader: signature
            )
            registry.outcomes.withLock { $0.append(outcome) }
            switch outcome.status {
            case .accepted, .duplicate:
                return FederationDeliveryReceipt(
                    peer: peer,
                    requestID: request.requestID,
                    status: 200,
                    isDuplicate: outcome.status == .duplicate
                )
            case .denied:
                throw TalkTransportError(.forbidden, operation: "deliver", message: outcome.reason ?? "denied")
            default:
                throw TalkTransportError(.serverError, operation: "deliver", message: outcome.description)
            }
        }
    }

    let registry: Registry
    let ours: ExternalTalkService
    let theirs: ExternalTalkService
    let oursStorage: InMemoryStorage
    let theirsStorage: InMemoryStorage
    let alice: MemberID
    let kenji: MemberID
    let usTenant: TenantDomain
    let partner: TenantDomain

    /// - Parameter partnerAllows: The members the partner's admin lets talk externally.
    init(partnerAllows: AllowedMembers? = nil) async throws {
        let clock = VirtualClock()
        let line = InMemoryTransport(clock: clock)
        let registry = Registry()
        let oursStorage = InMemoryStorage()
        let theirsStorage = InMemoryStorage()
        let usTenant = try TenantDomain("example.co.jp")
        let partner = try TenantDomain("partner.co.jp")
        let alice = try MemberID("alice@example.co.jp")
        let kenji = try MemberID("kenji@partner.co.jp")
        var ourPolicy = TenantPolicy(tenant: usTenant, plan: .paid)
        ourPolicy.workspaceLink = ExternalLink(isEnabled: true, allowedMembers: .only([alice]))
        var theirPolicy = TenantPolicy(tenant: partner, plan: .paid)
        theirPolicy.workspaceLink = ExternalLink(isEnabled: true, allowedMembers: partnerAllows ?? .only([kenji]))
        func service(_ policy: TenantPolicy, peer: TenantPolicy, storage: InMemoryStorage) -> ExternalTalkService {
            ExternalTalkService(
                configuration: ExternalTalkConfiguration(
                    policy: policy,
                    peerPolicies: [peer],
                    channels: [],
                    federationPeers: [FederationPeer(tenant: peer.tenant, secrets: [WebhookSecret(Self.secret)])]
                ),
                storage: storage,
                transport: Bridge(line: line, local: policy.tenant, registry: registry),
                clock: clock
            )
        }
        let ours = service(ourPolicy, peer: theirPolicy, storage: oursStorage)
        let theirs = service(theirPolicy, peer: ourPolicy, storage: theirsStorage)
        registry.services.withLock {
            $0[usTenant] = ours
            $0[partner] = theirs
        }
        self.registry = registry
        self.ours = ours
        self.theirs = theirs
        self.oursStorage = oursStorage
        self.theirsStorage = theirsStorage
        self.alice = alice
        self.kenji = kenji
        self.usTenant = usTenant
        self.partner = partner
    }

    /// Alice invites Kenji by his exact ID and Kenji adds the request: talk has started on both sides.
    func connected() async throws -> (ours: TalkRoomID, theirs: TalkRoomID) {
        let ourRoom = try await ours.invite(kenji, method: .exactIDSearch(query: kenji.rawValue), by: alice)
        let theirRoom = try #require(try await rooms(theirsStorage).first?.id)
        try await theirs.accept(theirRoom, by: kenji)
        return (ourRoom, theirRoom)
    }

    func rooms(_ storage: InMemoryStorage) async throws -> [StoredRoom] {
        try await storage.read { try $0.rooms(after: nil, limit: 100) }
    }

    func kinds(_ service: ExternalTalkService) async throws -> [TalkEvent.Kind] {
        try await service.storedEvents(after: 0, limit: 1000).map(\.kind)
    }
}

@Suite("Federation between two tenants through the engine")
struct FederationTests {
    @Test("R08 R09 R04: an invitation by exact ID is a pending request on the other side; Add starts talk on both")
    func r08_inviteThenAccept() async throws {
        let t = try await TwoTenants()
        let ourRoom = try await t.ours.invite(
            t.kenji,
            method: .exactIDSearch(query: "kenji@partner.co.jp"),
            by: t.alice
        )
        #expect(try await t.ours.room(ourRoom)?.room.status.pendingRequest?.direction == .outgoing)
        let theirRooms = try await t.rooms(t.theirsStorage)
        #expect(theirRooms.count == 1)
        let theirRoom = try #require(theirRooms.first)
        #expect(theirRoom.member == t.kenji)
        #expect(theirRoom.room.peer == .workspaceUser(t.alice))
        #expect(theirRoom.room.status.pendingRequest?.direction == .incoming)
        #expect(try await t.kinds(t.theirs).contains(.requestReceived(peer: "alice@example.co.jp")))

        try await t.theirs.accept(theirRoom.id, by: t.kenji)
        #expect(try await t.theirs.room(theirRoom.id)?.room.status.isActive == true)
        #expect(try await t.ours.room(ourRoom)?.room.status.isActive == true)
        #expect(try await t.kinds(t.ours).last == .talkStarted)
        // Each side has the other in its address book (R10).
        #expect(try await t.ours.contacts(of: t.alice).map(\.party) == [.workspaceUser(t.kenji)])
        #expect(try await t.theirs.contacts(of: t.kenji).map(\.party) == [.workspaceUser(t.alice)])
    }

    @Test("R14 R16: messages go both ways with emoji tokens, and read marks cross")
    func r16_messagesAndReadMarks() async throws {
        let t = try await TwoTenants()
        let (ourRoom, theirRoom) = try await t.connected()
        let sent = try await t.ours.send(
            .text(TextContent(workspaceText: "Hello (smile)", catalog: nil)),
            to: ourRoom,
            as: .member(t.alice)
        )
        #expect(sent.state == .sent)
        let received = try #require(try await t.theirs.messages(in: theirRoom).last)
        #expect(received.direction == .inbound && received.text == "Hello (smile)" && received.state == .delivered)

        let answer = try await t.theirs.send(.text(TextContent("Hi Alice")), to: theirRoom, as: .member(t.kenji))
        #expect(answer.state == .sent)
        #expect(try await t.ours.messages(in: ourRoom).last?.text == "Hi Alice")

        // Kenji reads Alice's message: Alice's side shows it read (R16).
        #expect(try await t.theirs.markRead(theirRoom, by: t.kenji) == 1)
        let ours = try #require(try await t.ours.message(sent.message))
        #expect(ours.readAt != nil)
        #expect(try await t.kinds(t.ours).contains(.messagesRead(direction: .outbound, count: 1)))
    }

    @Test("R11: after the peer blocks, our side cannot send; after the unblock it can again")
    func r11_blockAndUnblockCross() async throws {
        let t = try await TwoTenants()
        let (ourRoom, theirRoom) = try await t.connected()
        try await t.theirs.block(theirRoom, by: t.kenji)
        #expect(try await t.ours.room(ourRoom)?.room.status.restrictions.contains(.blockedByPeer) == true)
        let denied = await #expect(throws: ExternalTalkError.self) {
            try await t.ours.send(.text(TextContent("are you there?")), to: ourRoom, as: .member(t.alice))
        }
        #expect(denied?.code == .denied)
        #expect(denied?.rule == .r11)

        try await t.theirs.unblock(theirRoom, by: t.kenji)
        #expect(try await t.ours.room(ourRoom)?.room.status.isActive == true)
        let sent = try await t.ours.send(.text(TextContent("hello again")), to: ourRoom, as: .member(t.alice))
        #expect(sent.state == .sent)
        #expect(try await t.theirs.messages(in: theirRoom).last?.text == "hello again")
    }

    @Test("R13: a call invitation reaches the other tenant")
    func r13_callInvitationCrosses() async throws {
        let t = try await TwoTenants()
        let (ourRoom, theirRoom) = try await t.connected()
        try await t.ours.startCall(.video, in: ourRoom, by: t.alice)
        let events = try await t.theirs.storedEvents(after: 0, limit: 1000)
        #expect(events.contains { $0.kind == .callStarted(kind: "video") && $0.room == theirRoom })
    }

    @Test("R21: our member's synced profile fields reach the peer's address book, which cannot edit them")
    func r21_profileSync() async throws {
        let t = try await TwoTenants()
        _ = try await t.connected()
        let notified = try await t.ours.publishProfile(
            FederationProfileUpdate(
                nickname: "Ali",
                companyName: "Example K.K.",
                photoURL: "https://example.co.jp/a.png"
            ),
            of: t.alice
        )
        #expect(notified == 1)
        let contact = try #require(try await t.theirs.contacts(of: t.kenji).first)
        #expect(contact.synced.nickname == "Ali")
        #expect(contact.synced.companyName == "Example K.K.")
        #expect(contact.synced.profilePhotoURL == "https://example.co.jp/a.png")
        // The synced fields are not Kenji's to edit (R21).
        await #expect(throws: ExternalTalkError.self) {
            try await t.theirs.setContactField(.nickname, to: "Someone else", for: .workspaceUser(t.alice), by: t.kenji)
        }
    }

    @Test(
        "R04 R02: when the partner's admin does not allow its member, the invitation is refused there and explained here"
    )
    func r04_partnerPolicyRefuses() async throws {
        let t = try await TwoTenants(partnerAllows: .only([try MemberID("someone@partner.co.jp")]))
        let decision = try await t.ours.explain(
            .memberAddsWorkspaceUser(.exactIDSearch(query: "kenji@partner.co.jp")),
            actor: .workspaceUser(t.alice),
            target: .workspaceUser(t.kenji)
        )
        #expect(decision.denial?.rule == .r04)
        #expect(decision.denial?.decidingTenant == t.partner)
        let refused = await #expect(throws: ExternalTalkError.self) {
            try await t.ours.invite(t.kenji, method: .exactIDSearch(query: "kenji@partner.co.jp"), by: t.alice)
        }
        #expect(refused?.code == .denied)
        #expect(try await t.rooms(t.theirsStorage).isEmpty)
    }

    @Test("W1 W3: a wrong signature or an unknown tenant is refused before parsing; a repeated request ID applies once")
    func w3_signaturesAndDuplicates() async throws {
        let t = try await TwoTenants()
        let request = FederationRequest(
            requestID: "b9d4c1a2-0000-4000-8000-000000000001",
            timestampMilliseconds: 1_750_000_000_000,
            from: FederationMember(id: t.kenji),
            to: t.alice,
            room: "ws:kenji@partner.co.jp:alice@example.co.jp",
            kind: .invitation(FederationInvitation(method: FederationInvitationMethod(.qrCode)))
        )
        let body = try FederationHTTP.body(for: request, to: t.usTenant, localTenant: t.partner, operation: "test")
        let good = WebhookSignatureVerifier(secrets: [WebhookSecret(TwoTenants.secret)]).signature(for: body)
        let bad = WebhookSignatureVerifier(secrets: [WebhookSecret("not-the-secret")]).signature(for: body)

        let forged = await t.ours.receiveFederationRequest(body, tenantHeader: "partner.co.jp", signatureHeader: bad)
        #expect(forged.status == .refused && forged.httpStatus == 401)
        let stranger = await t.ours.receiveFederationRequest(body, tenantHeader: "other.co.jp", signatureHeader: good)
        #expect(stranger.status == .refused)
        #expect(try await t.rooms(t.oursStorage).isEmpty)

        async let one = t.ours.receiveFederationRequest(body, tenantHeader: "partner.co.jp", signatureHeader: good)
        async let two = t.ours.receiveFederationRequest(body, tenantHeader: "partner.co.jp", signatureHeader: good)
        let outcomes = await [one, two].map(\.status)
        #expect(outcomes.sorted { $0.rawValue < $1.rawValue } == [.accepted, .duplicate])
        #expect(try await t.rooms(t.oursStorage).count == 1)
        #expect(try await t.kinds(t.ours).filter { $0 == .requestReceived(peer: "kenji@partner.co.jp") }.count == 1)
    }
}
