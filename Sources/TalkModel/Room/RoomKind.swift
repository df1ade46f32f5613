/// What kind of external 1:1 room a ``Room`` is. Every external room is 1:1 (R12).
public enum RoomKind: Sendable, Hashable, CaseIterable {
    /// A LINE user befriended a member, who appears to them as an Official Account (R06).
    case lineFriend
    /// A shared Official Account's 1:1 chat, answered by operators (R15, R17, R19).
    case officialAccountChat
    /// A user of another tenant (R04, R08).
    case externalWorkspace

    /// Whether the peer is a LINE user.
    public var isLine: Bool { self != .externalWorkspace }
}
