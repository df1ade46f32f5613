/// A weekly timetable that switches a 1:1 chat between manual chat and auto-reply by local time (R19).
///
/// Times are read in the schedule's ``zone``: with ``TalkTimeZone/asiaTokyo``, "Monday 9:00" is
/// Monday 9:00 in Tokyo whatever the server's zone.
public struct WeeklySchedule: Sendable {
    /// The zone the times are in.
    public let zone: TalkTimeZone
    /// The ranges, sorted by weekday and start.
    public let ranges: [ScheduleRange]
    /// The mode outside every range.
    public let otherwise: ChatMode

    /// Creates a schedule.
    /// - Parameters:
    ///   - zone: The zone the times are in.
    ///   - ranges: The ranges; they may not overlap.
    ///   - otherwise: The mode outside every range; auto-reply by default.
    /// - Throws: ``ScheduleError/Code/overlappingRanges`` when two ranges of one weekday overlap.
    public init(zone: TalkTimeZone, ranges: [ScheduleRange], otherwise: ChatMode = .autoReply) throws(ScheduleError) {
        let sorted = ranges.sorted { ($0.weekday, $0.startMinute) < ($1.weekday, $1.startMinute) }
        for (earlier, later) in zip(sorted, sorted.dropFirst())
        where earlier.weekday == later.weekday && later.startMinute < earlier.endMinute {
            throw ScheduleError(
                .overlappingRanges,
                "\(earlier.weekday): the range from minute \(later.startMinute) starts before the one from minute \(earlier.startMinute) ends"
            )
        }
        self.zone = zone
        self.ranges = sorted
        self.otherwise = otherwise
    }

    /// The mode in force at an instant.
    /// - Parameter instant: The instant.
    /// - Returns: The mode of the range covering the local time, or ``otherwise``.
    public func mode(at instant: Timestamp) -> ChatMode {
        let local = zone.localTime(at: instant)
        let range = ranges.first { $0.weekday == local.weekday && $0.contains(minute: local.minuteOfDay) }
        return range?.mode ?? otherwise
    }
}

// MARK: Stored format

extension WeeklySchedule: Codable {
    private enum CodingKeys: String, CodingKey {
        case zone = "zone"
        case ranges = "ranges"
        case otherwise = "otherwise"
    }

    /// Decodes a schedule stored as an object, checked by ``init(zone:ranges:otherwise:)``.
    ///
    /// The stored format is stable: `zone` (a ``TalkTimeZone``), `ranges` (a list of ``ScheduleRange``, sorted) and
    /// `otherwise` (a ``ChatMode`` name).
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid, or two ranges of one weekday overlap.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let zone = try container.decode(TalkTimeZone.self, forKey: .zone)
        let ranges = try container.decode([ScheduleRange].self, forKey: .ranges)
        let otherwise = try container.decode(ChatMode.self, forKey: .otherwise)
        do {
            try self.init(zone: zone, ranges: ranges, otherwise: otherwise)
        } catch {
            throw StoredFormat.impossible(decoder, "stored weekly schedule: \(error.message)", underlying: error)
        }
    }

    /// Encodes the schedule as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError.invalidValue` when the zone has an offset rule (see ``TalkTimeZone/encode(to:)``);
    ///   otherwise the encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(zone, forKey: .zone)
        try container.encode(ranges, forKey: .ranges)
        try container.encode(otherwise, forKey: .otherwise)
    }
}
