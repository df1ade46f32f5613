import TalkModel
import TalkTransport
import TalkWire
import WebhookSignature

/// A generated webhook event, kept so that it can be delivered again.
struct StoredEvent: Sendable {
    enum Body: Sendable {
        case text(String, emojis: [(index: Int, length: Int, productID: String, emojiID: String)])
        case image
        case sticker(packageID: String, stickerID: String)
        case follow(isUnblocked: Bool)
        case unfollow
        case unsend
    }

    var channel: LineChannelID
    var info: GeneratedEvent
    var body: Body
}

extension FakePlatform {
    mutating func channel(_ id: LineChannelID) throws(FakePlatformError) -> Channel {
        guard let channel = channels[id] else {
            throw FakePlatformError(.unknownChannel, "no channel \(id) was added to the fake platform")
        }
        return channel
    }

    private func requireUser(_ user: LineUserID) throws(FakePlatformError) {
        guard users[user] != nil else {
            throw FakePlatformError(.unknownUser, "no user \(user) was added; call addUser first")
        }
    }

    private func requireFollowing(_ user: LineUserID, _ channel: Channel) throws(FakePlatformError) {
        guard channel.friendships[user] == .following else {
            throw FakePlatformError(
                .notFollowing,
                "user \(user) does not follow channel \(channel.id) (never added it, or blocked it); follow first"
            )
        }
    }

    mutating func follow(
        _ user: LineUserID,
        channel id: LineChannelID,
        now: Timestamp
    ) throws(FakePlatformError)
        -> SignedWebhook
    {
        try requireUser(user)
        let previous = try channel(id).friendships[user]
        channels[id]!.friendships[user] = .following
        let token = issueReplyToken(for: user, channel: id, now: now)
        return record(
            .follow(isUnblocked: previous == .blocked),
            type: "follow",
            user: user,
            channel: id,
            now: now,
            replyToken: token
        )
    }

    mutating func unfollow(
        _ user: LineUserID,
        channel id: LineChannelID,
        now: Timestamp
    ) throws(FakePlatformError)
        -> SignedWebhook
    {
        try requireUser(user)
        try requireFollowing(user, try channel(id))
        channels[id]!.friendships[user] = .blocked
        return record(.unfollow, type: "unfollow", user: user, channel: id, now: now)
    }

    mutating func sendText(
        _ text: TextContent,
        from user: LineUserID,
        channel id: LineChannelID,
        now: Timestamp
    ) throws(FakePlatformError) -> SignedWebhook {
        try requireUser(user)
        try requireFollowing(user, try channel(id))
        var plain = ""
        var utf16Count = 0
        var emojis: [(index: Int, length: Int, productID: String, emojiID: String)] = []
        for run in text.runs {
            switch run {
            case .plain(let part):
                plain += part
                utf16Count += part.utf16.count
            case .emoji(let emoji):
                // LINE puts the emoji's token in the text and points at it in UTF-16 code units.
                emojis.append((utf16Count, emoji.token.utf16.count, emoji.productID, emoji.emojiID))
                plain += emoji.token
                utf16Count += emoji.token.utf16.count
            case .mention(let mention):
                plain += mention.text
                utf16Count += mention.text.utf16.count
            }
        }
        return messageEvent(.text(plain, emojis: emojis), from: user, channel: id, now: now)
    }

    mutating func sendImage(
        _ bytes: [UInt8],
        contentType: String,
        from user: LineUserID,
        channel id: LineChannelID,
        now: Timestamp
    ) throws(FakePlatformError) -> SignedWebhook {
        try requireUser(user)
        try requireFollowing(user, try channel(id))
        let webhook = messageEvent(.image, from: user, channel: id, now: now)
        if let messageID = webhook.events.first?.messageID {
            channels[id]!.contents[messageID] = Content(bytes: bytes, contentType: contentType)
        }
        return webhook
    }

    mutating func sendSticker(
        packageID: String,
        stickerID: String,
        from user: LineUserID,
        channel id: LineChannelID,
        now: Timestamp
    ) throws(FakePlatformError) -> SignedWebhook {
        try requireUser(user)
        try requireFollowing(user, try channel(id))
        return messageEvent(.sticker(packageID: packageID, stickerID: stickerID), from: user, channel: id, now: now)
    }

    private mutating func messageEvent(
        _ body: StoredEvent.Body,
        from user: LineUserID,
        channel id: LineChannelID,
        now: Timestamp
    ) -> SignedWebhook {
        let messageID = ids.messageID()
        let markAsRead = ids.opaqueToken(length: 48)
        channels[id]!.markAsReadTokens[markAsRead] = messageID
        channels[id]!.messagesByUser[messageID] = user
        let token = issueReplyToken(for: user, channel: id, now: now)
        return record(
            body,
            type: "message",
            user: user,
            channel: id,
            now: now,
            replyToken: token,
            messageID: messageID,
            markAsReadToken: markAsRead,
            quoteToken: ids.opaqueToken(length: 40)
        )
    }

    mutating func unsend(
        _ messageID: String,
        by user: LineUserID,
        channel id: LineChannelID,
        now: Timestamp
    ) throws(FakePlatformError) -> SignedWebhook {
        guard try channel(id).messagesByUser[messageID] == user else {
            throw FakePlatformError(.unknownMessage, "user \(user) sent no message \(messageID) on channel \(id)")
        }
        channels[id]!.contents[messageID] = nil
        channels[id]!.messagesByUser[messageID] = nil
        return record(.unsend, type: "unsend", user: user, channel: id, now: now, messageID: messageID)
    }

    func redeliver(_ webhookEventID: String) throws(FakePlatformError) -> SignedWebhook {
        for channel in channels.values {
            if var event = channel.events[webhookEventID] {
                event.info.isRedelivery = true
                return sign([event], channel: channel)
            }
        }
        throw FakePlatformError(.unknownEvent, "no webhook event \(webhookEventID) was generated")
    }

    private mutating func issueReplyToken(for user: LineUserID, channel id: LineChannelID, now: Timestamp) -> String {
        let token = ids.replyToken()
        channels[id]!.replyTokens[token] = ReplyToken(user: user, issuedAt: now, used: false)
        return token
    }

    private mutating func record(
        _ body: StoredEvent.Body,
        type: String,
        user: LineUserID,
        channel id: LineChannelID,
        now: Timestamp,
        replyToken: String? = nil,
        messageID: String? = nil,
        markAsReadToken: String? = nil,
        quoteToken: String? = nil
    ) -> SignedWebhook {
        let info = GeneratedEvent(
            type: type,
            webhookEventID: ids.ulid(milliseconds: now.millisecondsSinceEpoch),
            timestamp: now,
            user: user,
            replyToken: replyToken,
            messageID: messageID,
            markAsReadToken: markAsReadToken,
            quoteToken: quoteToken,
            isRedelivery: false
        )
        let event = StoredEvent(channel: id, info: info, body: body)
        channels[id]!.events[info.webhookEventID] = event
        return sign([event], channel: channels[id]!)
    }

    private func sign(_ events: [StoredEvent], channel: Channel) -> SignedWebhook {
        var writer = JSONWriter(reservingCapacity: 512)
        writer.beginObject()
        writer.field("destination", channel.botUserID)
        writer.key("events")
        writer.beginArray()
        for event in events { Self.write(event, to: &writer) }
        writer.endArray()
        writer.endObject()
        let body = Self.escapingNonBMP(writer.bytes)
        let signature = WebhookSignatureVerifier(secrets: [WebhookSecret(channel.secret)]).signature(for: body)
        return SignedWebhook(channel: channel.id, body: body, signature: signature, events: events.map(\.info))
    }

    /// Opens a `message` object with the members every message type starts with.
    private static func beginMessage(_ type: String, _ info: GeneratedEvent, _ writer: inout JSONWriter) {
        writer.key("message")
        writer.beginObject()
        writer.field("type", type)
        writer.field("id", info.messageID ?? "")
        writer.optionalField("quoteToken", info.quoteToken)
        writer.optionalField("markAsReadToken", info.markAsReadToken)
    }

    /// Writes one event with its members in the order LINE sends them.
    private static func write(_ event: StoredEvent, to writer: inout JSONWriter) {
        let info = event.info
        writer.beginObject()
        writer.field("type", info.type)
        switch event.body {
        case .text(let text, let emojis):
            beginMessage("text", info, &writer)
            writer.field("text", text)
            if !emojis.isEmpty {
                writer.key("emojis")
                writer.beginArray()
                for emoji in emojis {
                    writer.beginObject()
                    writer.field("index", emoji.index)
                    writer.field("length", emoji.length)
                    writer.field("productId", emoji.productID)
                    writer.field("emojiId", emoji.emojiID)
                    writer.endObject()
                }
                writer.endArray()
            }
            writer.endObject()
        case .image:
            beginMessage("image", info, &writer)
            writer.key("contentProvider")
            writer.beginObject()
            writer.field("type", "line")
            writer.endObject()
            writer.endObject()
        case .sticker(let packageID, let stickerID):
            beginMessage("sticker", info, &writer)
            writer.field("packageId", packageID)
            writer.field("stickerId", stickerID)
            writer.field("stickerResourceType", "STATIC")
            writer.endObject()
        case .follow(let isUnblocked):
            writer.key("follow")
            writer.beginObject()
            writer.field("isUnblocked", isUnblocked)
            writer.endObject()
        case .unfollow:
            break
        case .unsend:
            writer.key("unsend")
            writer.beginObject()
            writer.field("messageId", info.messageID ?? "")
            writer.endObject()
        }
        writer.field("webhookEventId", info.webhookEventID)
        writer.key("deliveryContext")
        writer.beginObject()
        writer.field("isRedelivery", info.isRedelivery)
        writer.endObject()
        writer.field("timestamp", JSONNumber(info.timestamp.millisecondsSinceEpoch))
        writer.key("source")
        writer.beginObject()
        writer.field("type", "user")
        writer.field("userId", info.user.rawValue)
        writer.endObject()
        writer.optionalField("replyToken", info.replyToken)
        writer.field("mode", "active")
        writer.endObject()
    }

    /// Rewrites every character outside the BMP as a `\uXXXX\uXXXX` surrogate pair, as LINE does.
    ///
    /// Four-byte UTF-8 sequences occur only inside JSON strings, so the rewrite is safe on the whole document.
    static func escapingNonBMP(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            guard lead >= 0xF0, index + 3 < bytes.count else {
                output.append(lead)
                index += 1
                continue
            }
            let scalar =
                (UInt32(lead & 0x07) << 18) | (UInt32(bytes[index + 1] & 0x3F) << 12)
                | (UInt32(bytes[index + 2] & 0x3F) << 6) | UInt32(bytes[index + 3] & 0x3F)
            let offset = scalar - 0x10000
            for unit in [0xD800 + (offset >> 10), 0xDC00 + (offset & 0x3FF)] {
                output.append(contentsOf: Array("\\u".utf8))
                let hex = String(unit, radix: 16, uppercase: true)
                output.append(contentsOf: Array((String(repeating: "0", count: 4 - hex.count) + hex).utf8))
            }
            index += 4
        }
        return output
    }
}
