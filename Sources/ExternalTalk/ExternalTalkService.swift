public import Logging
import Synchronization
public import TalkModel
public import TalkStorage
public import TalkTransport
import TalkWire
import WebhookSignature

/// The engine: turns verified webhooks and federation requests into stored room and contact changes and
/// host-visible events, and sends members' messages through the rules and the quota, exactly once.
///
/// Give it a configuration, a storage, a transport, a clock and a logger:
///
/// ```swift
/// let service = ExternalTalkService(
///     configuration: ExternalTalkConfiguration(policy: policy, channels: [channel]),
///     storage: try SQLiteStorage(path: "talk.sqlite"),
///     transport: transport,
///     logger: Logger(label: "external-talk")
/// )
/// let outcome = await service.receiveLineWebhook(channel: id, signature: header, body: bytes)
/// for try await event in service.events(after: lastCursor) { ... }
/// ```
///
/// Every inbound event is applied in one storage transaction with its ledger entry, keyed by the channel and
/// LINE's `webhookEventId` (W3), so a redelivered event, or two copies arriving at once, change nothing twice.
/// Every outbound message is stored in the outbox with its retry key before the first attempt, so a crash neither
/// loses nor doubles it. Background work (outbox retries, tickets, the trash, chat-mode switching) runs in
/// ``run()``; the service is a swift-service-lifecycle `Service`.
public final class ExternalTalkService: Sendable {
    /// The configuration it was created with.
    public let configuration: ExternalTalkConfiguration
    let storage: any TalkStorage
    let transport: any TalkTransport
    let clock: any TalkClock
    let logger: Logger
    let channels: [LineChannelID: ConfiguredChannel]
    let federationPeers: [TenantDomain: WebhookSignatureVerifier]
    let worksBots: [String: ConfiguredBot]
    let decoder: LineWebhookDecoder
    let feedSignal = FeedSignal()
    let lastChatModes = Mutex<[LineChannelID: ChatMode]>([:])
    private let bootstrapped = Mutex(false)

    /// A configured channel with its verifier built once.
    struct ConfiguredChannel: Sendable {
        let configuration: ChannelConfiguration
        let verifier: WebhookSignatureVerifier
        var id: LineChannelID { configuration.channel.id }
    }

    /// A configured LINE WORKS bot with its verifier built once.
    struct ConfiguredBot: Sendable {
        let configuration: WorksBot
        let verifier: WebhookSignatureVerifier
    }

    /// Creates a service.
    /// - Parameters:
    ///   - configuration: Policy, channels and tuning.
    ///   - storage: Where everything is kept.
    ///   - transport: How messages reach LINE and peer tenants.
    ///   - clock: The time source; a `ManualClock` in tests.
    ///   - logger: Where the service logs; it logs IDs and outcomes, never message text, tokens or secrets.
    public init(
        configuration: ExternalTalkConfiguration,
        storage: any TalkStorage,
        transport: any TalkTransport,
        clock: any TalkClock = SystemClock(),
        logger: Logger = Logger(label: "ExternalTalk")
    ) {
        self.configuration = configuration
        self.storage = storage
        self.transport = transport
        self.clock = clock
        self.logger = logger
        var channels: [LineChannelID: ConfiguredChannel] = [:]
        for channel in configuration.channels {
            channels[channel.channel.id] = ConfiguredChannel(
                configuration: channel,
                verifier: WebhookSignatureVerifier(secrets: channel.secrets)
            )
        }
        self.channels = channels
        self.federationPeers = Dictionary(
            configuration.federationPeers.map { ($0.tenant, WebhookSignatureVerifier(secrets: $0.secrets)) },
            uniquingKeysWith: { first, _ in first }
        )
        self.worksBots = Dictionary(
            configuration.worksBots.map {
                ($0.botID, ConfiguredBot(configuration: $0, verifier: WebhookSignatureVerifier(secrets: $0.secrets)))
            },
            uniquingKeysWith: { first, _ in first }
        )
        self.decoder = LineWebhookDecoder(limits: configuration.webhookLimits)
    }

    // MARK: Set-up

    /// Stores the configured policy and channels the first time the storage is used; later starts keep what
    /// the storage holds (policy changes and channel states made since), and add channels that are new in the
    /// configuration. Called by every operation that needs it; call it yourself to fail early.
    /// - Throws: ``/TalkStorage/TalkStorageError``.
    public func prepare() async throws {
        if bootstrapped.withLock({ $0 }) { return }
        let configuration = self.configuration
        try await storage.write { storage in
            if try storage.tenantPolicy(configuration.policy.tenant) == nil {
                try storage.saveTenantPolicy(configuration.policy)
            }
            for peer in configuration.peerPolicies where try storage.tenantPolicy(peer.tenant) == nil {
                try storage.saveTenantPolicy(peer)
            }
            // A LINE WORKS tenant that installed our bot consented to talk with us (see `WorksBot`).
            for bot in configuration.worksBots where try storage.tenantPolicy(bot.tenant) == nil {
                var installed = TenantPolicy(tenant: bot.tenant, plan: .paid)
                installed.workspaceLink = ExternalLink(isEnabled: true, allowedMembers: .everyone)
                try storage.saveTenantPolicy(installed)
            }
            let tenant = configuration.policy.tenant
            var directory =
                try storage.customerDirectory(of: tenant)
                ?? CustomerDirectory(defaultOrganization: configuration.defaultOrganization)
            for channel in configuration.channels where directory.channels[channel.channel.id] == nil {
                do {
                    try directory.addChannel(channel.channel)
                } catch {
                    throw ExternalTalkError(
                        .customer,
                        "channel \(channel.channel.id) cannot be added",
                        underlying: error
                    )
                }
            }
            try storage.saveCustomerDirectory(directory, of: tenant)
        }
        bootstrapped.withLock { $0 = true }
    }

    /// Our tenant.
    public var tenant: TenantDomain { configuration.policy.tenant }

    // MARK: Policy

    /// The policies in force: ours and the peers' as stored.
    func policies(_ storage: any TalkStorageReader, peer: TenantDomain? = nil) throws -> TalkPolicies {
        var list = [try storage.tenantPolicy(tenant) ?? configuration.policy]
        if let peer, peer != tenant, let policy = try storage.tenantPolicy(peer) { list.append(policy) }
        return TalkPolicies(list)
    }

    /// Our tenant's policy as stored now.
    /// - Returns: The policy.
    /// - Throws: ``/TalkStorage/TalkStorageError``.
    public func currentPolicy() async throws -> TenantPolicy {
        try await prepare()
        let tenant = self.tenant
        let fallback = configuration.policy
        return try await storage.read { try $0.tenantPolicy(tenant) ?? fallback }
    }

    // MARK: Helpers shared by the operations

    func now() -> Timestamp { clock.now() }

    /// Appends a feed entry in the caller's transaction.
    @discardableResult
    func publish(
        _ kind: TalkEvent.Kind,
        room: TalkRoomID?,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    ) throws -> Int64 {
        try storage.appendFeedEntry(NewFeedEntry(kind: kind.name, room: room, recordedAt: time, payload: kind.payload))
    }

    /// The ID of the room between a channel and a LINE user.
    static func lineRoomID(channel: LineChannelID, user: LineUserID) -> TalkRoomID {
        TalkRoomID("line:\(channel.rawValue):\(user.rawValue)")
    }

    /// The ID of the room between our member and a member of another tenant.
    static func workspaceRoomID(member: MemberID, peer: MemberID) -> TalkRoomID {
        TalkRoomID("ws:\(member.rawValue):\(peer.rawValue)")
    }

    func room(_ id: TalkRoomID, in storage: any TalkStorageReader) throws -> StoredRoom {
        guard let room = try storage.room(id) else {
            throw ExternalTalkError(.notFound, "no room \(id)")
        }
        return room
    }
}

/// Wakes readers of the event feed after a commit in this process; readers in other processes poll.
final class FeedSignal: Sendable {
    private let waiters = Mutex<[UInt64: CheckedContinuation<Void, Never>]>([:])
    private let nextID = Atomic<UInt64>(0)
    private let generation = Atomic<UInt64>(0)

    var current: UInt64 { generation.load(ordering: .acquiring) }

    func signal() {
        generation.add(1, ordering: .releasing)
        let woken = waiters.withLock { waiters in
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Waits until a signal after `seen`, a timeout, or cancellation.
    func wait(after seen: UInt64, timeout: Duration) async {
        let id = nextID.add(1, ordering: .relaxed).newValue
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
            }
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let resumeNow = self.waiters.withLock { waiters in
                            if self.current != seen || Task.isCancelled { return true }
                            waiters[id] = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    let waiter = self.waiters.withLock { $0.removeValue(forKey: id) }
                    waiter?.resume()
                }
            }
            await group.next()
            group.cancelAll()
        }
    }
}
