/// The body of a `message` request: one message in the room, in canonical content form.
public struct FederationMessage: Sendable, Hashable {
    /// The sender's ID for the message, unique per sending tenant; `read` requests name messages by it (R16).
    public var messageID: String
    /// What the message says.
    public var content: MessageContent

    /// Creates a message.
    /// - Parameters:
    ///   - messageID: The sender's unique message ID.
    ///   - content: What the message says.
    public init(messageID: String, content: MessageContent) {
        self.messageID = messageID
        self.content = content
    }
}
