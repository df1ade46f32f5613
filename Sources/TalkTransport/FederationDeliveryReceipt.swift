public import TalkModel

/// What a peer tenant answered to a federation envelope.
public struct FederationDeliveryReceipt: Sendable, Hashable {
    /// The tenant that received it.
    public var peer: TenantDomain
    /// The envelope's `messageId`.
    public var messageID: String
    /// The HTTP status.
    public var status: Int
    /// `true` when the peer had received this `messageId` before and dropped the repeat: the delivery happened
    /// earlier, so this is a success too.
    public var isDuplicate: Bool

    /// Creates a receipt.
    /// - Parameters:
    ///   - peer: The receiving tenant.
    ///   - messageID: The envelope's message ID.
    ///   - status: The HTTP status.
    ///   - isDuplicate: Whether the peer had it already.
    public init(peer: TenantDomain, messageID: String, status: Int, isDuplicate: Bool) {
        self.peer = peer
        self.messageID = messageID
        self.status = status
        self.isDuplicate = isDuplicate
    }
}

/// The HTTP shape of federation delivery, shared by every transport and by the receiving endpoint.
///
/// The sender posts the envelope's JSON to ``path`` on the peer's base URL with ``originHeader`` naming the
/// sending tenant and, when the two tenants share a secret, ``signatureHeader``: the Base64 HMAC-SHA256 of the
/// body keyed with that secret, computed as for LINE's `x-line-signature`. The peer answers 2xx; a body
/// `{"duplicate": true}` says it had the `messageId` already. Receivers drop repeated message IDs, so senders
/// may retry after a timeout.
public enum FederationHTTP: Sendable {
    /// The path of the federation endpoint below a peer's base URL.
    public static let path = "/federation/v1/messages"
    /// The header naming the sending tenant's domain.
    public static let originHeader = "x-externaltalk-origin"
    /// The header carrying the body's signature.
    public static let signatureHeader = "x-externaltalk-signature"
}
