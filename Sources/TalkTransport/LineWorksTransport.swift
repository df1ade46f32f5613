/// LINE WORKS bot messages: one requirement, with ``sendToWorks(_:botID:destination:)`` built on it.
///
/// Implementations throw ``TalkTransportError``, with LINE WORKS's non-2xx answers decoded by
/// ``TalkTransportError/init(worksResponse:operation:)``.
///
/// ## Adopting the protocol
///
/// ```swift
/// struct TracedWorks<Base: LineWorksTransport>: LineWorksTransport {
///     let base: Base
///     func send(_ request: WorksSendRequest) async throws -> WorksSendReceipt {
///         try await withSpan("LINE WORKS send") { _ in try await base.send(request) }
///     }
/// }
/// ```
public protocol LineWorksTransport: Sendable {
    /// Posts one LINE WORKS bot message.
    /// - Parameter request: The bot, the destination and the body.
    /// - Returns: LINE WORKS's receipt.
    /// - Throws: ``TalkTransportError``.
    func send(_ request: WorksSendRequest) async throws -> WorksSendReceipt
}
