public import TalkModel

/// One request between two ExternalTalk tenants: the federation wire format, version 2.
///
/// Every step of a conversation between members of two companies travels as one request, one signed JSON
/// document per HTTP request: the invitation (R08), accepting it (R09), blocking and unblocking (R11), read marks
/// (R16), profile changes (R21), call invitations (R13) and messages.
///
/// ```json
/// {"version":2,"requestId":"q-1","timestamp":1700000000000,
///  "from":{"id":"sato@example.co.jp","displayName":"Sato"},"to":"tanaka@partner.example.jp",
///  "room":"room-7f3a","type":"invitation","body":{"method":"qr-code","note":"From the trade fair"}}
/// ```
///
/// The encoder (``jsonBytes``) writes members in that order. The decoder
/// (``init(jsonBytes:sentBy:maximumBytes:)``) accepts any order, ignores members it does not know at every level,
/// keeps a request of a `type` it does not know as ``Kind/unknown(type:body:)``, validates member IDs and tenant
/// domains, and reads a version 1 ``FederationEnvelope`` as a ``Kind/message(_:)`` request, so that peers that
/// still send version 1 keep working. The full specification is the "Federation wire format" article.
///
/// The receiver processes each ``requestID`` of a sending tenant once: a repeat is answered as a duplicate
/// success, so a sender may retry after a timeout.
public struct FederationRequest: Sendable, Hashable {
    /// The version this implementation writes.
    public static let currentVersion = 2
    /// The versions this implementation reads: version 1 envelopes (messages only) and version 2 requests.
    public static let readableVersions: ClosedRange<Int> = 1...2
    /// The default size limit for a request, 1 MiB.
    public static let defaultMaximumBytes = 1 << 20
    /// The longest request ID, room ID, message ID, call ID or request type, in UTF-8 bytes.
    public static let maximumIdentifierLength = 256
    /// The longest display name, nickname or company name, in UTF-8 bytes.
    public static let maximumNameLength = 256
    /// The longest invitation note, in UTF-8 bytes.
    public static let maximumNoteLength = 1024
    /// The longest profile photo URL, in UTF-8 bytes.
    public static let maximumURLLength = 2048

    /// The sender's ID for this request, unique per sending tenant; the receiver processes each one once.
    public var requestID: String
    /// When the request was made, in milliseconds since 1970-01-01T00:00:00Z.
    public var timestampMilliseconds: Int64
    /// The member on the sending side who acts.
    public var from: FederationMember
    /// The member on the receiving side the request is for.
    ///
    /// Every version 2 request names one, and the decoder requires it; it is `nil` only on a message read from a
    /// version 1 envelope, which addresses its room alone. Set it before writing such a request again.
    public var to: MemberID?
    /// The room both tenants know the conversation by, where the type has one: required for ``Kind/message(_:)``,
    /// ``Kind/read(lastMessageID:)`` and ``Kind/callInvitation(_:)``; on an invitation, the room ID the inviting
    /// side proposes.
    public var room: String?
    /// What the request asks: its `type` and body.
    public var kind: Kind

    /// What a federation request asks, one case per `type`.
    @nonexhaustive
    public enum Kind: Sendable, Hashable {
        /// `invitation`: the sender adds the target (R08); a pending room appears on the target's side (R09).
        case invitation(FederationInvitation)
        /// `accept`: the invited member chose **Add**; talk starts (R09).
        case accept
        /// `block`: the sender blocked the target; the target's messages are no longer delivered (R11).
        case block
        /// `unblock`: the sender lifted the block (R11).
        case unblock
        /// `read`: the sender has read the room up to and including the message with this ID, a `messageId` the
        /// receiving side sent (R16).
        case read(lastMessageID: String)
        /// `profile`: the synced part of the sender's profile changed (R21).
        case profile(FederationProfileUpdate)
        /// `call-invitation`: the sender starts a voice or video call (R13).
        case callInvitation(FederationCallInvitation)
        /// `message`: a message in the room.
        case message(FederationMessage)
        /// A `type` this version does not know, kept with its `body` as received so it can be stored or
        /// forwarded unchanged.
        case unknown(type: String, body: JSONValue?)

        /// The wire `type`: `invitation`, `accept`, `block`, `unblock`, `read`, `profile`, `call-invitation`,
        /// `message`, or the unknown request's own type.
        public var typeName: String {
            switch self {
            case .invitation: "invitation"
            case .accept: "accept"
            case .block: "block"
            case .unblock: "unblock"
            case .read: "read"
            case .profile: "profile"
            case .callInvitation: "call-invitation"
            case .message: "message"
            case .unknown(let type, _): type
            }
        }

        /// Whether the type needs a ``FederationRequest/room``.
        var requiresRoom: Bool {
            switch self {
            case .read, .callInvitation, .message: true
            case .invitation, .accept, .block, .unblock, .profile, .unknown: false
            }
        }
    }

    /// Creates a request.
    /// - Parameters:
    ///   - requestID: The sender's unique request ID.
    ///   - timestampMilliseconds: When it was made, milliseconds since the Unix epoch.
    ///   - from: The member who acts, on the sending side.
    ///   - to: The member it is for, on the receiving side.
    ///   - room: The room, where the type has one.
    ///   - kind: What it asks.
    public init(
        requestID: String,
        timestampMilliseconds: Int64,
        from: FederationMember,
        to: MemberID,
        room: String? = nil,
        kind: Kind
    ) {
        self.requestID = requestID
        self.timestampMilliseconds = timestampMilliseconds
        self.from = from
        self.to = to
        self.room = room
        self.kind = kind
    }

    /// Reads a version 1 envelope as a message request.
    ///
    /// The request ID is the envelope's `messageId`, which version 1 receivers already kept once; ``to`` is `nil`,
    /// since version 1 addresses the room alone.
    /// - Parameter envelope: The envelope.
    /// - Throws: ``ContentDecodingError`` with ``ContentDecodingError/Code/invalidValue`` at `sender.id` when the
    ///   sender is not a valid member ID `name@domain`.
    public init(envelope: FederationEnvelope) throws(ContentDecodingError) {
        let sender: MemberID
        do {
            sender = try MemberID(envelope.sender.id)
        } catch {
            throw ContentDecodingError(code: .invalidValue, path: "sender.id", message: error.message)
        }
        self.requestID = envelope.messageID
        self.timestampMilliseconds = envelope.timestampMilliseconds
        self.from = FederationMember(id: sender, displayName: envelope.sender.displayName)
        self.to = nil
        self.room = envelope.room
        self.kind = .message(FederationMessage(messageID: envelope.messageID, content: envelope.content))
    }

    /// The sending tenant: the tenant of ``from``, which must be the tenant that signed the request.
    public var senderTenant: TenantDomain { from.id.tenant }
}

/// A member on one side of a federation request.
public struct FederationMember: Sendable, Hashable {
    /// The member's full ID, including the tenant domain, such as `sato@example.co.jp`.
    public var id: MemberID
    /// The name to show, if the member's tenant shares it.
    public var displayName: String?

    /// Creates a member.
    /// - Parameters:
    ///   - id: The member's full ID.
    ///   - displayName: The name to show.
    public init(id: MemberID, displayName: String? = nil) {
        self.id = id
        self.displayName = displayName
    }
}
