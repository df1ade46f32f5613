/// A text field of a contact, for forms that edit fields one at a time (R21).
public enum ContactField: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The name we file the contact under. Editable.
    case name
    /// A phone number. Editable.
    case phone
    /// An e-mail address. Editable.
    case email
    /// The contact's department or position as we record it. Editable.
    case affiliation
    /// Free-form notes. Editable.
    case notes
    /// The birthday, as text. Editable.
    case birthday
    /// The nickname the contact chose on their side. Synced, not editable.
    case nickname
    /// The company name from the contact's side. Synced, not editable.
    case companyName
    /// The profile photo from the contact's side. Synced, not editable.
    case profilePhoto

    /// Whether the value comes from the other side and cannot be edited by us (R21).
    public var isSynced: Bool {
        switch self {
        case .nickname, .companyName, .profilePhoto: true
        case .name, .phone, .email, .affiliation, .notes, .birthday: false
        }
    }

    /// The field's name.
    public var description: String {
        switch self {
        case .name: "name"
        case .phone: "phone"
        case .email: "e-mail"
        case .affiliation: "affiliation"
        case .notes: "notes"
        case .birthday: "birthday"
        case .nickname: "nickname"
        case .companyName: "company name"
        case .profilePhoto: "profile photo"
        }
    }
}

// MARK: Stored format

extension ContactField: Codable {
    /// The name a case is stored under. It is written out, not derived from the Swift case, so that renaming a
    /// case never changes stored data.
    var storedName: String {
        switch self {
        case .name: "name"
        case .phone: "phone"
        case .email: "email"
        case .affiliation: "affiliation"
        case .notes: "notes"
        case .birthday: "birthday"
        case .nickname: "nickname"
        case .companyName: "companyName"
        case .profilePhoto: "profilePhoto"
        }
    }

    /// Decodes a contact field stored under its fixed name.
    ///
    /// The stored format is stable: one string, such as `name`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string names no contact field.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeName(from: decoder, kind: "contact field", cases: Self.allCases) { $0.storedName }
    }

    /// Encodes the contact field as its fixed name, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(storedName, to: encoder)
    }
}
