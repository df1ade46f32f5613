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

// MARK: Stored format

extension CalendarMonth: Codable {
    private enum CodingKeys: String, CodingKey {
        case year = "year"
        case month = "month"
    }

    /// Decodes a month stored as an object.
    ///
    /// The stored format is stable: `{"year": 2025, "month": 6}`. Unlike ``init(year:month:)``, decoding refuses a
    /// month outside 1 through 12 instead of clamping it, so a corrupted row is not read as another month.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or the month is outside 1 through 12.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let month = try container.decode(Int.self, forKey: .month)
        guard (1...12).contains(month) else {
            throw DecodingError.dataCorruptedError(
                forKey: .month,
                in: container,
                debugDescription: "the stored month \(month) is outside 1 through 12"
            )
        }
        self.init(year: try container.decode(Int64.self, forKey: .year), month: month)
    }

    /// Encodes the month as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(year, forKey: .year)
        try container.encode(month, forKey: .month)
    }
}
