public import TalkModel

/// The body of a `call-invitation` request: the sender starts a voice or video call in the room (R13).
///
/// Calls are possible with members of other tenants only, never with LINE users (R13), so this request exists on
/// the federation wire alone.
public struct FederationCallInvitation: Sendable, Hashable {
    /// Voice or video.
    public var kind: CallKind
    /// The sender's ID for the call, unique per sending tenant, by which both sides name it.
    public var callID: String

    /// Creates a call invitation.
    /// - Parameters:
    ///   - kind: Voice or video.
    ///   - callID: The call's ID.
    public init(kind: CallKind, callID: String) {
        self.kind = kind
        self.callID = callID
    }
}

extension CallKind {
    /// The wire name of the kind: `voice` or `video`.
    public var federationWireName: String {
        switch self {
        case .voice: "voice"
        case .video: "video"
        }
    }
}
