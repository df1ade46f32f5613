/// What the caller must do after a ``Room`` event. The room itself performs no I/O.
public enum RoomAction: Sendable, Hashable {
    /// Talk starts: show the room as active. When `notifyPeer` is `true`, tell the peer's tenant that
    /// the request was added (R09).
    case startTalk(notifyPeer: Bool)
    /// The room's restrictions changed: show the new status. When `notifyPeer` is `true`, tell the
    /// peer's tenant, so its side of the room follows (our block or unblock of a workspace user).
    case statusChanged(RoomStatus, notifyPeer: Bool)
    /// Show the received message to the member now.
    case deliverInbound
    /// Store the received message in history, flagged, without delivering it (R05, R09, R11, R30).
    /// Nothing inbound is ever dropped; the status says why it was held back.
    case keepInboundFlagged(RoomStatus)
    /// Send the outbound message to the peer.
    case sendToPeer
}
