/// A month of a year, such as the month a message quota is counted in.
public struct CalendarMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, for example 2025.
    public let year: Int64
    /// The month of the year, 1 through 12.
    public let month: Int

    /// Creates a calendar month.
    /// - Parameters:
    ///   - year: The year.
    ///   - month: The month, 1 through 12; other values are clamped into that range.
    public init(year: Int64, month: Int) {
        self.year = year
        self.month = min(max(month, 1), 12)
    }

    /// Returns the month containing an instant in a time zone.
    /// - Parameters:
    ///   - instant: The instant.
    ///   - zone: The zone whose calendar decides the month.
    /// - Returns: The calendar month.
    public static func containing(_ instant: Timestamp, in zone: TalkTimeZone) -> CalendarMonth {
        zone.localTime(at: instant).calendarMonth
    }

    /// Orders months chronologically.
    public static func < (lhs: CalendarMonth, rhs: CalendarMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    /// The month as `YYYY-MM`.
    public var description: String {
        let monthText = month < 10 ? "0\(month)" : "\(month)"
        return "\(year)-\(monthText)"
    }
}
