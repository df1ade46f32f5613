/// A tenant's address book of external contacts and its trash (R10, R20-R24).
///
/// A value with no I/O: time comes in as ``Timestamp`` arguments read from the caller's
/// ``TalkClock``, so the 30-day trash (R23) is tested by moving a ``ManualClock``.
///
/// Deleting a contact stops talk and hides history (R22): ``canTalk(with:)`` and
/// ``isHistoryVisible(for:)`` turn `false`, and the caller restricts the room with
/// ``RoomRestriction/contactDeleted`` until the contact is restored.
public struct AddressBook: Sendable, Hashable {
    /// How long a deleted contact stays restorable in the trash (R23).
    public static let trashRetention = TalkDuration.days(30)

    private var entries: [Party: Contact]
    private var trashed: [Party: TrashedContact]
    /// Parties whose contact was purged: their history stays hidden until they are registered again.
    private var purged: Set<Party>

    /// Creates an empty address book.
    public init() {
        self.entries = [:]
        self.trashed = [:]
        self.purged = []
    }

    /// Every contact outside the trash, sorted by display name.
    public var contacts: [Contact] { sorted(entries.values) }

    /// The contact for a party, if it is in the address book (not in the trash).
    /// - Parameter party: The party to look up.
    public subscript(party: Party) -> Contact? { entries[party] }

    // MARK: Registering and editing

    /// Registers a party as a contact.
    /// - Parameters:
    ///   - party: The LINE user or workspace user.
    ///   - member: The member registering; only they may delete it later (R22).
    ///   - time: Now; an expired trash entry of the same party is purged first.
    ///   - synced: What the other side reports about themselves.
    ///   - isFriend: For a LINE user, whether they have the account as a friend.
    /// - Returns: The new contact.
    /// - Throws: ``ContactError/Code/alreadyExists`` when the party is in the address book or,
    ///   restorably, in the trash (restore it instead).
    @discardableResult
    public mutating func register(
        _ party: Party,
        by member: MemberID,
        at time: Timestamp,
        synced: SyncedProfile = SyncedProfile(),
        isFriend: Bool = true
    ) throws(ContactError) -> Contact {
        if entries[party] != nil {
            throw ContactError(.alreadyExists, "\(party) is already a contact")
        }
        if let entry = trashed[party] {
            guard entry.isExpired(at: time) else {
                throw ContactError(.alreadyExists, "\(party) is in the trash; restore it instead (R23)")
            }
            trashed[party] = nil
        }
        purged.remove(party)
        let contact = Contact(
            party: party,
            registeredBy: member,
            at: time,
            synced: synced,
            isFriend: party.lineUser == nil ? true : isFriend
        )
        entries[party] = contact
        return contact
    }

    /// Sets an editable field (R21).
    /// - Parameters:
    ///   - field: The field to set.
    ///   - value: The new value; `nil` or blank clears it.
    ///   - party: The contact's party.
    /// - Throws: ``ContactError/Code/fieldNotEditable`` for nickname, company name and profile photo,
    ///   which are synced from the other side; ``ContactError/Code/notFound`` for an unknown contact.
    public mutating func set(_ field: ContactField, to value: String?, for party: Party) throws(ContactError) {
        guard !field.isSynced else {
            throw ContactError(
                .fieldNotEditable,
                "the \(field) is synced from the contact's side and cannot be edited (R21)"
            )
        }
        var contact = try existing(party)
        let cleaned = Self.cleaned(value)
        switch field {
        case .name: contact.editable.name = cleaned
        case .phone: contact.editable.phone = cleaned
        case .email: contact.editable.email = cleaned
        case .affiliation: contact.editable.affiliation = cleaned
        case .notes: contact.editable.notes = cleaned
        case .birthday: contact.editable.birthday = cleaned
        case .nickname, .companyName, .profilePhoto: break
        }
        entries[party] = contact
    }

    /// Replaces the groups a contact is filed in (R21).
    /// - Parameters:
    ///   - groups: Our group names.
    ///   - party: The contact's party.
    /// - Throws: ``ContactError/Code/notFound`` for an unknown contact.
    public mutating func setGroups(_ groups: Set<String>, for party: Party) throws(ContactError) {
        var contact = try existing(party)
        contact.editable.groups = groups
        entries[party] = contact
    }

    /// Gives a contact a local alias, or removes it with `nil` (R21).
    /// - Parameters:
    ///   - alias: The local name; blank removes it.
    ///   - party: The contact's party.
    /// - Throws: ``ContactError/Code/aliasNeedsFriend`` for a LINE user who is not a friend now;
    ///   ``ContactError/Code/notFound`` for an unknown contact.
    public mutating func setAlias(_ alias: String?, for party: Party) throws(ContactError) {
        var contact = try existing(party)
        let cleaned = Self.cleaned(alias)
        if cleaned != nil, contact.kind == .lineUser, !contact.isFriend {
            throw ContactError(.aliasNeedsFriend, "a LINE user gets a local alias only once they are a friend (R21)")
        }
        contact.alias = cleaned
        entries[party] = contact
    }

    /// Records that a LINE user followed or unfollowed the account.
    ///
    /// An alias already given stays when the user unfollows; a new one cannot be set until they follow again.
    /// - Parameters:
    ///   - isFriend: Whether they have the account as a friend now.
    ///   - party: The contact's party.
    /// - Throws: ``ContactError/Code/notFound`` for an unknown contact.
    public mutating func setFriend(_ isFriend: Bool, for party: Party) throws(ContactError) {
        var contact = try existing(party)
        contact.isFriend = contact.kind == .workspaceUser ? true : isFriend
        entries[party] = contact
    }

    /// Replaces the synced fields with what the other side reported.
    /// - Parameters:
    ///   - synced: The other side's current profile.
    ///   - party: The contact's party.
    /// - Throws: ``ContactError/Code/notFound`` for an unknown contact.
    public mutating func applySync(_ synced: SyncedProfile, for party: Party) throws(ContactError) {
        var contact = try existing(party)
        contact.synced = synced
        entries[party] = contact
    }

    // MARK: Reading

    /// The "external users" group as one member sees it (R10).
    ///
    /// A member sees LINE users only when on the LINE link's allowed list, and workspace users only
    /// when on the external-workspace link's allowed list. A disabled link does not hide its contacts
    /// from allowed members: history stays readable (R05).
    /// - Parameters:
    ///   - member: The member looking.
    ///   - policy: The member's tenant policy.
    /// - Returns: The visible contacts, sorted by display name; each knows its ``Contact/kind``.
    public func externalUsers(visibleTo member: MemberID, policy: TenantPolicy) -> [Contact] {
        guard member.tenant == policy.tenant else { return [] }
        return sorted(entries.values.filter { policy.link(for: $0.kind).allowedMembers.contains(member) })
    }

    /// Searches contacts by display name, alias, name, nickname or ID (R24).
    ///
    /// Names match by case-insensitive substring. IDs match only as a whole: the whole member ID
    /// including `@domain`, or the whole LINE user ID (R06). Contacts in the trash are not found.
    /// - Parameter query: What the member typed; surrounding whitespace is ignored.
    /// - Returns: Matching contacts sorted by display name; empty for a blank query.
    public func search(_ query: String) -> [Contact] {
        let trimmed = String(IdentifierSyntax.trimmingWhitespace(query))
        guard !trimmed.isEmpty else { return [] }
        let needle = trimmed.lowercased()
        return sorted(
            entries.values.filter { contact in
                let names = [contact.displayName, contact.alias, contact.editable.name, contact.synced.nickname]
                if names.contains(where: { $0?.lowercased().contains(needle) == true }) { return true }
                switch contact.party {
                case .workspaceUser(let member): return member.matchesExactSearch(trimmed)
                case .lineUser(let user): return user.userID.rawValue == trimmed
                }
            }
        )
    }

    /// Whether our members can talk with a party: only while it is a contact, not in the trash (R22).
    /// - Parameter party: The party.
    public func canTalk(with party: Party) -> Bool { entries[party] != nil }

    /// Whether the history with a party may be shown: not while the contact is in the trash, nor after
    /// it was purged (R22). Parties never registered are not governed by the address book.
    /// - Parameter party: The party.
    public func isHistoryVisible(for party: Party) -> Bool { trashed[party] == nil && !purged.contains(party) }

    // MARK: Trash (R22, R23)

    /// Moves a contact to the trash (R22).
    /// - Parameters:
    ///   - party: The contact's party.
    ///   - member: The member deleting; it must be the one who registered it.
    ///   - time: Now; the trash keeps the contact for ``trashRetention`` from here.
    /// - Returns: The trash entry.
    /// - Throws: ``ContactError/Code/notRegisteredByYou`` when another member registered it;
    ///   ``ContactError/Code/notFound`` for an unknown contact.
    @discardableResult
    public mutating func delete(
        _ party: Party,
        by member: MemberID,
        at time: Timestamp
    ) throws(ContactError)
        -> TrashedContact
    {
        let contact = try existing(party)
        guard contact.registeredBy == member else {
            throw ContactError(
                .notRegisteredByYou,
                "\(member) cannot delete \(party): only the member who registered a contact may delete it (R22)"
            )
        }
        let entry = TrashedContact(
            contact: contact,
            deletedBy: member,
            deletedAt: time,
            expiresAt: time.advanced(by: Self.trashRetention)
        )
        entries[party] = nil
        trashed[party] = entry
        return entry
    }

    /// The trash as it stands at an instant: expired entries are already gone (R23).
    /// - Parameter time: Now.
    /// - Returns: Restorable entries, oldest deletion first.
    public func trash(at time: Timestamp) -> [TrashedContact] {
        trashed.values.filter { !$0.isExpired(at: time) }.sorted {
            ($0.deletedAt, $0.contact.party.searchableID, $0.contact.party.uniqueKey)
                < ($1.deletedAt, $1.contact.party.searchableID, $1.contact.party.uniqueKey)
        }
    }

    /// Restores a contact from the trash with all its data (R23).
    /// - Parameters:
    ///   - party: The contact's party.
    ///   - member: The member restoring; it must be the one who registered it.
    ///   - time: Now; restoring is possible before ``TrashedContact/expiresAt``.
    /// - Returns: The restored contact, identical to what was deleted.
    /// - Throws: ``ContactError/Code/notInTrash``, ``ContactError/Code/trashExpired`` (the entry is
    ///   purged), or ``ContactError/Code/notRegisteredByYou``.
    @discardableResult
    public mutating func restore(
        _ party: Party,
        by member: MemberID,
        at time: Timestamp
    ) throws(ContactError)
        -> Contact
    {
        let entry = try trashEntry(party, by: member)
        guard !entry.isExpired(at: time) else {
            trashed[party] = nil
            purged.insert(party)
            throw ContactError(.trashExpired, "\(party) was in the trash for more than 30 days and is gone (R23)")
        }
        trashed[party] = nil
        entries[party] = entry.contact
        return entry.contact
    }

    /// Deletes a contact from the trash, immediately and for good (R23).
    /// - Parameters:
    ///   - party: The contact's party.
    ///   - member: The member purging; it must be the one who registered it.
    /// - Throws: ``ContactError/Code/notInTrash`` or ``ContactError/Code/notRegisteredByYou``.
    public mutating func purge(_ party: Party, by member: MemberID) throws(ContactError) {
        _ = try trashEntry(party, by: member)
        trashed[party] = nil
        purged.insert(party)
    }

    /// Removes every trash entry past its retention period (R23).
    /// - Parameter time: Now.
    /// - Returns: The parties removed, sorted by ID.
    @discardableResult
    public mutating func purgeExpired(at time: Timestamp) -> [Party] {
        let expired = trashed.values.filter { $0.isExpired(at: time) }.map(\.contact.party)
        for party in expired {
            trashed[party] = nil
            purged.insert(party)
        }
        return expired.sorted { ($0.searchableID, $0.uniqueKey) < ($1.searchableID, $1.uniqueKey) }
    }

    // MARK: Helpers

    private func existing(_ party: Party) throws(ContactError) -> Contact {
        guard let contact = entries[party] else {
            throw ContactError(.notFound, "\(party) is not in the address book")
        }
        return contact
    }

    private func trashEntry(_ party: Party, by member: MemberID) throws(ContactError) -> TrashedContact {
        guard let entry = trashed[party] else {
            throw ContactError(.notInTrash, "\(party) is not in the trash")
        }
        guard entry.contact.registeredBy == member else {
            throw ContactError(
                .notRegisteredByYou,
                "\(member) cannot change the trash entry of \(party): only its registering member can (R22)"
            )
        }
        return entry
    }

    /// Sorts by display name and ID; the party's unique key breaks the tie between LINE users of different providers
    /// who share a user ID (R27), so that equal books list contacts in the same order.
    private func sorted(_ contacts: some Sequence<Contact>) -> [Contact] {
        contacts.sorted {
            ($0.displayName.lowercased(), $0.party.searchableID, $0.party.uniqueKey)
                < ($1.displayName.lowercased(), $1.party.searchableID, $1.party.uniqueKey)
        }
    }

    private static func cleaned(_ value: String?) -> String? {
        guard let value else { return nil }
        let trimmed = IdentifierSyntax.trimmingWhitespace(value)
        return trimmed.isEmpty ? nil : String(trimmed)
    }
}

// MARK: Stored format

extension AddressBook: Codable {
    private enum CodingKeys: String, CodingKey {
        case contacts = "contacts"
        case trash = "trash"
        case purged = "purged"
    }

    /// Decodes an address book stored as an object, refusing one that no sequence of operations produces.
    ///
    /// The stored format is stable: `contacts` (a list of ``Contact``), `trash` (a list of ``TrashedContact``,
    /// expired entries included until ``purgeExpired(at:)`` removes them) and `purged` (a list of ``Party`` whose
    /// history stays hidden), each sorted by party: by member ID, or by `provider/userID`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid, or a party appears twice: in one list, or in
    ///   more than one of the contacts, the trash and the purged parties.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.entries = try container.decodeUnique(Contact.self, forKey: .contacts, what: "contacts") { $0.party }
        self.trashed = try container.decodeUnique(TrashedContact.self, forKey: .trash, what: "trash entries") {
            $0.contact.party
        }
        self.purged = try container.decodeSet(Party.self, forKey: .purged)
        // A party is in at most one place: registering takes it out of the trash and the purged set, deleting takes
        // it out of the contacts, and purging takes it out of the trash (R22, R23).
        let contacts = Set(entries.keys)
        let trash = Set(trashed.keys)
        guard contacts.isDisjoint(with: trash), contacts.isDisjoint(with: purged), trash.isDisjoint(with: purged)
        else {
            throw StoredFormat.impossible(
                decoder,
                "a party is stored in more than one of the contacts, the trash and the purged parties"
            )
        }
    }

    /// Encodes the address book as an object, the stable stored format; every list is sorted by party.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entries.values.sorted { $0.party.uniqueKey < $1.party.uniqueKey }, forKey: .contacts)
        try container.encode(
            trashed.values.sorted { $0.contact.party.uniqueKey < $1.contact.party.uniqueKey },
            forKey: .trash
        )
        try container.encode(purged.sorted { $0.uniqueKey < $1.uniqueKey }, forKey: .purged)
    }
}
