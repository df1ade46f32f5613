/// How a shared Official Account's 1:1 chat handles a user's message at a given time (R19).
public enum ChatMode: Sendable, Hashable, CaseIterable {
    /// Chat mode is off: the 1:1 chat does not receive messages (R19).
    case off
    /// Operators answer by hand (R15, R17).
    case manualChat
    /// Automatic responses answer.
    case autoReply
}
