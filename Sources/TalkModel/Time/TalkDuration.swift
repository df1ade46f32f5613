/// A length of time in whole milliseconds, such as the 30 days a deleted contact stays in the trash.
///
/// The model uses its own type rather than `Swift.Duration` so that arithmetic stays in the
/// millisecond grid of ``Timestamp`` and never rounds.
public struct TalkDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in milliseconds; negative lengths point into the past.
    public var milliseconds: Int64

    /// Creates a duration from milliseconds.
    /// - Parameter milliseconds: The length in milliseconds.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// A duration of whole milliseconds.
    /// - Parameter milliseconds: The number of milliseconds.
    /// - Returns: The duration.
    public static func milliseconds(_ milliseconds: Int64) -> TalkDuration { TalkDuration(milliseconds: milliseconds) }

    /// A duration of whole seconds.
    /// - Parameter seconds: The number of seconds.
    /// - Returns: The duration, saturating at the representable range.
    public static func seconds(_ seconds: Int64) -> TalkDuration { scaled(seconds, by: 1000) }

    /// A duration of whole minutes.
    /// - Parameter minutes: The number of minutes.
    /// - Returns: The duration, saturating at the representable range.
    public static func minutes(_ minutes: Int64) -> TalkDuration { scaled(minutes, by: 60_000) }

    /// A duration of whole hours.
    /// - Parameter hours: The number of hours.
    /// - Returns: The duration, saturating at the representable range.
    public static func hours(_ hours: Int64) -> TalkDuration { scaled(hours, by: 3_600_000) }

    /// A duration of whole days of exactly 24 hours (no calendar or daylight-saving rules apply).
    /// - Parameter days: The number of days.
    /// - Returns: The duration, saturating at the representable range.
    public static func days(_ days: Int64) -> TalkDuration { scaled(days, by: 86_400_000) }

    /// Compares two durations.
    public static func < (lhs: TalkDuration, rhs: TalkDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// The length in milliseconds, for logs.
    public var description: String { "\(milliseconds)ms" }

    private static func scaled(_ value: Int64, by factor: Int64) -> TalkDuration {
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        if overflow { return TalkDuration(milliseconds: value < 0 ? .min : .max) }
        return TalkDuration(milliseconds: product)
    }
}

// MARK: Stored format

extension TalkDuration: Codable {
    /// Decodes a duration stored as its milliseconds.
    ///
    /// The stored format is stable: one integer, ``milliseconds``.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when the stored value is not a 64-bit integer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(milliseconds: try container.decode(Int64.self))
    }

    /// Encodes the duration as its milliseconds, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(milliseconds)
    }
}
