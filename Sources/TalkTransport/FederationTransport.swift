public import TalkModel
public import TalkWire

/// Federation with peer tenants: one requirement that posts an envelope as ``FederationHTTP`` describes.
///
/// ## Adopting the protocol
///
/// ```swift
/// struct LoggedFederation<Base: FederationTransport>: FederationTransport {
///     let base: Base
///     let logger: Logger
///     func deliver(_ envelope: FederationEnvelope, to peer: TenantDomain) async throws
///         -> FederationDeliveryReceipt
///     {
///         logger.debug("federation delivery", metadata: ["peer": "\(peer)"])
///         return try await base.deliver(envelope, to: peer)
///     }
/// }
/// ```
public protocol FederationTransport: Sendable {
    /// Posts a federation envelope to a peer tenant's federation endpoint.
    /// - Parameters:
    ///   - envelope: The message.
    ///   - peer: The receiving tenant.
    /// - Returns: The peer's receipt; a repeated `messageId` is a success with ``FederationDeliveryReceipt/isDuplicate``.
    /// - Throws: ``TalkTransportError``; ``TalkTransportError/Code/notFound`` for a peer the transport does not know.
    func deliver(_ envelope: FederationEnvelope, to peer: TenantDomain) async throws -> FederationDeliveryReceipt
}
