import Foundation
import Testing

/// `external-talk encode`: exit codes, the shape of every `--to` target's output, quick replies.
@Suite("external-talk encode: exit codes and output")
struct EncodeCommandTests {
    private let productID = "5ac1bfd5040ab15980c9b435"
    private var catalogJSON: [UInt8] {
        Array(#"{"emoji":[{"token":"(smile)","productId":"\#(productID)","emojiId":"001","sendable":true}]}"#.utf8)
    }

    private func encode(_ arguments: [String], input: String) throws -> CLIResult {
        try CLI.run(["encode"] + arguments, stdin: Array(input.utf8))
    }

    private func messages(_ line: [String: Any]) throws -> [[String: Any]] {
        try #require(line["messages"] as? [[String: Any]])
    }

    /// The first message of the first body printed.
    private func firstMessage(_ result: CLIResult) throws -> [String: Any] {
        let line = try #require(try result.jsonLines().first)
        return try #require(try messages(line).first)
    }

    @Test func lineWithoutRecipientsPrintsEachBatchAsMessages() throws {
        let catalog = try CLI.temporaryFile(catalogJSON, name: "emoji.json")
        let result = try encode(["--catalog", catalog], input: #"{"type":"text","text":"Price $5 (smile)"}"#)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(
            result.lines == [
                #"{"messages":[{"type":"text","text":"Price $5 $","emojis":[{"index":9,"productId":"\#(productID)","emojiId":"001"}]}]}"#
            ]
        )
        let seven =
            "["
            + Array(repeating: #"{"type":"sticker","packageId":"1","stickerId":"2"}"#, count: 7)
            .joined(separator: ",") + "]"
        let batches = try encode(["--to", "line"], input: seven).jsonLines()
        #expect(try batches.map { try messages($0).count } == [5, 2])
    }

    @Test func lineReplyPushAndMulticastBodies() throws {
        let input = #"{"type":"text","text":"Hi"}"#
        let reply = try encode(["--reply-token", "rt", "--notification-disabled"], input: input).jsonLines()
        #expect(reply.count == 1)
        #expect(reply[0]["replyToken"] as? String == "rt")
        #expect(reply[0]["notificationDisabled"] as? Bool == true)
        let push = try encode(["--recipient", "U1"], input: input).jsonLines()
        #expect(push.count == 1)
        #expect(push[0]["to"] as? String == "U1")
        let multicast = try encode(["--recipient", "U1", "--recipient", "U2"], input: input).jsonLines()
        #expect(multicast[0]["to"] as? [String] == ["U1", "U2"])
        #expect(try messages(multicast[0]).first?["text"] as? String == "Hi")
        // A reply carries five messages; the rest are pushed to the one recipient.
        let six = "[" + Array(repeating: input, count: 6).joined(separator: ",") + "]"
        let replyThenPush = try encode(["--reply-token", "rt", "--recipient", "U1"], input: six).jsonLines()
        #expect(replyThenPush.count == 2)
        #expect(try messages(replyThenPush[0]).count == 5)
        #expect(replyThenPush[1]["to"] as? String == "U1")
        #expect(try messages(replyThenPush[1]).count == 1)
        let noRecipient = try encode(["--reply-token", "rt"], input: six)
        #expect(noRecipient.status == 65)
        #expect(noRecipient.stdout.isEmpty)
    }

    @Test func lineSenderOptionsAndAQuickReplyFromCanonicalContent() throws {
        let input = #"""
            {"type":"text","text":"Which day?","quickReply":{"items":[
              {"action":{"type":"message","label":"Today","text":"today"}},
              {"action":{"type":"uri","label":"Map","uri":"https://example.com/地図"}}]}}
            """#
        let result = try encode(
            ["--recipient", "U1", "--sender-name", "窓口", "--sender-icon", "https://e.com/i.png"],
            input: input
        )
        #expect(result.status == 0, "\(result.stderr)")
        let message = try firstMessage(result)
        let sender = try #require(message["sender"] as? [String: Any])
        #expect(sender["name"] as? String == "窓口")
        let items = try #require((message["quickReply"] as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.count == 2)
        #expect(items.allSatisfy { $0["type"] as? String == "action" })
        #expect((items[1]["action"] as? [String: Any])?["uri"] as? String == "https://example.com/%E5%9C%B0%E5%9B%B3")
        let tooLong = try encode(
            ["--sender-name", String(repeating: "😀", count: 11)],
            input: #"{"type":"text","text":"a"}"#
        )
        #expect(tooLong.status == 65)
        #expect(tooLong.stderr.contains("sender.name"))
    }

    @Test func worksPrintsOneContentBodyPerMessage() throws {
        let input = #"[{"type":"text","text":"Hi"},{"type":"image","url":"https://example.com/a.png"}]"#
        let result = try encode(["--to", "works"], input: input)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.jsonLines()
        #expect(lines.count == 2)
        let types = lines.map { ($0["content"] as? [String: Any])?["type"] as? String }
        #expect(types == ["text", "image"])
    }

    @Test func federationPrintsOneEnvelopePerContent() throws {
        let input = #"[{"type":"text","text":"Hi"},{"type":"sticker","packageId":"1","stickerId":"2"}]"#
        let result = try encode(
            [
                "--to", "federation", "--room", "room-9", "--sender", "sato@example.co.jp", "--message-id", "m",
                "--timestamp", "1700000000000",
            ],
            input: input
        )
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.jsonLines()
        #expect(lines.map { $0["messageId"] as? String } == ["m-1", "m-2"])
        for line in lines {
            #expect(line["version"] as? Int == 1)
            #expect(line["room"] as? String == "room-9")
            #expect(line["timestamp"] as? Int == 1_700_000_000_000)
            #expect((line["sender"] as? [String: Any])?["id"] as? String == "sato@example.co.jp")
        }
        #expect((lines[1]["content"] as? [String: Any])?["type"] as? String == "sticker")
    }

    @Test(arguments: [
        ("line", #"{"type":"file","url":"https://example.com/a.pdf"}"#),
        ("line", #"{"type":"image","url":"http://example.com/a.png"}"#),
        ("line", "{"),
        ("line", "[]"),
        ("line", #"{"type":"text"}"#),
        ("works", #"{"type":"image","lineMessageId":"1"}"#),
        ("federation", #"{"type":"location","latitude":91,"longitude":0}"#),
    ])
    func invalidInputExits65WithOneLineOnStandardError(target: String, input: String) throws {
        let result = try encode(["--to", target], input: input)
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test func unreadableInputOrCatalogExits66() throws {
        let missing = try CLI.run(["encode", "/nonexistent/content.json"])
        #expect(missing.status == 66)
        #expect(missing.stdout.isEmpty)
        let missingCatalog = try encode(
            ["--catalog", "/nonexistent/emoji.json"],
            input: #"{"type":"text","text":"a"}"#
        )
        #expect(missingCatalog.status == 66)
        let badCatalog = try CLI.temporaryFile(Array("{".utf8), name: "emoji.json")
        #expect(try encode(["--catalog", badCatalog], input: #"{"type":"text","text":"a"}"#).status == 65)
    }

    @Test func readsAFileArgument() throws {
        let file = try CLI.temporaryFile(Array(#"{"type":"text","text":"From a file"}"#.utf8))
        let result = try CLI.run(["encode", "--recipient", "U1", file])
        #expect(result.status == 0)
        #expect(try firstMessage(result)["text"] as? String == "From a file")
    }
}
