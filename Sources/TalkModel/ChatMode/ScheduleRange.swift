/// A stretch of one weekday, in local minutes, during which a chat mode applies (R19).
public struct ScheduleRange: Sendable, Hashable {
    /// The weekday.
    public let weekday: Weekday
    /// The first minute of the range, counted from local midnight (0 through 1439).
    public let startMinute: Int
    /// The minute the range ends at, exclusive (1 through 1440; 1440 is midnight at the end of the day).
    public let endMinute: Int
    /// The mode during the range.
    public let mode: ChatMode

    /// Creates a range.
    /// - Parameters:
    ///   - weekday: The day.
    ///   - startMinute: The first minute from local midnight.
    ///   - endMinute: The minute it ends, exclusive.
    ///   - mode: The mode during the range.
    /// - Throws: ``ScheduleError/Code/invalidTimeRange`` when the range is empty, reversed or outside the day.
    public init(weekday: Weekday, startMinute: Int, endMinute: Int, mode: ChatMode) throws(ScheduleError) {
        guard 0 <= startMinute, startMinute < endMinute, endMinute <= 1440 else {
            throw ScheduleError(
                .invalidTimeRange,
                "\(weekday) \(startMinute)-\(endMinute): a range runs from minute 0...1439 to a later minute up to 1440"
            )
        }
        self.weekday = weekday
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.mode = mode
    }

    /// Creates a range from hours and minutes, such as 9:00 to 18:00.
    /// - Parameters:
    ///   - weekday: The day.
    ///   - start: Hour and minute the range starts at.
    ///   - end: Hour and minute it ends at, exclusive; `(24, 0)` is the end of the day.
    ///   - mode: The mode during the range.
    /// - Throws: ``ScheduleError/Code/invalidTimeRange`` for a bad hour, minute or order.
    public init(
        weekday: Weekday,
        from start: (hour: Int, minute: Int),
        to end: (hour: Int, minute: Int),
        mode: ChatMode
    ) throws(ScheduleError) {
        guard (0...59).contains(start.minute), (0...59).contains(end.minute) else {
            throw ScheduleError(.invalidTimeRange, "\(weekday): minutes run from 0 to 59")
        }
        try self.init(
            weekday: weekday,
            startMinute: start.hour * 60 + start.minute,
            endMinute: end.hour * 60 + end.minute,
            mode: mode
        )
    }

    /// Whether the range covers a local minute of its weekday.
    /// - Parameter minute: Minutes since local midnight.
    public func contains(minute: Int) -> Bool { startMinute <= minute && minute < endMinute }
}

// MARK: Stored format

extension ScheduleRange: Codable {
    private enum CodingKeys: String, CodingKey {
        case weekday = "weekday"
        case startMinute = "startMinute"
        case endMinute = "endMinute"
        case mode = "mode"
    }

    /// Decodes a range stored as an object, checked by ``init(weekday:startMinute:endMinute:mode:)``.
    ///
    /// The stored format is stable: `{"weekday": "monday", "startMinute": 540, "endMinute": 1080,
    /// "mode": "manualChat"}`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or the range is empty, reversed or outside the day.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let weekday = try container.decode(Weekday.self, forKey: .weekday)
        let start = try container.decode(Int.self, forKey: .startMinute)
        let end = try container.decode(Int.self, forKey: .endMinute)
        let mode = try container.decode(ChatMode.self, forKey: .mode)
        do {
            try self.init(weekday: weekday, startMinute: start, endMinute: end, mode: mode)
        } catch {
            throw StoredFormat.impossible(decoder, "stored schedule range: \(error.message)", underlying: error)
        }
    }

    /// Encodes the range as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(weekday, forKey: .weekday)
        try container.encode(startMinute, forKey: .startMinute)
        try container.encode(endMinute, forKey: .endMinute)
        try container.encode(mode, forKey: .mode)
    }
}
