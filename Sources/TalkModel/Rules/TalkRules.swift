/// The federation rules as one pure decision function: who may add, accept, block, send to, call and
/// group whom.
///
/// ``decide(_:actor:target:policies:)`` reads nothing but its arguments. A denial carries a
/// machine-readable ``DenialReason``, the ``RuleID`` behind it and a sentence an admin can read
/// ("why can't X reach Y?"). In workspace-to-workspace actions both tenants' policies are consulted,
/// each side with its own (R04).
///
/// Decided for R12: external rooms are 1:1 by construction (a ``Room`` has exactly one peer). LINE
/// users never join group rooms. External workspace users join a group room only when *both* tenants
/// turned ``TenantPolicy/allowsExternalUsersInGroupRooms`` on, which is off by default; with the
/// defaults, R12 holds as written.
public enum TalkRules: Sendable {
    /// Decides whether `actor` may perform `action` on `target`.
    /// - Parameters:
    ///   - action: What the actor wants to do; room actions carry the room.
    ///   - actor: Who acts (see each ``TalkAction`` case for who that is).
    ///   - target: Whom the action is aimed at.
    ///   - policies: The tenant policies to consult.
    /// - Returns: ``Decision/allowed``, or ``Decision/denied(_:)`` with the first reason found.
    public static func decide(
        _ action: TalkAction,
        actor: Party,
        target: Party,
        policies: TalkPolicies
    ) -> Decision {
        let context = Context(actor: actor, target: target, action: action, policies: policies)
        if let denial = context.firstDenial() { return .denied(denial) }
        return .allowed
    }

    /// Decides several invitations from one member at once, as the browser client sends them (R08).
    /// - Parameters:
    ///   - actor: The inviting member.
    ///   - targets: The users invited, in order.
    ///   - method: How they are invited, usually ``WorkspaceAddMethod/emailInvitation``.
    ///   - policies: The tenant policies to consult.
    /// - Returns: One decision per target, in the order given.
    public static func decideInvitations(
        from actor: MemberID,
        to targets: [MemberID],
        method: WorkspaceAddMethod,
        policies: TalkPolicies
    ) -> [(target: MemberID, decision: Decision)] {
        targets.map { target in
            (
                target,
                decide(
                    .memberAddsWorkspaceUser(method),
                    actor: .workspaceUser(actor),
                    target: .workspaceUser(target),
                    policies: policies
                )
            )
        }
    }
}

extension TalkRules {
    /// One decision in progress: the parties, the action and the policies, with helpers that build
    /// denials whose sentences name both parties.
    fileprivate struct Context {
        let actor: Party
        let target: Party
        let action: TalkAction
        let policies: TalkPolicies

        func firstDenial() -> Denial? {
            switch action {
            case .lineUserAddsMember(let method): lineUserAddsMember(method)
            case .memberAddsLineUser:
                deny(
                    .lineUserMustAddFirst,
                    .r07,
                    nil,
                    "a member can never add a LINE user first; the LINE user must add the member"
                )
            case .memberAddsWorkspaceUser(let method): memberAddsWorkspaceUser(method)
            case .acceptRequest(let room): acceptRequest(room)
            case .block(let room): block(room)
            case .send(let content, let room): send(content, room)
            case .startCall(_, let room): startCall(room)
            case .addToGroupRoom: addToGroupRoom()
            }
        }

        // MARK: Actions

        private func lineUserAddsMember(_ method: LineAddMethod) -> Denial? {
            guard case .lineUser = actor, case .workspaceUser(let member) = target else {
                return invalidParties("a LINE user adding a member")
            }
            if let denial = side(member, link: .lineUser, peerTenant: nil, rule: nil) { return denial }
            if case .exactIDSearch(let query) = method, !member.matchesExactSearch(query) {
                return deny(
                    .idSearchNeedsWholeID,
                    .r06,
                    nil,
                    "an ID search finds a member only by the whole ID including '@\(member.tenant)'"
                )
            }
            return nil
        }

        private func memberAddsWorkspaceUser(_ method: WorkspaceAddMethod) -> Denial? {
            guard case .workspaceUser(let member) = actor, case .workspaceUser(let other) = target else {
                return invalidParties("a member adding a workspace user")
            }
            if let denial = bothSides(member, other) { return denial }
            switch method {
            case .exactIDSearch(let query) where !other.matchesExactSearch(query):
                return deny(
                    .idSearchNeedsWholeID,
                    .r08,
                    nil,
                    "an ID search finds a user only by the whole ID including '@\(other.tenant)'"
                )
            case .phoneNumberSearch:
                if let policy = policies[other.tenant], !policy.phoneDiscoverableMembers.contains(other) {
                    return deny(
                        .phoneSearchNotConsented,
                        .r08,
                        other.tenant,
                        "\(other) has not agreed to be found by phone number"
                    )
                }
                return nil
            default:
                return nil
            }
        }

        private func acceptRequest(_ room: Room) -> Denial? {
            guard case .workspaceUser(let member) = actor else { return invalidParties("adding a request") }
            if let denial = roomPeer(room) { return denial }
            guard let request = room.status.pendingRequest, request.direction == .incoming else {
                return deny(.requestNotPending, .r09, nil, "there is no incoming request to add")
            }
            if let denial = restrictions(of: room) { return denial }
            return linkSides(member, rule: .r05)
        }

        private func block(_ room: Room) -> Denial? {
            guard case .workspaceUser = actor else { return invalidParties("blocking") }
            if let denial = roomPeer(room) { return denial }
            let restrictions = room.status.restrictions
            if restrictions.contains(.channelDeleted) {
                return deny(
                    .channelDeleted,
                    .r30,
                    nil,
                    "the Official Account channel is deleted, so nothing can be blocked"
                )
            }
            if restrictions.contains(.blockedByUs) {
                return deny(.blockedByUs, .r11, nil, "the other party is already blocked")
            }
            return nil
        }

        private func send(_ content: MessageContentKind, _ room: Room) -> Denial? {
            guard case .workspaceUser(let member) = actor else { return invalidParties("sending") }
            if let denial = roomPeer(room) { return denial }
            if let denial = restrictions(of: room) { return denial }
            if room.status.pendingRequest != nil {
                return deny(.requestPending, .r09, nil, "the request has not been added yet")
            }
            if let denial = linkSides(member, rule: .r05) { return denial }
            if room.kind == .officialAccountChat, !room.peerHasWritten {
                return deny(
                    .lineUserHasNotWritten,
                    .r15,
                    nil,
                    "in an Official Account chat the LINE user has to write first"
                )
            }
            if room.kind.isLine, !content.isSendableToLine {
                return deny(
                    .contentNotSendableToLine,
                    .r18,
                    nil,
                    "LINE users can receive text, stickers, images and video, not '\(content)'"
                )
            }
            if content.isFile {
                for tenant in [member.tenant, target.tenant].compactMap({ $0 }) {
                    if let policy = policies[tenant], !policy.allowsExternalFiles {
                        return deny(
                            .externalFilesDisabled,
                            nil,
                            tenant,
                            "\(tenant) does not allow files in external talk"
                        )
                    }
                }
            }
            return nil
        }

        private func startCall(_ room: Room) -> Denial? {
            guard case .workspaceUser(let member) = actor else { return invalidParties("calling") }
            if let denial = roomPeer(room) { return denial }
            if case .lineUser = target {
                return deny(
                    .callsNotAvailableWithLineUsers,
                    .r13,
                    nil,
                    "voice and video calls are possible with external workspace users only, never with LINE users"
                )
            }
            if let denial = restrictions(of: room) { return denial }
            if room.status.pendingRequest != nil {
                return deny(.requestPending, .r09, nil, "the request has not been added yet")
            }
            return linkSides(member, rule: .r05)
        }

        private func addToGroupRoom() -> Denial? {
            guard case .workspaceUser(let member) = actor else { return invalidParties("adding to a group room") }
            switch target {
            case .lineUser:
                return deny(
                    .externalUsersNotInGroupRooms,
                    .r12,
                    nil,
                    "rooms with LINE users are 1:1 only; a LINE user cannot join a group room"
                )
            case .workspaceUser(let other):
                guard other.tenant != member.tenant else { return nil }
                if let denial = bothSides(member, other) { return denial }
                for tenant in [member.tenant, other.tenant] {
                    if let policy = policies[tenant], !policy.allowsExternalUsersInGroupRooms {
                        return deny(
                            .externalUsersNotInGroupRooms,
                            .r12,
                            tenant,
                            "rooms with external users are 1:1 only, and \(tenant) has not allowed external users in group rooms"
                        )
                    }
                }
                return nil
            }
        }

        // MARK: Shared checks

        /// The policy checks of a room's link: LINE for LINE rooms, both tenants for workspace rooms.
        private func linkSides(_ member: MemberID, rule: RuleID) -> Denial? {
            switch target {
            case .lineUser:
                side(member, link: .lineUser, peerTenant: nil, rule: rule)
            case .workspaceUser(let other):
                bothSides(member, other, rule: rule)
            }
        }

        /// R04: both tenants' workspace links enabled, both users allowed, each tenant permitting the other.
        private func bothSides(_ member: MemberID, _ other: MemberID, rule: RuleID? = nil) -> Denial? {
            guard member.tenant != other.tenant else {
                return deny(.notExternal, .r04, nil, "both users are in \(member.tenant); that is not external talk")
            }
            return side(member, link: .workspaceUser, peerTenant: other.tenant, rule: rule ?? .r04)
                ?? side(other, link: .workspaceUser, peerTenant: member.tenant, rule: rule ?? .r04)
        }

        /// One tenant's half of a decision, decided with that tenant's own policy.
        /// - Parameter rule: The rule to cite instead of R01/R02, such as R04 or R05.
        private func side(_ member: MemberID, link kind: PartyKind, peerTenant: TenantDomain?, rule: RuleID?) -> Denial?
        {
            let tenant = member.tenant
            guard let policy = policies[tenant] else {
                switch policies.missingTenant {
                case .deferToTenant:
                    return nil
                case .deny:
                    return deny(
                        .unknownTenantPolicy,
                        rule ?? .r01,
                        tenant,
                        "no external-talk policy is known for \(tenant), so it is treated as disabled"
                    )
                }
            }
            let link = policy.link(for: kind)
            let linkName = kind == .lineUser ? "LINE link" : "external-workspace link"
            guard link.isEnabled else {
                return deny(
                    kind == .lineUser ? .lineLinkDisabled : .workspaceLinkDisabled,
                    rule ?? .r01,
                    tenant,
                    "the admin of \(tenant) has not enabled the \(linkName)"
                )
            }
            guard link.allowedMembers.contains(member) else {
                return deny(
                    .memberNotAllowed,
                    rule ?? .r02,
                    tenant,
                    "\(member) is not on the allowed list of the \(linkName) of \(tenant)"
                )
            }
            if let peerTenant, !policy.peerTenants.permits(peerTenant) {
                return deny(
                    .peerTenantNotPermitted,
                    rule ?? .r04,
                    tenant,
                    "the admin of \(tenant) does not permit external talk with \(peerTenant)"
                )
            }
            return nil
        }

        private func roomPeer(_ room: Room) -> Denial? {
            guard room.peer == target else {
                return deny(.notRoomPeer, .r12, nil, "the target is not the one other party of this 1:1 room")
            }
            return nil
        }

        /// The room's restrictions, most fundamental first.
        private func restrictions(of room: Room) -> Denial? {
            let restrictions = room.status.restrictions
            let order: [(RoomRestriction, DenialReason)] = [
                (.contactDeleted, .contactDeleted),
                (.channelDeleted, .channelDeleted),
                (.channelDisabled, .channelDisabled),
                (.blockedByUs, .blockedByUs),
                (.blockedByPeer, .blockedByPeer),
                (.linkDisabled, .roomReadOnly),
                (.memberNotAllowed, .roomReadOnly),
                (.peerUnavailable, .roomReadOnly),
            ]
            for (restriction, reason) in order where restrictions.contains(restriction) {
                return deny(reason, restriction.rule, nil, "the room is restricted: \(restriction)")
            }
            return nil
        }

        private func invalidParties(_ what: String) -> Denial {
            deny(.invalidParties, nil, nil, "the parties do not fit \(what)")
        }

        private func deny(_ reason: DenialReason, _ rule: RuleID?, _ tenant: TenantDomain?, _ because: String) -> Denial
        {
            let ruleText = rule.map { " (\($0))" } ?? ""
            return Denial(
                reason: reason,
                rule: rule,
                decidingTenant: tenant,
                explanation: "\(actor) cannot \(verb) \(target): \(because)\(ruleText)."
            )
        }

        private var verb: String {
            switch action {
            case .lineUserAddsMember, .memberAddsLineUser, .memberAddsWorkspaceUser: "add"
            case .acceptRequest: "add the request of"
            case .block: "block"
            case .send(let content, _): "send \(content) to"
            case .startCall(let kind, _): kind == .voice ? "start a voice call with" : "start a video call with"
            case .addToGroupRoom: "put into a group room"
            }
        }
    }
}
