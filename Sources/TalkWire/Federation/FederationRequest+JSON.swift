public import TalkModel

extension FederationRequest {
    /// The request as version 2 JSON bytes, members in the documented order.
    ///
    /// A request without ``to`` (a message read from a version 1 envelope) is written without it, which version 2
    /// readers refuse; set ``to`` first.
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(reservingCapacity: 512)
        writer.beginObject()
        writer.field("version", Self.currentVersion)
        writer.field("requestId", requestID)
        writer.field("timestamp", JSONNumber(timestampMilliseconds))
        writer.key("from")
        writer.beginObject()
        writer.field("id", from.id.rawValue)
        writer.optionalField("displayName", from.displayName)
        writer.endObject()
        writer.optionalField("to", to?.rawValue)
        writer.optionalField("room", room)
        writer.field("type", kind.typeName)
        Self.writeBody(of: kind, to: &writer)
        writer.endObject()
        return writer.bytes
    }

    private static func writeBody(of kind: Kind, to writer: inout JSONWriter) {
        switch kind {
        case .accept, .block, .unblock:
            return
        case .unknown(_, let body):
            guard let body else { return }
            writer.key("body")
            writer.value(body)
            return
        case .invitation, .read, .profile, .callInvitation, .message:
            break
        }
        writer.key("body")
        writer.beginObject()
        switch kind {
        case .invitation(let invitation):
            writer.field("method", invitation.method.wireName)
            writer.optionalField("note", invitation.note)
        case .read(let lastMessageID):
            writer.field("lastMessageId", lastMessageID)
        case .profile(let profile):
            writer.optionalField("nickname", profile.nickname)
            writer.optionalField("companyName", profile.companyName)
            writer.optionalField("photoUrl", profile.photoURL)
        case .callInvitation(let call):
            writer.field("kind", call.kind.federationWireName)
            writer.field("callId", call.callID)
        case .message(let message):
            writer.field("messageId", message.messageID)
            writer.key("content")
            message.content.writeCanonical(to: &writer)
        case .accept, .block, .unblock, .unknown:
            break
        }
        writer.endObject()
    }

    /// Reads a request: version 2, or a version 1 envelope as a message.
    ///
    /// Check the signature on the very bytes passed here before calling this (`FederationRequestVerifier` in
    /// TalkTransport does both).
    /// - Parameters:
    ///   - bytes: The JSON document, exactly as received.
    ///   - tenant: The tenant that sent and signed the request, when known: the sender must be its member (R04).
    ///   - maximumBytes: The largest document accepted.
    /// - Throws: ``ContentDecodingError`` naming the field, or the byte offset of a syntax error;
    ///   ``ContentDecodingError/Code/unsupportedVersion`` for a version other than 1 or 2;
    ///   ``ContentDecodingError/Code/tenantMismatch`` at `from.id` (`sender.id` in version 1) when the sender is
    ///   not a member of `tenant`.
    public init(
        jsonBytes bytes: some Collection<UInt8>,
        sentBy tenant: TenantDomain? = nil,
        maximumBytes: Int = FederationRequest.defaultMaximumBytes
    ) throws(ContentDecodingError) {
        let fields = try JSONFields(try JSONValue.parseDocument(bytes, maximumBytes: maximumBytes), path: "")
        let version = try fields.int64("version")
        switch version {
        case 1:
            try self.init(envelope: try FederationEnvelope(version1: fields))
        case 2:
            try self.init(version2: fields)
        default:
            throw ContentDecodingError(
                code: .unsupportedVersion,
                path: "version",
                message: "version \(version) is not supported; this implementation reads versions 1 and 2"
            )
        }
        if let tenant, senderTenant != tenant {
            throw ContentDecodingError(
                code: .tenantMismatch,
                path: version == 1 ? "sender.id" : "from.id",
                message: "the sender is not a member of the tenant that sent the request"
            )
        }
    }

    private init(version2 fields: JSONFields) throws(ContentDecodingError) {
        let requestID = try Self.identifier("requestId", in: fields)
        let timestamp = try fields.int64("timestamp")
        guard timestamp >= 0 else {
            throw ContentDecodingError(code: .invalidValue, path: "timestamp", message: "must not be negative")
        }
        let fromFields = try JSONFields(try fields.required("from"), path: "from")
        let from = FederationMember(
            id: try Self.memberID("id", in: fromFields),
            displayName: try Self.optionalText("displayName", in: fromFields, maximum: Self.maximumNameLength)
        )
        let to = try Self.memberID("to", in: fields)
        // R04: external talk is between two tenants; a request inside one tenant is not federation.
        guard to.tenant != from.id.tenant else {
            throw ContentDecodingError(
                code: .invalidValue,
                path: "to",
                message: "must be a member of another tenant than the sender"
            )
        }
        let room = try Self.optionalIdentifier("room", in: fields)
        let kind = try Self.kind(in: fields)
        if kind.requiresRoom, room == nil {
            throw ContentDecodingError(
                code: .missingField,
                path: "room",
                message: "required for a request of type \(kind.typeName)"
            )
        }
        self.init(
            requestID: requestID,
            timestampMilliseconds: timestamp,
            from: from,
            to: to,
            room: room,
            kind: kind
        )
    }

    private static func kind(in fields: JSONFields) throws(ContentDecodingError) -> Kind {
        let type = try identifier("type", in: fields)
        let bodyPath = fields.childPath("body")
        func bodyFields() throws(ContentDecodingError) -> JSONFields {
            try JSONFields(try fields.required("body"), path: bodyPath)
        }
        switch type {
        case "invitation":
            let body = try bodyFields()
            return .invitation(
                FederationInvitation(
                    method: FederationInvitationMethod(wireName: try identifier("method", in: body)),
                    note: try optionalText("note", in: body, maximum: maximumNoteLength)
                )
            )
        case "accept": return .accept
        case "block": return .block
        case "unblock": return .unblock
        case "read": return .read(lastMessageID: try identifier("lastMessageId", in: try bodyFields()))
        case "profile":
            let body = try bodyFields()
            let photoURL = try optionalText("photoUrl", in: body, maximum: maximumURLLength)
            if let photoURL, !photoURL.isEmpty, !photoURL.hasPrefix("https://") {
                throw ContentDecodingError(
                    code: .invalidValue,
                    path: body.childPath("photoUrl"),
                    message: "must be an https URL, or empty to clear the photo"
                )
            }
            return .profile(
                FederationProfileUpdate(
                    nickname: try optionalText("nickname", in: body, maximum: maximumNameLength),
                    companyName: try optionalText("companyName", in: body, maximum: maximumNameLength),
                    photoURL: photoURL
                )
            )
        case "call-invitation":
            let body = try bodyFields()
            let kindName = try body.string("kind")
            guard let kind = CallKind.allCases.first(where: { $0.federationWireName == kindName }) else {
                throw ContentDecodingError(
                    code: .invalidValue,
                    path: body.childPath("kind"),
                    message: "must be voice or video"
                )
            }
            return .callInvitation(FederationCallInvitation(kind: kind, callID: try identifier("callId", in: body)))
        case "message":
            let body = try bodyFields()
            return .message(
                FederationMessage(
                    messageID: try identifier("messageId", in: body),
                    content: try MessageContent(
                        canonical: try body.required("content"),
                        path: body.childPath("content"),
                        textShorthand: .plain
                    )
                )
            )
        default:
            return .unknown(type: type, body: fields.value("body"))
        }
    }

    // MARK: Fields

    private static func identifier(_ key: String, in fields: JSONFields) throws(ContentDecodingError) -> String {
        let value = try fields.nonEmptyString(key)
        try requireLength(value, key, in: fields, maximum: maximumIdentifierLength)
        return value
    }

    private static func optionalIdentifier(
        _ key: String,
        in fields: JSONFields
    ) throws(ContentDecodingError) -> String? {
        guard fields.value(key) != nil else { return nil }
        return try identifier(key, in: fields)
    }

    private static func optionalText(
        _ key: String,
        in fields: JSONFields,
        maximum: Int
    ) throws(ContentDecodingError) -> String? {
        guard let value = try fields.optionalString(key) else { return nil }
        try requireLength(value, key, in: fields, maximum: maximum)
        return value
    }

    private static func requireLength(
        _ value: String,
        _ key: String,
        in fields: JSONFields,
        maximum: Int
    ) throws(ContentDecodingError) {
        guard value.utf8.count <= maximum else {
            throw ContentDecodingError(
                code: .invalidValue,
                path: fields.childPath(key),
                message: "longer than \(maximum) bytes"
            )
        }
    }

    private static func memberID(_ key: String, in fields: JSONFields) throws(ContentDecodingError) -> MemberID {
        let text = try fields.string(key)
        do {
            return try MemberID(text)
        } catch {
            // The identifier error's message names the problem and its offset, never the ID itself.
            throw ContentDecodingError(code: .invalidValue, path: fields.childPath(key), message: error.message)
        }
    }
}
