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

/// How messages reached a user with
/// ``LineMessagingTransport/replyOrPush(_:to:replyToken:state:at:channel:notificationDisabled:)``.
@nonexhaustive
public enum LineDelivery: Sendable, Hashable {
    /// The reply token carried the (first five) messages; any others were pushed. When an earlier attempt of
    /// the same send made the reply, its receipt has ``LineSendReceipt/isDuplicate`` set.
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
@nonexhaustive
public enum ReplyFallbackReason: Sendable, Hashable {
    /// There was no reply token (the user has not written since, as R15 allows after adding).
    case noReplyToken
    /// The token was older than its lifetime (minus the safety margin), so it was not tried.
    case replyTokenExpired
    /// LINE rejected the token as invalid, used or expired.
    case replyTokenRejected
}

/// What one reply-first send has done so far, so that retrying it never shows a message twice.
///
/// Create it with a new ``LineRetryKey`` before the first attempt, store it with the outgoing messages, and pass
/// the same value (`inout`) to every attempt of that send, including attempts after a restart: the attempts
/// update it as they go, also when they throw.
///
/// ## How each message keeps one key
/// The messages are cut into chunks of five, chunk *c* holding messages `5c..<5c+5`. The reply can only carry
/// chunk 0. Chunk *c* is pushed with `retryKey.derived(index: c)` whichever path pushes it (everything, or the
/// rest after a reply), so LINE's 409 on a repeated key stops a chunk from being delivered twice. Replies take no
/// retry key, which is why the state records the reply: once it went out (``ReplyStatus/sent(requestID:)``),
/// later attempts push only chunks 1 and up; once the messages went by push (``ReplyStatus/bypassed``), no
/// attempt replies. Even a state restored from before the reply keeps chunks 1 and up from repeating, since
/// their keys are the same on both paths.
public struct LineDeliveryState: Sendable, Hashable {
    /// Where the reply of chunk 0 stands.
    @nonexhaustive
    public enum ReplyStatus: Sendable, Hashable {
        /// No reply was made, or LINE refused one without delivering it.
        case notSent
        /// The reply was delivered; LINE's request ID, when known.
        case sent(requestID: String?)
        /// A reply attempt failed without saying whether LINE processed it (a timeout, a 5xx, a dropped
        /// connection). The next attempt asks again with the same single-use token: LINE delivers it if the
        /// first did not go through and rejects it if it did.
        case unconfirmed
        /// The messages went by push from chunk 0, so no later attempt may reply.
        case bypassed
    }

    /// The key the pushes derive theirs from.
    public let retryKey: LineRetryKey
    /// Where the reply stands.
    public var reply: ReplyStatus

    /// Creates the state of a send, new or restored from storage.
    /// - Parameters:
    ///   - retryKey: The key created before the first attempt.
    ///   - reply: The reply's status; ``ReplyStatus/notSent`` for a new send.
    public init(retryKey: LineRetryKey, reply: ReplyStatus = .notSent) {
        self.retryKey = retryKey
        self.reply = reply
    }
}

extension LineMessagingTransport {
    /// Sends to a user with the free reply token while it is fresh, and pushes otherwise: the "reply first,
    /// push as fallback" policy (R15, R32). Retrying with the same `state` never delivers a message twice.
    ///
    /// - A fresh token carries the first five messages as a reply (not counted against the quota); the rest are
    ///   pushed, chunk *c* of five with `state.retryKey.derived(index: c)` (see ``LineDeliveryState``).
    /// - No token, a stale one, or one LINE rejects (``TalkTransportError/Code/invalidReplyToken``) leads to a
    ///   push of everything with the same per-chunk keys.
    /// - A reply failure that may have been processed (a timeout, a 5xx) is thrown, not pushed, and recorded as
    ///   ``LineDeliveryState/ReplyStatus/unconfirmed``: the next attempt asks again with the token, which LINE
    ///   honours at most once. If the token has gone stale by then, the outcome cannot be learnt any more and the
    ///   call throws ``TalkTransportError/Code/replyUnconfirmed`` rather than risk showing the messages twice;
    ///   set `state.reply` to decide.
    /// - Parameters:
    ///   - messages: The messages, any number above zero; the same ones on every attempt.
    ///   - user: The recipient.
    ///   - replyToken: The latest reply token received from the user, if any.
    ///   - state: The send's state, created before the first attempt and passed to every attempt.
    ///   - now: The current time, to judge the token's freshness.
    ///   - channel: The sending channel.
    ///   - notificationDisabled: `true` to deliver without a notification.
    /// - Returns: How the messages went out.
    /// - Throws: ``TalkTransportError``; `state` says what was done before the failure.
    public func replyOrPush(
        _ messages: [LineOutboundMessage],
        to user: LineUserID,
        replyToken: ReceivedReplyToken?,
        state: inout LineDeliveryState,
        at now: Timestamp,
        channel: LineChannelID,
        notificationDisabled: Bool = false
    ) async throws -> LineDelivery {
        let chunk = LineRequest.maximumMessagesPerRequest
        let rest = Array(messages.dropFirst(chunk))
        let replyReceipt: LineSendReceipt
        switch state.reply {
        case .bypassed:
            let receipts = try await pushChunks(messages, from: 0, state, user, notificationDisabled, channel)
            guard let replyToken else { return .pushed(receipts, reason: .noReplyToken) }
            return .pushed(receipts, reason: replyToken.isFresh(at: now) ? .replyTokenRejected : .replyTokenExpired)
        case .sent(let requestID):
            replyReceipt = Self.earlierReply(requestID: requestID)
        case .notSent, .unconfirmed:
            guard let replyToken else {
                state.reply = .bypassed
                let receipts = try await pushChunks(messages, from: 0, state, user, notificationDisabled, channel)
                return .pushed(receipts, reason: .noReplyToken)
            }
            guard replyToken.isFresh(at: now) else {
                if state.reply == .unconfirmed {
                    throw TalkTransportError(
                        .replyUnconfirmed,
                        operation: "reply",
                        message: "an earlier reply may have been delivered and its token is stale now, so the "
                            + "first \(min(chunk, messages.count)) messages are neither replied nor pushed",
                        mayHaveBeenProcessed: true
                    )
                }
                state.reply = .bypassed
                let receipts = try await pushChunks(messages, from: 0, state, user, notificationDisabled, channel)
                return .pushed(receipts, reason: .replyTokenExpired)
            }
            do {
                replyReceipt = try await reply(
                    replyToken: replyToken.token,
                    messages: Array(messages.prefix(chunk)),
                    notificationDisabled: notificationDisabled,
                    channel: channel
                )
                state.reply = .sent(requestID: replyReceipt.requestID)
            } catch let error as TalkTransportError where error.code == .invalidReplyToken {
                guard state.reply != .unconfirmed else {
                    // The token is still fresh, so LINE refused it because it was used: by the earlier attempt.
                    state.reply = .sent(requestID: nil)
                    let earlier = Self.earlierReply(requestID: nil)
                    return try await pushRest(rest, after: earlier, state, user, notificationDisabled, channel)
                }
                state.reply = .bypassed
                let receipts = try await pushChunks(messages, from: 0, state, user, notificationDisabled, channel)
                return .pushed(receipts, reason: .replyTokenRejected)
            } catch let error as TalkTransportError {
                if error.mayHaveBeenProcessed { state.reply = .unconfirmed }
                throw error
            } catch {
                // Cancelled mid-request: LINE may have processed the reply.
                state.reply = .unconfirmed
                throw error
            }
        }
        return try await pushRest(rest, after: replyReceipt, state, user, notificationDisabled, channel)
    }

    /// Pushes what follows the replied chunk.
    private func pushRest(
        _ rest: [LineOutboundMessage],
        after reply: LineSendReceipt,
        _ state: LineDeliveryState,
        _ user: LineUserID,
        _ notificationDisabled: Bool,
        _ channel: LineChannelID
    ) async throws -> LineDelivery {
        guard !rest.isEmpty else { return .replied(reply, pushed: []) }
        let pushed = try await pushChunks(rest, from: 1, state, user, notificationDisabled, channel)
        return .replied(reply, pushed: pushed)
    }

    /// Pushes messages as chunks of five, the first being chunk `firstChunk` of the whole send.
    private func pushChunks(
        _ messages: [LineOutboundMessage],
        from firstChunk: Int,
        _ state: LineDeliveryState,
        _ user: LineUserID,
        _ notificationDisabled: Bool,
        _ channel: LineChannelID
    ) async throws -> [LineSendReceipt] {
        let requests = try Self.pushRequests(to: user, messages, notificationDisabled: notificationDisabled)
        return try await sendAll(requests, retryKey: state.retryKey, firstKeyIndex: firstChunk, channel: channel)
    }

    /// The receipt of a reply an earlier attempt delivered.
    private static func earlierReply(requestID: String?) -> LineSendReceipt {
        LineSendReceipt(endpoint: .reply, requestID: requestID, sentMessages: [], retryKey: nil, isDuplicate: true)
    }
}
