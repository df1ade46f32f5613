import PropertyBased
import TalkModel
import Testing

/// Random event sequences against the room state machine (R05, R09, R11, R30).
@Suite struct RoomPropertyTests {
    /// One event of the room, chosen by a generated integer so that shrinking works on plain numbers.
    enum Event: CustomStringConvertible {
        case accept
        case peerAccepted
        case block
        case unblock
        case peerBlocked
        case peerUnblocked
        case restrict(RoomRestriction)
        case lift(RoomRestriction)
        case receive
        case send(MessageContentKind)

        static let count = 6 + 2 * RoomRestriction.allCases.count + 3

        init(code: Int) {
            let restrictions = RoomRestriction.allCases
            switch code {
            case 0: self = .accept
            case 1: self = .peerAccepted
            case 2: self = .block
            case 3: self = .unblock
            case 4: self = .peerBlocked
            case 5: self = .peerUnblocked
            case 6..<(6 + restrictions.count): self = .restrict(restrictions[code - 6])
            case (6 + restrictions.count)..<(6 + 2 * restrictions.count):
                self = .lift(restrictions[code - 6 - restrictions.count])
            case 6 + 2 * restrictions.count: self = .receive
            case 7 + 2 * restrictions.count: self = .send(.text)
            default: self = .send(.file)
            }
        }

        var description: String {
            switch self {
            case .accept: "accept"
            case .peerAccepted: "peerAccepted"
            case .block: "block"
            case .unblock: "unblock"
            case .peerBlocked: "peerBlocked"
            case .peerUnblocked: "peerUnblocked"
            case .restrict(let restriction): "restrict(\(restriction))"
            case .lift(let restriction): "lift(\(restriction))"
            case .receive: "receive"
            case .send(let kind): "send(\(kind))"
            }
        }
    }

    static let events = Gen.int(in: 0...(Event.count - 1)).array(of: 0...40)
    static let starts = Gen.int(in: 0...3)

    static func room(_ start: Int) throws -> Room {
        switch start {
        case 0: Room.incomingRequest(from: .lineUser(try Fixtures.lineUser()), method: .lineFollow, at: Fixtures.start)
        case 1: Room.incomingRequest(from: .workspaceUser(try Fixtures.carol()), method: .qrCode, at: Fixtures.start)
        case 2:
            try Room.outgoingRequest(to: .workspaceUser(try Fixtures.carol()), method: .inviteLink, at: Fixtures.start)
        default: Room.officialAccountChat(with: try Fixtures.lineUser())
        }
    }

    /// Applies an event; returns the action, or `nil` when the room refused it.
    static func apply(_ event: Event, to room: inout Room) -> RoomAction? {
        do throws(RoomError) {
            switch event {
            case .accept: return try room.accept()
            case .peerAccepted: return try room.peerAccepted()
            case .block: return try room.block()
            case .unblock: return try room.unblock()
            case .peerBlocked: return try room.peerBlocked()
            case .peerUnblocked: return try room.peerUnblocked()
            case .restrict(let restriction): return try room.restrict(restriction)
            case .lift(let restriction): return try room.lift(restriction)
            case .receive: return room.receive()
            case .send(let kind): return try room.send(kind)
            }
        } catch {
            return nil
        }
    }

    /// The invariants every reachable room satisfies.
    static func checkValid(_ room: Room, after events: [Event]) {
        let status = room.status
        #expect(status.isActive == (status.phase == .active), "\(events)")
        if status.restrictions.isEmpty {
            #expect(status.phase == .pending || status.phase == .active, "\(events)")
        } else {
            #expect(status.phase != .pending && status.phase != .active, "\(events)")
        }
        if !room.kind.isLine {
            #expect(!status.restrictions.contains { $0.requiresLineRoom }, "\(events)")
        }
        if room.kind == .officialAccountChat {
            #expect(status.pendingRequest == nil, "\(events)")
        }
        if room.canSend {
            #expect(status.isActive, "\(events)")
        }
        #expect(status.isHistoryVisible == !status.restrictions.contains(.contactDeleted), "\(events)")
    }

    @Test func r09_r11_noMessageIsDeliveredWhileBlockedOrPending() async {
        await propertyCheck(count: 300, input: Self.starts, Self.events) { start, codes in
            var room = try Self.room(start)
            for event in codes.map(Event.init(code:)) {
                let before = room.status
                let action = Self.apply(event, to: &room)
                let heldBack = before.pendingRequest != nil || before.isBlocked
                if heldBack, case .receive = event {
                    #expect(action != .deliverInbound, "delivered while \(before)")
                }
                if heldBack, case .send = event {
                    #expect(action == nil, "sent while \(before)")
                }
            }
        }
    }

    @Test func r05_r30_readOnlyNeverDropsInboundAndFlagsIt() async {
        await propertyCheck(count: 300, input: Self.starts, Self.events) { start, codes in
            var room = try Self.room(start)
            var received = 0
            var stored = 0
            for event in codes.map(Event.init(code:)) {
                let before = room.status
                let action = Self.apply(event, to: &room)
                guard case .receive = event else { continue }
                received += 1
                switch action {
                case .deliverInbound:
                    #expect(before.isActive)
                    stored += 1
                case .keepInboundFlagged(let flagged):
                    #expect(!before.isActive)
                    #expect(flagged == before, "the flag must say why it was held back")
                    stored += 1
                default:
                    Issue.record("receive returned \(String(describing: action))")
                }
            }
            #expect(received == stored)
        }
    }

    @Test func r09_everySequenceEndsInAValidStateAndRefusalsChangeNothing() async {
        await propertyCheck(count: 300, input: Self.starts, Self.events) { start, codes in
            var room = try Self.room(start)
            var applied: [Event] = []
            for event in codes.map(Event.init(code:)) {
                let before = room
                applied.append(event)
                if Self.apply(event, to: &room) == nil {
                    #expect(room == before, "a refused \(event) changed the room")
                }
                Self.checkValid(room, after: applied)
            }
        }
    }

    @Test func r05_r11_liftingEveryCauseRestoresThePreBlockState() async {
        // Causes that can be lifted: every restriction except a deleted channel (R30).
        let liftable = RoomRestriction.allCases.filter { $0 != .channelDeleted }
        let causes = Gen.int(in: 0...(liftable.count - 1)).array(of: 1...8)
        let order = Gen.int(in: 0...1000).array(of: 8)
        await propertyCheck(count: 300, input: Self.starts, Self.events, causes, order) {
            start,
            prefix,
            causeCodes,
            keys in
            var room = try Self.room(start)
            for event in prefix.map(Event.init(code:)) { _ = Self.apply(event, to: &room) }
            let snapshot = room
            var added: [RoomRestriction] = []
            for restriction in causeCodes.map({ liftable[$0] }) where (try? room.restrict(restriction)) != nil {
                added.append(restriction)
            }
            let shuffled = added.enumerated().sorted { keys[$0.offset % keys.count] < keys[$1.offset % keys.count] }
            for (_, restriction) in shuffled {
                #expect((try? room.lift(restriction)) != nil, "could not lift \(restriction)")
            }
            #expect(room == snapshot, "added \(added), from \(snapshot.status) ended at \(room.status)")
        }
    }

    @Test func r09_r11_aStoredRoomRestoresEqualAndTakesLaterEventsTheSame() async {
        await propertyCheck(count: 300, input: Self.starts, Self.events, Self.events) { start, prefix, suffix in
            var room = try Self.room(start)
            for event in prefix.map(Event.init(code:)) { _ = Self.apply(event, to: &room) }
            let json = try StoredJSON.encode(room)
            var restored = try StoredJSON.decode(Room.self, from: json)
            #expect(restored == room, "\(json)")
            #expect(restored.snapshot == room.snapshot)
            #expect(try Room(restoring: room.snapshot) == room)
            #expect(try StoredJSON.encode(restored) == json, "encoding is stable")
            for event in suffix.map(Event.init(code:)) {
                #expect(Self.apply(event, to: &restored) == Self.apply(event, to: &room), "\(event)")
                #expect(restored == room)
                #expect(restored.canSend == room.canSend && restored.canForwardHistory == room.canForwardHistory)
            }
        }
    }
}
