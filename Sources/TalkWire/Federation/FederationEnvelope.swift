/// One message between two ExternalTalk tenants: the federation wire format, version 1.
///
/// ```json
/// {"version":1,"messageId":"m-1","timestamp":1700000000000,"room":"r-1",
///  "sender":{"id":"sato@example.co.jp","displayName":"Sato"},
///  "content":{"type":"text","runs":[{"type":"text","text":"Hello "},
///             {"type":"emoji","text":"(smile)","productId":"5ac1bfd5040ab15980c9b435","emojiId":"001"}]}}
/// ```
///
/// The encoder writes members in that order; the decoder accepts any order, ignores members it does not know
/// (at every level), keeps content of unknown types as ``MessageContent/unknown(_:)``, and refuses a `version`
/// other than 1. The full specification is the "Federation wire format" article of the documentation.
///
/// Version 2, ``FederationRequest``, carries the whole lifecycle between two tenants (invitations, accepting,
/// blocking, read marks, profiles, calls and messages); its reader also reads this envelope, as a message, so
/// peers that still send version 1 keep working.
public struct FederationEnvelope: Sendable, Hashable {
    /// The version this implementation writes and reads.
    public static let currentVersion = 1
    /// The default size limit for an envelope, 1 MiB.
    public static let defaultMaximumBytes = 1 << 20
    /// The longest message ID, room ID or sender ID, in UTF-8 bytes.
    public static let maximumIdentifierLength = 256

    /// The sender's ID for the message, unique per sending tenant; receivers use it to drop duplicates.
    public var messageID: String
    /// When the message was sent, in milliseconds since 1970-01-01T00:00:00Z.
    public var timestampMilliseconds: Int64
    /// The room both tenants know the conversation by.
    public var room: String
    /// Who wrote the message.
    public var sender: FederationSender
    /// What the message says.
    public var content: MessageContent

    /// Creates an envelope.
    /// - Parameters:
    ///   - messageID: The sender's unique message ID.
    ///   - timestampMilliseconds: Send time, milliseconds since the Unix epoch.
    ///   - room: The room ID.
    ///   - sender: Who wrote the message.
    ///   - content: What the message says.
    public init(
        messageID: String,
        timestampMilliseconds: Int64,
        room: String,
        sender: FederationSender,
        content: MessageContent
    ) {
        self.messageID = messageID
        self.timestampMilliseconds = timestampMilliseconds
        self.room = room
        self.sender = sender
        self.content = content
    }

    /// The envelope as JSON bytes, members in the documented order.
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 512)
        writer.beginObject()
        writer.field("version", Self.currentVersion)
        writer.field("messageId", messageID)
        writer.field("timestamp", JSONNumber(timestampMilliseconds))
        writer.field("room", room)
        writer.key("sender")
        writer.beginObject()
        writer.field("id", sender.id)
        writer.optionalField("displayName", sender.displayName)
        writer.endObject()
        writer.key("content")
        content.writeCanonical(to: &writer)
        writer.endObject()
        return writer.bytes
    }

    /// Reads an envelope.
    /// - Parameters:
    ///   - bytes: The JSON document.
    ///   - maximumBytes: The largest document accepted.
    /// - Throws: ``ContentDecodingError`` naming the field, or the byte offset of a syntax error;
    ///   ``ContentDecodingError/Code/unsupportedVersion`` for a version other than 1.
    public init(
        jsonBytes bytes: some Collection<UInt8>,
        maximumBytes: Int = FederationEnvelope.defaultMaximumBytes
    )
        throws(ContentDecodingError)
    {
        let fields = try JSONFields(try JSONValue.parseDocument(bytes, maximumBytes: maximumBytes), path: "")
        let version = try fields.int64("version")
        guard version == Int64(Self.currentVersion) else {
            throw ContentDecodingError(
                code: .unsupportedVersion,
                path: "version",
                message:
                    "version \(version) is not supported; FederationEnvelope reads version \(Self.currentVersion) "
                    + "and FederationRequest versions 1 and 2"
            )
        }
        try self.init(version1: fields)
    }

    /// Reads the members of a version 1 envelope whose `version` the caller has checked.
    init(version1 fields: JSONFields) throws(ContentDecodingError) {
        let timestamp = try fields.int64("timestamp")
        guard timestamp >= 0 else {
            throw ContentDecodingError(code: .invalidValue, path: "timestamp", message: "must not be negative")
        }
        let senderFields = try JSONFields(try fields.required("sender"), path: "sender")
        self.init(
            messageID: try Self.identifier("messageId", in: fields),
            timestampMilliseconds: timestamp,
            room: try Self.identifier("room", in: fields),
            sender: FederationSender(
                id: try Self.identifier("id", in: senderFields),
                displayName: try senderFields.optionalString("displayName")
            ),
            content: try MessageContent(
                canonical: try fields.required("content"),
                path: "content",
                textShorthand: .plain
            )
        )
    }

    private static func identifier(_ key: String, in fields: JSONFields) throws(ContentDecodingError) -> String {
        let value = try fields.nonEmptyString(key)
        guard value.utf8.count <= maximumIdentifierLength else {
            throw ContentDecodingError(
                code: .invalidValue,
                path: fields.childPath(key),
                message: "longer than \(maximumIdentifierLength) bytes"
            )
        }
        return value
    }
}

/// The author of a federated message.
public struct FederationSender: Sendable, Hashable {
    /// The member's full ID, including the tenant domain, such as `sato@example.co.jp`.
    public var id: String
    /// The name to show, if the sending tenant shares it.
    public var displayName: String?

    /// Creates a sender.
    /// - Parameters:
    ///   - id: The member's full ID.
    ///   - displayName: The name to show.
    public init(id: String, displayName: String? = nil) {
        self.id = id
        self.displayName = displayName
    }
}
