/// The ID of a product rule, such as `R07`, so that a decision can be traced to the rule behind it.
///
/// The rules are listed in the documentation article "Rules".
public struct RuleID: Sendable, Hashable, RawRepresentable, Comparable, CustomStringConvertible {
    /// The ID, such as `R07`.
    public let rawValue: String

    /// Creates a rule ID.
    /// - Parameter rawValue: The ID, such as `R07`.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Rule R01 of the domain rules.
    public static let r01 = RuleID(rawValue: "R01")

    /// Rule R02 of the domain rules.
    public static let r02 = RuleID(rawValue: "R02")

    /// Rule R03 of the domain rules.
    public static let r03 = RuleID(rawValue: "R03")

    /// Rule R04 of the domain rules.
    public static let r04 = RuleID(rawValue: "R04")

    /// Rule R05 of the domain rules.
    public static let r05 = RuleID(rawValue: "R05")

    /// Rule R06 of the domain rules.
    public static let r06 = RuleID(rawValue: "R06")

    /// Rule R07 of the domain rules.
    public static let r07 = RuleID(rawValue: "R07")

    /// Rule R08 of the domain rules.
    public static let r08 = RuleID(rawValue: "R08")

    /// Rule R09 of the domain rules.
    public static let r09 = RuleID(rawValue: "R09")

    /// Rule R10 of the domain rules.
    public static let r10 = RuleID(rawValue: "R10")

    /// Rule R11 of the domain rules.
    public static let r11 = RuleID(rawValue: "R11")

    /// Rule R12 of the domain rules.
    public static let r12 = RuleID(rawValue: "R12")

    /// Rule R13 of the domain rules.
    public static let r13 = RuleID(rawValue: "R13")

    /// Rule R14 of the domain rules.
    public static let r14 = RuleID(rawValue: "R14")

    /// Rule R15 of the domain rules.
    public static let r15 = RuleID(rawValue: "R15")

    /// Rule R16 of the domain rules.
    public static let r16 = RuleID(rawValue: "R16")

    /// Rule R17 of the domain rules.
    public static let r17 = RuleID(rawValue: "R17")

    /// Rule R18 of the domain rules.
    public static let r18 = RuleID(rawValue: "R18")

    /// Rule R19 of the domain rules.
    public static let r19 = RuleID(rawValue: "R19")

    /// Rule R20 of the domain rules.
    public static let r20 = RuleID(rawValue: "R20")

    /// Rule R21 of the domain rules.
    public static let r21 = RuleID(rawValue: "R21")

    /// Rule R22 of the domain rules.
    public static let r22 = RuleID(rawValue: "R22")

    /// Rule R23 of the domain rules.
    public static let r23 = RuleID(rawValue: "R23")

    /// Rule R24 of the domain rules.
    public static let r24 = RuleID(rawValue: "R24")

    /// Rule R25 of the domain rules.
    public static let r25 = RuleID(rawValue: "R25")

    /// Rule R26 of the domain rules.
    public static let r26 = RuleID(rawValue: "R26")

    /// Rule R27 of the domain rules.
    public static let r27 = RuleID(rawValue: "R27")

    /// Rule R28 of the domain rules.
    public static let r28 = RuleID(rawValue: "R28")

    /// Rule R29 of the domain rules.
    public static let r29 = RuleID(rawValue: "R29")

    /// Rule R30 of the domain rules.
    public static let r30 = RuleID(rawValue: "R30")

    /// Rule R31 of the domain rules.
    public static let r31 = RuleID(rawValue: "R31")

    /// Rule R32 of the domain rules.
    public static let r32 = RuleID(rawValue: "R32")

    /// Rule R33 of the domain rules.
    public static let r33 = RuleID(rawValue: "R33")

    /// Rule R34 of the domain rules.
    public static let r34 = RuleID(rawValue: "R34")

    /// Orders IDs by their text.
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The ID.
    public var description: String { rawValue }
}
