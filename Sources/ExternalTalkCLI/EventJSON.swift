import TalkModel
import TalkWire

/// The JSON Lines form of decoded events that `parse` prints: wire names, one object per event.
enum EventJSON {
    /// One LINE webhook event.
    static func render(_ event: LineWebhookEvent) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("type")
        json.string(event.type.rawValue)
        json.key("known")
        json.bool(isFullyKnown(event))
        json.key("webhookEventId")
        json.string(event.webhookEventID?.rawValue)
        json.key("timestamp")
        json.number(event.timestamp)
        json.key("mode")
        json.string(event.mode?.rawValue)
        json.key("redelivery")
        json.bool(event.isRedelivery ?? false)
        json.key("source")
        writeSource(event.source, into: &json)
        if let replyToken = event.replyToken {
            json.key("replyToken")
            json.string(replyToken)
        }
        writePayload(event.payload, into: &json)
        if let issue = event.decodingIssue {
            json.key("issue")
            json.string(issue.description)
        }
        if !isFullyKnown(event) {
            json.key("raw")
            json.compact(event.rawJSON)
        }
        json.endObject()
        return json.bytes
    }

    /// One LINE WORKS callback.
    static func render(_ callback: LineWorksCallback) -> [UInt8] {
        var json = JSONWriter()
        let known = callback.type.isKnown && (callback.content?.type.isKnown ?? true)
        json.beginObject()
        json.key("type")
        json.string(callback.type.rawValue)
        json.key("known")
        json.bool(known)
        json.key("issuedTime")
        json.string(callback.issuedTime?.text)
        json.key("issuedTimeMillis")
        json.number(callback.issuedTime?.milliseconds)
        json.key("source")
        json.beginObject()
        if let userID = callback.source.userID {
            json.key("userId")
            json.string(userID)
        }
        if let channelID = callback.source.channelID {
            json.key("channelId")
            json.string(channelID)
        }
        if let domainID = callback.source.domainID {
            json.key("domainId")
            json.string(domainID)
        }
        json.endObject()
        if let content = callback.content {
            json.key("content")
            json.beginObject()
            json.key("type")
            json.string(content.type.rawValue)
            optional("text", content.text, into: &json)
            optional("postback", content.postback, into: &json)
            optional("packageId", content.packageID, into: &json)
            optional("stickerId", content.stickerID, into: &json)
            optional("fileId", content.fileID, into: &json)
            optional("address", content.address, into: &json)
            if let latitude = content.latitude {
                json.key("latitude")
                json.number(latitude)
            }
            if let longitude = content.longitude {
                json.key("longitude")
                json.number(longitude)
            }
            json.endObject()
        }
        optional("data", callback.data, into: &json)
        if let members = callback.members {
            json.key("members")
            json.beginArray()
            for member in members { json.string(member) }
            json.endArray()
        }
        if !known {
            json.key("raw")
            json.compact(callback.rawJSON)
        }
        json.endObject()
        return json.bytes
    }

    /// Whether both the event type and, for message events, the message type are known.
    private static func isFullyKnown(_ event: LineWebhookEvent) -> Bool {
        switch event.payload {
        case .unknown: return false
        case .message(let message), .messageEdited(let message):
            if case .unknown = message.content { return false }
            return true
        default: return true
        }
    }

    private static func optional(_ key: String, _ value: String?, into json: inout JSONWriter) {
        guard let value else { return }
        json.key(key)
        json.string(value)
    }

    private static func writeSource(_ source: LineEventSource?, into json: inout JSONWriter) {
        guard let source else {
            json.string(nil)
            return
        }
        json.beginObject()
        json.key("type")
        json.string(source.type)
        switch source {
        case .user(let userID):
            optional("userId", userID?.rawValue, into: &json)
        case .group(let groupID, let userID):
            optional("groupId", groupID?.rawValue, into: &json)
            optional("userId", userID?.rawValue, into: &json)
        case .room(let roomID, let userID):
            optional("roomId", roomID?.rawValue, into: &json)
            optional("userId", userID?.rawValue, into: &json)
        case .unknown(_, let raw):
            json.key("raw")
            json.compact(raw)
        }
        json.endObject()
    }

    private static func writeMembers(_ key: String, _ members: [LineEventSource], into json: inout JSONWriter) {
        json.key(key)
        json.beginObject()
        json.key("members")
        json.beginArray()
        for member in members { writeSource(member, into: &json) }
        json.endArray()
        json.endObject()
    }

    private static func writePayload(_ payload: LineEventPayload, into json: inout JSONWriter) {
        switch payload {
        case .message(let message), .messageEdited(let message):
            json.key("message")
            writeMessage(message, into: &json)
        case .unsend(let messageID):
            json.key("unsend")
            json.beginObject()
            json.key("messageId")
            json.string(messageID?.rawValue)
            json.endObject()
        case .follow(let isUnblocked):
            json.key("follow")
            json.beginObject()
            json.key("isUnblocked")
            json.bool(isUnblocked)
            json.endObject()
        case .memberJoined(let members):
            writeMembers("joined", members, into: &json)
        case .memberLeft(let members):
            writeMembers("left", members, into: &json)
        case .postback(let postback):
            json.key("postback")
            json.beginObject()
            json.key("data")
            json.string(postback.data)
            if !postback.params.isEmpty {
                json.key("params")
                json.beginObject()
                for (name, value) in postback.params.sorted(by: { $0.key < $1.key }) {
                    json.key(name)
                    json.string(value)
                }
                json.endObject()
            }
            json.endObject()
        case .videoPlayComplete(let trackingID):
            json.key("videoPlayComplete")
            json.beginObject()
            json.key("trackingId")
            json.string(trackingID)
            json.endObject()
        case .beacon(let beacon):
            json.key("beacon")
            json.beginObject()
            json.key("hwid")
            json.string(beacon.hardwareID)
            json.key("type")
            json.string(beacon.type?.rawValue)
            optional("dm", beacon.deviceMessage, into: &json)
            json.endObject()
        case .accountLink(let result, let nonce):
            json.key("link")
            json.beginObject()
            json.key("result")
            json.string(result?.rawValue)
            optional("nonce", nonce, into: &json)
            json.endObject()
        case .membership(let type, let membershipID):
            json.key("membership")
            json.beginObject()
            json.key("type")
            json.string(type?.rawValue)
            json.key("membershipId")
            json.number(membershipID)
            json.endObject()
        case .module(let raw):
            json.key("module")
            if let raw { json.compact(raw) } else { json.string(nil) }
        case .activated(let expireAt):
            json.key("chatControl")
            json.beginObject()
            json.key("expireAt")
            json.number(expireAt)
            json.endObject()
        case .delivery(let data):
            json.key("delivery")
            json.beginObject()
            json.key("data")
            json.string(data)
            json.endObject()
        case .unfollow, .join, .leave, .deactivated, .botSuspended, .botResumed, .unknown:
            break
        }
    }

    private static func writeMessage(_ message: LineMessage, into json: inout JSONWriter) {
        json.beginObject()
        json.key("id")
        json.string(message.id?.rawValue)
        json.key("type")
        json.string(message.type.rawValue)
        optional("quoteToken", message.quoteToken, into: &json)
        optional("quotedMessageId", message.quotedMessageID?.rawValue, into: &json)
        optional("markAsReadToken", message.markAsReadToken, into: &json)
        switch message.content {
        case .text(let text):
            json.key("text")
            json.string(text.text)
            if !text.emojis.isEmpty {
                json.key("emojis")
                json.beginArray()
                for emoji in text.emojis {
                    json.beginObject()
                    json.key("index")
                    json.number(emoji.span.index)
                    json.key("length")
                    json.number(emoji.span.length)
                    json.key("productId")
                    json.string(emoji.productID)
                    json.key("emojiId")
                    json.string(emoji.emojiID)
                    json.key("token")
                    json.string(emoji.token(in: text.text).map(String.init))
                    json.endObject()
                }
                json.endArray()
            }
            if !text.mentionees.isEmpty {
                json.key("mention")
                json.beginObject()
                json.key("mentionees")
                json.beginArray()
                for mentionee in text.mentionees {
                    json.beginObject()
                    json.key("index")
                    json.number(mentionee.span.index)
                    json.key("length")
                    json.number(mentionee.span.length)
                    json.key("type")
                    json.string(mentionee.type?.rawValue)
                    optional("userId", mentionee.userID?.rawValue, into: &json)
                    if let isSelf = mentionee.isSelf {
                        json.key("isSelf")
                        json.bool(isSelf)
                    }
                    json.endObject()
                }
                json.endArray()
                json.endObject()
            }
            if !text.spanIssues.isEmpty {
                json.key("spanIssues")
                json.beginArray()
                for issue in text.spanIssues {
                    json.beginObject()
                    json.key("kind")
                    json.string(issue.kind.rawValue)
                    json.key("owner")
                    json.string(issue.owner.rawValue)
                    json.key("position")
                    json.number(issue.position)
                    json.endObject()
                }
                json.endArray()
            }
        case .image(let media), .video(let media), .audio(let media):
            if let provider = media.contentProvider {
                json.key("contentProvider")
                json.beginObject()
                json.key("type")
                json.string(provider.type?.rawValue)
                optional("originalContentUrl", provider.originalContentURL, into: &json)
                optional("previewImageUrl", provider.previewImageURL, into: &json)
                json.endObject()
            }
            if let imageSet = media.imageSet {
                json.key("imageSet")
                json.beginObject()
                json.key("id")
                json.string(imageSet.id)
                json.key("index")
                json.number(imageSet.index)
                json.key("total")
                json.number(imageSet.total)
                json.endObject()
            }
            if let duration = media.duration {
                json.key("duration")
                json.number(duration)
            }
        case .file(let file):
            json.key("fileName")
            json.string(file.fileName)
            json.key("fileSize")
            json.number(file.fileSize)
        case .location(let location):
            optional("title", location.title, into: &json)
            optional("address", location.address, into: &json)
            json.key("latitude")
            json.number(location.latitude)
            json.key("longitude")
            json.number(location.longitude)
        case .sticker(let sticker):
            json.key("packageId")
            json.string(sticker.packageID)
            json.key("stickerId")
            json.string(sticker.stickerID)
            json.key("stickerResourceType")
            json.string(sticker.stickerResourceType?.rawValue)
            if let keywords = sticker.keywords {
                json.key("keywords")
                json.beginArray()
                for keyword in keywords { json.string(keyword) }
                json.endArray()
            }
            optional("text", sticker.text, into: &json)
        case .unknown:
            break
        }
        json.endObject()
    }
}
