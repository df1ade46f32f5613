import Logging
import TalkModel
import TalkStorage
import TalkWire
import WebhookSignature

extension ExternalTalkService {
    /// Receives one LINE WORKS bot callback: verifies `X-WORKS-Signature` on the raw bytes with the bot secret,
    /// decodes, and applies it once, with its ledger and feed entries in one transaction.
    ///
    /// A LINE WORKS tenant's user who talks with the bot is an external workspace user of a peer tenant (see
    /// ``WorksBot``): the first message or `begin` makes a pending request to the bot's member (R09), who accepts or
    /// blocks it like any other; messages are held while the room is pending, blocked or read-only (R05, R11).
    /// Callbacks from group rooms are recorded as platform events and delivered to nobody (R12); unknown callback
    /// and content types are kept (W4).
    ///
    /// LINE WORKS never resends a callback and gives it no event ID, so the ledger keys a callback by a digest of
    /// its body: a copy posted twice (by a proxy, or a replayed request) is applied once (W3).
    /// - Parameters:
    ///   - bot: The bot the callback URL names.
    ///   - signature: The `X-WORKS-Signature` header.
    ///   - botIDHeader: The `X-WORKS-BotId` header, checked against `bot` when present.
    ///   - body: The raw body.
    /// - Returns: What became of it and what to answer.
    public func receiveWorksCallback(
        bot: String,
        signature: String?,
        botIDHeader: String? = nil,
        body: [UInt8]
    ) async -> WebhookOutcome {
        await worksCallbackOutcome(bot: bot, signature: signature, botIDHeader: botIDHeader, body: body)
            .counted(source: "works")
    }

    private func worksCallbackOutcome(
        bot: String,
        signature: String?,
        botIDHeader: String?,
        body: [UInt8]
    ) async -> WebhookOutcome {
        guard let configured = worksBots[bot] else { return .refused(.unknownChannel) }
        guard botIDHeader == nil || botIDHeader == bot,
            configured.verifier.verify(body, signature: signature).isValid
        else {
            logger.notice("LINE WORKS callback signature rejected", metadata: ["bot": "\(bot)"])
            return .refused(.badSignature)
        }
        let callback: LineWorksCallback
        do {
            callback = try LineWorksCallbackDecoder(limits: configuration.webhookLimits).decode(body)
        } catch {
            logger.notice("LINE WORKS callback rejected", metadata: ["bot": "\(bot)", "code": "\(error.code)"])
            return .refused(.malformed, reason: error.description)
        }
        let digest = Self.callbackDigest(body)
        do {
            try await prepare()
            let receivedAt = now()
            let applied = try await storage.write { storage -> Bool in
                guard try storage.insertLedgerEntry(LedgerKey(source: "works:\(bot)", eventID: digest), at: receivedAt)
                else { return false }
                try self.apply(callback, digest: digest, bot: configured.configuration, at: receivedAt, in: storage)
                return true
            }
            if applied { feedSignal.signal() }
            return WebhookOutcome(status: .accepted, applied: applied ? 1 : 0, duplicates: applied ? 0 : 1, reason: nil)
        } catch {
            logger.error("LINE WORKS callback could not be stored", metadata: ["error": "\(error)"])
            return .refused(.unavailable)
        }
    }

    /// A callback's ledger ID: an HMAC-SHA256 of the body under a fixed, public key (a plain SHA-256 would do as
    /// well; this reuses the verifier's hash), in base64.
    static func callbackDigest(_ body: [UInt8]) -> String {
        callbackDigester.signature(for: body)
    }

    private static let callbackDigester = WebhookSignatureVerifier(
        secrets: [WebhookSecret("externaltalk/works-callback-ledger/v1")]
    )

    /// The room between a bot's member and a LINE WORKS user: `works:BOT:USER`, with the user's ID as LINE WORKS
    /// gave it, which the send API needs back.
    static func worksRoomID(bot: String, user: String) -> TalkRoomID {
        TalkRoomID("works:\(bot.count):\(bot):\(user)")
    }

    /// The bot and LINE WORKS user of a room reached through a bot, or `nil` for every other room.
    static func worksAddress(of room: TalkRoomID) -> (bot: String, user: String)? {
        let text = room.rawValue
        guard text.hasPrefix("works:") else { return nil }
        let rest = text.dropFirst("works:".count)
        guard let colon = rest.firstIndex(of: ":"), let length = Int(rest[..<colon]), length > 0 else { return nil }
        let afterLength = rest[rest.index(after: colon)...]
        guard afterLength.count > length + 1 else { return nil }
        let botEnd = afterLength.index(afterLength.startIndex, offsetBy: length)
        guard afterLength[botEnd] == ":" else { return nil }
        return (String(afterLength[..<botEnd]), String(afterLength[afterLength.index(after: botEnd)...]))
    }

    /// The workspace-user identity of a LINE WORKS user: their ID when it is already `name@tenant` of the bot's
    /// tenant, otherwise the ID folded into a member name at the bot's tenant (`4f2c...@partner.example.jp`).
    static func worksMember(_ user: String, bot: WorksBot) throws -> MemberID {
        if let id = try? MemberID(user), id.tenant == bot.tenant { return id }
        var local = ""
        for scalar in user.lowercased().unicodeScalars {
            let allowed =
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || ".-_".unicodeScalars.contains(scalar)
            local.unicodeScalars.append(allowed ? scalar : "-")
        }
        local = String(local.prefix(64))
        while local.hasPrefix(".") { local.removeFirst() }
        while local.hasSuffix(".") { local.removeLast() }
        do {
            return try MemberID("\(local.isEmpty ? "user" : local)@\(bot.tenant.rawValue)")
        } catch {
            throw ExternalTalkError(.invalidArgument, "the LINE WORKS user ID cannot name a workspace user")
        }
    }

    private func apply(
        _ callback: LineWorksCallback,
        digest: String,
        bot: WorksBot,
        at receivedAt: Timestamp,
        in storage: any TalkStorageWriter
    ) throws {
        let time = callback.issuedTime?.milliseconds.map(Timestamp.init(millisecondsSinceEpoch:)) ?? receivedAt
        let type = callback.type
        // Group and 1:N rooms: the bot is there, but no external user may be (R12); kept, delivered to nobody.
        let isGroup =
            [.join, .leave, .joined, .left].contains(type) || (type == .message && callback.source.channelID != nil)
        guard !isGroup, let user = callback.source.userID, !user.isEmpty else {
            try publish(.platformEvent(type: "works.\(type.rawValue)"), room: nil, at: receivedAt, in: storage)
            return
        }
        switch type {
        case .begin:
            _ = try worksRoom(user, bot: bot, at: time, receivedAt: receivedAt, in: storage)
        case .message:
            var (room, _) = try worksRoom(user, bot: bot, at: time, receivedAt: receivedAt, in: storage)
            let content = callback.content.map {
                MessageContent(worksContent: $0, catalog: configuration.emojiCatalog)
            }
            let message = content ?? .unknown(UnknownContent(type: "none", raw: .null))
            var held: String?
            if case .keepInboundFlagged(let status) = room.room.receive() { held = status.description }
            var stored = StoredMessage(
                id: TalkMessageID("works:\(bot.botID):\(digest)"),
                room: room.id,
                channel: nil,
                direction: .inbound,
                sender: room.room.peer,
                sentAt: time,
                contentType: message.typeName,
                content: message.canonicalJSONBytes,
                text: message.summaryText,
                state: held.map { .held(reason: $0) } ?? .delivered
            )
            stored.externalID = callback.content?.fileID
            guard let inserted = try storage.insertMessage(stored) else { return }
            if let held {
                try publish(.messageHeld(inserted.id, reason: held), room: room.id, at: receivedAt, in: storage)
            } else {
                try publish(.messageReceived(inserted.id), room: room.id, at: receivedAt, in: storage)
                if room.awaitingAnswerSince == nil { room.awaitingAnswerSince = receivedAt }
            }
            room.updatedAt = receivedAt
            try storage.saveRoom(room)
        default:
            // `end`, `postback` and types this version does not know (W4).
            let room = try storage.room(Self.worksRoomID(bot: bot.botID, user: user))
            try publish(.platformEvent(type: "works.\(type.rawValue)"), room: room?.id, at: receivedAt, in: storage)
        }
    }

    /// The room with a LINE WORKS user, created on first contact as a pending request to the bot's member (R09),
    /// with the restrictions our policy imposes on it (R04, R05).
    private func worksRoom(
        _ user: String,
        bot: WorksBot,
        at time: Timestamp,
        receivedAt: Timestamp,
        in storage: any TalkStorageWriter
    ) throws -> (room: StoredRoom, isNew: Bool) {
        let id = Self.worksRoomID(bot: bot.botID, user: user)
        if let room = try storage.room(id) { return (room, false) }
        let peer = try Self.worksMember(user, bot: bot)
        let peerParty = Party.workspaceUser(peer)
        let decision = TalkRules.decide(
            .memberAddsWorkspaceUser(.exactIDSearch(query: bot.member.rawValue)),
            actor: peerParty,
            target: .workspaceUser(bot.member),
            policies: try policies(storage, peer: peer.tenant)
        )
        var room = StoredRoom(
            id: id,
            channel: nil,
            member: bot.member,
            room: Room.incomingRequest(from: peerParty, method: .exactIDSearch, at: time),
            createdAt: receivedAt
        )
        if let denial = decision.denial {
            // Kept and flagged, never dropped: LINE WORKS does not send a callback twice.
            _ = try? room.room.restrict(denial.reason == .memberNotAllowed ? .memberNotAllowed : .linkDisabled)
        }
        try storage.saveRoom(room)
        try publish(.requestReceived(peer: peer.rawValue), room: id, at: receivedAt, in: storage)
        return (room, true)
    }
}
