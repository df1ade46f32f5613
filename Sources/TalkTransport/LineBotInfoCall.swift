import TalkWire

/// Reads the Official Account's basic settings: `GET /v2/bot/info`.
///
/// Its `chatMode` tells whether the account's built-in chat is on (`chat`) or off (`bot`), which R33 requires
/// to be off when ExternalTalk takes over an existing account.
public struct LineBotInfoCall: LineAPICall {
    /// Creates the call.
    public init() {}

    /// `GET /v2/bot/info`.
    public var request: LineAPIRequest {
        LineAPIRequest(operation: "get bot info", method: .get, path: "/v2/bot/info")
    }

    /// Reads `userId`, `basicId`, `displayName`, `chatMode` and `markAsReadMode`.
    /// - Parameter response: The 2xx answer.
    /// - Returns: The settings.
    /// - Throws: ``TalkTransportError/Code/invalidResponse`` when the body is not a JSON object.
    public func decodeResponse(_ response: LineAPIResponse) throws(TalkTransportError) -> LineBotInfo {
        let object = try response.jsonObject(operation: request.operation)
        return LineBotInfo(
            userID: object["userId"]?.stringValue,
            basicID: object["basicId"]?.stringValue,
            displayName: object["displayName"]?.stringValue,
            chatMode: object["chatMode"]?.stringValue.map(LineBotInfo.ChatMode.init(rawValue:)),
            markAsReadMode: object["markAsReadMode"]?.stringValue
        )
    }
}

/// An Official Account's basic settings.
public struct LineBotInfo: Sendable, Hashable {
    /// Whether the account's built-in chat answers users (R33 wants it off).
    public struct ChatMode: Sendable, Hashable, CustomStringConvertible {
        /// The value as LINE sends it.
        public let rawValue: String

        /// Wraps a value as received; unknown values are kept.
        /// - Parameter rawValue: The value.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// `chat`: the built-in chat is on.
        public static let chat = ChatMode(rawValue: "chat")
        /// `bot`: the built-in chat is off and the webhook handles messages.
        public static let bot = ChatMode(rawValue: "bot")

        /// The value.
        public var description: String { rawValue }
    }

    /// The bot's user ID (the webhook `destination`).
    public var userID: String?
    /// The basic ID, such as `@123abcde`.
    public var basicID: String?
    /// The account's name.
    public var displayName: String?
    /// Whether the built-in chat is on.
    public var chatMode: ChatMode?
    /// `auto` or `manual`, as LINE sends it.
    public var markAsReadMode: String?

    /// Creates bot info.
    /// - Parameters:
    ///   - userID: The bot's user ID.
    ///   - basicID: The basic ID.
    ///   - displayName: The name.
    ///   - chatMode: The chat mode.
    ///   - markAsReadMode: The mark-as-read mode.
    public init(
        userID: String?,
        basicID: String?,
        displayName: String?,
        chatMode: ChatMode?,
        markAsReadMode: String?
    ) {
        self.userID = userID
        self.basicID = basicID
        self.displayName = displayName
        self.chatMode = chatMode
        self.markAsReadMode = markAsReadMode
    }
}
