/// An instant in time, in whole milliseconds since the Unix epoch (1970-01-01T00:00:00Z).
///
/// Milliseconds match the LINE webhook `timestamp` field, so an event time can be stored without
/// conversion. The model never reads the current time itself: callers take it from a ``TalkClock``
/// once per operation and pass it in, so one operation sees one consistent instant.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch; negative values are before 1970.
    public var millisecondsSinceEpoch: Int64

    /// Creates a timestamp from milliseconds since the Unix epoch.
    /// - Parameter millisecondsSinceEpoch: Milliseconds since 1970-01-01T00:00:00Z.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The Unix epoch, 1970-01-01T00:00:00Z.
    public static let epoch = Timestamp(millisecondsSinceEpoch: 0)

    /// Returns this instant moved by a duration, saturating at the representable range.
    /// - Parameter duration: The distance to move; negative moves into the past.
    /// - Returns: The moved instant.
    public func advanced(by duration: TalkDuration) -> Timestamp {
        let (sum, overflow) = millisecondsSinceEpoch.addingReportingOverflow(duration.milliseconds)
        if overflow {
            return Timestamp(millisecondsSinceEpoch: duration.milliseconds < 0 ? .min : .max)
        }
        return Timestamp(millisecondsSinceEpoch: sum)
    }

    /// Returns the duration from this instant to another, saturating at the representable range.
    /// - Parameter other: The later (or earlier) instant.
    /// - Returns: `other - self`.
    public func duration(to other: Timestamp) -> TalkDuration {
        let (difference, overflow) = other.millisecondsSinceEpoch.subtractingReportingOverflow(
            millisecondsSinceEpoch
        )
        if overflow {
            return TalkDuration(milliseconds: other.millisecondsSinceEpoch < millisecondsSinceEpoch ? .min : .max)
        }
        return TalkDuration(milliseconds: difference)
    }

    /// Compares two instants.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// The milliseconds since the epoch, for logs.
    public var description: String { "\(millisecondsSinceEpoch)ms" }
}

// MARK: Stored format

extension Timestamp: Codable {
    /// Decodes an instant stored as its milliseconds since the Unix epoch.
    ///
    /// The stored format is stable: one integer, ``millisecondsSinceEpoch``, as in the LINE webhook `timestamp`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when the stored value is not a 64-bit integer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(millisecondsSinceEpoch: try container.decode(Int64.self))
    }

    /// Encodes the instant as its milliseconds since the Unix epoch, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(millisecondsSinceEpoch)
    }
}
