/// The part of a contact that comes from the other side and that we cannot edit (R21).
public struct SyncedProfile: Sendable, Hashable {
    /// The nickname or LINE display name the contact chose.
    public var nickname: String?
    /// The company name from the contact's workspace.
    public var companyName: String?
    /// The location of the contact's profile photo.
    public var profilePhotoURL: String?

    /// Creates a synced profile.
    /// - Parameters:
    ///   - nickname: The contact's own name for themselves.
    ///   - companyName: The company name from their side.
    ///   - profilePhotoURL: Where their profile photo is.
    public init(nickname: String? = nil, companyName: String? = nil, profilePhotoURL: String? = nil) {
        self.nickname = nickname
        self.companyName = companyName
        self.profilePhotoURL = profilePhotoURL
    }
}
