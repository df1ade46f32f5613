/// Something one party wants to do to another, as judged by ``TalkRules/decide(_:actor:target:policies:)``.
public enum TalkAction: Sendable, Hashable {
    /// A LINE user adds a member as a friend (R06). Actor: the LINE user; target: the member.
    case lineUserAddsMember(LineAddMethod)
    /// A member adds a LINE user (R07): always denied. Actor: the member; target: the LINE user.
    case memberAddsLineUser
    /// A member adds a user of another tenant (R04, R08). Actor: the member; target: the other user.
    case memberAddsWorkspaceUser(WorkspaceAddMethod)
    /// The member who received a request adds it (R09). Actor: that member; target: the requester.
    case acceptRequest(in: Room)
    /// The member who received a request, or who talks in a room, blocks the other party (R09, R11).
    /// Actor: the member; target: the other party.
    case block(in: Room)
    /// A member sends content in a room (R05, R11, R12, R15, R18). Actor: the member (or the operator
    /// answering for an account); target: the room's peer.
    case send(MessageContentKind, in: Room)
    /// A member starts a call in a room (R13). Actor: the member; target: the room's peer.
    case startCall(CallKind, in: Room)
    /// A member puts someone into a group room (R12). Actor: the member; target: the person added.
    case addToGroupRoom
}

/// How a LINE user adds a member (R06).
public enum LineAddMethod: Sendable, Hashable {
    /// The LINE user searched for an ID; only the whole member ID including `@domain` finds the member.
    case exactIDSearch(query: String)
    /// The LINE user scanned the member's QR code.
    case qrCode
    /// The LINE user opened the member's invite link.
    case inviteLink
}

/// How a member adds a user of another tenant (R08).
public enum WorkspaceAddMethod: Sendable, Hashable {
    /// Search for the whole ID including `@domain`.
    case exactIDSearch(query: String)
    /// The target's QR code.
    case qrCode
    /// The target's invite link.
    case inviteLink
    /// Search by phone number; only members who consented can be found (R08).
    case phoneNumberSearch
    /// An e-mail invitation; the browser client can send several at once (R08).
    case emailInvitation

    /// The request method a room records for this way of adding.
    public var requestMethod: RequestMethod {
        switch self {
        case .exactIDSearch: .exactIDSearch
        case .qrCode: .qrCode
        case .inviteLink: .inviteLink
        case .phoneNumberSearch: .phoneNumberSearch
        case .emailInvitation: .emailInvitation
        }
    }
}

/// A kind of call (R13).
public enum CallKind: Sendable, Hashable, CaseIterable {
    /// A voice call.
    case voice
    /// A video call.
    case video
}
