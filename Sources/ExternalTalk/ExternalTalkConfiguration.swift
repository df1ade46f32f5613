public import TalkModel
public import TalkWire
public import WebhookSignature

/// One LINE Official Account channel the service receives webhooks for and sends through (R25).
///
/// The channel secret(s) verify the webhooks. The access token is not here: the transport holds the credentials
/// it sends with (see `HTTPTalkTransport`'s token provider), so that tokens never pass through the engine or its
/// storage.
public struct ChannelConfiguration: Sendable {
    /// The channel: its ID, provider, basic ID, display name, scope (company-wide or one organization, R26) and
    /// operators.
    public var channel: OfficialAccountChannel
    /// The channel secrets that may sign webhooks, current first; several while a secret is rotated.
    public var secrets: [WebhookSecret]
    /// The member whose personal account this channel is: LINE users who follow it get a pending request with
    /// **Add** and **Block** (R09). `nil` for a shared desk, whose 1:1 chats are answered by operators (R15, R17).
    public var owner: MemberID?
    /// The channel's message plan, for the monthly quota (R32).
    public var messagePlan: MessagePlan
    /// How long a chat may wait for our answer before it becomes a ticket (R29); `nil` to never open tickets.
    public var unansweredDelay: TalkDuration?

    /// Creates a channel configuration.
    /// - Parameters:
    ///   - channel: The channel.
    ///   - secrets: Its channel secrets, current first.
    ///   - owner: The member whose personal account it is, or `nil` for a shared desk.
    ///   - messagePlan: Its plan (R32); free by default.
    ///   - unansweredDelay: The ticket delay (R29); `nil` for none.
    public init(
        channel: OfficialAccountChannel,
        secrets: [WebhookSecret],
        owner: MemberID? = nil,
        messagePlan: MessagePlan = .free,
        unansweredDelay: TalkDuration? = nil
    ) {
        self.channel = channel
        self.secrets = secrets
        self.owner = owner
        self.messagePlan = messagePlan
        self.unansweredDelay = unansweredDelay
    }
}

/// A LINE WORKS bot through which a LINE WORKS tenant's users talk with one of our members.
///
/// The LINE WORKS tenant is a peer tenant like an ExternalTalk one: its users are external workspace users and our
/// policy applies to them in full (R01, R02, R04, R05). Its admin installed the bot and chose who may use it, so the
/// installation stands for that tenant's consent: unless ``ExternalTalkConfiguration/peerPolicies`` holds a policy
/// for ``tenant``, the service stores one with the workspace link enabled for every user of that tenant.
///
/// LINE WORKS lets no bot into a room with LINE users or external users, so the bot only ever serves 1:1 rooms
/// with users of its own tenant; group callbacks are recorded and not delivered (R12).
public struct WorksBot: Sendable {
    /// The bot's ID, as in `X-WORKS-BotId` and the send API's path.
    public var botID: String
    /// The bot secret(s) `X-WORKS-Signature` is checked with; the first signs nothing, all verify (rotation).
    public var secrets: [WebhookSecret]
    /// The LINE WORKS tenant's domain: its users become `user@tenant` workspace users unless their ID is one.
    public var tenant: TenantDomain
    /// Our member the bot's users talk with.
    public var member: MemberID

    /// Creates a bot configuration.
    /// - Parameters:
    ///   - botID: The bot's ID.
    ///   - secrets: Its bot secret(s).
    ///   - tenant: The LINE WORKS tenant's domain.
    ///   - member: Our member it connects to.
    public init(botID: String, secrets: [WebhookSecret], tenant: TenantDomain, member: MemberID) {
        self.botID = botID
        self.secrets = secrets
        self.tenant = tenant
        self.member = member
    }
}

/// Everything an ``ExternalTalkService`` is set up with, apart from its storage, transport, clock and logger.
public struct ExternalTalkConfiguration: Sendable {
    /// Our tenant's admin policy as first stored; later changes go through ``ExternalTalkService/updatePolicy(_:)``
    /// and live in the storage.
    public var policy: TenantPolicy
    /// Peer tenants' policies as they published them to us, consulted together with ours (R04).
    public var peerPolicies: [TenantPolicy]
    /// The LINE channels.
    public var channels: [ChannelConfiguration]
    /// The peer tenants this tenant federates with, and the secrets each pair shares (R04).
    public var federationPeers: [FederationPeer]
    /// The LINE WORKS bots through which LINE WORKS tenants' users reach our members.
    public var worksBots: [WorksBot]
    /// The organization new friends are assigned to when a company-wide channel is followed (R28).
    public var defaultOrganization: OrganizationID?
    /// The emoji catalog for tokens inside and real emoji toward LINE (R14).
    public var emojiCatalog: EmojiCatalog
    /// Limits for decoding webhooks.
    public var webhookLimits: WebhookDecodingLimits
    /// How the outbox retries a send that failed for a reason that may pass.
    public var outboxRetry: OutboxRetry
    /// Where members' invite links point: an HTTPS URL this tenant's server answers, such as
    /// `https://talk.example.co.jp/invite`; `nil` when members have no invite links (R08, R31).
    public var memberInviteBaseURL: String?
    /// How often background work (outbox, tickets, trash, chat-mode switching) looks for something due.
    public var backgroundInterval: TalkDuration

    /// Creates a configuration.
    /// - Parameters:
    ///   - policy: Our tenant's policy.
    ///   - peerPolicies: Known peer tenants' policies.
    ///   - channels: The LINE channels.
    ///   - federationPeers: The peer tenants and their shared secrets.
    ///   - worksBots: The LINE WORKS bots.
    ///   - defaultOrganization: The default owning organization (R28).
    ///   - emojiCatalog: The emoji catalog; a new learning catalog by default.
    ///   - webhookLimits: Webhook decoding limits.
    ///   - outboxRetry: Outbox retry timing.
    ///   - backgroundInterval: The background tick; one second by default.
    ///   - memberInviteBaseURL: Where members' invite links point.
    public init(
        policy: TenantPolicy,
        peerPolicies: [TenantPolicy] = [],
        channels: [ChannelConfiguration],
        federationPeers: [FederationPeer] = [],
        worksBots: [WorksBot] = [],
        defaultOrganization: OrganizationID? = nil,
        emojiCatalog: EmojiCatalog = EmojiCatalog(),
        webhookLimits: WebhookDecodingLimits = WebhookDecodingLimits(),
        outboxRetry: OutboxRetry = OutboxRetry(),
        backgroundInterval: TalkDuration = .seconds(1),
        memberInviteBaseURL: String? = nil
    ) {
        self.memberInviteBaseURL = memberInviteBaseURL
        self.policy = policy
        self.peerPolicies = peerPolicies
        self.channels = channels
        self.federationPeers = federationPeers
        self.worksBots = worksBots
        self.defaultOrganization = defaultOrganization
        self.emojiCatalog = emojiCatalog
        self.webhookLimits = webhookLimits
        self.outboxRetry = outboxRetry
        self.backgroundInterval = backgroundInterval
    }
}

/// When the outbox tries a failed send again.
public struct OutboxRetry: Sendable, Hashable {
    /// The wait before the second attempt; each later wait doubles, up to ``maximumDelay``.
    public var initialDelay: TalkDuration
    /// The longest wait between attempts.
    public var maximumDelay: TalkDuration
    /// Attempts after which a send that keeps failing is marked failed; LINE keeps a retry key for 24 hours, so
    /// retries should end well within that.
    public var maximumAttempts: Int
    /// How long one attempt holds its entry before another worker (the background loop, another instance, or
    /// this process after a crash) may take it over. Keep it longer than the transport's request timeout with
    /// its own retries: an entry taken over while its first attempt is still running is sent twice with the same
    /// retry key, which LINE answers 409 for a push (harmless), but a reply carries no key.
    public var attemptLease: TalkDuration

    /// Creates retry timing.
    /// - Parameters:
    ///   - initialDelay: The first wait; 2 seconds by default.
    ///   - maximumDelay: The longest wait; 5 minutes by default.
    ///   - maximumAttempts: The most attempts; 12 by default.
    ///   - attemptLease: How long an attempt holds its entry; 2 minutes by default, at least 1 millisecond.
    public init(
        initialDelay: TalkDuration = .seconds(2),
        maximumDelay: TalkDuration = .minutes(5),
        maximumAttempts: Int = 12,
        attemptLease: TalkDuration = .minutes(2)
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = max(1, maximumAttempts)
        self.attemptLease = .milliseconds(max(1, attemptLease.milliseconds))
    }

    /// The wait after a given number of failed attempts.
    /// - Parameter attempts: Attempts made so far, at least 1.
    /// - Returns: The wait before the next.
    public func delay(afterAttempts attempts: Int) -> TalkDuration {
        var delay = initialDelay.milliseconds
        for _ in 1..<max(1, min(attempts, 40)) {
            delay = min(delay * 2, maximumDelay.milliseconds)
        }
        return .milliseconds(min(delay, maximumDelay.milliseconds))
    }
}
