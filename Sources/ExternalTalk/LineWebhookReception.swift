import Logging
public import TalkModel
import TalkStorage
import TalkTransport
import TalkWire
import WebhookSignature

/// One LINE webhook request as the HTTP layer received it.
public struct LineWebhookDelivery: Sendable {
    /// The channel whose webhook URL was called (the URL names it; LINE's `destination` is the bot's user ID).
    public var channel: LineChannelID
    /// The `X-Line-Signature` header, if present.
    public var signature: String?
    /// The raw request body, exactly as received.
    public var body: [UInt8]

    /// Creates a delivery.
    /// - Parameters:
    ///   - channel: The channel.
    ///   - signature: The signature header.
    ///   - body: The raw body.
    public init(channel: LineChannelID, signature: String?, body: [UInt8]) {
        self.channel = channel
        self.signature = signature
        self.body = body
    }
}

/// A LINE webhook whose signature was verified and whose body was decoded, ready to be stored with
/// ``ExternalTalkService/storeLineWebhooks(_:)``.
public struct VerifiedLineWebhook: Sendable {
    let channel: ExternalTalkService.ConfiguredChannel
    let batch: LineWebhookBatch

    /// The channel the webhook came through.
    public var channelID: LineChannelID { channel.id }
    /// The number of events in the body.
    public var eventCount: Int { batch.events.count }
}

/// The result of ``ExternalTalkService/verifyLineWebhook(_:)``.
public enum LineWebhookVerification: Sendable {
    /// Verified and decoded: store it.
    case verified(VerifiedLineWebhook)
    /// Refused (unknown channel, bad signature or malformed body): answer this outcome.
    case refused(WebhookOutcome)
}

/// What became of a webhook request, and what to answer LINE.
public struct WebhookOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The kind of outcome.
    public enum Status: String, Sendable, Hashable {
        /// Verified, decoded and durably stored: answer 200.
        case accepted
        /// The signature is missing or wrong (W1): answer 401; nothing was parsed.
        case badSignature
        /// The body is not a webhook body: answer 400.
        case malformed
        /// No channel with that ID is configured: answer 404.
        case unknownChannel
        /// The storage failed: answer 500, so that LINE redelivers (the ledger keeps the retry from doubling).
        case unavailable
    }

    /// The kind of outcome.
    public var status: Status
    /// Events applied by this request.
    public var applied: Int
    /// Events that had been applied before (W3): a redelivery, or a copy that lost the race.
    public var duplicates: Int
    /// Why the body was refused, for ``Status/malformed``: the code, offset and path, never the body's text.
    public var reason: String?

    /// The HTTP status to answer.
    public var httpStatus: Int {
        switch status {
        case .accepted: 200
        case .badSignature: 401
        case .malformed: 400
        case .unknownChannel: 404
        case .unavailable: 500
        }
    }

    /// The status and counts.
    public var description: String {
        var text = "\(status.rawValue) (\(applied) applied, \(duplicates) duplicate)"
        if let reason { text += ": \(reason)" }
        return text
    }

    static func refused(_ status: Status, reason: String? = nil) -> WebhookOutcome {
        WebhookOutcome(status: status, applied: 0, duplicates: 0, reason: reason)
    }
}

extension ExternalTalkService {
    /// Receives one LINE webhook: verifies the signature on the raw bytes (W1), decodes (W2, W4), and applies each
    /// event once (W3), storing it with its ledger entry and feed entry in one transaction.
    /// - Parameters:
    ///   - channel: The channel the webhook URL names.
    ///   - signature: The `X-Line-Signature` header.
    ///   - body: The raw body.
    /// - Returns: What became of it and what to answer.
    public func receiveLineWebhook(channel: LineChannelID, signature: String?, body: [UInt8]) async -> WebhookOutcome {
        await receiveLineWebhooks([LineWebhookDelivery(channel: channel, signature: signature, body: body)])[0]
    }

    /// Receives several LINE webhooks and commits all their events in one transaction (group commit): the way a
    /// server under load amortizes the cost of a durable commit over many concurrent requests.
    ///
    /// Each delivery is verified and decoded on its own; one bad delivery does not affect the others. This is
    /// ``verifyLineWebhook(_:)`` for each, then ``storeLineWebhooks(_:)`` for those verified.
    /// - Parameter deliveries: The requests.
    /// - Returns: One outcome per delivery, in order.
    public func receiveLineWebhooks(_ deliveries: [LineWebhookDelivery]) async -> [WebhookOutcome] {
        var outcomes = [WebhookOutcome?](repeating: nil, count: deliveries.count)
        var verified: [(index: Int, webhook: VerifiedLineWebhook)] = []
        for (index, delivery) in deliveries.enumerated() {
            switch verifyLineWebhook(delivery) {
            case .verified(let webhook): verified.append((index, webhook))
            case .refused(let outcome): outcomes[index] = outcome
            }
        }
        let stored = await storeLineWebhooks(verified.map(\.webhook))
        for (item, outcome) in zip(verified, stored) { outcomes[item.index] = outcome }
        return outcomes.map { $0 ?? .refused(.unavailable) }
    }

    /// The first half of receiving a LINE webhook, which needs no storage: finds the channel, verifies the
    /// signature on the raw bytes (W1) and decodes the body (W2, W4).
    ///
    /// A server calls it in each request's own task, so that this work runs in parallel, and hands the verified
    /// webhooks to ``storeLineWebhooks(_:)`` together (group commit). A refusal is final and already counted in the
    /// metrics.
    /// - Parameter delivery: The request.
    /// - Returns: The verified webhook, or the refusal to answer.
    public func verifyLineWebhook(_ delivery: LineWebhookDelivery) -> LineWebhookVerification {
        guard let channel = channels[delivery.channel] else {
            return .refused(WebhookOutcome.refused(.unknownChannel).counted(source: "line"))
        }
        guard channel.verifier.verify(delivery.body, signature: delivery.signature).isValid else {
            logger.notice("webhook signature rejected", metadata: ["channel": "\(delivery.channel)"])
            return .refused(WebhookOutcome.refused(.badSignature).counted(source: "line"))
        }
        do throws(JSONDecodingError) {
            let batch = try decoder.decode(delivery.body)
            return .verified(VerifiedLineWebhook(channel: channel, batch: batch))
        } catch {
            logger.notice(
                "webhook body rejected",
                metadata: ["channel": "\(delivery.channel)", "code": "\(error.code)"]
            )
            return .refused(WebhookOutcome.refused(.malformed, reason: error.description).counted(source: "line"))
        }
    }

    /// The second half of receiving LINE webhooks: applies each event of every verified webhook once (W3), with
    /// its ledger entry and feed entry, all in one storage transaction.
    /// - Parameter webhooks: Webhooks from ``verifyLineWebhook(_:)``.
    /// - Returns: One outcome per webhook, in order: all accepted once the transaction has committed, or all
    ///   unavailable (answer 500; LINE redelivers) when the storage failed.
    public func storeLineWebhooks(_ webhooks: [VerifiedLineWebhook]) async -> [WebhookOutcome] {
        guard !webhooks.isEmpty else { return [] }
        let outcomes: [WebhookOutcome]
        do {
            try await prepare()
            let receivedAt = now()
            let counts = try await storage.write { storage in
                var counts: [(applied: Int, duplicates: Int)] = []
                counts.reserveCapacity(webhooks.count)
                for webhook in webhooks {
                    var applied = 0
                    var duplicates = 0
                    for event in webhook.batch.events {
                        if try self.apply(event, channel: webhook.channel, receivedAt: receivedAt, in: storage) {
                            applied += 1
                        } else {
                            duplicates += 1
                        }
                    }
                    counts.append((applied, duplicates))
                }
                return counts
            }
            outcomes = counts.map {
                WebhookOutcome(status: .accepted, applied: $0.applied, duplicates: $0.duplicates, reason: nil)
            }
            if counts.contains(where: { $0.applied > 0 }) { feedSignal.signal() }
        } catch {
            logger.error("webhook events could not be stored", metadata: ["error": "\(error)"])
            outcomes = webhooks.map { _ in .refused(.unavailable) }
        }
        return outcomes.map { $0.counted(source: "line") }
    }

    // MARK: Applying one event

    /// Applies one event in the caller's transaction.
    /// - Returns: `false` when the event had been applied before (W3).
    func apply(
        _ event: LineWebhookEvent,
        channel: ConfiguredChannel,
        receivedAt: Timestamp,
        in storage: any TalkStorageWriter
    ) throws -> Bool {
        let key = LedgerKey(source: "line:\(channel.id.rawValue)", eventID: Self.ledgerEventID(for: event))
        guard try storage.insertLedgerEntry(key, at: receivedAt) else { return false }
        let time = event.timestamp.map(Timestamp.init(millisecondsSinceEpoch:)) ?? receivedAt
        // External rooms are 1:1 (R12): events from LINE groups and multi-person chats are recorded, not acted on.
        guard case .user(let userID?) = event.source else {
            if case .message(let message) = event.payload {
                try keepGroupMessage(message, event: event, channel: channel, at: time, in: storage)
            }
            try publish(.platformEvent(type: event.type.rawValue), room: nil, at: time, in: storage)
            return true
        }
        switch event.payload {
        case .follow(let isUnblocked):
            try follow(userID, isUnblocked: isUnblocked ?? false, event: event, channel: channel, at: time, in: storage)
        case .unfollow:
            try unfollow(userID, channel: channel, at: time, in: storage)
        case .message(let message):
            try receive(message, from: userID, event: event, channel: channel, at: time, in: storage)
        case .messageEdited(let message):
            try edit(message, from: userID, event: event, channel: channel, at: time, in: storage)
        case .unsend(let messageID):
            try unsend(messageID, from: userID, channel: channel, at: time, in: storage)
        default:
            try publish(
                .platformEvent(type: event.type.rawValue),
                room: Self.lineRoomID(channel: channel.id, user: userID),
                at: time,
                in: storage
            )
        }
        return true
    }

    /// The event's ledger ID: LINE's `webhookEventId`; for an event without a valid one, a digest of its bytes, so
    /// that the same bytes delivered twice still count once.
    static func ledgerEventID(for event: LineWebhookEvent) -> String {
        if let id = event.webhookEventID { return id.rawValue }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in event.rawJSON.bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3
        }
        return "raw-\(String(hash, radix: 16))-\(event.rawJSON.bytes.count)"
    }

    private func channelStatus(_ channel: ConfiguredChannel, in storage: any TalkStorageReader) throws -> ChannelStatus
    {
        try storage.customerDirectory(of: tenant)?.channels[channel.id]?.status ?? channel.configuration.channel.status
    }

    /// The room with a LINE user, created on first contact: a pending request for a member's own account (R09),
    /// an active 1:1 chat for a shared desk (R15). A new room takes the restrictions in force: a disabled link or
    /// a member no longer allowed (R05), a disabled channel (R30).
    private func lineRoom(
        _ userID: LineUserID,
        channel: ConfiguredChannel,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    ) throws -> (room: StoredRoom, isNew: Bool) {
        let id = Self.lineRoomID(channel: channel.id, user: userID)
        if let room = try storage.room(id) { return (room, false) }
        let user = channel.configuration.channel.user(userID)
        let model: Room
        var restrictions: [RoomRestriction] = []
        if let owner = channel.configuration.owner {
            model = Room.incomingRequest(from: .lineUser(user), method: .lineFollow, at: time)
            // The webhook does not say how the user found the account; every way but an ID search is judged alike,
            // and an ID search that reached the account matched the whole ID.
            let decision = TalkRules.decide(
                .lineUserAddsMember(.qrCode),
                actor: .lineUser(user),
                target: .workspaceUser(owner),
                policies: try policies(storage)
            )
            if let denial = decision.denial {
                restrictions.append(denial.reason == .memberNotAllowed ? .memberNotAllowed : .linkDisabled)
            }
        } else {
            model = Room.officialAccountChat(with: user)
        }
        switch try channelStatus(channel, in: storage) {
        case .enabled: break
        case .disabled: restrictions.append(.channelDisabled)
        case .deleted: restrictions.append(.channelDeleted)
        }
        var stored = StoredRoom(
            id: id,
            channel: channel.id,
            member: channel.configuration.owner,
            room: model,
            createdAt: time
        )
        for restriction in restrictions {
            _ = try? stored.room.restrict(restriction)
        }
        return (stored, true)
    }

    private func follow(
        _ userID: LineUserID,
        isUnblocked: Bool,
        event: LineWebhookEvent,
        channel: ConfiguredChannel,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    ) throws {
        var (room, isNew) = try lineRoom(userID, channel: channel, at: time, in: storage)
        if let token = event.replyToken {
            room.replyToken = token
            room.replyTokenReceivedAt = time
        }
        if isNew {
            if room.room.status.pendingRequest != nil {
                try publish(.requestReceived(peer: userID.rawValue), room: room.id, at: time, in: storage)
            } else {
                try publish(.talkStarted, room: room.id, at: time, in: storage)
            }
            try recordCustomer(userID, channel: channel, at: time, in: storage)
        } else if room.room.status.restrictions.contains(.blockedByPeer) {
            // An unblock (`isUnblocked: true`), or a new follow after an unfollow: the user is back (R11).
            _ = try? room.room.peerUnblocked()
            try publish(.roomStatusChanged(status: room.room.status.description), room: room.id, at: time, in: storage)
        } else if !isUnblocked {
            try publish(.platformEvent(type: "follow"), room: room.id, at: time, in: storage)
        }
        room.updatedAt = time
        try storage.saveRoom(room)
    }

    /// Files a new friend in the customer directory, under the channel's organization or the default one (R26,
    /// R28); a user seen before on another channel of the same provider keeps their record.
    private func recordCustomer(
        _ userID: LineUserID,
        channel: ConfiguredChannel,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    ) throws {
        guard var directory = try storage.customerDirectory(of: tenant) else { return }
        do {
            try directory.recordFollow(
                of: userID,
                on: channel.id,
                newID: CustomerID(
                    rawValue: "line:\(channel.configuration.channel.provider.rawValue):\(userID.rawValue)"
                ),
                displayName: userID.rawValue,
                at: time
            )
        } catch {
            // A disabled or deleted channel keeps no new customers (R30); the room still records the event.
            logger.debug("customer not recorded", metadata: ["channel": "\(channel.id)", "code": "\(error.code)"])
            return
        }
        try storage.saveCustomerDirectory(directory, of: tenant)
    }

    private func unfollow(
        _ userID: LineUserID,
        channel: ConfiguredChannel,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    ) throws {
        var (room, _) = try lineRoom(userID, channel: channel, at: time, in: storage)
        if (try? room.room.peerBlocked()) != nil {
            try publish(.roomStatusChanged(status: room.room.status.description), room: room.id, at: time, in: storage)
        }
        // A reply token does not outlive the friendship.
        room.replyToken = nil
        room.replyTokenReceivedAt = nil
        room.updatedAt = time
        try storage.saveRoom(room)
        if var directory = try storage.customerDirectory(of: tenant) {
            if (try? directory.recordUnfollow(of: userID, on: channel.id)) != nil {
                try storage.saveCustomerDirectory(directory, of: tenant)
            }
        }
    }

    static func inboundMessageID(channel: LineChannelID, message: LineMessage, event: LineWebhookEvent) -> TalkMessageID
    {
        if let id = message.id { return TalkMessageID("line:\(channel.rawValue):\(id.rawValue)") }
        return TalkMessageID("line:\(channel.rawValue):event:\(ledgerEventID(for: event))")
    }

    private func receive(
        _ message: LineMessage,
        from userID: LineUserID,
        event: LineWebhookEvent,
        channel: ConfiguredChannel,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    ) throws {
        var (room, isNew) = try lineRoom(userID, channel: channel, at: time, in: storage)
        if isNew, room.room.status.pendingRequest != nil {
            try publish(.requestReceived(peer: userID.rawValue), room: room.id, at: time, in: storage)
        }
        let action = room.room.receive()
        var held: String?
        switch action {
        case .keepInboundFlagged(let status): held = status.description
        default: held = nil
        }
        // A shared desk's 1:1 chat receives only while chat mode is on, and answers by itself in auto-reply hours
        // (R19).
        var autoReply: String?
        if held == nil, room.room.kind == .officialAccountChat {
            let settings = try storage.chatModeSettings(channel: channel.id) ?? ChatModeSettings()
            switch settings.mode(at: time) {
            case .off: held = "1:1 chat mode is off (R19)"
            case .autoReply: autoReply = settings.autoReply.flatMap { $0.isEmpty ? nil : $0 }
            case .manualChat: break
            }
        }
        let content = MessageContent(lineMessage: message, catalog: configuration.emojiCatalog)
        var stored = StoredMessage(
            id: Self.inboundMessageID(channel: channel.id, message: message, event: event),
            room: room.id,
            channel: channel.id,
            direction: .inbound,
            sender: room.room.peer,
            sentAt: time,
            contentType: content.typeName,
            content: content.canonicalJSONBytes,
            text: content.summaryText,
            state: held.map { .held(reason: $0) } ?? .delivered
        )
        stored.externalID = message.id?.rawValue
        stored.markAsReadToken = message.markAsReadToken
        guard let inserted = try storage.insertMessage(stored) else {
            // The same LINE message under another event ID: already stored.
            return
        }
        if let reason = held {
            try publish(.messageHeld(inserted.id, reason: reason), room: room.id, at: time, in: storage)
        } else {
            try publish(.messageReceived(inserted.id), room: room.id, at: time, in: storage)
            if room.awaitingAnswerSince == nil { room.awaitingAnswerSince = time }
        }
        if let token = event.replyToken {
            room.replyToken = token
            room.replyTokenReceivedAt = time
        }
        if let autoReply {
            try queueAutoReply(autoReply, room: &room, channel: channel, at: time, in: storage)
        }
        room.updatedAt = time
        try storage.saveRoom(room)
    }

    /// The reason a message from a LINE group or multi-person chat is held.
    static let groupMessageHeldReason = "external users talk in 1:1 rooms only; kept, delivered to nobody (R12)"

    /// Keeps a message a LINE group or multi-person chat sent the channel's bot: no room is opened and no member
    /// sees it (R12), but its content is stored, held, under a room ID of its own (`line-group:…`,
    /// `line-multi:…`), so that a channel's history and its audit export hold everything LINE delivered. A message
    /// whose sender LINE did not name is recorded as a platform event only.
    private func keepGroupMessage(
        _ message: LineMessage,
        event: LineWebhookEvent,
        channel: ConfiguredChannel,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    ) throws {
        let room: TalkRoomID
        let sender: LineUserID
        switch event.source {
        case .group(let group?, let user?):
            room = TalkRoomID("line-group:\(channel.id.rawValue):\(group.rawValue)")
            sender = user
        case .room(let multi?, let user?):
            room = TalkRoomID("line-multi:\(channel.id.rawValue):\(multi.rawValue)")
            sender = user
        default:
            return
        }
        let content = MessageContent(lineMessage: message, catalog: configuration.emojiCatalog)
        var stored = StoredMessage(
            id: Self.inboundMessageID(channel: channel.id, message: message, event: event),
            room: room,
            channel: channel.id,
            direction: .inbound,
            sender: .lineUser(channel.configuration.channel.user(sender)),
            sentAt: time,
            contentType: content.typeName,
            content: content.canonicalJSONBytes,
            text: content.summaryText,
            state: .held(reason: Self.groupMessageHeldReason)
        )
        stored.externalID = message.id?.rawValue
        if let inserted = try storage.insertMessage(stored) {
            try publish(
                .messageHeld(inserted.id, reason: Self.groupMessageHeldReason),
                room: room,
                at: time,
                in: storage
            )
        }
    }

    /// The sender recorded on automatic responses: no member wrote them. Like an operator's name (R17), it is
    /// never shown to the LINE user, who sees the account.
    public static let autoReplyOperatorName = "Auto-reply"

    /// Stores the automatic response to a message in the caller's transaction, in the outbox like any send: by the
    /// free reply token the message brought (R32), pushed only when there is none and the quota allows. It goes out
    /// on the next tick of the background work (``run()``, or ``runDueWork()``). It does not count as an answer:
    /// the chat still waits for an operator, and its ticket timer runs on (R29).
    private func queueAutoReply(
        _ text: String,
        room: inout StoredRoom,
        channel: ConfiguredChannel,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    ) throws {
        guard case .lineUser(let user) = room.room.peer else { return }
        let content = MessageContent.text(TextContent(workspaceText: text, catalog: configuration.emojiCatalog))
        let token = room.replyToken.flatMap { token in
            room.replyTokenReceivedAt.map { ReceivedReplyToken(token, receivedAt: $0) }
        }
        let freshToken = token.flatMap { $0.isFresh(at: time) ? $0 : nil }
        do {
            let lineMessages = try encodeForLine(content)
            try chargeQuota(
                Self.pushRequestCount(messages: lineMessages.count, replied: freshToken != nil),
                channel: channel,
                at: time,
                in: storage
            )
        } catch {
            logger.notice(
                "auto-reply not sent",
                metadata: [
                    "channel": "\(channel.id)",
                    "error": "\((error as? ExternalTalkError)?.code.description ?? "encoding")",
                ]
            )
            return
        }
        let retryKey = LineRetryKey.random().rawValue
        let messageID = TalkMessageID("out:\(retryKey)")
        var message = StoredMessage(
            id: messageID,
            room: room.id,
            channel: channel.id,
            direction: .outbound,
            sender: .workspaceUser(try Self.autoReplySender(tenant)),
            sentAt: time,
            contentType: content.typeName,
            content: content.canonicalJSONBytes,
            text: content.summaryText,
            state: .queued
        )
        message.operatorName = Self.autoReplyOperatorName
        guard try storage.insertMessage(message) != nil else { return }
        var entry = OutboxEntry(
            id: OutboxEntryID(retryKey),
            message: messageID,
            room: room.id,
            destination: .line(channel: channel.id, user: user.userID),
            retryKey: retryKey,
            createdAt: time
        )
        if let freshToken {
            entry.replyToken = freshToken.token
            entry.replyTokenReceivedAt = freshToken.receivedAt
            room.replyToken = nil
            room.replyTokenReceivedAt = nil
        } else {
            entry.replyStatus = .bypassed
        }
        try storage.insertOutboxEntry(entry)
        try publish(.autoReplyQueued(messageID), room: room.id, at: time, in: storage)
    }

    /// The workspace identity automatic responses are stored under: `auto-reply@` our tenant.
    static func autoReplySender(_ tenant: TenantDomain) throws -> MemberID {
        try MemberID("auto-reply@\(tenant.rawValue)")
    }

    private func edit(
        _ message: LineMessage,
        from userID: LineUserID,
        event: LineWebhookEvent,
        channel: ConfiguredChannel,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    ) throws {
        let id = Self.inboundMessageID(channel: channel.id, message: message, event: event)
        guard var stored = try storage.message(id) else {
            // The original never reached us: keep the edited text as the message.
            try receive(message, from: userID, event: event, channel: channel, at: time, in: storage)
            return
        }
        let content = MessageContent(lineMessage: message, catalog: configuration.emojiCatalog)
        stored.content = content.canonicalJSONBytes
        stored.contentType = content.typeName
        stored.text = content.summaryText
        stored.editedAt = time
        try storage.updateMessage(stored)
        try publish(.messageEdited(id), room: stored.room, at: time, in: storage)
    }

    private func unsend(
        _ messageID: LineMessageID?,
        from userID: LineUserID,
        channel: ConfiguredChannel,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    ) throws {
        let room = Self.lineRoomID(channel: channel.id, user: userID)
        guard let messageID,
            var stored = try storage.message(TalkMessageID("line:\(channel.id.rawValue):\(messageID.rawValue)"))
        else {
            try publish(.platformEvent(type: "unsend"), room: room, at: time, in: storage)
            return
        }
        // The sender took it back: the content goes; the row stays so that history shows where it was.
        stored.content = MessageContent.text(TextContent("")).canonicalJSONBytes
        stored.contentType = "text"
        stored.text = ""
        stored.unsentAt = time
        try storage.updateMessage(stored)
        try publish(.messageUnsent(stored.id), room: stored.room, at: time, in: storage)
    }
}
