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

// MARK: Stored format

extension CustomerID: Codable {
    /// Decodes a customer identifier stored as its ``rawValue`` string, through ``init(rawValue:)``.
    ///
    /// The stored format is stable: one string, the host's identifier. The SDK does not interpret it, so any string is
    /// accepted.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when the stored value is not a string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(rawValue: try container.decode(String.self))
    }

    /// Encodes the identifier as its ``rawValue`` string, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(rawValue, to: encoder)
    }
}
