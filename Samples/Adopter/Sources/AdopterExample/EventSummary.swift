import TalkModel
import TalkWire

/// What an adopter's webhook handler does with each event: every known case, and `@unknown default` for the
/// event types LINE adds after this SDK version.
func summary(of event: LineWebhookEvent) -> String {
    switch event.payload {
    case .message(let message):
        switch message.content {
        case .text(let text): return "text of \(text.text.utf16.count) UTF-16 units"
        case .image, .video, .audio, .file: return "media"
        case .location, .sticker: return "location or sticker"
        case .unknown: return "a message type this version does not know"
        @unknown default: return "a message type added after this version"
        }
    case .follow(let isUnblocked): return isUnblocked == true ? "unblocked" : "followed"
    case .unfollow: return "blocked"
    case .unknown: return "unknown event type \(event.type)"
    #if EXHAUSTIVE_SWITCH_WITHOUT_UNKNOWN_DEFAULT
    // Built with this flag, the switch lists every case but has no `@unknown default`: CI expects the
    // compiler to refuse it, which proves a new LINE event type cannot break an adopter who follows the docs.
    case .messageEdited, .unsend, .join, .leave, .memberJoined, .memberLeft, .postback, .videoPlayComplete,
        .beacon, .accountLink, .membership, .module, .activated, .deactivated, .botSuspended, .botResumed,
        .delivery:
        return "other"
    #else
    default: return "another event type"
    #endif
    }
}

/// The user an event came from, without re-parsing any string.
func sender(of event: LineWebhookEvent) -> LineUserID? {
    switch event.source {
    case .user(let userID)?: return userID
    case .group(_, let userID)?, .room(_, let userID)?: return userID
    case .unknown?, nil: return nil
    @unknown default: return event.source?.userID
    }
}
