import TalkModel
import Testing

@Suite struct RoomTests {
    let lineUser: LineUser
    let carol: MemberID

    init() throws {
        lineUser = try Fixtures.lineUser()
        carol = try Fixtures.carol()
    }

    func pendingLineRoom() -> Room {
        Room.incomingRequest(from: .lineUser(lineUser), method: .lineFollow, at: Fixtures.start)
    }

    @Test func r09_incomingRequestWaitsForAddBeforeTalkStarts() throws {
        var room = pendingLineRoom()
        let request = try #require(room.status.pendingRequest)
        #expect(request.direction == .incoming)
        #expect(request.method == .lineFollow)
        #expect(request.requestedAt == Fixtures.start)
        #expect(room.status.phase == .pending)
        #expect(!room.canSend)
        #expect(room.receive() == .keepInboundFlagged(room.status))
        #expect(throws: RoomError.self) { try room.send(.text) }
        #expect(try room.accept() == .startTalk(notifyPeer: false))
        #expect(room.status.phase == .active)
        #expect(room.receive() == .deliverInbound)
        #expect(try room.send(.text) == .sendToPeer)
    }

    @Test func r09_blockOnAPendingRequestAndUnblockReturnsToThePendingRequest() throws {
        var room = pendingLineRoom()
        let before = room
        #expect(try room.block() == .statusChanged(room.status, notifyPeer: false))
        #expect(room.status.phase == .blockedByUs)
        let error = #expect(throws: RoomError.self) { try room.accept() }
        #expect(error?.code == .roomRestricted)
        _ = try room.unblock()
        #expect(room == before)
    }

    @Test func r09_onlyTheReceivingSideAddsAndOnlyTheAskingSideLearnsOfIt() throws {
        var outgoing = try Room.outgoingRequest(to: .workspaceUser(carol), method: .exactIDSearch, at: Fixtures.start)
        #expect(outgoing.status.pendingRequest?.direction == .outgoing)
        #expect((#expect(throws: RoomError.self) { try outgoing.accept() })?.code == .notIncoming)
        #expect(try outgoing.peerAccepted() == .startTalk(notifyPeer: false))
        var incoming = Room.incomingRequest(from: .workspaceUser(carol), method: .qrCode, at: Fixtures.start)
        #expect((#expect(throws: RoomError.self) { try incoming.peerAccepted() })?.code == .notOutgoing)
        #expect(try incoming.accept() == .startTalk(notifyPeer: true))
        #expect((#expect(throws: RoomError.self) { try incoming.accept() })?.code == .notPending)
    }

    @Test func r11_blockedPartysMessagesAreKeptButNotDelivered() throws {
        var room = pendingLineRoom()
        _ = try room.accept()
        _ = try room.block()
        guard case .keepInboundFlagged(let status) = room.receive() else {
            Issue.record("a blocked party's message must not be delivered")
            return
        }
        #expect(status.restrictions == [.blockedByUs])
        #expect(status.isHistoryVisible)
        #expect((#expect(throws: RoomError.self) { try room.send(.text) })?.code == .cannotSend)
    }

    @Test func r11_blockCanBeLifted() throws {
        var room = try Room.outgoingRequest(to: .workspaceUser(carol), method: .qrCode, at: Fixtures.start)
        _ = try room.peerAccepted()
        let active = room
        guard case .statusChanged(_, notifyPeer: true) = try room.block() else {
            Issue.record("blocking a workspace user must tell their tenant")
            return
        }
        #expect((#expect(throws: RoomError.self) { try room.block() })?.code == .alreadyRestricted)
        _ = try room.unblock()
        #expect(room == active)
        #expect((#expect(throws: RoomError.self) { try room.unblock() })?.code == .notRestricted)
    }

    @Test func r11_lineUnfollowAndRefollowWithIsUnblockedRestoreTheRoom() throws {
        var room = pendingLineRoom()
        _ = try room.accept()
        let active = room
        _ = try room.peerBlocked()
        #expect(room.status.phase == .blockedByPeer)
        _ = try room.peerUnblocked()
        #expect(room == active)
    }

    @Test func r05_linkDisabledRoomIsReadOnlyKeepsInboundAndComesBack() throws {
        var room = pendingLineRoom()
        _ = try room.accept()
        let active = room
        _ = try room.restrict(.linkDisabled)
        #expect(room.status.phase == .readOnly)
        #expect(room.status.isHistoryVisible)
        #expect(room.receive() == .keepInboundFlagged(room.status))
        #expect(throws: RoomError.self) { try room.send(.text) }
        _ = try room.lift(.linkDisabled)
        #expect(room.status == active.status)
        #expect(try room.send(.text) == .sendToPeer)
    }

    @Test func r05_stackedCausesLiftOneByOne() throws {
        var room = pendingLineRoom()
        _ = try room.accept()
        _ = try room.peerBlocked()
        _ = try room.restrict(.linkDisabled)
        _ = try room.restrict(.memberNotAllowed)
        _ = try room.peerUnblocked()
        #expect(room.status.phase == .readOnly)
        _ = try room.lift(.linkDisabled)
        #expect(room.status.restrictions == [.memberNotAllowed])
        _ = try room.lift(.memberNotAllowed)
        #expect(room.status.phase == .active)
    }

    @Test func r30_disabledChannelCanBeReenabledDeletedChannelCannot() throws {
        var room = Room.officialAccountChat(with: lineUser)
        _ = room.receive()
        _ = try room.restrict(.channelDisabled)
        #expect(room.status.phase == .readOnly)
        _ = try room.lift(.channelDisabled)
        #expect(room.canSend)
        _ = try room.restrict(.channelDeleted)
        #expect(room.status.isHistoryVisible)
        #expect(!room.canForwardHistory)
        #expect((#expect(throws: RoomError.self) { try room.lift(.channelDeleted) })?.code == .irreversible)
        #expect((#expect(throws: RoomError.self) { try room.block() })?.code == .cannotBlock)
        #expect((#expect(throws: RoomError.self) { try room.send(.text) })?.code == .cannotSend)
    }

    @Test func r30_channelRestrictionsDoNotApplyToWorkspaceRooms() throws {
        var room = Room.incomingRequest(from: .workspaceUser(carol), method: .inviteLink, at: Fixtures.start)
        let before = room
        #expect((#expect(throws: RoomError.self) { try room.restrict(.channelDisabled) })?.code == .notApplicable)
        #expect(room == before)
    }

    @Test func r15_officialAccountChatOpensOnlyAfterTheUserWrites() throws {
        var room = Room.officialAccountChat(with: lineUser)
        #expect(room.status.phase == .active)
        #expect(!room.peerHasWritten)
        let error = #expect(throws: RoomError.self) { try room.send(.text) }
        #expect(error?.code == .cannotSend)
        #expect(error?.message.contains("R15") == true)
        #expect(room.receive() == .deliverInbound)
        #expect(try room.send(.text) == .sendToPeer)
    }

    @Test func r18_roomRefusesFilesToLineUsers() throws {
        var room = pendingLineRoom()
        _ = try room.accept()
        #expect((#expect(throws: RoomError.self) { try room.send(.file) })?.code == .unsupportedContent)
        #expect(try room.send(.sticker) == .sendToPeer)
    }

    @Test func r22_deletedContactHidesHistoryUntilRestored() throws {
        var room = pendingLineRoom()
        _ = try room.accept()
        _ = try room.restrict(.contactDeleted)
        #expect(room.status.phase == .hidden)
        #expect(!room.status.isHistoryVisible)
        #expect(!room.canForwardHistory)
        _ = try room.lift(.contactDeleted)
        #expect(room.status.isHistoryVisible)
    }

    @Test func failedEventsLeaveTheRoomUnchanged() throws {
        var room = pendingLineRoom()
        _ = try room.restrict(.channelDeleted)
        let before = room
        #expect(throws: RoomError.self) { try room.lift(.channelDeleted) }
        #expect(throws: RoomError.self) { try room.accept() }
        #expect(throws: RoomError.self) { try room.block() }
        #expect(throws: RoomError.self) { try room.restrict(.channelDeleted) }
        #expect(room == before)
    }
}
