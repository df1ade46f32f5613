/// The record of one manual merge of two customer records, kept so that it can be undone (R27).
public struct MergeRecord: Sendable, Hashable, Identifiable {
    /// The merge's number in the directory, starting at 1.
    public let id: Int
    /// The merged-away record exactly as it was before the merge.
    public let source: Customer
    /// The record that absorbed it.
    public let targetID: CustomerID
    /// The identities the merge added to the target.
    public let addedIdentities: Set<LineUser>
    /// The friendships the merge added to the target.
    public let addedFriendships: Set<LineChannelID>
    /// Who merged.
    public let mergedBy: MemberID
    /// When.
    public let mergedAt: Timestamp
    /// Who undid the merge, and when; `nil` while it stands.
    public internal(set) var undone: Undo?

    /// Who undid a merge, and when.
    public struct Undo: Sendable, Hashable {
        /// Who undid it.
        public let by: MemberID
        /// When.
        public let at: Timestamp
    }

    /// Whether the merge has been undone.
    public var isUndone: Bool { undone != nil }

    init(
        id: Int,
        source: Customer,
        targetID: CustomerID,
        addedIdentities: Set<LineUser>,
        addedFriendships: Set<LineChannelID>,
        mergedBy: MemberID,
        mergedAt: Timestamp
    ) {
        self.id = id
        self.source = source
        self.targetID = targetID
        self.addedIdentities = addedIdentities
        self.addedFriendships = addedFriendships
        self.mergedBy = mergedBy
        self.mergedAt = mergedAt
        self.undone = nil
    }
}
