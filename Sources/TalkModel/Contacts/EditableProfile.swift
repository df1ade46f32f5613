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
