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
