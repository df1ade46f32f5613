public import TalkModel
import TalkWire

/// Reads a user's profile: `GET /v2/bot/profile/{userId}`.
///
/// LINE answers 404 (``TalkTransportError/Code/notFound``) for a user who is not a friend of the account.
public struct LineProfileCall: LineAPICall {
    /// The user.
    public let user: LineUserID

    /// Creates the call.
    /// - Parameter user: The user.
    public init(user: LineUserID) {
        self.user = user
    }

    /// `GET /v2/bot/profile/{userId}`.
    public var request: LineAPIRequest {
        LineAPIRequest(operation: "get profile", method: .get, path: "/v2/bot/profile/\(user.rawValue)")
    }

    /// Reads `displayName`, `userId` and the optional `pictureUrl`, `statusMessage` and `language`.
    /// - Parameter response: The 2xx answer.
    /// - Returns: The profile.
    /// - Throws: ``TalkTransportError/Code/invalidResponse`` when a required member is missing.
    public func decodeResponse(_ response: LineAPIResponse) throws(TalkTransportError) -> LineUserProfile {
        let object = try response.jsonObject(operation: request.operation)
        return LineUserProfile(
            userID: user,
            displayName: try response.requiredString("displayName", in: object, operation: request.operation),
            pictureURL: object["pictureUrl"]?.stringValue,
            statusMessage: object["statusMessage"]?.stringValue,
            language: object["language"]?.stringValue
        )
    }
}

/// A LINE user's profile as the Official Account sees it.
///
/// The display name is synced from LINE and not editable locally (R21).
public struct LineUserProfile: Sendable, Hashable {
    /// The user.
    public var userID: LineUserID
    /// The name the user chose.
    public var displayName: String
    /// The profile picture's URL.
    public var pictureURL: String?
    /// The user's status message.
    public var statusMessage: String?
    /// The user's language as a BCP 47 tag, when the user consented to share it.
    public var language: String?

    /// Creates a profile.
    /// - Parameters:
    ///   - userID: The user.
    ///   - displayName: The name.
    ///   - pictureURL: The picture's URL.
    ///   - statusMessage: The status message.
    ///   - language: The language tag.
    public init(
        userID: LineUserID,
        displayName: String,
        pictureURL: String? = nil,
        statusMessage: String? = nil,
        language: String? = nil
    ) {
        self.userID = userID
        self.displayName = displayName
        self.pictureURL = pictureURL
        self.statusMessage = statusMessage
        self.language = language
    }
}
