/// An external party in the address book: who they are, who registered them, and what we know.
///
/// Contacts are filed under "customers / partners" (R20). Fields synced from the other side are
/// read-only here (R21); change them through ``AddressBook/applySync(_:for:)`` when the other side
/// reports a change.
public struct Contact: Sendable, Hashable, Identifiable {
    /// The party; an address book holds one contact per party.
    public let party: Party
    /// The member who registered the contact; only they may delete it (R22).
    public let registeredBy: MemberID
    /// When the contact was registered.
    public let registeredAt: Timestamp
    /// What the other side tells us; not editable (R21).
    public internal(set) var synced: SyncedProfile
    /// What we keep ourselves; editable (R21).
    public internal(set) var editable: EditableProfile
    /// Our local name for a LINE user, set only once they are a friend (R21).
    public internal(set) var alias: String?
    /// Whether the LINE user currently has the account as a friend; always `true` for workspace users
    /// once registered.
    public internal(set) var isFriend: Bool

    /// The party, as the contact's identity.
    public var id: Party { party }

    /// The kind, shown as a LINE icon or a workspace "W" icon (R10).
    public var kind: PartyKind { party.kind }

    /// The group every contact is filed under (R20).
    public var folder: AddressBookGroup { .customersAndPartners }

    /// The name to show: the alias, else our name, else their nickname, else the ID.
    public var displayName: String {
        for candidate in [alias, editable.name, synced.nickname] {
            if let candidate, !candidate.isEmpty { return candidate }
        }
        return party.searchableID
    }

    init(party: Party, registeredBy: MemberID, at time: Timestamp, synced: SyncedProfile, isFriend: Bool) {
        self.party = party
        self.registeredBy = registeredBy
        self.registeredAt = time
        self.synced = synced
        self.editable = EditableProfile()
        self.alias = nil
        self.isFriend = isFriend
    }

    /// The value of a field, synced or editable.
    /// - Parameter field: The field to read.
    /// - Returns: Its value, or `nil` when empty.
    public func value(of field: ContactField) -> String? {
        switch field {
        case .name: editable.name
        case .phone: editable.phone
        case .email: editable.email
        case .affiliation: editable.affiliation
        case .notes: editable.notes
        case .birthday: editable.birthday
        case .nickname: synced.nickname
        case .companyName: synced.companyName
        case .profilePhoto: synced.profilePhotoURL
        }
    }
}

// MARK: Stored format

extension Contact: Codable {
    private enum CodingKeys: String, CodingKey {
        case party = "party"
        case registeredBy = "registeredBy"
        case registeredAt = "registeredAt"
        case synced = "synced"
        case editable = "editable"
        case alias = "alias"
        case isFriend = "isFriend"
    }

    /// Decodes a contact stored as an object, refusing a workspace user who is not a friend.
    ///
    /// The stored format is stable: `party` (a ``Party``), `registeredBy`, `registeredAt`, `synced` (a
    /// ``SyncedProfile``), `editable` (an ``EditableProfile``), `alias` (left out when there is none) and
    /// `isFriend`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid, or a workspace-user contact is stored as not a
    ///   friend, which the address book never produces.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.party = try container.decode(Party.self, forKey: .party)
        self.registeredBy = try container.decode(MemberID.self, forKey: .registeredBy)
        self.registeredAt = try container.decode(Timestamp.self, forKey: .registeredAt)
        self.synced = try container.decode(SyncedProfile.self, forKey: .synced)
        self.editable = try container.decode(EditableProfile.self, forKey: .editable)
        self.alias = try container.decodeIfPresent(String.self, forKey: .alias)
        self.isFriend = try container.decode(Bool.self, forKey: .isFriend)
        guard isFriend || party.kind == .lineUser else {
            throw DecodingError.dataCorruptedError(
                forKey: .isFriend,
                in: container,
                debugDescription: "a workspace-user contact is always a friend once registered"
            )
        }
    }

    /// Encodes the contact as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(party, forKey: .party)
        try container.encode(registeredBy, forKey: .registeredBy)
        try container.encode(registeredAt, forKey: .registeredAt)
        try container.encode(synced, forKey: .synced)
        try container.encode(editable, forKey: .editable)
        try container.encodeIfPresent(alias, forKey: .alias)
        try container.encode(isFriend, forKey: .isFriend)
    }
}
