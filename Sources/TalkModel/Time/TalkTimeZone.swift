/// A time zone as the model needs it: a name and the UTC offset in force at an instant.
///
/// `TalkModel` has no time-zone database (it avoids Foundation). Zones with a fixed offset, such as
/// ``asiaTokyo`` (UTC+9, no daylight saving), are built with ``init(identifier:secondsFromUTC:)``.
/// Hosts that need a zone with daylight saving supply their own offset rule through
/// ``init(identifier:offsetRule:)``, for example from Foundation's `TimeZone`:
///
/// ```swift
/// let berlin = TalkTimeZone(identifier: "Europe/Berlin") { instant in
///     TimeZone(identifier: "Europe/Berlin")!.secondsFromGMT(
///         for: Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000))
/// }
/// ```
public struct TalkTimeZone: Sendable, CustomStringConvertible {
    /// The largest offset from UTC accepted, in seconds (18 hours, as ISO 8601 allows).
    public static let maximumOffsetSeconds = 18 * 3600

    /// The zone's name, for example `Asia/Tokyo`.
    public let identifier: String

    private let offsetRule: @Sendable (Timestamp) -> Int
    /// The offset of a fixed-offset zone, which is what the stored format keeps; `nil` for a zone with an offset rule,
    /// whose closure cannot be stored.
    private let fixedOffset: Int?

    /// Asia/Tokyo: UTC+9 all year. LINE counts monthly message quotas in this zone (R32).
    public static let asiaTokyo = TalkTimeZone(uncheckedIdentifier: "Asia/Tokyo", fixedOffset: 9 * 3600)

    /// Coordinated Universal Time.
    public static let utc = TalkTimeZone(uncheckedIdentifier: "UTC", fixedOffset: 0)

    /// Creates a zone with a fixed offset from UTC.
    /// - Parameters:
    ///   - identifier: The zone's name, shown in logs and errors.
    ///   - secondsFromUTC: The offset east of UTC in seconds, within ±``maximumOffsetSeconds``.
    /// - Throws: ``ScheduleError`` with code ``ScheduleError/Code/invalidTimeZone`` when the name is
    ///   empty or the offset is out of range.
    public init(identifier: String, secondsFromUTC: Int) throws(ScheduleError) {
        guard !identifier.isEmpty else {
            throw ScheduleError(.invalidTimeZone, "a time zone needs a non-empty identifier")
        }
        guard abs(secondsFromUTC) <= Self.maximumOffsetSeconds else {
            throw ScheduleError(
                .invalidTimeZone,
                "time zone \(identifier): offset \(secondsFromUTC)s is outside ±\(Self.maximumOffsetSeconds)s"
            )
        }
        self.init(uncheckedIdentifier: identifier, fixedOffset: secondsFromUTC)
    }

    /// Creates a zone whose offset depends on the instant, for zones with daylight saving.
    ///
    /// Offsets the rule returns outside ±``maximumOffsetSeconds`` are clamped to that range.
    /// - Parameters:
    ///   - identifier: The zone's name, shown in logs and errors.
    ///   - offsetRule: Returns the offset east of UTC, in seconds, in force at an instant.
    public init(identifier: String, offsetRule: @escaping @Sendable (Timestamp) -> Int) {
        self.identifier = identifier
        self.offsetRule = offsetRule
        self.fixedOffset = nil
    }

    private init(uncheckedIdentifier: String, fixedOffset: Int) {
        self.identifier = uncheckedIdentifier
        self.offsetRule = { _ in fixedOffset }
        self.fixedOffset = fixedOffset
    }

    /// Returns the offset east of UTC in force at an instant.
    /// - Parameter instant: The instant to look at.
    /// - Returns: The offset in seconds, within ±``maximumOffsetSeconds``.
    public func secondsFromUTC(at instant: Timestamp) -> Int {
        min(max(offsetRule(instant), -Self.maximumOffsetSeconds), Self.maximumOffsetSeconds)
    }

    /// Returns the local calendar date and time of day at an instant.
    /// - Parameter instant: The instant to convert.
    /// - Returns: The wall-clock reading in this zone.
    public func localTime(at instant: Timestamp) -> LocalTime {
        let local = instant.millisecondsSinceEpoch.addingReportingOverflow(
            Int64(secondsFromUTC(at: instant)) * 1000
        )
        let milliseconds = local.overflow ? instant.millisecondsSinceEpoch : local.partialValue
        return LocalTime(millisecondsSinceLocalEpoch: milliseconds)
    }

    /// The identifier, for logs.
    public var description: String { identifier }
}

// MARK: Stored format

extension TalkTimeZone: Codable {
    private enum CodingKeys: String, CodingKey {
        case identifier = "identifier"
        case secondsFromUTC = "secondsFromUTC"
    }

    /// Decodes a fixed-offset zone, checked by ``init(identifier:secondsFromUTC:)``.
    ///
    /// The stored format is stable: `{"identifier": "Asia/Tokyo", "secondsFromUTC": 32400}`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing, the identifier is empty or the offset is outside
    ///   ±``maximumOffsetSeconds``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let identifier = try container.decode(String.self, forKey: .identifier)
        let offset = try container.decode(Int.self, forKey: .secondsFromUTC)
        do {
            try self.init(identifier: identifier, secondsFromUTC: offset)
        } catch {
            throw StoredFormat.impossible(decoder, "stored time zone: \(error.message)", underlying: error)
        }
    }

    /// Encodes a fixed-offset zone as its identifier and offset, the stable stored format.
    ///
    /// Only zones made with ``init(identifier:secondsFromUTC:)``, ``asiaTokyo`` and ``utc`` can be stored. A zone
    /// made with ``init(identifier:offsetRule:)`` holds a closure, which has no stored form.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError.invalidValue` for a zone with an offset rule; otherwise the encoder's error.
    public func encode(to encoder: any Encoder) throws {
        guard let fixedOffset else {
            throw EncodingError.invalidValue(
                self,
                EncodingError.Context(
                    codingPath: encoder.codingPath,
                    debugDescription: "time zone \(identifier) has an offset rule, which cannot be stored; "
                        + "only fixed-offset zones can"
                )
            )
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(identifier, forKey: .identifier)
        try container.encode(fixedOffset, forKey: .secondsFromUTC)
    }
}
