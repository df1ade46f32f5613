import ArgumentParser
import ExternalTalk
import Foundation
import Logging
import SQLiteStorage
import Synchronization
import TalkModel
import TalkQRCode
import TalkStorage
import TalkTesting
import TalkTransport
import TalkWire
import WebhookSignature

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole ExternalTalk story on the fake LINE platform and a SQLite file, checking each step.",
        discussion: """
            Two tenants (example.co.jp and partner.example.jp) and two LINE Official Account channels, on a virtual \
            clock. Each step prints one line naming the channel and room it touches. The exit status is 0 only if \
            every step behaved as the rules say; otherwise the failing step is named and the status is 1. With --db \
            the SQLite file is kept, for `external-talk export` to read.
            """
    )

    @Option(name: .long, help: "Keep the SQLite file at this path (it must not exist yet).")
    var db: String?

    @Flag(
        name: .long,
        help: "Instead: two tenants' servers on loopback, federating over HTTP, driven through their admin APIs."
    )
    var federation = false

    func validate() throws {
        if federation, db != nil { throw ValidationError("--db does not apply to --federation") }
    }

    func run() async throws {
        if federation {
            try await runFederation()
            return
        }
        let directory: String
        let path: String
        if let db {
            guard !FileManager.default.fileExists(atPath: db) else {
                printError("\(db) exists already; the demo writes a new file")
                throw ExitStatus.usage
            }
            path = db
            directory = ""
        } else {
            directory = NSTemporaryDirectory() + "external-talk-demo-\(ProcessInfo.processInfo.processIdentifier)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            path = directory + "/demo.sqlite"
        }
        defer { if !directory.isEmpty { try? FileManager.default.removeItem(atPath: directory) } }
        var story = try await DemoStory(path: path)
        do {
            try await story.run()
        } catch let failure as DemoStory.StepFailure {
            printError("step \(failure.step) failed: \(failure.message)")
            throw ExitCode(1)
        }
    }
}

extension DemoCommand {
    func runFederation() async throws {
        let folder = NSTemporaryDirectory() + "external-talk-federation-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The servers' own logs (started, stopped) would interleave with the steps; warnings and errors still show.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        var demo = FederationDemo(folder: folder)
        do {
            try await demo.run()
        } catch let failure as FederationDemo.StepFailure {
            printError("step \(failure.step) failed: \(failure.message)")
            throw ExitCode(1)
        }
    }
}

/// The story, step by step; each step checks what the rules say must have happened.
struct DemoStory {
    struct StepFailure: Error {
        var step: Int
        var message: String
    }

    let clock = VirtualClock()
    let line: InMemoryTransport
    let ours: ExternalTalkService
    let partner: ExternalTalkService
    let storage: SQLiteStorage
    let sato: MemberID
    let suzuki: MemberID
    let tanaka: MemberID
    let personal: LineChannelID
    let desk: LineChannelID
    let catalog: EmojiCatalog
    var step = 0

    init(path: String) async throws {
        line = InMemoryTransport(clock: clock)
        sato = try MemberID("sato@example.co.jp")
        suzuki = try MemberID("suzuki@example.co.jp")
        tanaka = try MemberID("tanaka@partner.example.jp")
        personal = try LineChannelID("1234567890")
        desk = try LineChannelID("2345678901")
        let smile = LineEmojiKey(productID: "5ac1bfd5040ab15980c9b435", emojiID: "001")
        catalog = EmojiCatalog(seed: [EmojiCatalog.Entry(token: "(smile)", key: smile, isSendable: true)])
        let personalSecret = line.addChannel(personal, displayName: "Sato").channelSecret
        let deskSecret = line.addChannel(desk, plan: .light, displayName: "Support desk", chatEnabled: false)
            .channelSecret
        let ourTenant = try TenantDomain("example.co.jp")
        let partnerTenant = try TenantDomain("partner.example.jp")
        var ourPolicy = TenantPolicy(tenant: ourTenant, plan: .paid)
        ourPolicy.lineLink = ExternalLink(isEnabled: true, allowedMembers: .only([sato, suzuki]))
        ourPolicy.workspaceLink = ExternalLink(isEnabled: true, allowedMembers: .only([sato]))
        var partnerPolicy = TenantPolicy(tenant: partnerTenant, plan: .paid)
        partnerPolicy.workspaceLink = ExternalLink(isEnabled: true, allowedMembers: .only([tanaka]))
        let provider = try LineProviderID("1650000001")
        let shared = WebhookSecret("demo-federation-secret-shared-by-both-tenants")
        storage = try SQLiteStorage(path: path)
        let peers = PeerServices()
        ours = ExternalTalkService(
            configuration: ExternalTalkConfiguration(
                policy: ourPolicy,
                peerPolicies: [partnerPolicy],
                channels: [
                    ChannelConfiguration(
                        channel: OfficialAccountChannel(
                            id: personal,
                            provider: provider,
                            basicID: try LineBasicID("@sato123"),
                            displayName: "Sato",
                            scope: .companyWide
                        ),
                        secrets: [WebhookSecret(personalSecret)],
                        owner: sato
                    ),
                    ChannelConfiguration(
                        channel: OfficialAccountChannel(
                            id: desk,
                            provider: provider,
                            basicID: try LineBasicID("@desk456"),
                            displayName: "Support desk",
                            scope: .companyWide,
                            operators: [suzuki]
                        ),
                        secrets: [WebhookSecret(deskSecret)],
                        messagePlan: .light,
                        unansweredDelay: .minutes(10)
                    ),
                ],
                federationPeers: [FederationPeer(tenant: partnerTenant, secrets: [shared])],
                emojiCatalog: catalog
            ),
            storage: storage,
            transport: DemoTransport(line: line, local: ourTenant, secret: shared, peers: peers),
            clock: clock,
            logger: Logger(label: "demo.example.co.jp")
        )
        partner = ExternalTalkService(
            configuration: ExternalTalkConfiguration(
                policy: partnerPolicy,
                peerPolicies: [ourPolicy],
                channels: [],
                federationPeers: [FederationPeer(tenant: ourTenant, secrets: [shared])]
            ),
            storage: InMemoryStorage(),
            transport: DemoTransport(line: line, local: partnerTenant, secret: shared, peers: peers),
            clock: clock,
            logger: Logger(label: "demo.partner.example.jp")
        )
        peers.register(ours, for: ourTenant)
        peers.register(partner, for: partnerTenant)
    }

    mutating func say(_ line: String) {
        step += 1
        print("step \(step): \(line)")
    }

    func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw StepFailure(step: step, message: message()) }
    }

    func deliver(_ webhook: SignedWebhook) async throws -> WebhookOutcome {
        let outcome = await ours.receiveLineWebhook(
            channel: webhook.channel,
            signature: webhook.signature,
            body: webhook.body
        )
        try check(outcome.status == .accepted, "the webhook was not accepted: \(outcome)")
        return outcome
    }

    func lastEvent(in room: TalkRoomID) async throws -> TalkEvent.Kind? {
        var cursor: Int64 = 0
        var last: TalkEvent.Kind?
        while true {
            let page = try await ours.storedEvents(after: cursor, limit: 500)
            for event in page where event.room == room { last = event.kind }
            guard let final = page.last else { break }
            cursor = final.cursor
        }
        return last
    }

    mutating func run() async throws {
        let user = line.addUser(displayName: "Hanako")
        let room = TalkRoomID("line:\(personal.rawValue):\(user.rawValue)")
        let smile = EmojiRun(token: "(smile)", productID: "5ac1bfd5040ab15980c9b435", emojiID: "001")

        // 1-2. A LINE user follows the member's account and writes with a LINE emoji (R06, R09, R14).
        _ = try await deliver(try line.follow(user, channel: personal))
        say("LINE user follows channel \(personal) (Sato's account); room \(room) is a pending request: Add or Block")
        try check(try await ours.room(room)?.room.status.pendingRequest != nil, "the room is not pending (R09)")
        _ = try await deliver(
            try line.sendText(TextContent(runs: [.plain("Hello "), .emoji(smile)]), from: user, channel: personal)
        )
        guard case .messageHeld(let held, _) = try await lastEvent(in: room) else {
            throw StepFailure(step: step + 1, message: "a message before Add was not held (R09)")
        }
        let heldText = try await ours.message(held)?.text ?? ""
        say("the user writes \"\(heldText)\" on channel \(personal); kept in room \(room), held until Add (R09, R14)")
        try check(heldText == "Hello (smile)", "the LINE emoji is not a text token: \(heldText) (R14)")

        // 3. The member adds.
        try await ours.accept(room, by: sato)
        say("Sato adds the request in room \(room); talk starts, the user is in Sato's contacts (R09, R10)")
        try check(try await ours.room(room)?.room.status.isActive == true, "the room is not active after Add")
        try check(try await ours.contacts(of: sato).count == 1, "the user is not in Sato's address book (R10)")

        // 4. They talk both ways.
        _ = try await deliver(try line.sendText("Are you open tomorrow?", from: user, channel: personal))
        guard case .messageReceived = try await lastEvent(in: room) else {
            throw StepFailure(step: step + 1, message: "the message after Add was not delivered")
        }
        let reply = try await ours.send(
            .text(TextContent(workspaceText: "Yes, from 9 (smile)", catalog: catalog)),
            to: room,
            as: .member(sato)
        )
        let delivered = line.messages(deliveredTo: user)
        let lastJSON = delivered.last?.messages.last?.jsonText ?? ""
        say(
            "the user asks, Sato answers in room \(room) through channel \(personal): "
                + "\(delivered.last?.kind.rawValue ?? "nothing") with a real LINE emoji (R14, R15)"
        )
        try check(reply.state == .sent, "the answer was not sent: \(reply.state)")
        try check(lastJSON.contains("\"emojis\""), "the answer reached LINE without its emoji (R14)")

        // 5. Block, held message, unblock (R11).
        try await ours.block(room, by: sato)
        _ = try await deliver(try line.sendText("Hello?", from: user, channel: personal))
        guard case .messageHeld = try await lastEvent(in: room) else {
            throw StepFailure(step: step + 1, message: "a blocked user's message was delivered (R11)")
        }
        try await ours.unblock(room, by: sato)
        say("Sato blocks room \(room); the user's next message is kept but not delivered; Sato unblocks (R11)")
        try check(try await ours.room(room)?.room.status.isActive == true, "the room did not come back after unblock")

        // 6. A member of a second tenant, invited by exact ID, accepts (R04, R08, R09).
        let workspaceRoom = try await ours.invite(
            tanaka,
            method: .exactIDSearch(query: tanaka.rawValue),
            by: sato
        )
        let partnerRoom = TalkRoomID("ws:\(tanaka.rawValue):\(sato.rawValue)")
        try check(
            try await partner.room(partnerRoom)?.room.status.pendingRequest != nil,
            "the partner tenant shows no request"
        )
        try await partner.accept(partnerRoom, by: tanaka)
        say(
            "Sato invites tanaka@partner.example.jp by exact ID; tanaka adds; room \(workspaceRoom) is active (R04, R08)"
        )
        try check(try await ours.room(workspaceRoom)?.room.status.isActive == true, "the invitation was not accepted")

        // 7. A call: allowed with the workspace user, refused with the LINE user (R13).
        try await ours.startCall(.video, in: workspaceRoom, by: sato)
        var refusedRule: RuleID?
        do {
            try await ours.startCall(.voice, in: room, by: sato)
        } catch let error as ExternalTalkError {
            refusedRule = error.rule
        }
        say("a video call with tanaka in room \(workspaceRoom) is allowed; a call in room \(room) is refused (R13)")
        try check(refusedRule == .r13, "a call with the LINE user was not refused by R13")

        // 8. An operator answers on the shared desk under an internal name (R15, R17, R19).
        var settings = ChatModeSettings()
        settings.isEnabled = true
        try await ours.setChatMode(settings, channel: desk)
        let customer = line.addUser(displayName: "Taro")
        let deskRoom = TalkRoomID("line:\(desk.rawValue):\(customer.rawValue)")
        _ = try await deliver(try line.follow(customer, channel: desk))
        _ = try await deliver(try line.sendText("My order has not arrived", from: customer, channel: desk))
        let answer = try await ours.send(
            .text(TextContent("We are checking, one moment")),
            to: deskRoom,
            as: .operator(Operator(member: suzuki, displayName: "Suzuki (desk)"))
        )
        let operatorName = try await ours.message(answer.message)?.operatorName
        let body = String(decoding: line.messages(deliveredTo: customer).last?.body ?? [], as: UTF8.self)
        say("operator Suzuki answers on channel \(desk) in room \(deskRoom); the name stays inside (R17)")
        try check(operatorName == "Suzuki (desk)", "the operator's name was not kept")
        try check(!body.contains("Suzuki"), "the operator's name reached LINE (R17)")

        // 9. An unanswered chat becomes a ticket (R29).
        _ = try await deliver(try line.sendText("Hello? Anyone?", from: customer, channel: desk))
        clock.advance(by: .minutes(11))
        await ours.runDueWork()
        let tickets = try await ours.tickets()
        say(
            "the customer waits 11 minutes on channel \(desk); room \(deskRoom) becomes ticket \(tickets.first?.id.rawValue ?? "-") (R29)"
        )
        try check(tickets.count == 1 && tickets[0].room == deskRoom && tickets[0].isOpen, "no ticket was opened (R29)")

        // 10. A contact goes to the trash and comes back (R22, R23).
        let party = Party.lineUser(LineUser(provider: try LineProviderID("1650000001"), userID: user))
        try await ours.deleteContact(party, by: sato)
        let trashed = try await ours.trash(of: sato).count
        let restrictedWhileTrashed = try await ours.room(room)?.room.status.restrictions.contains(.contactDeleted)
        try await ours.restoreContact(party, by: sato)
        say(
            "Sato deletes the user's contact (trash: \(trashed)); room \(room) is read-only; Sato restores it (R22, R23)"
        )
        try check(trashed == 1 && restrictedWhileTrashed == true, "the contact did not go to the trash")
        try check(try await ours.room(room)?.room.status.isActive == true, "the room did not come back")

        // 11. The account's friend-add link as a QR code, and a member's invite link (R31).
        let link = try ours.friendAddLink(channel: personal)
        let code = try QRCode(link)
        let svg = try code.svg()
        let png = try code.png()
        say(
            "channel \(personal) friend-add link \(link): QR code version \(code.version), \(svg.utf8.count) B SVG, \(png.count) B PNG (R31)"
        )
        try check(
            link.hasSuffix("%40sato123") && png.starts(with: [0x89, 0x50, 0x4E, 0x47]),
            "the friend-add QR code is wrong"
        )
        try check(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), "the QR code is not SVG")

        // 12. The history, without unread messages (R16, R34).
        try await ours.markRead(room, by: sato)
        _ = try await deliver(try line.sendText("See you tomorrow", from: user, channel: personal))
        var csv: [UInt8] = []
        let rows = try await HistoryExport(scope: .channel(personal), format: .csv(byteOrderMark: false))
            .write(from: storage) { csv.append(contentsOf: $0) }
        let all = try await HistoryExport(
            scope: .channel(personal),
            format: .csv(byteOrderMark: false),
            includeUnread: true
        )
        .write(from: storage) { _ in }
        let text = String(decoding: csv, as: UTF8.self)
        say("channel \(personal) history: \(rows) messages exported, \(all - rows) unread left out (R34)")
        try check(rows >= 3 && all > rows, "the export did not leave out the unread messages (R34)")
        try check(!text.contains("See you tomorrow"), "an unread message was exported (R34)")
        print("all \(step) steps behaved as the rules say")
    }
}

/// The services of the demo's tenants, by domain, so each tenant's transport can reach the other's.
final class PeerServices: Sendable {
    private let services = Mutex<[TenantDomain: ExternalTalkService]>([:])

    func register(_ service: ExternalTalkService, for tenant: TenantDomain) {
        services.withLock { $0[tenant] = service }
    }

    func service(for tenant: TenantDomain) -> ExternalTalkService? {
        services.withLock { $0[tenant] }
    }
}

/// LINE through the fake platform; federation straight into the peer tenant's service, signed as over HTTP.
struct DemoTransport: TalkTransport {
    let line: InMemoryTransport
    let local: TenantDomain
    let signer: WebhookSignatureVerifier
    let peers: PeerServices

    init(line: InMemoryTransport, local: TenantDomain, secret: WebhookSecret, peers: PeerServices) {
        self.line = line
        self.local = local
        self.signer = WebhookSignatureVerifier(secrets: [secret])
        self.peers = peers
    }

    func perform<Call: LineAPICall>(_ call: Call, channel: LineChannelID) async throws -> Call.Response {
        try await line.perform(call, channel: channel)
    }

    func downloadContent(messageID: String, channel: LineChannelID) async throws -> LineContent {
        try await line.downloadContent(messageID: messageID, channel: channel)
    }

    func send(_ request: WorksSendRequest) async throws -> WorksSendReceipt {
        try await line.send(request)
    }

    func deliver(_ request: FederationRequest, to peer: TenantDomain) async throws -> FederationDeliveryReceipt {
        let body = try FederationHTTP.body(for: request, to: peer, localTenant: local, operation: "deliver")
        guard let service = peers.service(for: peer) else {
            throw TalkTransportError(.notFound, operation: "deliver", message: "no tenant \(peer)")
        }
        let outcome = await service.receiveFederationRequest(
            body,
            tenantHeader: local.rawValue,
            signatureHeader: signer.signature(for: body)
        )
        switch outcome.status {
        case .accepted, .duplicate:
            return FederationDeliveryReceipt(
                peer: peer,
                requestID: request.requestID,
                status: 200,
                isDuplicate: outcome.status == .duplicate
            )
        case .unavailable:
            throw TalkTransportError(.serverError, operation: "deliver", message: outcome.description)
        default:
            throw TalkTransportError(.forbidden, operation: "deliver", message: outcome.description)
        }
    }
}
