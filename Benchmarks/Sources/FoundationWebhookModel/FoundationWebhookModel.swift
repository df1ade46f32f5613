// The baseline decoder: LINE webhook bodies decoded with Foundation's `JSONDecoder` into
// `Codable` structs, the way a typical Swift server would write it by hand.
//
// It covers every event type of the Messaging API webhook and every message content type,
// with all their fields, and keeps unknown types as `.unknown(type)` rather than failing,
// so that it does the same work as TalkWire's decoder and the comparison is fair.

import Foundation

/// A webhook request body: `{destination, events}`.
public struct CallbackRequest: Decodable, Sendable {
    public var destination: String?
    public var events: [Event]
}

public struct DeliveryContext: Decodable, Sendable {
    public var isRedelivery: Bool
}

public enum Source: Decodable, Sendable {
    case user(userId: String?)
    case group(groupId: String, userId: String?)
    case room(roomId: String, userId: String?)
    case unknown(type: String)

    private enum CodingKeys: String, CodingKey {
        case type, userId, groupId, roomId
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "user":
            self = .user(userId: try container.decodeIfPresent(String.self, forKey: .userId))
        case "group":
            self = .group(
                groupId: try container.decode(String.self, forKey: .groupId),
                userId: try container.decodeIfPresent(String.self, forKey: .userId)
            )
        case "room":
            self = .room(
                roomId: try container.decode(String.self, forKey: .roomId),
                userId: try container.decodeIfPresent(String.self, forKey: .userId)
            )
        default:
            self = .unknown(type: type)
        }
    }
}

public struct Event: Decodable, Sendable {
    public var type: String
    public var timestamp: Int64?
    public var mode: String?
    public var webhookEventId: String?
    public var deliveryContext: DeliveryContext?
    public var source: Source?
    public var replyToken: String?
    public var payload: Payload

    public enum Payload: Sendable {
        case message(MessageContent)
        case messageEdited(MessageContent)
        case unsend(Unsend)
        case follow(Follow)
        case unfollow
        case join
        case leave
        case memberJoined(Members)
        case memberLeft(Members)
        case postback(Postback)
        case videoPlayComplete(VideoPlayComplete)
        case beacon(Beacon)
        case accountLink(AccountLink)
        case membership(Membership)
        case module(Module)
        case activated(ChatControl)
        case deactivated
        case botSuspended
        case botResumed
        case delivery(Delivery)
        case unknown
    }

    private enum CodingKeys: String, CodingKey {
        case type, timestamp, mode, webhookEventId, deliveryContext, source, replyToken
        case message, unsend, follow, joined, left, postback, videoPlayComplete, beacon, link, membership
        case module, chatControl, delivery
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.type = try container.decode(String.self, forKey: .type)
        self.timestamp = try container.decodeIfPresent(Int64.self, forKey: .timestamp)
        self.mode = try container.decodeIfPresent(String.self, forKey: .mode)
        self.webhookEventId = try container.decodeIfPresent(String.self, forKey: .webhookEventId)
        self.deliveryContext = try container.decodeIfPresent(DeliveryContext.self, forKey: .deliveryContext)
        self.source = try container.decodeIfPresent(Source.self, forKey: .source)
        self.replyToken = try container.decodeIfPresent(String.self, forKey: .replyToken)
        switch self.type {
        case "message": self.payload = .message(try container.decode(MessageContent.self, forKey: .message))
        case "messageEdited": self.payload = .messageEdited(try container.decode(MessageContent.self, forKey: .message))
        case "unsend": self.payload = .unsend(try container.decode(Unsend.self, forKey: .unsend))
        case "follow": self.payload = .follow(try container.decode(Follow.self, forKey: .follow))
        case "unfollow": self.payload = .unfollow
        case "join": self.payload = .join
        case "leave": self.payload = .leave
        case "memberJoined": self.payload = .memberJoined(try container.decode(Members.self, forKey: .joined))
        case "memberLeft": self.payload = .memberLeft(try container.decode(Members.self, forKey: .left))
        case "postback": self.payload = .postback(try container.decode(Postback.self, forKey: .postback))
        case "videoPlayComplete":
            self.payload = .videoPlayComplete(try container.decode(VideoPlayComplete.self, forKey: .videoPlayComplete))
        case "beacon": self.payload = .beacon(try container.decode(Beacon.self, forKey: .beacon))
        case "accountLink": self.payload = .accountLink(try container.decode(AccountLink.self, forKey: .link))
        case "membership": self.payload = .membership(try container.decode(Membership.self, forKey: .membership))
        case "module": self.payload = .module(try container.decode(Module.self, forKey: .module))
        case "activated": self.payload = .activated(try container.decode(ChatControl.self, forKey: .chatControl))
        case "deactivated": self.payload = .deactivated
        case "botSuspended": self.payload = .botSuspended
        case "botResumed": self.payload = .botResumed
        case "delivery": self.payload = .delivery(try container.decode(Delivery.self, forKey: .delivery))
        default: self.payload = .unknown
        }
    }
}

public struct Unsend: Decodable, Sendable { public var messageId: String }
public struct Follow: Decodable, Sendable { public var isUnblocked: Bool }
public struct Members: Decodable, Sendable { public var members: [Source] }
public struct Postback: Decodable, Sendable {
    public var data: String
    public var params: [String: String]?
}
public struct VideoPlayComplete: Decodable, Sendable { public var trackingId: String }
public struct Beacon: Decodable, Sendable {
    public var hwid: String
    public var type: String
    public var dm: String?
}
public struct AccountLink: Decodable, Sendable {
    public var result: String
    public var nonce: String?
}
public struct Membership: Decodable, Sendable {
    public var type: String
    public var membershipId: Int?
}
public struct Module: Decodable, Sendable {
    public var type: String?
    public var referrer: String?
}
public struct ChatControl: Decodable, Sendable { public var expireAt: Int64 }
public struct Delivery: Decodable, Sendable { public var data: String }

public struct Emoji: Decodable, Sendable {
    public var index: Int
    public var length: Int
    public var productId: String
    public var emojiId: String
}

public struct Mention: Decodable, Sendable {
    public struct Mentionee: Decodable, Sendable {
        public var type: String
        public var index: Int
        public var length: Int
        public var userId: String?
        public var isSelf: Bool?
    }
    public var mentionees: [Mentionee]
}

public struct ContentProvider: Decodable, Sendable {
    public var type: String
    public var originalContentUrl: String?
    public var previewImageUrl: String?
}

public struct ImageSet: Decodable, Sendable {
    public var id: String
    public var index: Int?
    public var total: Int?
}

public enum MessageContent: Decodable, Sendable {
    case text(Text)
    case image(Image)
    case video(Video)
    case audio(Audio)
    case file(File)
    case location(Location)
    case sticker(Sticker)
    case unknown(id: String?, type: String)

    public struct Text: Decodable, Sendable {
        public var id: String
        public var text: String
        public var quoteToken: String?
        public var emojis: [Emoji]?
        public var mention: Mention?
        public var quotedMessageId: String?
        public var markAsReadToken: String?
    }

    public struct Image: Decodable, Sendable {
        public var id: String
        public var contentProvider: ContentProvider
        public var imageSet: ImageSet?
        public var quoteToken: String?
        public var markAsReadToken: String?
    }

    public struct Video: Decodable, Sendable {
        public var id: String
        public var duration: Int?
        public var contentProvider: ContentProvider
        public var quoteToken: String?
        public var markAsReadToken: String?
    }

    public struct Audio: Decodable, Sendable {
        public var id: String
        public var duration: Int?
        public var contentProvider: ContentProvider
        public var markAsReadToken: String?
    }

    public struct File: Decodable, Sendable {
        public var id: String
        public var fileName: String
        public var fileSize: Int
        public var markAsReadToken: String?
    }

    public struct Location: Decodable, Sendable {
        public var id: String
        public var title: String?
        public var address: String?
        public var latitude: Double
        public var longitude: Double
        public var markAsReadToken: String?
    }

    public struct Sticker: Decodable, Sendable {
        public var id: String
        public var packageId: String
        public var stickerId: String
        public var stickerResourceType: String
        public var keywords: [String]?
        public var text: String?
        public var quoteToken: String?
        public var quotedMessageId: String?
        public var markAsReadToken: String?
    }

    private enum CodingKeys: String, CodingKey {
        case id, type
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "text": self = .text(try Text(from: decoder))
        case "image": self = .image(try Image(from: decoder))
        case "video": self = .video(try Video(from: decoder))
        case "audio": self = .audio(try Audio(from: decoder))
        case "file": self = .file(try File(from: decoder))
        case "location": self = .location(try Location(from: decoder))
        case "sticker": self = .sticker(try Sticker(from: decoder))
        default: self = .unknown(id: try container.decodeIfPresent(String.self, forKey: .id), type: type)
        }
    }
}

extension CallbackRequest {
    /// The number of events, for checks that the decode did its work.
    public var eventCount: Int { self.events.count }
}
