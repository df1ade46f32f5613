/// The month's message count of one Official Account against its plan (R32).
///
/// Months are calendar months in Asia/Tokyo, where LINE resets the count: the first send after
/// midnight JST on the 1st starts from zero. Ask ``wouldExceed(_:at:)`` before sending and
/// ``record(_:at:)`` after.
public struct MonthlyQuota: Sendable, Hashable {
    /// The zone whose calendar months the quota counts in.
    public static let zone = TalkTimeZone.asiaTokyo

    /// The plan.
    public var plan: MessagePlan
    /// The month ``used`` belongs to.
    public private(set) var month: CalendarMonth
    /// Messages counted in ``month``.
    public private(set) var used: Int

    /// Starts counting at an instant.
    /// - Parameters:
    ///   - plan: The account's plan.
    ///   - time: Now.
    ///   - used: Messages already used this month, as LINE's consumption endpoint reports.
    public init(plan: MessagePlan, at time: Timestamp, used: Int = 0) {
        self.plan = plan
        self.month = CalendarMonth.containing(time, in: Self.zone)
        self.used = max(0, used)
    }

    /// Messages used in the month containing an instant.
    /// - Parameter time: Now.
    /// - Returns: The count, 0 in a month after ``month``.
    public func usage(at time: Timestamp) -> Int {
        CalendarMonth.containing(time, in: Self.zone) == month ? used : 0
    }

    /// Messages left within the plan's included limit this month.
    /// - Parameter time: Now.
    /// - Returns: The remainder, never negative.
    public func remaining(at time: Timestamp) -> Int { max(0, plan.monthlyLimit - usage(at: time)) }

    /// Whether a send would take the month's count past the plan's limit.
    /// - Parameters:
    ///   - send: The planned send.
    ///   - time: Now.
    /// - Returns: `true` when it would; on plans without additional messages, ``record(_:at:)`` would then throw.
    public func wouldExceed(_ send: OutboundSend, at time: Timestamp) -> Bool {
        send.countedMessages > remaining(at: time)
    }

    /// Counts a send.
    /// - Parameters:
    ///   - send: The send.
    ///   - time: When it is made.
    /// - Returns: How many of its messages are beyond the included limit (bought messages, on plans that allow them).
    /// - Throws: ``QuotaError/Code/limitReached`` when it would exceed a plan that cannot buy more (R32);
    ///   the count is then unchanged.
    @discardableResult
    public mutating func record(_ send: OutboundSend, at time: Timestamp) throws(QuotaError) -> Int {
        let current = CalendarMonth.containing(time, in: Self.zone)
        let usedNow = current == month ? used : 0
        let counted = send.countedMessages
        let beyond = max(0, usedNow + counted - max(plan.monthlyLimit, usedNow))
        if beyond > 0, !plan.allowsAdditionalMessages {
            throw QuotaError(
                .limitReached,
                "the \(plan) plan includes \(plan.monthlyLimit) messages a month and cannot buy more; "
                    + "\(usedNow) are used in \(current) and this send needs \(counted) (R32)"
            )
        }
        month = current
        used = usedNow + counted
        return beyond
    }
}

// MARK: Stored format

extension MonthlyQuota: Codable {
    private enum CodingKeys: String, CodingKey {
        case plan = "plan"
        case month = "month"
        case used = "used"
    }

    /// Decodes a quota stored as an object, refusing a negative count.
    ///
    /// The stored format is stable: `plan` (a ``MessagePlan``), `month` (a ``CalendarMonth`` in Asia/Tokyo) and
    /// `used`, the messages counted in that month (R32).
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid, or `used` is negative.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.plan = try container.decode(MessagePlan.self, forKey: .plan)
        self.month = try container.decode(CalendarMonth.self, forKey: .month)
        self.used = try container.decode(Int.self, forKey: .used)
        guard used >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .used,
                in: container,
                debugDescription: "the stored message count is negative"
            )
        }
    }

    /// Encodes the quota as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(plan, forKey: .plan)
        try container.encode(month, forKey: .month)
        try container.encode(used, forKey: .used)
    }
}
