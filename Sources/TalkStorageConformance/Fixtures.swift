import TalkModel
import TalkStorage

/// Values the checks store: built with the model's own APIs, varied enough that a store that drops or mixes up a
/// field gives a different value back.
enum Fixtures {
    /// An instant some seconds after a fixed start in 2025.
    static func time(_ seconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: 1_750_000_000_000 + seconds * 1000)
    }

    static func channel(_ number: Int) throws -> LineChannelID {
        try LineChannelID("\(1_650_000_000 + number)")
    }

    static let provider = try! LineProviderID("1600000001")

    /// A provider-scoped LINE identity; the number picks the user ID's last hexadecimal digits.
    static func lineUser(_ number: Int, provider: LineProviderID = provider) throws -> LineUser {
        let hex = String(number, radix: 16)
        let id = "U" + String(repeating: "0", count: 32 - hex.count) + hex
        return LineUser(provider: provider, userID: try LineUserID(id))
    }

    static func member(_ text: String) throws -> MemberID { try MemberID(text) }

    /// A LINE friend's room, requested at `createdAt`.
    static func room(
        _ id: String,
        channel: LineChannelID? = nil,
        member: MemberID? = nil,
        user: Int = 1,
        at createdAt: Timestamp = time(0)
    ) throws -> StoredRoom {
        StoredRoom(
            id: TalkRoomID(id),
            channel: channel,
            member: member,
            room: .incomingRequest(from: .lineUser(try lineUser(user)), method: .lineFollow, at: createdAt),
            createdAt: createdAt
        )
    }

    /// A room whose peer has been waiting since an instant.
    static func waitingRoom(_ id: String, since: Timestamp?, user: Int = 1) throws -> StoredRoom {
        var room = try room(id, channel: try channel(1), user: user)
        room.awaitingAnswerSince = since
        return room
    }

    /// A text message; its text and content name its ID.
    static func message(
        _ id: String,
        room: String,
        channel: LineChannelID? = nil,
        direction: MessageDirection = .inbound,
        at sentAt: Timestamp = time(0)
    ) throws -> StoredMessage {
        let sender: Party =
            direction == .inbound ? .lineUser(try lineUser(1)) : .workspaceUser(try member("sato@example.co.jp"))
        return StoredMessage(
            id: TalkMessageID(id),
            room: TalkRoomID(room),
            channel: channel,
            direction: direction,
            sender: sender,
            sentAt: sentAt,
            contentType: "text",
            content: Array("{\"type\":\"text\",\"text\":\"\(id)\"}".utf8),
            text: "text of \(id)",
            state: direction == .inbound ? .delivered : .queued
        )
    }

    /// A pending outbox entry to a LINE user, for the message `message-of-<id>` unless told.
    static func outboxEntry(
        _ id: String,
        retryKey: String? = nil,
        message: String? = nil,
        room: String = "room-1",
        at createdAt: Timestamp = time(0)
    ) throws -> OutboxEntry {
        OutboxEntry(
            id: OutboxEntryID(id),
            message: TalkMessageID(message ?? "message-of-\(id)"),
            room: TalkRoomID(room),
            destination: .line(channel: try channel(1), user: try lineUser(1).userID),
            retryKey: retryKey ?? "retry-\(id)",
            createdAt: createdAt
        )
    }

    static func feedEntry(_ kind: String, room: String? = nil, at time: Timestamp = time(0)) -> NewFeedEntry {
        NewFeedEntry(
            kind: kind,
            room: room.map(TalkRoomID.init(_:)),
            recordedAt: time,
            payload: Array("{\"kind\":\"\(kind)\"}".utf8)
        )
    }

    static func ticket(_ id: String, room: String, at openedAt: Timestamp = time(100)) throws -> Ticket {
        Ticket(
            id: TicketID(id),
            room: TalkRoomID(room),
            channel: try channel(1),
            waitingSince: openedAt.advanced(by: .minutes(-30)),
            openedAt: openedAt
        )
    }

    // MARK: Parents

    // The protocol does not say whether a message needs its room, or an outbox entry its message; a SQL store may
    // well enforce both with foreign keys. The checks store parents first, as the engine does, so that they hold
    // such a store to the contract and nothing more.

    /// Saves a plain room under an ID unless one is stored.
    static func ensureRoom(_ id: TalkRoomID, in w: any TalkStorageWriter) throws {
        guard try w.room(id) == nil else { return }
        try w.saveRoom(try room(id.rawValue))
    }

    /// Saves the rooms of messages, then inserts the messages.
    /// - Returns: The stored messages, `nil` for duplicates.
    static func insert(_ messages: [StoredMessage], in w: any TalkStorageWriter) throws -> [StoredMessage?] {
        for id in Set(messages.map(\.room)) { try ensureRoom(id, in: w) }
        return try messages.map { try w.insertMessage($0) }
    }

    /// Stores an outbox entry's room and an outbound message under its message ID, unless stored.
    static func ensureParents(of entry: OutboxEntry, in w: any TalkStorageWriter) throws {
        try ensureRoom(entry.room, in: w)
        guard try w.message(entry.message) == nil else { return }
        _ = try w.insertMessage(
            try message(entry.message.rawValue, room: entry.room.rawValue, direction: .outbound, at: entry.createdAt)
        )
    }

    /// Stores an outbox entry's parents, then the entry.
    static func insert(_ entry: OutboxEntry, in w: any TalkStorageWriter) throws {
        try ensureParents(of: entry, in: w)
        try w.insertOutboxEntry(entry)
    }

    // MARK: Aggregates

    static let tenant = try! TenantDomain("example.co.jp")
    static let otherTenant = try! TenantDomain("partner.example.jp")

    /// A paid tenant's policy with every setting moved away from its default.
    static func policy(_ tenant: TenantDomain = tenant) throws -> TenantPolicy {
        var policy = TenantPolicy(tenant: tenant, plan: .paid)
        let sato = try MemberID("sato@\(tenant.rawValue)")
        let suzuki = try MemberID("suzuki@\(tenant.rawValue)")
        policy.lineLink = ExternalLink(isEnabled: true, allowedMembers: .only([sato, suzuki]))
        policy.workspaceLink = ExternalLink(isEnabled: false, allowedMembers: .everyone)
        policy.peerTenants = PeerTenantACL(
            allow: [try DomainPattern("*.example.jp"), try DomainPattern("partner?.co.jp")],
            deny: [try DomainPattern("bad.example.jp")]
        )
        policy.setPhoneDiscoverable(suzuki, consents: true)
        policy.allowsExternalFiles = false
        policy.allowsExternalUsersInGroupRooms = true
        return policy
    }

    /// An address book with contacts of both kinds, edited fields, an alias, groups, one contact in the trash
    /// and one purged.
    static func addressBook(owner: MemberID) throws -> AddressBook {
        var book = AddressBook()
        let aiko = Party.lineUser(try lineUser(0xA1C0))
        let kenji = Party.lineUser(try lineUser(0x4E27))
        let partner = Party.workspaceUser(try MemberID("tanaka@partner.example.jp"))
        let former = Party.workspaceUser(try MemberID("former@partner.example.jp"))
        try book.register(
            aiko,
            by: owner,
            at: time(10),
            synced: SyncedProfile(nickname: "あいこ 🌸", profilePhotoURL: "https://profile.example/aiko.jpg")
        )
        try book.register(kenji, by: owner, at: time(11), synced: SyncedProfile(nickname: "Kenji"), isFriend: false)
        try book.register(partner, by: owner, at: time(12), synced: SyncedProfile(companyName: "Partner K.K."))
        try book.register(former, by: owner, at: time(13))
        try book.set(.name, to: "Aiko Yamada", for: aiko)
        try book.set(.phone, to: "+81 90-0000-0000", for: aiko)
        try book.set(.notes, to: "prefers mornings\nline two", for: aiko)
        try book.setAlias("Aiko-san", for: aiko)
        try book.setGroups(["VIP", "Tokyo"], for: aiko)
        try book.set(.email, to: "tanaka@partner.example.jp", for: partner)
        try book.delete(kenji, by: owner, at: time(20))
        try book.delete(former, by: owner, at: time(21))
        try book.purge(former, by: owner)
        return book
    }

    /// A customer directory with two channels, followers, an undone merge and a merge that stands.
    static func customerDirectory() throws -> CustomerDirectory {
        let sales = try OrganizationID("sales")
        var directory = CustomerDirectory(defaultOrganization: try OrganizationID("support"))
        let otherProvider = try LineProviderID("1600000002")
        let companyWide = OfficialAccountChannel(
            id: try channel(1),
            provider: provider,
            basicID: try LineBasicID("@example"),
            displayName: "Example 公式",
            scope: .companyWide,
            operators: [try MemberID("sato@example.co.jp")]
        )
        let salesChannel = OfficialAccountChannel(
            id: try channel(2),
            provider: otherProvider,
            basicID: try LineBasicID("@example-sales"),
            displayName: "Example Sales",
            scope: .organization(sales)
        )
        try directory.addChannel(companyWide)
        try directory.addChannel(salesChannel)
        let first = try lineUser(1)
        let second = try lineUser(2)
        let third = try lineUser(3, provider: otherProvider)
        try directory.recordFollow(
            of: first.userID,
            on: companyWide.id,
            newID: CustomerID(rawValue: "c-1"),
            displayName: "Aiko",
            at: time(30)
        )
        try directory.recordFollow(
            of: second.userID,
            on: companyWide.id,
            newID: CustomerID(rawValue: "c-2"),
            displayName: "Kenji",
            at: time(31)
        )
        try directory.recordFollow(
            of: third.userID,
            on: salesChannel.id,
            newID: CustomerID(rawValue: "c-3"),
            displayName: "Aiko (sales)",
            at: time(32)
        )
        let admin = try MemberID("admin@example.co.jp")
        let undone = try directory.merge(
            CustomerID(rawValue: "c-2"),
            into: CustomerID(rawValue: "c-1"),
            by: admin,
            at: time(40)
        )
        try directory.undoMerge(undone.id, by: admin, at: time(41))
        try directory.merge(CustomerID(rawValue: "c-3"), into: CustomerID(rawValue: "c-1"), by: admin, at: time(42))
        try directory.move(CustomerID(rawValue: "c-2"), to: sales)
        try directory.recordUnfollow(of: second.userID, on: companyWide.id)
        try directory.setStatus(.disabled, of: salesChannel.id)
        return directory
    }

    /// Chat-mode settings with a weekly schedule in Tokyo time.
    static func chatModeSettings() throws -> ChatModeSettings {
        let ranges = try Weekday.allCases.filter { $0 != .saturday && $0 != .sunday }.map { day in
            try ScheduleRange(weekday: day, from: (9, 0), to: (18, 0), mode: .manualChat)
        }
        let saturday = try ScheduleRange(weekday: .saturday, startMinute: 600, endMinute: 720, mode: .off)
        let schedule = try WeeklySchedule(zone: .asiaTokyo, ranges: ranges + [saturday], otherwise: .autoReply)
        return ChatModeSettings(isEnabled: true, schedule: schedule)
    }
}

/// What can be observed of chat-mode settings, which are not `Hashable` (a time zone holds an offset rule): the
/// switch, the schedule, the zone's name and offsets, and the mode at instants across a week.
struct ChatModeFingerprint: Hashable, Sendable, CustomStringConvertible {
    var isEnabled: Bool
    var zone: String?
    var offsets: [Int]
    var ranges: [ScheduleRange]?
    var otherwise: ChatMode?
    var modes: [ChatMode]
    var autoReply: String?

    init(_ settings: ChatModeSettings) {
        // Every 37 minutes for eight days: crosses each range's edges at a different minute of the hour.
        let instants = (0..<312).map { Fixtures.time(Int64($0) * 37 * 60) }
        self.isEnabled = settings.isEnabled
        self.zone = settings.schedule?.zone.identifier
        self.offsets = settings.schedule.map { schedule in instants.map { schedule.zone.secondsFromUTC(at: $0) } } ?? []
        self.ranges = settings.schedule?.ranges
        self.otherwise = settings.schedule?.otherwise
        self.modes = instants.map { settings.mode(at: $0) }
        self.autoReply = settings.autoReply
    }

    var description: String {
        "enabled \(isEnabled), zone \(zone ?? "none"), \(ranges?.count ?? 0) ranges, otherwise \(String(describing: otherwise))"
    }
}

/// An error only a check throws, to see a storage hand it back unchanged.
struct ProbeError: Error, Hashable, Sendable {
    let token: Int
}
