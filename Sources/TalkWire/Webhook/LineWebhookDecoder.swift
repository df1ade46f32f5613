import TalkModel

#if canImport(FoundationEssentials)
import protocol FoundationEssentials.ContiguousBytes
#else
import protocol Foundation.ContiguousBytes
#endif

/// Limits that bound the work and memory one webhook body or LINE WORKS callback can cost.
///
/// Past any of them decoding stops with a typed ``JSONDecodingError`` (`too-large`, `too-deep` or `too-many`), so
/// an 8 MiB body of empty events costs a few kilobytes and microseconds, not gigabytes.
public struct WebhookDecodingLimits: Sendable, Hashable {
    /// The size and nesting limits of the JSON reader.
    public var json: JSONDecodingLimits
    /// The most events one body may hold.
    public var maximumEventCount: Int
    /// The most emoji spans, and separately the most mention spans, one text message may hold.
    public var maximumSpanCount: Int

    /// The deepest nesting of arrays and objects accepted.
    public var maximumDepth: Int {
        get { json.maximumDepth }
        set { json.maximumDepth = newValue }
    }

    /// The largest body accepted, in bytes.
    public var maximumBodySize: Int {
        get { json.maximumBodySize }
        set { json.maximumBodySize = newValue }
    }

    /// Creates limits.
    /// - Parameters:
    ///   - maximumDepth: The deepest nesting accepted; 64 by default.
    ///   - maximumBodySize: The largest body accepted, in bytes; 8 MiB by default.
    ///   - maximumEventCount: The most events in one body; 5,000 by default.
    ///   - maximumSpanCount: The most emoji, and the most mentions, in one text; 5,000 by default, as many as
    ///     the 5,000 UTF-16 code units LINE allows in a text can hold.
    public init(
        maximumDepth: Int = 64,
        maximumBodySize: Int = 8 << 20,
        maximumEventCount: Int = 5_000,
        maximumSpanCount: Int = 5_000
    ) {
        self.json = JSONDecodingLimits(maximumDepth: maximumDepth, maximumBodySize: maximumBodySize)
        self.maximumEventCount = maximumEventCount
        self.maximumSpanCount = maximumSpanCount
    }

    /// 64 levels of nesting (LINE's deepest payload uses 4), 8 MiB, 5,000 events and 5,000 spans of each kind.
    public static let `default` = WebhookDecodingLimits()
}

/// Decodes LINE Messaging API webhook bodies into ``LineWebhookBatch`` values.
///
/// Verify the body's signature on the raw bytes first (module `WebhookSignature`), then decode the same bytes:
///
/// ```swift
/// guard verifier.verify(body, signature: header).isValid else { return .unauthorized }
/// let batch = try LineWebhookDecoder().decode(body)
/// ```
///
/// The decoder never drops a batch for something it does not know (W4): an unknown event type, message type,
/// source type or enum value keeps its event, with the type string and the raw JSON. Every event also keeps its
/// raw JSON, so fields this version does not model are not lost. A body that is not JSON, or whose known fields
/// have the wrong JSON type, throws a ``JSONDecodingError`` naming the byte offset and the JSON path.
public struct LineWebhookDecoder: Sendable {
    /// The limits applied to every body.
    public var limits: WebhookDecodingLimits

    /// Creates a decoder.
    public init(limits: WebhookDecodingLimits = .default) {
        self.limits = limits
    }

    /// Decodes one webhook body.
    ///
    /// - Parameter body: The request body, exactly as received.
    /// - Returns: The batch of events.
    /// - Throws: ``JSONDecodingError`` when the body is not a JSON object of the webhook's shape.
    public func decode(_ body: UnsafeRawBufferPointer) throws(JSONDecodingError) -> LineWebhookBatch {
        try JSONReader.decodeDocument(body, limits: limits.json) { reader in try Self.decodeBatch(&reader, limits) }
    }

    /// Decodes one webhook body held in an array, `Data` or any other contiguous byte container.
    ///
    /// - Parameter body: The request body, exactly as received.
    /// - Returns: The batch of events.
    /// - Throws: ``JSONDecodingError`` when the body is not a JSON object of the webhook's shape.
    public func decode(_ body: some ContiguousBytes) throws(JSONDecodingError) -> LineWebhookBatch {
        try JSONReader.decodeDocument(body, limits: limits.json) { reader in try Self.decodeBatch(&reader, limits) }
    }

    private static func decodeBatch(
        _ reader: inout JSONReader,
        _ limits: WebhookDecodingLimits
    ) throws -> LineWebhookBatch {
        guard try reader.peekKind() == .object else {
            throw reader.typeMismatch(expected: "an object with \"destination\" and \"events\"")
        }
        try reader.beginObject()
        var destination: LineUserID?
        var events: [LineWebhookEvent]?
        while let key = try reader.nextKey() {
            if key.equals("destination") {
                destination = try readID("destination", &reader, LineUserID.init)
            } else if key.equals("events") {
                events = try field("events", &reader) { try decodeEvents(&$0, limits) }
            } else {
                try skip(key, &reader)
            }
        }
        guard let events else {
            throw reader.error(.typeMismatch, "the body has no \"events\" array")
        }
        return LineWebhookBatch(destination: destination, events: events, decodingIssue: reader.takeIssue())
    }

    // MARK: Events

    private static func decodeEvents(
        _ reader: inout JSONReader,
        _ limits: WebhookDecodingLimits
    ) throws -> [LineWebhookEvent] {
        try reader.beginArray()
        var events: [LineWebhookEvent] = []
        // Room for the events the body can hold at LINE's typical size, so the array rarely grows.
        events.reserveCapacity(min(limits.maximumEventCount, max(8, reader.remainingByteCount / 480)))
        while try reader.nextElement() {
            guard events.count < limits.maximumEventCount else {
                throw reader.error(.tooMany, "more than \(limits.maximumEventCount) events in one body")
            }
            do {
                // The batch's own issue (its destination) is kept apart from the events'.
                let batchIssue = reader.takeNotedIssue()
                events.append(try decodeEventLeniently(&reader, spanLimit: limits.maximumSpanCount))
                if let batchIssue { reader.note(batchIssue) }
            } catch let error as JSONDecodingError {
                throw error.inside(index: events.count)
            }
        }
        return events
    }

    /// Decodes an event; one whose known fields have unexpected JSON types is kept with its raw JSON.
    private static func decodeEventLeniently(_ reader: inout JSONReader, spanLimit: Int) throws -> LineWebhookEvent {
        let mark = reader.mark()
        guard try reader.peekKind() == .object else {
            throw reader.typeMismatch(expected: "an event object")
        }
        do {
            return try decodeEvent(&reader, spanLimit: spanLimit)
        } catch let error as JSONDecodingError where error.code.isValueIssue {
            reader.rewind(to: mark)
            // Whatever was noted before the failure belongs to the event being replaced.
            _ = reader.takeIssue()
            let raw = try reader.captureValue()
            return try fallbackEvent(raw: raw, issue: error)
        }
    }

    /// An event whose payload could not be decoded: the shared fields that do have their documented types,
    /// the type string, the raw JSON and the issue.
    private static func fallbackEvent(raw: RawJSON, issue: JSONDecodingError) throws -> LineWebhookEvent {
        try raw.bytes.withUnsafeBytes { buffer in
            var reader = JSONReader(buffer, maximumDepth: Int.max)
            var event = LineWebhookEvent(
                type: LineEventType(rawValue: reader.scanObjectType() ?? ""),
                payload: .unknown,
                rawJSON: raw,
                decodingIssue: issue
            )
            try reader.beginObject()
            while let key = try reader.nextKey() {
                if key.equals("timestamp") {
                    event.timestamp = try leniently(&reader) { try $0.readOptionalInt64() } ?? nil
                } else if key.equals("mode") {
                    event.mode = try leniently(&reader) { try $0.readOptionalString() }?.map(LineEventMode.init)
                } else if key.equals("webhookEventId") {
                    event.webhookEventID =
                        try leniently(&reader) { try readID("webhookEventId", &$0, LineWebhookEventID.init) } ?? nil
                } else if key.equals("deliveryContext") {
                    event.isRedelivery = try leniently(&reader, decodeDeliveryContext) ?? nil
                } else if key.equals("source") {
                    event.source = try leniently(&reader, decodeOptionalSource) ?? nil
                } else if key.equals("replyToken") {
                    event.replyToken = try leniently(&reader) { try $0.readOptionalString() } ?? nil
                } else {
                    try reader.skipValue()
                }
            }
            return event
        }
    }

    /// Reads a value, or skips it and returns `nil` when it does not have the expected JSON type.
    private static func leniently<Value>(
        _ reader: inout JSONReader,
        _ read: (inout JSONReader) throws -> Value
    ) throws -> Value? {
        let mark = reader.mark()
        do {
            return try read(&reader)
        } catch let error as JSONDecodingError where error.code.isValueIssue {
            reader.rewind(to: mark)
            try reader.skipValue()
            return nil
        }
    }

    /// Decodes a message; one whose known fields have unexpected JSON types becomes unknown content.
    private static func decodeMessageLeniently(
        _ reader: inout JSONReader,
        spanLimit: Int
    ) throws -> (LineMessage, JSONDecodingError?) {
        let mark = reader.mark()
        do {
            return (try decodeMessage(&reader, spanLimit: spanLimit), nil)
        } catch let error as JSONDecodingError where error.code.isValueIssue {
            reader.rewind(to: mark)
            let type = LineMessageType(rawValue: reader.scanObjectType() ?? "")
            let raw = try reader.captureValue()
            return (LineMessage(id: nil, type: type, content: .unknown(raw)), error.inside("message"))
        }
    }

    private static func decodeEvent(
        _ reader: inout JSONReader,
        spanLimit: Int,
        repeatedType: Bool = false
    ) throws -> LineWebhookEvent {
        let mark = reader.mark()
        let start = reader.valueStart()
        let resolved = repeatedType ? reader.scanObjectType() : try reader.peekObjectType()
        let type = LineEventType(rawValue: resolved ?? "")
        let kind = EventKind.named(type.rawValue)
        try reader.beginObject()
        var timestamp: Int64?
        var mode: LineEventMode?
        var webhookEventID: LineWebhookEventID?
        var isRedelivery: Bool?
        var source: LineEventSource?
        var replyToken: String?
        var payload: LineEventPayload = kind.map(Self.emptyPayload) ?? .unknown
        var issue: JSONDecodingError?
        var typeMembers = 0

        while let key = try reader.nextKey() {
            if key.equals("type") {
                typeMembers += 1
                try skip(key, &reader)
            } else if key.equals("timestamp") {
                timestamp = try field("timestamp", &reader) { try $0.readOptionalInt64() }
            } else if key.equals("mode") {
                mode = try field("mode", &reader) { try $0.readOptionalString() }
                    .map(LineEventMode.init(rawValue:))
            } else if key.equals("webhookEventId") {
                webhookEventID = try readID("webhookEventId", &reader, LineWebhookEventID.init)
            } else if key.equals("deliveryContext") {
                isRedelivery = try field("deliveryContext", &reader, decodeDeliveryContext)
            } else if key.equals("source") {
                source = try field("source", &reader, decodeOptionalSource)
            } else if key.equals("replyToken") {
                replyToken = try field("replyToken", &reader) { try $0.readOptionalString() }
            } else if kind == .message || kind == .messageEdited, key.equals("message") {
                let (message, messageIssue) = try field("message", &reader) {
                    try decodeMessageLeniently(&$0, spanLimit: spanLimit)
                }
                payload = kind == .message ? .message(message) : .messageEdited(message)
                issue = messageIssue
            } else if let kind, let decoded = try decodePayloadField(key, kind: kind, &reader) {
                payload = decoded
            } else {
                try skip(key, &reader)
            }
        }
        if typeMembers > 1, !repeatedType {
            // `type` is repeated: the last one counts, so decode again with it.
            reader.rewind(to: mark)
            _ = reader.takeIssue()
            return try decodeEvent(&reader, spanLimit: spanLimit, repeatedType: true)
        }
        let noted = reader.takeIssue()
        return LineWebhookEvent(
            type: type,
            timestamp: timestamp,
            mode: mode,
            webhookEventID: webhookEventID,
            isRedelivery: isRedelivery,
            source: source,
            replyToken: replyToken,
            payload: payload,
            rawJSON: reader.bytes(from: start),
            decodingIssue: noted.map { issue ?? $0 } ?? issue
        )
    }

    /// The payload of a known event whose payload object is absent.
    ///
    /// A message event without its `message` object cannot be interpreted and stays `unknown`.
    private static func emptyPayload(for kind: EventKind) -> LineEventPayload {
        switch kind {
        case .unsend: return .unsend(messageID: nil)
        case .follow: return .follow(isUnblocked: nil)
        case .unfollow: return .unfollow
        case .join: return .join
        case .leave: return .leave
        case .memberJoined: return .memberJoined(members: [])
        case .memberLeft: return .memberLeft(members: [])
        case .postback: return .postback(LinePostback(data: nil))
        case .videoPlayComplete: return .videoPlayComplete(trackingID: nil)
        case .beacon: return .beacon(LineBeacon(hardwareID: nil, type: nil, deviceMessage: nil))
        case .accountLink: return .accountLink(result: nil, nonce: nil)
        case .membership: return .membership(type: nil, membershipID: nil)
        case .module: return .module(nil)
        case .activated: return .activated(expireAt: nil)
        case .deactivated: return .deactivated
        case .botSuspended: return .botSuspended
        case .botResumed: return .botResumed
        case .delivery: return .delivery(data: nil)
        case .message, .messageEdited: return .unknown
        }
    }

    /// Decodes the member `key` if it is the payload object of `type`; returns `nil` for any other member.
    private static func decodePayloadField(
        _ key: JSONKey,
        kind: EventKind,
        _ reader: inout JSONReader
    ) throws -> LineEventPayload? {
        switch kind {
        case .unsend where key.equals("unsend"):
            return .unsend(
                messageID: try field("unsend", &reader) { try objectID("messageId", &$0, LineMessageID.init) }
            )
        case .follow where key.equals("follow"):
            return .follow(isUnblocked: try field("follow", &reader, decodeFollow))
        case .memberJoined where key.equals("joined"):
            return .memberJoined(members: try field("joined", &reader, decodeMembers))
        case .memberLeft where key.equals("left"):
            return .memberLeft(members: try field("left", &reader, decodeMembers))
        case .postback where key.equals("postback"):
            return .postback(try field("postback", &reader, decodePostback))
        case .videoPlayComplete where key.equals("videoPlayComplete"):
            return .videoPlayComplete(
                trackingID: try field("videoPlayComplete", &reader) { try objectString("trackingId", &$0) }
            )
        case .beacon where key.equals("beacon"):
            return .beacon(try field("beacon", &reader, decodeBeacon))
        case .accountLink where key.equals("link"):
            let (result, nonce) = try field("link", &reader, decodeLink)
            return .accountLink(result: result, nonce: nonce)
        case .membership where key.equals("membership"):
            let (kind, id) = try field("membership", &reader, decodeMembership)
            return .membership(type: kind, membershipID: id)
        case .module where key.equals("module"):
            return .module(try field("module", &reader) { try $0.captureValue() })
        case .activated where key.equals("chatControl"):
            return .activated(expireAt: try field("chatControl", &reader) { try objectInt("expireAt", &$0) })
        case .delivery where key.equals("delivery"):
            return .delivery(data: try field("delivery", &reader) { try objectString("data", &$0) })
        default:
            return nil
        }
    }

    // MARK: Event parts

    private static func decodeDeliveryContext(_ reader: inout JSONReader) throws -> Bool? {
        if try reader.consumeNull() { return nil }
        try reader.beginObject()
        var isRedelivery: Bool?
        while let key = try reader.nextKey() {
            if key.equals("isRedelivery") {
                isRedelivery = try field("isRedelivery", &reader) { try $0.readOptionalBool() }
            } else {
                try skip(key, &reader)
            }
        }
        return isRedelivery
    }

    private static func decodeOptionalSource(_ reader: inout JSONReader) throws -> LineEventSource? {
        if try reader.consumeNull() { return nil }
        return try decodeSource(&reader)
    }

    static func decodeSource(_ reader: inout JSONReader) throws -> LineEventSource {
        try decodeSource(&reader, repeatedType: false)
    }

    private static func decodeSource(_ reader: inout JSONReader, repeatedType: Bool) throws -> LineEventSource {
        let mark = reader.mark()
        let start = reader.valueStart()
        let type = (repeatedType ? reader.scanObjectType() : try reader.peekObjectType()) ?? ""
        try reader.beginObject()
        var typeMembers = 0
        var userID: LineUserID?
        var groupID: LineGroupID?
        var roomID: LineRoomID?
        while let key = try reader.nextKey() {
            if key.equals("userId") {
                userID = try readID("userId", &reader, LineUserID.init)
            } else if key.equals("groupId") {
                groupID = try readID("groupId", &reader, LineGroupID.init)
            } else if key.equals("roomId") {
                roomID = try readID("roomId", &reader, LineRoomID.init)
            } else {
                if key.equals("type") { typeMembers += 1 }
                try skip(key, &reader)
            }
        }
        if typeMembers > 1, !repeatedType {
            reader.rewind(to: mark)
            return try decodeSource(&reader, repeatedType: true)
        }
        switch type {
        case "user": return .user(userID: userID)
        case "group": return .group(groupID: groupID, userID: userID)
        case "room": return .room(roomID: roomID, userID: userID)
        default: return .unknown(type: type, raw: reader.bytes(from: start))
        }
    }

    private static func decodeFollow(_ reader: inout JSONReader) throws -> Bool? {
        if try reader.consumeNull() { return nil }
        try reader.beginObject()
        var isUnblocked: Bool?
        while let key = try reader.nextKey() {
            if key.equals("isUnblocked") {
                isUnblocked = try field("isUnblocked", &reader) { try $0.readOptionalBool() }
            } else {
                try skip(key, &reader)
            }
        }
        return isUnblocked
    }

    private static func decodeMembers(_ reader: inout JSONReader) throws -> [LineEventSource] {
        if try reader.consumeNull() { return [] }
        try reader.beginObject()
        var members: [LineEventSource] = []
        while let key = try reader.nextKey() {
            if key.equals("members") {
                members = try field("members", &reader) { try decodeArray(&$0, decodeSource) }
            } else {
                try skip(key, &reader)
            }
        }
        return members
    }

    private static func decodePostback(_ reader: inout JSONReader) throws -> LinePostback {
        if try reader.consumeNull() { return LinePostback(data: nil) }
        try reader.beginObject()
        var postback = LinePostback(data: nil)
        while let key = try reader.nextKey() {
            if key.equals("data") {
                postback.data = try field("data", &reader) { try $0.readOptionalString() }
            } else if key.equals("params") {
                postback.params = try field("params", &reader, decodeStringMap)
            } else {
                try skip(key, &reader)
            }
        }
        return postback
    }

    /// Reads an object of strings; values of other JSON types are kept as their JSON text.
    private static func decodeStringMap(_ reader: inout JSONReader) throws -> [String: String] {
        if try reader.consumeNull() { return [:] }
        try reader.beginObject()
        var map: [String: String] = [:]
        while let name = try reader.nextKeyString() {
            if try reader.peekKind() == .string {
                map[name] = try reader.readString()
            } else {
                map[name] = try reader.captureValue().text
            }
        }
        return map
    }

    private static func decodeBeacon(_ reader: inout JSONReader) throws -> LineBeacon {
        if try reader.consumeNull() { return LineBeacon(hardwareID: nil, type: nil, deviceMessage: nil) }
        try reader.beginObject()
        var beacon = LineBeacon(hardwareID: nil, type: nil, deviceMessage: nil)
        while let key = try reader.nextKey() {
            if key.equals("hwid") {
                beacon.hardwareID = try field("hwid", &reader) { try $0.readOptionalString() }
            } else if key.equals("type") {
                beacon.type = try field("type", &reader) { try $0.readOptionalString() }
                    .map(LineBeaconType.init(rawValue:))
            } else if key.equals("dm") {
                beacon.deviceMessage = try field("dm", &reader) { try $0.readOptionalString() }
            } else {
                try skip(key, &reader)
            }
        }
        return beacon
    }

    private static func decodeLink(
        _ reader: inout JSONReader
    ) throws -> (LineAccountLinkResult?, String?) {
        if try reader.consumeNull() { return (nil, nil) }
        try reader.beginObject()
        var result: LineAccountLinkResult?
        var nonce: String?
        while let key = try reader.nextKey() {
            if key.equals("result") {
                result = try field("result", &reader) { try $0.readOptionalString() }
                    .map(LineAccountLinkResult.init(rawValue:))
            } else if key.equals("nonce") {
                nonce = try field("nonce", &reader) { try $0.readOptionalString() }
            } else {
                try skip(key, &reader)
            }
        }
        return (result, nonce)
    }

    private static func decodeMembership(
        _ reader: inout JSONReader
    ) throws -> (LineMembershipType?, Int64?) {
        if try reader.consumeNull() { return (nil, nil) }
        try reader.beginObject()
        var type: LineMembershipType?
        var membershipID: Int64?
        while let key = try reader.nextKey() {
            if key.equals("type") {
                type = try field("type", &reader) { try $0.readOptionalString() }
                    .map(LineMembershipType.init(rawValue:))
            } else if key.equals("membershipId") {
                membershipID = try field("membershipId", &reader) { try $0.readOptionalInt64() }
            } else {
                try skip(key, &reader)
            }
        }
        return (type, membershipID)
    }

    // MARK: Messages

    static func decodeMessage(
        _ reader: inout JSONReader,
        spanLimit: Int,
        repeatedType: Bool = false
    ) throws -> LineMessage {
        let mark = reader.mark()
        let start = reader.valueStart()
        let resolved = repeatedType ? reader.scanObjectType() : try reader.peekObjectType()
        let type = LineMessageType(rawValue: resolved ?? "")
        let kind = MessageKind.named(type.rawValue)
        try reader.beginObject()
        var message = LineMessage(id: nil, type: type, content: .unknown(RawJSON(validatedBytes: [])))
        var text: String?
        var emojis: [LineEmoji] = []
        var mentionees: [LineMentionee] = []
        var media = LineMediaContent(contentProvider: nil)
        var file = LineFileContent(fileName: nil, fileSize: nil)
        var location = LineLocationContent(title: nil, address: nil, latitude: nil, longitude: nil)
        var sticker = LineStickerContent(packageID: nil, stickerID: nil, stickerResourceType: nil)
        var typeMembers = 0

        while let key = try reader.nextKey() {
            if key.equals("id") {
                message.id = try readID("id", &reader, LineMessageID.init)
            } else if key.equals("type") {
                typeMembers += 1
                try skip(key, &reader)
            } else if key.equals("quoteToken") {
                message.quoteToken = try field("quoteToken", &reader) { try $0.readOptionalString() }
            } else if key.equals("quotedMessageId") {
                message.quotedMessageID = try readID("quotedMessageId", &reader, LineMessageID.init)
            } else if key.equals("markAsReadToken") {
                message.markAsReadToken = try field("markAsReadToken", &reader) { try $0.readOptionalString() }
            } else if key.equals("text"), kind == .text || kind == .sticker {
                text = try field("text", &reader) { try $0.readOptionalString() }
            } else if key.equals("emojis"), kind == .text {
                emojis = try field("emojis", &reader) {
                    try decodeArray(&$0, maximumCount: spanLimit, of: "emoji", decodeEmoji)
                }
            } else if key.equals("mention"), kind == .text {
                mentionees = try field("mention", &reader) { try decodeMention(&$0, spanLimit: spanLimit) }
            } else if key.equals("contentProvider"), kind == .image || kind == .video || kind == .audio {
                media.contentProvider = try field("contentProvider", &reader, decodeContentProvider)
            } else if key.equals("imageSet"), kind == .image {
                media.imageSet = try field("imageSet", &reader, decodeImageSet)
            } else if key.equals("duration"), kind == .video || kind == .audio {
                media.duration = try field("duration", &reader) { try $0.readOptionalInt64() }
            } else if key.equals("fileName"), kind == .file {
                file.fileName = try field("fileName", &reader) { try $0.readOptionalString() }
            } else if key.equals("fileSize"), kind == .file {
                file.fileSize = try field("fileSize", &reader) { try $0.readOptionalInt64() }
            } else if key.equals("title"), kind == .location {
                location.title = try field("title", &reader) { try $0.readOptionalString() }
            } else if key.equals("address"), kind == .location {
                location.address = try field("address", &reader) { try $0.readOptionalString() }
            } else if key.equals("latitude"), kind == .location {
                location.latitude = try field("latitude", &reader) { try $0.readOptionalDouble() }
            } else if key.equals("longitude"), kind == .location {
                location.longitude = try field("longitude", &reader) { try $0.readOptionalDouble() }
            } else if key.equals("packageId"), kind == .sticker {
                sticker.packageID = try field("packageId", &reader) { try $0.readOptionalString() }
            } else if key.equals("stickerId"), kind == .sticker {
                sticker.stickerID = try field("stickerId", &reader) { try $0.readOptionalString() }
            } else if key.equals("stickerResourceType"), kind == .sticker {
                sticker.stickerResourceType = try field("stickerResourceType", &reader) { try $0.readOptionalString() }
                    .map(LineStickerResourceType.init(rawValue:))
            } else if key.equals("keywords"), kind == .sticker {
                sticker.keywords = try field("keywords", &reader, decodeOptionalStrings)
            } else {
                try skip(key, &reader)
            }
        }

        if typeMembers > 1, !repeatedType {
            reader.rewind(to: mark)
            return try decodeMessage(&reader, spanLimit: spanLimit, repeatedType: true)
        }
        switch kind {
        case .text:
            message.content = .text(LineTextContent(text: text ?? "", emojis: emojis, mentionees: mentionees))
        case .image:
            message.content = .image(media)
        case .video:
            message.content = .video(media)
        case .audio:
            message.content = .audio(media)
        case .file:
            message.content = .file(file)
        case .location:
            message.content = .location(location)
        case .sticker:
            sticker.text = text
            message.content = .sticker(sticker)
        case nil:
            message.content = .unknown(reader.bytes(from: start))
        }
        return message
    }

    private static func decodeEmoji(_ reader: inout JSONReader) throws -> LineEmoji {
        try reader.beginObject()
        var emoji = LineEmoji(span: LineTextSpan(index: 0, length: 0), productID: "", emojiID: "")
        while let key = try reader.nextKey() {
            if key.equals("index") {
                emoji.span.index = try field("index", &reader, readSpanInt)
            } else if key.equals("length") {
                emoji.span.length = try field("length", &reader, readSpanInt)
            } else if key.equals("productId") {
                emoji.productID = try field("productId", &reader) { try $0.readString() }
            } else if key.equals("emojiId") {
                emoji.emojiID = try field("emojiId", &reader) { try $0.readString() }
            } else {
                try skip(key, &reader)
            }
        }
        return emoji
    }

    private static func decodeMention(_ reader: inout JSONReader, spanLimit: Int) throws -> [LineMentionee] {
        if try reader.consumeNull() { return [] }
        try reader.beginObject()
        var mentionees: [LineMentionee] = []
        while let key = try reader.nextKey() {
            if key.equals("mentionees") {
                mentionees = try field("mentionees", &reader) {
                    try decodeArray(&$0, maximumCount: spanLimit, of: "mentionees", decodeMentionee)
                }
            } else {
                try skip(key, &reader)
            }
        }
        return mentionees
    }

    private static func decodeMentionee(_ reader: inout JSONReader) throws -> LineMentionee {
        try reader.beginObject()
        var mentionee = LineMentionee(span: LineTextSpan(index: 0, length: 0), type: nil)
        while let key = try reader.nextKey() {
            if key.equals("index") {
                mentionee.span.index = try field("index", &reader, readSpanInt)
            } else if key.equals("length") {
                mentionee.span.length = try field("length", &reader, readSpanInt)
            } else if key.equals("type") {
                mentionee.type = try field("type", &reader) { try $0.readOptionalString() }
                    .map(LineMentioneeType.init(rawValue:))
            } else if key.equals("userId") {
                mentionee.userID = try readID("userId", &reader, LineUserID.init)
            } else if key.equals("isSelf") {
                mentionee.isSelf = try field("isSelf", &reader) { try $0.readOptionalBool() }
            } else {
                try skip(key, &reader)
            }
        }
        return mentionee
    }

    /// Span offsets are kept as given even when they do not fit the text; only the JSON type is checked.
    private static func readSpanInt(_ reader: inout JSONReader) throws -> Int {
        Int(truncatingIfNeeded: try reader.readInt64())
    }

    private static func decodeContentProvider(
        _ reader: inout JSONReader
    ) throws -> LineContentProvider? {
        if try reader.consumeNull() { return nil }
        try reader.beginObject()
        var provider = LineContentProvider(type: nil)
        while let key = try reader.nextKey() {
            if key.equals("type") {
                provider.type = try field("type", &reader) { try $0.readOptionalString() }
                    .map(LineContentProviderType.init(rawValue:))
            } else if key.equals("originalContentUrl") {
                provider.originalContentURL = try field("originalContentUrl", &reader) { try $0.readOptionalString() }
            } else if key.equals("previewImageUrl") {
                provider.previewImageURL = try field("previewImageUrl", &reader) { try $0.readOptionalString() }
            } else {
                try skip(key, &reader)
            }
        }
        return provider
    }

    private static func decodeImageSet(_ reader: inout JSONReader) throws -> LineImageSet? {
        if try reader.consumeNull() { return nil }
        try reader.beginObject()
        var imageSet = LineImageSet(id: nil, index: nil, total: nil)
        while let key = try reader.nextKey() {
            if key.equals("id") {
                imageSet.id = try field("id", &reader) { try $0.readOptionalString() }
            } else if key.equals("index") {
                imageSet.index = try field("index", &reader) { try $0.readOptionalInt64() }
            } else if key.equals("total") {
                imageSet.total = try field("total", &reader) { try $0.readOptionalInt64() }
            } else {
                try skip(key, &reader)
            }
        }
        return imageSet
    }

    private static func decodeOptionalStrings(_ reader: inout JSONReader) throws -> [String]? {
        if try reader.consumeNull() { return nil }
        return try decodeArray(&reader) { (r) in try r.readString() }
    }

    // MARK: Helpers

    /// Decodes an array, naming the failing element's index in any error.
    ///
    /// - Parameters:
    ///   - maximumCount: The most elements accepted; one more throws `too-many`.
    ///   - what: What the elements are, for that error.
    static func decodeArray<Element>(
        _ reader: inout JSONReader,
        maximumCount: Int = .max,
        of what: StaticString = "elements",
        _ element: (inout JSONReader) throws -> Element
    ) throws -> [Element] {
        try reader.beginArray()
        var elements: [Element] = []
        var index = 0
        while try reader.nextElement() {
            guard index < maximumCount else {
                throw reader.error(.tooMany, "more than \(maximumCount) \(what) in one message")
            }
            do {
                elements.append(try element(&reader))
            } catch let error as JSONDecodingError {
                throw error.inside(index: index)
            }
            index += 1
        }
        return elements
    }

    /// Skips a member this decoder does not read, naming it in any error.
    static func skip(_ key: JSONKey, _ reader: inout JSONReader) throws {
        do {
            try reader.skipValue()
        } catch {
            throw error.inside(key.string)
        }
    }

    /// Runs a member's decoder so that its errors name the member.
    @inline(__always)
    static func field<Value>(
        _ name: StaticString,
        _ reader: inout JSONReader,
        _ decode: (inout JSONReader) throws -> Value
    ) throws -> Value {
        do {
            return try decode(&reader)
        } catch let error as JSONDecodingError {
            throw error.inside("\(name)")
        }
    }

    /// A decoder for an object whose only interesting member is the string `name`.
    private static func objectString(
        _ name: StaticString,
        _ reader: inout JSONReader
    ) throws -> String? {
        do {
            if try reader.consumeNull() { return nil }
            try reader.beginObject()
            var value: String?
            while let key = try reader.nextKey() {
                if key.equals(name) {
                    value = try field(name, &reader) { try $0.readOptionalString() }
                } else {
                    try skip(key, &reader)
                }
            }
            return value
        }
    }

    /// A decoder for an object whose only interesting member is the ID `name`.
    private static func objectID<ID>(
        _ name: StaticString,
        _ reader: inout JSONReader,
        _ make: (String) throws(IdentifierError) -> ID
    ) throws -> ID? {
        if try reader.consumeNull() { return nil }
        try reader.beginObject()
        var value: ID?
        while let key = try reader.nextKey() {
            if key.equals(name) {
                value = try readID(name, &reader, make)
            } else {
                try skip(key, &reader)
            }
        }
        return value
    }

    /// Reads the member `name` as an ID: a string that is not a valid ID of its kind reads as `nil`, and is noted
    /// as the enclosing event's (or batch's) ``LineWebhookEvent/decodingIssue`` rather than failing anything (W4).
    /// The rest of the event decodes as usual, and the value stays in the event's raw JSON.
    static func readID<ID>(
        _ name: StaticString,
        _ reader: inout JSONReader,
        _ make: (String) throws(IdentifierError) -> ID
    ) throws -> ID? {
        let start = reader.valueStart()
        guard let text = try field(name, &reader, { try $0.readOptionalString() }) else { return nil }
        do {
            return try make(text)
        } catch {
            reader.note(NotedIssue(byteOffset: start, member: name, kind: Self.identifierKind(name)))
            return nil
        }
    }

    /// What kind of ID a member holds, for an issue's text.
    private static func identifierKind(_ member: StaticString) -> StaticString {
        switch "\(member)" {
        case "userId", "destination": return "LINE user ID"
        case "groupId": return "LINE group ID"
        case "roomId": return "LINE room ID"
        case "webhookEventId": return "LINE webhook event ID"
        default: return "LINE message ID"
        }
    }

    /// A decoder for an object whose only interesting member is the integer `name`.
    private static func objectInt(
        _ name: StaticString,
        _ reader: inout JSONReader
    ) throws -> Int64? {
        do {
            if try reader.consumeNull() { return nil }
            try reader.beginObject()
            var value: Int64?
            while let key = try reader.nextKey() {
                if key.equals(name) {
                    value = try field(name, &reader) { try $0.readOptionalInt64() }
                } else {
                    try skip(key, &reader)
                }
            }
            return value
        }
    }
}

/// The event types this version knows: the one list of them. ``LineEventType``'s constants and its `known` set
/// are made from it, the decoder resolves each event's type to it once so that dispatch compares no strings, and
/// the compiler makes every switch over it (the empty payloads, the payload fields) handle a new case.
enum EventKind: String, CaseIterable {
    case message, messageEdited, unsend, follow, unfollow, join, leave, memberJoined, memberLeft, postback
    case videoPlayComplete, beacon, accountLink, membership, module, activated, deactivated, botSuspended
    case botResumed, delivery
}

/// The message types this version knows: the one list of them, as ``EventKind`` is for events.
enum MessageKind: String, CaseIterable {
    case text, image, video, audio, file, location, sticker
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// The case whose wire name is `name`. It compares lengths before bytes, which on the decoder's hot path is
    /// cheaper than `init(rawValue:)`'s general string switch, and it reads the one list the enum itself is.
    @inline(__always)
    static func named(_ name: String) -> Self? {
        let count = name.utf8.count
        for candidate in allCases where candidate.rawValue.utf8.count == count && candidate.rawValue == name {
            return candidate
        }
        return nil
    }
}
