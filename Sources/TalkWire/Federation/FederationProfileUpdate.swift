public import TalkModel

/// The body of a `profile` request: the fields of the sender's profile that the other side shows but cannot edit
/// (R21).
///
/// Each field is optional: `nil` (absent on the wire) leaves the field unchanged, and an empty string clears it,
/// as when the member removed their photo.
public struct FederationProfileUpdate: Sendable, Hashable {
    /// The member's nickname.
    public var nickname: String?
    /// The member's company name.
    public var companyName: String?
    /// The `https` URL of the member's profile photo.
    public var photoURL: String?

    /// Creates a profile update.
    /// - Parameters:
    ///   - nickname: The new nickname; `nil` leaves it, `""` clears it.
    ///   - companyName: The new company name; `nil` leaves it, `""` clears it.
    ///   - photoURL: The new photo URL; `nil` leaves it, `""` clears it.
    public init(nickname: String? = nil, companyName: String? = nil, photoURL: String? = nil) {
        self.nickname = nickname
        self.companyName = companyName
        self.photoURL = photoURL
    }

    /// The update that turns one synced profile into another: the fields that differ, cleared ones as `""`.
    /// - Parameters:
    ///   - old: The profile the receiving side has, or an empty one to send every field.
    ///   - new: The profile as it is now.
    public init(from old: SyncedProfile = SyncedProfile(), to new: SyncedProfile) {
        func change(_ old: String?, _ new: String?) -> String? { old == new ? nil : (new ?? "") }
        self.init(
            nickname: change(old.nickname, new.nickname),
            companyName: change(old.companyName, new.companyName),
            photoURL: change(old.profilePhotoURL, new.profilePhotoURL)
        )
    }

    /// Whether the update changes nothing.
    public var isEmpty: Bool { nickname == nil && companyName == nil && photoURL == nil }

    /// The synced profile with this update applied (R21: the receiving side replaces these fields, never edits
    /// them).
    /// - Parameter profile: The profile as the receiving side had it.
    /// - Returns: The profile after the update.
    public func applied(to profile: SyncedProfile) -> SyncedProfile {
        func apply(_ change: String?, to value: String?) -> String? {
            guard let change else { return value }
            return change.isEmpty ? nil : change
        }
        return SyncedProfile(
            nickname: apply(nickname, to: profile.nickname),
            companyName: apply(companyName, to: profile.companyName),
            profilePhotoURL: apply(photoURL, to: profile.profilePhotoURL)
        )
    }
}
