/// A deleted contact waiting in the trash, with everything it had (R23).
public struct TrashedContact: Sendable, Hashable, Identifiable {
    /// The contact exactly as it was when deleted.
    public let contact: Contact
    /// Who deleted it.
    public let deletedBy: MemberID
    /// When it was deleted.
    public let deletedAt: Timestamp
    /// The first instant at which it is gone for good: ``deletedAt`` plus ``AddressBook/trashRetention``.
    public let expiresAt: Timestamp

    /// The contact's party.
    public var id: Party { contact.party }

    /// Whether the contact is past its retention period at an instant and can no longer be restored.
    /// - Parameter time: The instant to check.
    /// - Returns: `true` from ``expiresAt`` on.
    public func isExpired(at time: Timestamp) -> Bool { time >= expiresAt }
}

// MARK: Stored format

extension TrashedContact: Codable {
    private enum CodingKeys: String, CodingKey {
        case contact = "contact"
        case deletedBy = "deletedBy"
        case deletedAt = "deletedAt"
        case expiresAt = "expiresAt"
    }

    /// Decodes a trash entry stored as an object, refusing one the address book never produces.
    ///
    /// The stored format is stable: `contact` (a ``Contact``), `deletedBy`, `deletedAt` and `expiresAt`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid, the entry was deleted by another member than
    ///   the one who registered the contact (R22), or `expiresAt` is not `deletedAt` plus
    ///   ``AddressBook/trashRetention`` (R23).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.contact = try container.decode(Contact.self, forKey: .contact)
        self.deletedBy = try container.decode(MemberID.self, forKey: .deletedBy)
        self.deletedAt = try container.decode(Timestamp.self, forKey: .deletedAt)
        self.expiresAt = try container.decode(Timestamp.self, forKey: .expiresAt)
        guard deletedBy == contact.registeredBy else {
            throw DecodingError.dataCorruptedError(
                forKey: .deletedBy,
                in: container,
                debugDescription: "only the member who registered a contact can delete it (R22)"
            )
        }
        // A stored expiry that disagrees with the retention period would let a contact be restored after it or
        // vanish before it (R23).
        guard expiresAt == deletedAt.advanced(by: AddressBook.trashRetention) else {
            throw DecodingError.dataCorruptedError(
                forKey: .expiresAt,
                in: container,
                debugDescription: "a trash entry expires 30 days after its deletion (R23)"
            )
        }
    }

    /// Encodes the entry as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(contact, forKey: .contact)
        try container.encode(deletedBy, forKey: .deletedBy)
        try container.encode(deletedAt, forKey: .deletedAt)
        try container.encode(expiresAt, forKey: .expiresAt)
    }
}
