public import TalkModel
public import TalkWire

/// The way ExternalTalk talks to the outside: the LINE Messaging API, LINE WORKS bots and peer tenants.
///
/// Four requirements cover four families of calls; everything else is a convenience in an extension built on
/// them (``reply(replyToken:messages:notificationDisabled:channel:)``,
/// ``push(to:messages:retryKey:notificationDisabled:channel:)``, ``profile(of:channel:)``,
/// ``markAsRead(token:channel:)``, ``replyOrPush(_:to:replyToken:retryKey:at:channel:notificationDisabled:)``
/// and more):
///
/// - ``perform(_:channel:)`` runs any ``LineAPICall`` on a channel;
/// - ``downloadContent(messageID:channel:)`` streams binary content;
/// - ``send(_:)`` posts a LINE WORKS bot message;
/// - ``deliver(_:to:)`` posts a federation envelope to a peer tenant.
///
/// Two implementations ship: `LineHTTPTransport` (AsyncHTTPClient, for production) and `InMemoryTransport`
/// (TalkTesting, a fake LINE platform for tests). Both pass the same contract test suite.
///
/// Implementations throw ``TalkTransportError`` for every failure (and `CancellationError` when the task is
/// cancelled), with LINE's non-2xx answers decoded by ``TalkTransportError/init(lineResponse:operation:)``.
///
/// ## Adopting the protocol
///
/// Most adopters wrap another transport, to count calls or to add tracing:
///
/// ```swift
/// struct CountingTransport<Base: TalkTransport>: TalkTransport {
///     let base: Base
///     let counter: Counter
///
///     func perform<Call: LineAPICall>(_ call: Call, channel: LineChannelID) async throws -> Call.Response {
///         counter.increment(call.request.operation)
///         return try await base.perform(call, channel: channel)
///     }
///     func downloadContent(messageID: String, channel: LineChannelID) async throws -> LineContent {
///         try await base.downloadContent(messageID: messageID, channel: channel)
///     }
///     func send(_ request: WorksSendRequest) async throws -> WorksSendReceipt { try await base.send(request) }
///     func deliver(_ envelope: FederationEnvelope, to peer: TenantDomain) async throws
///         -> FederationDeliveryReceipt
///     {
///         try await base.deliver(envelope, to: peer)
///     }
/// }
/// ```
public protocol TalkTransport: Sendable {
    /// Runs one Messaging API call for a channel, with the channel's access token.
    /// - Parameters:
    ///   - call: The call, such as ``LineSendCall`` or ``LineProfileCall``.
    ///   - channel: The channel whose access token authorizes the call (R25).
    /// - Returns: The call's decoded answer.
    /// - Throws: ``TalkTransportError``.
    func perform<Call: LineAPICall>(_ call: Call, channel: LineChannelID) async throws -> Call.Response

    /// Downloads the content of an image, video, audio or file message, as a stream of chunks:
    /// `GET https://api-data.line.me/v2/bot/message/{messageId}/content`.
    /// - Parameters:
    ///   - messageID: The message's ID from its webhook event.
    ///   - channel: The channel that received the message.
    /// - Returns: The content; its body is read once.
    /// - Throws: ``TalkTransportError``; ``TalkTransportError/Code/notFound`` for an unknown or expired message.
    func downloadContent(messageID: String, channel: LineChannelID) async throws -> LineContent

    /// Posts one LINE WORKS bot message.
    /// - Parameter request: The bot, the destination and the body.
    /// - Returns: LINE WORKS's receipt.
    /// - Throws: ``TalkTransportError``.
    func send(_ request: WorksSendRequest) async throws -> WorksSendReceipt

    /// Posts a federation envelope to a peer tenant's federation endpoint.
    /// - Parameters:
    ///   - envelope: The message.
    ///   - peer: The receiving tenant.
    /// - Returns: The peer's receipt; a repeated `messageId` is a success with ``FederationDeliveryReceipt/isDuplicate``.
    /// - Throws: ``TalkTransportError``; ``TalkTransportError/Code/notFound`` for a peer the transport does not know.
    func deliver(_ envelope: FederationEnvelope, to peer: TenantDomain) async throws -> FederationDeliveryReceipt
}
