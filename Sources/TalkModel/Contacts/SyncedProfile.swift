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

// MARK: Stored format

extension SyncedProfile: Codable {
    private enum CodingKeys: String, CodingKey {
        case nickname = "nickname"
        case companyName = "companyName"
        case profilePhotoURL = "profilePhotoURL"
    }

    /// Decodes a synced profile stored as an object.
    ///
    /// The stored format is stable: `nickname`, `companyName` and `profilePhotoURL`, each left out when empty.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is not a string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            nickname: try container.decodeIfPresent(String.self, forKey: .nickname),
            companyName: try container.decodeIfPresent(String.self, forKey: .companyName),
            profilePhotoURL: try container.decodeIfPresent(String.self, forKey: .profilePhotoURL)
        )
    }

    /// Encodes the profile as an object, the stable stored format; empty fields are left out.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(nickname, forKey: .nickname)
        try container.encodeIfPresent(companyName, forKey: .companyName)
        try container.encodeIfPresent(profilePhotoURL, forKey: .profilePhotoURL)
    }
}
