public import TalkModel
public import TalkWire

/// What a peer tenant answered to a federation request.
public struct FederationDeliveryReceipt: Sendable, Hashable {
    /// The tenant that received it.
    public var peer: TenantDomain
    /// The request's `requestId`.
    public var requestID: String
    /// The HTTP status.
    public var status: Int
    /// `true` when the peer had received this `requestId` before and dropped the repeat: the request was processed
    /// earlier, so this is a success too.
    public var isDuplicate: Bool

    /// Creates a receipt.
    /// - Parameters:
    ///   - peer: The receiving tenant.
    ///   - requestID: The request's ID.
    ///   - status: The HTTP status.
    ///   - isDuplicate: Whether the peer had it already.
    public init(peer: TenantDomain, requestID: String, status: Int, isDuplicate: Bool) {
        self.peer = peer
        self.requestID = requestID
        self.status = status
        self.isDuplicate = isDuplicate
    }
}

/// The HTTP shape of federation, shared by every transport and by the receiving endpoint.
///
/// The sender posts a ``/TalkWire/FederationRequest``'s JSON to ``path`` on the peer's base URL, with
/// ``tenantHeader`` naming the sending tenant and ``signatureHeader`` carrying the Base64 HMAC-SHA256 of the body
/// keyed with the secret the two tenants share, computed as for LINE's `x-line-signature`. The receiver checks the
/// signature on the raw body before it parses anything (``FederationRequestVerifier``), processes each
/// `requestId` of a sending tenant once, and answers 2xx; a body `{"duplicate": true}` says it had the
/// `requestId` already. So senders may retry after a timeout.
///
/// Version 1 peers post envelopes (messages only) to ``version1Path`` with ``originHeader``; a receiver that
/// still serves that path reads them with the same ``/TalkWire/FederationRequest`` decoder.
public enum FederationHTTP: Sendable {
    /// The path of the federation endpoint below a peer's base URL, for version 2 requests.
    public static let path = "/federation/v2/requests"
    /// The path version 1 peers post message envelopes to.
    public static let version1Path = "/federation/v1/messages"
    /// The header naming the sending tenant's domain, `x-externaltalk-tenant`.
    public static let tenantHeader = "x-externaltalk-tenant"
    /// Version 1's name for ``tenantHeader``, which version 1 peers send on ``version1Path``.
    public static let originHeader = "x-externaltalk-origin"
    /// The header carrying the body's signature, `x-externaltalk-signature`.
    public static let signatureHeader = "x-externaltalk-signature"
    /// The answer body that says the receiver had the `requestId` already.
    public static let duplicateBody: [UInt8] = Array(#"{"duplicate":true}"#.utf8)

    /// The body to post for a request, after the checks every transport makes before sending anything.
    /// - Parameters:
    ///   - request: The request.
    ///   - peer: The tenant it is posted to.
    ///   - localTenant: The tenant this transport sends for, when configured.
    ///   - operation: The operation name for the error.
    /// - Returns: The request's JSON.
    /// - Throws: ``TalkTransportError`` with ``TalkTransportError/Code/invalidRequest``, nothing sent, when the
    ///   request names no `to` (a message read from a version 1 envelope), its `to` is not a member of `peer`, or its
    ///   sender is not a member of `localTenant` (R04: each side speaks only for its own members).
    public static func body(
        for request: FederationRequest,
        to peer: TenantDomain,
        localTenant: TenantDomain?,
        operation: String
    ) throws(TalkTransportError) -> [UInt8] {
        func refuse(_ message: String) -> TalkTransportError {
            TalkTransportError(.invalidRequest, operation: operation, message: message, mayHaveBeenProcessed: false)
        }
        guard let to = request.to else { throw refuse("the request names no recipient ('to')") }
        guard to.tenant == peer else { throw refuse("the recipient ('to') is not a member of \(peer)") }
        if let localTenant, request.senderTenant != localTenant {
            throw refuse("the sender ('from') is not a member of \(localTenant), the tenant this transport sends for")
        }
        return request.jsonBytes
    }
}
