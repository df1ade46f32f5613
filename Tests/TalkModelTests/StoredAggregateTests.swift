import Foundation
import PropertyBased
import TalkModel
import Testing

/// The stored format of the address book and the customer directory: random histories round-trip, and stored states
/// that no history produces are refused (R10, R20-R23, R25-R28, R30).
@Suite struct StoredAggregateTests {
    // MARK: Address book

    static let parties: [Party] = {
        do {
            return [
                .lineUser(try Fixtures.lineUser()),
                .lineUser(try Fixtures.lineUser(provider: "1650000002")),
                .workspaceUser(try Fixtures.carol()),
                .workspaceUser(try Fixtures.member("dave@partner.jp")),
            ]
        } catch {
            preconditionFailure("fixture IDs are valid: \(error)")
        }
    }()

    static let members: [MemberID] = {
        do {
            return [try Fixtures.alice(), try Fixtures.bob()]
        } catch {
            preconditionFailure("fixture IDs are valid: \(error)")
        }
    }()

    static let bookOperationCount = 11 * 4 * 2

    /// What an operation returned, compared by value: descriptions of sets differ between equal values.
    enum Outcome: Hashable {
        case contact(Contact)
        case trashed(TrashedContact)
        case parties([Party])
        case follow(FollowOutcome)
        case move(MoveOutcome)
        case merge(MergeRecord)
        case customer(Customer)
        case done(String)
        case refused(String)
    }

    /// Applies one address-book operation chosen by a number; returns what it returned or the error code, and moves
    /// the time forward for the "wait" operation.
    static func applyBookOperation(_ code: Int, to book: inout AddressBook, time: inout Timestamp) -> Outcome {
        let party = parties[(code / 11) % 4]
        let member = members[(code / 44) % 2]
        do throws(ContactError) {
            switch code % 11 {
            case 0:
                return .contact(try book.register(party, by: member, at: time, synced: SyncedProfile(nickname: "N")))
            case 1: return .trashed(try book.delete(party, by: member, at: time))
            case 2: return .contact(try book.restore(party, by: member, at: time))
            case 3:
                try book.purge(party, by: member)
                return .done("purged")
            case 4: return .parties(book.purgeExpired(at: time))
            case 5:
                try book.setAlias(member == members[0] ? "Alias" : nil, for: party)
                return .done("alias")
            case 6:
                try book.setFriend(member == members[0], for: party)
                return .done("friend")
            case 7:
                try book.set(.phone, to: " 03-1234 ", for: party)
                return .done("phone")
            case 8:
                try book.setGroups(member == members[0] ? ["VIP", "Osaka"] : [], for: party)
                return .done("groups")
            case 9:
                try book.applySync(
                    SyncedProfile(nickname: "Synced", profilePhotoURL: "https://example.jp/p.png"),
                    for: party
                )
                return .done("synced")
            default:
                time = time.advanced(by: .days(11))
                return .done("waited")
            }
        } catch {
            return .refused("\(error.code)")
        }
    }

    @Test func r22_r23_aStoredAddressBookRestoresEqualAndBehavesTheSame() async {
        let operations = Gen.int(in: 0...(Self.bookOperationCount - 1)).array(of: 0...40)
        await propertyCheck(count: 200, input: operations, operations) { prefix, suffix in
            var book = AddressBook()
            var time = Fixtures.start
            for code in prefix { _ = Self.applyBookOperation(code, to: &book, time: &time) }
            let json = try StoredJSON.encode(book)
            var restored = try StoredJSON.decode(AddressBook.self, from: json)
            #expect(restored == book, "\(json)")
            #expect(try StoredJSON.encode(restored) == json, "encoding is stable")
            var restoredTime = time
            for code in suffix {
                let expected = Self.applyBookOperation(code, to: &book, time: &time)
                #expect(Self.applyBookOperation(code, to: &restored, time: &restoredTime) == expected)
                #expect(restored == book)
            }
            for party in Self.parties {
                #expect(restored.isHistoryVisible(for: party) == book.isHistoryVisible(for: party))
            }
            #expect(restored.trash(at: time) == book.trash(at: time))
        }
    }

    @Test func r21_contactsAreStoredWithBothProfiles() throws {
        var book = AddressBook()
        let carol = Party.workspaceUser(try Fixtures.carol())
        try book.register(carol, by: try Fixtures.bob(), at: Fixtures.start, synced: SyncedProfile(nickname: "Carol"))
        try book.set(.email, to: "carol@partner.jp", for: carol)
        try book.setGroups(["VIP", "Osaka"], for: carol)
        let contact = try #require(book[carol])
        #expect(
            try StoredJSON.encode(contact)
                == #"{"editable":{"email":"carol@partner.jp","groups":["Osaka","VIP"]},"isFriend":true,"#
                + #""party":{"member":"carol@partner.jp","type":"workspaceUser"},"#
                + #""registeredAt":1748822400000,"registeredBy":"bob@example.co.jp","synced":{"nickname":"Carol"}}"#
        )
        #expect(try StoredJSON.roundTrip(contact) == contact)
        let entry = try book.delete(carol, by: try Fixtures.bob(), at: Fixtures.start)
        #expect(try StoredJSON.roundTrip(entry) == entry)
        #expect(
            try StoredJSON.encode(book) == #"{"contacts":[],"purged":[],"trash":["# + (try StoredJSON.encode(entry))
                + "]}"
        )
    }

    /// A book with carol, registered by bob, in the trash; and carol's contact JSON.
    static func trashedCarol() throws -> (entry: String, contact: String) {
        var book = AddressBook()
        let carol = Party.workspaceUser(try Fixtures.carol())
        try book.register(carol, by: try Fixtures.bob(), at: Fixtures.start)
        let contact = try StoredJSON.encode(try #require(book[carol]))
        let entry = try StoredJSON.encode(try book.delete(carol, by: try Fixtures.bob(), at: Fixtures.start))
        return (entry, contact)
    }

    @Test func r22_r23_impossibleStoredTrashEntriesAreRefused() throws {
        let (entry, _) = try Self.trashedCarol()
        let byAlice = entry.replacingOccurrences(
            of: #""deletedBy":"bob@example.co.jp""#,
            with: #""deletedBy":"alice@example.co.jp""#
        )
        #expect(StoredJSON.path(StoredJSON.refusal(TrashedContact.self, from: byAlice)) == "deletedBy")
        let expires = Fixtures.start.advanced(by: AddressBook.trashRetention).millisecondsSinceEpoch
        let longer = entry.replacingOccurrences(of: #""expiresAt":\#(expires)"#, with: #""expiresAt":\#(expires + 1)"#)
        #expect(longer != entry)
        #expect(StoredJSON.path(StoredJSON.refusal(TrashedContact.self, from: longer)) == "expiresAt")
    }

    @Test func r22_aPartyInTwoPlacesOfTheBookIsRefused() throws {
        let (entry, contact) = try Self.trashedCarol()
        let carol = try StoredJSON.encode(Party.workspaceUser(try Fixtures.carol()))
        for json in [
            #"{"contacts":["# + contact + #"],"purged":[],"trash":["# + entry + "]}",
            #"{"contacts":["# + contact + #"],"purged":["# + carol + #"],"trash":[]}"#,
            #"{"contacts":[],"purged":["# + carol + #"],"trash":["# + entry + "]}",
        ] {
            #expect(StoredJSON.refusal(AddressBook.self, from: json) != nil, "\(json)")
        }
        let twice = #"{"contacts":["# + contact + "," + contact + #"],"purged":[],"trash":[]}"#
        #expect(StoredJSON.path(StoredJSON.refusal(AddressBook.self, from: twice)) == "contacts")
        let notFriend = contact.replacingOccurrences(of: #""isFriend":true"#, with: #""isFriend":false"#)
        #expect(StoredJSON.path(StoredJSON.refusal(Contact.self, from: notFriend)) == "isFriend")
    }

    // MARK: Customer directory

    static let channels: [OfficialAccountChannel] = {
        do {
            let provider = try Fixtures.provider("1650000001")
            return [
                OfficialAccountChannel(
                    id: try LineChannelID("2000000001"),
                    provider: provider,
                    basicID: try LineBasicID("@company"),
                    displayName: "Example",
                    scope: .companyWide
                ),
                OfficialAccountChannel(
                    id: try LineChannelID("2000000002"),
                    provider: provider,
                    basicID: try LineBasicID("@sales"),
                    displayName: "Example Sales",
                    scope: .organization(try OrganizationID("sales")),
                    operators: [try Fixtures.bob(), try Fixtures.alice()]
                ),
                OfficialAccountChannel(
                    id: try LineChannelID("3000000001"),
                    provider: try Fixtures.provider("1650000002"),
                    basicID: try LineBasicID("@newbrand"),
                    displayName: "Example New Brand",
                    scope: .companyWide
                ),
            ]
        } catch {
            preconditionFailure("fixture IDs are valid: \(error)")
        }
    }()

    static let userIDs: [LineUserID] = {
        do {
            return [try LineUserID("U" + Fixtures.userHex), try LineUserID("U" + String(repeating: "b", count: 32))]
        } catch {
            preconditionFailure("fixture IDs are valid: \(error)")
        }
    }()

    static let organizations: [OrganizationID?] = [nil, try? OrganizationID("sales"), try? OrganizationID("support")]

    static func directory() throws -> CustomerDirectory {
        var directory = CustomerDirectory(defaultOrganization: try OrganizationID("support"))
        for channel in channels { try directory.addChannel(channel) }
        return directory
    }

    static let directoryOperationCount = 6 * 4 * 4

    /// Applies one directory operation chosen by a number; returns what it returned or the error code.
    static func applyDirectoryOperation(_ code: Int, to directory: inout CustomerDirectory) -> Outcome {
        let first = (code / 6) % 4
        let second = (code / 24) % 4
        let admin = members[0]
        let time = Fixtures.start.advanced(by: .minutes(Int64(code)))
        let customer = CustomerID(rawValue: "c\(first)")
        do throws(CustomerError) {
            switch code % 6 {
            case 0:
                let follow = try directory.recordFollow(
                    of: userIDs[first % 2],
                    on: channels[second % 3].id,
                    newID: CustomerID(rawValue: "c\((first + second) % 4)"),
                    displayName: "User \(first)",
                    at: time
                )
                return .follow(follow)
            case 1:
                try directory.recordUnfollow(of: userIDs[first % 2], on: channels[second % 3].id)
                return .done("unfollowed")
            case 2:
                try directory.setStatus(ChannelStatus.allCases[second % 3], of: channels[first % 3].id)
                return .done("status")
            case 3:
                return .move(try directory.move(customer, to: organizations[second % 3]))
            case 4:
                return .merge(
                    try directory.merge(customer, into: CustomerID(rawValue: "c\(second)"), by: admin, at: time)
                )
            default:
                return .customer(try directory.undoMerge(first + 1, by: admin, at: time))
            }
        } catch {
            return .refused("\(error.code)")
        }
    }

    @Test func r27_r28_aStoredDirectoryRestoresEqualAndBehavesTheSame() async {
        let operations = Gen.int(in: 0...(Self.directoryOperationCount - 1)).array(of: 0...40)
        await propertyCheck(count: 200, input: operations, operations) { prefix, suffix in
            var directory = try Self.directory()
            for code in prefix { _ = Self.applyDirectoryOperation(code, to: &directory) }
            let json = try StoredJSON.encode(directory)
            var restored = try StoredJSON.decode(CustomerDirectory.self, from: json)
            #expect(restored == directory, "\(json)")
            #expect(try StoredJSON.encode(restored) == json, "encoding is stable")
            for code in suffix {
                let expected = Self.applyDirectoryOperation(code, to: &directory)
                #expect(Self.applyDirectoryOperation(code, to: &restored) == expected)
                #expect(restored == directory)
            }
        }
    }

    @Test func r27_customersAreStoredWithSortedIdentities() throws {
        var directory = try Self.directory()
        try directory.recordFollow(
            of: Self.userIDs[0],
            on: Self.channels[2].id,
            newID: CustomerID(rawValue: "c1"),
            displayName: "Taro",
            at: Fixtures.start
        )
        try directory.recordFollow(
            of: Self.userIDs[0],
            on: Self.channels[1].id,
            newID: CustomerID(rawValue: "c2"),
            displayName: "Taro",
            at: Fixtures.start
        )
        let merge = try directory.merge(
            CustomerID(rawValue: "c1"),
            into: CustomerID(rawValue: "c2"),
            by: try Fixtures.alice(),
            at: Fixtures.start
        )
        let customer = try #require(directory[CustomerID(rawValue: "c2")])
        #expect(
            try StoredJSON.encode(customer)
                == #"{"createdAt":1748822400000,"displayName":"Taro","friendOf":["2000000002","3000000001"],"id":"c2","#
                + #""identities":[{"provider":"1650000001","userID":"U4af4980629e3a5c6c1a0e2f3b4d5c6e7"},"#
                + #"{"provider":"1650000002","userID":"U4af4980629e3a5c6c1a0e2f3b4d5c6e7"}],"owningOrganization":"sales"}"#
        )
        #expect(try StoredJSON.roundTrip(customer) == customer)
        #expect(try StoredJSON.roundTrip(merge) == merge)
        let undone = try directory.undoMerge(merge.id, by: try Fixtures.bob(), at: Fixtures.start)
        #expect(try StoredJSON.roundTrip(undone) == undone)
        let record = try #require(directory.merges.first)
        #expect(try StoredJSON.encode(record).contains(#""undone":{"at":1748822400000,"by":"bob@example.co.jp"}"#))
        #expect(try StoredJSON.roundTrip(record) == record)
    }

    /// A directory with customers c1 (provider 1) and c2 (provider 2) and one merge, as JSON.
    static func mergedDirectoryJSON() throws -> String {
        var directory = try Self.directory()
        try directory.recordFollow(
            of: Self.userIDs[0],
            on: Self.channels[0].id,
            newID: CustomerID(rawValue: "c1"),
            displayName: "A",
            at: Fixtures.start
        )
        try directory.recordFollow(
            of: Self.userIDs[1],
            on: Self.channels[2].id,
            newID: CustomerID(rawValue: "c2"),
            displayName: "B",
            at: Fixtures.start
        )
        try directory.recordFollow(
            of: Self.userIDs[1],
            on: Self.channels[0].id,
            newID: CustomerID(rawValue: "c3"),
            displayName: "C",
            at: Fixtures.start
        )
        try directory.merge(
            CustomerID(rawValue: "c3"),
            into: CustomerID(rawValue: "c2"),
            by: try Fixtures.alice(),
            at: Fixtures.start
        )
        let json = try StoredJSON.encode(directory)
        #expect(try StoredJSON.decode(CustomerDirectory.self, from: json) == directory)
        return json
    }

    @Test func r27_impossibleStoredDirectoriesAreRefused() throws {
        let json = try Self.mergedDirectoryJSON()
        let b = Self.userIDs[1].rawValue
        let a = Self.userIDs[0].rawValue
        // c1 and c2 would both hold provider 1's user a.
        let shared = json.replacingOccurrences(
            of: #"{"provider":"1650000001","userID":"\#(b)"}],"owningOrganization":"support"}"#,
            with: #"{"provider":"1650000001","userID":"\#(a)"}],"owningOrganization":"support"}"#
        )
        #expect(shared != json)
        #expect(StoredJSON.refusal(CustomerDirectory.self, from: shared)?.debugDescription.contains("R27") == true)
        let unknownChannel = json.replacingOccurrences(
            of: #""friendOf":["2000000001"],"id":"c1""#,
            with: #""friendOf":["2000000009"],"id":"c1""#
        )
        #expect(unknownChannel != json)
        #expect(StoredJSON.refusal(CustomerDirectory.self, from: unknownChannel) != nil)
        let renumbered = json.replacingOccurrences(of: #""id":1,"#, with: #""id":2,"#)
        #expect(renumbered != json)
        #expect(StoredJSON.path(StoredJSON.refusal(CustomerDirectory.self, from: renumbered)) == "merges")
        let intoItself = json.replacingOccurrences(of: #""targetID":"c2""#, with: #""targetID":"c3""#)
        #expect(intoItself != json)
        #expect(StoredJSON.path(StoredJSON.refusal(CustomerDirectory.self, from: intoItself)) == "merges.0.targetID")
        let sameCustomerTwice = json.replacingOccurrences(of: #""id":"c2""#, with: #""id":"c1""#)
        #expect(StoredJSON.refusal(CustomerDirectory.self, from: sameCustomerTwice) != nil)
        let channel = try StoredJSON.encode(Self.channels[0])
        let sameChannelTwice = #"{"channels":["# + channel + "," + channel + #"],"customers":[],"merges":[]}"#
        #expect(StoredJSON.path(StoredJSON.refusal(CustomerDirectory.self, from: sameChannelTwice)) == "channels")
        #expect(
            try StoredJSON.decode(CustomerDirectory.self, from: #"{"channels":[],"customers":[],"merges":[]}"#)
                == CustomerDirectory()
        )
    }

    @Test func r27_aStoredCustomerWithoutIdentityOrAMergeAddingForeignIdentitiesIsRefused() throws {
        let empty = #"{"createdAt":0,"displayName":"X","friendOf":[],"id":"c9","identities":[]}"#
        #expect(StoredJSON.path(StoredJSON.refusal(Customer.self, from: empty)) == "identities")
        let json = try Self.mergedDirectoryJSON()
        let directory = try StoredJSON.decode(CustomerDirectory.self, from: json)
        let record = try StoredJSON.encode(try #require(directory.merges.first))
        let foreign = record.replacingOccurrences(
            of: #""addedIdentities":[{"provider":"1650000001""#,
            with: #""addedIdentities":[{"provider":"1650000002""#
        )
        #expect(foreign != record)
        #expect(StoredJSON.refusal(MergeRecord.self, from: foreign)?.debugDescription.contains("R27") == true)
    }
}
