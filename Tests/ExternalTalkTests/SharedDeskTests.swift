import ExternalTalk
import TalkModel
import TalkStorage
import TalkTesting
import TalkWire
import Testing

@Suite("A shared help desk's 1:1 chat")
struct SharedDeskTests {
    @Test func r19_chatModeIsOffByDefaultAndHoldsInboundUntilEnabled() async throws {
        let engine = try await EngineHarness()
        #expect(try await engine.service.chatMode(channel: engine.desk) == .off)
        let user = engine.line.addUser(displayName: "Kenji")
        _ = await engine.deliver(try engine.line.follow(user, channel: engine.desk))
        let roomID = try await engine.roomID(engine.desk, user)
        #expect(try await engine.room(roomID).room.kind == .officialAccountChat)
        #expect(try await engine.room(roomID).member == nil)

        try await engine.write("anyone?", from: user, on: engine.desk)
        let held = try await engine.lastMessage(roomID)
        let reason = try #require(held.state.heldReason)
        #expect(reason.contains("R19"))
        #expect(try await engine.kinds().last == .messageHeld(held.id, reason: reason))

        try await engine.service.setChatMode(ChatModeSettings(isEnabled: true), channel: engine.desk)
        #expect(try await engine.service.chatMode(channel: engine.desk) == .manualChat)
        #expect(try await engine.kinds().last == .chatModeChanged(channel: engine.desk, mode: "manual-chat"))

        try await engine.write("hello?", from: user, on: engine.desk)
        let delivered = try await engine.lastMessage(roomID)
        #expect(delivered.state == .delivered)
        #expect(try await engine.kinds().last == .messageReceived(delivered.id))
    }

    @Test(
        "R19 R32 R29: in auto-reply hours each message is answered by the automatic response, free by the reply token, under no member's name; the chat still waits for an operator"
    )
    func r19_autoReplyAnswersOutsideManualHours() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.deskCustomer()
        let closed = "We are closed now; an operator answers from 9:00."
        let always = try WeeklySchedule(zone: .asiaTokyo, ranges: [], otherwise: .autoReply)
        try await engine.service.setChatMode(
            ChatModeSettings(isEnabled: true, schedule: always, autoReply: closed),
            channel: engine.desk
        )
        #expect(try await engine.service.chatMode(channel: engine.desk) == .autoReply)

        try await engine.write("is anyone there?", from: user, on: engine.desk)
        let answer = try await engine.lastMessage(roomID)
        #expect(answer.direction == .outbound && answer.state == .queued && answer.text == closed)
        #expect(answer.operatorName == ExternalTalkService.autoReplyOperatorName)
        #expect(
            try await engine.kinds().suffix(2).first.map { if case .messageReceived = $0 { true } else { false } }
                == true
        )
        #expect(try await engine.kinds().last == .autoReplyQueued(answer.id))
        #expect(engine.line.outbox.isEmpty, "the answer waits for the background work")

        await engine.service.runDueWork()
        let sent = engine.line.messages(deliveredTo: user)
        #expect(sent.map(\.kind) == [.reply])
        #expect(sent.map(\.texts) == [[closed]])
        #expect(!String(decoding: sent[0].body, as: UTF8.self).contains("Auto-reply"))
        #expect(try await engine.service.message(answer.id)?.state == .sent)
        #expect(engine.line.quotaUsage(channel: engine.desk) == 0, "a reply is free (R32)")
        // No operator has answered: the ticket timer still runs (R29).
        #expect(try await engine.room(roomID).awaitingAnswerSince != nil)

        // In manual-chat hours nothing answers by itself.
        try await engine.service.setChatMode(
            ChatModeSettings(isEnabled: true, schedule: nil, autoReply: closed),
            channel: engine.desk
        )
        try await engine.write("hello again", from: user, on: engine.desk)
        await engine.service.runDueWork()
        #expect(try await engine.lastMessage(roomID).direction == .inbound)
        #expect(engine.line.messages(deliveredTo: user).count == 1)
    }

    @Test func r15_operatorsWriteOnlyAfterTheUserHasWritten() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.deskCustomer()
        #expect(try await engine.room(roomID).room.status.isActive)
        let bob = Operator(member: engine.bob, displayName: "Bob Tanaka")

        let early = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.send(.text(TextContent("hi")), to: roomID, as: .operator(bob))
        }
        #expect(early?.code == .denied)
        #expect(early?.rule == .r15)
        #expect(engine.line.outbox.isEmpty)

        try await engine.write("hello", from: user, on: engine.desk)
        let receipt = try await engine.service.send(.text(TextContent("hi")), to: roomID, as: .operator(bob))
        #expect(receipt.state == .sent)
    }

    @Test func r17_operatorNameStaysInsideAndNonOperatorsAreDenied() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.deskCustomer()
        try await engine.write("my order is late", from: user, on: engine.desk)
        let bob = Operator(member: engine.bob, displayName: "Bob Tanaka")
        let dan = Operator(member: engine.dan, displayName: "Dan Suzuki")

        let first = try await engine.service.send(.text(TextContent("Looking into it")), to: roomID, as: .operator(bob))
        engine.clock.advance(by: .minutes(2))
        let second = try await engine.service.send(.text(TextContent("It ships today")), to: roomID, as: .operator(dan))

        #expect(try await engine.service.message(first.message)?.operatorName == "Bob Tanaka")
        #expect(try await engine.service.message(second.message)?.operatorName == "Dan Suzuki")
        let sent = engine.line.messages(deliveredTo: user)
        #expect(sent.map(\.texts) == [["Looking into it"], ["It ships today"]])
        for entry in sent {
            let body = String(decoding: entry.body, as: UTF8.self)
            #expect(!body.contains("Bob"))
            #expect(!body.contains("Dan"))
            #expect(entry.messages.allSatisfy { $0["sender"] == nil })
        }

        let cursor = try await engine.lastCursor()
        let outsider = Operator(member: engine.eve, displayName: "Eve")
        for sender in [MessageSender.operator(outsider), .member(engine.eve)] {
            let error = await #expect(throws: ExternalTalkError.self) {
                try await engine.service.send(.text(TextContent("me too")), to: roomID, as: sender)
            }
            #expect(error?.code == .denied)
            #expect(error?.rule == .r17)
        }
        #expect(engine.line.outbox.count == 2)
        #expect(try await engine.kinds(after: cursor).isEmpty)
    }
}
