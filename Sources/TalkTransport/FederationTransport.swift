public import TalkModel
public import TalkWire

/// Federation with peer tenants: one requirement that posts a request as ``FederationHTTP`` describes.
///
/// Every step between members of two tenants is one ``/TalkWire/FederationRequest``: invitations, accepting,
/// blocking, read marks, profile changes, call invitations and messages.
///
/// ## Adopting the protocol
///
/// ```swift
/// struct LoggedFederation<Base: FederationTransport>: FederationTransport {
///     let base: Base
///     let logger: Logger
///     func deliver(_ request: FederationRequest, to peer: TenantDomain) async throws
///         -> FederationDeliveryReceipt
///     {
///         logger.debug("federation delivery", metadata: ["peer": "\(peer)", "type": "\(request.kind.typeName)"])
///         return try await base.deliver(request, to: peer)
///     }
/// }
/// ```
public protocol FederationTransport: Sendable {
    /// Posts a federation request, signed with the secret shared with the peer, to the peer's federation endpoint.
    /// - Parameters:
    ///   - request: The request.
    ///   - peer: The receiving tenant, the tenant of the request's `to`.
    /// - Returns: The peer's receipt; a repeated `requestId` is a success with
    ///   ``FederationDeliveryReceipt/isDuplicate``.
    /// - Throws: ``TalkTransportError``; ``TalkTransportError/Code/notFound`` for a peer the transport does not know;
    ///   ``TalkTransportError/Code/invalidRequest``, with nothing sent, for a request ``FederationHTTP/body(for:to:localTenant:operation:)``
    ///   refuses.
    func deliver(_ request: FederationRequest, to peer: TenantDomain) async throws -> FederationDeliveryReceipt
}
