import Logging
public import TalkModel
public import TalkStorage
import TalkTransport
public import TalkWire

/// Who sends a message from our side.
public enum MessageSender: Sendable, Hashable {
    /// A member in their own room.
    case member(MemberID)
    /// An operator answering for a shared desk's account. The name is kept inside the company and never sent to
    /// the LINE user (R17).
    case `operator`(Operator)

    /// The member behind the sender.
    public var member: MemberID {
        switch self {
        case .member(let member): member
        case .operator(let op): op.member
        }
    }
}

/// What ``ExternalTalkService/send(_:to:as:)`` stored and, if the first attempt finished, how it went.
public struct SendReceipt: Sendable, Hashable {
    /// The stored outbound message.
    public let message: TalkMessageID
    /// Its outbox entry.
    public let outboxEntry: OutboxEntryID
    /// The message's state after the first attempt: sent, still queued for a retry, uncertain or failed.
    public let state: StoredMessage.State
}

extension ExternalTalkService {
    /// Sends content to a room's peer: the rules (R05, R09, R11, R15, R18) -> the quota (R32) -> encoding -> the
    /// outbox entry with its retry key, stored with the message in one transaction -> the transport (the reply
    /// token first while it is fresh, else push) -> the receipt, stored.
    ///
    /// A send whose first attempt fails for a reason that may pass stays queued; ``run()`` retries it with the
    /// same retry key. A reply whose outcome cannot be learnt is marked uncertain and reported in the feed, never
    /// pushed again blindly.
    /// - Parameters:
    ///   - content: What to send.
    ///   - roomID: The room.
    ///   - sender: The member or operator sending.
    /// - Returns: The stored message and where it stands.
    /// - Throws: ``ExternalTalkError``: ``ExternalTalkError/Code/denied`` with the rule's reason,
    ///   ``ExternalTalkError/Code/quotaExceeded``, ``ExternalTalkError/Code/unsupportedContent``; or a storage error.
    public func send(
        _ content: MessageContent,
        to roomID: TalkRoomID,
        as sender: MessageSender
    ) async throws
        -> SendReceipt
    {
        try await prepare()
        let time = now()
        let retryKey = LineRetryKey.random().rawValue
        let messageID = TalkMessageID("out:\(retryKey)")
        let entryID = OutboxEntryID(retryKey)
        try await storage.write { storage in
            var room = try self.room(roomID, in: storage)
            // Encoding is checked before anything is stored, so content LINE would refuse never enters the outbox.
            let lineMessages = room.channel != nil ? try self.encodeForLine(content) : []
            try self.checkSend(content, in: room, as: sender, storage: storage)
            if let address = Self.worksAddress(of: room.id) {
                try self.storePeerSend(
                    content,
                    to: .works(bot: address.bot, user: address.user),
                    room: &room,
                    sender: sender,
                    messageID: messageID,
                    entryID: entryID,
                    retryKey: retryKey,
                    at: time,
                    in: storage
                )
                return
            }
            if case .workspaceUser(let peer) = room.room.peer {
                try self.storePeerSend(
                    content,
                    to: .federation(peer: peer.tenant, member: peer),
                    room: &room,
                    sender: sender,
                    messageID: messageID,
                    entryID: entryID,
                    retryKey: retryKey,
                    at: time,
                    in: storage
                )
                return
            }
            guard case .lineUser(let user) = room.room.peer, let channelID = room.channel,
                let channel = self.channels[channelID]
            else {
                throw ExternalTalkError(.unsupportedContent, "the room's peer is not reachable from this service")
            }
            let token = room.replyToken.flatMap { token in
                room.replyTokenReceivedAt.map { ReceivedReplyToken(token, receivedAt: $0) }
            }
            let freshToken = token.flatMap { $0.isFresh(at: time) ? $0 : nil }
            // Replies in a 1:1 chat are free; pushes count once per request of up to five messages (R32).
            let pushes = Self.pushRequestCount(messages: lineMessages.count, replied: freshToken != nil)
            try self.chargeQuota(pushes, channel: channel, at: time, in: storage)
            var message = StoredMessage(
                id: messageID,
                room: roomID,
                channel: channelID,
                direction: .outbound,
                sender: .workspaceUser(sender.member),
                sentAt: time,
                contentType: content.typeName,
                content: content.canonicalJSONBytes,
                text: content.summaryText,
                state: .queued
            )
            if case .operator(let op) = sender { message.operatorName = op.displayName }
            guard try storage.insertMessage(message) != nil else {
                throw TalkStorageError(.conflict, operation: "insert outbound message")
            }
            var entry = OutboxEntry(
                id: entryID,
                message: messageID,
                room: roomID,
                destination: .line(channel: channelID, user: user.userID),
                retryKey: retryKey,
                createdAt: time
            )
            if let freshToken {
                entry.replyToken = freshToken.token
                entry.replyTokenReceivedAt = freshToken.receivedAt
                // A reply token is single-use: this send owns it now.
                room.replyToken = nil
                room.replyTokenReceivedAt = nil
            } else {
                entry.replyStatus = .bypassed
            }
            try storage.insertOutboxEntry(entry)
            try self.answered(&room, at: time, in: storage)
            room.updatedAt = time
            try storage.saveRoom(room)
        }
        let state = await attemptDelivery(entryID)
        return SendReceipt(message: messageID, outboxEntry: entryID, state: state ?? .queued)
    }

    /// Stores a message to a peer tenant's member or a LINE WORKS user, with its outbox entry, in the caller's
    /// transaction. Content LINE WORKS would refuse is refused here, so it never enters the outbox.
    func storePeerSend(
        _ content: MessageContent,
        to destination: OutboxDestination,
        room: inout StoredRoom,
        sender: MessageSender,
        messageID: TalkMessageID,
        entryID: OutboxEntryID,
        retryKey: String,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    ) throws {
        switch destination {
        case .federation(let peer, _):
            guard federationPeers[peer] != nil else {
                throw ExternalTalkError(.denied, "this tenant does not federate with \(peer)", rule: .r04)
            }
        case .works(let bot, _):
            guard worksBots[bot] != nil else {
                throw ExternalTalkError(.denied, "the LINE WORKS bot \(bot) is not configured any more", rule: .r04)
            }
            do {
                _ = try WorksMessageEncoder().bodies(for: [content])
            } catch {
                throw ExternalTalkError(.unsupportedContent, error.message, underlying: error)
            }
        case .line:
            throw ExternalTalkError(.invalidArgument, "a LINE user is not a peer tenant's")
        }
        let message = StoredMessage(
            id: messageID,
            room: room.id,
            channel: nil,
            direction: .outbound,
            sender: .workspaceUser(sender.member),
            sentAt: time,
            contentType: content.typeName,
            content: content.canonicalJSONBytes,
            text: content.summaryText,
            state: .queued
        )
        guard try storage.insertMessage(message) != nil else {
            throw TalkStorageError(.conflict, operation: "insert outbound message")
        }
        var entry = OutboxEntry(
            id: entryID,
            message: messageID,
            room: room.id,
            destination: destination,
            retryKey: retryKey,
            createdAt: time
        )
        entry.replyStatus = .bypassed
        try storage.insertOutboxEntry(entry)
        try answered(&room, at: time, in: storage)
        room.updatedAt = time
        try storage.saveRoom(room)
    }

    /// Checks a send against the room and the rules.
    func checkSend(
        _ content: MessageContent,
        in room: StoredRoom,
        as sender: MessageSender,
        storage: any TalkStorageReader
    ) throws {
        let kind = MessageContentKind(rawValue: content.typeName)
        if let channelID = room.channel, let channel = channels[channelID] {
            if let owner = channel.configuration.owner, owner != sender.member {
                throw ExternalTalkError(.denied, "only \(owner) answers on this account", rule: .r25)
            }
            if channel.configuration.owner == nil, !channel.configuration.channel.operators.contains(sender.member) {
                throw ExternalTalkError(.denied, "\(sender.member) is not an operator of this account", rule: .r17)
            }
        } else if room.member != sender.member {
            throw ExternalTalkError(.denied, "the room belongs to another member")
        }
        let decision = TalkRules.decide(
            .send(kind, in: room.room),
            actor: .workspaceUser(sender.member),
            target: room.room.peer,
            policies: try policies(storage, peer: room.room.peer.tenant)
        )
        if let denial = decision.denial { throw ExternalTalkError.denied(denial) }
    }

    func encodeForLine(_ content: MessageContent) throws -> [LineOutboundMessage] {
        do {
            // The sender policy is `.none`: the operator's name is never put on a message to LINE (R17).
            return try LineMessageEncoder(catalog: configuration.emojiCatalog).messages(for: [content])
        } catch {
            throw ExternalTalkError(
                .unsupportedContent,
                "the content cannot be sent to LINE: \(error)",
                underlying: error
            )
        }
    }

    static func pushRequestCount(messages: Int, replied: Bool) -> Int {
        let chunk = LineRequest.maximumMessagesPerRequest
        let requests = (messages + chunk - 1) / chunk
        return replied ? max(0, requests - 1) : requests
    }

    /// Counts pushes against the channel's monthly quota, refusing what the plan cannot cover (R32).
    func chargeQuota(
        _ pushes: Int,
        channel: ConfiguredChannel,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    )
        throws
    {
        guard pushes > 0 else { return }
        let month = CalendarMonth.containing(time, in: MonthlyQuota.zone)
        let used = try storage.quotaUsage(channel: channel.id, month: month)
        var quota = MonthlyQuota(plan: channel.configuration.messagePlan, at: time, used: used)
        do {
            for _ in 0..<pushes { _ = try quota.record(.push, at: time) }
        } catch {
            throw ExternalTalkError(
                .quotaExceeded,
                "channel \(channel.id) has used its \(channel.configuration.messagePlan) plan's "
                    + "\(channel.configuration.messagePlan.monthlyLimit) messages for \(month)",
                rule: .r32,
                underlying: error
            )
        }
        _ = try storage.addQuotaUsage(pushes, channel: channel.id, month: month)
    }

    /// Our side answered: the chat no longer waits, and its open ticket closes (R29).
    func answered(_ room: inout StoredRoom, at time: Timestamp, in storage: any TalkStorageWriter) throws {
        room.awaitingAnswerSince = nil
        if var ticket = try storage.openTicket(room: room.id) {
            ticket.closedAt = time
            try storage.updateTicket(ticket)
            try publish(.ticketClosed(ticket.id), room: room.id, at: time, in: storage)
        }
    }

    // MARK: Delivery

    /// Claims an entry for one attempt, so that two workers (the sending call and the background loop, or two
    /// server instances) never attempt it at the same time. Before a reply attempt the reply is recorded as
    /// unconfirmed: if the process dies during the attempt, the next one knows the token may have been used.
    private func claim(_ id: OutboxEntryID, at time: Timestamp) async throws -> (OutboxEntry, StoredMessage?)? {
        try await storage.write { storage in
            guard var entry = try storage.outboxEntry(id), entry.state == .pending, entry.nextAttemptAt <= time else {
                return nil
            }
            // A notice to a peer tenant carries its request in the entry; a message entry needs its message.
            let message = try storage.message(entry.message)
            guard message != nil || !entry.payload.isEmpty else { return nil }
            entry.attempts += 1
            entry.nextAttemptAt = time.advanced(by: configuration.outboxRetry.attemptLease)
            // The attempt itself starts from what earlier attempts learnt: had it started from `unconfirmed`, a
            // token LINE refuses on the first try would pass for one an earlier attempt used, and the message would
            // be marked sent without ever going out.
            let attempt = entry
            if entry.replyStatus == .notSent, entry.replyToken != nil { entry.replyStatus = .unconfirmed }
            try storage.updateOutboxEntry(entry)
            return (attempt, message)
        }
    }

    /// Makes one attempt at an outbox entry if it is due, and stores the outcome.
    /// - Returns: The message's state afterwards, or `nil` when the entry was not due or was taken by another worker.
    @discardableResult
    func attemptDelivery(_ id: OutboxEntryID) async -> StoredMessage.State? {
        let time = now()
        let claimed: (OutboxEntry, StoredMessage?)?
        do {
            claimed = try await claim(id, at: time)
        } catch {
            logger.error("outbox entry could not be claimed", metadata: ["entry": "\(id)", "error": "\(error)"])
            return nil
        }
        guard let (entry, message) = claimed else { return nil }
        var outcome: DeliveryOutcome
        switch entry.destination {
        case .line(let channel, let user):
            guard let message else { return nil }
            outcome = await deliverToLine(entry, message, channel: channel, user: user, at: time)
        case .federation(let peer, let member):
            outcome = await deliverToPeer(entry, message, peer: peer, member: member, at: time)
        case .works(let bot, let user):
            guard let message else { return nil }
            outcome = await deliverToWorks(entry, message, bot: bot, user: user)
        }
        do {
            let state = try await record(outcome, for: entry, at: now())
            return message == nil ? nil : state
        } catch {
            logger.error("outbox outcome could not be stored", metadata: ["entry": "\(id)", "error": "\(error)"])
            return nil
        }
    }

    struct DeliveryOutcome: Sendable {
        enum Result: Sendable {
            case sent(requestIDs: [String], pushes: Int)
            case retry(code: String, after: TalkDuration?)
            case uncertain(code: String)
            case failed(code: String)
        }
        var result: Result
        var replyStatus: OutboxEntry.ReplyStatus
        /// Push requests counted against the quota when the send was stored.
        var charged = 0
        /// Request IDs of the parts that went out before a failure, for a send of several requests with no retry
        /// key (LINE WORKS): the next attempt skips them.
        var progress: [String]?
    }

    private func deliverToLine(
        _ entry: OutboxEntry,
        _ message: StoredMessage,
        channel: LineChannelID,
        user: LineUserID,
        at time: Timestamp
    ) async -> DeliveryOutcome {
        let lineMessages: [LineOutboundMessage]
        do {
            let content = try MessageContent(canonicalJSON: message.content, emojiCatalog: configuration.emojiCatalog)
            lineMessages = try encodeForLine(content)
        } catch {
            return DeliveryOutcome(result: .failed(code: "encoding"), replyStatus: entry.replyStatus)
        }
        let retryKey: LineRetryKey
        do {
            retryKey = try LineRetryKey(entry.retryKey)
        } catch {
            return DeliveryOutcome(result: .failed(code: "invalid-retry-key"), replyStatus: entry.replyStatus)
        }
        var state = LineDeliveryState(retryKey: retryKey, reply: Self.transportReplyStatus(entry.replyStatus))
        let token = entry.replyToken.flatMap { token in
            entry.replyTokenReceivedAt.map { ReceivedReplyToken(token, receivedAt: $0) }
        }
        do {
            let delivery = try await transport.replyOrPush(
                lineMessages,
                to: user,
                replyToken: token,
                state: &state,
                at: time,
                channel: channel
            )
            let pushes = delivery.receipts.filter { $0.endpoint == .push }.count
            return DeliveryOutcome(
                result: .sent(requestIDs: delivery.receipts.compactMap(\.requestID), pushes: pushes),
                replyStatus: Self.storedReplyStatus(state.reply),
                charged: Self.pushRequestCount(messages: lineMessages.count, replied: entry.replyToken != nil)
            )
        } catch let error as TalkTransportError {
            let reply = Self.storedReplyStatus(state.reply)
            switch error.code {
            case .duplicate:
                // LINE already accepted this retry key: the send happened (409).
                return DeliveryOutcome(
                    result: .sent(requestIDs: error.acceptedRequestID.map { [$0] } ?? [], pushes: 0),
                    replyStatus: reply
                )
            case .replyUnconfirmed:
                return DeliveryOutcome(result: .uncertain(code: "\(error.code)"), replyStatus: reply)
            case .rateLimited, .serverError, .timeout, .network, .invalidResponse:
                let wait = error.retryAfter.map { TalkDuration.milliseconds(Int64($0.components.seconds) * 1000) }
                return DeliveryOutcome(result: .retry(code: "\(error.code)", after: wait), replyStatus: reply)
            default:
                return DeliveryOutcome(result: .failed(code: "\(error.code)"), replyStatus: reply)
            }
        } catch {
            // Cancelled or an unexpected error: the attempt may have gone out; retry with the same keys.
            return DeliveryOutcome(
                result: .retry(code: "interrupted", after: nil),
                replyStatus: Self.storedReplyStatus(state.reply)
            )
        }
    }

    /// Sends a message to a LINE WORKS user, one request per encoded part, skipping parts an earlier attempt sent.
    ///
    /// The LINE WORKS API takes no retry key, so a failure after which the request may have been processed (a
    /// timeout, a 5xx) is not retried blindly: the message is marked uncertain and the host told. Failures that
    /// were certainly not processed (429, a refused connection) are retried.
    private func deliverToWorks(
        _ entry: OutboxEntry,
        _ message: StoredMessage,
        bot: String,
        user: String
    ) async -> DeliveryOutcome {
        let bodies: [[UInt8]]
        do {
            let content = try MessageContent(canonicalJSON: message.content, emojiCatalog: configuration.emojiCatalog)
            bodies = try WorksMessageEncoder().bodies(for: [content])
        } catch {
            return DeliveryOutcome(result: .failed(code: "encoding"), replyStatus: .bypassed)
        }
        var sent = entry.requestIDs
        for body in bodies.dropFirst(sent.count) {
            do {
                let request = try WorksSendRequest(botID: bot, destination: .user(user), body: body)
                let receipt = try await transport.send(request)
                sent.append(receipt.requestID ?? "works-\(sent.count)")
            } catch let error as TalkTransportError {
                var outcome: DeliveryOutcome
                switch error.code {
                case .rateLimited, .serverError, .timeout, .network, .invalidResponse:
                    outcome =
                        error.mayHaveBeenProcessed
                        ? DeliveryOutcome(result: .uncertain(code: "\(error.code)"), replyStatus: .bypassed)
                        : DeliveryOutcome(
                            result: .retry(
                                code: "\(error.code)",
                                after: error.retryAfter.map {
                                    TalkDuration.milliseconds(Int64($0.components.seconds) * 1000)
                                }
                            ),
                            replyStatus: .bypassed
                        )
                default:
                    outcome = DeliveryOutcome(result: .failed(code: "\(error.code)"), replyStatus: .bypassed)
                }
                outcome.progress = sent
                return outcome
            } catch {
                var outcome = DeliveryOutcome(result: .uncertain(code: "interrupted"), replyStatus: .bypassed)
                outcome.progress = sent
                return outcome
            }
        }
        return DeliveryOutcome(result: .sent(requestIDs: sent, pushes: 0), replyStatus: .bypassed)
    }

    private func record(
        _ outcome: DeliveryOutcome,
        for claimed: OutboxEntry,
        at time: Timestamp
    ) async throws
        -> StoredMessage.State
    {
        let retry = configuration.outboxRetry
        let channels = self.channels
        let state = try await storage.write { storage -> StoredMessage.State in
            guard var entry = try storage.outboxEntry(claimed.id) else {
                throw TalkStorageError(.notFound, operation: "record outbox outcome")
            }
            var state = StoredMessage.State.queued
            var event: TalkEvent.Kind?
            entry.replyStatus = outcome.replyStatus
            switch outcome.result {
            case .sent(let requestIDs, let pushes):
                entry.state = .sent
                entry.requestIDs = requestIDs
                entry.lastError = nil
                state = .sent
                event = .messageSent(claimed.message)
                // A send stored as a free reply that went out as pushes (the token was refused) is counted now
                // (R32); the count never goes down, so a send is never counted below what it cost.
                if case .line(let channelID, _) = entry.destination, channels[channelID] != nil,
                    pushes > outcome.charged
                {
                    let month = CalendarMonth.containing(time, in: MonthlyQuota.zone)
                    _ = try storage.addQuotaUsage(pushes - outcome.charged, channel: channelID, month: month)
                }
            case .retry(let code, let after):
                entry.lastError = code
                if let progress = outcome.progress { entry.requestIDs = progress }
                if entry.attempts >= retry.maximumAttempts {
                    entry.state = .failed
                    state = .failed(reason: code)
                    event = .messageFailed(claimed.message, code: code)
                } else {
                    let delay = max(after ?? .milliseconds(0), retry.delay(afterAttempts: entry.attempts))
                    entry.nextAttemptAt = time.advanced(by: delay)
                }
            case .uncertain(let code):
                entry.state = .uncertain
                entry.lastError = code
                if let progress = outcome.progress { entry.requestIDs = progress }
                state = .uncertain
                event = .messageUncertain(claimed.message)
            case .failed(let code):
                entry.state = .failed
                entry.lastError = code
                state = .failed(reason: code)
                event = .messageFailed(claimed.message, code: code)
            }
            try storage.updateOutboxEntry(entry)
            // A notice to a peer tenant has no message row: its outcome lives on the entry alone.
            if var message = try storage.message(claimed.message) {
                message.state = state
                try storage.updateMessage(message)
                if let event { try self.publish(event, room: message.room, at: time, in: storage) }
            } else if entry.state == .failed {
                self.logger.notice(
                    "notice to a peer tenant failed",
                    metadata: ["entry": "\(entry.id)", "code": "\(entry.lastError ?? "")"]
                )
            }
            return state
        }
        switch outcome.result {
        case .sent: EngineMetrics.delivery(.sent)
        case .retry: EngineMetrics.delivery(state == .queued ? .retried : .failed)
        case .uncertain: EngineMetrics.delivery(.uncertain)
        case .failed: EngineMetrics.delivery(.failed)
        }
        feedSignal.signal()
        return state
    }

    static func transportReplyStatus(_ status: OutboxEntry.ReplyStatus) -> LineDeliveryState.ReplyStatus {
        switch status {
        case .notSent: .notSent
        case .sent: .sent(requestID: nil)
        case .unconfirmed: .unconfirmed
        case .bypassed: .bypassed
        }
    }

    static func storedReplyStatus(_ status: LineDeliveryState.ReplyStatus) -> OutboxEntry.ReplyStatus {
        switch status {
        case .notSent: .notSent
        case .sent: .sent
        case .unconfirmed: .unconfirmed
        case .bypassed: .bypassed
        }
    }

    /// Settles a message marked uncertain: the host checked (with the LINE user, or LINE's console) whether it
    /// arrived. Delivered marks it sent; not delivered queues it again as a push under its own retry key, which
    /// is safe because the uncertainty was about the reply only.
    /// - Parameters:
    ///   - message: The uncertain message.
    ///   - delivered: Whether it arrived.
    /// - Throws: ``ExternalTalkError/Code/notFound``, ``ExternalTalkError/Code/invalidState`` when it is not uncertain.
    public func resolveUncertain(_ message: TalkMessageID, delivered: Bool) async throws {
        let time = now()
        let entryID = try await storage.write { storage -> OutboxEntryID in
            guard var stored = try storage.message(message) else {
                throw ExternalTalkError(.notFound, "no message \(message)")
            }
            guard stored.state == .uncertain, let retryKey = stored.id.rawValue.split(separator: ":").last,
                var entry = try storage.outboxEntry(OutboxEntryID(String(retryKey)))
            else {
                throw ExternalTalkError(.invalidState, "message \(message) is not uncertain")
            }
            if delivered {
                entry.state = .sent
                entry.replyStatus = .sent
                stored.state = .sent
                try self.publish(.messageSent(message), room: stored.room, at: time, in: storage)
            } else {
                entry.state = .pending
                entry.replyStatus = .bypassed
                entry.nextAttemptAt = time
                stored.state = .queued
            }
            try storage.updateOutboxEntry(entry)
            try storage.updateMessage(stored)
            return entry.id
        }
        feedSignal.signal()
        if !delivered { await attemptDelivery(entryID) }
    }
}
