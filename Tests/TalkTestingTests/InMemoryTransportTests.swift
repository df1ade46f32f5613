import TalkModel
import TalkTesting
import TalkTransport
import TalkWire
import Testing

@Suite("InMemoryTransport")
struct InMemoryTransportTests {
    @Test func virtualClockIsSharedByReference() {
        let clock = VirtualClock()
        let line = InMemoryTransport(clock: clock)
        let start = clock.now()
        clock.advance(by: .minutes(5))
        #expect(line.clock.now() == start.advanced(by: .minutes(5)))
    }

    @Test func faultsApplyToMatchingPathsOnlyAndRunOut() async throws {
        let line = InMemoryTransport()
        let channel = try LineChannelID("1650000001")
        line.addChannel(channel)
        line.injectFault(.serverError(), count: 2, pathPrefix: "/v2/bot/message/quota")
        _ = try await line.webhookEndpoint(channel: channel)
        for _ in 0..<2 {
            await #expect(throws: TalkTransportError.self) { try await line.perform(LineQuotaCall(), channel: channel) }
        }
        #expect(try await line.perform(LineQuotaCall(), channel: channel).limit == 200)
    }

    @Test func r32_quotaMonthResetsInTokyo() async throws {
        // 2025-01-31T15:00:00Z is 2025-02-01T00:00 in Tokyo: a new quota month.
        let clock = VirtualClock(at: Timestamp(millisecondsSinceEpoch: 1_738_335_600_000 - 60_000))
        let line = InMemoryTransport(clock: clock)
        let channel = try LineChannelID("1650000001")
        line.addChannel(channel, plan: .free, usedThisMonth: 200)
        let user = line.addUser(displayName: "Aiko")
        _ = try line.follow(user, channel: channel)
        let messages = try LineMessageEncoder(catalog: EmojiCatalog()).messages(for: [.text(TextContent("Hi"))])
        let error = await #expect(throws: TalkTransportError.self) {
            try await line.push(to: user, messages: messages, retryKey: .random(), channel: channel)
        }
        #expect(error?.code == .quotaExceeded)
        clock.advance(by: .minutes(2))
        _ = try await line.push(to: user, messages: messages, retryKey: .random(), channel: channel)
        #expect(line.quotaUsage(channel: channel) == 1)
    }

    @Test func r15_pushToUserWhoNeverAddedTheAccountFails() async throws {
        let line = InMemoryTransport()
        let channel = try LineChannelID("1650000001")
        line.addChannel(channel)
        let stranger = line.addUser(displayName: "Stranger")
        let messages = try LineMessageEncoder(catalog: EmojiCatalog()).messages(for: [.text(TextContent("Hi"))])
        let error = await #expect(throws: TalkTransportError.self) {
            try await line.push(to: stranger, messages: messages, retryKey: .random(), channel: channel)
        }
        #expect(error?.code == .badRequest)
        #expect(line.outbox.isEmpty)
    }

    @Test func pushOfMoreThanFiveMessagesUsesDerivedRetryKeys() async throws {
        let line = InMemoryTransport()
        let channel = try LineChannelID("1650000001")
        line.addChannel(channel, plan: .standard)
        let user = line.addUser(displayName: "Aiko")
        _ = try line.follow(user, channel: channel)
        let contents = (1...7).map { MessageContent.text(TextContent("m\($0)")) }
        let messages = try LineMessageEncoder(catalog: EmojiCatalog()).messages(for: contents)
        let key = LineRetryKey.random()
        let receipts = try await line.push(to: user, messages: messages, retryKey: key, channel: channel)
        #expect(receipts.count == 2)
        #expect(line.outbox.map(\.retryKey) == [key, key.derived(index: 1)])
        // Retrying the whole send after a failure sends nothing twice.
        let again = try await line.push(to: user, messages: messages, retryKey: key, channel: channel)
        #expect(again.allSatisfy { $0.isDuplicate })
        #expect(line.outbox.count == 2)
    }
}
