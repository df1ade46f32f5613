import Logging
import Synchronization
public import TalkModel
public import TalkStorage

extension ExternalTalkService {
    // MARK: Chat mode (R15, R19)

    /// Sets a shared desk's 1:1 chat mode: off (the default: nothing is received, R19), manual chat, or a
    /// weekly schedule switching between manual chat and auto-reply.
    /// - Parameters:
    ///   - settings: The settings.
    ///   - channel: The channel.
    /// - Throws: ``ExternalTalkError/Code/unknownChannel``.
    public func setChatMode(_ settings: ChatModeSettings, channel: LineChannelID) async throws {
        try await prepare()
        guard channels[channel] != nil else { throw ExternalTalkError(.unknownChannel, "no channel \(channel)") }
        let time = now()
        try await storage.write { storage in
            try storage.saveChatModeSettings(settings, channel: channel)
            try self.publish(
                .chatModeChanged(channel: channel, mode: Self.modeName(settings.mode(at: time))),
                room: nil,
                at: time,
                in: storage
            )
        }
        lastChatModes.withLock { $0[channel] = settings.mode(at: time) }
        feedSignal.signal()
    }

    /// The chat mode in force on a channel now.
    /// - Parameter channel: The channel.
    /// - Returns: The mode.
    /// - Throws: A storage error.
    public func chatMode(channel: LineChannelID) async throws -> ChatMode {
        let time = now()
        return try await storage.read { try $0.chatModeSettings(channel: channel)?.mode(at: time) ?? .off }
    }

    static func modeName(_ mode: ChatMode) -> String {
        switch mode {
        case .off: "off"
        case .manualChat: "manual-chat"
        case .autoReply: "auto-reply"
        }
    }

    /// Publishes a chat-mode change for each channel whose schedule switched since the last look (R19).
    func publishChatModeSwitches() async throws {
        let time = now()
        for channel in channels.keys.sorted() {
            let mode = try await chatMode(channel: channel)
            let previous = lastChatModes.withLock { modes in
                defer { modes[channel] = mode }
                return modes[channel]
            }
            guard let previous, previous != mode else { continue }
            _ = try await storage.write { storage in
                try self.publish(
                    .chatModeChanged(channel: channel, mode: Self.modeName(mode)),
                    room: nil,
                    at: time,
                    in: storage
                )
            }
            feedSignal.signal()
        }
    }

    // MARK: Channels (R30)

    /// Disables a channel: nothing is sent or received through it, its data is kept, and it can be enabled again
    /// (R30). Its rooms become read-only; LINE events that still arrive are kept, flagged.
    /// - Parameter channel: The channel.
    /// - Throws: ``ExternalTalkError``.
    public func disableChannel(_ channel: LineChannelID) async throws {
        try await setChannelStatus(.disabled, channel)
    }

    /// Enables a disabled channel again (R30).
    /// - Parameter channel: The channel.
    /// - Throws: ``ExternalTalkError/Code/customer`` when it was deleted, which is final.
    public func enableChannel(_ channel: LineChannelID) async throws {
        try await setChannelStatus(.enabled, channel)
    }

    /// Deletes a channel for good: history stays readable; nothing can be sent, forwarded or blocked (R30).
    /// - Parameter channel: The channel.
    /// - Throws: ``ExternalTalkError``.
    public func deleteChannel(_ channel: LineChannelID) async throws {
        try await setChannelStatus(.deleted, channel)
    }

    private func setChannelStatus(_ status: ChannelStatus, _ channel: LineChannelID) async throws {
        try await prepare()
        guard channels[channel] != nil else { throw ExternalTalkError(.unknownChannel, "no channel \(channel)") }
        let time = now()
        let tenant = self.tenant
        try await storage.write { storage in
            guard var directory = try storage.customerDirectory(of: tenant) else {
                throw ExternalTalkError(.unknownChannel, "no channel \(channel)")
            }
            do {
                try directory.setStatus(status, of: channel)
            } catch let error as CustomerError {
                throw ExternalTalkError(.customer, error.message, rule: .r30, underlying: error)
            }
            try storage.saveCustomerDirectory(directory, of: tenant)
            var cursor: TalkRoomID?
            while true {
                let page = try storage.rooms(after: cursor, limit: 500)
                for var room in page where room.channel == channel {
                    let before = room.room.status
                    switch status {
                    case .enabled:
                        _ = try? room.room.lift(.channelDisabled)
                    case .disabled:
                        _ = try? room.room.restrict(.channelDisabled)
                    case .deleted:
                        _ = try? room.room.restrict(.channelDeleted)
                    }
                    guard room.room.status != before else { continue }
                    room.updatedAt = time
                    try storage.saveRoom(room)
                    try self.publish(
                        .roomStatusChanged(status: room.room.status.description),
                        room: room.id,
                        at: time,
                        in: storage
                    )
                }
                guard let last = page.last, page.count == 500 else { break }
                cursor = last.id
            }
        }
        feedSignal.signal()
    }

    // MARK: Policy (R01-R05)

    /// Replaces our tenant's policy. Rooms whose member loses the link, or leaves its allowed list, become
    /// read-only, their history kept and their inbound messages kept and flagged; they come back when the link
    /// is enabled again (R05).
    /// - Parameter policy: The new policy; its tenant must be ours.
    /// - Throws: ``ExternalTalkError/Code/invalidArgument`` for another tenant's policy.
    public func updatePolicy(_ policy: TenantPolicy) async throws {
        try await prepare()
        guard policy.tenant == tenant else {
            throw ExternalTalkError(.invalidArgument, "the policy is for \(policy.tenant), not \(tenant)")
        }
        let time = now()
        try await storage.write { storage in
            try storage.saveTenantPolicy(policy)
            var cursor: TalkRoomID?
            while true {
                let page = try storage.rooms(after: cursor, limit: 500)
                for var room in page {
                    guard let member = room.member ?? nil else { continue }
                    let link = policy.link(for: room.room.peer.kind)
                    let before = room.room.status
                    Self.set(.linkDisabled, !link.isEnabled, on: &room.room)
                    Self.set(.memberNotAllowed, link.isEnabled && !link.permits(member), on: &room.room)
                    guard room.room.status != before else { continue }
                    room.updatedAt = time
                    try storage.saveRoom(room)
                    try self.publish(
                        .roomStatusChanged(status: room.room.status.description),
                        room: room.id,
                        at: time,
                        in: storage
                    )
                }
                guard let last = page.last, page.count == 500 else { break }
                cursor = last.id
            }
        }
        feedSignal.signal()
    }

    private static func set(_ restriction: RoomRestriction, _ inForce: Bool, on room: inout Room) {
        let present = room.status.restrictions.contains(restriction)
        if inForce, !present { _ = try? room.restrict(restriction) }
        if !inForce, present { _ = try? room.lift(restriction) }
    }

    // MARK: Organizations and customers (R26-R28)

    /// The tenant's customers visible to a set of organizations; admins see all, including customers with no
    /// owning organization (R28).
    /// - Parameters:
    ///   - organizations: The viewer's organizations.
    ///   - isAdmin: Whether the viewer is an admin.
    /// - Returns: The customers.
    /// - Throws: A storage error.
    public func customers(visibleTo organizations: Set<OrganizationID>, isAdmin: Bool) async throws -> [Customer] {
        try await prepare()
        let tenant = self.tenant
        return try await storage.read {
            try $0.customerDirectory(of: tenant)?.customers(visibleTo: organizations, isAdmin: isAdmin) ?? []
        }
    }

    /// Moves a customer to another owning organization. Company-wide channels keep the link; a per-organization
    /// channel needs the customer to befriend the new organization's account (R26).
    /// - Parameters:
    ///   - customer: The customer.
    ///   - organization: The new owner; `nil` for none (admins only see them, R28).
    /// - Returns: Which links were kept and which need a new follow.
    /// - Throws: ``ExternalTalkError/Code/customer``.
    @discardableResult
    public func moveCustomer(_ customer: CustomerID, to organization: OrganizationID?) async throws -> MoveOutcome {
        try await changeDirectory { directory, _ in try directory.move(customer, to: organization) }
    }

    /// Merges two customer records by hand, as after switching to a channel of another provider (R27); never done
    /// automatically.
    /// - Parameters:
    ///   - source: The record merged away.
    ///   - target: The record kept.
    ///   - member: Who merges.
    /// - Returns: The merge record.
    /// - Throws: ``ExternalTalkError/Code/customer``.
    @discardableResult
    public func mergeCustomers(
        _ source: CustomerID,
        into target: CustomerID,
        by member: MemberID
    ) async throws
        -> MergeRecord
    {
        try await changeDirectory { directory, time in try directory.merge(source, into: target, by: member, at: time) }
    }

    /// Sets the organization new friends of company-wide channels are assigned to (R28).
    /// - Parameter organization: The organization, or `nil` for none.
    /// - Throws: A storage error.
    public func setDefaultOrganization(_ organization: OrganizationID?) async throws {
        try await changeDirectory { directory, _ in directory.defaultOrganization = organization }
    }

    private func changeDirectory<Result: Sendable>(
        _ change: @Sendable @escaping (inout CustomerDirectory, Timestamp) throws -> Result
    ) async throws -> Result {
        try await prepare()
        let time = now()
        let tenant = self.tenant
        return try await storage.write { storage in
            guard var directory = try storage.customerDirectory(of: tenant) else {
                throw ExternalTalkError(.notFound, "the tenant has no customer directory")
            }
            let result: Result
            do {
                result = try change(&directory, time)
            } catch let error as CustomerError {
                throw ExternalTalkError(.customer, error.message, underlying: error)
            }
            try storage.saveCustomerDirectory(directory, of: tenant)
            return result
        }
    }

    // MARK: Tickets (R29)

    /// Opens a ticket for every chat that has waited for our answer longer than its channel's delay (R29).
    /// - Returns: The tickets opened.
    @discardableResult
    func openDueTickets() async throws -> [TicketID] {
        let delays = channels.values.compactMap { channel in
            channel.configuration.unansweredDelay.map { (channel.id, $0) }
        }
        guard let shortest = delays.map(\.1).min() else { return [] }
        let delayByChannel = Dictionary(delays, uniquingKeysWith: { first, _ in first })
        let time = now()
        let opened = try await storage.write { storage -> [TicketID] in
            var opened: [TicketID] = []
            for room in try storage.roomsAwaitingAnswer(
                since: time.advanced(by: .milliseconds(-shortest.milliseconds)),
                limit: 500
            ) {
                guard let channel = room.channel, let delay = delayByChannel[channel],
                    let since = room.awaitingAnswerSince, since.advanced(by: delay) <= time
                else { continue }
                let ticket = Ticket(
                    id: TicketID("ticket:\(room.id.rawValue):\(since.millisecondsSinceEpoch)"),
                    room: room.id,
                    channel: channel,
                    waitingSince: since,
                    openedAt: time
                )
                guard try storage.insertTicket(ticket) else { continue }
                try self.publish(.ticketOpened(ticket.id), room: room.id, at: time, in: storage)
                opened.append(ticket.id)
            }
            return opened
        }
        if !opened.isEmpty { feedSignal.signal() }
        return opened
    }

    /// Tickets in ID order.
    /// - Parameters:
    ///   - cursor: Only tickets after this one.
    ///   - limit: The most to return.
    /// - Returns: The tickets.
    /// - Throws: A storage error.
    public func tickets(after cursor: TicketID? = nil, limit: Int = 100) async throws -> [Ticket] {
        try await storage.read { try $0.tickets(after: cursor, limit: limit) }
    }

    // MARK: Links (R06, R31)

    /// The friend-add link of a channel, which opens the account's page in LINE (R06, R31). Render it as a QR
    /// code with the `TalkQRCode` module.
    /// - Parameter channel: The channel.
    /// - Returns: `https://line.me/R/ti/p/%40…` with the account's basic ID.
    /// - Throws: ``ExternalTalkError/Code/unknownChannel``.
    public func friendAddLink(channel: LineChannelID) throws -> String {
        guard let configured = channels[channel] else {
            throw ExternalTalkError(.unknownChannel, "no channel \(channel)")
        }
        var basicID = configured.configuration.channel.basicID.rawValue
        if basicID.hasPrefix("@") { basicID.removeFirst() }
        return "https://line.me/R/ti/p/%40\(basicID)"
    }
}

extension ExternalTalkService {
    /// A member's invite link, which a user of another tenant opens to add the member (R08, R31). Render it as a QR
    /// code with the `TalkQRCode` module.
    /// - Parameter member: Our member.
    /// - Returns: The configured base URL followed by the member's ID.
    /// - Throws: ``ExternalTalkError/Code/invalidArgument`` when no base URL is configured or the member is not ours.
    public func inviteLink(for member: MemberID) throws -> String {
        guard let base = configuration.memberInviteBaseURL else {
            throw ExternalTalkError(.invalidArgument, "no memberInviteBaseURL is configured")
        }
        guard member.tenant == tenant else {
            throw ExternalTalkError(.invalidArgument, "\(member) is not a member of \(tenant)")
        }
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        // Member IDs are `local@domain`; the `@` is escaped so the link survives every QR reader and chat client.
        let escaped = member.rawValue.split(separator: "@", omittingEmptySubsequences: false).joined(separator: "%40")
        return "\(trimmed)/\(escaped)"
    }
}
