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
