import TalkModel
import TalkTesting
public import TalkTransport
import TalkWire

extension ConformanceCheck where Transport: LineMessagingTransport {
    /// The Messaging API checks: sends, retry keys, retries, errors, quota, profiles, content, webhook settings and reply-first sends.
    public static var lineMessaging: [ConformanceCheck] {
        [
            ConformanceCheck("r15_pushReachesFollowerWithRequestIDAndMessageIDs") { h in
                let receipts = try await h.transport.push(
                    to: h.user,
                    messages: try h.texts("Hello", "World"),
                    retryKey: .random(),
                    channel: h.channel
                )
                let receipt = try h.require(receipts.first, "receipts.first")
                try h.expect(receipts.count == 1, "receipts.count == 1")
                try h.expect(receipt.requestID != nil, "receipt.requestID != nil")
                try h.expect(receipt.sentMessages.count == 2, "receipt.sentMessages.count == 2")
                try h.expect(!receipt.isDuplicate, "!receipt.isDuplicate")
                let entry = try h.require(h.platform.outbox.last, "h.platform.outbox.last")
                try h.expect(entry.kind == .push, "entry.kind == .push")
                try h.expect(entry.texts == ["Hello", "World"], "entry.texts == [\"Hello\", \"World\"]")
                try h.expect(entry.requestID == receipt.requestID, "entry.requestID == receipt.requestID")
                try h.expect(
                    entry.sentMessageIDs == receipt.sentMessages.map(\.id),
                    "entry.sentMessageIDs == receipt.sentMessages.map(\\.id)"
                )
            },
            ConformanceCheck("r32_replyWithFreshTokenIsFreeOfQuota") { h in
                let event = try h.platform.sendText("Hi", from: h.user, channel: h.channel).events[0]
                let token = try h.require(event.replyToken, "event.replyToken")
                let receipt = try await h.transport.reply(
                    replyToken: token,
                    messages: try h.texts("Hello!"),
                    channel: h.channel
                )
                try h.expect(receipt.sentMessages.count == 1, "receipt.sentMessages.count == 1")
                try h.expect(h.platform.outbox.last?.kind == .reply, "h.platform.outbox.last?.kind == .reply")
                let status = try await h.transport.quotaStatus(channel: h.channel)
                try h.expect(status.used == 0, "status.used == 0")
                try h.expect(status.quota.limit == 200, "status.quota.limit == 200")
            },
            ConformanceCheck("replyTokenIsSingleUse") { h in
                let token = try h.require(
                    try h.platform.sendText("Hi", from: h.user, channel: h.channel).events[0].replyToken,
                    "try h.platform.sendText(\"Hi\", from: h.user, channel: h.channel).events[0].replyToken"
                )
                _ = try await h.transport.reply(replyToken: token, messages: try h.texts("One"), channel: h.channel)
                let error = try await h.error {
                    try await h.transport.reply(replyToken: token, messages: try h.texts("Two"), channel: h.channel)
                }
                try h.expect(error.code == .invalidReplyToken, "error.code == .invalidReplyToken")
                try h.expect(error.status == 400, "error.status == 400")
                try h.expect(h.platform.outbox.count == 1, "h.platform.outbox.count == 1")
            },
            ConformanceCheck("replyTokenExpiresAfterOneMinute") { h in
                let token = try h.require(
                    try h.platform.sendText("Hi", from: h.user, channel: h.channel).events[0].replyToken,
                    "try h.platform.sendText(\"Hi\", from: h.user, channel: h.channel).events[0].replyToken"
                )
                h.clock.advance(by: .seconds(61))
                let error = try await h.error {
                    try await h.transport.reply(replyToken: token, messages: try h.texts("Late"), channel: h.channel)
                }
                try h.expect(error.code == .invalidReplyToken, "error.code == .invalidReplyToken")
                try h.expect(h.platform.outbox.isEmpty, "h.platform.outbox.isEmpty")
            },
            ConformanceCheck("repeatedRetryKeyIsDuplicateCarryingAcceptedRequestID") { h in
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
                let error = try await h.error { try await h.transport.perform(call, channel: h.channel) }
                try h.expect(error.code == .duplicate, "error.code == .duplicate")
                try h.expect(error.status == 409, "error.status == 409")
                try h.expect(
                    error.acceptedRequestID == first[0].requestID,
                    "error.acceptedRequestID == first[0].requestID"
                )
                // The push convenience treats it as sent.
                let again = try await h.transport.push(
                    to: h.user,
                    messages: try h.texts("Once"),
                    retryKey: key,
                    channel: h.channel
                )
                try h.expect(again[0].isDuplicate, "again[0].isDuplicate")
                try h.expect(again[0].requestID == first[0].requestID, "again[0].requestID == first[0].requestID")
                try h.expect(h.platform.outbox.count == 1, "h.platform.outbox.count == 1")
            },
            ConformanceCheck("retryKeyExpiresAfter24Hours") { h in
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
                try h.expect(!later[0].isDuplicate, "!later[0].isDuplicate")
                try h.expect(h.platform.outbox.count == 2, "h.platform.outbox.count == 2")
            },
            ConformanceCheck(
                "rateLimitThenSuccessIsRetriedWithBackoff",
                setup: Setup(retryPolicy: conformanceRetryPolicy)
            ) { h in
                h.platform.injectFault(.rateLimited(), count: 2, pathPrefix: "/v2/bot/message/push")
                let start = h.clock.now()
                let receipts = try await h.transport.push(
                    to: h.user,
                    messages: try h.texts("Hi"),
                    retryKey: .random(),
                    channel: h.channel
                )
                try h.expect(!receipts[0].isDuplicate, "!receipts[0].isDuplicate")
                try h.expect(
                    h.platform.requests.filter { $0.path == "/v2/bot/message/push" }.count == 3,
                    "h.platform.requests.filter { $0.path == \"/v2/bot/message/push\" }.count == 3"
                )
                // 1 s then 2 s of backoff, in virtual time.
                try h.expect(
                    start.duration(to: h.clock.now()) == .seconds(3),
                    "start.duration(to: h.clock.now()) == .seconds(3)"
                )
            },
            ConformanceCheck("retryAfterHeaderLengthensTheWait", setup: Setup(retryPolicy: conformanceRetryPolicy)) {
                h in
                h.platform.injectFault(.rateLimited(retryAfterSeconds: 7))
                let start = h.clock.now()
                _ = try await h.transport.profile(of: h.user, channel: h.channel)
                try h.expect(
                    start.duration(to: h.clock.now()) == .seconds(7),
                    "start.duration(to: h.clock.now()) == .seconds(7)"
                )
            },
            ConformanceCheck("serverErrorsExhaustAttempts", setup: Setup(retryPolicy: conformanceRetryPolicy)) { h in
                h.platform.injectFault(.serverError(status: 503), count: 5)
                let error = try await h.error { try await h.transport.profile(of: h.user, channel: h.channel) }
                try h.expect(error.code == .serverError, "error.code == .serverError")
                try h.expect(error.status == 503, "error.status == 503")
                try h.expect(h.platform.requests.count == 3, "h.platform.requests.count == 3")
            },
            ConformanceCheck(
                "badRequestIsNotRetriedAndCarriesDetails",
                setup: Setup(retryPolicy: conformanceRetryPolicy)
            ) { h in
                let messages = try h.texts("Hi")
                let request = try LineRequest.push(to: "not-a-user", messages: messages)[0]
                let error = try await h.error {
                    try await h.transport.perform(try LineSendCall(request, retryKey: .random()), channel: h.channel)
                }
                try h.expect(error.code == .badRequest, "error.code == .badRequest")
                try h.expect(
                    error.details == [.init(message: "Invalid user ID", property: "to")],
                    "error.details == [.init(message: \"Invalid user ID\", property: \"to\")]"
                )
                try h.expect(h.platform.requests.count == 1, "h.platform.requests.count == 1")
            },
            ConformanceCheck(
                "revokedTokenIsUnauthorizedWithoutTheTokenInText",
                setup: Setup(retryPolicy: conformanceRetryPolicy)
            ) { h in
                let token = try h.require(
                    h.platform.accessToken(for: h.channel),
                    "h.platform.accessToken(for: h.channel)"
                )
                h.platform.revokeAccessToken(channel: h.channel)
                let error = try await h.error { try await h.transport.profile(of: h.user, channel: h.channel) }
                try h.expect(error.code == .unauthorized, "error.code == .unauthorized")
                try h.expect(
                    !"\(error)".contains(token) && !String(reflecting: error).contains(token),
                    "no description of the error holds the token"
                )
                try h.expect(h.platform.requests.count == 1, "h.platform.requests.count == 1")
            },
            ConformanceCheck("timeoutIsReported") { h in
                h.platform.injectFault(.timeout)
                let error = try await h.error { try await h.transport.quotaStatus(channel: h.channel) }
                try h.expect(error.code == .timeout, "error.code == .timeout")
                try h.expect(error.mayHaveBeenProcessed == true, "error.mayHaveBeenProcessed == true")
            },
            ConformanceCheck(
                "pushRetriedAfterLostAnswerReusesRetryKeyAndSendsOnce",
                setup: Setup(retryPolicy: conformanceRetryPolicy)
            ) { h in
                h.platform.injectFault(.timeoutAfterProcessing, pathPrefix: "/v2/bot/message/push")
                let receipts = try await h.transport.push(
                    to: h.user,
                    messages: try h.texts("Exactly once"),
                    retryKey: .random(),
                    channel: h.channel
                )
                try h.expect(receipts[0].isDuplicate, "receipts[0].isDuplicate")
                try h.expect(h.platform.outbox.count == 1, "h.platform.outbox.count == 1")
                let keys = h.platform.requests.compactMap { $0.headers["x-line-retry-key"] }
                try h.expect(keys.count == 2, "keys.count == 2")
                try h.expect(Set(keys).count == 1, "Set(keys).count == 1")
            },
            ConformanceCheck("droppedConnectionIsNetworkError") { h in
                h.platform.injectFault(.connectionDropped)
                let error = try await h.error { try await h.transport.webhookEndpoint(channel: h.channel) }
                try h.expect(error.code == .network, "error.code == .network")
            },
            ConformanceCheck(
                "replyIsNotRetriedWhenItMayHaveBeenSent",
                setup: Setup(retryPolicy: conformanceRetryPolicy)
            ) { h in
                let token = try h.require(
                    try h.platform.sendText("Hi", from: h.user, channel: h.channel).events[0].replyToken,
                    "try h.platform.sendText(\"Hi\", from: h.user, channel: h.channel).events[0].replyToken"
                )
                h.platform.injectFault(.serverError())
                let error = try await h.error {
                    try await h.transport.reply(replyToken: token, messages: try h.texts("Hi"), channel: h.channel)
                }
                try h.expect(error.code == .serverError, "error.code == .serverError")
                try h.expect(h.platform.requests.count == 1, "h.platform.requests.count == 1")
            },
            ConformanceCheck(
                "r32_monthlyLimitAnswers429ButRepliesStillWork",
                setup: Setup(retryPolicy: conformanceRetryPolicy, usedThisMonth: 199)
            ) { h in
                _ = try await h.transport.push(
                    to: h.user,
                    messages: try h.texts("200th"),
                    retryKey: .random(),
                    channel: h.channel
                )
                let error = try await h.error {
                    try await h.transport.push(
                        to: h.user,
                        messages: try h.texts("201st"),
                        retryKey: .random(),
                        channel: h.channel
                    )
                }
                try h.expect(error.code == .quotaExceeded, "error.code == .quotaExceeded")
                try h.expect(error.status == 429, "error.status == 429")
                try h.expect(
                    h.platform.requests.filter { $0.path == "/v2/bot/message/push" }.count == 2,
                    "h.platform.requests.filter { $0.path == \"/v2/bot/message/push\" }.count == 2"
                )
                let token = try h.require(
                    try h.platform.sendText("Hi", from: h.user, channel: h.channel).events[0].replyToken,
                    "try h.platform.sendText(\"Hi\", from: h.user, channel: h.channel).events[0].replyToken"
                )
                _ = try await h.transport.reply(
                    replyToken: token,
                    messages: try h.texts("Replies are free"),
                    channel: h.channel
                )
                try h.expect(
                    try await h.transport.quotaStatus(channel: h.channel).remaining == 0,
                    "try await h.transport.quotaStatus(channel: h.channel).remaining == 0"
                )
            },
            ConformanceCheck("r32_multicastCountsPerRecipient", setup: Setup(plan: .standard)) { h in
                let second = h.platform.addUser(displayName: "Ken")
                _ = try h.platform.follow(second, channel: h.channel)
                let receipts = try await h.transport.multicast(
                    to: [h.user, second, h.user],
                    messages: try h.texts("News"),
                    retryKey: .random(),
                    channel: h.channel
                )
                try h.expect(receipts.count == 1, "receipts.count == 1")
                try h.expect(receipts[0].sentMessages.isEmpty, "receipts[0].sentMessages.isEmpty")
                let status = try await h.transport.quotaStatus(channel: h.channel)
                try h.expect(status.used == 2, "status.used == 2")
                try h.expect(status.quota.limit == nil, "status.quota.limit == nil")
            },
            ConformanceCheck("r11_pushToBlockedUserIsAcceptedButNotDelivered") { h in
                _ = try h.platform.unfollow(h.user, channel: h.channel)
                _ = try await h.transport.push(
                    to: h.user,
                    messages: try h.texts("Anyone?"),
                    retryKey: .random(),
                    channel: h.channel
                )
                try h.expect(
                    h.platform.outbox.last?.wasDelivered == false,
                    "h.platform.outbox.last?.wasDelivered == false"
                )
                try h.expect(
                    h.platform.messages(deliveredTo: h.user).isEmpty,
                    "h.platform.messages(deliveredTo: h.user).isEmpty"
                )
                let error = try await h.error { try await h.transport.profile(of: h.user, channel: h.channel) }
                try h.expect(error.code == .notFound, "error.code == .notFound")
                _ = try h.platform.follow(h.user, channel: h.channel)
                _ = try await h.transport.push(
                    to: h.user,
                    messages: try h.texts("Welcome back"),
                    retryKey: .random(),
                    channel: h.channel
                )
                try h.expect(
                    h.platform.messages(deliveredTo: h.user).count == 1,
                    "h.platform.messages(deliveredTo: h.user).count == 1"
                )
            },
            ConformanceCheck("profileOfFollower") { h in
                let profile = try await h.transport.profile(of: h.user, channel: h.channel)
                try h.expect(profile.displayName == "Aiko", "profile.displayName == \"Aiko\"")
                try h.expect(profile.userID == h.user, "profile.userID == h.user")
                try h.expect(profile.language == "ja", "profile.language == \"ja\"")
            },
            ConformanceCheck("r16_markAsReadWithTokenFromMessageEvent") { h in
                let event = try h.platform.sendText("Read me", from: h.user, channel: h.channel).events[0]
                try await h.transport.markAsRead(
                    token: try h.require(event.markAsReadToken, "event.markAsReadToken"),
                    channel: h.channel
                )
                try h.expect(
                    h.platform.messagesMarkedAsRead(channel: h.channel) == [
                        try h.require(event.messageID, "event.messageID")
                    ],
                    "h.platform.messagesMarkedAsRead(channel: h.channel) == [try h.require(event.messageID, \"event.messageID\")]"
                )
                let error = try await h.error { try await h.transport.markAsRead(token: "bogus", channel: h.channel) }
                try h.expect(error.code == .badRequest, "error.code == .badRequest")
            },
            ConformanceCheck("loadingAnimationIsAcceptedAndBadDurationNeverSent") { h in
                let ack = try await h.transport.showLoadingAnimation(for: h.user, seconds: 10, channel: h.channel)
                try h.expect(ack.status == 202, "ack.status == 202")
                let error = try await h.error {
                    try await h.transport.showLoadingAnimation(for: h.user, seconds: 7, channel: h.channel)
                }
                try h.expect(error.code == .invalidRequest, "error.code == .invalidRequest")
                try h.expect(h.platform.requests.count == 1, "h.platform.requests.count == 1")
            },
            ConformanceCheck("contentIsStreamedInChunks") { h in
                let image = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
                let event = try h.platform.sendImage(image, contentType: "image/png", from: h.user, channel: h.channel)
                    .events[0]
                let content = try await h.transport.downloadContent(
                    messageID: try h.require(event.messageID, "event.messageID"),
                    channel: h.channel
                )
                try h.expect(content.contentType == "image/png", "content.contentType == \"image/png\"")
                var chunks = 0
                var bytes: [UInt8] = []
                for try await chunk in content.body {
                    chunks += 1
                    bytes += chunk
                }
                try h.expect(bytes == image, "bytes == image")
                try h.expect(chunks > 1, "chunks > 1")
                _ = try h.platform.unsend(
                    try h.require(event.messageID, "event.messageID"),
                    by: h.user,
                    channel: h.channel
                )
                let error = try await h.error {
                    try await h.transport.downloadContent(
                        messageID: try h.require(event.messageID, "event.messageID"),
                        channel: h.channel
                    )
                }
                try h.expect(error.code == .notFound, "error.code == .notFound")
            },
            ConformanceCheck("r33_webhookSettingsAndTest") { h in
                let settings = try await h.transport.webhookEndpoint(channel: h.channel)
                try h.expect(settings.isActive, "settings.isActive")
                try h.expect(
                    settings.endpoint == "https://chat.example.com/line/webhook",
                    "settings.endpoint == \"https://chat.example.com/line/webhook\""
                )
                try h.expect(
                    try await h.transport.botInfo(channel: h.channel).chatMode == .bot,
                    "try await h.transport.botInfo(channel: h.channel).chatMode == .bot"
                )
                try h.expect(
                    try await h.transport.testWebhookEndpoint(channel: h.channel).isSuccess,
                    "try await h.transport.testWebhookEndpoint(channel: h.channel).isSuccess"
                )
                h.platform.configureWebhook(
                    endpoint: "https://old.example.com/hook",
                    active: false,
                    reachable: false,
                    chatEnabled: true,
                    channel: h.channel
                )
                let test = try await h.transport.testWebhookEndpoint(channel: h.channel)
                try h.expect(!test.isSuccess, "!test.isSuccess")
                try h.expect(test.reason == "COULD_NOT_CONNECT", "test.reason == \"COULD_NOT_CONNECT\"")
                try h.expect(
                    try await h.transport.webhookEndpoint(channel: h.channel).isActive == false,
                    "try await h.transport.webhookEndpoint(channel: h.channel).isActive == false"
                )
                try h.expect(
                    try await h.transport.botInfo(channel: h.channel).chatMode == .chat,
                    "try await h.transport.botInfo(channel: h.channel).chatMode == .chat"
                )
            },
            ConformanceCheck("r15_replyFirstFallsBackToPushWhenTokenIsStaleOrRejected") { h in
                let event = try h.platform.sendText("Hi", from: h.user, channel: h.channel).events[0]
                let received = ReceivedReplyToken(
                    try h.require(event.replyToken, "event.replyToken"),
                    receivedAt: event.timestamp
                )
                var repliedState = LineDeliveryState(retryKey: .random())
                let replied = try await h.transport.replyOrPush(
                    try h.texts("Fresh"),
                    to: h.user,
                    replyToken: received,
                    state: &repliedState,
                    at: h.clock.now(),
                    channel: h.channel
                )
                guard case .replied = replied else {
                    throw ConformanceFailure(
                        .expectationFailed,
                        check: h.check,
                        expectation: "a fresh token carries the messages as a reply"
                    )
                }
                // The same token again: LINE rejects it, so the helper pushes.
                var rejectedState = LineDeliveryState(retryKey: .random())
                let rejected = try await h.transport.replyOrPush(
                    try h.texts("Again"),
                    to: h.user,
                    replyToken: received,
                    state: &rejectedState,
                    at: h.clock.now(),
                    channel: h.channel
                )
                try h.expect(
                    rejected == .pushed(rejected.receipts, reason: .replyTokenRejected),
                    "rejected == .pushed(rejected.receipts, reason: .replyTokenRejected)"
                )
                h.clock.advance(by: .minutes(2))
                var staleState = LineDeliveryState(retryKey: .random())
                let stale = try await h.transport.replyOrPush(
                    try h.texts("Later"),
                    to: h.user,
                    replyToken: received,
                    state: &staleState,
                    at: h.clock.now(),
                    channel: h.channel
                )
                try h.expect(
                    stale == .pushed(stale.receipts, reason: .replyTokenExpired),
                    "stale == .pushed(stale.receipts, reason: .replyTokenExpired)"
                )
                try h.expect(
                    h.platform.outbox.map(\.kind) == [.reply, .push, .push],
                    "h.platform.outbox.map(\\.kind) == [.reply, .push, .push]"
                )
            },
        ]
    }
}
