import TalkModel
import Testing

@Suite struct CustomerDirectoryTests {
    let sales: OrganizationID
    let support: OrganizationID
    let admin: MemberID
    let companyChannel: OfficialAccountChannel
    let salesChannel: OfficialAccountChannel
    let supportChannel: OfficialAccountChannel
    let otherProviderChannel: OfficialAccountChannel
    let userID: LineUserID
    var clock = ManualClock(at: Fixtures.start)

    init() throws {
        sales = try OrganizationID("sales")
        support = try OrganizationID("support")
        admin = try Fixtures.alice()
        userID = try LineUserID("U" + Fixtures.userHex)
        let provider = try Fixtures.provider("1650000001")
        companyChannel = OfficialAccountChannel(
            id: try LineChannelID("2000000001"),
            provider: provider,
            basicID: try LineBasicID("@company"),
            displayName: "Example",
            scope: .companyWide
        )
        salesChannel = OfficialAccountChannel(
            id: try LineChannelID("2000000002"),
            provider: provider,
            basicID: try LineBasicID("@sales"),
            displayName: "Example Sales",
            scope: .organization(sales),
            operators: [try Fixtures.bob()]
        )
        supportChannel = OfficialAccountChannel(
            id: try LineChannelID("2000000003"),
            provider: provider,
            basicID: try LineBasicID("@support"),
            displayName: "Example Support",
            scope: .organization(support),
            operators: [try Fixtures.alice()]
        )
        otherProviderChannel = OfficialAccountChannel(
            id: try LineChannelID("3000000001"),
            provider: try Fixtures.provider("1650000002"),
            basicID: try LineBasicID("@newbrand"),
            displayName: "Example New Brand",
            scope: .companyWide
        )
    }

    func directory(defaultOrganization: OrganizationID? = nil) throws -> CustomerDirectory {
        var directory = CustomerDirectory(defaultOrganization: defaultOrganization)
        for channel in [companyChannel, salesChannel, supportChannel, otherProviderChannel] {
            try directory.addChannel(channel)
        }
        return directory
    }

    @Test func r25_severalChannelsCoexistEachWithItsOrganizationAndOperators() throws {
        var directory = try directory()
        #expect(directory.channels.count == 4)
        #expect(
            directory.channels(serving: sales).map(\.id) == [
                companyChannel.id, salesChannel.id, otherProviderChannel.id,
            ]
        )
        #expect(directory.channels[salesChannel.id]?.operators == [try Fixtures.bob()])
        let error = #expect(throws: CustomerError.self) { try directory.addChannel(salesChannel) }
        #expect(error?.code == .alreadyExists)
    }

    @Test func r28_newFriendsGoToTheDefaultOrganization() throws {
        var directory = try directory(defaultOrganization: support)
        let outcome = try directory.recordFollow(
            of: userID,
            on: companyChannel.id,
            newID: CustomerID(rawValue: "c1"),
            displayName: "Taro",
            at: clock.now()
        )
        #expect(outcome.isNew)
        #expect(outcome.customer.owningOrganization == support)
        #expect(outcome.notify == .organization(support))
        #expect(directory.customers(visibleTo: [support], isAdmin: false).map(\.id) == [CustomerID(rawValue: "c1")])
        #expect(directory.customers(visibleTo: [sales], isAdmin: false).isEmpty)
    }

    @Test func r28_withoutDefaultOrganizationOnlyAdminsSeeTheCustomer() throws {
        var directory = try directory()
        let outcome = try directory.recordFollow(
            of: userID,
            on: companyChannel.id,
            newID: CustomerID(rawValue: "c1"),
            displayName: "Taro",
            at: clock.now()
        )
        #expect(outcome.notify == .adminsOnly)
        #expect(directory.customers(visibleTo: [sales, support], isAdmin: false).isEmpty)
        #expect(directory.customers(visibleTo: [], isAdmin: true).count == 1)
    }

    @Test func r26_companyWideLinkSurvivesAMovePerOrganizationNeedsAFollow() throws {
        var directory = try directory()
        let id = CustomerID(rawValue: "c1")
        try directory.recordFollow(of: userID, on: salesChannel.id, newID: id, displayName: "Taro", at: clock.now())
        #expect(directory[id]?.owningOrganization == sales)
        let repeated = try directory.recordFollow(
            of: userID,
            on: companyChannel.id,
            newID: CustomerID(rawValue: "unused"),
            displayName: "Taro",
            at: clock.now()
        )
        #expect(!repeated.isNew)
        let outcome = try directory.move(id, to: support)
        #expect(directory[id]?.owningOrganization == support)
        #expect(outcome.keptLinks == [companyChannel.id])
        #expect(outcome.needsFollow == [supportChannel.id])
        try directory.recordFollow(
            of: userID,
            on: supportChannel.id,
            newID: CustomerID(rawValue: "unused"),
            displayName: "Taro",
            at: clock.now()
        )
        #expect(try directory.move(id, to: support).needsFollow.isEmpty)
    }

    @Test func r27_anotherProvidersChannelSeesANewIdentityAndNeverMergesByItself() throws {
        var directory = try directory()
        try directory.recordFollow(
            of: userID,
            on: companyChannel.id,
            newID: CustomerID(rawValue: "old"),
            displayName: "Taro",
            at: clock.now()
        )
        // The same user ID string arrives on another provider's channel: a different identity.
        let outcome = try directory.recordFollow(
            of: userID,
            on: otherProviderChannel.id,
            newID: CustomerID(rawValue: "new"),
            displayName: "Taro",
            at: clock.now()
        )
        #expect(outcome.isNew)
        #expect(directory.customers(visibleTo: [], isAdmin: true).count == 2)
        let error = #expect(throws: CustomerError.self) {
            try directory.identity(reaching: CustomerID(rawValue: "old"), via: otherProviderChannel.id)
        }
        #expect(error?.code == .providerMismatch)
        #expect(
            try directory.identity(reaching: CustomerID(rawValue: "old"), via: companyChannel.id)
                == companyChannel.user(userID)
        )
    }

    @Test mutating func r27_manualMergeIsRecordedAndReversible() throws {
        var directory = try directory()
        let old = CustomerID(rawValue: "old")
        let new = CustomerID(rawValue: "new")
        try directory.recordFollow(of: userID, on: companyChannel.id, newID: old, displayName: "Taro", at: clock.now())
        try directory.recordFollow(
            of: userID,
            on: otherProviderChannel.id,
            newID: new,
            displayName: "Taro Y.",
            at: clock.now()
        )
        let before = directory
        let sourceBefore = try #require(directory[new])
        clock.advance(by: .hours(1))
        let record = try directory.merge(new, into: old, by: admin, at: clock.now())
        #expect(record.mergedBy == admin)
        #expect(record.mergedAt == clock.now())
        #expect(directory.merges == [record])
        #expect(directory[new] == nil)
        #expect(directory[old]?.identities == [companyChannel.user(userID), otherProviderChannel.user(userID)])
        #expect(
            try directory.identity(reaching: old, via: otherProviderChannel.id) == otherProviderChannel.user(userID)
        )
        #expect(directory[old]?.displayName == "Taro")

        clock.advance(by: .hours(1))
        let restored = try directory.undoMerge(record.id, by: admin, at: clock.now())
        #expect(restored == sourceBefore)
        #expect(directory[old] == before[old])
        #expect(directory[new] == before[new])
        #expect(directory.merges.first?.undone?.by == admin)
        #expect(directory.merges.first?.undone?.at == clock.now())
        #expect(
            (#expect(throws: CustomerError.self) { try directory.undoMerge(record.id, by: admin, at: clock.now()) })?
                .code == .mergeNotReversible
        )
        #expect(
            (#expect(throws: CustomerError.self) { try directory.merge(old, into: old, by: admin, at: clock.now()) })?
                .code == .invalidMerge
        )
    }

    @Test func r27_undoingAMergeIsRefusedWhileALaterMergeDependsOnIt() throws {
        var directory = try directory()
        let (a, b, c) = (CustomerID(rawValue: "a"), CustomerID(rawValue: "b"), CustomerID(rawValue: "c"))
        try directory.recordFollow(of: userID, on: companyChannel.id, newID: a, displayName: "A", at: clock.now())
        try directory.recordFollow(of: userID, on: otherProviderChannel.id, newID: b, displayName: "B", at: clock.now())
        try directory.recordFollow(
            of: try LineUserID("U" + String(repeating: "0", count: 32)),
            on: companyChannel.id,
            newID: c,
            displayName: "C",
            at: clock.now()
        )
        let first = try directory.merge(b, into: a, by: admin, at: clock.now())
        let second = try directory.merge(a, into: c, by: admin, at: clock.now())
        #expect(
            (#expect(throws: CustomerError.self) { try directory.undoMerge(first.id, by: admin, at: clock.now()) })?
                .code == .mergeNotReversible
        )
        try directory.undoMerge(second.id, by: admin, at: clock.now())
        try directory.undoMerge(first.id, by: admin, at: clock.now())
        #expect(directory.customers(visibleTo: [], isAdmin: true).map(\.id) == [a, b, c])
    }

    @Test func r30_disabledChannelReceivesNothingDeletedChannelIsFinal() throws {
        var directory = try directory()
        let id = CustomerID(rawValue: "c1")
        try directory.recordFollow(of: userID, on: companyChannel.id, newID: id, displayName: "Taro", at: clock.now())
        try directory.setStatus(.disabled, of: companyChannel.id)
        #expect(
            (#expect(throws: CustomerError.self) { try directory.identity(reaching: id, via: companyChannel.id) })?.code
                == .channelUnavailable
        )
        #expect(directory[id] != nil)
        try directory.setStatus(.enabled, of: companyChannel.id)
        #expect(try directory.identity(reaching: id, via: companyChannel.id) == companyChannel.user(userID))
        try directory.setStatus(.deleted, of: companyChannel.id)
        #expect(
            (#expect(throws: CustomerError.self) { try directory.setStatus(.enabled, of: companyChannel.id) })?.code
                == .channelUnavailable
        )
        #expect(directory[id] != nil)
    }

    @Test func unfollowEndsTheFriendship() throws {
        var directory = try directory()
        let id = CustomerID(rawValue: "c1")
        try directory.recordFollow(of: userID, on: companyChannel.id, newID: id, displayName: "Taro", at: clock.now())
        try directory.recordUnfollow(of: userID, on: companyChannel.id)
        #expect(
            (#expect(throws: CustomerError.self) { try directory.identity(reaching: id, via: companyChannel.id) })?.code
                == .notLinked
        )
    }
}
