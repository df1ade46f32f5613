import ExternalTalk
import Logging
import TalkModel
import TalkStorage
import TalkTesting
import TalkWire
import WebhookSignature

/// The engine wired to the in-memory storage, the fake LINE platform and one virtual clock, with two channels:
/// alice's personal account (LINE users who follow it send her a request, R09) and a shared help desk answered
/// by bob and dan (R15, R17).
struct EngineHarness: Sendable {
    static let tenant = "example.co.jp"
    static let provider = "1650000000"
    static let emojiProduct = "5ac1bfd5040ab15980c9b435"

    let clock: VirtualClock
    let line: InMemoryTransport
    let storage: InMemoryStorage
    let service: ExternalTalkService
    let catalog: EmojiCatalog
    let personal: LineChannelID
    let desk: LineChannelID
    let personalSecret: String
    let alice: MemberID
    let bob: MemberID
    let dan: MemberID
    let eve: MemberID

    /// Builds the engine.
    /// - Parameters:
    ///   - plan: Both channels' message plan.
    ///   - usedThisMonth: Messages already counted this month, on the platform and in storage.
    ///   - unansweredDelay: The personal channel's ticket delay (R29).
    ///   - catalog: The emoji catalog.
    ///   - wrapStorage: What the engine stores through, given the in-memory storage (itself by default).
    ///   - logger: The engine's logger.
    init(
        plan: MessagePlan = .free,
        usedThisMonth: Int = 0,
        unansweredDelay: TalkDuration? = nil,
        catalog: EmojiCatalog = EmojiCatalog(),
        wrapStorage: (InMemoryStorage) -> any TalkStorage = { $0 },
        logger: Logger = Logger(label: "ExternalTalk")
    ) async throws {
        let clock = VirtualClock()
        let line = InMemoryTransport(clock: clock)
        let storage = InMemoryStorage()
        let alice = try MemberID("alice@\(Self.tenant)")
        let bob = try MemberID("bob@\(Self.tenant)")
        let dan = try MemberID("dan@\(Self.tenant)")
        let eve = try MemberID("eve@\(Self.tenant)")
        let provider = try LineProviderID(Self.provider)
        let personal = try LineChannelID("1650000001")
        let desk = try LineChannelID("1650000002")
        let personalCredentials = line.addChannel(personal, plan: plan, usedThisMonth: usedThisMonth)
        let deskCredentials = line.addChannel(desk, plan: plan, usedThisMonth: usedThisMonth)

        var policy = TenantPolicy(tenant: try TenantDomain(Self.tenant), plan: .paid)
        policy.lineLink = ExternalLink(isEnabled: true, allowedMembers: .only([alice, bob, dan, eve]))

        let configuration = ExternalTalkConfiguration(
            policy: policy,
            channels: [
                ChannelConfiguration(
                    channel: OfficialAccountChannel(
                        id: personal,
                        provider: provider,
                        basicID: try LineBasicID("@alice"),
                        displayName: "Alice",
                        scope: .companyWide
                    ),
                    secrets: [WebhookSecret(personalCredentials.channelSecret)],
                    owner: alice,
                    messagePlan: plan,
                    unansweredDelay: unansweredDelay
                ),
                ChannelConfiguration(
                    channel: OfficialAccountChannel(
                        id: desk,
                        provider: provider,
                        basicID: try LineBasicID("@helpdesk"),
                        displayName: "Help Desk",
                        scope: .companyWide,
                        operators: [bob, dan]
                    ),
                    secrets: [WebhookSecret(deskCredentials.channelSecret)],
                    messagePlan: plan
                ),
            ],
            emojiCatalog: catalog
        )
        let service = ExternalTalkService(
            configuration: configuration,
            storage: wrapStorage(storage),
            transport: line,
            clock: clock,
            logger: logger
        )
        try await service.prepare()
        if usedThisMonth > 0 {
            let month = CalendarMonth.containing(clock.now(), in: MonthlyQuota.zone)
            _ = try await storage.write { storage in
                try storage.addQuotaUsage(usedThisMonth, channel: personal, month: month)
                    + storage.addQuotaUsage(usedThisMonth, channel: desk, month: month)
            }
        }
        self.clock = clock
        self.line = line
        self.storage = storage
        self.service = service
        self.catalog = catalog
        self.personal = personal
        self.desk = desk
        self.personalSecret = personalCredentials.channelSecret
        self.alice = alice
        self.bob = bob
        self.dan = dan
        self.eve = eve
    }

    // MARK: Webhooks

    /// Posts a webhook the fake platform generated, unchanged, to the engine.
    func deliver(_ webhook: SignedWebhook) async -> WebhookOutcome {
        await service.receiveLineWebhook(channel: webhook.channel, signature: webhook.signature, body: webhook.body)
    }

    /// Signs arbitrary bytes with the personal channel's secret, as LINE would.
    func signForPersonal(_ body: [UInt8]) -> String {
        WebhookSignatureVerifier(secrets: [WebhookSecret(personalSecret)]).signature(for: body)
    }

    /// The LINE identity the engine gives a user of our provider.
    func party(_ user: LineUserID) throws -> Party {
        .lineUser(LineUser(provider: try LineProviderID(Self.provider), userID: user))
    }

    /// A user who follows alice's account; alice has added the request, so talk has started (R09).
    func friendOfAlice(_ name: String = "Aiko") async throws -> (user: LineUserID, room: TalkRoomID) {
        let user = line.addUser(displayName: name)
        _ = await deliver(try line.follow(user, channel: personal))
        let room = try await roomID(personal, user)
        try await service.accept(room, by: alice)
        return (user, room)
    }

    /// A user who follows the help desk, whose chat mode has been switched to manual chat (R19).
    func deskCustomer(_ name: String = "Kenji") async throws -> (user: LineUserID, room: TalkRoomID) {
        try await service.setChatMode(ChatModeSettings(isEnabled: true), channel: desk)
        let user = line.addUser(displayName: name)
        _ = await deliver(try line.follow(user, channel: desk))
        return (user, try await roomID(desk, user))
    }

    /// The user writes plain text; returns the engine's outcome.
    @discardableResult
    func write(_ text: String, from user: LineUserID, on channel: LineChannelID) async throws -> WebhookOutcome {
        await deliver(try line.sendText(text, from: user, channel: channel))
    }

    // MARK: Reading the engine's state

    func roomID(_ channel: LineChannelID, _ user: LineUserID) async throws -> TalkRoomID {
        guard let room = try await service.room(channel: channel, user: user) else {
            throw HarnessError("no room for \(user) on \(channel)")
        }
        return room.id
    }

    func room(_ id: TalkRoomID) async throws -> StoredRoom {
        guard let room = try await service.room(id) else { throw HarnessError("no room \(id)") }
        return room
    }

    func messages(_ room: TalkRoomID) async throws -> [StoredMessage] {
        try await service.messages(in: room)
    }

    func lastMessage(_ room: TalkRoomID) async throws -> StoredMessage {
        guard let message = try await messages(room).last else { throw HarnessError("no message in \(room)") }
        return message
    }

    func events() async throws -> [TalkEvent] {
        try await service.storedEvents()
    }

    func kinds(after cursor: Int64 = 0) async throws -> [TalkEvent.Kind] {
        try await service.storedEvents(after: cursor).map(\.kind)
    }

    func lastCursor() async throws -> Int64 {
        try await events().last?.cursor ?? 0
    }

    func storedQuota(_ channel: LineChannelID) async throws -> Int {
        let month = CalendarMonth.containing(clock.now(), in: MonthlyQuota.zone)
        return try await storage.read { try $0.quotaUsage(channel: channel, month: month) }
    }

    /// Requests that reached the platform for a Messaging API path, failed ones included.
    func requests(to path: String) -> [SimulatedRequest] {
        line.requests.filter { $0.path == path }
    }

    static let replyPath = "/v2/bot/message/reply"
    static let pushPath = "/v2/bot/message/push"
}

/// A precondition of a test that did not hold.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension TalkEvent.Kind {
    /// Whether this is a received or held message event: one per stored inbound message.
    var isInboundMessage: Bool {
        switch self {
        case .messageReceived, .messageHeld: true
        default: false
        }
    }

    /// The held message's reason, for ``messageHeld(_:reason:)``.
    var heldReason: String? {
        if case .messageHeld(_, let reason) = self { return reason }
        return nil
    }
}

extension StoredMessage.State {
    /// The reason, for ``held(reason:)``; `nil` in every other state.
    var heldReason: String? {
        if case .held(let reason) = self { return reason }
        return nil
    }
}
