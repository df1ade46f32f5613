import ExternalTalk
import TalkModel
import TalkStorage
import TalkTesting
import Testing
import WebhookSignature

@Suite("Receiving LINE webhooks")
struct WebhookReceptionTests {
    // MARK: W1, W2

    // MARK: R12

    @Test("R12: group and multi-person chat messages are kept, held, in no room, and delivered to nobody")
    func r12_groupMessagesAreKeptNotDelivered() async throws {
        let engine = try await EngineHarness()
        let user = "U9680cbf9a0f4d4f7f3b2c9780175e3ff"
        func event(_ id: String, source: String, text: String) -> String {
            #"{"type":"message","mode":"active","timestamp":1763712000000,"webhookEventId":"\#(id)","#
                + #""deliveryContext":{"isRedelivery":false},"replyToken":"rt-\#(id)","source":\#(source),"#
                + #""message":{"id":"\#(id.suffix(6))","type":"text","text":"\#(text)","quoteToken":"q"}}"#
        }
        let group = #"{"type":"group","groupId":"C9918f2191616116c7655998523f8a6e7","userId":"\#(user)"}"#
        let multi = #"{"type":"room","roomId":"R68d3705797a86cb1047db8c2b7a8912d","userId":"\#(user)"}"#
        let anonymous = #"{"type":"group","groupId":"C9918f2191616116c7655998523f8a6e7"}"#
        let body = Array(
            (#"{"destination":"U0","events":["#
                + [
                    event("01GROUP000000000000000001", source: group, text: "in the group"),
                    event("01GROUP000000000000000002", source: multi, text: "in the chat"),
                    event("01GROUP000000000000000003", source: anonymous, text: "nobody named"),
                ].joined(separator: ",") + "]}").utf8
        )
        let outcome = await engine.service.receiveLineWebhook(
            channel: engine.personal,
            signature: engine.signForPersonal(body),
            body: body
        )
        #expect(outcome.status == .accepted)
        #expect(outcome.applied == 3)
        // No room is opened for a group, and nothing reaches a member or LINE.
        #expect(try await engine.service.rooms().isEmpty)
        #expect(engine.line.requests.isEmpty)
        let kept = try await engine.storage.read { try $0.messages(in: .channel(engine.personal), after: 0, limit: 10) }
        #expect(kept.map(\.text) == ["in the group", "in the chat"])
        #expect(
            kept.map(\.room.rawValue) == [
                "line-group:\(engine.personal.rawValue):C9918f2191616116c7655998523f8a6e7",
                "line-multi:\(engine.personal.rawValue):R68d3705797a86cb1047db8c2b7a8912d",
            ]
        )
        #expect(kept.allSatisfy { if case .held = $0.state { true } else { false } })
        let kinds = try await engine.kinds()
        #expect(kinds.filter { if case .messageHeld = $0 { true } else { false } }.count == 2)
        #expect(kinds.filter { if case .platformEvent = $0 { true } else { false } }.count == 3)
        // A redelivery keeps them once (W3).
        let again = await engine.service.receiveLineWebhook(
            channel: engine.personal,
            signature: engine.signForPersonal(body),
            body: body
        )
        #expect(again.duplicates == 3)
        #expect(try await engine.storage.read { try $0.messages(in: .all, after: 0, limit: 10).count } == 2)
    }

    @Test func w1_wrongOrMissingSignatureIsRefusedAndNothingIsStored() async throws {
        let engine = try await EngineHarness()
        let user = engine.line.addUser(displayName: "Aiko")
        let follow = try engine.line.follow(user, channel: engine.personal)
        // A signature of other bytes, one for the same bytes with another secret, and none at all.
        let otherBody = Array(#"{"destination":"U0","events":[]}"#.utf8)
        let signatures: [String?] = [
            engine.signForPersonal(otherBody),
            WebhookSignatureVerifier(secrets: [WebhookSecret("another-secret")]).signature(for: follow.body),
            nil,
            "",
        ]
        for signature in signatures {
            let outcome = await engine.service.receiveLineWebhook(
                channel: engine.personal,
                signature: signature,
                body: follow.body
            )
            #expect(outcome.status == .badSignature)
            #expect(outcome.httpStatus == 401)
            #expect(outcome.applied == 0)
        }
        #expect(try await engine.events().isEmpty)
        #expect(try await engine.service.room(channel: engine.personal, user: user) == nil)
        // The same bytes with the right signature are then applied: the refusals left no ledger entry behind.
        #expect(await engine.deliver(follow).applied == 1)
    }

    @Test func w1_malformedBodyIsRefusedWithAReasonThatDoesNotQuoteTheBody() async throws {
        let engine = try await EngineHarness()
        let bodies = [
            #"{"destination":"U0","events":[{"type":"message","message":{"type":"text","text":"my-pin-is-4321"#,
            #"{"destination":"U0","events":"my-pin-is-4321"}"#,
            #"my-pin-is-4321"#,
        ]
        for text in bodies {
            let body = Array(text.utf8)
            let outcome = await engine.service.receiveLineWebhook(
                channel: engine.personal,
                signature: engine.signForPersonal(body),
                body: body
            )
            #expect(outcome.status == .malformed)
            #expect(outcome.httpStatus == 400)
            let reason = try #require(outcome.reason)
            #expect(!reason.isEmpty)
            #expect(!reason.contains("my-pin"), "\(reason)")
            #expect(!outcome.description.contains("my-pin"))
        }
        #expect(try await engine.events().isEmpty)
    }

    @Test func w1_unknownChannelIsNotFound() async throws {
        let engine = try await EngineHarness()
        let user = engine.line.addUser(displayName: "Aiko")
        let follow = try engine.line.follow(user, channel: engine.personal)
        let outcome = await engine.service.receiveLineWebhook(
            channel: try LineChannelID("9999999999"),
            signature: follow.signature,
            body: follow.body
        )
        #expect(outcome.status == .unknownChannel)
        #expect(outcome.httpStatus == 404)
        #expect(try await engine.events().isEmpty)
    }

    @Test func w2_emptyEventsOfTheConsoleVerifyRequestAreAccepted() async throws {
        let engine = try await EngineHarness()
        let body = Array(#"{"destination":"U0123456789abcdef0123456789abcdef","events":[]}"#.utf8)
        let outcome = await engine.service.receiveLineWebhook(
            channel: engine.personal,
            signature: engine.signForPersonal(body),
            body: body
        )
        #expect(outcome.status == .accepted)
        #expect(outcome.httpStatus == 200)
        #expect(outcome.applied == 0)
        #expect(outcome.duplicates == 0)
        #expect(try await engine.events().isEmpty)
    }

    // MARK: W3

    @Test func w3_redeliveredEventChangesNothing() async throws {
        let engine = try await EngineHarness()
        let (user, room) = try await engine.friendOfAlice()
        let message = try engine.line.sendText("hello", from: user, channel: engine.personal)
        #expect(await engine.deliver(message).applied == 1)
        let eventsBefore = try await engine.events()

        let again = try engine.line.redeliver(try #require(message.events.first).webhookEventID)
        #expect(again.events.first?.isRedelivery == true)
        let outcome = await engine.deliver(again)

        #expect(outcome.status == .accepted)
        #expect(outcome.applied == 0)
        #expect(outcome.duplicates == 1)
        #expect(try await engine.messages(room).count == 1)
        #expect(try await engine.events() == eventsBefore)
    }

    @Test func w3_concurrentCopiesOfOneWebhookApplyExactlyOnce() async throws {
        let engine = try await EngineHarness()
        let (user, room) = try await engine.friendOfAlice()
        let cursor = try await engine.lastCursor()
        let message = try engine.line.sendText("only once", from: user, channel: engine.personal)

        let outcomes = await withTaskGroup(of: WebhookOutcome.self) { group in
            for _ in 0..<25 {
                group.addTask { await engine.deliver(message) }
            }
            var outcomes: [WebhookOutcome] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }

        #expect(outcomes.count == 25)
        #expect(outcomes.allSatisfy { $0.status == .accepted })
        #expect(outcomes.map(\.applied).reduce(0, +) == 1)
        #expect(outcomes.map(\.duplicates).reduce(0, +) == 24)
        let messages = try await engine.messages(room)
        #expect(messages.count == 1)
        #expect(messages.first?.text == "only once")
        let kinds = try await engine.kinds(after: cursor)
        #expect(kinds.filter(\.isInboundMessage).count == 1)
        #expect(kinds.count == 1)
    }

    // MARK: Group commit

    @Test func groupCommitAppliesEachGoodDeliveryAndRefusesTheBadOne() async throws {
        let engine = try await EngineHarness()
        var deliveries: [LineWebhookDelivery] = []
        var users: [LineUserID] = []
        for index in 0..<10 {
            let user = engine.line.addUser(displayName: "User \(index)")
            users.append(user)
            let follow = try engine.line.follow(user, channel: engine.personal)
            // The fifth delivery carries the signature of another body.
            let signature = index == 4 ? engine.signForPersonal(Array("tampered".utf8)) : follow.signature
            deliveries.append(LineWebhookDelivery(channel: engine.personal, signature: signature, body: follow.body))
        }

        let outcomes = await engine.service.receiveLineWebhooks(deliveries)

        #expect(outcomes.count == 10)
        #expect(outcomes.filter { $0.status == .accepted }.count == 9)
        #expect(outcomes.filter { $0.status == .accepted }.allSatisfy { $0.applied == 1 })
        #expect(outcomes[4].status == .badSignature)
        #expect(outcomes[4].httpStatus == 401)
        for (index, user) in users.enumerated() {
            let room = try await engine.service.room(channel: engine.personal, user: user)
            #expect((room == nil) == (index == 4))
        }
        let requests = try await engine.kinds().filter {
            if case .requestReceived = $0 { return true }
            return false
        }
        #expect(requests.count == 9)
    }

    @Test("W1 W2 W3: verifying needs no storage; a verified webhook stored twice is applied once")
    func w1_w3_verifyThenStoreInTwoSteps() async throws {
        let engine = try await EngineHarness()
        let user = engine.line.addUser(displayName: "Two Steps")
        let follow = try engine.line.follow(user, channel: engine.personal)
        let good = LineWebhookDelivery(channel: engine.personal, signature: follow.signature, body: follow.body)
        let eventsBefore = try await engine.events()

        guard case .verified(let webhook) = engine.service.verifyLineWebhook(good) else {
            Issue.record("a signed follow webhook was refused")
            return
        }
        #expect(webhook.channelID == engine.personal)
        #expect(webhook.eventCount == 1)
        // Verifying stored nothing.
        #expect(try await engine.events() == eventsBefore)
        #expect(try await engine.service.room(channel: engine.personal, user: user) == nil)

        let refusals: [(LineWebhookDelivery, WebhookOutcome.Status)] = [
            (LineWebhookDelivery(channel: engine.personal, signature: nil, body: follow.body), .badSignature),
            (
                LineWebhookDelivery(
                    channel: try LineChannelID("1659999999"),
                    signature: follow.signature,
                    body: follow.body
                ), .unknownChannel
            ),
            (
                LineWebhookDelivery(
                    channel: engine.personal,
                    signature: engine.signForPersonal(Array("{".utf8)),
                    body: Array("{".utf8)
                ), .malformed
            ),
        ]
        for (delivery, status) in refusals {
            guard case .refused(let outcome) = engine.service.verifyLineWebhook(delivery) else {
                Issue.record("\(status) was verified")
                continue
            }
            #expect(outcome.status == status)
        }

        let first = await engine.service.storeLineWebhooks([webhook, webhook])
        #expect(first.map(\.status) == [.accepted, .accepted])
        #expect(first.map(\.applied) == [1, 0])
        #expect(first.map(\.duplicates) == [0, 1])
        let again = await engine.service.storeLineWebhooks([webhook])
        #expect(again.map(\.applied) == [0])
        #expect(try await engine.service.room(channel: engine.personal, user: user) != nil)
        #expect(await engine.service.storeLineWebhooks([]).isEmpty)
    }
}
