/// An external 1:1 room and its add/block state machine (R05, R09, R11, R15, R30).
///
/// A room starts as a pending request (someone added someone, R09) or, for a shared Official
/// Account's 1:1 chat, as active. Restrictions (blocks, disabled links, disabled or deleted
/// channels, a deleted contact) stack on top of that state; lifting the last one returns the room to
/// exactly the request or active state it had before the first.
///
/// Every event is a `mutating` method that returns a ``RoomAction`` for the caller to perform, or
/// throws a ``RoomError`` and leaves the room unchanged. The room performs no I/O.
///
/// ```swift
/// var room = Room.incomingRequest(from: .lineUser(user), method: .lineFollow, at: clock.now())
/// _ = try room.accept()                 // .startTalk(notifyPeer: false)
/// _ = try room.peerBlocked()            // LINE `unfollow`
/// room.receive()                        // .keepInboundFlagged(...) - kept, never dropped
/// _ = try room.peerUnblocked()          // LINE `follow` with `isUnblocked: true`
/// ```
public struct Room: Sendable, Hashable {
    /// The kind of room.
    public let kind: RoomKind
    /// The party on the other side.
    public let peer: Party
    /// Whether the peer has written at least one message; in an Official Account chat we may write
    /// only after they have (R15).
    public private(set) var peerHasWritten: Bool

    private var state: State

    private enum State: Hashable {
        case pending(RoomRequest)
        case active
        /// At least one restriction holds; `underlying` is where lifting them all returns to.
        case restricted(Underlying, Set<RoomRestriction>)
    }

    private enum Underlying: Hashable {
        case pending(RoomRequest)
        case active
    }

    private init(kind: RoomKind, peer: Party, state: State) {
        self.kind = kind
        self.peer = peer
        self.state = state
        self.peerHasWritten = false
    }

    // MARK: Creating rooms

    /// The room that appears on our side when a peer adds our member (R06, R08, R09).
    ///
    /// It waits for the member to choose **Add** (``accept()``) or **Block** (``block()``).
    /// - Parameters:
    ///   - peer: Who added us: a LINE user (``RequestMethod/lineFollow``) or an external workspace user.
    ///   - method: How they added us.
    ///   - time: When.
    /// - Returns: A pending room.
    public static func incomingRequest(from peer: Party, method: RequestMethod, at time: Timestamp) -> Room {
        let request = RoomRequest(direction: .incoming, method: method, requestedAt: time)
        return Room(kind: peer.lineUser == nil ? .externalWorkspace : .lineFriend, peer: peer, state: .pending(request))
    }

    /// The room on our side when our member adds an external workspace user (R08).
    /// - Parameters:
    ///   - peer: The workspace user added.
    ///   - method: How they were found.
    ///   - time: When.
    /// - Returns: A pending room waiting for the peer's ``peerAccepted()``.
    /// - Throws: ``RoomError`` with ``RoomError/Code/lineUserMustAddFirst`` when `peer` is a LINE user
    ///   (R07: a member can never add a LINE user first).
    public static func outgoingRequest(
        to peer: Party,
        method: RequestMethod,
        at time: Timestamp
    ) throws(RoomError) -> Room {
        guard case .workspaceUser = peer else {
            throw RoomError(
                .lineUserMustAddFirst,
                "a member cannot add a LINE user; the LINE user must add the member first (R07)"
            )
        }
        let request = RoomRequest(direction: .outgoing, method: method, requestedAt: time)
        return Room(kind: .externalWorkspace, peer: peer, state: .pending(request))
    }

    /// The 1:1 chat room of a shared Official Account with a LINE user, active from the start.
    ///
    /// Operators can write only once the user has written (R15); see ``send(_:)``.
    /// - Parameter user: The LINE user.
    /// - Returns: An active room.
    public static func officialAccountChat(with user: LineUser) -> Room {
        Room(kind: .officialAccountChat, peer: .lineUser(user), state: .active)
    }

    // MARK: Reading the state

    /// The current status: an open request, if any, and the restrictions in force.
    public var status: RoomStatus {
        switch state {
        case .pending(let request): RoomStatus(pendingRequest: request, restrictions: [])
        case .active: RoomStatus(pendingRequest: nil, restrictions: [])
        case .restricted(.pending(let request), let restrictions):
            RoomStatus(pendingRequest: request, restrictions: restrictions)
        case .restricted(.active, let restrictions): RoomStatus(pendingRequest: nil, restrictions: restrictions)
        }
    }

    /// Whether a message may be sent now (active, and for an Official Account chat, after the user wrote, R15).
    public var canSend: Bool { status.isActive && (kind != .officialAccountChat || peerHasWritten) }

    /// Whether the history may be forwarded elsewhere: not after the channel was deleted (R30) nor
    /// while the contact is deleted (R22).
    public var canForwardHistory: Bool {
        let restrictions = status.restrictions
        return !restrictions.contains(.channelDeleted) && !restrictions.contains(.contactDeleted)
    }

    // MARK: Requests (R09)

    /// Our member chooses **Add** on an incoming request; talk starts (R09).
    /// - Returns: ``RoomAction/startTalk(notifyPeer:)``, notifying workspace peers.
    /// - Throws: ``RoomError`` when there is no incoming request, or the room is restricted.
    public mutating func accept() throws(RoomError) -> RoomAction {
        let request = try openRequest(event: "add")
        guard request.direction == .incoming else {
            throw RoomError(.notIncoming, "only the side that received the request can add it (R09)")
        }
        state = .active
        return .startTalk(notifyPeer: kind == .externalWorkspace)
    }

    /// The peer added our outgoing request; talk starts (R08, R09).
    /// - Returns: ``RoomAction/startTalk(notifyPeer:)`` without a notice.
    /// - Throws: ``RoomError`` when there is no outgoing request, or the room is restricted.
    public mutating func peerAccepted() throws(RoomError) -> RoomAction {
        let request = try openRequest(event: "peer accepted")
        guard request.direction == .outgoing else {
            throw RoomError(.notOutgoing, "the peer cannot accept a request the peer made")
        }
        state = .active
        return .startTalk(notifyPeer: false)
    }

    private func openRequest(event: String) throws(RoomError) -> RoomRequest {
        switch state {
        case .pending(let request):
            return request
        case .restricted(.pending, let restrictions):
            let reasons = restrictions.sorted().map(\.description).joined(separator: ", ")
            throw RoomError(.roomRestricted, "cannot \(event) while \(reasons)")
        case .active, .restricted(.active, _):
            throw RoomError(.notPending, "cannot \(event): the room has no pending request (R09)")
        }
    }

    // MARK: Blocks (R09, R11)

    /// Our member blocks the peer, from a pending request (R09) or an active room (R11).
    /// - Returns: The new status; workspace peers are to be notified.
    /// - Throws: ``RoomError`` when already blocked by us, or the channel is deleted (R30).
    public mutating func block() throws(RoomError) -> RoomAction { try restrict(.blockedByUs) }

    /// Our member lifts their block (R11).
    /// - Returns: The new status; workspace peers are to be notified.
    /// - Throws: ``RoomError`` when not blocked by us, or the channel is deleted (R30).
    public mutating func unblock() throws(RoomError) -> RoomAction { try lift(.blockedByUs) }

    /// The peer blocked us: a LINE `unfollow`, or a block notice from the peer's tenant (R11).
    /// - Returns: The new status.
    /// - Throws: ``RoomError`` when already blocked by the peer.
    public mutating func peerBlocked() throws(RoomError) -> RoomAction { try restrict(.blockedByPeer) }

    /// The peer lifted their block: a LINE `follow` with `isUnblocked: true`, or an unblock notice (R11).
    /// - Returns: The new status.
    /// - Throws: ``RoomError`` when the peer had not blocked us.
    public mutating func peerUnblocked() throws(RoomError) -> RoomAction { try lift(.blockedByPeer) }

    // MARK: Restrictions (R05, R11, R22, R30)

    /// Puts a restriction in force, on top of any others.
    /// - Parameter restriction: The cause, such as ``RoomRestriction/linkDisabled`` when the admin turns
    ///   the link off (R05).
    /// - Returns: ``RoomAction/statusChanged(_:notifyPeer:)`` with the new status.
    /// - Throws: ``RoomError`` when the restriction is already in force, does not apply to this kind of
    ///   room, or is a block after the channel was deleted (R30).
    public mutating func restrict(_ restriction: RoomRestriction) throws(RoomError) -> RoomAction {
        try checkApplicable(restriction, event: "restrict")
        var (underlying, restrictions) = split()
        guard !restrictions.contains(restriction) else {
            throw RoomError(.alreadyRestricted, "the room is already restricted: \(restriction)")
        }
        restrictions.insert(restriction)
        state = .restricted(underlying, restrictions)
        return .statusChanged(status, notifyPeer: notifiesPeer(restriction))
    }

    /// Lifts one restriction; when it was the last, the room returns to its request or active state.
    /// - Parameter restriction: The cause that ended, such as ``RoomRestriction/linkDisabled`` when the
    ///   admin turns the link back on (R05).
    /// - Returns: ``RoomAction/statusChanged(_:notifyPeer:)`` with the new status.
    /// - Throws: ``RoomError`` when the restriction is not in force, or cannot be lifted
    ///   (``RoomRestriction/channelDeleted``, and unblocking after it, R30).
    public mutating func lift(_ restriction: RoomRestriction) throws(RoomError) -> RoomAction {
        try checkApplicable(restriction, event: "lift")
        var (underlying, restrictions) = split()
        guard restrictions.contains(restriction) else {
            throw RoomError(.notRestricted, "the room is not restricted by: \(restriction)")
        }
        guard restriction != .channelDeleted else {
            throw RoomError(.irreversible, "a deleted channel cannot be restored (R30)")
        }
        restrictions.remove(restriction)
        if restrictions.isEmpty {
            switch underlying {
            case .pending(let request): state = .pending(request)
            case .active: state = .active
            }
        } else {
            state = .restricted(underlying, restrictions)
        }
        return .statusChanged(status, notifyPeer: notifiesPeer(restriction))
    }

    private func checkApplicable(_ restriction: RoomRestriction, event: String) throws(RoomError) {
        if restriction.requiresLineRoom, !kind.isLine {
            throw RoomError(.notApplicable, "cannot \(event) '\(restriction)': the room is not with a LINE user")
        }
        if restriction == .blockedByUs, status.restrictions.contains(.channelDeleted) {
            throw RoomError(
                .cannotBlock,
                "the channel is deleted; its rooms can no longer be blocked or unblocked (R30)"
            )
        }
    }

    private func split() -> (Underlying, Set<RoomRestriction>) {
        switch state {
        case .pending(let request): (.pending(request), [])
        case .active: (.active, [])
        case .restricted(let underlying, let restrictions): (underlying, restrictions)
        }
    }

    private func notifiesPeer(_ restriction: RoomRestriction) -> Bool {
        restriction == .blockedByUs && kind == .externalWorkspace
    }

    // MARK: Messages

    /// A message from the peer arrived.
    ///
    /// It is delivered only when the room is active. Otherwise it is kept in history, flagged with
    /// the status that held it back: never delivered while pending (R09) or blocked (R11), never
    /// dropped while read-only (R05, R30). It also records that the peer has written (R15).
    /// - Returns: ``RoomAction/deliverInbound`` or ``RoomAction/keepInboundFlagged(_:)``.
    public mutating func receive() -> RoomAction {
        peerHasWritten = true
        let status = self.status
        return status.isActive ? .deliverInbound : .keepInboundFlagged(status)
    }

    /// Our side wants to send a message.
    /// - Parameter content: What kind of content it is.
    /// - Returns: ``RoomAction/sendToPeer``.
    /// - Throws: ``RoomError`` with ``RoomError/Code/cannotSend`` when the room is pending (R09), blocked
    ///   (R11) or read-only (R05, R30), or is an Official Account chat the user has not written in yet
    ///   (R15); ``RoomError/Code/unsupportedContent`` for content a LINE user cannot receive (R18).
    public func send(_ content: MessageContentKind) throws(RoomError) -> RoomAction {
        let status = self.status
        if !status.restrictions.isEmpty {
            let reasons = status.restrictions.sorted().map { "\($0) (\($0.rule))" }.joined(separator: ", ")
            throw RoomError(.cannotSend, "nothing can be sent while \(reasons)")
        }
        if status.pendingRequest != nil {
            throw RoomError(.cannotSend, "nothing can be sent before the request is added (R09)")
        }
        if kind == .officialAccountChat, !peerHasWritten {
            throw RoomError(.cannotSend, "the LINE user has not written yet; chat starts after they do (R15)")
        }
        if kind.isLine, !content.isSendableToLine {
            throw RoomError(.unsupportedContent, "'\(content)' cannot be sent to a LINE user (R18)")
        }
        return .sendToPeer
    }
}

// MARK: Snapshots

extension Room {
    /// The room's whole state as plain data, to store it and restore it with ``init(restoring:)``.
    public var snapshot: RoomSnapshot {
        let status = self.status
        return RoomSnapshot(
            kind: kind,
            peer: peer,
            peerHasWritten: peerHasWritten,
            pendingRequest: status.pendingRequest,
            restrictions: status.restrictions
        )
    }

    /// Restores a room from a snapshot, refusing states that no sequence of events produces.
    ///
    /// The restored room equals the room the snapshot was taken from and takes every later event the same way.
    /// - Parameter snapshot: A snapshot, usually from ``snapshot`` and storage.
    /// - Throws: ``RoomError`` with ``RoomError/Code/invalidSnapshot`` when the peer is not of the room's kind, an
    ///   Official Account chat has a request (it is active from the start), a LINE friend room has an outgoing
    ///   request (R07), or a channel restriction is on a room without a LINE user (R30).
    public init(restoring snapshot: RoomSnapshot) throws(RoomError) {
        // Messages name kinds and restrictions only, never the peer: its ID can be personal data.
        guard snapshot.kind.isLine == (snapshot.peer.kind == .lineUser) else {
            throw RoomError(
                .invalidSnapshot,
                "a \(snapshot.kind) room cannot have a \(snapshot.peer.kind) peer"
            )
        }
        if let request = snapshot.pendingRequest {
            guard snapshot.kind != .officialAccountChat else {
                throw RoomError(
                    .invalidSnapshot,
                    "an Official Account chat is active from the start and never has a pending request"
                )
            }
            guard snapshot.kind != .lineFriend || request.direction == .incoming else {
                throw RoomError(
                    .invalidSnapshot,
                    "a LINE friend room has no outgoing request: a member cannot add a LINE user first (R07)"
                )
            }
        }
        if !snapshot.kind.isLine, let restriction = snapshot.restrictions.sorted().first(where: \.requiresLineRoom) {
            throw RoomError(
                .invalidSnapshot,
                "'\(restriction)' applies only to rooms with a LINE user (R30)"
            )
        }
        let state: State
        switch (snapshot.pendingRequest, snapshot.restrictions.isEmpty) {
        case (let request?, true): state = .pending(request)
        case (nil, true): state = .active
        case (let request?, false): state = .restricted(.pending(request), snapshot.restrictions)
        case (nil, false): state = .restricted(.active, snapshot.restrictions)
        }
        self.init(kind: snapshot.kind, peer: snapshot.peer, state: state)
        self.peerHasWritten = snapshot.peerHasWritten
    }
}

// MARK: Stored format

extension Room: Codable {
    /// Decodes a room stored as its ``RoomSnapshot``, checked by ``init(restoring:)``.
    ///
    /// The stored format is stable and is exactly ``RoomSnapshot``'s.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when the snapshot cannot be decoded, and `DecodingError.dataCorrupted` with the
    ///   ``RoomError`` as underlying error when it describes an impossible room.
    public init(from decoder: any Decoder) throws {
        let snapshot = try RoomSnapshot(from: decoder)
        do {
            try self.init(restoring: snapshot)
        } catch {
            throw StoredFormat.impossible(decoder, "stored room: \(error.message)", underlying: error)
        }
    }

    /// Encodes the room as its ``snapshot``, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try snapshot.encode(to: encoder)
    }
}
