import TalkTransport
import Testing

/// Records waits without waiting; the clock moves by what was waited.
private final class FakeWaits: @unchecked Sendable {
    private(set) var delays: [Duration] = []
    private var elapsed: Duration = .zero

    var environment: RetryEnvironment {
        RetryEnvironment(
            sleep: {
                self.delays.append($0)
                self.elapsed += $0
            },
            random: { 0.25 },
            now: { self.elapsed }
        )
    }
}

@Suite("Retry policy")
struct RetryPolicyTests {
    private func failure(_ code: TalkTransportError.Code, processed: Bool? = nil) -> TalkTransportError {
        TalkTransportError(code, operation: "test", message: "injected", mayHaveBeenProcessed: processed)
    }

    @Test func delaysGrowExponentiallyUpToTheCapWithBoundedJitter() {
        let policy = RetryPolicy(
            maximumAttempts: 10,
            initialDelay: .seconds(1),
            maximumDelay: .seconds(8),
            maximumTotalTime: .seconds(100),
            jitter: 0.5
        )
        #expect(policy.delay(beforeRetry: 1, random: 0) == .seconds(1))
        #expect(policy.delay(beforeRetry: 3, random: 0) == .seconds(4))
        #expect(policy.delay(beforeRetry: 6, random: 0) == .seconds(8))
        #expect(policy.delay(beforeRetry: 2, random: 0.999_999_9) > .milliseconds(999))
        #expect(policy.delay(beforeRetry: 2, random: 1) == .seconds(1))
    }

    @Test func stopsWhenTheNextWaitWouldExceedTheTimeBudget() async {
        let waits = FakeWaits()
        let policy = RetryPolicy(
            maximumAttempts: 10,
            initialDelay: .seconds(1),
            maximumDelay: .seconds(8),
            maximumTotalTime: .seconds(4),
            jitter: 0
        )
        var attempts = 0
        await #expect(throws: TalkTransportError.self) {
            try await policy.run(idempotency: .idempotent, environment: waits.environment) { _ in
                attempts += 1
                throw failure(.serverError)
            }
        }
        // 1 s and 2 s fit in 4 s; the next 4 s would not.
        #expect(waits.delays == [.seconds(1), .seconds(2)])
        #expect(attempts == 3)
    }

    @Test func neverRetriesOtherClientErrors() async {
        let waits = FakeWaits()
        var attempts = 0
        for code in [
            TalkTransportError.Code.badRequest, .unauthorized, .forbidden, .notFound, .duplicate, .quotaExceeded,
        ] {
            await #expect(throws: TalkTransportError.self) {
                try await RetryPolicy.default.run(idempotency: .retryKey, environment: waits.environment) { _ in
                    attempts += 1
                    throw failure(code)
                }
            }
        }
        #expect(attempts == 6)
        #expect(waits.delays.isEmpty)
    }

    @Test func replyIsRetriedOnlyWhenItCertainlyHadNoEffect() {
        #expect(RetryPolicy.isRetryable(failure(.rateLimited), idempotency: .notIdempotent))
        #expect(RetryPolicy.isRetryable(failure(.network, processed: false), idempotency: .notIdempotent))
        #expect(!RetryPolicy.isRetryable(failure(.network), idempotency: .notIdempotent))
        #expect(!RetryPolicy.isRetryable(failure(.timeout), idempotency: .notIdempotent))
        #expect(!RetryPolicy.isRetryable(failure(.serverError), idempotency: .notIdempotent))
        #expect(RetryPolicy.isRetryable(failure(.serverError), idempotency: .retryKey))
        #expect(RetryPolicy.isRetryable(failure(.timeout), idempotency: .idempotent))
    }

    @Test func retryAfterIsHonoured() async throws {
        let waits = FakeWaits()
        var attempts = 0
        let value = try await RetryPolicy.default.run(idempotency: .idempotent, environment: waits.environment) { _ in
            attempts += 1
            if attempts == 1 {
                throw TalkTransportError(.rateLimited, operation: "t", message: "slow down", retryAfter: .seconds(3))
            }
            return 42
        }
        #expect(value == 42)
        #expect(waits.delays == [.seconds(3)])
    }
}
