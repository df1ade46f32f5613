import TalkWire

/// Marks a user's messages as read: `POST /v2/bot/chat/markAsRead` with a `markAsReadToken` (R16).
///
/// The token comes with each message event; marking one message marks it and every earlier message in the chat.
/// LINE answers 400 (``TalkTransportError/Code/badRequest``) when the token is not valid for this channel.
public struct LineMarkAsReadCall: LineAPICall {
    /// The token from the message event.
    public let markAsReadToken: String

    /// Creates the call.
    /// - Parameter markAsReadToken: The `markAsReadToken` of the message event.
    public init(markAsReadToken: String) {
        self.markAsReadToken = markAsReadToken
    }

    /// `POST /v2/bot/chat/markAsRead`; repeating it is harmless.
    public var request: LineAPIRequest {
        var writer = JSONWriter(reservingCapacity: 64)
        writer.beginObject()
        writer.field("markAsReadToken", markAsReadToken)
        writer.endObject()
        return LineAPIRequest(
            operation: "mark as read",
            method: .post,
            path: "/v2/bot/chat/markAsRead",
            body: writer.bytes,
            idempotency: .idempotent
        )
    }

    /// Accepts any 2xx answer.
    /// - Parameter response: The answer.
    /// - Returns: The acknowledgement.
    public func decodeResponse(_ response: LineAPIResponse) throws(TalkTransportError) -> LineAcknowledgement {
        LineAcknowledgement(status: response.status, requestID: response.requestID)
    }
}
