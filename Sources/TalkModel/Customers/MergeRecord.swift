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

// MARK: Stored format

extension MergeRecord.Undo: Codable {
    private enum CodingKeys: String, CodingKey {
        case by = "by"
        case at = "at"
    }

    /// Decodes an undo stored as an object.
    ///
    /// The stored format is stable: `{"by": "<member ID>", "at": <ms>}`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.by = try container.decode(MemberID.self, forKey: .by)
        self.at = try container.decode(Timestamp.self, forKey: .at)
    }

    /// Encodes the undo as an object, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(by, forKey: .by)
        try container.encode(at, forKey: .at)
    }
}

extension MergeRecord: Codable {
    private enum CodingKeys: String, CodingKey {
        case id = "id"
        case source = "source"
        case targetID = "targetID"
        case addedIdentities = "addedIdentities"
        case addedFriendships = "addedFriendships"
        case mergedBy = "mergedBy"
        case mergedAt = "mergedAt"
        case undone = "undone"
    }

    /// Decodes a merge record stored as an object, refusing one that no merge produces.
    ///
    /// The stored format is stable: `id`, `source` (a ``Customer``), `targetID`, `addedIdentities` (sorted
    /// ``LineUser`` values), `addedFriendships` (sorted channel IDs), `mergedBy`, `mergedAt` and `undone` (an
    /// ``Undo``, left out while the merge stands).
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid, the number is below 1, the record merges a
    ///   customer into itself, or it adds identities or friendships the source did not have (R27).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(Int.self, forKey: .id)
        self.source = try container.decode(Customer.self, forKey: .source)
        self.targetID = try container.decode(CustomerID.self, forKey: .targetID)
        self.addedIdentities = try container.decodeSet(LineUser.self, forKey: .addedIdentities)
        self.addedFriendships = try container.decodeSet(LineChannelID.self, forKey: .addedFriendships)
        self.mergedBy = try container.decode(MemberID.self, forKey: .mergedBy)
        self.mergedAt = try container.decode(Timestamp.self, forKey: .mergedAt)
        self.undone = try container.decodeIfPresent(Undo.self, forKey: .undone)
        guard id >= 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .id,
                in: container,
                debugDescription: "merges are numbered from 1"
            )
        }
        guard targetID != source.id else {
            throw DecodingError.dataCorruptedError(
                forKey: .targetID,
                in: container,
                debugDescription: "a customer record cannot be merged into itself"
            )
        }
        guard addedIdentities.isSubset(of: source.identities), addedFriendships.isSubset(of: source.friendOf) else {
            throw StoredFormat.impossible(
                decoder,
                "a merge adds to the target only identities and friendships the source had (R27)"
            )
        }
    }

    /// Encodes the record as an object, the stable stored format; sets are sorted.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(source, forKey: .source)
        try container.encode(targetID, forKey: .targetID)
        try container.encodeSorted(addedIdentities, forKey: .addedIdentities)
        try container.encodeSorted(addedFriendships, forKey: .addedFriendships)
        try container.encode(mergedBy, forKey: .mergedBy)
        try container.encode(mergedAt, forKey: .mergedAt)
        try container.encodeIfPresent(undone, forKey: .undone)
    }
}
