import TalkModel
import Testing

@Suite struct AddressBookTests {
    let alice: MemberID
    let bob: MemberID
    let carol: MemberID
    let lineUser: LineUser
    var clock = ManualClock(at: Fixtures.start)

    init() throws {
        alice = try Fixtures.alice()
        bob = try Fixtures.bob()
        carol = try Fixtures.carol()
        lineUser = try Fixtures.lineUser()
    }

    func book() throws -> AddressBook {
        var book = AddressBook()
        try book.register(.lineUser(lineUser), by: alice, at: clock.now(), synced: SyncedProfile(nickname: "Taro"))
        try book.register(
            .workspaceUser(carol),
            by: bob,
            at: clock.now(),
            synced: SyncedProfile(nickname: "Carol", companyName: "Partner Inc.")
        )
        return book
    }

    @Test func r10_externalUsersGroupIsVisibleOnlyToMembersAllowedForThatLink() throws {
        let book = try book()
        var policy = try Fixtures.enabledPolicy(Fixtures.ourTenant, allowing: [alice])
        policy.workspaceLink.allowedMembers = .only([alice, bob])
        #expect(
            book.externalUsers(visibleTo: alice, policy: policy).map(\.party) == [
                .workspaceUser(carol), .lineUser(lineUser),
            ]
        )
        #expect(book.externalUsers(visibleTo: bob, policy: policy).map(\.party) == [.workspaceUser(carol)])
        let dave = try Fixtures.member("dave@example.co.jp")
        #expect(book.externalUsers(visibleTo: dave, policy: policy).isEmpty)
        // A disabled link keeps its contacts visible to allowed members: history stays readable (R05).
        policy.lineLink.isEnabled = false
        #expect(book.externalUsers(visibleTo: alice, policy: policy).count == 2)
    }

    @Test func r10_eachEntryKnowsItsKind() throws {
        let book = try book()
        #expect(book[.lineUser(lineUser)]?.kind == .lineUser)
        #expect(book[.workspaceUser(carol)]?.kind == .workspaceUser)
    }

    @Test func r20_contactsAreFiledUnderCustomersAndPartners() throws {
        let book = try book()
        #expect(book.contacts.count == 2)
        #expect(book.contacts.allSatisfy { $0.folder == .customersAndPartners })
    }

    @Test func r21_syncedFieldsCannotBeEditedEditableFieldsCan() throws {
        var book = try book()
        let party = Party.workspaceUser(carol)
        for field in ContactField.allCases where field.isSynced {
            let error = #expect(throws: ContactError.self) { try book.set(field, to: "Changed", for: party) }
            #expect(error?.code == .fieldNotEditable)
        }
        #expect(book[party]?.value(of: .nickname) == "Carol")
        #expect(book[party]?.value(of: .companyName) == "Partner Inc.")
        for field in ContactField.allCases where !field.isSynced {
            try book.set(field, to: "  value of \(field) ", for: party)
            #expect(book[party]?.value(of: field) == "value of \(field)")
        }
        try book.set(.notes, to: "   ", for: party)
        #expect(book[party]?.value(of: .notes) == nil)
        try book.setGroups(["VIP"], for: party)
        #expect(book[party]?.editable.groups == ["VIP"])
        try book.applySync(SyncedProfile(nickname: "Carol S."), for: party)
        #expect(book[party]?.synced.nickname == "Carol S.")
    }

    @Test func r21_lineUserGetsALocalAliasOnlyOnceAFriend() throws {
        var book = AddressBook()
        let party = Party.lineUser(lineUser)
        try book.register(party, by: alice, at: clock.now(), synced: SyncedProfile(nickname: "Taro"), isFriend: false)
        let error = #expect(throws: ContactError.self) { try book.setAlias("Mr. Yamada", for: party) }
        #expect(error?.code == .aliasNeedsFriend)
        try book.setFriend(true, for: party)
        try book.setAlias("Mr. Yamada", for: party)
        #expect(book[party]?.displayName == "Mr. Yamada")
        try book.setFriend(false, for: party)
        #expect(book[party]?.alias == "Mr. Yamada")
        try book.setAlias(nil, for: party)
        #expect(book[party]?.displayName == "Taro")
    }

    @Test func r22_onlyTheRegisteringMemberMayDelete() throws {
        var book = try book()
        let error = #expect(throws: ContactError.self) {
            try book.delete(.lineUser(lineUser), by: bob, at: clock.now())
        }
        #expect(error?.code == .notRegisteredByYou)
        #expect(book.canTalk(with: .lineUser(lineUser)))
        try book.delete(.lineUser(lineUser), by: alice, at: clock.now())
        #expect(book[.lineUser(lineUser)] == nil)
    }

    @Test func r22_deletionStopsTalkAndHidesHistory() throws {
        var book = try book()
        let party = Party.workspaceUser(carol)
        #expect(book.canTalk(with: party))
        #expect(book.isHistoryVisible(for: party))
        try book.delete(party, by: bob, at: clock.now())
        #expect(!book.canTalk(with: party))
        #expect(!book.isHistoryVisible(for: party))
        #expect(book.search("Carol").isEmpty)
    }

    @Test mutating func r23_trashKeepsContactsThirtyDaysWithFullRestore() throws {
        var book = try book()
        let party = Party.workspaceUser(carol)
        try book.set(.phone, to: "+81-3-0000-0000", for: party)
        let original = try #require(book[party])
        let entry = try book.delete(party, by: bob, at: clock.now())
        #expect(entry.expiresAt == clock.now().advanced(by: .days(30)))
        clock.advance(by: .days(30))
        clock.advance(by: .milliseconds(-1))
        #expect(book.trash(at: clock.now()).map(\.contact.party) == [party])
        let restored = try book.restore(party, by: bob, at: clock.now())
        #expect(restored == original)
        #expect(book[party] == original)
        #expect(book.canTalk(with: party))
        #expect(book.isHistoryVisible(for: party))
    }

    @Test mutating func r23_afterThirtyDaysTheContactIsGoneForGood() throws {
        var book = try book()
        let party = Party.lineUser(lineUser)
        try book.delete(party, by: alice, at: clock.now())
        clock.advance(by: .days(30))
        #expect(book.trash(at: clock.now()).isEmpty)
        let error = #expect(throws: ContactError.self) { try book.restore(party, by: alice, at: clock.now()) }
        #expect(error?.code == .trashExpired)
        #expect(
            (#expect(throws: ContactError.self) { try book.restore(party, by: alice, at: clock.now()) })?.code
                == .notInTrash
        )
        #expect(!book.isHistoryVisible(for: party))
    }

    @Test mutating func r23_purgeExpiredRemovesOnlyExpiredEntries() throws {
        var book = try book()
        try book.delete(.lineUser(lineUser), by: alice, at: clock.now())
        clock.advance(by: .days(10))
        try book.delete(.workspaceUser(carol), by: bob, at: clock.now())
        clock.advance(by: .days(20))
        #expect(book.purgeExpired(at: clock.now()) == [.lineUser(lineUser)])
        #expect(book.trash(at: clock.now()).map(\.contact.party) == [.workspaceUser(carol)])
    }

    @Test func r23_purgeFromTheTrashIsImmediateAndFinal() throws {
        var book = try book()
        let party = Party.workspaceUser(carol)
        try book.delete(party, by: bob, at: clock.now())
        #expect((#expect(throws: ContactError.self) { try book.purge(party, by: alice) })?.code == .notRegisteredByYou)
        try book.purge(party, by: bob)
        #expect(book.trash(at: clock.now()).isEmpty)
        #expect(
            (#expect(throws: ContactError.self) { try book.restore(party, by: bob, at: clock.now()) })?.code
                == .notInTrash
        )
        #expect(!book.isHistoryVisible(for: party))
        // Registering the party again starts a new contact.
        try book.register(party, by: alice, at: clock.now())
        #expect(book[party]?.registeredBy == alice)
        #expect(book[party]?.synced.nickname == nil)
    }

    @Test func r23_aPartyInTheTrashIsRestoredNotRegisteredTwice() throws {
        var book = try book()
        try book.delete(.lineUser(lineUser), by: alice, at: clock.now())
        let error = #expect(throws: ContactError.self) {
            try book.register(.lineUser(lineUser), by: bob, at: clock.now())
        }
        #expect(error?.code == .alreadyExists)
    }

    @Test func r24_searchByDisplayNameAliasOrWholeID() throws {
        var book = try book()
        try book.setAlias("Yamada-san", for: .lineUser(lineUser))
        #expect(book.search("yamada").map(\.party) == [.lineUser(lineUser)])
        #expect(book.search("TARO").map(\.party) == [.lineUser(lineUser)])
        #expect(book.search("car").map(\.party) == [.workspaceUser(carol)])
        #expect(book.search("carol@partner.jp").map(\.party) == [.workspaceUser(carol)])
        #expect(book.search(" U\(Fixtures.userHex) ").map(\.party) == [.lineUser(lineUser)])
        #expect(book.search("U4af4").isEmpty)
        #expect(book.search("partner.jp").isEmpty)
        #expect(book.search("   ").isEmpty)
    }
}
