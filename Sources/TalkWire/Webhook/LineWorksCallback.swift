#if canImport(FoundationEssentials)
import protocol FoundationEssentials.ContiguousBytes
#else
import protocol Foundation.ContiguousBytes
#endif

/// One LINE WORKS bot callback (API 2.0), as POSTed to the bot's callback URL.
///
/// LINE WORKS never resends a failed callback and gives no event ID, so there is nothing to deduplicate on.
public struct LineWorksCallback: Sendable, Hashable {
    /// The callback type as sent, known or not.
    public var type: LineWorksCallbackType
    /// Who and where the callback comes from.
    public var source: LineWorksSource
    /// When the event happened, as sent and as parsed.
    public var issuedTime: LineWorksTimestamp?
    /// The message content, for `message` callbacks.
    public var content: LineWorksMessageContent?
    /// The postback data, for `postback` callbacks.
    public var data: String?
    /// The members who joined or left, for `joined` and `left` callbacks.
    public var members: [String]?
    /// The callback exactly as received, including fields this version does not model.
    public var rawJSON: RawJSON

    /// Creates a callback.
    public init(
        type: LineWorksCallbackType,
        source: LineWorksSource,
        issuedTime: LineWorksTimestamp? = nil,
        content: LineWorksMessageContent? = nil,
        data: String? = nil,
        members: [String]? = nil,
        rawJSON: RawJSON
    ) {
        self.type = type
        self.source = source
        self.issuedTime = issuedTime
        self.content = content
        self.data = data
        self.members = members
        self.rawJSON = rawJSON
    }
}

/// The `source` of a LINE WORKS callback.
public struct LineWorksSource: Sendable, Hashable {
    /// The member who acted; absent on room events.
    public var userID: String?
    /// The room; absent in 1:1 rooms.
    public var channelID: String?
    /// The tenant's domain ID; LINE WORKS sends it as a number or a string, kept here as text.
    public var domainID: String?

    /// Creates a source.
    public init(userID: String? = nil, channelID: String? = nil, domainID: String? = nil) {
        self.userID = userID
        self.channelID = channelID
        self.domainID = domainID
    }
}

/// An RFC 3339 time as LINE WORKS sends it, with or without milliseconds.
public struct LineWorksTimestamp: Sendable, Hashable {
    /// The text as received.
    public var text: String
    /// Milliseconds since the Unix epoch, or `nil` when the text is not an RFC 3339 date-time.
    public var milliseconds: Int64?

    /// Parses a timestamp, keeping the text even when it does not parse.
    public init(_ text: String) {
        self.text = text
        self.milliseconds = RFC3339.milliseconds(text)
    }
}

/// The `content` of a LINE WORKS message callback.
public struct LineWorksMessageContent: Sendable, Hashable {
    /// The content type as sent, known or not.
    public var type: LineWorksContentType
    /// The text, for `text` messages.
    public var text: String?
    /// The postback data attached to a text message by a message action.
    public var postback: String?
    /// The sticker package, for `sticker` messages.
    public var packageID: String?
    /// The sticker, for `sticker` messages.
    public var stickerID: String?
    /// The resource ID for fetching an image, file, audio or video.
    public var fileID: String?
    /// The place's address, for `location` messages.
    public var address: String?
    /// The latitude, for `location` messages.
    public var latitude: Double?
    /// The longitude, for `location` messages.
    public var longitude: Double?
    /// The content object exactly as received.
    public var rawJSON: RawJSON

    /// Creates a message content.
    public init(
        type: LineWorksContentType,
        text: String? = nil,
        postback: String? = nil,
        packageID: String? = nil,
        stickerID: String? = nil,
        fileID: String? = nil,
        address: String? = nil,
        latitude: Double? = nil,
        longitude: Double? = nil,
        rawJSON: RawJSON
    ) {
        self.type = type
        self.text = text
        self.postback = postback
        self.packageID = packageID
        self.stickerID = stickerID
        self.fileID = fileID
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.rawJSON = rawJSON
    }
}

/// Decodes LINE WORKS bot callback bodies.
///
/// Verify `X-WORKS-Signature` on the raw bytes first, with the bot secret, then decode the same bytes.
/// Unknown callback and content types are kept with their raw JSON; `domainId` is accepted as a number or a string.
public struct LineWorksCallbackDecoder: Sendable {
    /// The limits applied to every body.
    public var limits: WebhookDecodingLimits

    /// Creates a decoder.
    public init(limits: WebhookDecodingLimits = .default) {
        self.limits = limits
    }

    /// Decodes one callback body.
    ///
    /// - Parameter body: The request body, exactly as received.
    /// - Returns: The callback.
    /// - Throws: ``JSONDecodingError`` when the body is not a JSON object of the callback's shape.
    public func decode(_ body: UnsafeRawBufferPointer) throws(JSONDecodingError) -> LineWorksCallback {
        try JSONReader.decodeDocument(body, limits: limits.json, Self.decodeCallback)
    }

    /// Decodes one callback body held in an array, `Data` or any other contiguous byte container.
    ///
    /// - Parameter body: The request body, exactly as received.
    /// - Returns: The callback.
    /// - Throws: ``JSONDecodingError`` when the body is not a JSON object of the callback's shape.
    public func decode(_ body: some ContiguousBytes) throws(JSONDecodingError) -> LineWorksCallback {
        try JSONReader.decodeDocument(body, limits: limits.json, Self.decodeCallback)
    }

    private static func decodeCallback(_ reader: inout JSONReader) throws -> LineWorksCallback {
        guard try reader.peekKind() == .object else {
            throw reader.typeMismatch(expected: "a callback object")
        }
        let start = reader.valueStart()
        try reader.beginObject()
        var type: LineWorksCallbackType?
        var source = LineWorksSource()
        var issuedTime: LineWorksTimestamp?
        var content: LineWorksMessageContent?
        var data: String?
        var members: [String]?
        while let key = try reader.nextKey() {
            if key.equals("type") {
                type = try field("type", &reader) { try $0.readOptionalString() }.map(LineWorksCallbackType.init)
            } else if key.equals("source") {
                source = try field("source", &reader, decodeSource)
            } else if key.equals("issuedTime") {
                issuedTime = try field("issuedTime", &reader) { try $0.readOptionalString() }
                    .map(LineWorksTimestamp.init)
            } else if key.equals("content") {
                content = try field("content", &reader, decodeContent)
            } else if key.equals("data") {
                data = try field("data", &reader) { try $0.readOptionalString() }
            } else if key.equals("members") {
                members = try field("members", &reader) { reader in
                    if try reader.consumeNull() { return nil }
                    return try LineWebhookDecoder.decodeArray(&reader) { try $0.readString() }
                }
            } else {
                try LineWebhookDecoder.skip(key, &reader)
            }
        }
        return LineWorksCallback(
            type: type ?? LineWorksCallbackType(rawValue: ""),
            source: source,
            issuedTime: issuedTime,
            content: content,
            data: data,
            members: members,
            rawJSON: reader.bytes(from: start)
        )
    }

    private static func decodeSource(_ reader: inout JSONReader) throws -> LineWorksSource {
        var source = LineWorksSource()
        if try reader.consumeNull() { return source }
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if key.equals("userId") {
                source.userID = try field("userId", &reader) { try $0.readOptionalString() }
            } else if key.equals("channelId") {
                source.channelID = try field("channelId", &reader) { try $0.readOptionalString() }
            } else if key.equals("domainId") {
                source.domainID = try field("domainId", &reader) { reader in
                    if try reader.consumeNull() { return nil }
                    return try reader.readStringOrNumber()
                }
            } else {
                try LineWebhookDecoder.skip(key, &reader)
            }
        }
        return source
    }

    private static func decodeContent(_ reader: inout JSONReader) throws -> LineWorksMessageContent? {
        if try reader.consumeNull() { return nil }
        let start = reader.valueStart()
        try reader.beginObject()
        var content = LineWorksMessageContent(
            type: LineWorksContentType(rawValue: ""),
            rawJSON: RawJSON(validatedBytes: [])
        )
        while let key = try reader.nextKey() {
            if key.equals("type") {
                content.type = LineWorksContentType(rawValue: try field("type", &reader) { try $0.readString() })
            } else if key.equals("text") {
                content.text = try field("text", &reader) { try $0.readOptionalString() }
            } else if key.equals("postback") {
                content.postback = try field("postback", &reader) { try $0.readOptionalString() }
            } else if key.equals("packageId") {
                content.packageID = try field("packageId", &reader) { try $0.readOptionalStringOrNumber() }
            } else if key.equals("stickerId") {
                content.stickerID = try field("stickerId", &reader) { try $0.readOptionalStringOrNumber() }
            } else if key.equals("fileId") || key.equals("resourceId") {
                content.fileID = try field("fileId", &reader) { try $0.readOptionalString() }
            } else if key.equals("address") {
                content.address = try field("address", &reader) { try $0.readOptionalString() }
            } else if key.equals("latitude") {
                content.latitude = try field("latitude", &reader) { try $0.readOptionalDouble() }
            } else if key.equals("longitude") {
                content.longitude = try field("longitude", &reader) { try $0.readOptionalDouble() }
            } else {
                try LineWebhookDecoder.skip(key, &reader)
            }
        }
        content.rawJSON = reader.bytes(from: start)
        return content
    }

    private static func field<Value>(
        _ name: StaticString,
        _ reader: inout JSONReader,
        _ decode: (inout JSONReader) throws -> Value
    ) throws -> Value {
        try LineWebhookDecoder.field(name, &reader, decode)
    }
}

/// Parses RFC 3339 date-times such as `2022-01-04T05:16:05Z` or `2022-01-04T05:16:05.123+09:00`.
enum RFC3339 {
    static func milliseconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int64? {
            guard index + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + digits] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            index += digits
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
            let second = number(2)
        else { return nil }
        var millis: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                if digits < 3 { millis = millis * 10 + Int64(bytes[index] - UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        var offsetMinutes: Int64 = 0
        if expect("Zz") {
            offsetMinutes = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let offsetHours = number(2), expect(":"), let offsetMinute = number(2), offsetHours < 24,
                offsetMinute < 60
            else { return nil }
            offsetMinutes = sign * (offsetHours * 60 + offsetMinute)
        } else {
            return nil
        }
        guard index == bytes.count, (1...12).contains(month), day >= 1, day <= daysInMonth(year, month), hour < 24,
            minute < 60, second < 61
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offsetMinutes * 60
        return seconds * 1_000 + millis
    }

    private static func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
