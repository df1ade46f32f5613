import TalkModel
import TalkTesting
import TalkTransport
import TalkWire
import Testing

/// The behaviour every ``TalkTransport`` must show, written once and run against the in-memory fake and against
/// `LineHTTPTransport` talking HTTP to the same fake on loopback, so the fake cannot drift from the wire.
@Suite("Transport contract")
struct TransportContractTests {
    @Test(arguments: TransportKind.allCases)
    func r15_pushReachesFollowerWithRequestIDAndMessageIDs(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let receipts = try await h.transport.push(
                to: h.user,
                messages: try h.texts("Hello", "World"),
                retryKey: .random(),
                channel: h.channel
            )
            let receipt = try #require(receipts.first)
            #expect(receipts.count == 1)
            #expect(receipt.requestID != nil)
            #expect(receipt.sentMessages.count == 2)
            #expect(!receipt.isDuplicate)
            let entry = try #require(h.platform.outbox.last)
            #expect(entry.kind == .push)
            #expect(entry.texts == ["Hello", "World"])
            #expect(entry.requestID == receipt.requestID)
            #expect(entry.sentMessageIDs == receipt.sentMessages.map(\.id))
        }
    }

    @Test(arguments: TransportKind.allCases)
    func r32_replyWithFreshTokenIsFreeOfQuota(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let event = try h.platform.sendText("Hi", from: h.user, channel: h.channel).events[0]
            let token = try #require(event.replyToken)
            let receipt = try await h.transport.reply(
                replyToken: token,
                messages: try h.texts("Hello!"),
                channel: h.channel
            )
            #expect(receipt.sentMessages.count == 1)
            #expect(h.platform.outbox.last?.kind == .reply)
            let status = try await h.transport.quotaStatus(channel: h.channel)
            #expect(status.used == 0)
            #expect(status.quota.limit == 200)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func replyTokenIsSingleUse(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let token = try #require(
                try h.platform.sendText("Hi", from: h.user, channel: h.channel).events[0].replyToken
            )
            _ = try await h.transport.reply(replyToken: token, messages: try h.texts("One"), channel: h.channel)
            let error = await h.error {
                try await h.transport.reply(replyToken: token, messages: try h.texts("Two"), channel: h.channel)
            }
            #expect(error?.code == .invalidReplyToken)
            #expect(error?.status == 400)
            #expect(h.platform.outbox.count == 1)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func replyTokenExpiresAfterOneMinute(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let token = try #require(
                try h.platform.sendText("Hi", from: h.user, channel: h.channel).events[0].replyToken
            )
            h.clock.advance(by: .seconds(61))
            let error = await h.error {
                try await h.transport.reply(replyToken: token, messages: try h.texts("Late"), channel: h.channel)
            }
            #expect(error?.code == .invalidReplyToken)
            #expect(h.platform.outbox.isEmpty)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func repeatedRetryKeyIsDuplicateCarryingAcceptedRequestID(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let key = LineRetryKey.random()
            let first = try await h.transport.push(
                to: h.user,
                messages: try h.texts("Once"),
                retryKey: key,
                channel: h.channel
            )
            // The raw call surfaces the 409 as `duplicate` with LINE's accepted request ID.
            let call = try LineSendCall(
                try LineRequest.push(to: h.user.rawValue, messages: try h.texts("Once"))[0],
                retryKey: key
            )
            let error = await h.error { try await h.transport.perform(call, channel: h.channel) }
            #expect(error?.code == .duplicate)
            #expect(error?.status == 409)
            #expect(error?.acceptedRequestID == first[0].requestID)
            // The push convenience treats it as sent.
            let again = try await h.transport.push(
                to: h.user,
                messages: try h.texts("Once"),
                retryKey: key,
                channel: h.channel
            )
            #expect(again[0].isDuplicate)
            #expect(again[0].requestID == first[0].requestID)
            #expect(h.platform.outbox.count == 1)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func retryKeyExpiresAfter24Hours(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let key = LineRetryKey.random()
            _ = try await h.transport.push(
                to: h.user,
                messages: try h.texts("Day 1"),
                retryKey: key,
                channel: h.channel
            )
            h.clock.advance(by: .hours(25))
            let later = try await h.transport.push(
                to: h.user,
                messages: try h.texts("Day 2"),
                retryKey: key,
                channel: h.channel
            )
            #expect(!later[0].isDuplicate)
            #expect(h.platform.outbox.count == 2)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func rateLimitThenSuccessIsRetriedWithBackoff(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind, retryPolicy: testRetryPolicy) { h in
            h.platform.injectFault(.rateLimited(), count: 2, pathPrefix: "/v2/bot/message/push")
            let start = h.clock.now()
            let receipts = try await h.transport.push(
                to: h.user,
                messages: try h.texts("Hi"),
                retryKey: .random(),
                channel: h.channel
            )
            #expect(!receipts[0].isDuplicate)
            #expect(h.platform.requests.filter { $0.path == "/v2/bot/message/push" }.count == 3)
            // 1 s then 2 s of backoff, in virtual time.
            #expect(start.duration(to: h.clock.now()) == .seconds(3))
        }
    }

    @Test(arguments: TransportKind.allCases)
    func retryAfterHeaderLengthensTheWait(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind, retryPolicy: testRetryPolicy) { h in
            h.platform.injectFault(.rateLimited(retryAfterSeconds: 7))
            let start = h.clock.now()
            _ = try await h.transport.profile(of: h.user, channel: h.channel)
            #expect(start.duration(to: h.clock.now()) == .seconds(7))
        }
    }

    @Test(arguments: TransportKind.allCases)
    func serverErrorsExhaustAttempts(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind, retryPolicy: testRetryPolicy) { h in
            h.platform.injectFault(.serverError(status: 503), count: 5)
            let error = await h.error { try await h.transport.profile(of: h.user, channel: h.channel) }
            #expect(error?.code == .serverError)
            #expect(error?.status == 503)
            #expect(h.platform.requests.count == 3)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func badRequestIsNotRetriedAndCarriesDetails(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind, retryPolicy: testRetryPolicy) { h in
            let messages = try h.texts("Hi")
            let request = try LineRequest.push(to: "not-a-user", messages: messages)[0]
            let error = await h.error {
                try await h.transport.perform(try LineSendCall(request, retryKey: .random()), channel: h.channel)
            }
            #expect(error?.code == .badRequest)
            #expect(error?.details == [.init(message: "Invalid user ID", property: "to")])
            #expect(h.platform.requests.count == 1)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func revokedTokenIsUnauthorizedWithoutTheTokenInText(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind, retryPolicy: testRetryPolicy) { h in
            let token = try #require(h.platform.accessToken(for: h.channel))
            h.platform.revokeAccessToken(channel: h.channel)
            let error = await h.error { try await h.transport.profile(of: h.user, channel: h.channel) }
            #expect(error?.code == .unauthorized)
            #expect(error.map { !"\($0)".contains(token) && !String(reflecting: $0).contains(token) } == true)
            #expect(h.platform.requests.count == 1)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func timeoutIsReported(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            h.platform.injectFault(.timeout)
            let error = await h.error { try await h.transport.quotaStatus(channel: h.channel) }
            #expect(error?.code == .timeout)
            #expect(error?.mayHaveBeenProcessed == true)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func pushRetriedAfterLostAnswerReusesRetryKeyAndSendsOnce(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind, retryPolicy: testRetryPolicy) { h in
            h.platform.injectFault(.timeoutAfterProcessing, pathPrefix: "/v2/bot/message/push")
            let receipts = try await h.transport.push(
                to: h.user,
                messages: try h.texts("Exactly once"),
                retryKey: .random(),
                channel: h.channel
            )
            #expect(receipts[0].isDuplicate)
            #expect(h.platform.outbox.count == 1)
            let keys = h.platform.requests.compactMap { $0.headers["x-line-retry-key"] }
            #expect(keys.count == 2)
            #expect(Set(keys).count == 1)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func droppedConnectionIsNetworkError(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            h.platform.injectFault(.connectionDropped)
            let error = await h.error { try await h.transport.webhookEndpoint(channel: h.channel) }
            #expect(error?.code == .network)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func replyIsNotRetriedWhenItMayHaveBeenSent(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind, retryPolicy: testRetryPolicy) { h in
            let token = try #require(
                try h.platform.sendText("Hi", from: h.user, channel: h.channel).events[0].replyToken
            )
            h.platform.injectFault(.serverError())
            let error = await h.error {
                try await h.transport.reply(replyToken: token, messages: try h.texts("Hi"), channel: h.channel)
            }
            #expect(error?.code == .serverError)
            #expect(h.platform.requests.count == 1)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func r32_monthlyLimitAnswers429ButRepliesStillWork(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind, retryPolicy: testRetryPolicy, usedThisMonth: 199) { h in
            _ = try await h.transport.push(
                to: h.user,
                messages: try h.texts("200th"),
                retryKey: .random(),
                channel: h.channel
            )
            let error = await h.error {
                try await h.transport.push(
                    to: h.user,
                    messages: try h.texts("201st"),
                    retryKey: .random(),
                    channel: h.channel
                )
            }
            #expect(error?.code == .quotaExceeded)
            #expect(error?.status == 429)
            #expect(h.platform.requests.filter { $0.path == "/v2/bot/message/push" }.count == 2)
            let token = try #require(
                try h.platform.sendText("Hi", from: h.user, channel: h.channel).events[0].replyToken
            )
            _ = try await h.transport.reply(
                replyToken: token,
                messages: try h.texts("Replies are free"),
                channel: h.channel
            )
            #expect(try await h.transport.quotaStatus(channel: h.channel).remaining == 0)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func r32_multicastCountsPerRecipient(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind, plan: .standard) { h in
            let second = h.platform.addUser(displayName: "Ken")
            _ = try h.platform.follow(second, channel: h.channel)
            let receipts = try await h.transport.multicast(
                to: [h.user, second, h.user],
                messages: try h.texts("News"),
                retryKey: .random(),
                channel: h.channel
            )
            #expect(receipts.count == 1)
            #expect(receipts[0].sentMessages.isEmpty)
            let status = try await h.transport.quotaStatus(channel: h.channel)
            #expect(status.used == 2)
            #expect(status.quota.limit == nil)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func r11_pushToBlockedUserIsAcceptedButNotDelivered(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            _ = try h.platform.unfollow(h.user, channel: h.channel)
            _ = try await h.transport.push(
                to: h.user,
                messages: try h.texts("Anyone?"),
                retryKey: .random(),
                channel: h.channel
            )
            #expect(h.platform.outbox.last?.wasDelivered == false)
            #expect(h.platform.messages(deliveredTo: h.user).isEmpty)
            let error = await h.error { try await h.transport.profile(of: h.user, channel: h.channel) }
            #expect(error?.code == .notFound)
            _ = try h.platform.follow(h.user, channel: h.channel)
            _ = try await h.transport.push(
                to: h.user,
                messages: try h.texts("Welcome back"),
                retryKey: .random(),
                channel: h.channel
            )
            #expect(h.platform.messages(deliveredTo: h.user).count == 1)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func profileOfFollower(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let profile = try await h.transport.profile(of: h.user, channel: h.channel)
            #expect(profile.displayName == "Aiko")
            #expect(profile.userID == h.user)
            #expect(profile.language == "ja")
        }
    }

    @Test(arguments: TransportKind.allCases)
    func r16_markAsReadWithTokenFromMessageEvent(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let event = try h.platform.sendText("Read me", from: h.user, channel: h.channel).events[0]
            try await h.transport.markAsRead(token: try #require(event.markAsReadToken), channel: h.channel)
            #expect(h.platform.messagesMarkedAsRead(channel: h.channel) == [try #require(event.messageID)])
            let error = await h.error { try await h.transport.markAsRead(token: "bogus", channel: h.channel) }
            #expect(error?.code == .badRequest)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func loadingAnimationIsAcceptedAndBadDurationNeverSent(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let ack = try await h.transport.showLoadingAnimation(for: h.user, seconds: 10, channel: h.channel)
            #expect(ack.status == 202)
            let error = await h.error {
                try await h.transport.showLoadingAnimation(for: h.user, seconds: 7, channel: h.channel)
            }
            #expect(error?.code == .invalidRequest)
            #expect(h.platform.requests.count == 1)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func contentIsStreamedInChunks(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let image = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let event = try h.platform.sendImage(image, contentType: "image/png", from: h.user, channel: h.channel)
                .events[0]
            let content = try await h.transport.downloadContent(
                messageID: try #require(event.messageID),
                channel: h.channel
            )
            #expect(content.contentType == "image/png")
            var chunks = 0
            var bytes: [UInt8] = []
            for try await chunk in content.body {
                chunks += 1
                bytes += chunk
            }
            #expect(bytes == image)
            #expect(chunks > 1)
            _ = try h.platform.unsend(try #require(event.messageID), by: h.user, channel: h.channel)
            let error = await h.error {
                try await h.transport.downloadContent(messageID: try #require(event.messageID), channel: h.channel)
            }
            #expect(error?.code == .notFound)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func r33_webhookSettingsAndTest(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let settings = try await h.transport.webhookEndpoint(channel: h.channel)
            #expect(settings.isActive)
            #expect(settings.endpoint == "https://chat.example.com/line/webhook")
            #expect(try await h.transport.botInfo(channel: h.channel).chatMode == .bot)
            #expect(try await h.transport.testWebhookEndpoint(channel: h.channel).isSuccess)
            h.platform.configureWebhook(
                endpoint: "https://old.example.com/hook",
                active: false,
                reachable: false,
                chatEnabled: true,
                channel: h.channel
            )
            let test = try await h.transport.testWebhookEndpoint(channel: h.channel)
            #expect(!test.isSuccess)
            #expect(test.reason == "COULD_NOT_CONNECT")
            #expect(try await h.transport.webhookEndpoint(channel: h.channel).isActive == false)
            #expect(try await h.transport.botInfo(channel: h.channel).chatMode == .chat)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func worksMessageIsPosted(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let receipts = try await h.transport.sendToWorks(
                [.text(TextContent("Hello from LINE"))],
                botID: "2000001",
                destination: .user("member@example.co.jp")
            )
            #expect(receipts.map(\.status) == [201])
            let entry = try #require(h.platform.outbox.last)
            #expect(entry.kind == .works)
            #expect(entry.recipients == ["member@example.co.jp"])
            #expect(entry.texts == ["Hello from LINE"])
        }
    }

    @Test(arguments: TransportKind.allCases)
    func federationEnvelopeIsDeliveredOnce(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let envelope = FederationEnvelope(
                messageID: "m-1",
                timestampMilliseconds: 1_700_000_000_000,
                room: "room-1",
                sender: FederationSender(id: "sato@example.co.jp", displayName: "Sato"),
                content: .text(TextContent("Hello partner"))
            )
            let first = try await h.transport.deliver(envelope, to: h.peer)
            let second = try await h.transport.deliver(envelope, to: h.peer)
            #expect(!first.isDuplicate)
            #expect(second.isDuplicate)
            #expect(h.platform.envelopes(receivedBy: h.peer) == [envelope])
            let unknown = try TenantDomain("stranger.example")
            let error = await h.error { try await h.transport.deliver(envelope, to: unknown) }
            #expect(error?.code == .notFound)
        }
    }

    @Test(arguments: TransportKind.allCases)
    func r15_replyFirstFallsBackToPushWhenTokenIsStaleOrRejected(_ kind: TransportKind) async throws {
        try await ContractHarness.run(kind) { h in
            let event = try h.platform.sendText("Hi", from: h.user, channel: h.channel).events[0]
            let received = ReceivedReplyToken(try #require(event.replyToken), receivedAt: event.timestamp)
            let replied = try await h.transport.replyOrPush(
                try h.texts("Fresh"),
                to: h.user,
                replyToken: received,
                retryKey: .random(),
                at: h.clock.now(),
                channel: h.channel
            )
            guard case .replied = replied else {
                Issue.record("expected a reply, got \(replied)")
                return
            }
            // The same token again: LINE rejects it, so the helper pushes.
            let rejected = try await h.transport.replyOrPush(
                try h.texts("Again"),
                to: h.user,
                replyToken: received,
                retryKey: .random(),
                at: h.clock.now(),
                channel: h.channel
            )
            #expect(rejected == .pushed(rejected.receipts, reason: .replyTokenRejected))
            h.clock.advance(by: .minutes(2))
            let stale = try await h.transport.replyOrPush(
                try h.texts("Later"),
                to: h.user,
                replyToken: received,
                retryKey: .random(),
                at: h.clock.now(),
                channel: h.channel
            )
            #expect(stale == .pushed(stale.receipts, reason: .replyTokenExpired))
            #expect(h.platform.outbox.map(\.kind) == [.reply, .push, .push])
        }
    }
}
