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
