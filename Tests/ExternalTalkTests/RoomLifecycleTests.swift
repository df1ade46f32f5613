import ExternalTalk
import TalkModel
import TalkStorage
import TalkTesting
import TalkWire
import Testing

@Suite("Requests, blocks and calls")
struct RoomLifecycleTests {
    @Test func r09_r10_followMakesAPendingRequestThatTalksOnlyAfterAdd() async throws {
        let engine = try await EngineHarness()
        let user = engine.line.addUser(displayName: "Aiko")

        let followed = await engine.deliver(try engine.line.follow(user, channel: engine.personal))
        #expect(followed.status == .accepted)
        #expect(followed.applied == 1)
        let roomID = try await engine.roomID(engine.personal, user)
        let pending = try await engine.room(roomID)
        #expect(pending.member == engine.alice)
        #expect(pending.room.status.pendingRequest?.direction == .incoming)
        #expect(pending.room.status.phase == .pending)
        #expect(try await engine.kinds() == [.requestReceived(peer: user.rawValue)])

        // Before Add: kept, held, not delivered; and nothing can be sent yet.
        try await engine.write("are you there?", from: user, on: engine.personal)
        let early = try await engine.lastMessage(roomID)
        #expect(early.direction == .inbound)
        #expect(early.text == "are you there?")
        #expect(early.state.heldReason != nil, "a message before Add must be held, not \(early.state)")
        #expect(try await engine.kinds().last?.heldReason != nil)
        let beforeAdd = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.send(.text(TextContent("hi")), to: roomID, as: .member(engine.alice))
        }
        #expect(beforeAdd?.code == .denied)
        #expect(beforeAdd?.rule == .r09)
        #expect(try await engine.service.contacts(of: engine.alice).isEmpty)

        // Add: talk starts and the LINE user is filed in alice's address book (R10).
        let cursor = try await engine.lastCursor()
        try await engine.service.accept(roomID, by: engine.alice)
        #expect(try await engine.room(roomID).room.status.isActive)
        let party = try engine.party(user)
        let addKinds = try await engine.kinds(after: cursor)
        #expect(addKinds.contains(.talkStarted))
        #expect(addKinds.contains(.contactChanged(member: engine.alice, party: user.rawValue, change: "registered")))
        let contacts = try await engine.service.contacts(of: engine.alice)
        #expect(contacts.map(\.party) == [party])
        #expect(contacts.first?.kind == .lineUser)
        #expect(contacts.first?.registeredBy == engine.alice)
        #expect(try await engine.service.contacts(of: engine.bob).isEmpty)

        // After Add: delivered.
        try await engine.write("hello!", from: user, on: engine.personal)
        let later = try await engine.lastMessage(roomID)
        #expect(later.state == .delivered)
        #expect(try await engine.kinds().last == .messageReceived(later.id))
    }

    @Test func r09_onlyTheOwnerMayAddTheRequest() async throws {
        let engine = try await EngineHarness()
        let user = engine.line.addUser(displayName: "Aiko")
        _ = await engine.deliver(try engine.line.follow(user, channel: engine.personal))
        let roomID = try await engine.roomID(engine.personal, user)
        let error = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.accept(roomID, by: engine.bob)
        }
        #expect(error?.code == .denied)
        #expect(try await engine.room(roomID).room.status.pendingRequest != nil)
        try await engine.service.accept(roomID, by: engine.alice)
        let twice = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.accept(roomID, by: engine.alice)
        }
        #expect(twice?.code == .denied)
    }

    @Test func r11_blockHoldsMessagesUnblockDeliversAndUnfollowBlocksUntilReFollow() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()

        try await engine.service.block(roomID, by: engine.alice)
        #expect(try await engine.room(roomID).room.status.phase == .blockedByUs)
        try await engine.write("blocked?", from: user, on: engine.personal)
        let held = try await engine.lastMessage(roomID)
        let reason = try #require(held.state.heldReason, "a blocked party's message must be held")
        #expect(reason.contains("blocked"))
        #expect(try await engine.kinds().last == .messageHeld(held.id, reason: reason))

        try await engine.service.unblock(roomID, by: engine.alice)
        #expect(try await engine.room(roomID).room.status.isActive)
        try await engine.write("and now?", from: user, on: engine.personal)
        let delivered = try await engine.lastMessage(roomID)
        #expect(delivered.state == .delivered)
        #expect(try await engine.kinds().last == .messageReceived(delivered.id))

        // The user blocks the account: LINE sends `unfollow`.
        let cursor = try await engine.lastCursor()
        _ = await engine.deliver(try engine.line.unfollow(user, channel: engine.personal))
        let blocked = try await engine.room(roomID)
        #expect(blocked.room.status.restrictions == [.blockedByPeer])
        #expect(blocked.room.status.phase == .blockedByPeer)
        let statusEvents = try await engine.kinds(after: cursor)
        #expect(statusEvents == [.roomStatusChanged(status: blocked.room.status.description)])
        let denied = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.send(.text(TextContent("still there?")), to: roomID, as: .member(engine.alice))
        }
        #expect(denied?.code == .denied)
        #expect(denied?.rule == .r11)

        // The user unblocks the account: a `follow` with `isUnblocked`, which lifts the block.
        _ = await engine.deliver(try engine.line.follow(user, channel: engine.personal))
        #expect(try await engine.room(roomID).room.status.isActive)
        let receipt = try await engine.service.send(
            .text(TextContent("welcome back")),
            to: roomID,
            as: .member(engine.alice)
        )
        #expect(receipt.state == .sent)
        #expect(engine.line.messages(deliveredTo: user).last?.texts == ["welcome back"])
    }

    @Test func r13_callsWithLineUsersAreDenied() async throws {
        let engine = try await EngineHarness()
        let (_, roomID) = try await engine.friendOfAlice()
        let cursor = try await engine.lastCursor()
        for kind in CallKind.allCases {
            let error = await #expect(throws: ExternalTalkError.self) {
                try await engine.service.startCall(kind, in: roomID, by: engine.alice)
            }
            #expect(error?.code == .denied)
            #expect(error?.rule == .r13)
            #expect(error?.denial?.reason == .callsNotAvailableWithLineUsers)
        }
        #expect(try await engine.kinds(after: cursor).isEmpty)
    }

    @Test func r16_markReadMarksTheMessagesReadHereAndOnLine() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        let first = try engine.line.sendText("one", from: user, channel: engine.personal)
        let second = try engine.line.sendText("two", from: user, channel: engine.personal)
        _ = await engine.deliver(first)
        _ = await engine.deliver(second)

        let count = try await engine.service.markRead(roomID, by: engine.alice)

        #expect(count == 2)
        #expect(try await engine.messages(roomID).allSatisfy { $0.readAt != nil })
        #expect(try await engine.kinds().last == .messagesRead(direction: .inbound, count: 2))
        // LINE marks everything up to the newest message read, with the newest message's token.
        let newest = try #require(second.events.first?.messageID)
        #expect(engine.line.messagesMarkedAsRead(channel: engine.personal).contains(newest))
        #expect(try await engine.service.markRead(roomID, by: engine.alice) == 0)
    }
}
