public import TalkModel

/// The body of an `invitation` request: a member of the sending tenant adds a member of the receiving one (R08).
///
/// The receiving side shows a room with a pending request and the choices **Add** and **Block** (R09); talk
/// starts only when the invited member answers with an `accept` request.
public struct FederationInvitation: Sendable, Hashable {
    /// How the inviting member found the invited one.
    public var method: FederationInvitationMethod
    /// A short note to show with the request, if the inviting member wrote one.
    public var note: String?

    /// Creates an invitation.
    /// - Parameters:
    ///   - method: How the invited member was found.
    ///   - note: A note to show with the request.
    public init(method: FederationInvitationMethod, note: String? = nil) {
        self.method = method
        self.note = note
    }
}

/// How a member found the member of another tenant they invite (R08), as the wire names it.
@nonexhaustive
public enum FederationInvitationMethod: Sendable, Hashable {
    /// `exact-id-search`: a search for the whole ID including `@domain`.
    case exactIDSearch
    /// `qr-code`: the invited member's QR code.
    case qrCode
    /// `invite-link`: the invited member's invite link.
    case inviteLink
    /// `phone-number-search`: a search by phone number, which finds only members who allow it.
    case phoneNumberSearch
    /// `email-invitation`: an e-mail invitation.
    case emailInvitation
    /// A method this version does not know, kept by its wire name; the invitation still opens a pending room.
    case unknown(String)

    /// The methods this version knows, in the order of R08.
    public static let known: [FederationInvitationMethod] = [
        .exactIDSearch, .qrCode, .inviteLink, .phoneNumberSearch, .emailInvitation,
    ]

    /// The method for a wire name; a name this version does not know gives ``unknown(_:)``.
    /// - Parameter wireName: The wire name, such as `qr-code`.
    public init(wireName: String) {
        self = Self.known.first { $0.wireName == wireName } ?? .unknown(wireName)
    }

    /// The method a member's way of adding a workspace user is sent as.
    /// - Parameter method: How the member adds the user; the query of an ID search is not sent, since `to` is the
    ///   ID that was found.
    public init(_ method: WorkspaceAddMethod) {
        switch method {
        case .exactIDSearch: self = .exactIDSearch
        case .qrCode: self = .qrCode
        case .inviteLink: self = .inviteLink
        case .phoneNumberSearch: self = .phoneNumberSearch
        case .emailInvitation: self = .emailInvitation
        }
    }

    /// The method a room's request method is sent as.
    /// - Parameter method: The request method; `nil` for ``/TalkModel/RequestMethod/lineFollow``, which only LINE
    ///   users use.
    public init?(_ method: RequestMethod) {
        switch method {
        case .exactIDSearch: self = .exactIDSearch
        case .qrCode: self = .qrCode
        case .inviteLink: self = .inviteLink
        case .phoneNumberSearch: self = .phoneNumberSearch
        case .emailInvitation: self = .emailInvitation
        case .lineFollow: return nil
        }
    }

    /// The wire name, such as `exact-id-search`.
    public var wireName: String {
        switch self {
        case .exactIDSearch: "exact-id-search"
        case .qrCode: "qr-code"
        case .inviteLink: "invite-link"
        case .phoneNumberSearch: "phone-number-search"
        case .emailInvitation: "email-invitation"
        case .unknown(let name): name
        }
    }

    /// The request method the receiving side's room records (R09); `nil` for a method this version does not know.
    public var requestMethod: RequestMethod? {
        switch self {
        case .exactIDSearch: .exactIDSearch
        case .qrCode: .qrCode
        case .inviteLink: .inviteLink
        case .phoneNumberSearch: .phoneNumberSearch
        case .emailInvitation: .emailInvitation
        case .unknown: nil
        }
    }

    /// The way of adding as ``/TalkModel/TalkRules`` judges it, for the receiving side to check R04 and R08 itself.
    /// - Parameter invitedID: The invited member, the request's `to`; an ID search found exactly this ID.
    /// - Returns: The method, or `nil` for a method this version does not know.
    public func workspaceAddMethod(invitedID: MemberID) -> WorkspaceAddMethod? {
        switch self {
        case .exactIDSearch: .exactIDSearch(query: invitedID.rawValue)
        case .qrCode: .qrCode
        case .inviteLink: .inviteLink
        case .phoneNumberSearch: .phoneNumberSearch
        case .emailInvitation: .emailInvitation
        case .unknown: nil
        }
    }
}
