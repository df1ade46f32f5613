/// The ID of a stored room.
///
/// The engine derives it from the room's parties (a channel and a LINE user, or two members), so the two copies
/// of a racing `follow` name the same row and the store's primary key keeps one.
public struct TalkRoomID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID's text.
    public let rawValue: String
    /// Wraps an ID's text.
    /// - Parameter rawValue: The text; any string, up to the store's own limits.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps an ID's text.
    /// - Parameter rawValue: The text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Orders IDs by their text's UTF-8 bytes, as the SQL stores sort them.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
    /// The ID's text.
    public var description: String { rawValue }
}

/// The ID of a stored message.
///
/// Inbound messages take an ID derived from the platform's own message ID, so a redelivered message names the
/// same row; outbound messages take an ID the engine creates before the first send attempt.
public struct TalkMessageID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID's text.
    public let rawValue: String
    /// Wraps an ID's text.
    /// - Parameter rawValue: The text.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps an ID's text.
    /// - Parameter rawValue: The text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Orders IDs by their text's UTF-8 bytes.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
    /// The ID's text.
    public var description: String { rawValue }
}

/// The ID of an outbox entry.
public struct OutboxEntryID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID's text.
    public let rawValue: String
    /// Wraps an ID's text.
    /// - Parameter rawValue: The text.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps an ID's text.
    /// - Parameter rawValue: The text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Orders IDs by their text's UTF-8 bytes.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
    /// The ID's text.
    public var description: String { rawValue }
}

/// The ID of a ticket (an inquiry opened for an unanswered chat, R29).
public struct TicketID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ID's text.
    public let rawValue: String
    /// Wraps an ID's text.
    /// - Parameter rawValue: The text.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Wraps an ID's text.
    /// - Parameter rawValue: The text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Orders IDs by their text's UTF-8 bytes.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }
    /// The ID's text.
    public var description: String { rawValue }
}

/// The unique key of an inbound event in the ledger: where it came from and the ID its sender gave it (W3).
public struct LedgerKey: Sendable, Hashable, CustomStringConvertible {
    /// The source, such as `line:1234567890` for a LINE channel, `works:BOT` for a LINE WORKS bot or
    /// `federation:example.co.jp` for a peer tenant.
    public let source: String
    /// The event's ID at that source: LINE's `webhookEventId`, a federation `requestId`.
    public let eventID: String

    /// Creates a key.
    /// - Parameters:
    ///   - source: The source.
    ///   - eventID: The event's ID at that source.
    public init(source: String, eventID: String) {
        self.source = source
        self.eventID = eventID
    }

    /// The key as `source/eventID`.
    public var description: String { "\(source)/\(eventID)" }
}
