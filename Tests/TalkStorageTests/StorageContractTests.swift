import Synchronization
import TalkModel
import TalkStorage
import TalkStorageConformance
import Testing

/// The storage contract of TalkStorageConformance, run against InMemoryStorage one check at a time, and the
/// runner itself: it names the checks a broken store fails, and sets up and tears down a store per check.
@Suite("Storage contract")
struct StorageContractTests {
    static let inMemory = StorageConformance { InMemoryStorage() }

    @Test(arguments: StorageConformanceCheck.all.map(\.name))
    func inMemoryStorage(_ check: String) async throws {
        try await Self.inMemory.run(check)
    }

    @Test func checkNamesAreUniqueAndEveryGroupHasChecks() {
        let names = StorageConformanceCheck.all.map(\.name)
        #expect(Set(names).count == names.count)
        let groups = [
            StorageConformanceCheck.transactions, StorageConformanceCheck.ledger, StorageConformanceCheck.rooms,
            StorageConformanceCheck.messages, StorageConformanceCheck.outbox, StorageConformanceCheck.feed,
            StorageConformanceCheck.quota, StorageConformanceCheck.tickets, StorageConformanceCheck.aggregates,
            StorageConformanceCheck.limits,
        ]
        #expect(groups.allSatisfy { !$0.isEmpty })
        #expect(groups.map(\.count).reduce(0, +) == names.count)
        #expect(names.filter { $0.hasPrefix("W3 ") }.count >= 4)
        #expect(names.filter { $0.hasPrefix("R29 ") }.count >= 4)
    }

    @Test func theOneCallRunnerReportsEveryCheckPassing() async {
        let report = await StorageConformance.run { InMemoryStorage() }
        #expect(report.conforms, "\(report)")
        #expect(report.passed == StorageConformanceCheck.all.map(\.name))
        #expect("\(report)".hasPrefix("\(report.passed.count) checks: \(report.passed.count) passed, 0 failed"))
    }

    @Test(arguments: [
        (
            Defect.ledgerAnswersTrueForDuplicates,
            [
                "transactions: rollback: a throwing body leaves nothing behind and its error is rethrown unchanged",
                "W3 ledger: an event is recorded once",
                "W3 ledger: concurrent duplicates are recorded once",
                "W3 ledger: the key is the source and the event ID together",
            ]
        ),
        (Defect.negativeLimitsClampedToZero, ["limits: a negative limit is an invalid argument"]),
        (Defect.markAsReadTokenDropped, ["messages: every field and state round-trips"]),
        (
            Defect.feedCountsFromZero,
            [
                "transactions: write commits the body's writes and returns its value",
                "transactions: rollback: a throwing body leaves nothing behind and its error is rethrown unchanged",
                "transactions: a body reads its own writes",
                "feed: sequences start at 1 and grow by one",
                "feed: concurrent appends get gap-free unique sequences",
            ]
        ),
    ])
    func aStoreThatBreaksTheContractFailsTheChecksNamingIt(_ defect: Defect, _ failing: [String]) async {
        let report = await StorageConformance.run { FaultyStorage(defect) }
        #expect(report.failures.map(\.check) == failing, "\(report)")
        #expect(report.failures.allSatisfy { $0.code == .expectationFailed }, "\(report)")
        #expect(report.passed.count == StorageConformanceCheck.all.count - failing.count)
    }

    @Test func eachCheckGetsAFreshStoreAndItsTeardownEvenWhenItFails() async {
        // The stores stay referenced here, so that no two of them can share an address.
        let made = Mutex<[FaultyStorage]>([])
        let tornDown = Mutex<[ObjectIdentifier]>([])
        let report = await StorageConformance.run(
            checks: StorageConformanceCheck.ledger,
            {
                let storage = FaultyStorage(.ledgerAnswersTrueForDuplicates)
                made.withLock { $0.append(storage) }
                return storage
            },
            teardown: { storage in
                let faulty = try #require(storage as? FaultyStorage)
                tornDown.withLock { $0.append(ObjectIdentifier(faulty)) }
            }
        )
        let madeIDs = made.withLock { $0.map(ObjectIdentifier.init) }
        #expect(report.failures.count == StorageConformanceCheck.ledger.count)
        #expect(madeIDs.count == StorageConformanceCheck.ledger.count)
        #expect(Set(madeIDs).count == madeIDs.count)
        #expect(tornDown.withLock { $0 } == madeIDs)
    }

    @Test func setUpTearDownAndUnknownNamesFailWithTheirCodes() async throws {
        struct Unavailable: Error {}
        let name = try #require(StorageConformanceCheck.feed.first?.name)

        let noStore = StorageConformance { throw Unavailable() }
        let setUp = await #expect(throws: StorageConformanceFailure.self) { try await noStore.run(name) }
        #expect(setUp?.code == .setUpFailed)
        #expect(setUp?.check == name)
        #expect(setUp?.underlying is Unavailable)

        let stuck = StorageConformance({ InMemoryStorage() }, teardown: { _ in throw Unavailable() })
        let tearDown = await #expect(throws: StorageConformanceFailure.self) { try await stuck.run(name) }
        #expect(tearDown?.code == .tearDownFailed)

        let unknown = await #expect(throws: StorageConformanceFailure.self) {
            try await Self.inMemory.run("no such check")
        }
        #expect(unknown?.code == .unknownCheck)
        #expect(unknown?.check == "no such check")
    }

    @Test func aFailureNamesTheCheckTheExpectationAndTheLine() async throws {
        let checks = StorageConformanceCheck.limits.filter { $0.name.contains("negative") }
        let report = await StorageConformance.run(checks: checks) { FaultyStorage(.negativeLimitsClampedToZero) }
        let failure = try #require(report.failures.first)
        let text = "\(failure)"
        #expect(text.hasPrefix("limits: a negative limit is an invalid argument: expectationFailed: expected "))
        #expect(text.contains("throws TalkStorageError.invalidArgument"))
        #expect(failure.line != nil)
    }
}

/// One way a store can break the contract.
enum Defect: Sendable, CustomTestStringConvertible {
    /// The ledger records keys but answers `true` every time, as a store that reads after writing would.
    case ledgerAnswersTrueForDuplicates
    /// Negative limits give empty lists instead of an error.
    case negativeLimitsClampedToZero
    /// A message's mark-as-read token is not stored.
    case markAsReadTokenDropped
    /// Feed sequences are reported from 0, as a store counting rows before the insert would.
    case feedCountsFromZero

    var testDescription: String { "\(self)" }
}

/// InMemoryStorage behind a transaction wrapper that has one defect.
final class FaultyStorage: TalkStorage {
    let base = InMemoryStorage()
    let defect: Defect

    init(_ defect: Defect) { self.defect = defect }

    func write<Result: Sendable>(_ body: @Sendable (any TalkStorageWriter) throws -> Result) async throws -> Result {
        let defect = self.defect
        return try await base.write { try body(FaultyTransaction(reader: $0, writer: $0, defect: defect)) }
    }

    func read<Result: Sendable>(_ body: @Sendable (any TalkStorageReader) throws -> Result) async throws -> Result {
        let defect = self.defect
        return try await base.read { try body(FaultyTransaction(reader: $0, writer: nil, defect: defect)) }
    }
}

/// Forwards every call to the real transaction, except where the defect changes it. A read transaction has no
/// writer; its writes throw.
struct FaultyTransaction: TalkStorageWriter {
    let reader: any TalkStorageReader
    let writer: (any TalkStorageWriter)?
    let defect: Defect

    private func w(_ operation: String) throws -> any TalkStorageWriter {
        guard let writer else { throw TalkStorageError(.unavailable, operation: "\(operation) in a read") }
        return writer
    }

    private func limit(_ limit: Int) -> Int { defect == .negativeLimitsClampedToZero ? max(limit, 0) : limit }

    func room(_ id: TalkRoomID) throws -> StoredRoom? { try reader.room(id) }
    func rooms(after cursor: TalkRoomID?, limit: Int) throws -> [StoredRoom] {
        try reader.rooms(after: cursor, limit: self.limit(limit))
    }
    func roomsAwaitingAnswer(since cutoff: Timestamp, limit: Int) throws -> [StoredRoom] {
        try reader.roomsAwaitingAnswer(since: cutoff, limit: self.limit(limit))
    }
    func message(_ id: TalkMessageID) throws -> StoredMessage? { try reader.message(id) }
    func messages(in scope: MessageScope, after sequence: Int64, limit: Int) throws -> [StoredMessage] {
        try reader.messages(in: scope, after: sequence, limit: self.limit(limit))
    }
    func containsLedgerEntry(_ key: LedgerKey) throws -> Bool { try reader.containsLedgerEntry(key) }
    func outboxEntry(_ id: OutboxEntryID) throws -> OutboxEntry? { try reader.outboxEntry(id) }
    func dueOutboxEntries(at time: Timestamp, limit: Int) throws -> [OutboxEntry] {
        try reader.dueOutboxEntries(at: time, limit: self.limit(limit))
    }
    func outboxEntries(in state: OutboxEntry.State, after cursor: OutboxEntryID?, limit: Int) throws -> [OutboxEntry] {
        try reader.outboxEntries(in: state, after: cursor, limit: self.limit(limit))
    }
    func feedEntries(after sequence: Int64, limit: Int) throws -> [FeedEntry] {
        try reader.feedEntries(after: sequence, limit: self.limit(limit))
    }
    func lastFeedSequence() throws -> Int64 { try reader.lastFeedSequence() }
    func quotaUsage(channel: LineChannelID, month: CalendarMonth) throws -> Int {
        try reader.quotaUsage(channel: channel, month: month)
    }
    func ticket(_ id: TicketID) throws -> Ticket? { try reader.ticket(id) }
    func openTicket(room: TalkRoomID) throws -> Ticket? { try reader.openTicket(room: room) }
    func tickets(after cursor: TicketID?, limit: Int) throws -> [Ticket] {
        try reader.tickets(after: cursor, limit: self.limit(limit))
    }
    func tenantPolicy(_ tenant: TenantDomain) throws -> TenantPolicy? { try reader.tenantPolicy(tenant) }
    func addressBook(of member: MemberID) throws -> AddressBook? { try reader.addressBook(of: member) }
    func addressBookOwners(after cursor: MemberID?, limit: Int) throws -> [MemberID] {
        try reader.addressBookOwners(after: cursor, limit: self.limit(limit))
    }
    func customerDirectory(of tenant: TenantDomain) throws -> CustomerDirectory? {
        try reader.customerDirectory(of: tenant)
    }
    func chatModeSettings(channel: LineChannelID) throws -> ChatModeSettings? {
        try reader.chatModeSettings(channel: channel)
    }

    func insertLedgerEntry(_ key: LedgerKey, at time: Timestamp) throws -> Bool {
        let inserted = try w("insert ledger entry").insertLedgerEntry(key, at: time)
        return defect == .ledgerAnswersTrueForDuplicates ? true : inserted
    }
    func saveRoom(_ room: StoredRoom) throws { try w("save room").saveRoom(room) }
    func insertMessage(_ message: StoredMessage) throws -> StoredMessage? {
        var message = message
        if defect == .markAsReadTokenDropped { message.markAsReadToken = nil }
        return try w("insert message").insertMessage(message)
    }
    func updateMessage(_ message: StoredMessage) throws {
        var message = message
        if defect == .markAsReadTokenDropped { message.markAsReadToken = nil }
        try w("update message").updateMessage(message)
    }
    func markMessagesRead(
        room: TalkRoomID,
        direction: MessageDirection,
        through sequence: Int64,
        at time: Timestamp
    ) throws -> Int {
        try w("mark messages read").markMessagesRead(room: room, direction: direction, through: sequence, at: time)
    }
    func insertOutboxEntry(_ entry: OutboxEntry) throws { try w("insert outbox entry").insertOutboxEntry(entry) }
    func updateOutboxEntry(_ entry: OutboxEntry) throws { try w("update outbox entry").updateOutboxEntry(entry) }
    func appendFeedEntry(_ entry: NewFeedEntry) throws -> Int64 {
        let sequence = try w("append feed entry").appendFeedEntry(entry)
        return defect == .feedCountsFromZero ? sequence - 1 : sequence
    }
    func addQuotaUsage(_ count: Int, channel: LineChannelID, month: CalendarMonth) throws -> Int {
        try w("add quota usage").addQuotaUsage(count, channel: channel, month: month)
    }
    func insertTicket(_ ticket: Ticket) throws -> Bool { try w("insert ticket").insertTicket(ticket) }
    func updateTicket(_ ticket: Ticket) throws { try w("update ticket").updateTicket(ticket) }
    func saveTenantPolicy(_ policy: TenantPolicy) throws { try w("save tenant policy").saveTenantPolicy(policy) }
    func saveAddressBook(_ book: AddressBook, of member: MemberID) throws {
        try w("save address book").saveAddressBook(book, of: member)
    }
    func saveCustomerDirectory(_ directory: CustomerDirectory, of tenant: TenantDomain) throws {
        try w("save customer directory").saveCustomerDirectory(directory, of: tenant)
    }
    func saveChatModeSettings(_ settings: ChatModeSettings, channel: LineChannelID) throws {
        try w("save chat-mode settings").saveChatModeSettings(settings, channel: channel)
    }
}
