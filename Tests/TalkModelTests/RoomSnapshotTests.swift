import Foundation
import TalkModel
import Testing

/// Storing and restoring rooms through ``RoomSnapshot`` (R07, R09, R11, R15, R30).
@Suite struct RoomSnapshotTests {
    static func snapshot(
        kind: RoomKind,
        peer: Party,
        request: RoomRequest? = nil,
        restrictions: Set<RoomRestriction> = []
    ) -> RoomSnapshot {
        RoomSnapshot(kind: kind, peer: peer, peerHasWritten: false, pendingRequest: request, restrictions: restrictions)
    }

    static func incoming(_ method: RequestMethod = .lineFollow) -> RoomRequest {
        RoomRequest(direction: .incoming, method: method, requestedAt: Fixtures.start)
    }

    @Test func r09_r11_aBlockedPendingRoomIsStoredInTheDocumentedFormat() throws {
        var room = Room.incomingRequest(
            from: .lineUser(try Fixtures.lineUser()),
            method: .lineFollow,
            at: Fixtures.start
        )
        _ = room.receive()
        _ = try room.block()
        _ = try room.restrict(.channelDisabled)
        let json = try StoredJSON.encode(room)
        #expect(
            json
                == #"{"kind":"lineFriend","peer":{"provider":"1650000001","type":"lineUser","#
                + #""userID":"U4af4980629e3a5c6c1a0e2f3b4d5c6e7"},"peerHasWritten":true,"#
                + #""pendingRequest":{"direction":"incoming","method":"lineFollow","requestedAt":1748822400000},"#
                + #""restrictions":["blockedByUs","channelDisabled"]}"#
        )
        #expect(try StoredJSON.encode(room.snapshot) == json)
        var restored = try StoredJSON.decode(Room.self, from: json)
        #expect(restored == room)
        // Lifting every restriction returns the restored room to its request, as it would the original.
        _ = try restored.lift(.channelDisabled)
        _ = try restored.unblock()
        #expect(restored.status.pendingRequest == Self.incoming())
        #expect(try restored.accept() == .startTalk(notifyPeer: false))
    }

    @Test func r15_anActiveOfficialAccountChatIsStoredWithoutARequest() throws {
        var room = Room.officialAccountChat(with: try Fixtures.lineUser())
        #expect(try StoredJSON.encode(room).contains(#""peerHasWritten":false,"restrictions":[]}"#))
        #expect(throws: RoomError.self) { try StoredJSON.roundTrip(room).send(.text) }
        _ = room.receive()
        #expect(try StoredJSON.roundTrip(room).send(.text) == .sendToPeer)
    }

    @Test func snapshotsRestoreEveryStartingRoom() throws {
        let rooms = [
            Room.incomingRequest(from: .lineUser(try Fixtures.lineUser()), method: .qrCode, at: Fixtures.start),
            Room.incomingRequest(
                from: .workspaceUser(try Fixtures.carol()),
                method: .emailInvitation,
                at: Fixtures.start
            ),
            try Room.outgoingRequest(
                to: .workspaceUser(try Fixtures.carol()),
                method: .exactIDSearch,
                at: Fixtures.start
            ),
            Room.officialAccountChat(with: try Fixtures.lineUser()),
        ]
        for room in rooms {
            #expect(try Room(restoring: room.snapshot) == room)
            #expect(try StoredJSON.roundTrip(room.snapshot) == room.snapshot)
        }
    }

    /// Restoring refuses the snapshot with ``RoomError/Code/invalidSnapshot``, and decoding its JSON refuses it as
    /// corrupted data with that error underneath and no peer ID in the message.
    static func expectImpossible(_ snapshot: RoomSnapshot, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = #expect(throws: RoomError.self, sourceLocation: sourceLocation) {
            try Room(restoring: snapshot)
        }
        #expect(error?.code == .invalidSnapshot, sourceLocation: sourceLocation)
        let context = StoredJSON.refusal(
            Room.self,
            from: try StoredJSON.encode(snapshot),
            sourceLocation: sourceLocation
        )
        #expect((context?.underlyingError as? RoomError)?.code == .invalidSnapshot, sourceLocation: sourceLocation)
        let printed = context?.debugDescription ?? ""
        #expect(printed.hasPrefix("stored room: "), sourceLocation: sourceLocation)
        #expect(!printed.contains(Fixtures.userHex) && !printed.contains("carol"), sourceLocation: sourceLocation)
    }

    @Test func r09_aPeerOfTheWrongKindIsRefused() throws {
        let line = Party.lineUser(try Fixtures.lineUser())
        let carol = Party.workspaceUser(try Fixtures.carol())
        try Self.expectImpossible(Self.snapshot(kind: .externalWorkspace, peer: line))
        try Self.expectImpossible(Self.snapshot(kind: .lineFriend, peer: carol, request: Self.incoming(.qrCode)))
        try Self.expectImpossible(Self.snapshot(kind: .officialAccountChat, peer: carol))
    }

    @Test func r15_aPendingOfficialAccountChatIsRefused() throws {
        let line = Party.lineUser(try Fixtures.lineUser())
        try Self.expectImpossible(Self.snapshot(kind: .officialAccountChat, peer: line, request: Self.incoming()))
        try Self.expectImpossible(
            Self.snapshot(
                kind: .officialAccountChat,
                peer: line,
                request: Self.incoming(),
                restrictions: [.blockedByUs]
            )
        )
    }

    @Test func r07_aLineFriendRoomWithAnOutgoingRequestIsRefused() throws {
        let outgoing = RoomRequest(direction: .outgoing, method: .exactIDSearch, requestedAt: Fixtures.start)
        try Self.expectImpossible(
            Self.snapshot(kind: .lineFriend, peer: .lineUser(try Fixtures.lineUser()), request: outgoing)
        )
    }

    @Test func r30_aChannelRestrictionOnAWorkspaceRoomIsRefused() throws {
        let carol = Party.workspaceUser(try Fixtures.carol())
        try Self.expectImpossible(Self.snapshot(kind: .externalWorkspace, peer: carol, restrictions: [.channelDeleted]))
        try Self.expectImpossible(
            Self.snapshot(
                kind: .externalWorkspace,
                peer: carol,
                request: Self.incoming(.qrCode),
                restrictions: [.blockedByPeer, .channelDisabled]
            )
        )
    }

    @Test func r30_aDeletedChannelStaysIrreversibleAfterARestore() throws {
        var room = Room.incomingRequest(
            from: .lineUser(try Fixtures.lineUser()),
            method: .lineFollow,
            at: Fixtures.start
        )
        _ = try room.accept()
        _ = try room.restrict(.channelDeleted)
        var restored = try StoredJSON.roundTrip(room)
        let lift = #expect(throws: RoomError.self) { try restored.lift(.channelDeleted) }
        #expect(lift?.code == .irreversible)
        let block = #expect(throws: RoomError.self) { try restored.block() }
        #expect(block?.code == .cannotBlock)
    }

    @Test func aStoredRoomWithAnInvalidPeerIDIsRefusedAtItsPath() throws {
        let json = try StoredJSON.encode(Room.officialAccountChat(with: try Fixtures.lineUser()))
            .replacingOccurrences(of: "U" + Fixtures.userHex, with: "U-not-hex")
        let context = StoredJSON.refusal(Room.self, from: json)
        #expect(StoredJSON.path(context) == "peer.userID")
        #expect(context?.underlyingError is IdentifierError)
    }
}
