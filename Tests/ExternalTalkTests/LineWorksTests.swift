import ExternalTalk
import TalkModel
import TalkStorage
import TalkTesting
import TalkWire
import Testing
import WebhookSignature

/// A LINE WORKS tenant's users reach our member alice through the bot installed in their tenant: an external
/// workspace tenant like a federated one, under our policy in full.
struct WorksHarness: Sendable {
    static let botID = "2000001"
    static let secret = "works-bot-secret-0123456789abcdef"

    let clock: VirtualClock
    let line: InMemoryTransport
    let storage: InMemoryStorage
    let service: ExternalTalkService
    let alice: MemberID
    let partner: TenantDomain

    init(allowed: AllowedMembers? = nil, peerTenants: PeerTenantACL = PeerTenantACL()) async throws {
        let clock = VirtualClock()
        let line = InMemoryTransport(clock: clock)
        let storage = InMemoryStorage()
        let alice = try MemberID("alice@example.co.jp")
        let partner = try TenantDomain("partner.works.jp")
        var policy = TenantPolicy(tenant: try TenantDomain("example.co.jp"), plan: .paid)
        policy.workspaceLink = ExternalLink(isEnabled: true, allowedMembers: allowed ?? .only([alice]))
        policy.peerTenants = peerTenants
        self.service = ExternalTalkService(
            configuration: ExternalTalkConfiguration(
                policy: policy,
                channels: [],
                worksBots: [
                    WorksBot(botID: Self.botID, secrets: [WebhookSecret(Self.secret)], tenant: partner, member: alice)
                ],
                outboxRetry: OutboxRetry(initialDelay: .seconds(2))
            ),
            storage: storage,
            transport: line,
            clock: clock
        )
        self.clock = clock
        self.line = line
        self.storage = storage
        self.alice = alice
        self.partner = partner
    }

    /// A callback body as LINE WORKS posts it, issued now.
    func body(
        _ type: String,
        user: String? = "kenta@partner.works.jp",
        channel: String? = nil,
        content: String? = nil
    )
        -> [UInt8]
    {
        var source: [String] = []
        if let user { source.append(#""userId":"\#(user)""#) }
        if let channel { source.append(#""channelId":"\#(channel)""#) }
        source.append(#""domainId":40029600"#)
        var members = [#""type":"\#(type)""#, #""source":{\#(source.joined(separator: ","))}"#]
        members.append(#""issuedTime":"\#(Self.issued(clock.now()))""#)
        if let content { members.append(#""content":\#(content)"#) }
        return Array("{\(members.joined(separator: ","))}".utf8)
    }

    /// `issuedTime` as LINE WORKS writes it, `2026-12-01T09:30:00.000Z`, from the model's own calendar.
    static func issued(_ time: Timestamp) -> String {
        let local = TalkTimeZone.utc.localTime(at: time)
        let milliseconds = Int(((time.millisecondsSinceEpoch % 60_000) + 60_000) % 60_000)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(Int(local.year), 4))-\(pad(local.month, 2))-\(pad(local.day, 2))T"
            + "\(pad(local.minuteOfDay / 60, 2)):\(pad(local.minuteOfDay % 60, 2)):"
            + "\(pad(milliseconds / 1000, 2)).\(pad(milliseconds % 1000, 3))Z"
    }

    func text(_ text: String, user: String = "kenta@partner.works.jp") -> [UInt8] {
        body("message", user: user, content: #"{"type":"text","text":"\#(text)"}"#)
    }

    func sign(_ body: [UInt8]) -> String {
        WebhookSignatureVerifier(secrets: [WebhookSecret(Self.secret)]).signature(for: body)
    }

    @discardableResult
    func post(_ body: [UInt8]) async -> WebhookOutcome {
        await service.receiveWorksCallback(bot: Self.botID, signature: sign(body), botIDHeader: Self.botID, body: body)
    }

    func kinds() async throws -> [TalkEvent.Kind] {
        try await service.storedEvents(after: 0, limit: 1000).map(\.kind)
    }

    var kenta: MemberID { get throws { try MemberID("kenta@partner.works.jp") } }

    func room(_ user: String = "kenta@partner.works.jp") async throws -> StoredRoom {
        let rooms = try await storage.read { try $0.rooms(after: nil, limit: 100) }
        return try #require(rooms.first { $0.id.rawValue.hasSuffix(":\(user)") })
    }
}

@Suite("LINE WORKS bot callbacks through the engine")
struct LineWorksTests {
    @Test(
        "R09 R04: a LINE WORKS user's first message is a pending request to the bot's member, held until Add; then talk goes both ways through the bot"
    )
    func r09_requestThenTalkBothWays() async throws {
        let h = try await WorksHarness()
        #expect(await h.post(h.body("begin")).status == .accepted)
        let first = await h.post(h.text("Hello from LINE WORKS (smile)"))
        #expect(first.status == .accepted && first.applied == 1)
        var room = try await h.room()
        #expect(room.member == h.alice)
        #expect(room.room.peer == .workspaceUser(try h.kenta))
        #expect(room.room.status.pendingRequest?.direction == .incoming)
        var kinds = try await h.kinds()
        #expect(kinds.first == .requestReceived(peer: "kenta@partner.works.jp"))
        guard case .messageHeld(let heldID, _) = kinds.last else {
            Issue.record("the message before Add was not held: \(kinds)")
            return
        }
        #expect(try await h.service.message(heldID)?.text == "Hello from LINE WORKS (smile)")

        try await h.service.accept(room.id, by: h.alice)
        room = try await h.room()
        #expect(room.room.status.isActive)
        // Accepting sends LINE WORKS nothing: the bot has no such notice.
        #expect(h.line.outbox.isEmpty)

        #expect(await h.post(h.text("Are you there?")).applied == 1)
        kinds = try await h.kinds()
        guard case .messageReceived = kinds.last else {
            Issue.record("the message after Add was not delivered: \(kinds)")
            return
        }

        let receipt = try await h.service.send(
            .text(TextContent(workspaceText: "Yes, here", catalog: nil)),
            to: room.id,
            as: .member(h.alice)
        )
        #expect(receipt.state == .sent)
        let sent = try #require(h.line.outbox.last)
        #expect(sent.kind == .works)
        #expect(sent.recipients == ["kenta@partner.works.jp"])
        #expect(sent.messages.first?["text"]?.stringValue == "Yes, here")
        #expect(try await h.service.message(receipt.message)?.state == .sent)
    }

    @Test("W1: a wrong or missing signature, another bot's header, an unknown bot or a malformed body store nothing")
    func w1_refusals() async throws {
        let h = try await WorksHarness()
        let body = h.text("hi")
        let wrong = await h.service.receiveWorksCallback(
            bot: WorksHarness.botID,
            signature: WebhookSignatureVerifier(secrets: [WebhookSecret("another-secret")]).signature(for: body),
            body: body
        )
        #expect(wrong.status == .badSignature && wrong.httpStatus == 401)
        let missing = await h.service.receiveWorksCallback(bot: WorksHarness.botID, signature: nil, body: body)
        #expect(missing.httpStatus == 401)
        let otherBot = await h.service.receiveWorksCallback(
            bot: WorksHarness.botID,
            signature: h.sign(body),
            botIDHeader: "2000002",
            body: body
        )
        #expect(otherBot.httpStatus == 401)
        let unknown = await h.service.receiveWorksCallback(bot: "9999", signature: h.sign(body), body: body)
        #expect(unknown.status == .unknownChannel && unknown.httpStatus == 404)
        let malformed = Array(#"{"type":"message","source":{"userId":"a"#.utf8)
        let outcome = await h.post(malformed)
        #expect(outcome.status == .malformed && outcome.httpStatus == 400)
        #expect(try await h.kinds().isEmpty)
    }

    @Test("W3: the same callback posted twice, or twice at the same moment, is applied once")
    func w3_sameCallbackOnce() async throws {
        let h = try await WorksHarness()
        let body = h.text("only once")
        async let one = h.post(body)
        async let two = h.post(body)
        let outcomes = await [one, two]
        #expect(outcomes.map(\.applied).sorted() == [0, 1])
        #expect(outcomes.map(\.duplicates).sorted() == [0, 1])
        #expect(await h.post(body).duplicates == 1)
        let messages = try await h.service.messages(in: try await h.room().id)
        #expect(messages.count == 1)
    }

    @Test("R12: callbacks from group rooms are kept as platform events and delivered to nobody")
    func r12_groupRoomsDeliverNothing() async throws {
        let h = try await WorksHarness()
        #expect(await h.post(h.body("join", user: nil, channel: "group-1")).status == .accepted)
        let groupMessage = h.body(
            "message",
            channel: "group-1",
            content: #"{"type":"text","text":"hello group"}"#
        )
        #expect(await h.post(groupMessage).applied == 1)
        #expect(try await h.kinds() == [.platformEvent(type: "works.join"), .platformEvent(type: "works.message")])
        #expect(try await h.storage.read { try $0.rooms(after: nil, limit: 10) }.isEmpty)
    }

    @Test("R02 R05: when our member is not allowed for the workspace link, the room is read-only: kept, held, no send")
    func r05_memberNotAllowed() async throws {
        let h = try await WorksHarness(allowed: .only([try MemberID("bob@example.co.jp")]))
        #expect(await h.post(h.text("hello")).applied == 1)
        let room = try await h.room()
        #expect(!room.room.status.restrictions.isEmpty)
        let kinds = try await h.kinds()
        guard case .messageHeld = kinds.last else {
            Issue.record("the message was delivered: \(kinds)")
            return
        }
        await #expect(throws: ExternalTalkError.self) {
            try await h.service.accept(room.id, by: h.alice)
            _ = try await h.service.send(.text(TextContent("hi")), to: room.id, as: .member(h.alice))
        }
        #expect(h.line.outbox.isEmpty)
    }

    @Test("R04: a LINE WORKS tenant our admin does not allow is refused at Add and kept flagged")
    func r04_peerTenantNotAllowed() async throws {
        let h = try await WorksHarness(
            peerTenants: PeerTenantACL(allow: [.any], deny: [try DomainPattern("partner.works.jp")])
        )
        #expect(await h.post(h.text("hello")).applied == 1)
        let room = try await h.room()
        let decision = try await h.service.explain(
            .memberAddsWorkspaceUser(.exactIDSearch(query: "alice@example.co.jp")),
            actor: .workspaceUser(try h.kenta),
            target: .workspaceUser(h.alice)
        )
        #expect(decision.denial?.rule == .r04)
        await #expect(throws: ExternalTalkError.self) { try await h.service.accept(room.id, by: h.alice) }
    }

    @Test("W4: unknown callback and content types are kept, not dropped")
    func w4_unknownKept() async throws {
        let h = try await WorksHarness()
        #expect(await h.post(h.body("reaction")).applied == 1)
        let stamp = h.body("message", content: #"{"type":"hologram","frames":3}"#)
        #expect(await h.post(stamp).applied == 1)
        let messages = try await h.service.messages(in: try await h.room().id)
        #expect(messages.map(\.contentType) == ["hologram"])
        #expect(String(decoding: messages[0].content, as: UTF8.self).contains("frames"), "the raw content is kept")
        #expect(try await h.kinds().contains(.platformEvent(type: "works.reaction")))
    }

    @Test("R13: a call cannot go through a LINE WORKS bot, and says so")
    func r13_noCallsThroughTheBot() async throws {
        let h = try await WorksHarness()
        await h.post(h.text("hello"))
        let room = try await h.room()
        try await h.service.accept(room.id, by: h.alice)
        await #expect(throws: ExternalTalkError.self) {
            try await h.service.startCall(.voice, in: room.id, by: h.alice)
        }
    }

    @Test(
        "W3: LINE WORKS takes no retry key: a send whose outcome is unknown is marked uncertain, never resent; a 429 is retried and sent once"
    )
    func w3_sendFailures() async throws {
        let h = try await WorksHarness()
        await h.post(h.text("hello"))
        let room = try await h.room()
        try await h.service.accept(room.id, by: h.alice)

        h.line.injectFault(.timeoutAfterProcessing, count: 1, pathPrefix: "/bots/")
        let unknown = try await h.service.send(.text(TextContent("first")), to: room.id, as: .member(h.alice))
        #expect(unknown.state == .uncertain)
        h.clock.advance(by: .seconds(600))
        await h.service.runDueWork()
        #expect(h.line.outbox.filter { $0.kind == .works }.count == 1, "LINE WORKS took it once and nothing resent it")
        #expect(try await h.kinds().contains(.messageUncertain(unknown.message)))

        h.line.injectFault(.rateLimited(retryAfterSeconds: 1), count: 1, pathPrefix: "/bots/")
        let limited = try await h.service.send(.text(TextContent("second")), to: room.id, as: .member(h.alice))
        #expect(limited.state == .queued)
        h.clock.advance(by: .seconds(5))
        await h.service.runDueWork()
        #expect(try await h.service.message(limited.message)?.state == .sent)
        let texts = h.line.outbox.filter { $0.kind == .works }.compactMap { $0.messages.first?["text"]?.stringValue }
        #expect(texts == ["first", "second"])
    }
}
