public import TalkModel
public import TalkWire

extension LineMessagingTransport {
    /// Replies with a reply token: free of charge (R32), at most five messages, once per token.
    /// - Parameters:
    ///   - replyToken: The event's reply token; it expires about a minute after the event.
    ///   - messages: 1 to 5 messages from ``/TalkWire/LineMessageEncoder``.
    ///   - notificationDisabled: `true` to deliver without a notification.
    ///   - channel: The channel that received the event.
    /// - Returns: The receipt with the sent message IDs.
    /// - Throws: ``TalkTransportError``: ``TalkTransportError/Code/invalidReplyToken`` for a used or expired
    ///   token, ``TalkTransportError/Code/invalidRequest`` for 0 or more than 5 messages.
    public func reply(
        replyToken: String,
        messages: [LineOutboundMessage],
        notificationDisabled: Bool = false,
        channel: LineChannelID
    ) async throws -> LineSendReceipt {
        let request: LineRequest
        do {
            request = try LineRequest.reply(
                replyToken: replyToken,
                messages: messages,
                notificationDisabled: notificationDisabled
            )
        } catch {
            throw TalkTransportError(.invalidRequest, operation: "reply", message: "\(error)")
        }
        return try await perform(try LineSendCall(request, retryKey: nil), channel: channel)
    }

    /// Pushes messages to a user, five per request, each request with its own retry key derived from `retryKey`.
    ///
    /// A 409 on a repeated key means LINE accepted that request before: it counts as sent, and its receipt has
    /// ``LineSendReceipt/isDuplicate`` set and the accepted request's ID. So calling this again with the same key
    /// after a failure sends only what had not been sent.
    /// - Parameters:
    ///   - user: The recipient. R15: the user must have added the account; LINE answers 200 to a user who
    ///     blocked it, without delivering.
    ///   - messages: Any number of messages from ``/TalkWire/LineMessageEncoder``.
    ///   - retryKey: The key created before the first attempt and stored with the send.
    ///   - notificationDisabled: `true` to deliver without a notification.
    ///   - channel: The sending channel.
    /// - Returns: One receipt per request, in order.
    /// - Throws: ``TalkTransportError``; requests before the failing one have been sent.
    public func push(
        to user: LineUserID,
        messages: [LineOutboundMessage],
        retryKey: LineRetryKey,
        notificationDisabled: Bool = false,
        channel: LineChannelID
    ) async throws -> [LineSendReceipt] {
        let requests = try Self.pushRequests(to: user, messages, notificationDisabled: notificationDisabled)
        return try await sendAll(requests, retryKey: retryKey, channel: channel)
    }

    /// The push requests for `messages`, five messages each, or the encoding error as the transport's error.
    static func pushRequests(
        to user: LineUserID,
        _ messages: [LineOutboundMessage],
        notificationDisabled: Bool
    ) throws(TalkTransportError) -> [LineRequest] {
        do {
            return try LineRequest.push(
                to: user.rawValue,
                messages: messages,
                notificationDisabled: notificationDisabled
            )
        } catch {
            throw TalkTransportError(.invalidRequest, operation: "push", message: "\(error)")
        }
    }

    /// Sends the same messages to several users, 500 per request and five messages per request, each request
    /// with its own retry key derived from `retryKey`; a 409 counts as sent, as for
    /// ``push(to:messages:retryKey:notificationDisabled:channel:)``.
    /// - Parameters:
    ///   - users: The recipients; duplicates are sent to once.
    ///   - messages: Any number of messages.
    ///   - retryKey: The key created before the first attempt.
    ///   - notificationDisabled: `true` to deliver without a notification.
    ///   - channel: The sending channel.
    /// - Returns: One receipt per request.
    /// - Throws: ``TalkTransportError``.
    public func multicast(
        to users: [LineUserID],
        messages: [LineOutboundMessage],
        retryKey: LineRetryKey,
        notificationDisabled: Bool = false,
        channel: LineChannelID
    ) async throws -> [LineSendReceipt] {
        let requests: [LineRequest]
        do {
            requests = try LineRequest.multicast(
                to: users.map(\.rawValue),
                messages: messages,
                notificationDisabled: notificationDisabled
            )
        } catch {
            throw TalkTransportError(.invalidRequest, operation: "multicast", message: "\(error)")
        }
        return try await sendAll(requests, retryKey: retryKey, channel: channel)
    }

    /// Sends push-type requests in order, treating a repeated retry key's 409 as a success.
    ///
    /// Request `i` carries `retryKey.derived(index: firstKeyIndex + i)`. A reply-first send starts past the
    /// replied chunk, so every chunk of five messages keeps one key whichever path carries it.
    func sendAll(
        _ requests: [LineRequest],
        retryKey: LineRetryKey,
        firstKeyIndex: Int = 0,
        channel: LineChannelID
    ) async throws -> [LineSendReceipt] {
        var receipts: [LineSendReceipt] = []
        for (index, request) in requests.enumerated() {
            let key = retryKey.derived(index: firstKeyIndex + index)
            do {
                receipts.append(try await perform(try LineSendCall(request, retryKey: key), channel: channel))
            } catch let error as TalkTransportError where error.code == .duplicate {
                receipts.append(
                    LineSendReceipt(
                        endpoint: request.endpoint,
                        requestID: error.acceptedRequestID ?? error.requestID,
                        sentMessages: [],
                        retryKey: key,
                        isDuplicate: true
                    )
                )
            }
        }
        return receipts
    }

    /// Reads a friend's profile.
    /// - Parameters:
    ///   - user: The user.
    ///   - channel: The channel the user is a friend of.
    /// - Returns: The profile.
    /// - Throws: ``TalkTransportError``; ``TalkTransportError/Code/notFound`` when the user is not a friend.
    public func profile(of user: LineUserID, channel: LineChannelID) async throws -> LineUserProfile {
        try await perform(LineProfileCall(user: user), channel: channel)
    }

    /// Marks a user's messages as read up to the message the token came with (R16).
    /// - Parameters:
    ///   - token: The message event's `markAsReadToken`.
    ///   - channel: The channel that received the message.
    /// - Returns: LINE's acknowledgement.
    /// - Throws: ``TalkTransportError``; ``TalkTransportError/Code/badRequest`` for a token LINE does not accept.
    @discardableResult
    public func markAsRead(token: String, channel: LineChannelID) async throws -> LineAcknowledgement {
        try await perform(LineMarkAsReadCall(markAsReadToken: token), channel: channel)
    }

    /// Shows the loading animation in a user's 1:1 chat while an answer is being prepared.
    /// - Parameters:
    ///   - user: The user.
    ///   - seconds: 5 to 60, in steps of 5.
    ///   - channel: The channel.
    /// - Returns: LINE's acknowledgement.
    /// - Throws: ``TalkTransportError``; ``TalkTransportError/Code/invalidRequest`` for other durations.
    @discardableResult
    public func showLoadingAnimation(
        for user: LineUserID,
        seconds: Int = 20,
        channel: LineChannelID
    ) async throws -> LineAcknowledgement {
        try await perform(try LineLoadingAnimationCall(chat: user, seconds: seconds), channel: channel)
    }

    /// Reads the month's message limit and how much of it is used (R32).
    /// - Parameter channel: The channel.
    /// - Returns: The limit and the usage.
    /// - Throws: ``TalkTransportError``.
    public func quotaStatus(channel: LineChannelID) async throws -> LineQuotaStatus {
        let quota = try await perform(LineQuotaCall(), channel: channel)
        let used = try await perform(LineQuotaConsumptionCall(), channel: channel)
        return LineQuotaStatus(quota: quota, used: used)
    }

    /// Reads the account's basic settings, including whether its built-in chat is on (R33).
    /// - Parameter channel: The channel.
    /// - Returns: The settings.
    /// - Throws: ``TalkTransportError``.
    public func botInfo(channel: LineChannelID) async throws -> LineBotInfo {
        try await perform(LineBotInfoCall(), channel: channel)
    }

    /// Reads the channel's webhook URL and whether the webhook is on (R33).
    /// - Parameter channel: The channel.
    /// - Returns: The settings.
    /// - Throws: ``TalkTransportError``.
    public func webhookEndpoint(channel: LineChannelID) async throws -> LineWebhookEndpoint {
        try await perform(LineWebhookEndpointCall(), channel: channel)
    }

    /// Asks LINE to send a test webhook and reports what the endpoint answered (R33).
    /// - Parameters:
    ///   - endpoint: The URL to test; `nil` tests the configured one.
    ///   - channel: The channel.
    /// - Returns: The result; a failing endpoint is a result, not an error.
    /// - Throws: ``TalkTransportError`` when the test could not be run.
    public func testWebhookEndpoint(
        _ endpoint: String? = nil,
        channel: LineChannelID
    ) async throws
        -> LineWebhookTestResult
    {
        try await perform(LineWebhookTestCall(endpoint: endpoint), channel: channel)
    }
}

/// The month's message limit and usage of an Official Account (R32).
public struct LineQuotaStatus: Sendable, Hashable {
    /// The limit.
    public var quota: LineMessageQuota
    /// Messages counted this month.
    public var used: Int

    /// Creates a status.
    /// - Parameters:
    ///   - quota: The limit.
    ///   - used: The usage.
    public init(quota: LineMessageQuota, used: Int) {
        self.quota = quota
        self.used = used
    }

    /// Messages left this month, or `nil` when there is no limit.
    public var remaining: Int? { quota.limit.map { max(0, $0 - used) } }
}
