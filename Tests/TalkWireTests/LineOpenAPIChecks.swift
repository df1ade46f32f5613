import TalkWire

/// Our own checks of the constraints LINE publishes for send requests: the schemas of `messaging-api.yml` in
/// line/line-openapi (`ReplyMessageRequest`, `PushMessageRequest`, `MulticastRequest`, `Message` and its
/// `text`, `sticker`, `image`, `video`, `audio` and `location` forms, `QuickReply`, `QuickReplyItem`, `Action`,
/// `Sender`, `Emoji`), plus the limits the Messaging API reference states in prose (text length, emoji count,
/// URL lengths, `https`).
///
/// Lengths are checked both ways LINE's documents count them: JSON Schema's `maxLength` counts Unicode scalars,
/// the Messaging API counts UTF-16 code units, except action labels and action texts, which it counts in
/// grapheme clusters. Every member the encoders write must be one the schema names, so a misspelt key fails too.
struct LineOpenAPIChecks {
    /// Each problem names the path of the offending member.
    private(set) var problems: [String] = []

    /// Checks a send request body for `endpoint`.
    static func problems(inBody bytes: [UInt8], for endpoint: LineRequest.Endpoint) -> [String] {
        var checks = LineOpenAPIChecks()
        guard let body = try? JSONValue(parsing: bytes) else { return ["body: not JSON"] }
        checks.request(body, endpoint: endpoint)
        return checks.problems
    }

    /// Checks one message object.
    static func problems(inMessage bytes: [UInt8]) -> [String] {
        var checks = LineOpenAPIChecks()
        guard let message = try? JSONValue(parsing: bytes) else { return ["message: not JSON"] }
        checks.message(message, path: "message")
        return checks.problems
    }

    // MARK: Requests

    private mutating func request(_ body: JSONValue, endpoint: LineRequest.Endpoint) {
        guard let members = object(body, path: "body") else { return }
        switch endpoint {
        case .reply:
            allowOnly(members, ["replyToken", "messages", "notificationDisabled"], path: "body")
            string(members, "replyToken", path: "body", required: true)
        case .push:
            allowOnly(members, ["to", "messages", "notificationDisabled", "customAggregationUnits"], path: "body")
            string(members, "to", path: "body", required: true, minimumLength: 1)
        case .multicast:
            allowOnly(members, ["to", "messages", "notificationDisabled", "customAggregationUnits"], path: "body")
            if let recipients = array(members, "to", path: "body", required: true, items: 1...500) {
                for (position, recipient) in recipients.enumerated() where recipient.stringValue?.isEmpty != false {
                    problems.append("body.to[\(position)]: expected a non-empty string")
                }
            }
        default:
            problems.append("body: unexpected endpoint \(endpoint)")
        }
        if let value = member(members, "notificationDisabled"), value.boolValue == nil {
            problems.append("body.notificationDisabled: expected a boolean")
        }
        if let messages = array(members, "messages", path: "body", required: true, items: 1...5) {
            for (position, message) in messages.enumerated() {
                self.message(message, path: "body.messages[\(position)]")
            }
        }
    }

    // MARK: Messages

    private mutating func message(_ value: JSONValue, path: String) {
        guard let members = object(value, path: path) else { return }
        let common = ["type", "quickReply", "sender"]
        guard let type = string(members, "type", path: path, required: true) else { return }
        switch type {
        case "text":
            allowOnly(members, common + ["text", "emojis", "quoteToken"], path: path)
            let text = string(members, "text", path: path, required: true, minimumLength: 1, utf16Maximum: 5000)
            if let emojis = array(members, "emojis", path: path, required: false, items: 1...20) {
                for (position, emoji) in emojis.enumerated() {
                    self.emoji(emoji, in: text, path: "\(path).emojis[\(position)]")
                }
            }
            string(members, "quoteToken", path: path, required: false)
        case "sticker":
            allowOnly(members, common + ["packageId", "stickerId", "quoteToken"], path: path)
            string(members, "packageId", path: path, required: true, minimumLength: 1)
            string(members, "stickerId", path: path, required: true, minimumLength: 1)
            string(members, "quoteToken", path: path, required: false)
        case "image", "video":
            allowOnly(members, common + ["originalContentUrl", "previewImageUrl", "trackingId"], path: path)
            url(members, "originalContentUrl", path: path, required: true, maximumLength: 2000, httpsOnly: true)
            url(members, "previewImageUrl", path: path, required: true, maximumLength: 2000, httpsOnly: true)
            if type == "image", member(members, "trackingId") != nil {
                problems.append("\(path).trackingId: only video messages have one")
            }
            string(members, "trackingId", path: path, required: false)
        case "audio":
            allowOnly(members, common + ["originalContentUrl", "duration"], path: path)
            url(members, "originalContentUrl", path: path, required: true, maximumLength: 2000, httpsOnly: true)
            if let duration = integer(members, "duration", path: path, required: true), duration <= 0 {
                problems.append("\(path).duration: must be positive")
            }
        case "location":
            allowOnly(members, common + ["title", "address", "latitude", "longitude"], path: path)
            string(members, "title", path: path, required: true, minimumLength: 1, utf16Maximum: 100)
            string(members, "address", path: path, required: true, minimumLength: 1, utf16Maximum: 100)
            number(members, "latitude", path: path, in: -90...90)
            number(members, "longitude", path: path, in: -180...180)
        default:
            problems.append("\(path).type: \(type) is not a message type the encoders write")
        }
        if let quickReply = member(members, "quickReply") { self.quickReply(quickReply, path: "\(path).quickReply") }
        if let sender = member(members, "sender") { self.sender(sender, path: "\(path).sender") }
    }

    private mutating func emoji(_ value: JSONValue, in text: String?, path: String) {
        guard let members = object(value, path: path) else { return }
        allowOnly(members, ["index", "productId", "emojiId"], path: path)
        let index = integer(members, "index", path: path, required: true)
        string(members, "productId", path: path, required: true, minimumLength: 1)
        string(members, "emojiId", path: path, required: true, minimumLength: 1)
        guard let index, let text else { return }
        guard index >= 0, index <= Int64(Int32.max) else {
            problems.append("\(path).index: outside int32")
            return
        }
        let units = Array(text.utf16)
        if index >= units.count || units[Int(index)] != UInt16(UInt8(ascii: "$")) {
            problems.append("\(path).index: \(index) is not the UTF-16 offset of a $ in text")
        }
    }

    private mutating func sender(_ value: JSONValue, path: String) {
        guard let members = object(value, path: path) else { return }
        allowOnly(members, ["name", "iconUrl"], path: path)
        if members.isEmpty { problems.append("\(path): an empty sender") }
        if let name = string(members, "name", path: path, required: false, minimumLength: 1, utf16Maximum: 20),
            name.contains("LINE")
        {
            problems.append("\(path).name: LINE refuses the word LINE")
        }
        url(members, "iconUrl", path: path, required: false, maximumLength: 2000, httpsOnly: true)
    }

    private mutating func quickReply(_ value: JSONValue, path: String) {
        guard let members = object(value, path: path) else { return }
        allowOnly(members, ["items"], path: path)
        guard let items = array(members, "items", path: path, required: true, items: 1...13) else { return }
        for (position, item) in items.enumerated() {
            let itemPath = "\(path).items[\(position)]"
            guard let itemMembers = object(item, path: itemPath) else { continue }
            allowOnly(itemMembers, ["type", "imageUrl", "action"], path: itemPath)
            if let type = string(itemMembers, "type", path: itemPath, required: false), type != "action" {
                problems.append("\(itemPath).type: must be action")
            }
            url(itemMembers, "imageUrl", path: itemPath, required: false, maximumLength: 2000, httpsOnly: true)
            guard let action = member(itemMembers, "action") else {
                problems.append("\(itemPath).action: missing")
                continue
            }
            self.action(action, path: "\(itemPath).action")
        }
    }

    private mutating func action(_ value: JSONValue, path: String) {
        guard let members = object(value, path: path) else { return }
        guard let type = string(members, "type", path: path, required: true) else { return }
        // A quick reply button needs a label of 1 to 20 grapheme clusters.
        graphemes(members, "label", path: path, required: true, maximum: 20)
        switch type {
        case "message":
            allowOnly(members, ["type", "label", "text"], path: path)
            graphemes(members, "text", path: path, required: true, maximum: 300)
        case "postback":
            allowOnly(members, ["type", "label", "data", "displayText"], path: path)
            string(members, "data", path: path, required: true, utf16Maximum: 300)
            graphemes(members, "displayText", path: path, required: false, maximum: 300)
        case "uri":
            allowOnly(members, ["type", "label", "uri"], path: path)
            url(members, "uri", path: path, required: true, maximumLength: 1000, httpsOnly: false)
            if let uri = member(members, "uri")?.stringValue,
                !["https:", "http:", "line:", "tel:"].contains(where: { uri.lowercased().hasPrefix($0) })
            {
                problems.append("\(path).uri: a scheme LINE does not open")
            }
        case "camera", "cameraRoll", "location":
            allowOnly(members, ["type", "label"], path: path)
        default:
            problems.append("\(path).type: \(type) is not in the Action discriminator's mapping")
        }
    }

    // MARK: Members

    private mutating func object(_ value: JSONValue, path: String) -> [JSONValue.Member]? {
        guard let members = value.objectValue else {
            problems.append("\(path): expected an object, found \(value.typeName)")
            return nil
        }
        var seen: Set<String> = []
        for member in members where !seen.insert(member.key).inserted {
            problems.append("\(path).\(member.key): duplicate key")
        }
        return members
    }

    private func member(_ members: [JSONValue.Member], _ key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    private mutating func allowOnly(_ members: [JSONValue.Member], _ keys: [String], path: String) {
        for member in members where !keys.contains(member.key) {
            problems.append("\(path).\(member.key): not a member of the schema")
        }
    }

    private mutating func present(
        _ members: [JSONValue.Member],
        _ key: String,
        path: String,
        required: Bool
    ) -> JSONValue? {
        guard let value = member(members, key) else {
            if required { problems.append("\(path).\(key): required member missing") }
            return nil
        }
        return value
    }

    @discardableResult
    private mutating func string(
        _ members: [JSONValue.Member],
        _ key: String,
        path: String,
        required: Bool,
        minimumLength: Int = 0,
        utf16Maximum: Int? = nil
    ) -> String? {
        guard let value = present(members, key, path: path, required: required) else { return nil }
        guard let text = value.stringValue else {
            problems.append("\(path).\(key): expected a string, found \(value.typeName)")
            return nil
        }
        if text.unicodeScalars.count < minimumLength {
            problems.append("\(path).\(key): shorter than \(minimumLength)")
        }
        if let utf16Maximum {
            // JSON Schema counts scalars; LINE counts UTF-16 code units, the stricter of the two.
            if text.unicodeScalars.count > utf16Maximum || text.utf16.count > utf16Maximum {
                problems.append("\(path).\(key): \(text.utf16.count) UTF-16 code units; at most \(utf16Maximum)")
            }
        }
        return text
    }

    private mutating func graphemes(
        _ members: [JSONValue.Member],
        _ key: String,
        path: String,
        required: Bool,
        maximum: Int
    ) {
        guard let value = present(members, key, path: path, required: required) else { return }
        guard let text = value.stringValue else {
            problems.append("\(path).\(key): expected a string, found \(value.typeName)")
            return
        }
        if text.isEmpty || text.count > maximum {
            problems.append("\(path).\(key): \(text.count) grapheme clusters; 1 to \(maximum) allowed")
        }
    }

    private mutating func integer(
        _ members: [JSONValue.Member],
        _ key: String,
        path: String,
        required: Bool
    ) -> Int64? {
        guard let value = present(members, key, path: path, required: required) else { return nil }
        guard let number = value.numberValue, let integer = number.int64Value else {
            problems.append("\(path).\(key): expected an integer, found \(value)")
            return nil
        }
        return integer
    }

    private mutating func number(
        _ members: [JSONValue.Member],
        _ key: String,
        path: String,
        in range: ClosedRange<Double>
    ) {
        guard let value = present(members, key, path: path, required: true) else { return }
        guard let number = value.numberValue?.doubleValue, number.isFinite else {
            problems.append("\(path).\(key): expected a number, found \(value.typeName)")
            return
        }
        if !range.contains(number) { problems.append("\(path).\(key): out of range") }
    }

    private mutating func array(
        _ members: [JSONValue.Member],
        _ key: String,
        path: String,
        required: Bool,
        items: ClosedRange<Int>
    ) -> [JSONValue]? {
        guard let value = present(members, key, path: path, required: required) else { return nil }
        guard let elements = value.arrayValue else {
            problems.append("\(path).\(key): expected an array, found \(value.typeName)")
            return nil
        }
        if !items.contains(elements.count) {
            problems.append("\(path).\(key): \(elements.count) items; \(items) allowed")
        }
        return elements
    }

    private mutating func url(
        _ members: [JSONValue.Member],
        _ key: String,
        path: String,
        required: Bool,
        maximumLength: Int,
        httpsOnly: Bool
    ) {
        guard let text = string(members, key, path: path, required: required, utf16Maximum: maximumLength) else {
            return
        }
        if let reason = URIFormat.problem(text) { problems.append("\(path).\(key): not format uri: \(reason)") }
        if httpsOnly, !text.lowercased().hasPrefix("https://") { problems.append("\(path).\(key): not https") }
    }
}

/// `format: uri` as JSON Schema defines it: an absolute URI under RFC 3986, section 3 (ASCII only).
enum URIFormat {
    private static let alpha = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    private static let digit = Set("0123456789")
    private static let hex = Set("0123456789abcdefABCDEF")
    private static let unreserved = alpha.union(digit).union("-._~")
    private static let subDelimiters = Set("!$&'()*+,;=")
    private static let pathCharacters = unreserved.union(subDelimiters).union(":@")

    /// Why `text` is not an absolute URI, or `nil` when it is one.
    static func problem(_ text: String) -> String? {
        let characters = Array(text)
        guard let colon = characters.firstIndex(of: ":") else { return "no scheme" }
        let scheme = characters[..<colon]
        guard let first = scheme.first, alpha.contains(first),
            scheme.allSatisfy({ alpha.contains($0) || digit.contains($0) || "+-.".contains($0) })
        else { return "bad scheme" }
        var rest = characters[(colon + 1)...]
        if rest.starts(with: ["/", "/"]) {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
            let authority = rest[..<end]
            let host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
            if host.isEmpty || host.first == ":" { return "empty host" }
            let allowed = unreserved.union(subDelimiters).union(":@[]")
            if let reason = escapesOrCharacters(authority, allowed: allowed) { return "authority: \(reason)" }
            rest = rest[end...]
        }
        let fragmentStart = rest.firstIndex(of: "#")
        let beforeFragment = rest[..<(fragmentStart ?? rest.endIndex)]
        if let reason = escapesOrCharacters(beforeFragment, allowed: pathCharacters.union("/?")) {
            return "path or query: \(reason)"
        }
        if let fragmentStart {
            let fragment = rest[(fragmentStart + 1)...]
            if let reason = escapesOrCharacters(fragment, allowed: pathCharacters.union("/?")) {
                return "fragment: \(reason)"
            }
        }
        return nil
    }

    private static func escapesOrCharacters(_ part: ArraySlice<Character>, allowed: Set<Character>) -> String? {
        var index = part.startIndex
        while index < part.endIndex {
            let character = part[index]
            if character == "%" {
                guard index + 2 < part.endIndex, hex.contains(part[index + 1]), hex.contains(part[index + 2]) else {
                    return "a % not followed by two hex digits"
                }
                index += 3
                continue
            }
            guard allowed.contains(character) else {
                return "character U+\(String(character.unicodeScalars.first!.value, radix: 16, uppercase: true))"
            }
            index += 1
        }
        return nil
    }
}
