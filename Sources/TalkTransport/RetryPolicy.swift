/// How often and how patiently a transport retries: jittered exponential backoff, bounded in attempts and time.
///
/// The delay before retry *n* (n = 1 after the first failure) is `initialDelay * multiplier^(n-1)`, capped at
/// ``maximumDelay``, then shortened by a random fraction up to ``jitter`` so that many clients do not retry in
/// step. A server's `Retry-After` lengthens the delay, never shortens it. Retrying stops after
/// ``maximumAttempts`` attempts, or when the next delay would end beyond ``maximumTotalTime`` since the first
/// attempt started.
///
/// Only transient failures are retried (``TalkTransportError/isTransient``), and a request whose repetition could
/// act twice (``LineAPIRequest/Idempotency/notIdempotent``) only when the failure shows it had no effect.
public struct RetryPolicy: Sendable, Hashable {
    /// The most attempts, the first included; 1 disables retries.
    public var maximumAttempts: Int
    /// The delay before the first retry, before jitter.
    public var initialDelay: Duration
    /// The longest delay between two attempts, before jitter.
    public var maximumDelay: Duration
    /// The factor between successive delays.
    public var multiplier: Double
    /// The most time from the first attempt's start to the last retry's start.
    public var maximumTotalTime: Duration
    /// The largest fraction of a delay that jitter removes, from 0 (none) to 1 ("full jitter").
    public var jitter: Double

    /// Creates a policy.
    /// - Parameters:
    ///   - maximumAttempts: The most attempts, at least 1.
    ///   - initialDelay: The first delay.
    ///   - maximumDelay: The longest delay.
    ///   - multiplier: The growth factor, at least 1.
    ///   - maximumTotalTime: The time budget.
    ///   - jitter: The largest fraction removed at random, clamped to 0...1.
    public init(
        maximumAttempts: Int,
        initialDelay: Duration,
        maximumDelay: Duration,
        multiplier: Double = 2,
        maximumTotalTime: Duration,
        jitter: Double = 0.5
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialDelay = max(.zero, initialDelay)
        self.maximumDelay = max(self.initialDelay, maximumDelay)
        self.multiplier = max(1, multiplier.isFinite ? multiplier : 1)
        self.maximumTotalTime = max(.zero, maximumTotalTime)
        self.jitter = min(1, max(0, jitter.isFinite ? jitter : 0))
    }

    /// Four attempts, 0.5 s doubling to at most 8 s, within 30 s, up to half of each delay removed by jitter.
    public static let `default` = RetryPolicy(
        maximumAttempts: 4,
        initialDelay: .milliseconds(500),
        maximumDelay: .seconds(8),
        maximumTotalTime: .seconds(30)
    )

    /// One attempt, no retries: every failure reaches the caller.
    public static let none = RetryPolicy(
        maximumAttempts: 1,
        initialDelay: .zero,
        maximumDelay: .zero,
        maximumTotalTime: .zero
    )

    /// The delay before a retry.
    /// - Parameters:
    ///   - retry: Which retry, from 1.
    ///   - random: A number in `0..<1` choosing the jitter.
    /// - Returns: The delay.
    public func delay(beforeRetry retry: Int, random: Double) -> Duration {
        let exponent = Double(max(0, retry - 1))
        let base = min(seconds(initialDelay) * pow(multiplier, exponent), seconds(maximumDelay))
        let unit = min(max(random, 0), 1)
        let jittered = base * (1 - jitter * unit)
        return .nanoseconds(Int64((jittered * 1e9).rounded()))
    }

    /// Whether a failed attempt may be retried at all (ignoring attempt and time budgets).
    /// - Parameters:
    ///   - error: The failure.
    ///   - idempotency: Whether the request may act twice.
    /// - Returns: `true` for a transient failure of a request that is safe to repeat, or that certainly had no
    ///   effect.
    public static func isRetryable(_ error: TalkTransportError, idempotency: LineAPIRequest.Idempotency) -> Bool {
        guard error.isTransient else { return false }
        return idempotency != .notIdempotent || !error.mayHaveBeenProcessed
    }

    /// Runs an operation, retrying transient failures according to the policy.
    /// - Parameters:
    ///   - idempotency: Whether the operation may be repeated when its outcome is unknown.
    ///   - environment: The sleep, random source and clock to use.
    ///   - operation: One attempt; it receives the attempt number, from 1.
    /// - Returns: The first successful result.
    /// - Throws: The last ``TalkTransportError`` when retries are exhausted or not allowed; `CancellationError`
    ///   when cancelled while waiting.
    public func run<Result: Sendable>(
        idempotency: LineAPIRequest.Idempotency,
        environment: RetryEnvironment,
        _ operation: (_ attempt: Int) async throws -> Result
    ) async throws -> Result {
        let start = environment.now()
        var attempt = 1
        while true {
            do {
                return try await operation(attempt)
            } catch let error as TalkTransportError {
                guard attempt < maximumAttempts, Self.isRetryable(error, idempotency: idempotency) else { throw error }
                var delay = self.delay(beforeRetry: attempt, random: environment.random())
                if let retryAfter = error.retryAfter, retryAfter > delay { delay = retryAfter }
                let elapsed = environment.now() - start
                guard elapsed + delay <= maximumTotalTime else { throw error }
                try await environment.sleep(delay)
                attempt += 1
            }
        }
    }

    private func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(exponent)
        while remaining > 0 && result < 1e12 {
            result *= base
            remaining -= 1
        }
        return result
    }
}

/// What a retry loop needs from the world: a way to wait, a random source for jitter, and a clock.
///
/// ``live`` uses `Task.sleep`, the system random source and `ContinuousClock`. Tests inject an environment whose
/// sleep returns at once and records the delays, so retry tests are fast and deterministic.
public struct RetryEnvironment: Sendable {
    /// Waits for a duration; throws `CancellationError` when cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A number in `0..<1`.
    public var random: @Sendable () -> Double
    /// The time elapsed on a monotonic clock since some fixed origin.
    public var now: @Sendable () -> Duration

    /// Creates an environment.
    /// - Parameters:
    ///   - sleep: Waits for a duration.
    ///   - random: Returns a number in `0..<1`.
    ///   - now: Reads a monotonic clock.
    public init(
        sleep: @escaping @Sendable (Duration) async throws -> Void,
        random: @escaping @Sendable () -> Double,
        now: @escaping @Sendable () -> Duration
    ) {
        self.sleep = sleep
        self.random = random
        self.now = now
    }

    /// Real sleeping, system randomness and the continuous clock.
    public static var live: RetryEnvironment {
        let origin = ContinuousClock.now
        return RetryEnvironment(
            sleep: { try await Task.sleep(for: $0) },
            random: { Double.random(in: 0..<1) },
            now: { ContinuousClock.now - origin }
        )
    }
}
