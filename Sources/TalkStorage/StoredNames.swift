public import TalkModel

// The names under which a storage writes the engine's states, parties and destinations into columns of its own,
// defined once so that every storage (SQLite, PostgreSQL, one of an adopter's) and every export spells them the
// same way. They are part of the stored format: a name, once released, never changes.

extension StoredMessage.State {
    /// The state's stored name: `delivered`, `held`, `queued`, `sent`, `uncertain` or `failed`.
    public var storedName: String {
        switch self {
        case .delivered: "delivered"
        case .held: "held"
        case .queued: "queued"
        case .sent: "sent"
        case .uncertain: "uncertain"
        case .failed: "failed"
        }
    }

    /// The reason a held or failed message carries; `nil` for every other state.
    public var storedReason: String? {
        switch self {
        case .held(let reason), .failed(let reason): reason
        case .delivered, .queued, .sent, .uncertain: nil
        }
    }

    /// Reads a stored state.
    /// - Parameters:
    ///   - storedName: The name ``storedName`` gave.
    ///   - reason: The reason ``storedReason`` gave.
    /// - Returns: `nil` for an unknown name, a held or failed state without a reason, or a reason where none
    ///   belongs.
    public init?(storedName: String, reason: String?) {
        switch (storedName, reason) {
        case ("delivered", nil): self = .delivered
        case ("held", let reason?): self = .held(reason: reason)
        case ("queued", nil): self = .queued
        case ("sent", nil): self = .sent
        case ("uncertain", nil): self = .uncertain
        case ("failed", let reason?): self = .failed(reason: reason)
        default: return nil
        }
    }
}

/// A party as three stored values: a kind (`workspace` or `line`), its ID, and a LINE user's provider.
public struct StoredParty: Sendable, Hashable {
    /// `workspace` or `line`.
    public var kind: String
    /// The member ID or the LINE user ID.
    public var id: String
    /// The LINE user's provider; `nil` for a member.
    public var provider: String?

    /// The stored values of a party.
    /// - Parameter party: The party.
    public init(_ party: Party) {
        switch party {
        case .workspaceUser(let member): (kind, id, provider) = ("workspace", member.rawValue, nil)
        case .lineUser(let user): (kind, id, provider) = ("line", user.userID.rawValue, user.provider.rawValue)
        }
    }

    /// Stored values as read back.
    /// - Parameters:
    ///   - kind: The kind.
    ///   - id: The ID.
    ///   - provider: The provider.
    public init(kind: String, id: String, provider: String?) {
        self.kind = kind
        self.id = id
        self.provider = provider
    }

    /// The party, or `nil` when the values do not name one (an unknown kind, an invalid ID, a LINE user without a
    /// provider).
    public var party: Party? {
        switch kind {
        case "workspace": return (try? MemberID(id)).map(Party.workspaceUser)
        case "line":
            guard let provider, let providerID = try? LineProviderID(provider), let user = try? LineUserID(id) else {
                return nil
            }
            return .lineUser(LineUser(provider: providerID, userID: user))
        default: return nil
        }
    }
}

/// An outbox destination as stored values: a kind (`line`, `federation` or `works`) and the IDs it needs.
public struct StoredDestination: Sendable, Hashable {
    /// `line`, `federation` or `works`.
    public var kind: String
    /// The LINE channel, or the LINE WORKS bot.
    public var channel: String?
    /// The LINE user, or the LINE WORKS user.
    public var user: String?
    /// The peer tenant of a federation destination.
    public var peer: String?
    /// The peer tenant's member.
    public var member: String?

    /// The stored values of a destination.
    /// - Parameter destination: The destination.
    public init(_ destination: OutboxDestination) {
        switch destination {
        case .line(let channel, let user):
            self.init(kind: "line", channel: channel.rawValue, user: user.rawValue, peer: nil, member: nil)
        case .federation(let peer, let member):
            self.init(kind: "federation", channel: nil, user: nil, peer: peer.rawValue, member: member.rawValue)
        case .works(let bot, let user):
            self.init(kind: "works", channel: bot, user: user, peer: nil, member: nil)
        }
    }

    /// Stored values as read back.
    /// - Parameters:
    ///   - kind: The kind.
    ///   - channel: The channel or bot.
    ///   - user: The user.
    ///   - peer: The peer tenant.
    ///   - member: The peer's member.
    public init(kind: String, channel: String?, user: String?, peer: String?, member: String?) {
        self.kind = kind
        self.channel = channel
        self.user = user
        self.peer = peer
        self.member = member
    }

    /// The destination, or `nil` when the values do not name one.
    public var destination: OutboxDestination? {
        switch kind {
        case "line":
            guard let channel = channel.flatMap({ try? LineChannelID($0) }),
                let user = user.flatMap({ try? LineUserID($0) })
            else { return nil }
            return .line(channel: channel, user: user)
        case "federation":
            guard let peer = peer.flatMap({ try? TenantDomain($0) }), let member = member.flatMap({ try? MemberID($0) })
            else { return nil }
            return .federation(peer: peer, member: member)
        case "works":
            guard let channel, let user else { return nil }
            return .works(bot: channel, user: user)
        default:
            return nil
        }
    }
}
