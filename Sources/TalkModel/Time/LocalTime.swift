/// A wall-clock reading in some time zone: a calendar date, a weekday and a minute of the day.
///
/// Produced by ``TalkTimeZone/localTime(at:)``; the proleptic Gregorian calendar is used.
public struct LocalTime: Sendable, Hashable {
    /// The year, for example 2025.
    public let year: Int64
    /// The month of the year, 1 through 12.
    public let month: Int
    /// The day of the month, 1 through 31.
    public let day: Int
    /// The day of the week.
    public let weekday: Weekday
    /// Minutes since local midnight, 0 through 1439.
    public let minuteOfDay: Int

    /// The calendar month this reading falls in.
    public var calendarMonth: CalendarMonth { CalendarMonth(year: year, month: month) }

    init(millisecondsSinceLocalEpoch milliseconds: Int64) {
        let millisecondsPerDay: Int64 = 86_400_000
        let days = Self.floorDivide(milliseconds, millisecondsPerDay)
        let millisecondOfDay = milliseconds - days * millisecondsPerDay
        self.minuteOfDay = Int(millisecondOfDay / 60_000)
        // 1970-01-01 was a Thursday.
        self.weekday = Weekday.allCases[Int(Self.floorModulo(days + 4, 7))]
        // Howard Hinnant's days-to-civil algorithm.
        let shifted = days + 719_468
        let era = Self.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        self.day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        self.month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        self.year = yearOfEra + era * 400 + (self.month <= 2 ? 1 : 0)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }

    private static func floorModulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        let remainder = value % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}

// MARK: Stored format

extension LocalTime: Codable {
    private enum CodingKeys: String, CodingKey {
        case year = "year"
        case month = "month"
        case day = "day"
        case weekday = "weekday"
        case minuteOfDay = "minuteOfDay"
    }

    /// Decodes a wall-clock reading stored as an object, refusing a date that does not exist.
    ///
    /// The stored format is stable: `{"year": 2025, "month": 6, "day": 2, "weekday": "monday", "minuteOfDay": 540}`.
    /// The reading is rebuilt from its date and minute and must match what was stored, so February 30th, a wrong
    /// weekday or a minute past 1439 are refused.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or the fields describe no real reading.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let year = try container.decode(Int64.self, forKey: .year)
        let month = try container.decode(Int.self, forKey: .month)
        let day = try container.decode(Int.self, forKey: .day)
        let weekday = try container.decode(Weekday.self, forKey: .weekday)
        let minuteOfDay = try container.decode(Int.self, forKey: .minuteOfDay)
        guard
            let rebuilt = Self.rebuilt(year: year, month: month, day: day, minuteOfDay: minuteOfDay),
            rebuilt.weekday == weekday, rebuilt.year == year, rebuilt.month == month, rebuilt.day == day
        else {
            throw StoredFormat.impossible(
                decoder,
                "the stored local time is no real date and minute (day, month, weekday or minute out of range)"
            )
        }
        self = rebuilt
    }

    /// Encodes the reading as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(year, forKey: .year)
        try container.encode(month, forKey: .month)
        try container.encode(day, forKey: .day)
        try container.encode(weekday, forKey: .weekday)
        try container.encode(minuteOfDay, forKey: .minuteOfDay)
    }

    /// The reading at a date and minute, or `nil` when a field is out of range or the instant is not representable.
    private static func rebuilt(year: Int64, month: Int, day: Int, minuteOfDay: Int) -> LocalTime? {
        // Timestamps span about ±292 million years; the bound keeps the day count below from overflowing.
        guard abs(year) <= 300_000_000, (1...12).contains(month), (1...31).contains(day),
            (0..<1440).contains(minuteOfDay)
        else { return nil }
        // Howard Hinnant's days-from-civil algorithm, the inverse of the one in init(millisecondsSinceLocalEpoch:).
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        // The first day's midnight may lie before Int64.min while a later minute of it does not, so the instant is
        // computed wide and narrowed once.
        let wide = Int128(days) * 86_400_000 + Int128(minuteOfDay) * 60_000
        guard let milliseconds = Int64(exactly: wide) else { return nil }
        return LocalTime(millisecondsSinceLocalEpoch: milliseconds)
    }
}
