import Logging
public import TalkModel
public import TalkStorage
import TalkTransport
import TalkWire
public import WebhookSignature

/// A peer tenant this tenant federates with, and the secret(s) the two share to sign requests (R04).
public struct FederationPeer: Sendable {
    /// The peer tenant.
    public var tenant: TenantDomain
    /// The shared secrets, current first; several during a rotation.
    public var secrets: [WebhookSecret]

    /// Creates a peer.
    /// - Parameters:
    ///   - tenant: The peer tenant.
    ///   - secrets: The shared secrets.
    public init(tenant: TenantDomain, secrets: [WebhookSecret]) {
        self.tenant = tenant
        self.secrets = secrets
    }
}

/// What became of a federation request, and what to answer the peer.
public struct FederationOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The kind of outcome.
    public enum Status: String, Sendable, Hashable {
        /// Applied now: answer 200.
        case accepted
        /// Applied before (the same `requestId`): answer 200 with ``/TalkTransport/FederationHTTP/duplicateBody``.
        case duplicate
        /// Refused by the checks before parsing or by the body's syntax: answer ``httpStatus``.
        case refused
        /// Refused by our tenant's policy (R04, R08): answer 403.
        case denied
        /// The storage failed: answer 500 so that the peer retries.
        case unavailable
    }

    /// The kind of outcome.
    public var status: Status
    /// The HTTP status to answer.
    public var httpStatus: Int
    /// Why it was refused, never the body's content.
    public var reason: String?

    /// The status and reason.
    public var description: String { reason.map { "\(status.rawValue): \($0)" } ?? status.rawValue }
}

/// A lifecycle notice to the peer tenant of a federation room.
enum PeerNotice: Sendable {
    case invitation(FederationInvitationMethod)
    case accept
    case block
    case unblock
    case read(lastMessageID: String)
    case callInvitation(CallKind)
    case profile(FederationProfileUpdate)
}

extension ExternalTalkService {
    // MARK: Receiving

    /// Receives a federation request from a peer tenant: checks the sending tenant and the signature on the raw
    /// bytes before parsing, reads it, checks it against both tenants' policies (R04), and applies it once per
    /// `requestId` (a repeat is a duplicate success), in one transaction with its ledger and feed entries.
    /// - Parameters:
    ///   - body: The raw body.
    ///   - tenantHeader: The ``/TalkTransport/FederationHTTP/tenantHeader`` value.
    ///   - signatureHeader: The ``/TalkTransport/FederationHTTP/signatureHeader`` value.
    /// - Returns: What became of it and what to answer.
    public func receiveFederationRequest(
        _ body: [UInt8],
        tenantHeader: String?,
        signatureHeader: String?
    ) async
        -> FederationOutcome
    {
        await federationOutcome(body, tenantHeader: tenantHeader, signatureHeader: signatureHeader).counted()
    }

    private func federationOutcome(
        _ body: [UInt8],
        tenantHeader: String?,
        signatureHeader: String?
    ) async
        -> FederationOutcome
    {
        let request: FederationRequest
        do {
            request = try federationVerifier.verify(body, tenantHeader: tenantHeader, signatureHeader: signatureHeader)
        } catch {
            logger.notice("federation request refused", metadata: ["code": "\(error.code)"])
            return FederationOutcome(status: .refused, httpStatus: error.httpStatus, reason: error.description)
        }
        do {
            try await prepare()
            let receivedAt = now()
            let applied = try await storage.write { storage -> Bool in
                let key = LedgerKey(source: "federation:\(request.senderTenant.rawValue)", eventID: request.requestID)
                guard try storage.insertLedgerEntry(key, at: receivedAt) else { return false }
                try self.apply(request, at: receivedAt, in: storage)
                return true
            }
            feedSignal.signal()
            if applied { try? await deliverDueEntries(limit: 16) }
            return applied
                ? FederationOutcome(status: .accepted, httpStatus: 200, reason: nil)
                : FederationOutcome(status: .duplicate, httpStatus: 200, reason: nil)
        } catch let error as ExternalTalkError where error.code == .denied || error.code == .invalidState {
            return FederationOutcome(status: .denied, httpStatus: 403, reason: error.message)
        } catch {
            logger.error("federation request could not be stored", metadata: ["error": "\(error)"])
            return FederationOutcome(status: .unavailable, httpStatus: 500, reason: "storage unavailable")
        }
    }

    var federationVerifier: FederationRequestVerifier {
        let verifiers = federationPeers
        return FederationRequestVerifier(localTenant: tenant) { verifiers[$0] }
    }

    private func apply(_ request: FederationRequest, at receivedAt: Timestamp, in storage: any TalkStorageWriter) throws
    {
        guard let member = request.to else {
            throw ExternalTalkError(.invalidArgument, "the request names no recipient")
        }
        let peer = request.from.id
        let peerParty = Party.workspaceUser(peer)
        let roomID = Self.workspaceRoomID(member: member, peer: peer)
        let time = Timestamp(millisecondsSinceEpoch: request.timestampMilliseconds)
        let policies = try self.policies(storage, peer: peer.tenant)
        let room = try storage.room(roomID)

        func save(_ changed: StoredRoom) throws {
            var changed = changed
            changed.updatedAt = receivedAt
            try storage.saveRoom(changed)
        }
        func existing() throws -> StoredRoom {
            guard let room else {
                throw ExternalTalkError(.invalidState, "no room between \(member) and \(peer)")
            }
            return room
        }

        switch request.kind {
        case .invitation(let invitation):
            // The peer's member adds ours (R08): judged with both tenants' policies (R04), as our side sees them.
            guard let method = invitation.method.workspaceAddMethod(invitedID: member) else {
                throw ExternalTalkError(.invalidArgument, "unknown invitation method \(invitation.method.wireName)")
            }
            let decision = TalkRules.decide(
                .memberAddsWorkspaceUser(method),
                actor: peerParty,
                target: .workspaceUser(member),
                policies: policies
            )
            if let denial = decision.denial { throw ExternalTalkError.denied(denial) }
            guard room == nil else {
                // Both sides invited each other: the second invitation adds the first.
                var crossed = try existing()
                if crossed.room.status.pendingRequest?.direction == .outgoing {
                    _ = try Self.roomStep { () throws(RoomError) -> RoomAction in try crossed.room.peerAccepted() }
                    try save(crossed)
                    try publish(.talkStarted, room: roomID, at: receivedAt, in: storage)
                }
                return
            }
            let created = StoredRoom(
                id: roomID,
                channel: nil,
                member: member,
                room: Room.incomingRequest(from: peerParty, method: method.requestMethod, at: time),
                createdAt: receivedAt
            )
            try save(created)
            try publish(.requestReceived(peer: peer.rawValue), room: roomID, at: receivedAt, in: storage)
        case .accept:
            var changed = try existing()
            _ = try Self.roomStep { () throws(RoomError) -> RoomAction in try changed.room.peerAccepted() }
            try registerContact(peerParty, for: member, at: receivedAt, in: storage)
            try save(changed)
            try publish(.talkStarted, room: roomID, at: receivedAt, in: storage)
        case .block:
            var changed = try existing()
            _ = try Self.roomStep { () throws(RoomError) -> RoomAction in try changed.room.peerBlocked() }
            try save(changed)
            try publish(
                .roomStatusChanged(status: changed.room.status.description),
                room: roomID,
                at: receivedAt,
                in: storage
            )
        case .unblock:
            var changed = try existing()
            _ = try Self.roomStep { () throws(RoomError) -> RoomAction in try changed.room.peerUnblocked() }
            try save(changed)
            try publish(
                .roomStatusChanged(status: changed.room.status.description),
                room: roomID,
                at: receivedAt,
                in: storage
            )
        case .read(let lastMessageID):
            // The peer read our messages up to one (R16).
            let changed = try existing()
            guard let read = try storage.message(TalkMessageID(lastMessageID)), read.room == roomID else {
                throw ExternalTalkError(.invalidArgument, "no message \(lastMessageID) in the room")
            }
            let count = try storage.markMessagesRead(
                room: roomID,
                direction: .outbound,
                through: read.sequence,
                at: time
            )
            if count > 0 {
                try publish(
                    .messagesRead(direction: .outbound, count: count),
                    room: changed.id,
                    at: receivedAt,
                    in: storage
                )
            }
        case .profile(let update):
            // The fields synced from the other side (R21): nickname, company name, photo.
            var book = try storage.addressBook(of: member) ?? AddressBook()
            guard let contact = book[peerParty] else { return }
            var synced = contact.synced
            if let nickname = update.nickname { synced.nickname = nickname.isEmpty ? nil : nickname }
            if let company = update.companyName { synced.companyName = company.isEmpty ? nil : company }
            if let photo = update.photoURL { synced.profilePhotoURL = photo.isEmpty ? nil : photo }
            do {
                try book.applySync(synced, for: peerParty)
            } catch {
                throw ExternalTalkError(.contact, error.message, underlying: error)
            }
            try storage.saveAddressBook(book, of: member)
            try publish(
                .contactChanged(member: member, party: peer.rawValue, change: "synced"),
                room: nil,
                at: receivedAt,
                in: storage
            )
        case .callInvitation(let invitation):
            let changed = try existing()
            let decision = TalkRules.decide(
                .startCall(invitation.kind, in: changed.room),
                actor: .workspaceUser(member),
                target: peerParty,
                policies: policies
            )
            if let denial = decision.denial { throw ExternalTalkError.denied(denial) }
            try publish(
                .callStarted(kind: invitation.kind == .voice ? "voice" : "video"),
                room: roomID,
                at: receivedAt,
                in: storage
            )
        case .message(let message):
            var changed = try existing()
            let action = changed.room.receive()
            var held: String?
            if case .keepInboundFlagged(let status) = action { held = status.description }
            var stored = StoredMessage(
                id: TalkMessageID("fed:\(peer.tenant.rawValue):\(message.messageID)"),
                room: roomID,
                channel: nil,
                direction: .inbound,
                sender: peerParty,
                sentAt: time,
                contentType: message.content.typeName,
                content: message.content.canonicalJSONBytes,
                text: message.content.summaryText,
                state: held.map { .held(reason: $0) } ?? .delivered
            )
            stored.externalID = message.messageID
            guard let inserted = try storage.insertMessage(stored) else { return }
            if let held {
                try publish(.messageHeld(inserted.id, reason: held), room: roomID, at: receivedAt, in: storage)
            } else {
                try publish(.messageReceived(inserted.id), room: roomID, at: receivedAt, in: storage)
                if changed.awaitingAnswerSince == nil { changed.awaitingAnswerSince = receivedAt }
            }
            try save(changed)
        default:
            try publish(.platformEvent(type: request.kind.typeName), room: room?.id, at: receivedAt, in: storage)
        }
    }

    func registerContact(
        _ party: Party,
        for member: MemberID,
        at time: Timestamp,
        in storage: any TalkStorageWriter
    )
        throws
    {
        var book = try storage.addressBook(of: member) ?? AddressBook()
        guard book[party] == nil else { return }
        do {
            try book.register(party, by: member, at: time)
        } catch {
            throw ExternalTalkError(.contact, "the contact cannot be registered", underlying: error)
        }
        try storage.saveAddressBook(book, of: member)
        try publish(
            .contactChanged(member: member, party: party.searchableID, change: "registered"),
            room: nil,
            at: time,
            in: storage
        )
    }

    // MARK: Inviting (R08)

    /// Our member invites a user of another tenant (R08), by exact ID search, QR code, invite link, phone-number
    /// search (only if the target allows being found by phone) or e-mail. A pending room appears on our side and
    /// the invitation goes to the peer tenant, which shows the request with **Add** and **Block** (R09).
    /// - Parameters:
    ///   - target: The user invited.
    ///   - method: How they were found.
    ///   - member: Our member.
    /// - Returns: The room's ID.
    /// - Throws: ``ExternalTalkError/Code/denied`` with the rule (R04, R07, R08).
    @discardableResult
    public func invite(
        _ target: MemberID,
        method: WorkspaceAddMethod,
        by member: MemberID
    ) async throws
        -> TalkRoomID
    {
        try await prepare()
        let time = now()
        let roomID = Self.workspaceRoomID(member: member, peer: target)
        try await storage.write { storage in
            let decision = TalkRules.decide(
                .memberAddsWorkspaceUser(method),
                actor: .workspaceUser(member),
                target: .workspaceUser(target),
                policies: try self.policies(storage, peer: target.tenant)
            )
            if let denial = decision.denial { throw ExternalTalkError.denied(denial) }
            guard self.federationPeers[target.tenant] != nil else {
                throw ExternalTalkError(.denied, "this tenant does not federate with \(target.tenant)", rule: .r04)
            }
            guard try storage.room(roomID) == nil else {
                throw ExternalTalkError(.invalidState, "\(member) and \(target) already have a room")
            }
            let model: Room
            do {
                model = try Room.outgoingRequest(to: .workspaceUser(target), method: method.requestMethod, at: time)
            } catch let error as RoomError {
                throw ExternalTalkError(.denied, error.message, underlying: error)
            }
            let room = StoredRoom(id: roomID, channel: nil, member: member, room: model, createdAt: time)
            try storage.saveRoom(room)
            try self.enqueueNotice(
                .invitation(FederationInvitationMethod(method)),
                in: room,
                from: member,
                at: time,
                storage: storage
            )
        }
        feedSignal.signal()
        try await deliverDueEntries(limit: 16)
        return roomID
    }

    /// Invites several users at once, as the browser client does by e-mail (R08): each is judged and invited on
    /// its own; one refusal does not stop the others.
    /// - Parameters:
    ///   - targets: The users invited.
    ///   - method: How, usually ``/TalkModel/WorkspaceAddMethod/emailInvitation``.
    ///   - member: Our member.
    /// - Returns: For each target, in order, its room or the error that refused it.
    public func invite(
        batch targets: [MemberID],
        method: WorkspaceAddMethod,
        by member: MemberID
    ) async
        -> [(target: MemberID, result: Result<TalkRoomID, ExternalTalkError>)]
    {
        var results: [(MemberID, Result<TalkRoomID, ExternalTalkError>)] = []
        for target in targets {
            do {
                results.append((target, .success(try await invite(target, method: method, by: member))))
            } catch let error as ExternalTalkError {
                results.append((target, .failure(error)))
            } catch {
                results.append((target, .failure(ExternalTalkError(.invalidArgument, "\(error)", underlying: error))))
            }
        }
        return results
    }

    // MARK: Profiles (R21)

    /// Our member's profile fields that other tenants sync into their address books (R21: nickname, company name,
    /// photo) changed: tells the peer tenant of every room where talk has started with them. The peers store the
    /// fields as synced, which their members cannot edit. A field left `nil` is unchanged; an empty string clears it.
    /// - Parameters:
    ///   - update: The changed fields.
    ///   - member: Our member.
    /// - Returns: How many peers were told (the notices ride the outbox, and are retried like messages).
    /// - Throws: A storage error.
    @discardableResult
    public func publishProfile(_ update: FederationProfileUpdate, of member: MemberID) async throws -> Int {
        try await prepare()
        let time = now()
        let count = try await storage.write { storage -> Int in
            var count = 0
            var cursor: TalkRoomID?
            while true {
                let page = try storage.rooms(after: cursor, limit: 500)
                for room in page where room.member == member && room.room.status.pendingRequest == nil {
                    guard case .workspaceUser = room.room.peer, Self.worksAddress(of: room.id) == nil else { continue }
                    try self.enqueueNotice(.profile(update), in: room, from: member, at: time, storage: storage)
                    count += 1
                }
                guard let last = page.last else { break }
                cursor = last.id
            }
            return count
        }
        if count > 0 { try? await deliverDueEntries(limit: max(16, count)) }
        return count
    }

    // MARK: Sending

    /// Stores a notice for the room's peer tenant in the outbox, in the caller's transaction.
    func enqueueNotice(
        _ notice: PeerNotice,
        in room: StoredRoom,
        from member: MemberID,
        at time: Timestamp,
        storage: any TalkStorageWriter
    ) throws {
        // A LINE WORKS bot carries messages only: its users see no accept, block or read notices.
        guard case .workspaceUser(let peer) = room.room.peer, Self.worksAddress(of: room.id) == nil else { return }
        let kind: FederationRequest.Kind
        switch notice {
        case .invitation(let method): kind = .invitation(FederationInvitation(method: method))
        case .accept: kind = .accept
        case .block: kind = .block
        case .unblock: kind = .unblock
        case .read(let last): kind = .read(lastMessageID: last)
        case .callInvitation(let call):
            kind = .callInvitation(FederationCallInvitation(kind: call, callID: LineRetryKey.random().rawValue))
        case .profile(let update): kind = .profile(update)
        }
        let requestID = LineRetryKey.random().rawValue
        let request = FederationRequest(
            requestID: requestID,
            timestampMilliseconds: time.millisecondsSinceEpoch,
            from: FederationMember(id: member),
            to: peer,
            room: Self.workspaceRoomID(member: peer, peer: member).rawValue,
            kind: kind
        )
        var entry = OutboxEntry(
            id: OutboxEntryID(requestID),
            message: TalkMessageID("notice:\(requestID)"),
            room: room.id,
            destination: .federation(peer: peer.tenant, member: peer),
            retryKey: requestID,
            createdAt: time
        )
        entry.replyStatus = .bypassed
        entry.payload = request.jsonBytes
        try storage.insertOutboxEntry(entry)
    }

    func deliverToPeer(
        _ entry: OutboxEntry,
        _ message: StoredMessage?,
        peer: TenantDomain,
        member: MemberID,
        at time: Timestamp
    ) async -> DeliveryOutcome {
        let request: FederationRequest
        if !entry.payload.isEmpty {
            do {
                request = try FederationRequest(jsonBytes: entry.payload)
            } catch {
                return DeliveryOutcome(result: .failed(code: "invalid-notice"), replyStatus: entry.replyStatus)
            }
        } else if let message, case .workspaceUser(let sender) = message.sender {
            let content: MessageContent
            do {
                content = try MessageContent(canonicalJSON: message.content, emojiCatalog: configuration.emojiCatalog)
            } catch {
                return DeliveryOutcome(result: .failed(code: "encoding"), replyStatus: entry.replyStatus)
            }
            request = FederationRequest(
                requestID: entry.retryKey,
                timestampMilliseconds: message.sentAt.millisecondsSinceEpoch,
                from: FederationMember(id: sender),
                to: member,
                room: Self.workspaceRoomID(member: member, peer: sender).rawValue,
                // The message ID the peer stores and reports read marks by is ours.
                kind: .message(FederationMessage(messageID: message.id.rawValue, content: content))
            )
        } else {
            return DeliveryOutcome(result: .failed(code: "invalid-entry"), replyStatus: entry.replyStatus)
        }
        do {
            let receipt = try await transport.deliver(request, to: peer)
            return DeliveryOutcome(result: .sent(requestIDs: [receipt.requestID], pushes: 0), replyStatus: .bypassed)
        } catch let error as TalkTransportError {
            switch error.code {
            case .duplicate:
                return DeliveryOutcome(
                    result: .sent(requestIDs: [request.requestID], pushes: 0),
                    replyStatus: .bypassed
                )
            case .rateLimited, .serverError, .timeout, .network, .invalidResponse:
                return DeliveryOutcome(result: .retry(code: "\(error.code)", after: nil), replyStatus: .bypassed)
            default:
                return DeliveryOutcome(result: .failed(code: "\(error.code)"), replyStatus: .bypassed)
            }
        } catch {
            return DeliveryOutcome(result: .retry(code: "interrupted", after: nil), replyStatus: .bypassed)
        }
    }
}
