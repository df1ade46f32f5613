/// Whether an Official Account channel is in use (R30).
public enum ChannelStatus: Sendable, Hashable, CaseIterable {
    /// The channel sends and receives.
    case enabled
    /// Nothing is sent or received; data is kept and the channel can be enabled again.
    case disabled
    /// The channel is gone: history stays readable, but nothing can be sent, forwarded or blocked,
    /// and it cannot be enabled again.
    case deleted

    /// Whether messages may be sent through the channel.
    public var canSend: Bool { self == .enabled }
    /// Whether received messages are delivered to the company.
    public var deliversInbound: Bool { self == .enabled }
    /// Whether a room on this channel may still be blocked or unblocked.
    public var allowsBlocking: Bool { self != .deleted }
}
