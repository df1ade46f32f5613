/// A clock that stands still until it is moved, for tests and simulations.
///
/// It is a value: copies move independently. Pass its ``now()`` to the model, then
/// ``advance(by:)`` it to cross a trash retention period or a month boundary without waiting.
public struct ManualClock: TalkClock, Hashable {
    private var current: Timestamp

    /// Creates a clock stopped at an instant.
    /// - Parameter start: The instant the clock shows until it is moved.
    public init(at start: Timestamp) {
        self.current = start
    }

    /// Returns the instant the clock is stopped at.
    /// - Returns: The current manual time.
    public func now() -> Timestamp { current }

    /// Moves the clock by a duration (backwards when negative).
    /// - Parameter duration: How far to move.
    public mutating func advance(by duration: TalkDuration) {
        current = current.advanced(by: duration)
    }

    /// Sets the clock to an instant.
    /// - Parameter instant: The new time.
    public mutating func set(to instant: Timestamp) {
        current = instant
    }
}
