/// A built-in group of the address book.
public enum AddressBookGroup: Sendable, Hashable, CaseIterable {
    /// Every registered contact is filed under "customers / partners" (R20).
    case customersAndPartners
    /// Parties connected through external talk, LINE users and workspace users alike, each shown with
    /// its kind; visible only to members allowed for the link of that kind (R10).
    case externalUsers
}

// MARK: Stored format

extension AddressBookGroup: Codable {
    /// The name a case is stored under. It is written out, not derived from the Swift case, so that renaming a
    /// case never changes stored data.
    var storedName: String {
        switch self {
        case .customersAndPartners: "customersAndPartners"
        case .externalUsers: "externalUsers"
        }
    }

    /// Decodes a address book group stored under its fixed name.
    ///
    /// The stored format is stable: one string, such as `customersAndPartners`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string names no address book group.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeName(from: decoder, kind: "address book group", cases: Self.allCases) {
            $0.storedName
        }
    }

    /// Encodes the address book group as its fixed name, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(storedName, to: encoder)
    }
}
