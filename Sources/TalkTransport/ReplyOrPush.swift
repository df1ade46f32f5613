public import TalkModel
public import TalkWire

/// A reply token as received, with the time it arrived, so its freshness can be judged.
public struct ReceivedReplyToken: Sendable, Hashable {
    /// How long LINE guarantees a reply token: one minute from the event.
    public static let lifetime = TalkDuration.minutes(1)

    /// The token.
    public var token: String
    /// When the event carrying it arrived (or its `timestamp`).
    public var receivedAt: Timestamp

    /// Creates a received token.
    /// - Parameters:
    ///   - token: The event's `replyToken`.
    ///   - receivedAt: When the event arrived.
    public init(_ token: String, receivedAt: Timestamp) {
        self.token = token
        self.receivedAt = receivedAt
    }

    /// Whether the token can still be used, keeping a safety margin before it expires.
    /// - Parameters:
    ///   - now: The current time.
    ///   - margin: Time kept in reserve for the request itself.
    /// - Returns: `true` while `now` is before `receivedAt + lifetime - margin`.
    public func isFresh(at now: Timestamp, margin: TalkDuration = .seconds(5)) -> Bool {
        now < receivedAt.advanced(by: TalkDuration(milliseconds: Self.lifetime.milliseconds - margin.milliseconds))
    }
}

/// How messages reached a user with ``TalkTransport/replyOrPush(_:to:replyToken:retryKey:at:channel:notificationDisabled:)``.
public enum LineDelivery: Sendable, Hashable {
    /// The reply token carried the (first five) messages; any others were pushed.
    case replied(LineSendReceipt, pushed: [LineSendReceipt])
    /// Everything was pushed, for the given reason.
    case pushed([LineSendReceipt], reason: ReplyFallbackReason)

    /// Every receipt, in order.
    public var receipts: [LineSendReceipt] {
        switch self {
        case .replied(let reply, let pushed): [reply] + pushed
        case .pushed(let pushed, _): pushed
        }
    }
}

/// Why a reply-first send fell back to push.
public enum ReplyFallbackReason: Sendable, Hashable {
    /// There was no reply token (the user has not written since, as R15 allows after adding).
    case noReplyToken
    /// The token was older than its lifetime (minus the safety margin), so it was not tried.
    case replyTokenExpired
    /// LINE rejected the token as invalid, used or expired.
    case replyTokenRejected
}

extension TalkTransport {
    /// Sends to a user with the free reply token while it is fresh, and pushes otherwise: the "reply first,
    /// push as fallback" policy (R15, R32).
    ///
    /// - A fresh token carries the first five messages as a reply (not counted against the quota); the rest
    ///   are pushed with keys derived from `retryKey`.
    /// - No token, a stale one, or one LINE rejects (``TalkTransportError/Code/invalidReplyToken``) leads to a
    ///   push of everything with `retryKey`, so calling again with the same key never sends twice.
    /// - Any other reply failure is thrown, not pushed: after a timeout or 5xx the reply may have gone out, and
    ///   a push would show the messages twice. Deciding that is the caller's business.
    /// - Parameters:
    ///   - messages: The messages, any number above zero.
    ///   - user: The recipient.
    ///   - replyToken: The latest reply token received from the user, if any.
    ///   - retryKey: The key for pushes, created and stored before the first attempt.
    ///   - now: The current time, to judge the token's freshness.
    ///   - channel: The sending channel.
    ///   - notificationDisabled: `true` to deliver without a notification.
    /// - Returns: How the messages went out.
    /// - Throws: ``TalkTransportError``.
    public func replyOrPush(
        _ messages: [LineOutboundMessage],
        to user: LineUserID,
        replyToken: ReceivedReplyToken?,
        retryKey: LineRetryKey,
        at now: Timestamp,
        channel: LineChannelID,
        notificationDisabled: Bool = false
    ) async throws -> LineDelivery {
        guard let replyToken else {
            let receipts = try await push(
                to: user,
                messages: messages,
                retryKey: retryKey,
                notificationDisabled: notificationDisabled,
                channel: channel
            )
            return .pushed(receipts, reason: .noReplyToken)
        }
        guard replyToken.isFresh(at: now) else {
            let receipts = try await push(
                to: user,
                messages: messages,
                retryKey: retryKey,
                notificationDisabled: notificationDisabled,
                channel: channel
            )
            return .pushed(receipts, reason: .replyTokenExpired)
        }
        let first = Array(messages.prefix(LineRequest.maximumMessagesPerRequest))
        let rest = Array(messages.dropFirst(LineRequest.maximumMessagesPerRequest))
        let replyReceipt: LineSendReceipt
        do {
            replyReceipt = try await reply(
                replyToken: replyToken.token,
                messages: first,
                notificationDisabled: notificationDisabled,
                channel: channel
            )
        } catch let error as TalkTransportError where error.code == .invalidReplyToken {
            let receipts = try await push(
                to: user,
                messages: messages,
                retryKey: retryKey,
                notificationDisabled: notificationDisabled,
                channel: channel
            )
            return .pushed(receipts, reason: .replyTokenRejected)
        }
        guard !rest.isEmpty else { return .replied(replyReceipt, pushed: []) }
        let pushed = try await push(
            to: user,
            messages: rest,
            retryKey: retryKey,
            notificationDisabled: notificationDisabled,
            channel: channel
        )
        return .replied(replyReceipt, pushed: pushed)
    }
}
