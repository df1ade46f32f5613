/// The company's Official Account channels and the customers reached through them (R25-R28, R30).
///
/// A value with no I/O. Records are joined only by an explicit ``merge(_:into:by:at:)``; nothing
/// here ever merges on its own, even when two identities share a LINE user ID (R27).
public struct CustomerDirectory: Sendable, Hashable {
    /// The channels by ID; several may exist side by side (R25).
    public private(set) var channels: [LineChannelID: OfficialAccountChannel]
    /// The organization new friends are assigned to when their channel is company-wide (R28);
    /// `nil` means only admins see them.
    public var defaultOrganization: OrganizationID?
    /// Every merge performed, in order, including undone ones (R27).
    public private(set) var merges: [MergeRecord]
    private var customers: [CustomerID: Customer]

    /// Creates an empty directory.
    /// - Parameter defaultOrganization: The organization new friends of company-wide channels go to.
    public init(defaultOrganization: OrganizationID? = nil) {
        self.channels = [:]
        self.defaultOrganization = defaultOrganization
        self.merges = []
        self.customers = [:]
    }

    // MARK: Channels (R25, R26, R30)

    /// Adds a channel beside the existing ones (R25).
    /// - Parameter channel: The channel.
    /// - Throws: ``CustomerError/Code/alreadyExists`` when a channel with that ID exists.
    public mutating func addChannel(_ channel: OfficialAccountChannel) throws(CustomerError) {
        guard channels[channel.id] == nil else {
            throw CustomerError(.alreadyExists, "channel \(channel.id) already exists")
        }
        channels[channel.id] = channel
    }

    /// Enables, disables or deletes a channel (R30).
    /// - Parameters:
    ///   - status: The new status.
    ///   - channelID: The channel.
    /// - Throws: ``CustomerError/Code/notFound``; ``CustomerError/Code/channelUnavailable`` when the
    ///   channel is deleted, which is final.
    public mutating func setStatus(_ status: ChannelStatus, of channelID: LineChannelID) throws(CustomerError) {
        var channel = try existingChannel(channelID)
        guard channel.status != .deleted || status == .deleted else {
            throw CustomerError(
                .channelUnavailable,
                "channel \(channelID) is deleted and cannot be enabled again (R30)"
            )
        }
        channel.status = status
        channels[channelID] = channel
    }

    /// The channels serving an organization: its own, and the company-wide ones (R26).
    /// - Parameter organization: The organization.
    /// - Returns: Channels sorted by ID.
    public func channels(serving organization: OrganizationID) -> [OfficialAccountChannel] {
        channels.values.filter { $0.scope == .companyWide || $0.scope == .organization(organization) }
            .sorted { $0.id < $1.id }
    }

    // MARK: Customers (R27, R28)

    /// The customer record with an identifier.
    /// - Parameter id: The identifier.
    public subscript(id: CustomerID) -> Customer? { customers[id] }

    /// The customer record holding a provider-scoped identity (R27).
    /// - Parameter identity: The LINE identity.
    public func customer(for identity: LineUser) -> Customer? {
        customers.values.first { $0.identities.contains(identity) }
    }

    /// Every customer a member sees: admins see all; others see customers owned by their
    /// organizations; customers without an owner are for admins only (R28).
    /// - Parameters:
    ///   - organizations: The member's organizations.
    ///   - isAdmin: Whether the member is an admin.
    /// - Returns: Visible customers sorted by identifier.
    public func customers(visibleTo organizations: Set<OrganizationID>, isAdmin: Bool) -> [Customer] {
        customers.values.filter { customer in
            if isAdmin { return true }
            guard let owner = customer.owningOrganization else { return false }
            return organizations.contains(owner)
        }.sorted { $0.id < $1.id }
    }

    /// Records that a LINE user followed a channel.
    ///
    /// The user ID is scoped to the channel's provider (R27). A known identity gains the friendship;
    /// an unknown one becomes a new customer owned by the channel's organization, or for a
    /// company-wide channel by ``defaultOrganization``; with neither, only admins see it (R28).
    /// - Parameters:
    ///   - userID: The user ID from the `follow` event.
    ///   - channelID: The channel that received it.
    ///   - newID: The identifier for the record, used only if a new one is created.
    ///   - displayName: The user's display name.
    ///   - time: When.
    /// - Returns: The customer, and who is to be notified when it is new.
    /// - Throws: ``CustomerError/Code/notFound`` for an unknown channel;
    ///   ``CustomerError/Code/channelUnavailable`` for a disabled or deleted one (R30);
    ///   ``CustomerError/Code/alreadyExists`` when `newID` is taken.
    @discardableResult
    public mutating func recordFollow(
        of userID: LineUserID,
        on channelID: LineChannelID,
        newID: CustomerID,
        displayName: String,
        at time: Timestamp
    ) throws(CustomerError) -> FollowOutcome {
        let channel = try existingChannel(channelID)
        guard channel.status == .enabled else {
            throw CustomerError(
                .channelUnavailable,
                "channel \(channelID) is \(channel.status); it receives nothing (R30)"
            )
        }
        let identity = channel.user(userID)
        if var existing = customer(for: identity) {
            existing.friendOf.insert(channelID)
            customers[existing.id] = existing
            return FollowOutcome(customer: existing, isNew: false)
        }
        guard customers[newID] == nil else {
            throw CustomerError(.alreadyExists, "customer \(newID) already exists")
        }
        let owner: OrganizationID? =
            switch channel.scope {
            case .organization(let organization): organization
            case .companyWide: defaultOrganization
            }
        let customer = Customer(
            id: newID,
            identity: identity,
            channel: channelID,
            owner: owner,
            name: displayName,
            at: time
        )
        customers[newID] = customer
        return FollowOutcome(customer: customer, isNew: true)
    }

    /// Records that a LINE user unfollowed (blocked) a channel.
    /// - Parameters:
    ///   - userID: The user ID from the `unfollow` event.
    ///   - channelID: The channel.
    /// - Throws: ``CustomerError/Code/notFound`` for an unknown channel or identity.
    public mutating func recordUnfollow(of userID: LineUserID, on channelID: LineChannelID) throws(CustomerError) {
        let channel = try existingChannel(channelID)
        guard var existing = customer(for: channel.user(userID)) else {
            throw CustomerError(.notFound, "no customer has that user ID under provider \(channel.provider)")
        }
        existing.friendOf.remove(channelID)
        customers[existing.id] = existing
    }

    /// The identity to use to reach a customer through a channel (R27, R30).
    /// - Parameters:
    ///   - customerID: The customer.
    ///   - channelID: The channel to send through.
    /// - Returns: The customer's identity under the channel's provider.
    /// - Throws: ``CustomerError/Code/providerMismatch`` when the customer has no identity under that
    ///   provider (switching to another provider's channel loses the link, R27);
    ///   ``CustomerError/Code/notLinked`` when they are not a friend of the channel;
    ///   ``CustomerError/Code/channelUnavailable`` when the channel cannot send (R30).
    public func identity(
        reaching customerID: CustomerID,
        via channelID: LineChannelID
    ) throws(CustomerError)
        -> LineUser
    {
        let customer = try existingCustomer(customerID)
        let channel = try existingChannel(channelID)
        guard channel.status.canSend else {
            throw CustomerError(.channelUnavailable, "channel \(channelID) is \(channel.status) and cannot send (R30)")
        }
        guard let identity = customer.identities.first(where: { $0.provider == channel.provider }) else {
            throw CustomerError(
                .providerMismatch,
                "customer \(customerID) has no LINE user ID under provider \(channel.provider); "
                    + "user IDs differ per provider, so the customer must befriend this channel and the records be merged by hand (R27)"
            )
        }
        guard customer.friendOf.contains(channelID) else {
            throw CustomerError(.notLinked, "customer \(customerID) is not a friend of channel \(channelID)")
        }
        return identity
    }

    /// Moves a customer to another owning organization (R26).
    ///
    /// Friendships with company-wide channels keep serving the customer. With per-organization
    /// channels the customer has to befriend the new organization's channel: those are listed in
    /// ``MoveOutcome/needsFollow``.
    /// - Parameters:
    ///   - customerID: The customer.
    ///   - organization: The new owner, or `nil` for admins only (R28).
    /// - Returns: Which links still serve the customer and which channels need a follow.
    /// - Throws: ``CustomerError/Code/notFound`` for an unknown customer.
    @discardableResult
    public mutating func move(
        _ customerID: CustomerID,
        to organization: OrganizationID?
    ) throws(CustomerError)
        -> MoveOutcome
    {
        var customer = try existingCustomer(customerID)
        customer.owningOrganization = organization
        customers[customerID] = customer
        let followed = customer.friendOf.compactMap { channels[$0] }
        let kept = followed.filter { channel in
            switch channel.scope {
            case .companyWide: true
            case .organization(let owner): owner == organization
            }
        }
        let needsFollow =
            organization.map { organization in
                channels.values.filter { $0.scope == .organization(organization) && !customer.friendOf.contains($0.id) }
            } ?? []
        return MoveOutcome(
            keptLinks: kept.map(\.id).sorted(),
            needsFollow: needsFollow.map(\.id).sorted()
        )
    }

    // MARK: Manual merge (R27)

    /// Merges one customer record into another, by hand (R27).
    ///
    /// The target gains the source's identities and friendships; its own fields win. The source
    /// record disappears and is kept in the returned ``MergeRecord`` so that ``undoMerge(_:by:at:)``
    /// can bring it back.
    /// - Parameters:
    ///   - sourceID: The record merged away.
    ///   - targetID: The record that stays.
    ///   - member: Who merges, recorded.
    ///   - time: When, recorded.
    /// - Returns: The merge record.
    /// - Throws: ``CustomerError/Code/invalidMerge`` for a record with itself;
    ///   ``CustomerError/Code/notFound`` for an unknown record.
    @discardableResult
    public mutating func merge(
        _ sourceID: CustomerID,
        into targetID: CustomerID,
        by member: MemberID,
        at time: Timestamp
    ) throws(CustomerError) -> MergeRecord {
        guard sourceID != targetID else {
            throw CustomerError(.invalidMerge, "customer \(sourceID) cannot be merged with itself")
        }
        let source = try existingCustomer(sourceID)
        var target = try existingCustomer(targetID)
        let record = MergeRecord(
            id: merges.count + 1,
            source: source,
            targetID: targetID,
            addedIdentities: source.identities.subtracting(target.identities),
            addedFriendships: source.friendOf.subtracting(target.friendOf),
            mergedBy: member,
            mergedAt: time
        )
        target.identities.formUnion(source.identities)
        target.friendOf.formUnion(source.friendOf)
        customers[targetID] = target
        customers[sourceID] = nil
        merges.append(record)
        return record
    }

    /// Undoes a merge: the source record comes back as it was, and the target loses what the merge
    /// added (R27).
    ///
    /// Friendships gained after the merge by one of the source's identities go back with it.
    /// - Parameters:
    ///   - mergeID: The merge's ``MergeRecord/id``.
    ///   - member: Who undoes it, recorded.
    ///   - time: When, recorded.
    /// - Returns: The restored source record.
    /// - Throws: ``CustomerError/Code/notFound`` for an unknown merge;
    ///   ``CustomerError/Code/mergeNotReversible`` when it was undone already, the target is gone
    ///   (merged again: undo that first), or the source's identifier was reused.
    @discardableResult
    public mutating func undoMerge(
        _ mergeID: Int,
        by member: MemberID,
        at time: Timestamp
    ) throws(CustomerError)
        -> Customer
    {
        guard let index = merges.firstIndex(where: { $0.id == mergeID }) else {
            throw CustomerError(.notFound, "there is no merge \(mergeID)")
        }
        let record = merges[index]
        guard !record.isUndone else {
            throw CustomerError(.mergeNotReversible, "merge \(mergeID) was already undone")
        }
        guard var target = customers[record.targetID], target.identities.isSuperset(of: record.addedIdentities) else {
            throw CustomerError(
                .mergeNotReversible,
                "customer \(record.targetID) changed through a later merge; undo that merge first"
            )
        }
        guard customers[record.source.id] == nil else {
            throw CustomerError(.mergeNotReversible, "customer \(record.source.id) exists again")
        }
        var source = record.source
        // Friendships the source had that ended while merged (an unfollow) stay ended.
        source.friendOf.formIntersection(target.friendOf)
        target.identities.subtract(record.addedIdentities)
        target.friendOf.subtract(record.addedFriendships)
        // Friendships gained after the merge through a provider only the source had go back to the source.
        let targetProviders = Set(target.identities.map(\.provider))
        let sourceProviders = Set(source.identities.map(\.provider))
        for channelID in target.friendOf {
            guard let provider = channels[channelID]?.provider else { continue }
            if sourceProviders.contains(provider), !targetProviders.contains(provider) {
                target.friendOf.remove(channelID)
                source.friendOf.insert(channelID)
            }
        }
        customers[target.id] = target
        customers[source.id] = source
        merges[index].undone = MergeRecord.Undo(by: member, at: time)
        return source
    }

    // MARK: Helpers

    private func existingChannel(_ id: LineChannelID) throws(CustomerError) -> OfficialAccountChannel {
        guard let channel = channels[id] else { throw CustomerError(.notFound, "there is no channel \(id)") }
        return channel
    }

    private func existingCustomer(_ id: CustomerID) throws(CustomerError) -> Customer {
        guard let customer = customers[id] else { throw CustomerError(.notFound, "there is no customer \(id)") }
        return customer
    }
}

// MARK: Stored format

extension CustomerDirectory: Codable {
    private enum CodingKeys: String, CodingKey {
        case channels = "channels"
        case defaultOrganization = "defaultOrganization"
        case customers = "customers"
        case merges = "merges"
    }

    /// Decodes a directory stored as an object, refusing one that no sequence of operations produces.
    ///
    /// The stored format is stable: `channels` (a list of ``OfficialAccountChannel``, sorted by ID),
    /// `defaultOrganization` (left out when there is none, R28), `customers` (a list of ``Customer``, sorted by ID)
    /// and `merges` (every ``MergeRecord`` in order).
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when a field is missing or invalid, two channels or two customers share an ID, the
    ///   merges are not numbered 1, 2, 3 and so on, two customers hold the same LINE identity (R27), or a customer
    ///   is a friend of a channel the directory does not have.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.channels = try container.decodeUnique(OfficialAccountChannel.self, forKey: .channels, what: "channels") {
            $0.id
        }
        self.defaultOrganization = try container.decodeIfPresent(OrganizationID.self, forKey: .defaultOrganization)
        self.customers = try container.decodeUnique(Customer.self, forKey: .customers, what: "customers") { $0.id }
        self.merges = try container.decode([MergeRecord].self, forKey: .merges)
        // undoMerge(_:by:at:) finds merges by number and merge(_:into:by:at:) numbers them by position.
        guard merges.enumerated().allSatisfy({ $0.element.id == $0.offset + 1 }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .merges,
                in: container,
                debugDescription: "merges are numbered 1, 2, 3 and so on in the order they were made"
            )
        }
        // A follow creates a record only for an identity no record holds, and a merge moves identities rather than
        // copying them, so customer(for:) always has one answer (R27).
        var seen: Set<LineUser> = []
        for customer in customers.values {
            guard seen.isDisjoint(with: customer.identities) else {
                throw StoredFormat.impossible(decoder, "two customer records hold the same LINE identity (R27)")
            }
            seen.formUnion(customer.identities)
            // Channels are never removed, and a friendship is recorded only through a channel of the directory.
            guard customer.friendOf.allSatisfy({ channels[$0] != nil }) else {
                throw StoredFormat.impossible(
                    decoder,
                    "a customer record is a friend of a channel the directory does not have"
                )
            }
        }
    }

    /// Encodes the directory as an object, the stable stored format; channels and customers are sorted by ID.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(channels.values.sorted { $0.id < $1.id }, forKey: .channels)
        try container.encodeIfPresent(defaultOrganization, forKey: .defaultOrganization)
        try container.encode(customers.values.sorted { $0.id < $1.id }, forKey: .customers)
        try container.encode(merges, forKey: .merges)
    }
}

/// The result of ``CustomerDirectory/recordFollow(of:on:newID:displayName:at:)``.
public struct FollowOutcome: Sendable, Hashable {
    /// The customer record after the follow.
    public let customer: Customer
    /// Whether the record was created by this follow; then ``notify`` says who learns about it (R28).
    public let isNew: Bool

    /// Who gets the new-friend notification: the owning organization, or only admins (R28).
    public var notify: CustomerVisibility { customer.visibility }
}

/// The result of ``CustomerDirectory/move(_:to:)`` (R26).
public struct MoveOutcome: Sendable, Hashable {
    /// Channels the customer follows that still serve them: company-wide ones, and the new
    /// organization's own.
    public let keptLinks: [LineChannelID]
    /// Channels of the new organization the customer has to befriend before it can reach them.
    public let needsFollow: [LineChannelID]
}
