public import TalkModel
import TalkWire

/// Shows the loading animation in a 1:1 chat: `POST /v2/bot/chat/loading/start`.
///
/// The animation disappears after the given seconds or when the account's next message arrives. LINE answers 202.
public struct LineLoadingAnimationCall: LineAPICall {
    /// The seconds LINE accepts: 5 to 60, in steps of 5.
    public static let allowedSeconds = stride(from: 5, through: 60, by: 5)

    /// The user whose chat shows the animation.
    public let chat: LineUserID
    /// How long it shows, in seconds.
    public let seconds: Int

    /// Creates the call.
    /// - Parameters:
    ///   - chat: The user; only 1:1 chats show the animation.
    ///   - seconds: 5 to 60, a multiple of 5.
    /// - Throws: ``TalkTransportError/Code/invalidRequest`` for other values; nothing is sent.
    public init(chat: LineUserID, seconds: Int = 20) throws(TalkTransportError) {
        guard Self.allowedSeconds.contains(seconds) else {
            throw TalkTransportError(
                .invalidRequest,
                operation: "show loading animation",
                message: "loadingSeconds must be 5 to 60 in steps of 5, not \(seconds)"
            )
        }
        self.chat = chat
        self.seconds = seconds
    }

    /// `POST /v2/bot/chat/loading/start`; repeating it only restarts the animation.
    public var request: LineAPIRequest {
        var writer = JSONWriter(reservingCapacity: 64)
        writer.beginObject()
        writer.field("chatId", chat.rawValue)
        writer.field("loadingSeconds", seconds)
        writer.endObject()
        return LineAPIRequest(
            operation: "show loading animation",
            method: .post,
            path: "/v2/bot/chat/loading/start",
            body: writer.bytes,
            idempotency: .idempotent
        )
    }

    /// Accepts any 2xx answer (LINE sends 202).
    /// - Parameter response: The answer.
    /// - Returns: The acknowledgement.
    public func decodeResponse(_ response: LineAPIResponse) throws(TalkTransportError) -> LineAcknowledgement {
        LineAcknowledgement(status: response.status, requestID: response.requestID)
    }
}
