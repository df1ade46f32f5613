/// A time zone or chat-mode schedule that is not valid.
///
/// Errors from this area leave the value they were thrown from unchanged.
public struct ScheduleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a value to compare against; new codes may be added in later versions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidTimeZone
            case invalidTimeRange
            case overlappingRanges
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The time zone has an empty name or an offset outside ±18 hours.
        public static let invalidTimeZone = Code(.invalidTimeZone)
        /// A time range is empty, reversed or outside the day.
        public static let invalidTimeRange = Code(.invalidTimeRange)
        /// Two time ranges of the schedule overlap on the same day.
        public static let overlappingRanges = Code(.overlappingRanges)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A sentence saying what went wrong, naming the rule (such as `R22`) where one applies.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String { "ScheduleError.\(code): \(message)" }
}
