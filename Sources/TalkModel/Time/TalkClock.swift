/// A source of the current time, injected wherever the SDK needs "now".
///
/// Model types in `TalkModel` take ``Timestamp`` values rather than clocks: the engine reads its
/// clock once per operation and passes that instant down, so every decision in one operation agrees
/// on the time and tests can move time without sleeping.
///
/// Adopt it to drive the SDK from your own time source:
///
/// ```swift
/// struct ServerClock: TalkClock {
///     func now() -> Timestamp { Timestamp(millisecondsSinceEpoch: myTimeSource.currentMilliseconds()) }
/// }
/// ```
///
/// Use ``SystemClock`` in production and ``ManualClock`` in tests.
public protocol TalkClock: Sendable {
    /// Returns the current instant.
    /// - Returns: The current time in milliseconds since the Unix epoch.
    func now() -> Timestamp
}
