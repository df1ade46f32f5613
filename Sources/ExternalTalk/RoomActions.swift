import Logging
public import TalkModel
public import TalkStorage
import TalkTransport

extension ExternalTalkService {
    // MARK: Reading rooms and messages

    /// A stored room.
    /// - Parameter id: The room's ID.
    /// - Returns: The room, or `nil`.
    /// - Throws: A storage error.
    public func room(_ id: TalkRoomID) async throws -> StoredRoom? {
        try await storage.read { try $0.room(id) }
    }

    /// Stored rooms in ID order, a page at a time.
    /// - Parameters:
    ///   - cursor: Only rooms whose ID sorts after this one; `nil` to start.
    ///   - limit: The most to return.
    /// - Returns: The rooms.
    /// - Throws: A storage error.
    public func rooms(after cursor: TalkRoomID? = nil, limit: Int = 100) async throws -> [StoredRoom] {
        try await storage.read { try $0.rooms(after: cursor, limit: limit) }
    }

    /// The room between a channel and a LINE user, if they have one.
    /// - Parameters:
    ///   - channel: The channel.
    ///   - user: The LINE user.
    /// - Returns: The room, or `nil`.
    /// - Throws: A storage error.
    public func room(channel: LineChannelID, user: LineUserID) async throws -> StoredRoom? {
        try await room(Self.lineRoomID(channel: channel, user: user))
    }

    /// A stored message.
    /// - Parameter id: The message's ID.
    /// - Returns: The message, or `nil`.
    /// - Throws: A storage error.
    public func message(_ id: TalkMessageID) async throws -> StoredMessage? {
        try await storage.read { try $0.message(id) }
    }

    /// A room's messages in order, a page at a time.
    /// - Parameters:
    ///   - room: The room.
    ///   - sequence: Only messages after this sequence number; 0 to start.
    ///   - limit: The most to return.
    /// - Returns: The messages.
    /// - Throws: A storage error.
    public func messages(
        in room: TalkRoomID,
        after sequence: Int64 = 0,
        limit: Int = 100
    ) async throws
        -> [StoredMessage]
    {
        try await storage.read { try $0.messages(in: .room(room), after: sequence, limit: limit) }
    }

    // MARK: Requests and blocks (R09, R11)

    /// The member chooses **Add** on a pending request: talk starts (R09).
    /// - Parameters:
    ///   - roomID: The room with the request.
    ///   - member: The member who received it.
    /// - Throws: ``ExternalTalkError``: ``ExternalTalkError/Code/denied`` when the rules refuse (a disabled link,
    ///   R05), ``ExternalTalkError/Code/invalidState`` when there is no incoming request.
    public func accept(_ roomID: TalkRoomID, by member: MemberID) async throws {
        try await prepare()
        let time = now()
        try await changeRoom(roomID, by: member, at: time) { room, storage in
            let decision = TalkRules.decide(
                .acceptRequest(in: room.room),
                actor: .workspaceUser(member),
                target: room.room.peer,
                policies: try self.policies(storage, peer: room.room.peer.tenant)
            )
            if let denial = decision.denial { throw ExternalTalkError.denied(denial) }
            let action = try Self.roomStep { () throws(RoomError) -> RoomAction in try room.room.accept() }
            // An added LINE user goes to the member's address book, under "external users" (R10).
            var book = try storage.addressBook(of: member) ?? AddressBook()
            if book[room.room.peer] == nil {
                do {
                    try book.register(room.room.peer, by: member, at: time)
                } catch {
                    throw ExternalTalkError(.contact, "the contact cannot be registered", underlying: error)
                }
                try storage.saveAddressBook(book, of: member)
                try self.publish(
                    .contactChanged(member: member, party: room.room.peer.searchableID, change: "registered"),
                    room: room.id,
                    at: time,
                    in: storage
                )
            }
            try self.publish(.talkStarted, room: room.id, at: time, in: storage)
            if case .startTalk(notifyPeer: true) = action {
                try self.enqueueNotice(.accept, in: room, from: member, at: time, storage: storage)
            }
        }
    }

    /// The member blocks the other party, from a pending request (R09) or an active room (R11). Their messages are
    /// kept, flagged, and not delivered.
    /// - Parameters:
    ///   - roomID: The room.
    ///   - member: Our member.
    /// - Throws: ``ExternalTalkError``.
    public func block(_ roomID: TalkRoomID, by member: MemberID) async throws {
        try await prepare()
        let time = now()
        try await changeRoom(roomID, by: member, at: time) { room, storage in
            let decision = TalkRules.decide(
                .block(in: room.room),
                actor: .workspaceUser(member),
                target: room.room.peer,
                policies: try self.policies(storage, peer: room.room.peer.tenant)
            )
            if let denial = decision.denial { throw ExternalTalkError.denied(denial) }
            let action = try Self.roomStep { () throws(RoomError) -> RoomAction in try room.room.block() }
            try self.publish(
                .roomStatusChanged(status: room.room.status.description),
                room: room.id,
                at: time,
                in: storage
            )
            if case .statusChanged(_, notifyPeer: true) = action {
                try self.enqueueNotice(.block, in: room, from: member, at: time, storage: storage)
            }
        }
    }

    /// The member lifts their block (R11).
    /// - Parameters:
    ///   - roomID: The room.
    ///   - member: Our member.
    /// - Throws: ``ExternalTalkError``: ``ExternalTalkError/Code/invalidState`` when not blocked by us, or the
    ///   channel is deleted (R30).
    public func unblock(_ roomID: TalkRoomID, by member: MemberID) async throws {
        try await prepare()
        let time = now()
        try await changeRoom(roomID, by: member, at: time) { room, storage in
            let action = try Self.roomStep { () throws(RoomError) -> RoomAction in try room.room.unblock() }
            try self.publish(
                .roomStatusChanged(status: room.room.status.description),
                room: room.id,
                at: time,
                in: storage
            )
            if case .statusChanged(_, notifyPeer: true) = action {
                try self.enqueueNotice(.unblock, in: room, from: member, at: time, storage: storage)
            }
        }
    }

    /// Marks the room's inbound messages read, up to a message or all of them (R16), and tells the peer: LINE
    /// through the messages' mark-as-read tokens, a peer tenant with a read notice.
    /// - Parameters:
    ///   - roomID: The room.
    ///   - member: Our member reading.
    ///   - message: The last message read; `nil` for everything stored.
    /// - Returns: How many messages became read.
    /// - Throws: ``ExternalTalkError``.
    @discardableResult
    public func markRead(
        _ roomID: TalkRoomID,
        by member: MemberID,
        through message: TalkMessageID? = nil
    ) async throws
        -> Int
    {
        try await prepare()
        let time = now()
        let (count, tokens) = try await storage.write { storage -> (Int, [String]) in
            let room = try self.room(roomID, in: storage)
            try self.checkMember(member, mayActIn: room)
            let through: Int64
            if let message {
                guard let stored = try storage.message(message), stored.room == roomID else {
                    throw ExternalTalkError(.notFound, "no message \(message) in room \(roomID)")
                }
                through = stored.sequence
            } else {
                through = Int64.max
            }
            // The token of the newest unread message: LINE marks everything before it read too. A peer tenant is
            // told the newest message's own ID.
            var newestToken: String?
            var newestExternalID: String?
            var cursor: Int64 = 0
            while true {
                let page = try storage.messages(in: .room(roomID), after: cursor, limit: 500)
                for stored in page
                where stored.sequence <= through && stored.direction == .inbound && stored.readAt == nil {
                    if let token = stored.markAsReadToken { newestToken = token }
                    if let id = stored.externalID { newestExternalID = id }
                }
                guard let last = page.last, last.sequence < through, page.count == 500 else { break }
                cursor = last.sequence
            }
            let count = try storage.markMessagesRead(room: roomID, direction: .inbound, through: through, at: time)
            if count > 0 {
                try self.publish(.messagesRead(direction: .inbound, count: count), room: roomID, at: time, in: storage)
                if case .workspaceUser = room.room.peer, let newestExternalID {
                    try self.enqueueNotice(
                        .read(lastMessageID: newestExternalID),
                        in: room,
                        from: member,
                        at: time,
                        storage: storage
                    )
                }
            }
            return (count, newestToken.map { [$0] } ?? [])
        }
        if count > 0 {
            feedSignal.signal()
            // A peer tenant's read notice goes out now, like the other notices; the outbox retries it if not.
            try? await deliverDueEntries(limit: 16)
        }
        if let channel = try await self.room(roomID)?.channel {
            for token in tokens {
                do {
                    _ = try await transport.markAsRead(token: token, channel: channel)
                } catch {
                    // Read marks on LINE are best effort; ours are stored either way.
                    logger.notice(
                        "mark-as-read on LINE failed",
                        metadata: ["channel": "\(channel)", "error": "\(error)"]
                    )
                }
            }
        }
        return count
    }

    /// Starts a voice or video call: possible with external workspace users only, never with LINE users (R13).
    /// - Parameters:
    ///   - kind: Voice or video.
    ///   - roomID: The room.
    ///   - member: Our member calling.
    /// - Throws: ``ExternalTalkError/Code/denied`` with rule R13 for a LINE user.
    public func startCall(_ kind: CallKind, in roomID: TalkRoomID, by member: MemberID) async throws {
        try await prepare()
        let time = now()
        try await changeRoom(roomID, by: member, at: time) { room, storage in
            let decision = TalkRules.decide(
                .startCall(kind, in: room.room),
                actor: .workspaceUser(member),
                target: room.room.peer,
                policies: try self.policies(storage, peer: room.room.peer.tenant)
            )
            if let denial = decision.denial { throw ExternalTalkError.denied(denial) }
            if Self.worksAddress(of: room.id) != nil {
                throw ExternalTalkError(.unsupportedContent, "a LINE WORKS bot cannot carry a call; call in LINE WORKS")
            }
            let name = kind == .voice ? "voice" : "video"
            try self.publish(.callStarted(kind: name), room: room.id, at: time, in: storage)
            try self.enqueueNotice(.callInvitation(kind), in: room, from: member, at: time, storage: storage)
        }
    }

    /// Answers "why can't X reach Y?" without acting: the rules' decision with the policies in force.
    /// - Parameters:
    ///   - action: What X wants to do.
    ///   - actor: X.
    ///   - target: Y.
    /// - Returns: The decision; a denial carries its reason, rule and admin sentence.
    /// - Throws: A storage error.
    public func explain(_ action: TalkAction, actor: Party, target: Party) async throws -> Decision {
        try await prepare()
        let peer = actor.tenant == tenant ? target.tenant : actor.tenant
        return try await storage.read { storage in
            TalkRules.decide(action, actor: actor, target: target, policies: try self.policies(storage, peer: peer))
        }
    }

    // MARK: Shared

    /// Runs a room change in one transaction and wakes feed readers after it commits.
    func changeRoom(
        _ roomID: TalkRoomID,
        by member: MemberID,
        at time: Timestamp,
        _ change: @Sendable @escaping (inout StoredRoom, any TalkStorageWriter) throws -> Void
    ) async throws {
        try await storage.write { storage in
            var room = try self.room(roomID, in: storage)
            try self.checkMember(member, mayActIn: room)
            try change(&room, storage)
            room.updatedAt = time
            try storage.saveRoom(room)
        }
        feedSignal.signal()
        try await deliverDueEntries(limit: 16)
    }

    /// Whether our member may act in a room: its own room, or a shared desk's chat they operate.
    func checkMember(_ member: MemberID, mayActIn room: StoredRoom) throws {
        if let owner = room.member {
            guard owner == member else { throw ExternalTalkError(.denied, "the room belongs to another member") }
            return
        }
        guard let channelID = room.channel, let channel = channels[channelID],
            channel.configuration.channel.operators.contains(member)
        else {
            throw ExternalTalkError(.denied, "\(member) is not an operator of this account", rule: .r17)
        }
    }

    /// Runs a room state-machine step, turning its refusal into ``ExternalTalkError/Code/invalidState``.
    static func roomStep(_ step: () throws(RoomError) -> RoomAction) throws -> RoomAction {
        do {
            return try step()
        } catch {
            throw ExternalTalkError(.invalidState, error.message, underlying: error)
        }
    }

    /// Attempts every outbox entry that is due now.
    func deliverDueEntries(limit: Int) async throws {
        let time = now()
        let due = try await storage.read { try $0.dueOutboxEntries(at: time, limit: limit) }
        for entry in due { await attemptDelivery(entry.id) }
    }
}
