import TalkModel
import Testing

@Suite struct TalkRulesTests {
    let alice: MemberID
    let carol: MemberID
    let lineUser: LineUser
    let policies: TalkPolicies

    init() throws {
        alice = try Fixtures.alice()
        carol = try Fixtures.carol()
        lineUser = try Fixtures.lineUser()
        let (ours, peer) = try Fixtures.bothTenants()
        policies = TalkPolicies([ours, peer])
    }

    func decide(_ action: TalkAction, _ actor: Party, _ target: Party, _ policies: TalkPolicies? = nil) -> Decision {
        TalkRules.decide(action, actor: actor, target: target, policies: policies ?? self.policies)
    }

    func activeLineRoom() throws -> Room {
        var room = Room.incomingRequest(from: .lineUser(lineUser), method: .lineFollow, at: Fixtures.start)
        _ = try room.accept()
        return room
    }

    func activeWorkspaceRoom() throws -> Room {
        var room = try Room.outgoingRequest(to: .workspaceUser(carol), method: .qrCode, at: Fixtures.start)
        _ = try room.peerAccepted()
        return room
    }

    // MARK: Connecting

    @Test func r06_lineUserAddsMemberByExactIDQRCodeOrInviteLink() {
        for method in [LineAddMethod.exactIDSearch(query: "alice@example.co.jp"), .qrCode, .inviteLink] {
            #expect(decide(.lineUserAddsMember(method), .lineUser(lineUser), .workspaceUser(alice)) == .allowed)
        }
    }

    @Test func r06_idSearchWithoutTheDomainFindsNobody() {
        let decision = decide(
            .lineUserAddsMember(.exactIDSearch(query: "alice")),
            .lineUser(lineUser),
            .workspaceUser(alice)
        )
        #expect(decision.denial?.reason == .idSearchNeedsWholeID)
        #expect(decision.denial?.rule == .r06)
    }

    @Test func r02_lineUserCannotAddMemberOffTheAllowedList() throws {
        let decision = decide(
            .lineUserAddsMember(.qrCode),
            .lineUser(lineUser),
            .workspaceUser(try Fixtures.member("dave@example.co.jp"))
        )
        #expect(decision.denial?.reason == .memberNotAllowed)
        #expect(decision.denial?.rule == .r02)
        #expect(decision.denial?.decidingTenant?.rawValue == Fixtures.ourTenant)
    }

    @Test func r01_disabledLineLinkStopsLineButNotWorkspaceTalk() throws {
        var ours = try #require(policies[alice.tenant])
        ours.lineLink.isEnabled = false
        var changed = policies
        changed[alice.tenant] = ours
        let line = decide(.lineUserAddsMember(.qrCode), .lineUser(lineUser), .workspaceUser(alice), changed)
        #expect(line.denial?.reason == .lineLinkDisabled)
        #expect(line.denial?.rule == .r01)
        let workspace = decide(.memberAddsWorkspaceUser(.qrCode), .workspaceUser(alice), .workspaceUser(carol), changed)
        #expect(workspace == .allowed)
    }

    @Test func r07_memberCannotAddLineUser() {
        let decision = decide(.memberAddsLineUser, .workspaceUser(alice), .lineUser(lineUser))
        #expect(decision.denial?.reason == .lineUserMustAddFirst)
        #expect(decision.denial?.rule == .r07)
        // Whatever the policy: even a free-plan tenant with everything on.
        let open = TalkPolicies([TenantPolicy(tenant: alice.tenant, plan: .free)])
        #expect(!decide(.memberAddsLineUser, .workspaceUser(alice), .lineUser(lineUser), open).isAllowed)
    }

    @Test func r07_memberCannotOpenARoomWithALineUser() {
        let error = #expect(throws: RoomError.self) {
            try Room.outgoingRequest(to: .lineUser(lineUser), method: .qrCode, at: Fixtures.start)
        }
        #expect(error?.code == .lineUserMustAddFirst)
    }

    @Test func r08_eitherSideMayStartByEveryMethod() {
        let methods: [WorkspaceAddMethod] = [.qrCode, .inviteLink, .emailInvitation]
        for method in methods {
            #expect(decide(.memberAddsWorkspaceUser(method), .workspaceUser(alice), .workspaceUser(carol)) == .allowed)
            #expect(decide(.memberAddsWorkspaceUser(method), .workspaceUser(carol), .workspaceUser(alice)) == .allowed)
        }
        let byID = decide(
            .memberAddsWorkspaceUser(.exactIDSearch(query: "carol@partner.jp")),
            .workspaceUser(alice),
            .workspaceUser(carol)
        )
        #expect(byID == .allowed)
        let byPrefix = decide(
            .memberAddsWorkspaceUser(.exactIDSearch(query: "carol")),
            .workspaceUser(alice),
            .workspaceUser(carol)
        )
        #expect(byPrefix.denial?.reason == .idSearchNeedsWholeID)
    }

    @Test func r08_phoneSearchNeedsTheTargetsConsent() throws {
        let denied = decide(.memberAddsWorkspaceUser(.phoneNumberSearch), .workspaceUser(alice), .workspaceUser(carol))
        #expect(denied.denial?.reason == .phoneSearchNotConsented)
        #expect(denied.denial?.decidingTenant == carol.tenant)
        var consenting = policies
        consenting[carol.tenant]?.setPhoneDiscoverable(carol, consents: true)
        #expect(
            decide(
                .memberAddsWorkspaceUser(.phoneNumberSearch),
                .workspaceUser(alice),
                .workspaceUser(carol),
                consenting
            ) == .allowed
        )
    }

    @Test func r08_browserClientInvitesSeveralAtOnce() throws {
        let dave = try Fixtures.member("dave@partner.jp")
        let results = TalkRules.decideInvitations(
            from: alice,
            to: [carol, dave],
            method: .emailInvitation,
            policies: policies
        )
        #expect(results.map(\.target) == [carol, dave])
        #expect(results[0].decision == .allowed)
        #expect(results[1].decision.denial?.reason == .memberNotAllowed)
        #expect(results[1].decision.denial?.decidingTenant == carol.tenant)
    }

    @Test func r04_workspaceTalkNeedsBothTenantsAndBothUsers() throws {
        let add = TalkAction.memberAddsWorkspaceUser(.qrCode)
        #expect(decide(add, .workspaceUser(alice), .workspaceUser(carol)) == .allowed)

        var peerOff = policies
        peerOff[carol.tenant]?.workspaceLink.isEnabled = false
        let offDecision = decide(add, .workspaceUser(alice), .workspaceUser(carol), peerOff)
        #expect(offDecision.denial?.reason == .workspaceLinkDisabled)
        #expect(offDecision.denial?.rule == .r04)
        #expect(offDecision.denial?.decidingTenant == carol.tenant)

        var peerDisallows = policies
        peerDisallows[carol.tenant]?.workspaceLink.allowedMembers = .nobody
        #expect(
            decide(add, .workspaceUser(alice), .workspaceUser(carol), peerDisallows).denial?.reason == .memberNotAllowed
        )

        var oursDisallows = policies
        oursDisallows[alice.tenant]?.workspaceLink.allowedMembers.remove(alice)
        let ours = decide(add, .workspaceUser(alice), .workspaceUser(carol), oursDisallows)
        #expect(ours.denial?.decidingTenant == alice.tenant)
    }

    @Test func r04_eachTenantDecidesWithItsOwnPeerList() throws {
        var ourACL = policies
        ourACL[alice.tenant]?.peerTenants = PeerTenantACL(deny: [try DomainPattern("*.jp")])
        let denied = decide(.memberAddsWorkspaceUser(.qrCode), .workspaceUser(alice), .workspaceUser(carol), ourACL)
        #expect(denied.denial?.reason == .peerTenantNotPermitted)
        #expect(denied.denial?.rule == .r04)
        #expect(denied.denial?.decidingTenant == alice.tenant)

        var theirACL = policies
        theirACL[carol.tenant]?.peerTenants = PeerTenantACL(allow: [try DomainPattern("trusted.example")])
        let theirs = decide(.memberAddsWorkspaceUser(.qrCode), .workspaceUser(alice), .workspaceUser(carol), theirACL)
        #expect(theirs.denial?.decidingTenant == carol.tenant)
    }

    @Test func r04_unknownPeerPolicyFailsClosedUnlessDeferredToThatTenant() throws {
        let onlyOurs = TalkPolicies([try #require(policies[alice.tenant])])
        let closed = decide(.memberAddsWorkspaceUser(.qrCode), .workspaceUser(alice), .workspaceUser(carol), onlyOurs)
        #expect(closed.denial?.reason == .unknownTenantPolicy)
        var deferred = onlyOurs
        deferred.missingTenant = .deferToTenant
        #expect(
            decide(.memberAddsWorkspaceUser(.qrCode), .workspaceUser(alice), .workspaceUser(carol), deferred)
                == .allowed
        )
    }

    @Test func sameTenantIsNotExternalTalk() throws {
        let decision = decide(
            .memberAddsWorkspaceUser(.qrCode),
            .workspaceUser(alice),
            .workspaceUser(try Fixtures.bob())
        )
        #expect(decision.denial?.reason == .notExternal)
    }

    @Test func r09_requestCanBeAddedOrBlockedOnlyWhilePending() throws {
        let pending = Room.incomingRequest(from: .lineUser(lineUser), method: .lineFollow, at: Fixtures.start)
        #expect(decide(.acceptRequest(in: pending), .workspaceUser(alice), .lineUser(lineUser)) == .allowed)
        #expect(decide(.block(in: pending), .workspaceUser(alice), .lineUser(lineUser)) == .allowed)
        let active = try activeLineRoom()
        #expect(
            decide(.acceptRequest(in: active), .workspaceUser(alice), .lineUser(lineUser)).denial?.reason
                == .requestNotPending
        )
        let send = decide(.send(.text, in: pending), .workspaceUser(alice), .lineUser(lineUser))
        #expect(send.denial?.reason == .requestPending)
        #expect(send.denial?.rule == .r09)
    }

    // MARK: Talking

    @Test func r05_disabledLinkMakesSendingDenied() throws {
        let room = try activeLineRoom()
        #expect(decide(.send(.text, in: room), .workspaceUser(alice), .lineUser(lineUser)) == .allowed)
        var off = policies
        off[alice.tenant]?.lineLink.isEnabled = false
        let decision = decide(.send(.text, in: room), .workspaceUser(alice), .lineUser(lineUser), off)
        #expect(decision.denial?.reason == .lineLinkDisabled)
        #expect(decision.denial?.rule == .r05)
        var readOnly = room
        _ = try readOnly.restrict(.memberNotAllowed)
        let restricted = decide(.send(.text, in: readOnly), .workspaceUser(alice), .lineUser(lineUser))
        #expect(restricted.denial?.reason == .roomReadOnly)
        #expect(restricted.denial?.rule == .r05)
    }

    @Test func r11_blockedRoomDeniesSending() throws {
        var room = try activeWorkspaceRoom()
        _ = try room.block()
        let ours = decide(.send(.text, in: room), .workspaceUser(alice), .workspaceUser(carol))
        #expect(ours.denial?.reason == .blockedByUs)
        #expect(ours.denial?.rule == .r11)
        #expect(decide(.block(in: room), .workspaceUser(alice), .workspaceUser(carol)).denial?.reason == .blockedByUs)
        _ = try room.unblock()
        _ = try room.peerBlocked()
        #expect(
            decide(.send(.text, in: room), .workspaceUser(alice), .workspaceUser(carol)).denial?.reason
                == .blockedByPeer
        )
    }

    @Test func r15_officialAccountChatNeedsTheUserToWriteFirst() {
        var room = Room.officialAccountChat(with: lineUser)
        let before = decide(.send(.text, in: room), .workspaceUser(alice), .lineUser(lineUser))
        #expect(before.denial?.reason == .lineUserHasNotWritten)
        #expect(before.denial?.rule == .r15)
        #expect(room.receive() == .deliverInbound)
        #expect(decide(.send(.text, in: room), .workspaceUser(alice), .lineUser(lineUser)) == .allowed)
    }

    @Test func r18_lineUsersGetTextStickersImagesVideoAudioAndLocationButNoFiles() throws {
        let room = try activeLineRoom()
        for kind in [MessageContentKind.text, .sticker, .image, .video, .audio, .location] {
            #expect(decide(.send(kind, in: room), .workspaceUser(alice), .lineUser(lineUser)) == .allowed)
        }
        for kind in [MessageContentKind.file, MessageContentKind(rawValue: "pdf")] {
            let decision = decide(.send(kind, in: room), .workspaceUser(alice), .lineUser(lineUser))
            #expect(decision.denial?.reason == .contentNotSendableToLine)
            #expect(decision.denial?.rule == .r18)
        }
        let workspaceRoom = try activeWorkspaceRoom()
        #expect(decide(.send(.file, in: workspaceRoom), .workspaceUser(alice), .workspaceUser(carol)) == .allowed)
    }

    @Test func externalFilesSwitchIsConsultedOnBothSides() throws {
        let room = try activeWorkspaceRoom()
        var peerNoFiles = policies
        peerNoFiles[carol.tenant]?.allowsExternalFiles = false
        let decision = decide(.send(.file, in: room), .workspaceUser(alice), .workspaceUser(carol), peerNoFiles)
        #expect(decision.denial?.reason == .externalFilesDisabled)
        #expect(decision.denial?.decidingTenant == carol.tenant)
        #expect(decide(.send(.text, in: room), .workspaceUser(alice), .workspaceUser(carol), peerNoFiles) == .allowed)
    }

    @Test func r12_sendingReachesOnlyTheRoomsOnePeer() throws {
        let room = try activeWorkspaceRoom()
        let other = try Fixtures.member("dave@partner.jp")
        let decision = decide(.send(.text, in: room), .workspaceUser(alice), .workspaceUser(other))
        #expect(decision.denial?.reason == .notRoomPeer)
        #expect(decision.denial?.rule == .r12)
    }

    @Test func r12_externalUsersStayOutOfGroupRoomsByDefault() throws {
        #expect(decide(.addToGroupRoom, .workspaceUser(alice), .workspaceUser(try Fixtures.bob())) == .allowed)
        let workspace = decide(.addToGroupRoom, .workspaceUser(alice), .workspaceUser(carol))
        #expect(workspace.denial?.reason == .externalUsersNotInGroupRooms)
        #expect(workspace.denial?.rule == .r12)
        let line = decide(.addToGroupRoom, .workspaceUser(alice), .lineUser(lineUser))
        #expect(line.denial?.reason == .externalUsersNotInGroupRooms)
    }

    @Test func r12_groupRoomsWithWorkspaceUsersNeedBothTenantsToOptInAndNeverLineUsers() {
        var oneSide = policies
        oneSide[alice.tenant]?.allowsExternalUsersInGroupRooms = true
        #expect(
            decide(.addToGroupRoom, .workspaceUser(alice), .workspaceUser(carol), oneSide).denial?.decidingTenant
                == carol.tenant
        )
        var bothSides = oneSide
        bothSides[carol.tenant]?.allowsExternalUsersInGroupRooms = true
        #expect(decide(.addToGroupRoom, .workspaceUser(alice), .workspaceUser(carol), bothSides) == .allowed)
        #expect(!decide(.addToGroupRoom, .workspaceUser(alice), .lineUser(lineUser), bothSides).isAllowed)
    }

    @Test func r13_callsWithWorkspaceUsersNeverWithLineUsers() throws {
        let workspaceRoom = try activeWorkspaceRoom()
        let lineRoom = try activeLineRoom()
        for kind in CallKind.allCases {
            #expect(
                decide(.startCall(kind, in: workspaceRoom), .workspaceUser(alice), .workspaceUser(carol)) == .allowed
            )
            let line = decide(.startCall(kind, in: lineRoom), .workspaceUser(alice), .lineUser(lineUser))
            #expect(line.denial?.reason == .callsNotAvailableWithLineUsers)
            #expect(line.denial?.rule == .r13)
        }
    }

    @Test func r30_deletedChannelRoomCannotBeBlockedOrSentTo() throws {
        var room = try activeLineRoom()
        _ = try room.restrict(.channelDeleted)
        #expect(decide(.block(in: room), .workspaceUser(alice), .lineUser(lineUser)).denial?.reason == .channelDeleted)
        let send = decide(.send(.text, in: room), .workspaceUser(alice), .lineUser(lineUser))
        #expect(send.denial?.reason == .channelDeleted)
        #expect(send.denial?.rule == .r30)
    }

    @Test func denialsExplainWhoCannotReachWhomAndWhy() throws {
        var off = policies
        off[carol.tenant]?.workspaceLink.isEnabled = false
        let denial = try #require(
            decide(.memberAddsWorkspaceUser(.qrCode), .workspaceUser(alice), .workspaceUser(carol), off).denial
        )
        #expect(
            denial.explanation
                == "alice@example.co.jp cannot add carol@partner.jp: the admin of partner.jp has not enabled the external-workspace link (R04)."
        )
        #expect(denial.description.hasSuffix("[workspace-link-disabled, R04]"))
    }

    @Test func wrongPartiesAreDeniedNotTrapped() {
        let decision = decide(.lineUserAddsMember(.qrCode), .workspaceUser(alice), .workspaceUser(carol))
        #expect(decision.denial?.reason == .invalidParties)
        #expect(decision.denial?.rule == nil)
    }
}
