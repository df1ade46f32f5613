/// One send request as the quota counts it: replies are free, push-type sends count per recipient (R32).
///
/// A request may carry up to five message bubbles; LINE counts it once per recipient.
public struct OutboundSend: Sendable, Hashable {
    /// The API the send uses.
    public enum Kind: Sendable, Hashable, CaseIterable {
        /// A reply with a reply token, as in 1:1 chat. Not counted.
        case reply
        /// A push to one user.
        case push
        /// A multicast to a list of users.
        case multicast
        /// A narrowcast to an audience.
        case narrowcast
        /// A broadcast to every friend.
        case broadcast
    }

    /// The API the send uses.
    public let kind: Kind
    /// How many users receive it.
    public let recipients: Int

    private init(kind: Kind, recipients: Int) {
        self.kind = kind
        self.recipients = recipients
    }

    /// A reply, free of charge (R32).
    public static let reply = OutboundSend(kind: .reply, recipients: 1)
    /// A push to one user.
    public static let push = OutboundSend(kind: .push, recipients: 1)

    /// A push-type send to several users.
    /// - Parameters:
    ///   - kind: ``Kind/multicast``, ``Kind/narrowcast`` or ``Kind/broadcast`` (``Kind/push`` and
    ///     ``Kind/reply`` are accepted too).
    ///   - recipients: How many users receive it.
    /// - Returns: The send.
    /// - Throws: ``QuotaError/Code/invalidRecipientCount`` for fewer than one recipient.
    public static func to(_ recipients: Int, via kind: Kind) throws(QuotaError) -> OutboundSend {
        guard recipients >= 1 else {
            throw QuotaError(.invalidRecipientCount, "a \(kind) needs at least one recipient, not \(recipients)")
        }
        return OutboundSend(kind: kind, recipients: recipients)
    }

    /// The messages this send uses from the monthly quota: 0 for a reply, else one per recipient.
    public var countedMessages: Int { kind == .reply ? 0 : recipients }
}
