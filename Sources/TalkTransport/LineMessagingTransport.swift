public import TalkModel

/// The LINE Messaging API as ExternalTalk uses it: any ``LineAPICall`` on a channel, and content downloads.
///
/// Two requirements; everything else is a convenience in an extension built on them
/// (``reply(replyToken:messages:notificationDisabled:channel:)``,
/// ``push(to:messages:retryKey:notificationDisabled:channel:)``, ``profile(of:channel:)``,
/// ``markAsRead(token:channel:)``, ``replyOrPush(_:to:replyToken:state:at:channel:notificationDisabled:)`` and
/// more). An app that talks only to LINE implements or wraps this protocol alone; ``TalkTransport`` adds LINE
/// WORKS and federation for apps that need them.
///
/// Implementations throw ``TalkTransportError`` for every failure (and `CancellationError` when the task is
/// cancelled), with LINE's non-2xx answers decoded by ``TalkTransportError/init(lineResponse:operation:)``.
/// `TalkTransportConformance` checks an implementation against the documented behaviour.
///
/// ## Adopting the protocol
///
/// Most adopters wrap another transport, to count calls or to add tracing:
///
/// ```swift
/// struct CountingTransport<Base: LineMessagingTransport>: LineMessagingTransport {
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
/// }
/// ```
public protocol LineMessagingTransport: Sendable {
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
}
