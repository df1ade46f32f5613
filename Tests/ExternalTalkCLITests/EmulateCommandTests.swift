import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `external-talk emulate` as a bot developer runs it, with ExternalTalk's own `serve` as the bot under test.
@Suite("emulate command", .serialized)
struct EmulateCommandTests {
    static let channel = "2000000077"
    static let secret = "emulated-channel-secret-0077"
    static let lineToken = "emulated-access-token-0077"
    static let owner = "sato@example.co.jp"

    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("emulate-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func emulator(state: String?, port: Int = 0) async throws -> ServeProcess {
        var arguments = [
            "--port", String(port), "--channel", channel, "--secret", secret, "--token", lineToken, "--plan", "light",
        ]
        if let state { arguments += ["--state", state] }
        return try await ServeProcess(arguments, command: "emulate", readyLine: "emulating LINE on http://")
    }

    static func json(_ answer: ServeProcess.Answer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] ?? [:]
    }

    static func control(
        _ emulator: ServeProcess,
        _ method: String,
        _ path: String,
        _ body: String? = nil
    ) async throws -> ServeProcess.Answer {
        try await emulator.request(
            method,
            "/emulator/v1" + path,
            headers: ["Content-Type": "application/json"],
            body: body.map { Array($0.utf8) }
        )
    }

    static func push(
        _ emulator: ServeProcess,
        to user: String,
        text: String,
        retryKey: String,
        token: String = lineToken
    ) async throws -> (ServeProcess.Answer, [String: String]) {
        var request = URLRequest(url: URL(string: emulator.baseURL + "/v2/bot/message/push")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(retryKey, forHTTPHeaderField: "X-Line-Retry-Key")
        request.httpBody = Data(#"{"to":"\#(user)","messages":[{"type":"text","text":"\#(text)"}]}"#.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] {
            headers[String(describing: name).lowercased()] = String(describing: value)
        }
        return (ServeProcess.Answer(status: http?.statusCode ?? 0, body: data), headers)
    }

    @Test(
        "R04 R11: ExternalTalk's server as the bot: emulated follows reach it signed, its sends reach the user's inbox, and the state survives a restart"
    )
    func serveAgainstTheEmulator() async throws {
        let folder = try Self.folder()
        let state = folder + "/emulator.json"
        var emulator = try await Self.emulator(state: state)
        let adminToken = "an-admin-token-for-emulate-01"
        let config = folder + "/external-talk.json"
        try Data(
            #"""
            {"tenant": "example.co.jp", "database": "\#(folder)/talk.sqlite", "adminToken": "\#(adminToken)",
             "lineAPIBaseURL": "\#(emulator.baseURL)", "lineDataAPIBaseURL": "\#(emulator.baseURL)",
             "channels": [{"id": "\#(Self.channel)", "secret": "\#(Self.secret)", "accessToken": "\#(Self.lineToken)",
                           "owner": "\#(Self.owner)", "plan": "light"}]}
            """#.utf8
        ).write(to: URL(fileURLWithPath: config))
        let server = try await ServeProcess(["--config", config, "--port", "0"])
        let admin = ["Authorization": "Bearer \(adminToken)", "Content-Type": "application/json"]

        let hook = try await Self.control(
            emulator,
            "PUT",
            "/webhook",
            #"{"url": "\#(server.baseURL)/webhooks/line/\#(Self.channel)"}"#
        )
        #expect(hook.status == 200, "\(hook.text)")
        // LINE's webhook test posts a signed webhook with no events; the server verifies it and answers 200 (W2).
        let lineHeaders = ["Authorization": "Bearer \(Self.lineToken)", "Content-Type": "application/json"]
        let test = try await emulator.request("POST", "/v2/bot/channel/webhook/test", headers: lineHeaders, body: [])
        #expect(test.status == 200, "\(test.text)")
        #expect(Self.json(test)["success"] as? Bool == true, "\(test.text)")
        #expect(Self.json(test)["statusCode"] as? Int == 200, "\(test.text)")
        let refused = try await emulator.request(
            "POST",
            "/v2/bot/channel/webhook/test",
            headers: lineHeaders,
            body: Array(#"{"endpoint": "http://127.0.0.1:9/callback"}"#.utf8)
        )
        #expect(Self.json(refused)["success"] as? Bool == false, "\(refused.text)")
        #expect(Self.json(refused)["reason"] as? String == "COULD_NOT_CONNECT", "\(refused.text)")
        let wrongToken = try await emulator.request(
            "POST",
            "/v2/bot/channel/webhook/test",
            headers: ["Authorization": "Bearer wrong"],
            body: []
        )
        #expect(wrongToken.status == 401)
        let added = try await Self.control(emulator, "POST", "/users", #"{"displayName": "Aiko"}"#)
        #expect(added.status == 201)
        let user = try #require(Self.json(added)["userId"] as? String)
        #expect(user.hasPrefix("U") && user.count == 33)

        // The follow is posted signed with the channel secret: the server verifies and stores it.
        let follow = try await Self.control(emulator, "POST", "/users/\(user)/follow")
        #expect(follow.status == 200, "\(follow.text)")
        #expect(Self.json(follow)["status"] as? Int == 200, "\(follow.text)")
        let followIDs = try #require(Self.json(follow)["webhookEventIds"] as? [String])
        #expect(followIDs.count == 1)

        let room = "line:\(Self.channel):\(user)"
        let roomPath = "/admin/v1/rooms/" + room.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let accepted = try await server.request(
            "POST",
            roomPath + "/accept",
            headers: admin,
            body: Array(#"{"member": "\#(Self.owner)"}"#.utf8)
        )
        #expect(accepted.status == 200, "\(accepted.text)")
        let sent = try await server.request(
            "POST",
            roomPath + "/messages",
            headers: admin,
            body: Array(#"{"member": "\#(Self.owner)", "text": "ようこそ"}"#.utf8)
        )
        #expect((200..<300).contains(sent.status), "\(sent.text)")

        // The server's outbox sends it through the emulator's Messaging API; the inbox shows how.
        var sends: [[String: Any]] = []
        for _ in 0..<300 {
            let inbox = try await Self.control(emulator, "GET", "/users/\(user)/inbox")
            sends = Self.json(inbox)["sends"] as? [[String: Any]] ?? []
            if !sends.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(sends.count == 1, "\(sends)")
        let messages = try #require(sends[0]["messages"] as? [[String: Any]])
        #expect(messages.first?["text"] as? String == "ようこそ")
        #expect(sends[0]["delivered"] as? Bool == true)
        let via = try #require(sends[0]["via"] as? String)
        #expect(["reply", "push"].contains(via))
        if via == "push" { #expect(sends[0]["retryKey"] is String) }

        // A redelivered follow reaches the server flagged; it answers 200 and stores nothing twice.
        let again = try await Self.control(emulator, "POST", "/events/\(followIDs[0])/redeliver")
        #expect(Self.json(again)["status"] as? Int == 200, "\(again.text)")
        #expect(Self.json(again)["webhookEventIds"] as? [String] == followIDs)

        // A push with a retry key, then a restart from the state file: the user still follows, the inbox keeps
        // both sends, and the same key is still answered 409 naming the accepted request.
        let key = "123e4567-e89b-12d3-a456-426614174077"
        let (first, firstHeaders) = try await Self.push(emulator, to: user, text: "before restart", retryKey: key)
        #expect(first.status == 200, "\(first.text)")
        let requestID = try #require(firstHeaders["x-line-request-id"])
        #expect(try await emulator.stop() == 0)
        emulator = try await Self.emulator(state: state, port: emulator.port)
        let users = Self.json(try await Self.control(emulator, "GET", "/users"))["users"] as? [[String: Any]]
        #expect(users?.count == 1)
        #expect(users?.first?["userId"] as? String == user)
        #expect(users?.first?["following"] as? Bool == true)
        let kept =
            Self.json(try await Self.control(emulator, "GET", "/users/\(user)/inbox"))["sends"] as? [[String: Any]]
        #expect(kept?.count == 2)
        let (repeated, repeatedHeaders) = try await Self.push(emulator, to: user, text: "before restart", retryKey: key)
        #expect(repeated.status == 409, "\(repeated.text)")
        #expect(repeatedHeaders["x-line-accepted-request-id"] == requestID)
        let afterRestart = try await Self.control(emulator, "POST", "/users", #"{"displayName": "Ben"}"#)
        #expect(Self.json(afterRestart)["userId"] as? String != user)

        try await server.stop()
        #expect(try await emulator.stop() == 0)
        let printed = emulator.stdout + emulator.stderr + server.stdout + server.stderr
        #expect(!printed.contains(Self.secret))
        #expect(!printed.contains(Self.lineToken))
    }

    @Test("The control API and the Messaging API answer bad requests with a status and a message")
    func badRequests() async throws {
        let emulator = try await Self.emulator(state: nil)
        let user = try #require(
            Self.json(try await Self.control(emulator, "POST", "/users", #"{"displayName": "Aiko"}"#))["userId"]
                as? String
        )
        let cases: [(String, String, String?, Int)] = [
            ("POST", "/users", "{not json", 400),
            ("POST", "/users", "[1]", 400),
            ("POST", "/users", #"{"displayName": 7}"#, 400),
            ("POST", "/nowhere", nil, 404),
            ("POST", "/users/U00000000000000000000000000000000/follow", nil, 404),
            ("POST", "/users/\(user)/messages", #"{"text": "not following yet"}"#, 409),
            ("POST", "/users/\(user)/dance", nil, 404),
            ("POST", "/events/01NOSUCHEVENT0000000000000/redeliver", nil, 404),
            ("POST", "/faults", #"{"status": 200}"#, 400),
            ("POST", "/faults", #"{"status": 429, "count": 0}"#, 400),
            ("POST", "/clock/advance", #"{"seconds": -5}"#, 400),
            ("PUT", "/webhook", #"{"url": "ftp://example.com"}"#, 400),
        ]
        for (method, path, body, status) in cases {
            let answer = try await Self.control(emulator, method, path, body)
            #expect(answer.status == status, "\(method) \(path): \(answer.text)")
            #expect(Self.json(answer)["message"] is String, "\(method) \(path): \(answer.text)")
        }
        // Without a webhook URL the event is made but not posted; with an unreachable one the answer is 502.
        let noHook = try await Self.control(emulator, "POST", "/users/\(user)/follow")
        #expect(noHook.status == 409)
        #expect((Self.json(noHook)["webhookEventIds"] as? [String])?.count == 1)
        _ = try await Self.control(emulator, "PUT", "/webhook", #"{"url": "http://127.0.0.1:9/callback"}"#)
        let unreachable = try await Self.control(emulator, "POST", "/users/\(user)/messages", #"{"text": "hi"}"#)
        #expect(unreachable.status == 502, "\(unreachable.text)")
        #expect((Self.json(unreachable)["webhookEventIds"] as? [String])?.count == 1)
        let emoji = try await Self.control(
            emulator,
            "POST",
            "/users/\(user)/messages",
            #"{"text": "hi", "emojis": [{"index": 1, "length": 5, "productId": "p", "emojiId": "001"}]}"#
        )
        #expect(emoji.status == 400, "\(emoji.text)")

        // The Messaging API checks the bearer token as LINE does.
        let (wrongToken, _) = try await Self.push(
            emulator,
            to: user,
            text: "x",
            retryKey: UUID().uuidString,
            token: "no"
        )
        #expect(wrongToken.status == 401)
        let info = try await emulator.request(
            "GET",
            "/v2/bot/info",
            headers: ["Authorization": "Bearer \(Self.lineToken)"]
        )
        #expect(info.status == 200)
        #expect(Self.json(info)["userId"] is String)
        try await emulator.stop()
    }

    @Test("emulate refuses bad flags, an unreadable state file and a port in use with one line")
    func startUpErrors() async throws {
        let folder = try Self.folder()
        let garbage = folder + "/garbage.json"
        try Data("not a state file".utf8).write(to: URL(fileURLWithPath: garbage))
        let cases: [([String], Int32, String)] = [
            (["--channel", "abc"], 64, "--channel"),
            (["--channel", Self.channel, "--plan", "gold"], 64, "--plan"),
            (["--channel", Self.channel, "--port", "0", "--state", garbage], 66, "cannot read the state file"),
            (["--channel", Self.channel, "--port", "0", "--webhook-url", "not a url"], 64, "webhook URL"),
        ]
        for (arguments, status, message) in cases {
            let result = try CLI.run(["emulate"] + arguments + ["--secret", Self.secret])
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains(Self.secret))
        }
        let first = try await Self.emulator(state: nil)
        let second = try CLI.run(["emulate", "--channel", Self.channel, "--port", String(first.port)])
        #expect(second.status == 64)
        #expect(second.stderr.contains("in use"), "\(second.stderr)")
        #expect(second.stderr.split(separator: "\n").count == 1, "\(second.stderr)")
        try await first.stop()
    }
}
