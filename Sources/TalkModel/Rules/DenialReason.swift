/// Why a decision was a denial, as a stable machine-readable value such as `line-link-disabled`.
///
/// An open set: later versions may add reasons, so compare against the static members and keep a
/// default branch.
public struct DenialReason: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    /// The reason's stable name.
    public let rawValue: String

    /// Creates a reason from its name.
    /// - Parameter rawValue: The stable name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The tenant's LINE link is disabled (R01, R05).
    public static let lineLinkDisabled = DenialReason(rawValue: "line-link-disabled")

    /// The tenant's external-workspace link is disabled (R01, R04, R05).
    public static let workspaceLinkDisabled = DenialReason(rawValue: "workspace-link-disabled")

    /// The member is not on the link's allowed list (R02, R04, R05).
    public static let memberNotAllowed = DenialReason(rawValue: "member-not-allowed")

    /// The tenant's peer access list refuses the other tenant.
    public static let peerTenantNotPermitted = DenialReason(rawValue: "peer-tenant-not-permitted")

    /// No policy is known for a tenant involved, so the decision fails closed.
    public static let unknownTenantPolicy = DenialReason(rawValue: "unknown-tenant-policy")

    /// A member tried to add a LINE user; the LINE user must add first (R07).
    public static let lineUserMustAddFirst = DenialReason(rawValue: "line-user-must-add-first")

    /// An ID search matched only part of the ID; it must be the whole ID with `@domain` (R06, R08).
    public static let idSearchNeedsWholeID = DenialReason(rawValue: "id-search-needs-whole-id")

    /// The target has not consented to being found by phone number (R08).
    public static let phoneSearchNotConsented = DenialReason(rawValue: "phone-search-not-consented")

    /// The parties are in the same tenant; external-talk rules do not apply.
    public static let notExternal = DenialReason(rawValue: "not-external")

    /// The actor or target is of the wrong kind for the action.
    public static let invalidParties = DenialReason(rawValue: "invalid-parties")

    /// There is no incoming request to add or block (R09).
    public static let requestNotPending = DenialReason(rawValue: "request-not-pending")

    /// The request has not been added yet (R09).
    public static let requestPending = DenialReason(rawValue: "request-pending")

    /// Our side blocked the other party (R11).
    public static let blockedByUs = DenialReason(rawValue: "blocked-by-us")

    /// The other party blocked our side (R11).
    public static let blockedByPeer = DenialReason(rawValue: "blocked-by-peer")

    /// The room is read-only because a link or allowance was withdrawn (R05).
    public static let roomReadOnly = DenialReason(rawValue: "room-read-only")

    /// The Official Account channel is disabled (R30).
    public static let channelDisabled = DenialReason(rawValue: "channel-disabled")

    /// The Official Account channel is deleted (R30).
    public static let channelDeleted = DenialReason(rawValue: "channel-deleted")

    /// The contact was deleted (R22).
    public static let contactDeleted = DenialReason(rawValue: "contact-deleted")

    /// In an Official Account chat the LINE user must write first (R15).
    public static let lineUserHasNotWritten = DenialReason(rawValue: "line-user-has-not-written")

    /// LINE users receive text, stickers, images and video only (R18).
    public static let contentNotSendableToLine = DenialReason(rawValue: "content-not-sendable-to-line")

    /// A tenant does not allow files in external talk.
    public static let externalFilesDisabled = DenialReason(rawValue: "external-files-disabled")

    /// Voice and video calls are not possible with LINE users (R13).
    public static let callsNotAvailableWithLineUsers = DenialReason(rawValue: "calls-not-available-with-line-users")

    /// External users cannot join group rooms (R12).
    public static let externalUsersNotInGroupRooms = DenialReason(rawValue: "external-users-not-in-group-rooms")

    /// The target is not the room's other party.
    public static let notRoomPeer = DenialReason(rawValue: "not-room-peer")

    /// The stable name.
    public var description: String { rawValue }
}
