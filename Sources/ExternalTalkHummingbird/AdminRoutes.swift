public import ExternalTalk
import Foundation
import HTTPTypes
public import Hummingbird
import NIOCore
import TalkModel
import TalkStorage
import TalkWire

/// The admin API under `/admin/v1`: what an operator needs to run ExternalTalk without writing Swift. Every
/// route needs `Authorization: Bearer <token>` (401 without it, compared in constant time); bodies and answers are
/// JSON. `openapi/external-talk-v1.json` in the repository documents each route.
///
/// | Route | Does |
/// |---|---|
/// | `GET /admin/v1/rooms` | lists rooms (`after`, `limit`) |
/// | `GET /admin/v1/requests` | lists rooms with a pending incoming request |
/// | `GET /admin/v1/rooms/{room}` | one room |
/// | `GET /admin/v1/rooms/{room}/messages` | a room's history (`after`, `limit`) |
/// | `POST /admin/v1/rooms/{room}/accept`, `/block`, `/unblock` | `{"member": ID}` (R09, R11) |
/// | `POST /admin/v1/rooms/{room}/read` | `{"member": ID, "through": message ID?}` (R16) |
/// | `POST /admin/v1/rooms/{room}/messages` | `{"member": ID, "text": "...", "operatorName": "..."?}`: sends (R14 tokens) |
/// | `POST /admin/v1/rooms/{room}/explain` | `{"member": ID, "action": "send"/"accept"/"block"/"voiceCall"/"videoCall"}` |
/// | `POST /admin/v1/explain` | `{"actor": ID, "target": ID, "action": "addByExactID"/"addLineUser"}` |
/// | `GET /admin/v1/export` | `room` or `channel`, `format` (`csv`/`jsonl`), `includeUnread` (R34) |
/// | `GET /admin/v1/members/{member}/contacts` | the address book (`q` searches) |
/// | `POST /admin/v1/members/{member}/invitations` | `{"target": ID, "method": "exactID"}`: invites a peer tenant's member (R08) |
/// | `GET /admin/v1/members/{member}/trash` | the trash (R23) |
/// | `DELETE /admin/v1/members/{member}/contacts/{party}` | moves a contact to the trash (R22) |
/// | `POST /admin/v1/members/{member}/trash/{party}/restore` | restores it |
/// | `DELETE /admin/v1/members/{member}/trash/{party}` | purges it |
/// | `GET /admin/v1/events` | the event feed (`after`, `limit`) |
///
/// Path segments holding IDs are percent-decoded. A party is a member ID (`sato@example.co.jp`) or a LINE user as
/// `line:<provider>:<userId>`.
public struct AdminRoutes<Context: RequestContext>: Sendable {
    let service: ExternalTalkService
    let token: AdminToken

    /// Creates the routes.
    /// - Parameters:
    ///   - service: The engine.
    ///   - token: The bearer token.
    ///   - context: The router's request context type.
    public init(service: ExternalTalkService, token: AdminToken, context: Context.Type = Context.self) {
        self.service = service
        self.token = token
    }

    /// Adds the routes to a router or a group.
    /// - Parameter router: Where to add them.
    public func register(on router: some RouterMethods<Context>) {
        let admin = router.group("admin/v1").add(middleware: BearerMiddleware<Context>(token: token))
        admin.get("rooms") { request, _ in try await self.respond { try await self.listRooms(request) } }
        admin.get("requests") { request, _ in try await self.respond { try await self.listRequests(request) } }
        admin.get("rooms/:room") { _, context in
            try await self.respond { try await self.showRoom(try Self.segment("room", context)) }
        }
        admin.get("rooms/:room/messages") { request, context in
            try await self.respond { try await self.history(try Self.segment("room", context), request) }
        }
        for action in ["accept", "block", "unblock", "read"] {
            admin.post("rooms/:room/\(action)") { request, context in
                try await self.respond {
                    try await self.roomAction(action, room: try Self.segment("room", context), request, context)
                }
            }
        }
        admin.post("rooms/:room/messages") { request, context in
            try await self.respond { try await self.send(try Self.segment("room", context), request, context) }
        }
        admin.post("rooms/:room/explain") { request, context in
            try await self.respond { try await self.explainInRoom(try Self.segment("room", context), request, context) }
        }
        admin.post("explain") { request, context in
            try await self.respond { try await self.explain(request, context) }
        }
        admin.get("export") { request, _ in try await self.respond { try await self.export(request) } }
        admin.get("members/:member/contacts") { request, context in
            try await self.respond { try await self.contacts(try Self.member(context), request) }
        }
        admin.post("members/:member/invitations") { request, context in
            try await self.respond { try await self.invite(try Self.member(context), request, context) }
        }
        admin.get("members/:member/trash") { _, context in
            try await self.respond { try await self.trash(try Self.member(context)) }
        }
        admin.delete("members/:member/contacts/:party") { _, context in
            try await self.respond {
                try await self.service.deleteContact(try Self.party(context), by: try Self.member(context))
                return AdminJSON.done()
            }
        }
        admin.post("members/:member/trash/:party/restore") { _, context in
            try await self.respond {
                try await self.service.restoreContact(try Self.party(context), by: try Self.member(context))
                return AdminJSON.done()
            }
        }
        admin.delete("members/:member/trash/:party") { _, context in
            try await self.respond {
                try await self.service.purgeContact(try Self.party(context), by: try Self.member(context))
                return AdminJSON.done()
            }
        }
        admin.get("events") { request, _ in try await self.respond { try await self.events(request) } }
    }

    // MARK: Rooms

    func listRooms(_ request: Request) async throws -> Response {
        let limit = try Self.limit(request)
        let after = request.uri.queryParameters["after"].map { TalkRoomID(String($0)) }
        let rooms = try await service.rooms(after: after, limit: limit)
        return AdminJSON.encode(
            AdminJSON.Page(
                items: rooms.map(AdminJSON.Room.init),
                next: rooms.count == limit ? rooms.last?.id.rawValue : nil
            )
        )
    }

    func listRequests(_ request: Request) async throws -> Response {
        // Walks every room in pages: flat memory, however many rooms.
        var pending: [AdminJSON.Room] = []
        var cursor: TalkRoomID?
        while true {
            let page = try await service.rooms(after: cursor, limit: 500)
            for room in page where room.room.status.pendingRequest?.direction == .incoming {
                pending.append(AdminJSON.Room(room))
            }
            guard page.count == 500, let last = page.last else { break }
            cursor = last.id
        }
        return AdminJSON.encode(AdminJSON.Page(items: pending, next: nil))
    }

    func showRoom(_ id: String) async throws -> Response {
        guard let room = try await service.room(TalkRoomID(id)) else {
            throw ExternalTalkError(.notFound, "no room \(id)")
        }
        return AdminJSON.encode(AdminJSON.Room(room))
    }

    func history(_ id: String, _ request: Request) async throws -> Response {
        let limit = try Self.limit(request)
        let after = try Self.sequence(request)
        guard try await service.room(TalkRoomID(id)) != nil else { throw ExternalTalkError(.notFound, "no room \(id)") }
        let messages = try await service.messages(in: TalkRoomID(id), after: after, limit: limit)
        return AdminJSON.encode(
            AdminJSON.Page(
                items: messages.map(AdminJSON.Message.init),
                next: messages.count == limit ? messages.last.map { String($0.sequence) } : nil
            )
        )
    }

    func roomAction(_ action: String, room: String, _ request: Request, _ context: Context) async throws -> Response {
        let body = try await AdminJSON.decode(AdminJSON.MemberBody.self, request, context)
        let member = try Self.memberID(body.member)
        let id = TalkRoomID(room)
        switch action {
        case "accept": try await service.accept(id, by: member)
        case "block": try await service.block(id, by: member)
        case "unblock": try await service.unblock(id, by: member)
        default:
            let through = body.through.map { TalkMessageID($0) }
            let changed = try await service.markRead(id, by: member, through: through)
            return AdminJSON.encode(["marked": changed])
        }
        return AdminJSON.done()
    }

    func send(_ room: String, _ request: Request, _ context: Context) async throws -> Response {
        let body = try await AdminJSON.decode(AdminJSON.SendBody.self, request, context)
        let member = try Self.memberID(body.member)
        guard !body.text.isEmpty else { throw ExternalTalkError(.invalidArgument, "text is empty") }
        let content = MessageContent.text(
            TextContent(workspaceText: body.text, catalog: service.configuration.emojiCatalog)
        )
        let sender: MessageSender =
            body.operatorName.map { .operator(Operator(member: member, displayName: $0)) } ?? .member(member)
        let receipt = try await service.send(content, to: TalkRoomID(room), as: sender)
        return AdminJSON.encode(
            AdminJSON.SendAnswer(message: receipt.message.rawValue, state: receipt.state.storedName),
            status: .accepted
        )
    }

    // MARK: Explaining

    func explainInRoom(_ room: String, _ request: Request, _ context: Context) async throws -> Response {
        let body = try await AdminJSON.decode(AdminJSON.ExplainBody.self, request, context)
        guard let stored = try await service.room(TalkRoomID(room)) else {
            throw ExternalTalkError(.notFound, "no room \(room)")
        }
        let member = try Self.memberID(body.member ?? body.actor ?? "")
        let action: TalkAction
        switch body.action {
        case "send": action = .send(.text, in: stored.room)
        case "accept": action = .acceptRequest(in: stored.room)
        case "block": action = .block(in: stored.room)
        case "voiceCall": action = .startCall(.voice, in: stored.room)
        case "videoCall": action = .startCall(.video, in: stored.room)
        default: throw ExternalTalkError(.invalidArgument, "action must be send, accept, block, voiceCall or videoCall")
        }
        let decision = try await service.explain(action, actor: .workspaceUser(member), target: stored.room.peer)
        return AdminJSON.encode(AdminJSON.DecisionAnswer(decision))
    }

    func explain(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await AdminJSON.decode(AdminJSON.ExplainBody.self, request, context)
        let actor = try Self.parseParty(body.actor ?? body.member ?? "")
        let target = try Self.parseParty(body.target ?? "")
        let action: TalkAction
        switch body.action {
        case "addByExactID":
            guard case .workspaceUser(let member) = target else {
                throw ExternalTalkError(.invalidArgument, "addByExactID needs a member as target")
            }
            action = .memberAddsWorkspaceUser(.exactIDSearch(query: member.rawValue))
        case "addLineUser": action = .memberAddsLineUser
        default: throw ExternalTalkError(.invalidArgument, "action must be addByExactID or addLineUser")
        }
        let decision = try await service.explain(action, actor: actor, target: target)
        return AdminJSON.encode(AdminJSON.DecisionAnswer(decision))
    }

    // MARK: Export, contacts, events

    func export(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let scope: MessageScope
        switch (query["room"], query["channel"]) {
        case (let room?, nil): scope = .room(TalkRoomID(String(room)))
        case (nil, let channel?):
            guard let id = try? LineChannelID(String(channel)) else {
                throw ExternalTalkError(.invalidArgument, "channel is not a channel ID")
            }
            scope = .channel(id)
        default: throw ExternalTalkError(.invalidArgument, "give exactly one of room and channel")
        }
        let format: HistoryExport.Format
        let contentType: String
        switch query["format"].map(String.init) ?? "jsonl" {
        case "csv":
            format = .csv(byteOrderMark: query["bom"] == "true")
            contentType = "text/csv; charset=utf-8"
        case "jsonl":
            format = .jsonLines
            contentType = "application/jsonl"
        default: throw ExternalTalkError(.invalidArgument, "format must be csv or jsonl")
        }
        let export = HistoryExport(scope: scope, format: format, includeUnread: query["includeUnread"] == "true")
        let service = self.service
        // Streamed a page at a time: memory stays flat however long the history.
        return Response(
            status: .ok,
            headers: [.contentType: contentType],
            body: ResponseBody { writer in
                let (stream, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
                async let written: Int = {
                    defer { continuation.finish() }
                    return try await service.export(export) { bytes in continuation.yield(bytes) }
                }()
                for try await chunk in stream { try await writer.write(ByteBuffer(bytes: chunk)) }
                _ = try await written
                try await writer.finish(nil)
            }
        )
    }

    func contacts(_ member: MemberID, _ request: Request) async throws -> Response {
        let contacts: [Contact]
        if let query = request.uri.queryParameters["q"], !query.isEmpty {
            contacts = try await service.searchContacts(String(query), of: member)
        } else {
            contacts = try await service.contacts(of: member)
        }
        return AdminJSON.encode(AdminJSON.Page(items: contacts.map(AdminJSON.ContactItem.init), next: nil))
    }

    func invite(_ member: MemberID, _ request: Request, _ context: Context) async throws -> Response {
        let body = try await AdminJSON.decode(AdminJSON.InvitationBody.self, request, context)
        let target = try Self.memberID(body.target)
        let method: WorkspaceAddMethod
        switch body.method ?? "exactID" {
        case "exactID": method = .exactIDSearch(query: target.rawValue)
        case "qrCode": method = .qrCode
        case "inviteLink": method = .inviteLink
        case "email": method = .emailInvitation
        default: throw AdminJSON.BadRequest(message: "method must be exactID, qrCode, inviteLink or email")
        }
        let room = try await service.invite(target, method: method, by: member)
        return AdminJSON.encode(["room": room.rawValue], status: .created)
    }

    func trash(_ member: MemberID) async throws -> Response {
        let trashed = try await service.trash(of: member)
        return AdminJSON.encode(AdminJSON.Page(items: trashed.map(AdminJSON.TrashItem.init), next: nil))
    }

    func events(_ request: Request) async throws -> Response {
        let limit = try Self.limit(request)
        let after = try Self.sequence(request)
        let events = try await service.storedEvents(after: after, limit: limit)
        return AdminJSON.encode(
            AdminJSON.Page(
                items: events.map(AdminJSON.Event.init),
                next: events.count == limit ? events.last.map { String($0.cursor) } : nil
            )
        )
    }

    // MARK: Parameters and errors

    /// Runs a handler and turns the engine's errors into JSON answers with the matching status.
    func respond(_ handler: () async throws -> Response) async throws -> Response {
        do {
            return try await handler()
        } catch let error as ExternalTalkError {
            return AdminJSON.failure(error)
        } catch let error as TalkStorageError {
            return AdminJSON.error(.serviceUnavailable, "storage", "storage unavailable (\(error.code))")
        } catch let error as AdminJSON.BadRequest {
            return AdminJSON.error(.badRequest, "invalidArgument", error.message)
        }
    }

    static func segment(_ name: String, _ context: Context) throws -> String {
        guard let raw = context.parameters.get(name) else { throw AdminJSON.BadRequest(message: "\(name) is missing") }
        return raw.removingPercentEncoding ?? raw
    }

    static func member(_ context: Context) throws -> MemberID { try memberID(try segment("member", context)) }

    static func party(_ context: Context) throws -> Party { try parseParty(try segment("party", context)) }

    static func memberID(_ text: String) throws -> MemberID {
        do {
            return try MemberID(text)
        } catch {
            throw AdminJSON.BadRequest(message: "not a member ID: \(error)")
        }
    }

    /// A member ID, or `line:<provider>:<userId>` for a LINE user.
    static func parseParty(_ text: String) throws -> Party {
        if text.hasPrefix("line:") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, let provider = try? LineProviderID(String(parts[1])),
                let user = try? LineUserID(String(parts[2]))
            else {
                throw AdminJSON.BadRequest(message: "a LINE user is line:<provider>:<userId>")
            }
            return .lineUser(LineUser(provider: provider, userID: user))
        }
        return .workspaceUser(try memberID(text))
    }

    /// The `after` query parameter as a sequence number, 0 when absent.
    static func sequence(_ request: Request) throws -> Int64 {
        guard let text = request.uri.queryParameters["after"] else { return 0 }
        guard let value = Int64(text), value >= 0 else {
            throw AdminJSON.BadRequest(message: "after must be a sequence number")
        }
        return value
    }

    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return 100 }
        guard let limit = Int(text), (1...1000).contains(limit) else {
            throw AdminJSON.BadRequest(message: "limit must be between 1 and 1000")
        }
        return limit
    }
}

/// Refuses a request without `Authorization: Bearer <token>`, comparing the token in constant time.
struct BearerMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: AdminToken

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard token.authorizes(request.headers[.authorization]) else {
            var response = AdminJSON.error(.unauthorized, "unauthorized", "a bearer token is required")
            response.headers[.wwwAuthenticate] = #"Bearer realm="external-talk-admin""#
            return response
        }
        return try await next(request, context)
    }
}
