import TalkModel
import TalkTransport
import TalkWire

/// What a fake platform keeps across a restart: its users, who follows which channel, the LINE sends it accepted
/// (with their retry keys, so that a repeated key is still answered 409), and where its identifier generator
/// stands, so that no message ID, token or `webhookEventId` is handed out twice.
///
/// Channels are not part of it: whoever restores the state adds them again first (with the same IDs, secrets and
/// tokens). The month's quota usage follows from the restored pushes and multicasts. Reply tokens, pending events
/// and injected faults are not kept; a restart is a fresh minute.
/// It is `Codable`, so it can be written as JSON with any encoder.
public struct FakePlatformState: Sendable, Hashable, Codable {
    /// A user's profile.
    public struct User: Sendable, Hashable, Codable {
        /// The user's ID.
        public var id: String
        /// The display name.
        public var displayName: String
        /// The picture URL.
        public var pictureURL: String?
        /// The status message.
        public var statusMessage: String?
        /// The language tag.
        public var language: String?
    }

    /// A user's friendship with a channel.
    public struct Friendship: Sendable, Hashable, Codable {
        /// The channel's ID.
        public var channel: String
        /// The user's ID.
        public var user: String
        /// `true` while the user follows; `false` after the user blocked the account.
        public var following: Bool
    }

    /// One accepted LINE send.
    public struct Send: Sendable, Hashable, Codable {
        /// `reply`, `push` or `multicast`.
        public var kind: String
        /// The channel's ID.
        public var channel: String
        /// The recipients' user IDs.
        public var recipients: [String]
        /// Recipients who had blocked the account.
        public var undeliveredRecipients: [String]
        /// The request body as received (UTF-8 JSON).
        public var body: String
        /// The request ID LINE answered with.
        public var requestID: String
        /// The `X-Line-Retry-Key`, if any.
        public var retryKey: String?
        /// The created messages' IDs.
        public var sentMessageIDs: [String]
        /// When it was accepted, in milliseconds since the epoch.
        public var acceptedAt: Int64
    }

    /// The users.
    public var users: [User]
    /// The friendships.
    public var friendships: [Friendship]
    /// The LINE sends, oldest first.
    public var sends: [Send]
    /// The identifier generator's position.
    public var generator: [UInt64]
}

extension InMemoryTransport {
    /// The state to keep across a restart; see ``FakePlatformState``. Only LINE sends are kept (not LINE WORKS or
    /// federation requests).
    /// - Returns: The state.
    public func exportState() -> FakePlatformState {
        withPlatform { platform in
            FakePlatformState(
                users: platform.users.values.sorted { $0.id.rawValue < $1.id.rawValue }.map {
                    FakePlatformState.User(
                        id: $0.id.rawValue,
                        displayName: $0.displayName,
                        pictureURL: $0.pictureURL,
                        statusMessage: $0.statusMessage,
                        language: $0.language
                    )
                },
                friendships: platform.channels.values.sorted { $0.id.rawValue < $1.id.rawValue }.flatMap { channel in
                    channel.friendships.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                        FakePlatformState.Friendship(
                            channel: channel.id.rawValue,
                            user: $0.key.rawValue,
                            following: $0.value == .following
                        )
                    }
                },
                sends: platform.outbox.compactMap { entry in
                    guard [.reply, .push, .multicast].contains(entry.kind), let channel = entry.channel else {
                        return nil
                    }
                    return FakePlatformState.Send(
                        kind: entry.kind.rawValue,
                        channel: channel.rawValue,
                        recipients: entry.recipients,
                        undeliveredRecipients: entry.undeliveredRecipients,
                        body: String(decoding: entry.body, as: UTF8.self),
                        requestID: entry.requestID,
                        retryKey: entry.retryKey?.rawValue,
                        sentMessageIDs: entry.sentMessageIDs,
                        acceptedAt: entry.acceptedAt.millisecondsSinceEpoch
                    )
                },
                generator: platform.ids.position
            )
        }
    }

    /// Restores users, friendships with channels already added, LINE sends and the identifier generator from a
    /// state exported earlier. Entries naming a channel that was not added, or that cannot be read, are skipped.
    /// - Parameter state: The state.
    public func restoreState(_ state: FakePlatformState) {
        withPlatform { platform in
            for user in state.users {
                guard let id = try? LineUserID(user.id) else { continue }
                platform.users[id] = FakePlatform.User(
                    id: id,
                    displayName: user.displayName,
                    pictureURL: user.pictureURL,
                    statusMessage: user.statusMessage,
                    language: user.language
                )
            }
            for friendship in state.friendships {
                guard let channel = try? LineChannelID(friendship.channel), platform.channels[channel] != nil,
                    let user = try? LineUserID(friendship.user)
                else { continue }
                platform.channels[channel]!.friendships[user] = friendship.following ? .following : .blocked
            }
            for send in state.sends {
                guard let channel = try? LineChannelID(send.channel), platform.channels[channel] != nil,
                    let kind = OutboxEntry.Kind(rawValue: send.kind)
                else { continue }
                let body = Array(send.body.utf8)
                let messages = (try? JSONValue(parsing: body, maximumDepth: 64))?["messages"]?.arrayValue ?? []
                let retryKey = send.retryKey.flatMap { try? LineRetryKey($0) }
                let acceptedAt = Timestamp(millisecondsSinceEpoch: send.acceptedAt)
                if let retryKey { platform.channels[channel]!.retryKeys[retryKey] = (send.requestID, acceptedAt) }
                // R32: pushes and multicasts count again against this month's quota, once per recipient reached.
                let reached = send.recipients.count - send.undeliveredRecipients.count
                if kind == .push || kind == .multicast, reached > 0,
                    let counted = try? OutboundSend.to(reached, via: kind == .push ? .push : .multicast)
                {
                    _ = try? platform.channels[channel]!.quota.record(counted, at: acceptedAt)
                }
                platform.outbox.append(
                    OutboxEntry(
                        kind: kind,
                        channel: channel,
                        recipients: send.recipients,
                        undeliveredRecipients: send.undeliveredRecipients,
                        messages: messages,
                        requestID: send.requestID,
                        retryKey: retryKey,
                        sentMessageIDs: send.sentMessageIDs,
                        acceptedAt: acceptedAt,
                        body: body
                    )
                )
            }
            platform.ids.position = state.generator
        }
    }
}
