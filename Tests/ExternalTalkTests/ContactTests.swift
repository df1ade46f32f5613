import ExternalTalk
import TalkModel
import TalkStorage
import TalkTesting
import TalkWire
import Testing

@Suite("Contacts and the trash")
struct ContactTests {
    @Test func r21_editableFieldsChangeAndSyncedFieldsAreRefused() async throws {
        let engine = try await EngineHarness()
        let (user, _) = try await engine.friendOfAlice()
        let party = try engine.party(user)

        try await engine.service.setContactField(.name, to: "Aiko Sato", for: party, by: engine.alice)
        try await engine.service.setContactField(.notes, to: "prefers mornings", for: party, by: engine.alice)
        let contact = try #require(try await engine.service.contacts(of: engine.alice).first)
        #expect(contact.value(of: .name) == "Aiko Sato")
        #expect(contact.value(of: .notes) == "prefers mornings")
        #expect(contact.displayName == "Aiko Sato")
        #expect(try await engine.service.searchContacts("aiko", of: engine.alice).map(\.party) == [party])

        for field in [ContactField.nickname, .companyName, .profilePhoto] {
            let error = await #expect(throws: ExternalTalkError.self) {
                try await engine.service.setContactField(field, to: "changed", for: party, by: engine.alice)
            }
            #expect(error?.code == .contact)
        }
        #expect(try await engine.service.contacts(of: engine.alice).first == contact)
    }

    @Test func r22_r23_deletedContactHidesTheRoomUntilRestoredAndIsPurgedAfter30Days() async throws {
        let engine = try await EngineHarness()
        let (user, roomID) = try await engine.friendOfAlice()
        let party = try engine.party(user)
        try await engine.service.setContactField(.phone, to: "090-0000-0000", for: party, by: engine.alice)

        try await engine.service.deleteContact(party, by: engine.alice)
        #expect(try await engine.service.contacts(of: engine.alice).isEmpty)
        #expect(try await engine.service.trash(of: engine.alice).map(\.contact.party) == [party])
        let hidden = try await engine.room(roomID)
        #expect(hidden.room.status.restrictions.contains(.contactDeleted))
        #expect(hidden.room.status.phase == .hidden)
        #expect(!hidden.room.status.isHistoryVisible)
        let denied = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.send(.text(TextContent("hi")), to: roomID, as: .member(engine.alice))
        }
        #expect(denied?.rule == .r22)

        // Within 30 days: restored with everything it had.
        engine.clock.advance(by: .days(29))
        try await engine.service.restoreContact(party, by: engine.alice)
        let restored = try #require(try await engine.service.contacts(of: engine.alice).first)
        #expect(restored.value(of: .phone) == "090-0000-0000")
        #expect(try await engine.service.trash(of: engine.alice).isEmpty)
        #expect(try await engine.room(roomID).room.status.isActive)

        // Deleted again and left for 31 days: the background work purges it for good.
        try await engine.service.deleteContact(party, by: engine.alice)
        engine.clock.advance(by: .days(31))
        let purgedEvent = TalkEvent.Kind.contactChanged(member: engine.alice, party: user.rawValue, change: "purged")
        #expect(try await !engine.kinds().contains(purgedEvent))
        await engine.service.runDueWork()
        #expect(try await engine.kinds().filter { $0 == purgedEvent }.count == 1)
        #expect(try await engine.service.trash(of: engine.alice).isEmpty)
        #expect(try await engine.service.contacts(of: engine.alice).isEmpty)
        let gone = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.restoreContact(party, by: engine.alice)
        }
        #expect(gone?.code == .contact)
        await engine.service.runDueWork()
        #expect(try await engine.kinds().filter { $0 == purgedEvent }.count == 1)
    }

    @Test func r22_onlyTheRegisteringMemberMayDelete() async throws {
        let engine = try await EngineHarness()
        let (user, _) = try await engine.friendOfAlice()
        let party = try engine.party(user)
        let error = await #expect(throws: ExternalTalkError.self) {
            try await engine.service.deleteContact(party, by: engine.bob)
        }
        #expect(error?.code == .contact)
        #expect(try await engine.service.contacts(of: engine.alice).map(\.party) == [party])
    }
}
