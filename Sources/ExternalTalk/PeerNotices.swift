import TalkModel
import TalkStorage

/// A lifecycle notice to the peer tenant of a federation room.
enum PeerNotice: Sendable {
    case accept
    case block
    case unblock
    case read
    case callInvitation(CallKind)
}

extension ExternalTalkService {
    func enqueueNotice(
        _ notice: PeerNotice,
        in room: StoredRoom,
        from member: MemberID,
        at time: Timestamp,
        storage: any TalkStorageWriter
    ) throws {
        // Completed with the federation lifecycle below.
    }

    func deliverToPeer(
        _ entry: OutboxEntry,
        _ message: StoredMessage,
        peer: TenantDomain,
        member: MemberID,
        at time: Timestamp
    ) async -> DeliveryOutcome {
        DeliveryOutcome(result: .failed(code: "federation-unavailable"), replyStatus: entry.replyStatus)
    }
}
