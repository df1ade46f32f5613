import AsyncHTTPClient
import ExternalTalk
import ExternalTalkHummingbird
import Foundation
import NIOHTTP1
import ServiceLifecycle
import Synchronization
import TalkModel
import TalkStorage
import TalkTesting
import TalkWire
import Testing

extension ServerHarness {
    /// Calls the admin API and checks the answer against the OpenAPI document's operation `template`.
    func documented(
        _ method: HTTPMethod,
        _ template: String,
        _ path: String,
        json: String? = nil,
        token: String? = ServerHarness.adminToken
    ) async throws -> Answer {
        let answer = try await admin(method, path, json: json, token: token)
        let contentType = answer.headers.first { $0.0.lowercased() == "content-type" }?.1
        try OpenAPIContract.shared.check(
            method.rawValue,
            template,
            status: answer.status,
            body: answer.body,
            contentType: contentType
        )
        return answer
    }
}

/// The admin API over real HTTP, every answer checked against `openapi/external-talk-v1.json`.
@Suite("Admin API")
struct AdminAPITests {
    @Test("Without the bearer token, or with a wrong one, every admin route is 401")
    func tokenRequired() async throws {
        try await ServerHarness.run { server in
            for token in [nil, "wrong", "Bearer", String(ServerHarness.adminToken.dropLast())] {
                let answer = try await server.documented(.GET, "/admin/v1/rooms", "/admin/v1/rooms", token: token)
                #expect(answer.status == 401)
                #expect(answer.headers.contains { $0.0.lowercased() == "www-authenticate" })
            }
            let post = try await server.documented(
                .POST,
                "/admin/v1/rooms/{room}/accept",
                "/admin/v1/rooms/x/accept",
                json: #"{"member":"sato@example.co.jp"}"#,
                token: nil
            )
            #expect(post.status == 401)
        }
    }

    @Test("Without a configured token the admin API is not served at all")
    func noTokenNoAdmin() async throws {
        try await ServerHarness.run(adminToken: nil) { server in
            let answer = try await server.admin(.GET, "/admin/v1/rooms")
            #expect(answer.status == 404)
        }
    }

    @Test("R09 R11 R14 R16: an operator runs a LINE room end to end through the admin API")
    func roomLifecycle() async throws {
        try await ServerHarness.run { server in
            let (user, room) = try await server.follower()
            let path = "/admin/v1/rooms/\(segment(room.rawValue))"
            let member = #""member":"\#(server.owner.rawValue)""#

            // R09: the follow is a pending request the member can see and accept.
            let requests = try await server.documented(.GET, "/admin/v1/requests", "/admin/v1/requests").json()
            let pending = requests["items"] as? [[String: Any]] ?? []
            #expect(pending.map { $0["id"] as? String } == [room.rawValue])
            #expect(pending.first?["pendingRequest"] as? String == "incoming")
            let accepted = try await server.documented(
                .POST,
                "/admin/v1/rooms/{room}/accept",
                "\(path)/accept",
                json: "{\(member)}"
            )
            #expect(accepted.status == 200)
            let shown = try await server.documented(.GET, "/admin/v1/rooms/{room}", path).json()
            #expect(shown["phase"] as? String == "active")
            #expect(
                (try await server.documented(.GET, "/admin/v1/requests", "/admin/v1/requests").json()["items"] as? [Any])?
                    .isEmpty == true
            )

            // The LINE user writes, with a LINE emoji; the history shows it unread, the emoji as its token (R14).
            let smile = EmojiRun(token: "(smile)", productID: "5ac1bfd5040ab15980c9b435", emojiID: "001")
            let question = TextContent(runs: [.plain("Is my order ready? "), .emoji(smile)])
            _ = try await server.post(try server.line.sendText(question, from: user, channel: server.channel))
            let history = try await server.documented(.GET, "/admin/v1/rooms/{room}/messages", "\(path)/messages")
                .json()
            let messages = history["items"] as? [[String: Any]] ?? []
            #expect(messages.map { $0["text"] as? String } == ["Is my order ready? (smile)"])
            #expect(messages.first?["readAt"] == nil)

            // R16: marking read changes one message, once.
            let read = try await server.documented(
                .POST,
                "/admin/v1/rooms/{room}/read",
                "\(path)/read",
                json: "{\(member)}"
            ).json()
            #expect(read["marked"] as? Int == 1)
            let again = try await server.documented(
                .POST,
                "/admin/v1/rooms/{room}/read",
                "\(path)/read",
                json: "{\(member)}"
            ).json()
            #expect(again["marked"] as? Int == 0)

            // R14: a reply with the emoji's token reaches LINE as the emoji.
            let sent = try await server.documented(
                .POST,
                "/admin/v1/rooms/{room}/messages",
                "\(path)/messages",
                json: #"{\#(member),"text":"Yes (smile) see you"}"#
            )
            #expect(sent.status == 202)
            #expect(try sent.json()["state"] as? String == "sent")
            let delivered = server.line.requests.filter { $0.path.hasPrefix("/v2/bot/message/") }
            #expect(delivered.count == 1)
            #expect(delivered.first.map { String(decoding: $0.body, as: UTF8.self).contains("\"emojis\"") } == true)

            // R11: after a block the room is blocked and sending is refused with its rule.
            let blocked = try await server.documented(
                .POST,
                "/admin/v1/rooms/{room}/block",
                "\(path)/block",
                json: "{\(member)}"
            )
            #expect(blocked.status == 200)
            let explained = try await server.documented(
                .POST,
                "/admin/v1/rooms/{room}/explain",
                "\(path)/explain",
                json: #"{\#(member),"action":"send"}"#
            ).json()
            #expect(explained["allowed"] as? Bool == false)
            #expect((explained["rule"] as? String)?.hasPrefix("R") == true)
            let refused = try await server.documented(
                .POST,
                "/admin/v1/rooms/{room}/messages",
                "\(path)/messages",
                json: #"{\#(member),"text":"are you there?"}"#
            )
            #expect(refused.status == 403)
            #expect((try refused.json()["rule"] as? String)?.hasPrefix("R") == true)
            let unblocked = try await server.documented(
                .POST,
                "/admin/v1/rooms/{room}/unblock",
                "\(path)/unblock",
                json: "{\(member)}"
            )
            #expect(unblocked.status == 200)

            // Events and rooms list what happened, paged.
            let events = try await server.documented(.GET, "/admin/v1/events", "/admin/v1/events?limit=1000").json()
            let kinds = (events["items"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.contains("room.requested"))
            #expect(kinds.contains("message.received"))
            let rooms = try await server.documented(.GET, "/admin/v1/rooms", "/admin/v1/rooms?limit=1").json()
            #expect((rooms["items"] as? [Any])?.count == 1)
        }
    }

    @Test("R22 R23: contacts move to the trash, come back, and are purged through the admin API")
    func contactsAndTrash() async throws {
        try await ServerHarness.run { server in
            let (user, _) = try await server.follower(accepted: true)
            let member = "/admin/v1/members/\(segment(server.owner.rawValue))"
            let party = segment("line:1650000000:\(user.rawValue)")
            let contacts = try await server.documented(
                .GET,
                "/admin/v1/members/{member}/contacts",
                "\(member)/contacts"
            ).json()
            #expect(
                (contacts["items"] as? [[String: Any]])?.map { $0["party"] as? String } == [
                    "line:1650000000:\(user.rawValue)"
                ]
            )
            let searched = try await server.documented(
                .GET,
                "/admin/v1/members/{member}/contacts",
                "\(member)/contacts?q=zzzz"
            ).json()
            #expect((searched["items"] as? [Any])?.isEmpty == true)

            let deleted = try await server.documented(
                .DELETE,
                "/admin/v1/members/{member}/contacts/{party}",
                "\(member)/contacts/\(party)"
            )
            #expect(deleted.status == 200)
            let trash = try await server.documented(.GET, "/admin/v1/members/{member}/trash", "\(member)/trash").json()
            #expect((trash["items"] as? [Any])?.count == 1)
            let restored = try await server.documented(
                .POST,
                "/admin/v1/members/{member}/trash/{party}/restore",
                "\(member)/trash/\(party)/restore"
            )
            #expect(restored.status == 200)
            #expect(
                ((try await server.documented(.GET, "/admin/v1/members/{member}/trash", "\(member)/trash").json())[
                    "items"
                ] as? [Any])?.isEmpty == true
            )

            _ = try await server.documented(
                .DELETE,
                "/admin/v1/members/{member}/contacts/{party}",
                "\(member)/contacts/\(party)"
            )
            let purged = try await server.documented(
                .DELETE,
                "/admin/v1/members/{member}/trash/{party}",
                "\(member)/trash/\(party)"
            )
            #expect(purged.status == 200)
            let none = try await server.documented(.GET, "/admin/v1/members/{member}/contacts", "\(member)/contacts")
                .json()
            #expect((none["items"] as? [Any])?.isEmpty == true)
            let twice = try await server.documented(
                .DELETE,
                "/admin/v1/members/{member}/trash/{party}",
                "\(member)/trash/\(party)"
            )
            #expect(twice.status >= 400)
        }
    }

    @Test("R34: the export streams a room's history as JSON Lines or CSV")
    func export() async throws {
        try await ServerHarness.run { server in
            let (user, room) = try await server.follower(accepted: true)
            for index in 0..<5 {
                _ = try await server.post(
                    try server.line.sendText("line \(index), with \"quotes\"", from: user, channel: server.channel)
                )
            }
            let jsonl = try await server.documented(
                .GET,
                "/admin/v1/export",
                "/admin/v1/export?room=\(segment(room.rawValue))&format=jsonl&includeUnread=true"
            )
            #expect(jsonl.status == 200)
            #expect(jsonl.text.split(separator: "\n").count == 5)
            let unreadLeftOut = try await server.documented(
                .GET,
                "/admin/v1/export",
                "/admin/v1/export?channel=\(server.channel.rawValue)&format=csv"
            )
            #expect(unreadLeftOut.text.split(separator: "\r\n").count == 1)
            let bad = try await server.documented(.GET, "/admin/v1/export", "/admin/v1/export?format=csv")
            #expect(bad.status == 400)
        }
    }

    @Test("Explaining an add names the rule that decides; bad input is 400, unknown rooms 404")
    func explainAndErrors() async throws {
        try await ServerHarness.run { server in
            let allowed = try await server.documented(
                .POST,
                "/admin/v1/explain",
                "/admin/v1/explain",
                json: #"{"actor":"sato@example.co.jp","target":"tanaka@partner.example.jp","action":"addByExactID"}"#
            ).json()
            #expect(allowed["allowed"] as? Bool != nil)
            let badAction = try await server.documented(
                .POST,
                "/admin/v1/explain",
                "/admin/v1/explain",
                json: #"{"actor":"sato@example.co.jp","target":"x@y.jp","action":"teleport"}"#
            )
            #expect(badAction.status == 400)
            let notJSON = try await server.documented(.POST, "/admin/v1/explain", "/admin/v1/explain", json: "{")
            #expect(notJSON.status == 400)
            let missing = try await server.documented(.GET, "/admin/v1/rooms/{room}", "/admin/v1/rooms/no-such-room")
            #expect(missing.status == 404)
            let badLimit = try await server.documented(.GET, "/admin/v1/rooms", "/admin/v1/rooms?limit=0")
            #expect(badLimit.status == 400)
            let badMember = try await server.documented(
                .POST,
                "/admin/v1/rooms/{room}/accept",
                "/admin/v1/rooms/x/accept",
                json: #"{"member":"not a member"}"#
            )
            #expect(badMember.status == 400)
            let unknownRoomSend = try await server.documented(
                .POST,
                "/admin/v1/rooms/{room}/messages",
                "/admin/v1/rooms/no-such-room/messages",
                json: #"{"member":"sato@example.co.jp","text":"hi"}"#
            )
            #expect(unknownRoomSend.status == 404)
            let history = try await server.documented(
                .GET,
                "/admin/v1/rooms/{room}/messages",
                "/admin/v1/rooms/no-such-room/messages"
            )
            #expect(history.status == 404)
            // R04: this server federates with no tenant, so an invitation is refused, naming the rule.
            let invitation = try await server.documented(
                .POST,
                "/admin/v1/members/{member}/invitations",
                "/admin/v1/members/sato%40example.co.jp/invitations",
                json: #"{"target":"tanaka@partner.example.jp"}"#
            )
            #expect(invitation.status == 403)
            #expect(try invitation.json()["rule"] as? String == "R04")
        }
    }

    @Test("Every admin operation in the OpenAPI document is exercised by these tests")
    func documentIsCovered() async throws {
        // Runs the scenarios itself, so that it does not depend on the order tests run in.
        try await tokenRequired()
        try await roomLifecycle()
        try await contactsAndTrash()
        try await export()
        try await explainAndErrors()
        let documented = OpenAPIContract.shared.operations(under: "/admin/v1")
        #expect(documented.count >= 17)
        let missing = documented.subtracting(OpenAPIContract.shared.exercisedOperations)
        #expect(missing.isEmpty, "not exercised: \(missing.sorted())")
    }
}
