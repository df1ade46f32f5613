/// A shared Official Account's 1:1 chat settings (R15, R19).
///
/// Chat mode is off by default and must be enabled before the chat receives anything (R19). Even
/// then, operators can write to a user only after the user has written (R15, enforced by ``Room``).
public struct ChatModeSettings: Sendable {
    /// Whether chat mode is enabled; `false` by default (R19).
    public var isEnabled: Bool
    /// The weekly timetable; `nil` means manual chat at all times while enabled.
    public var schedule: WeeklySchedule?
    /// The text that answers each message received while the schedule says auto-reply; `nil` or empty sends
    /// nothing, and the messages wait for an operator.
    public var autoReply: String?

    /// Creates settings; by default chat mode is off and unscheduled (R19).
    /// - Parameters:
    ///   - isEnabled: Whether chat mode is on.
    ///   - schedule: The timetable, if any.
    ///   - autoReply: The automatic response's text, if any.
    public init(isEnabled: Bool = false, schedule: WeeklySchedule? = nil, autoReply: String? = nil) {
        self.isEnabled = isEnabled
        self.schedule = schedule
        self.autoReply = autoReply
    }

    /// The mode in force at an instant.
    /// - Parameter instant: The instant.
    /// - Returns: ``ChatMode/off`` when disabled, else the schedule's mode, else manual chat.
    public func mode(at instant: Timestamp) -> ChatMode {
        guard isEnabled else { return .off }
        return schedule?.mode(at: instant) ?? .manualChat
    }
}

// MARK: Stored format

extension ChatModeSettings: Codable {
    private enum CodingKeys: String, CodingKey {
        case isEnabled = "isEnabled"
        case schedule = "schedule"
        case autoReply = "autoReply"
    }

    /// Decodes settings stored as an object.
    ///
    /// The stored format is stable: `isEnabled`, `schedule` (a ``WeeklySchedule``) and `autoReply` (a string)
    /// when there is one.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when `isEnabled` is missing or the schedule is invalid.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            isEnabled: try container.decode(Bool.self, forKey: .isEnabled),
            schedule: try container.decodeIfPresent(WeeklySchedule.self, forKey: .schedule),
            autoReply: try container.decodeIfPresent(String.self, forKey: .autoReply)
        )
    }

    /// Encodes the settings as an object, the stable stored format; `schedule` and `autoReply` are left out when
    /// there is none.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: `EncodingError.invalidValue` when the schedule's zone has an offset rule; otherwise the encoder's
    ///   error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(isEnabled, forKey: .isEnabled)
        try container.encodeIfPresent(schedule, forKey: .schedule)
        try container.encodeIfPresent(autoReply, forKey: .autoReply)
    }
}
