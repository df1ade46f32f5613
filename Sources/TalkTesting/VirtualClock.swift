import Synchronization
public import TalkModel
public import TalkTransport

/// A clock that moves only when told to, shared by reference between a fake platform, an app and a test.
///
/// Unlike ``/TalkModel/ManualClock`` (a value), every copy of a `VirtualClock` reference sees the same time, so
/// the test can ``advance(by:)`` it and the ``InMemoryTransport`` and the app under test both see the change:
///
/// ```swift
/// let clock = VirtualClock()
/// let line = InMemoryTransport(clock: clock)
/// clock.advance(by: .minutes(2))  // every reply token issued so far has now expired
/// ```
public final class VirtualClock: TalkClock, Sendable, CustomStringConvertible {
    /// The default start: 2025-01-15T00:00:00Z, a fixed instant so that generated IDs are reproducible.
    public static let defaultStart = Timestamp(millisecondsSinceEpoch: 1_736_899_200_000)

    private let current: Mutex<Timestamp>

    /// Creates a clock stopped at an instant.
    /// - Parameter start: The first instant it shows.
    public init(at start: Timestamp = VirtualClock.defaultStart) {
        self.current = Mutex(start)
    }

    /// The instant the clock shows.
    /// - Returns: The current virtual time.
    public func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock forward (or backward, for a negative duration).
    /// - Parameter duration: How far to move.
    public func advance(by duration: TalkDuration) {
        current.withLock { $0 = $0.advanced(by: duration) }
    }

    /// Sets the clock to an instant.
    /// - Parameter instant: The new time.
    public func set(to instant: Timestamp) {
        current.withLock { $0 = instant }
    }

    /// A retry environment in virtual time: waiting advances this clock at once instead of sleeping, and
    /// jitter uses a fixed fraction, so retries are instant and their delays reproducible.
    /// - Parameter jitterFraction: The number in `0..<1` that every jitter draw returns.
    /// - Returns: The environment.
    public func retryEnvironment(jitterFraction: Double = 0.5) -> RetryEnvironment {
        RetryEnvironment(
            sleep: { [self] duration in
                try Task.checkCancellation()
                let parts = duration.components
                let milliseconds = parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
                self.advance(by: .milliseconds(milliseconds))
            },
            random: { jitterFraction },
            now: { [self] in .milliseconds(self.now().millisecondsSinceEpoch) }
        )
    }

    /// The current instant.
    public var description: String { "VirtualClock(\(now()))" }
}
