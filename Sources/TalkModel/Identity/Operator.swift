/// A member answering for a shared Official Account in 1:1 chat (R17).
public struct Operator: Sendable, Hashable {
    /// The member behind the operator.
    public let member: MemberID
    /// The name colleagues see on the operator's messages.
    public var displayName: String

    /// Creates an operator.
    /// - Parameters:
    ///   - member: The member answering.
    ///   - displayName: The name colleagues see.
    public init(member: MemberID, displayName: String) {
        self.member = member
        self.displayName = displayName
    }

    /// The sender name to show on this operator's message to a viewer.
    ///
    /// R17: inside the company the operator's own name is shown, so colleagues know who answered;
    /// everyone else, in particular the LINE user, sees only the account's name.
    /// - Parameters:
    ///   - channel: The account the operator answered for.
    ///   - viewer: Who is looking at the message.
    /// - Returns: The operator's name for members of the operator's tenant, otherwise the account name.
    public func senderName(on channel: OfficialAccountChannel, shownTo viewer: Party) -> String {
        if case .workspaceUser(let colleague) = viewer, colleague.tenant == member.tenant {
            return displayName
        }
        return channel.displayName
    }
}

// MARK: Stored format

extension Operator: Codable {
    private enum CodingKeys: String, CodingKey {
        case member = "member"
        case displayName = "displayName"
    }

    /// Decodes an operator stored as an object.
    ///
    /// The stored format is stable: `{"member": "<member ID>", "displayName": "<name>"}`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or the member ID is invalid.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            member: try container.decode(MemberID.self, forKey: .member),
            displayName: try container.decode(String.self, forKey: .displayName)
        )
    }

    /// Encodes the operator as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(member, forKey: .member)
        try container.encode(displayName, forKey: .displayName)
    }
}
