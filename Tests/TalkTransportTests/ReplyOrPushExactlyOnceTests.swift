import Synchronization
import TalkModel
import TalkTesting
import TalkTransport
import TalkWire
import Testing

/// The reply token a scenario starts with.
enum TokenCase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// A fresh token: the first five messages go as a reply.
    case fresh
    /// No token: everything is pushed.
    case none
    /// A token past its lifetime by the app's clock: everything is pushed without trying it.
    case stale
    /// A token LINE rejects because it was used: everything is pushed after the rejection.
    case rejected
    /// Fresh at the first attempt, past its lifetime at every retry.
    case expiresBeforeRetry

    var testDescription: String { rawValue }
}

/// Where the first attempt fails: at which send call, and whether LINE processed it.
struct FailurePoint: CustomTestStringConvertible, Sendable {
    /// The index of the failing send call within the first attempt.
    var call: Int
    /// `true` when LINE processed the call and only its answer was lost.
    var answerLost: Bool

    static let all: [FailurePoint] = (0..<4).flatMap { call in
        [FailurePoint(call: call, answerLost: false), FailurePoint(call: call, answerLost: true)]
    }

    var testDescription: String { "call \(call), \(answerLost ? "answer lost" : "not sent")" }
}

/// A transport onto the fake platform whose `failing`-th send fails once, before or after reaching LINE.
private final class FailingOnceTransport: LineMessagingTransport, Sendable {
    let base: InMemoryTransport
    let point: FailurePoint
    private let calls = Mutex(0)

    init(base: InMemoryTransport, point: FailurePoint) {
        self.base = base
        self.point = point
    }

    func perform<Call: LineAPICall>(_ call: Call, channel: LineChannelID) async throws -> Call.Response {
        let index = calls.withLock { count in
            defer { count += 1 }
            return count
        }
        let operation = call.request.operation
        guard index == point.call else { return try await base.perform(call, channel: channel) }
        guard point.answerLost else {
            throw TalkTransportError(
                .network,
                operation: operation,
                message: "the connection was refused",
                mayHaveBeenProcessed: false
            )
        }
        _ = try await base.perform(call, channel: channel)
        throw TalkTransportError(.timeout, operation: operation, message: "the answer was lost")
    }

    func downloadContent(messageID: String, channel: LineChannelID) async throws -> LineContent {
        try await base.downloadContent(messageID: messageID, channel: channel)
    }
}

@Suite("replyOrPush retried after a partial failure")
struct ReplyOrPushExactlyOnceTests {
    private let messageCount = 12

    /// Sends twelve messages with a first attempt that fails at `point`, retries with the same state until the
    /// send succeeds, and returns how often each message reached the user.
    private func deliveries(
        _ tokenCase: TokenCase,
        failingAt point: FailurePoint?
    ) async throws -> (counts: [String: Int], unconfirmed: Bool) {
        let platform = InMemoryTransport()
        let channel = try LineChannelID("1650000001")
        platform.addChannel(channel, plan: .standard)
        let user = platform.addUser(displayName: "Aiko")
        _ = try platform.follow(user, channel: channel)
        let event = try platform.sendText("Hi", from: user, channel: channel).events[0]
        let received = try ReceivedReplyToken(#require(event.replyToken), receivedAt: event.timestamp)
        switch tokenCase {
        case .rejected:
            _ = try await platform.reply(
                replyToken: received.token,
                messages: try texts(["earlier"]),
                channel: channel
            )
        case .stale:
            platform.clock.advance(by: .minutes(2))
        case .fresh, .none, .expiresBeforeRetry:
            break
        }
        let token = tokenCase == .none ? nil : received
        let messages = try texts((0..<messageCount).map { "m\($0)" })
        var state = LineDeliveryState(retryKey: .random())
        var sawUnconfirmed = false
        var transport: any LineMessagingTransport =
            point.map { FailingOnceTransport(base: platform, point: $0) } ?? platform
        var succeeded = false
        for _ in 0..<6 where !succeeded {
            do {
                _ = try await transport.replyOrPush(
                    messages,
                    to: user,
                    replyToken: token,
                    state: &state,
                    at: platform.clock.now(),
                    channel: channel
                )
                succeeded = true
            } catch let error as TalkTransportError where error.code == .replyUnconfirmed {
                // The operator's decision: the lost answer belonged to a reply LINE processed.
                sawUnconfirmed = true
                state.reply = .sent(requestID: nil)
            } catch is TalkTransportError {
                // Retry with the same state, as an app's outbox would.
            }
            transport = platform
            if tokenCase == .expiresBeforeRetry { platform.clock.set(to: event.timestamp.advanced(by: .minutes(2))) }
        }
        #expect(succeeded)
        var counts: [String: Int] = [:]
        for entry in platform.messages(deliveredTo: user) {
            for text in entry.texts where text.hasPrefix("m") { counts[text, default: 0] += 1 }
        }
        return (counts, sawUnconfirmed)
    }

    private func texts(_ strings: [String]) throws -> [LineOutboundMessage] {
        try LineMessageEncoder(catalog: EmojiCatalog()).messages(for: strings.map { .text(TextContent($0)) })
    }

    private var everyMessageOnce: [String: Int] {
        Dictionary(uniqueKeysWithValues: (0..<messageCount).map { ("m\($0)", 1) })
    }

    @Test(arguments: TokenCase.allCases, FailurePoint.all)
    func r15_everyMessageIsDeliveredExactlyOnce(_ tokenCase: TokenCase, _ point: FailurePoint) async throws {
        let result = try await deliveries(tokenCase, failingAt: point)
        #expect(result.counts == everyMessageOnce)
        // Only a reply whose answer was lost, retried after its token went stale, needs the caller to decide.
        let replyLostThenStale = tokenCase == .expiresBeforeRetry && point.call == 0 && point.answerLost
        #expect(result.unconfirmed == replyLostThenStale)
    }

    @Test(arguments: TokenCase.allCases)
    func r15_withoutFailureEveryMessageIsDeliveredOnce(_ tokenCase: TokenCase) async throws {
        #expect(try await deliveries(tokenCase, failingAt: nil).counts == everyMessageOnce)
    }

    @Test func theRestIsPushedUnderTheKeysOfItsChunksWhicheverPathCarriesIt() async throws {
        let key = LineRetryKey.random()
        let platform = InMemoryTransport()
        let channel = try LineChannelID("1650000001")
        platform.addChannel(channel, plan: .standard)
        let user = platform.addUser(displayName: "Aiko")
        _ = try platform.follow(user, channel: channel)
        let event = try platform.sendText("Hi", from: user, channel: channel).events[0]
        let token = try ReceivedReplyToken(#require(event.replyToken), receivedAt: event.timestamp)
        var state = LineDeliveryState(retryKey: key)
        _ = try await platform.replyOrPush(
            try texts((0..<12).map { "m\($0)" }),
            to: user,
            replyToken: token,
            state: &state,
            at: platform.clock.now(),
            channel: channel
        )
        let keys = platform.requests.compactMap { $0.headers["x-line-retry-key"] }
        // Chunk 0 went as the reply; chunks 1 and 2 carry the keys a push of everything would give them.
        #expect(keys == [key.derived(index: 1).rawValue, key.derived(index: 2).rawValue])
        #expect(state.reply == .sent(requestID: platform.outbox.first?.requestID))
    }

    @Test func platformFaultsOnReplyAndPushStillDeliverOnce() async throws {
        for (fault, path) in [
            (TransportFault.serverError(status: 503), "/v2/bot/message/reply"),
            (.timeoutAfterProcessing, "/v2/bot/message/reply"),
            (.serverError(status: 500), "/v2/bot/message/push"),
            (.timeoutAfterProcessing, "/v2/bot/message/push"),
            (.connectionDropped, "/v2/bot/message/push"),
        ] {
            let platform = InMemoryTransport()
            let channel = try LineChannelID("1650000001")
            platform.addChannel(channel, plan: .standard)
            let user = platform.addUser(displayName: "Aiko")
            _ = try platform.follow(user, channel: channel)
            let event = try platform.sendText("Hi", from: user, channel: channel).events[0]
            let token = try ReceivedReplyToken(#require(event.replyToken), receivedAt: event.timestamp)
            platform.injectFault(fault, pathPrefix: path)
            var state = LineDeliveryState(retryKey: .random())
            var attempts = 0
            var done = false
            while !done && attempts < 4 {
                attempts += 1
                do {
                    _ = try await platform.replyOrPush(
                        try texts((0..<8).map { "m\($0)" }),
                        to: user,
                        replyToken: token,
                        state: &state,
                        at: platform.clock.now(),
                        channel: channel
                    )
                    done = true
                } catch is TalkTransportError {}
            }
            let delivered = platform.messages(deliveredTo: user).flatMap(\.texts)
            #expect(done, "\(fault) on \(path)")
            #expect(attempts == 2, "\(fault) on \(path)")
            #expect(delivered == (0..<8).map { "m\($0)" }, "\(fault) on \(path)")
        }
    }

    @Test func aStateRestoredFromBeforeTheReplyRepeatsOnlyTheRepliedChunk() async throws {
        let key = LineRetryKey.random()
        let platform = InMemoryTransport()
        let channel = try LineChannelID("1650000001")
        platform.addChannel(channel, plan: .standard)
        let user = platform.addUser(displayName: "Aiko")
        _ = try platform.follow(user, channel: channel)
        let event = try platform.sendText("Hi", from: user, channel: channel).events[0]
        let token = try ReceivedReplyToken(#require(event.replyToken), receivedAt: event.timestamp)
        let messages = try texts((0..<12).map { "m\($0)" })
        var state = LineDeliveryState(retryKey: key)
        _ = try await platform.replyOrPush(
            messages,
            to: user,
            replyToken: token,
            state: &state,
            at: platform.clock.now(),
            channel: channel
        )
        // The app lost the state and retries later from a snapshot taken before the reply.
        platform.clock.advance(by: .minutes(2))
        var stale = LineDeliveryState(retryKey: key)
        let again = try await platform.replyOrPush(
            messages,
            to: user,
            replyToken: token,
            state: &stale,
            at: platform.clock.now(),
            channel: channel
        )
        #expect(again.receipts.map(\.isDuplicate) == [false, true, true])
        var counts: [String: Int] = [:]
        for text in platform.messages(deliveredTo: user).flatMap(\.texts) { counts[text, default: 0] += 1 }
        // Replies carry no retry key, so only the replied chunk can repeat; its state is what prevents that.
        #expect(counts.filter { $0.value == 2 }.keys.sorted() == (0..<5).map { "m\($0)" })
        #expect(counts.filter { $0.value == 1 }.count == 7)
    }
}
