import Synchronization
public import TalkModel
public import TalkTransport
public import TalkWire
import WebhookSignature

/// A fake LINE platform, LINE WORKS and peer tenants in memory: a real ``/TalkTransport/TalkTransport`` for your tests.
///
/// It behaves like LINE where an app can tell: reply tokens are single-use and expire one minute after their
/// event (in virtual time); pushes reach only users who follow the account and silently skip those who blocked
/// it; the monthly quota of the channel's plan counts push-type messages per recipient and answers 429 when a
/// plan that cannot buy more is used up, while replies are free (R32); a repeated `X-Line-Retry-Key` within
/// 24 hours answers 409 with the accepted request's ID; errors come with LINE's status codes and JSON bodies.
/// Everything runs on a ``VirtualClock``, so a test moves time instead of sleeping.
///
/// It also plays the LINE users: ``follow(_:channel:)``, ``sendText(_:from:channel:)-(String,_,_)``,
/// ``unfollow(_:channel:)``, ``unsend(_:by:channel:)`` and ``redeliver(_:)`` return ``SignedWebhook``s, the
/// exact bytes and `x-line-signature` LINE would post, to feed to the app's webhook handler.
///
/// ```swift
/// let line = InMemoryTransport()
/// let channel = try LineChannelID("1234567890")
/// line.addChannel(channel, plan: .free)
/// let user = line.addUser(displayName: "Aiko")
/// let followed = try line.follow(user, channel: channel)
/// try await app.handleWebhook(body: followed.body, signature: followed.signature)
/// #expect(line.outbox.last?.texts == ["Thanks for adding us!"])
/// ```
///
/// Faults make the failure paths testable: ``injectFault(_:count:pathPrefix:)`` fails the next requests with a
/// 429, a 5xx, a timeout or a dropped connection. By default the transport does not retry, so the app sees each
/// fault; give it a ``/TalkTransport/RetryPolicy`` to test the retries themselves (waiting advances the virtual clock).
///
/// The same platform can sit behind a real HTTP listener: ``simulate(_:)`` answers any request the way the
/// services would, which is how ExternalTalk runs one contract test suite against this fake and against the
/// HTTP transport.
public final class InMemoryTransport: TalkTransport, Sendable {
    /// The clock every expiry, quota month and event timestamp follows.
    public let clock: VirtualClock
    /// The retries the transport makes as a client; ``/TalkTransport/RetryPolicy/none`` by default.
    public let retryPolicy: RetryPolicy
    /// How retries wait; by default in virtual time on ``clock``.
    public let retryEnvironment: RetryEnvironment

    private let state: SharedPlatform
    private var exchange: TransportExchange {
        TransportExchange(retryPolicy: retryPolicy, retryEnvironment: retryEnvironment)
    }

    /// Creates an empty platform.
    /// - Parameters:
    ///   - clock: The virtual clock; share it with the app under test.
    ///   - retryPolicy: The transport's own retries as a client; none by default, so faults reach the app.
    ///   - retryEnvironment: How retries wait; `nil` waits in virtual time on `clock`.
    ///   - seed: The seed of generated IDs and tokens; the same seed gives the same bytes.
    public init(
        clock: VirtualClock = VirtualClock(),
        retryPolicy: RetryPolicy = .none,
        retryEnvironment: RetryEnvironment? = nil,
        seed: UInt64 = 0x5EED
    ) {
        self.clock = clock
        self.retryPolicy = retryPolicy
        self.retryEnvironment = retryEnvironment ?? clock.retryEnvironment()
        self.state = SharedPlatform(FakePlatform(seed: seed))
    }

    private init(sharing platform: InMemoryTransport, retryPolicy: RetryPolicy, retryEnvironment: RetryEnvironment?) {
        self.clock = platform.clock
        self.retryPolicy = retryPolicy
        self.retryEnvironment = retryEnvironment ?? platform.clock.retryEnvironment()
        self.state = platform.state
    }

    /// The same platform seen by a client that retries differently: both share every channel, user, fault,
    /// outbox entry and the clock.
    /// - Parameters:
    ///   - retryPolicy: The client's retries.
    ///   - retryEnvironment: How they wait; `nil` waits in virtual time on ``clock``.
    /// - Returns: A transport onto this platform.
    public func withRetryPolicy(
        _ retryPolicy: RetryPolicy,
        environment retryEnvironment: RetryEnvironment? = nil
    )
        -> InMemoryTransport
    {
        InMemoryTransport(sharing: self, retryPolicy: retryPolicy, retryEnvironment: retryEnvironment)
    }

    // MARK: Setting up the platform

    /// The credentials and identity of a fake channel.
    public struct ChannelCredentials: Sendable, Hashable {
        /// The channel.
        public var channel: LineChannelID
        /// The channel secret that signs its webhooks.
        public var channelSecret: String
        /// The access token the platform accepts for it.
        public var accessToken: String
        /// The bot's user ID, the webhooks' `destination`.
        public var botUserID: String
    }

    /// Adds an Official Account channel.
    /// - Parameters:
    ///   - id: The channel ID.
    ///   - plan: The message plan (R32).
    ///   - usedThisMonth: Messages already counted this month, to start near the limit.
    ///   - displayName: The account's name.
    ///   - channelSecret: The secret that signs webhooks; generated when `nil`.
    ///   - accessToken: The access token the platform accepts; generated when `nil`.
    ///   - webhookEndpoint: The configured webhook URL.
    ///   - webhookActive: Whether "Use webhook" is on (R33).
    ///   - chatEnabled: Whether the built-in chat is on (R33 wants it off).
    /// - Returns: The channel's credentials.
    @discardableResult
    public func addChannel(
        _ id: LineChannelID,
        plan: MessagePlan = .free,
        usedThisMonth: Int = 0,
        displayName: String = "Test Official Account",
        channelSecret: String? = nil,
        accessToken: String? = nil,
        webhookEndpoint: String? = "https://chat.example.com/line/webhook",
        webhookActive: Bool = true,
        chatEnabled: Bool = false
    ) -> ChannelCredentials {
        let now = clock.now()
        return state.withLock { platform in
            let secret = channelSecret ?? platform.ids.hex(32)
            let generated = "fake-access-token-" + platform.ids.opaqueToken(length: 32)
            let token = accessToken ?? generated
            let bot = platform.ids.userID()
            platform.channels[id] = FakePlatform.Channel(
                id: id,
                secret: secret,
                botUserID: bot,
                displayName: displayName,
                accessToken: token,
                quota: MonthlyQuota(plan: plan, at: now, used: usedThisMonth),
                webhookEndpoint: webhookEndpoint,
                webhookActive: webhookActive,
                chatMode: chatEnabled ? "chat" : "bot"
            )
            return ChannelCredentials(channel: id, channelSecret: secret, accessToken: token, botUserID: bot)
        }
    }

    /// Adds a LINE user (who follows no channel yet).
    /// - Parameters:
    ///   - displayName: The user's name.
    ///   - language: The language tag the profile reports.
    ///   - pictureURL: The profile picture's URL.
    ///   - statusMessage: The status message.
    /// - Returns: The user's generated ID.
    public func addUser(
        displayName: String,
        language: String? = "ja",
        pictureURL: String? = nil,
        statusMessage: String? = nil
    ) -> LineUserID {
        state.withLock { platform in
            while true {
                // Generated IDs always parse; the loop only guards against a collision.
                guard let id = try? LineUserID(platform.ids.userID()), platform.users[id] == nil else { continue }
                platform.users[id] = FakePlatform.User(
                    id: id,
                    displayName: displayName,
                    pictureURL: pictureURL,
                    statusMessage: statusMessage,
                    language: language
                )
                return id
            }
        }
    }

    /// Adds a peer tenant that accepts federation requests signed with the secret it shares.
    ///
    /// The peer verifies every request as a real receiver does (``/TalkTransport/FederationRequestVerifier``):
    /// the signature on the raw body, the sender's tenant, the recipient; it answers a repeated `requestId` of a
    /// sending tenant as a duplicate.
    /// - Parameters:
    ///   - domain: The tenant's domain.
    ///   - sharedSecret: The secret requests to it are signed with; generated when `nil`. Adding a tenant again
    ///     keeps its secret.
    /// - Returns: The shared secret, to configure another transport with.
    @discardableResult
    public func addPeerTenant(_ domain: TenantDomain, sharedSecret: String? = nil) -> String {
        state.withLock { platform in
            if let peer = platform.peers[domain] { return peer.secret }
            let secret = sharedSecret ?? platform.ids.hex(32)
            platform.peers[domain] = FakePlatform.Peer(secret: secret)
            return secret
        }
    }

    /// Revokes a channel's access token: every later call for the channel gets 401.
    /// - Parameter channel: The channel.
    public func revokeAccessToken(channel: LineChannelID) {
        state.withLock { $0.channels[channel]?.tokenRevoked = true }
    }

    /// Changes a channel's webhook settings as an admin would in the LINE Developers console (R33).
    /// - Parameters:
    ///   - endpoint: The webhook URL, or `nil` for none.
    ///   - active: Whether "Use webhook" is on.
    ///   - reachable: Whether LINE's webhook test reaches the endpoint.
    ///   - chatEnabled: Whether the built-in chat is on.
    ///   - channel: The channel.
    public func configureWebhook(
        endpoint: String?,
        active: Bool,
        reachable: Bool = true,
        chatEnabled: Bool = false,
        channel: LineChannelID
    ) {
        state.withLock { platform in
            platform.channels[channel]?.webhookEndpoint = endpoint
            platform.channels[channel]?.webhookActive = active
            platform.channels[channel]?.webhookReachable = reachable
            platform.channels[channel]?.chatMode = chatEnabled ? "chat" : "bot"
        }
    }

    /// Makes the next `count` requests whose path starts with `pathPrefix` fail with a fault.
    /// - Parameters:
    ///   - fault: The failure.
    ///   - count: How many requests fail.
    ///   - pathPrefix: Only requests to paths starting with this fail, such as `/v2/bot/message/push`; `nil`
    ///     for every request.
    public func injectFault(_ fault: TransportFault, count: Int = 1, pathPrefix: String? = nil) {
        guard count > 0 else { return }
        state.withLock { $0.faults.append(.init(fault: fault, remaining: count, pathPrefix: pathPrefix)) }
    }

    // MARK: Playing the LINE users

    /// The user adds the account as a friend, or unblocks it: a `follow` event with a reply token.
    /// - Parameters:
    ///   - user: The user.
    ///   - channel: The channel.
    /// - Returns: The signed webhook; `follow.isUnblocked` is `true` when the user had blocked the account.
    /// - Throws: ``FakePlatformError`` for an unknown user or channel.
    public func follow(_ user: LineUserID, channel: LineChannelID) throws(FakePlatformError) -> SignedWebhook {
        let now = clock.now()
        return try state.withLock { platform throws(FakePlatformError) in
            try platform.follow(user, channel: channel, now: now)
        }
    }

    /// The user blocks the account: an `unfollow` event. Pushes to the user are then accepted but not
    /// delivered, and the profile is no longer readable.
    /// - Parameters:
    ///   - user: The user.
    ///   - channel: The channel.
    /// - Returns: The signed webhook.
    /// - Throws: ``FakePlatformError`` when the user does not follow the channel.
    public func unfollow(_ user: LineUserID, channel: LineChannelID) throws(FakePlatformError) -> SignedWebhook {
        let now = clock.now()
        return try state.withLock { platform throws(FakePlatformError) in
            try platform.unfollow(user, channel: channel, now: now)
        }
    }

    /// The user sends a text, which may hold LINE emoji and plain characters of any plane: a `message` event
    /// whose `text` carries each emoji's token, such as `(love)`, pointed at by `emojis[]` in UTF-16 code units.
    /// - Parameters:
    ///   - text: The text, as runs of plain text and emoji.
    ///   - user: The sender; must follow the channel.
    ///   - channel: The channel.
    /// - Returns: The signed webhook, with the message ID, reply token and mark-as-read token in its event.
    /// - Throws: ``FakePlatformError`` when the user does not follow the channel.
    public func sendText(
        _ text: TextContent,
        from user: LineUserID,
        channel: LineChannelID
    ) throws(FakePlatformError) -> SignedWebhook {
        let now = clock.now()
        return try state.withLock { platform throws(FakePlatformError) in
            try platform.sendText(text, from: user, channel: channel, now: now)
        }
    }

    /// The user sends plain text; see ``sendText(_:from:channel:)``.
    /// - Parameters:
    ///   - text: The text.
    ///   - user: The sender.
    ///   - channel: The channel.
    /// - Returns: The signed webhook.
    /// - Throws: ``FakePlatformError``.
    public func sendText(
        _ text: String,
        from user: LineUserID,
        channel: LineChannelID
    ) throws(FakePlatformError) -> SignedWebhook {
        try sendText(TextContent(text), from: user, channel: channel)
    }

    /// The user sends an image whose bytes the app can then download through
    /// ``downloadContent(messageID:channel:)``.
    /// - Parameters:
    ///   - bytes: The image.
    ///   - contentType: Its media type.
    ///   - user: The sender.
    ///   - channel: The channel.
    /// - Returns: The signed webhook.
    /// - Throws: ``FakePlatformError``.
    public func sendImage(
        _ bytes: [UInt8],
        contentType: String = "image/jpeg",
        from user: LineUserID,
        channel: LineChannelID
    ) throws(FakePlatformError) -> SignedWebhook {
        let now = clock.now()
        return try state.withLock { platform throws(FakePlatformError) in
            try platform.sendImage(bytes, contentType: contentType, from: user, channel: channel, now: now)
        }
    }

    /// The user sends a sticker: a `message` event of type `sticker` with LINE's package and sticker IDs.
    /// - Parameters:
    ///   - packageID: The sticker package's ID.
    ///   - stickerID: The sticker's ID.
    ///   - user: The sender; must follow the channel.
    ///   - channel: The channel.
    /// - Returns: The signed webhook.
    /// - Throws: ``FakePlatformError``.
    public func sendSticker(
        packageID: String,
        stickerID: String,
        from user: LineUserID,
        channel: LineChannelID
    ) throws(FakePlatformError) -> SignedWebhook {
        let now = clock.now()
        return try state.withLock { platform throws(FakePlatformError) in
            try platform.sendSticker(packageID: packageID, stickerID: stickerID, from: user, channel: channel, now: now)
        }
    }

    /// The user unsends a message: an `unsend` event; its content can no longer be downloaded.
    /// - Parameters:
    ///   - messageID: The message's ID.
    ///   - user: The user who sent it.
    ///   - channel: The channel.
    /// - Returns: The signed webhook.
    /// - Throws: ``FakePlatformError`` when the user sent no such message.
    public func unsend(
        _ messageID: String,
        by user: LineUserID,
        channel: LineChannelID
    ) throws(FakePlatformError) -> SignedWebhook {
        let now = clock.now()
        return try state.withLock { platform throws(FakePlatformError) in
            try platform.unsend(messageID, by: user, channel: channel, now: now)
        }
    }

    /// Delivers an event again, as LINE does when the first delivery failed: the same `webhookEventId`,
    /// timestamp and reply token, with `deliveryContext.isRedelivery` `true`.
    /// - Parameter webhookEventID: The event's ID from an earlier webhook.
    /// - Returns: The signed webhook.
    /// - Throws: ``FakePlatformError`` for an unknown event.
    public func redeliver(_ webhookEventID: String) throws(FakePlatformError) -> SignedWebhook {
        try state.withLock { platform throws(FakePlatformError) in try platform.redeliver(webhookEventID) }
    }

    // MARK: Inspecting

    /// Every request the platform accepted, oldest first.
    public var outbox: [OutboxEntry] { state.withLock { $0.outbox } }

    /// The LINE sends that reached a user (replies, pushes and multicasts it was delivered to).
    /// - Parameter user: The user.
    /// - Returns: The entries, oldest first.
    public func messages(deliveredTo user: LineUserID) -> [OutboxEntry] {
        outbox.filter { $0.recipients.contains(user.rawValue) && !$0.undeliveredRecipients.contains(user.rawValue) }
    }

    /// The federation requests a peer tenant accepted, duplicates dropped.
    /// - Parameter peer: The tenant.
    /// - Returns: The requests, oldest first.
    public func federationRequests(receivedBy peer: TenantDomain) -> [FederationRequest] {
        state.withLock { $0.peers[peer]?.requests ?? [] }
    }

    /// The secret a peer tenant shares for signing federation requests.
    /// - Parameter peer: The tenant.
    /// - Returns: The secret, or `nil` for a tenant that was not added.
    public func sharedSecret(of peer: TenantDomain) -> String? {
        state.withLock { $0.peers[peer]?.secret }
    }

    /// Every request that reached the platform, including failed ones, oldest first.
    public var requests: [SimulatedRequest] { state.withLock { $0.requestLog } }

    /// The IDs of the messages the account marked as read (R16).
    /// - Parameter channel: The channel.
    /// - Returns: The message IDs, in the order they were marked.
    public func messagesMarkedAsRead(channel: LineChannelID) -> [String] {
        state.withLock { $0.channels[channel]?.readMessageIDs ?? [] }
    }

    /// Whether a user currently follows a channel.
    /// - Parameters:
    ///   - user: The user.
    ///   - channel: The channel.
    /// - Returns: `true` while the user follows and has not blocked the account.
    public func isFollowing(_ user: LineUserID, channel: LineChannelID) -> Bool {
        state.withLock { $0.channels[channel]?.friendships[user] == .following }
    }

    /// The messages counted against a channel's quota this month (R32).
    /// - Parameter channel: The channel.
    /// - Returns: The count.
    public func quotaUsage(channel: LineChannelID) -> Int {
        let now = clock.now()
        return state.withLock { $0.channels[channel]?.quota.usage(at: now) ?? 0 }
    }

    /// The access token the platform issued for a channel (still returned after it was revoked).
    /// - Parameter channel: The channel.
    /// - Returns: The token, or `nil` for an unknown channel.
    public func accessToken(for channel: LineChannelID) -> String? {
        state.withLock { $0.channels[channel]?.accessToken }
    }

    /// The credentials of a channel added earlier.
    /// - Parameter channel: The channel.
    /// - Returns: Its secret, access token and bot user ID, or `nil` for a channel never added.
    public func credentials(for channel: LineChannelID) -> ChannelCredentials? {
        state.withLock { platform in
            platform.channels[channel].map {
                ChannelCredentials(
                    channel: $0.id,
                    channelSecret: $0.secret,
                    accessToken: $0.accessToken,
                    botUserID: $0.botUserID
                )
            }
        }
    }

    /// Whether a user was added.
    package func knowsUser(_ user: LineUserID) -> Bool {
        state.withLock { $0.users[user] != nil }
    }

    /// Runs a body on the platform's state under its lock.
    func withPlatform<Result: Sendable>(_ body: (inout FakePlatform) -> Result) -> Result {
        state.withLock { platform in body(&platform) }
    }

    // MARK: Serving requests

    /// Answers a request the way LINE, LINE WORKS or a peer tenant would, applying injected faults.
    /// - Parameter request: The request.
    /// - Returns: The answer, or a timeout or dropped connection.
    public func simulate(_ request: SimulatedRequest) -> SimulatedOutcome {
        let now = clock.now()
        return state.withLock { $0.simulate(request, now: now) }
    }

    // MARK: TalkTransport

    /// Runs a Messaging API call against the fake platform with the channel's issued token.
    /// - Parameters:
    ///   - call: The call.
    ///   - channel: The channel.
    /// - Returns: The decoded answer.
    /// - Throws: ``/TalkTransport/TalkTransportError``, as LINE's answer would produce it.
    public func perform<Call: LineAPICall>(_ call: Call, channel: LineChannelID) async throws -> Call.Response {
        let request = call.request
        return try await exchange.run(
            operation: request.operation,
            idempotency: request.idempotency,
            credential: credential(channel),
            exchange: { token in
                try Self.lineResponse(simulate(lineRequest(request, token: token)), operation: request.operation)
            },
            success: { response in try call.decodeResponse(response) }
        )
    }

    /// Streams stored content in 4 KiB chunks.
    /// - Parameters:
    ///   - messageID: The message's ID.
    ///   - channel: The channel.
    /// - Returns: The content.
    /// - Throws: ``/TalkTransport/TalkTransportError``; ``/TalkTransport/TalkTransportError/Code/notFound`` for unknown or unsent content.
    public func downloadContent(messageID: String, channel: LineChannelID) async throws -> LineContent {
        let request = LineAPIRequest(
            operation: "download content",
            method: .get,
            host: .apiData,
            path: "/v2/bot/message/\(messageID)/content"
        )
        return try await exchange.run(
            operation: request.operation,
            idempotency: .idempotent,
            credential: credential(channel),
            exchange: { token in
                let outcome = simulate(lineRequest(request, token: token))
                var chunkSize = 4096
                if case .response(let simulated) = outcome, let size = simulated.streamingChunkSize {
                    chunkSize = max(1, size)
                }
                return ChunkedAnswer(
                    response: try Self.lineResponse(outcome, operation: request.operation),
                    chunkSize: chunkSize
                )
            },
            success: { answer in
                let body = answer.response.body
                let chunks = stride(from: 0, to: body.count, by: answer.chunkSize).map {
                    Array(body[$0..<min($0 + answer.chunkSize, body.count)])
                }
                return LineContent(
                    contentType: answer.response.contentType,
                    contentLength: body.count,
                    body: TalkByteStream(chunks: chunks)
                )
            }
        )
    }

    /// Posts a LINE WORKS message to the fake LINE WORKS, which records it in the ``outbox``.
    /// - Parameter request: The request.
    /// - Returns: The receipt.
    /// - Throws: ``/TalkTransport/TalkTransportError``.
    public func send(_ request: WorksSendRequest) async throws -> WorksSendReceipt {
        let operation = "send to LINE WORKS"
        return try await exchange.run(
            operation: operation,
            idempotency: .notIdempotent,
            credential: nil,
            mapError: TalkTransportError.init(worksResponse:operation:),
            exchange: { _ in
                let simulated = SimulatedRequest(
                    service: .works,
                    method: "POST",
                    path: request.path,
                    headers: ["authorization": "Bearer fake-works-token", "content-type": "application/json"],
                    body: request.body
                )
                return try Self.lineResponse(simulate(simulated), operation: operation)
            },
            success: { WorksSendReceipt(response: $0) }
        )
    }

    /// Posts a federation request to a fake peer tenant, signed with the secret the peer shares; the peer drops
    /// repeated request IDs.
    /// - Parameters:
    ///   - request: The request; the ``/TalkTransport/FederationHTTP/tenantHeader`` names its sender's tenant.
    ///   - peer: The tenant; it must have been added with ``addPeerTenant(_:sharedSecret:)``.
    /// - Returns: The receipt.
    /// - Throws: ``/TalkTransport/TalkTransportError``; ``/TalkTransport/TalkTransportError/Code/notFound`` for an unknown
    ///   tenant; ``/TalkTransport/TalkTransportError/Code/invalidRequest``, nothing sent, for a request
    ///   ``/TalkTransport/FederationHTTP/body(for:to:localTenant:operation:)`` refuses.
    public func deliver(
        _ request: FederationRequest,
        to peer: TenantDomain
    ) async throws
        -> FederationDeliveryReceipt
    {
        let operation = "deliver to \(peer)"
        let body = try FederationHTTP.body(for: request, to: peer, localTenant: nil, operation: operation)
        var headers = [
            "content-type": "application/json",
            FederationHTTP.tenantHeader: request.senderTenant.rawValue,
        ]
        if let secret = sharedSecret(of: peer) {
            headers[FederationHTTP.signatureHeader] = WebhookSignatureVerifier(secrets: [WebhookSecret(secret)])
                .signature(for: body)
        }
        let simulated = SimulatedRequest(
            service: .federation(peer),
            method: "POST",
            path: FederationHTTP.path,
            headers: headers,
            body: body
        )
        return try await exchange.run(
            operation: operation,
            idempotency: .idempotent,
            credential: nil,
            exchange: { _ in try Self.lineResponse(simulate(simulated), operation: operation) },
            success: { FederationDeliveryReceipt(response: $0, peer: peer, requestID: request.requestID) }
        )
    }

    private func credential(_ channel: LineChannelID) -> TransportExchange.Credential {
        TransportExchange.Credential(subject: "channel \(channel)") { [self] in accessToken(for: channel) ?? "" }
    }

    private func lineRequest(_ request: LineAPIRequest, token: String?) -> SimulatedRequest {
        var headers: [String: String] = [:]
        if let token, !token.isEmpty { headers["authorization"] = "Bearer \(token)" }
        if let key = request.retryKey { headers["x-line-retry-key"] = key.rawValue }
        if request.body != nil { headers["content-type"] = "application/json" }
        return SimulatedRequest(
            service: request.host == .api ? .lineAPI : .lineAPIData,
            method: request.method.rawValue,
            path: request.path,
            headers: headers,
            body: request.body ?? []
        )
    }

    /// Turns the platform's outcome into what an HTTP client would see.
    private static func lineResponse(
        _ outcome: SimulatedOutcome,
        operation: String
    ) throws(TalkTransportError)
        -> LineAPIResponse
    {
        switch outcome {
        case .response(let response):
            return LineAPIResponse(
                status: response.status,
                requestID: response.headers["x-line-request-id"] ?? response.headers["x-works-request-id"],
                acceptedRequestID: response.headers["x-line-accepted-request-id"],
                retryAfter: LineAPIResponse.retryAfter(fromHeader: response.headers["retry-after"]),
                contentType: response.headers["content-type"],
                body: response.body
            )
        case .timeout:
            throw TalkTransportError(.timeout, operation: operation, message: "no answer before the deadline")
        case .connectionDropped:
            throw TalkTransportError(
                .network,
                operation: operation,
                message: "the connection was closed without an answer"
            )
        }
    }
}

/// A content answer with the chunk size the platform asked to stream it in.
private struct ChunkedAnswer: TransportAnswer {
    let response: LineAPIResponse
    let chunkSize: Int

    var status: Int { response.status }
    var requestID: String? { response.requestID }
    func completeResponse() -> LineAPIResponse { response }
}

/// The platform's state, shared by the transports that ``InMemoryTransport/withRetryPolicy(_:environment:)``
/// makes.
private final class SharedPlatform: Sendable {
    private let mutex: Mutex<FakePlatform>

    init(_ platform: FakePlatform) {
        self.mutex = Mutex(platform)
    }

    func withLock<Result, Failure: Error>(
        _ body: (inout sending FakePlatform) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        try mutex.withLock(body)
    }
}
