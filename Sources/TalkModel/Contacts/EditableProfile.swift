/// The part of a contact we keep ourselves and may edit (R21).
public struct EditableProfile: Sendable, Hashable {
    /// The name we file the contact under.
    public var name: String?
    /// A phone number.
    public var phone: String?
    /// An e-mail address.
    public var email: String?
    /// The contact's department or position as we record it.
    public var affiliation: String?
    /// Free-form notes.
    public var notes: String?
    /// The birthday, as text.
    public var birthday: String?
    /// Our own groups the contact is filed in.
    public var groups: Set<String>

    /// Creates an editable profile; every field starts empty unless given.
    /// - Parameters:
    ///   - name: The name we file the contact under.
    ///   - phone: A phone number.
    ///   - email: An e-mail address.
    ///   - affiliation: Department or position.
    ///   - notes: Free-form notes.
    ///   - birthday: The birthday, as text.
    ///   - groups: Our groups the contact is in.
    public init(
        name: String? = nil,
        phone: String? = nil,
        email: String? = nil,
        affiliation: String? = nil,
        notes: String? = nil,
        birthday: String? = nil,
        groups: Set<String> = []
    ) {
        self.name = name
        self.phone = phone
        self.email = email
        self.affiliation = affiliation
        self.notes = notes
        self.birthday = birthday
        self.groups = groups
    }
}

// MARK: Stored format

extension EditableProfile: Codable {
    private enum CodingKeys: String, CodingKey {
        case name = "name"
        case phone = "phone"
        case email = "email"
        case affiliation = "affiliation"
        case notes = "notes"
        case birthday = "birthday"
        case groups = "groups"
    }

    /// Decodes an editable profile stored as an object.
    ///
    /// The stored format is stable: `name`, `phone`, `email`, `affiliation`, `notes` and `birthday`, each left out
    /// when empty, and `groups`, a sorted list of group names.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field has the wrong type or a group is listed twice.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name),
            phone: try container.decodeIfPresent(String.self, forKey: .phone),
            email: try container.decodeIfPresent(String.self, forKey: .email),
            affiliation: try container.decodeIfPresent(String.self, forKey: .affiliation),
            notes: try container.decodeIfPresent(String.self, forKey: .notes),
            birthday: try container.decodeIfPresent(String.self, forKey: .birthday),
            groups: try container.decodeSet(String.self, forKey: .groups)
        )
    }

    /// Encodes the profile as an object, the stable stored format; empty fields are left out and groups sorted.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(phone, forKey: .phone)
        try container.encodeIfPresent(email, forKey: .email)
        try container.encodeIfPresent(affiliation, forKey: .affiliation)
        try container.encodeIfPresent(notes, forKey: .notes)
        try container.encodeIfPresent(birthday, forKey: .birthday)
        try container.encodeSorted(groups, forKey: .groups)
    }
}
