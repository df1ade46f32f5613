/// A snapshot of where a ``Room`` stands: an open request, and the restrictions in force.
public struct RoomStatus: Sendable, Hashable, CustomStringConvertible {
    /// The request still waiting for Add or Block, or `nil` once talk has started (R09).
    public let pendingRequest: RoomRequest?
    /// The restrictions in force; empty when nothing holds the room back.
    public let restrictions: Set<RoomRestriction>

    /// The one word a UI shows, picked by precedence: hidden, blocked by us, blocked by the peer,
    /// read-only, pending, active.
    public var phase: RoomPhase {
        if restrictions.contains(.contactDeleted) { return .hidden }
        if restrictions.contains(.blockedByUs) { return .blockedByUs }
        if restrictions.contains(.blockedByPeer) { return .blockedByPeer }
        if !restrictions.isEmpty { return .readOnly }
        return pendingRequest == nil ? .active : .pending
    }

    /// Whether messages flow both ways: no open request and no restriction.
    public var isActive: Bool { pendingRequest == nil && restrictions.isEmpty }

    /// Whether either side has blocked the other (R11).
    public var isBlocked: Bool { restrictions.contains { $0.isBlock } }

    /// Whether the member can see the room's history. Only a deleted contact hides it (R22); read-only
    /// and blocked rooms keep history readable (R05, R30).
    public var isHistoryVisible: Bool { !restrictions.contains(.contactDeleted) }

    /// The phase and the restrictions, for logs.
    public var description: String {
        let reasons = restrictions.sorted().map(\.description).joined(separator: ", ")
        return reasons.isEmpty ? "\(phase)" : "\(phase) (\(reasons))"
    }
}

/// The single state a UI shows for a room.
public enum RoomPhase: Sendable, Hashable, CaseIterable {
    /// A request waits for Add or Block (R09).
    case pending
    /// Talk is possible.
    case active
    /// We blocked the peer (R11).
    case blockedByUs
    /// The peer blocked us, such as a LINE `unfollow` (R11).
    case blockedByPeer
    /// History is readable, nothing is sent or delivered (R05, R30).
    case readOnly
    /// The contact was deleted; history is hidden (R22).
    case hidden
}
