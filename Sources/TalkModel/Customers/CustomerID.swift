/// The host's identifier of a customer record in the CRM / help-desk directory.
public struct CustomerID: Sendable, Hashable, Comparable, RawRepresentable, CustomStringConvertible {
    /// The identifier.
    public let rawValue: String

    /// Wraps the host's identifier.
    /// - Parameter rawValue: The identifier, as the host's storage assigns it.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Orders identifiers by their text.
    public static func < (lhs: CustomerID, rhs: CustomerID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The identifier.
    public var description: String { rawValue }
}
