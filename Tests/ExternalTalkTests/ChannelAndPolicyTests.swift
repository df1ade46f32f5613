import ExternalTalk
import TalkModel
import TalkStorage
import TalkTesting
import TalkWire
import Testing

@Suite("Channel states and the admin policy")
struct ChannelAndPolicyTests {
    @Test func r30_disabledChannelHoldsAndRefusesUntilEnabledAndDeletionIsFinal() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        try await engine.write("before", from: user, on: engine.personal)

        try await engine.service.disableChannel(engine.personal)
        #expect(try await engine.room(roomID).room.status.restrictions == [.channelDisabled])
        try await engine.write("while disabled", from: user, on: engine.personal)
        let held = try await engine.lastMessage(roomID)
        #expect(held.text == "while disabled")
        #expect(held.state.heldReason != nil)
        let refused = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.send(.text(TextContent("hi")), to: roomID, as: .member(engine.alice))
        }
        #expect(refused?.code == .denied)
        #expect(refused?.rule == .r30)
        #expect(engine.line.outbox.isEmpty)

        try await engine.service.enableChannel(engine.personal)
        #expect(try await engine.room(roomID).room.status.isActive)
        try await engine.write("after", from: user, on: engine.personal)
        #expect(try await engine.lastMessage(roomID).state == .delivered)
        let receipt = try await engine.service.send(.text(TextContent("back")), to: roomID, as: .member(engine.alice))
        #expect(receipt.state == .sent)

        try await engine.service.deleteChannel(engine.personal)
        #expect(try await engine.room(roomID).room.status.restrictions.contains(.channelDeleted))
        let final = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.enableChannel(engine.personal)
        }
        #expect(final?.code == .customer)
        #expect(try await engine.room(roomID).room.status.restrictions.contains(.channelDeleted))
        let noSend = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.send(.text(TextContent("hello?")), to: roomID, as: .member(engine.alice))
        }
        #expect(noSend?.rule == .r30)
        let noBlock = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.block(roomID, by: engine.alice)
        }
        #expect(noBlock?.rule == .r30)
        // History stays readable.
        #expect(try await engine.messages(roomID).map(\.text) == ["before", "while disabled", "after", "back"])
        #expect(engine.line.outbox.count == 1)
    }

    @Test func r30_channelDisabledBeforeTheFirstContactStartsItsRoomRestricted() async throws {
        let engine = try await EngineHarness()
        try await engine.service.disableChannel(engine.personal)
        let user = engine.line.addUser(displayName: "Aiko")
        _ = await engine.deliver(try engine.line.follow(user, channel: engine.personal))
        let roomID = try await engine.roomID(engine.personal, user)
        #expect(try await engine.room(roomID).room.status.restrictions == [.channelDisabled])
    }

    @Test func r05_lineLinkOffMakesRoomsReadOnlyAndKeepsInboundUntilItIsOnAgain() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        try await engine.write("first", from: user, on: engine.personal)
        var policy = try await engine.service.currentPolicy()
        let enabled = policy.lineLink

        policy.lineLink.isEnabled = false
        try await engine.service.updatePolicy(policy)
        #expect(try await engine.service.currentPolicy().lineLink.isEnabled == false)
        let readOnly = try await engine.room(roomID)
        #expect(readOnly.room.status.restrictions == [.linkDisabled])
        #expect(readOnly.room.status.phase == .readOnly)
        let denied = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.send(.text(TextContent("hi")), to: roomID, as: .member(engine.alice))
        }
        #expect(denied?.code == .denied)
        #expect(denied?.rule == .r05)
        try await engine.write("while off", from: user, on: engine.personal)
        let kept = try await engine.lastMessage(roomID)
        #expect(kept.text == "while off")
        #expect(kept.state.heldReason != nil)
        #expect(try await engine.kinds().last?.heldReason != nil)

        policy.lineLink = enabled
        try await engine.service.updatePolicy(policy)
        #expect(try await engine.room(roomID).room.status.isActive)
        let receipt = try await engine.service.send(.text(TextContent("back")), to: roomID, as: .member(engine.alice))
        #expect(receipt.state == .sent)
        try await engine.write("again", from: user, on: engine.personal)
        #expect(try await engine.lastMessage(roomID).state == .delivered)
        #expect(try await engine.messages(roomID).map(\.text) == ["first", "while off", "back", "again"])
    }

    @Test func r05_memberRemovedFromTheAllowedListLosesTheRoomUntilAddedBack() async throws {
        let engine = try await EngineHarness()
        let (_, roomID) = try await engine.friendOfAlice()
        var policy = try await engine.service.currentPolicy()
        let everyone = policy.lineLink.allowedMembers
        policy.lineLink.allowedMembers = .only([engine.bob])
        try await engine.service.updatePolicy(policy)
        #expect(try await engine.room(roomID).room.status.restrictions == [.memberNotAllowed])

        policy.lineLink.allowedMembers = everyone
        try await engine.service.updatePolicy(policy)
        #expect(try await engine.room(roomID).room.status.isActive)
    }
}
