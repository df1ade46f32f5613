import Foundation
import Testing
import WebhookSignature

@Suite("external-talk parse: the JSON Lines contract")
struct ParseCommandTests {
    private let secret = "5f2b8d1c7a9e4036b1d2c3e4f5a69788"

    private func sign(_ body: [UInt8], with secret: String) -> String {
        WebhookSignatureVerifier(secrets: [WebhookSecret(secret)]).signature(for: body)
    }

    private let body = Array(
        (#"{"destination":"U58b2a2055bb55bcbb37d2f2a4276b0bd","events":["#
            + #"{"type":"message","message":{"type":"text","id":"368833430622045992","quoteToken":"qt","#
            + #""text":"こんにちは\uD83E\uDD28(love) @Ann","emojis":[{"index":7,"length":6,"productId":"5ac1bfd5040ab15980c9b435","emojiId":"001"},"#
            + #"{"index":40,"length":6,"productId":"5ac1bfd5040ab15980c9b435","emojiId":"002"}],"#
            + #""mention":{"mentionees":[{"index":14,"length":4,"type":"user","userId":"U10000000000000000000000000000000","isSelf":false}]}},"#
            + #""webhookEventId":"01KAJPTR000AQS1F2YE055GXKE","deliveryContext":{"isRedelivery":true},"timestamp":1763712000000,"#
            + #""source":{"type":"user","userId":"U0a1b0000000000000000000000000000"},"replyToken":"rt1","mode":"active"},"#
            + #"{"type":"follow","follow":{"isUnblocked":false},"webhookEventId":"W2","deliveryContext":{"isRedelivery":false},"#
            + #""timestamp":1763712000001,"source":{"type":"group","groupId":"C10000000000000000000000000000000","userId":"U20000000000000000000000000000000"},"replyToken":"rt2","mode":"standby"},"#
            + #"{"type":"brandNew","brandNew":{"x":1},"webhookEventId":"W3","timestamp":3,"mode":"active"},"#
            + #"{"type":"message","message":{"type":"hologram","id":"9","depth":3},"timestamp":4,"source":{"type":"room","roomId":"R10000000000000000000000000000000"}},"#
            + #"{"type":"message","message":{"type":"file","id":"10","fileName":"a.pdf","fileSize":2138},"timestamp":5},"#
            + #"{"type":"message","message":{"type":"location","id":"11","title":"t","address":"a","latitude":35.5,"longitude":139.25},"timestamp":6},"#
            + #"{"type":"unsend","unsend":{"messageId":"325708"},"timestamp":7},"#
            + #"{"type":"postback","postback":{"data":"a=1","params":{"date":"2017-09-03"}},"timestamp":8}"#
            + "]}").utf8
    )

    @Test func printsOneJSONObjectPerEventWithTheContractFields() throws {
        let result = try CLI.run(["parse", "-"], stdin: body)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let events = try result.jsonLines()
        #expect(events.count == 8)
        for event in events {
            for key in ["type", "known", "webhookEventId", "timestamp", "mode", "redelivery", "source"] {
                #expect(event.keys.contains(key), "missing \(key)")
            }
        }

        let text = events[0]
        #expect(text["type"] as? String == "message")
        #expect(text["known"] as? Bool == true)
        #expect(text["webhookEventId"] as? String == "01KAJPTR000AQS1F2YE055GXKE")
        #expect((text["timestamp"] as? NSNumber)?.int64Value == 1_763_712_000_000)
        #expect(text["mode"] as? String == "active")
        #expect(text["redelivery"] as? Bool == true)
        #expect(text["replyToken"] as? String == "rt1")
        #expect(text["source"] as? [String: String] == ["type": "user", "userId": "U0a1b0000000000000000000000000000"])
        let message = try #require(text["message"] as? [String: Any])
        #expect(message["id"] as? String == "368833430622045992")
        #expect(message["type"] as? String == "text")
        #expect(message["quoteToken"] as? String == "qt")
        #expect(message["text"] as? String == "こんにちは🤨(love) @Ann")
        let emojis = try #require(message["emojis"] as? [[String: Any]])
        #expect(emojis.count == 2)
        #expect(emojis[0]["token"] as? String == "(love)")
        #expect(emojis[0]["index"] as? Int == 7)
        #expect(emojis[0]["length"] as? Int == 6)
        #expect(emojis[0]["productId"] as? String == "5ac1bfd5040ab15980c9b435")
        #expect(emojis[0]["emojiId"] as? String == "001")
        // The second span runs past the end of the text: kept, with a null token.
        #expect(emojis[1]["token"] is NSNull)
        #expect(emojis[1]["index"] as? Int == 40)
        let mention = try #require(message["mention"] as? [String: Any])
        let mentionees = try #require(mention["mentionees"] as? [[String: Any]])
        #expect(mentionees.first?["userId"] as? String == "U10000000000000000000000000000000")

        let follow = events[1]
        #expect(follow["follow"] as? [String: Bool] == ["isUnblocked": false])
        #expect(follow["mode"] as? String == "standby")
        #expect(follow["redelivery"] as? Bool == false)
        #expect(
            follow["source"] as? [String: String] == [
                "type": "group", "groupId": "C10000000000000000000000000000000",
                "userId": "U20000000000000000000000000000000",
            ]
        )
    }

    @Test func w4_unknownEventsAndMessageTypesCarryTheirRawJSON() throws {
        let events = try CLI.run(["parse"], stdin: body).jsonLines()
        let unknownEvent = events[2]
        #expect(unknownEvent["type"] as? String == "brandNew")
        #expect(unknownEvent["known"] as? Bool == false)
        let raw = try #require(unknownEvent["raw"] as? [String: Any])
        #expect(raw["brandNew"] as? [String: Int] == ["x": 1])

        let unknownMessage = events[3]
        #expect(unknownMessage["type"] as? String == "message")
        #expect(unknownMessage["known"] as? Bool == false)
        #expect((unknownMessage["message"] as? [String: Any])?["type"] as? String == "hologram")
        let rawMessage = try #require((unknownMessage["raw"] as? [String: Any])?["message"] as? [String: Any])
        #expect(rawMessage["depth"] as? Int == 3)
        // Fields the old payload lacks are null, never made up.
        #expect(unknownMessage["webhookEventId"] is NSNull)
        #expect(unknownMessage["mode"] is NSNull)
        #expect(unknownMessage["redelivery"] as? Bool == false)
        #expect(
            unknownMessage["source"] as? [String: String] == [
                "type": "room", "roomId": "R10000000000000000000000000000000",
            ]
        )
    }

    @Test func messageAndPayloadFieldsUseWireNames() throws {
        let events = try CLI.run(["parse"], stdin: body).jsonLines()
        let file = try #require(events[4]["message"] as? [String: Any])
        #expect(file["fileName"] as? String == "a.pdf")
        #expect(file["fileSize"] as? Int == 2_138)
        let location = try #require(events[5]["message"] as? [String: Any])
        #expect(location["latitude"] as? Double == 35.5)
        #expect(location["longitude"] as? Double == 139.25)
        #expect(location["title"] as? String == "t")
        #expect(events[6]["unsend"] as? [String: String] == ["messageId": "325708"])
        let postback = try #require(events[7]["postback"] as? [String: Any])
        #expect(postback["data"] as? String == "a=1")
        #expect(postback["params"] as? [String: String] == ["date": "2017-09-03"])
        #expect(events[7]["source"] is NSNull)
    }

    @Test func w1_verifiesFirstWhenSecretsAreGiven() throws {
        let good = try CLI.run(["parse", "--secret", secret, "--signature", sign(body, with: secret)], stdin: body)
        #expect(good.status == 0)
        #expect(good.lines.count == 8)

        let bad = try CLI.run(["parse", "--secret", secret, "--signature", sign(body, with: "other")], stdin: body)
        #expect(bad.status == 1)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr == "invalid: mismatch\n")
    }

    @Test func w1_reserializedBodyDoesNotVerify() throws {
        // The same JSON with the escape written as raw UTF-8 is a different body with a different signature.
        let escaped = Array(
            #"{"events":[{"type":"message","message":{"type":"text","id":"1","text":"\uD83E\uDD28"}}]}"#.utf8
        )
        let raw = Array(#"{"events":[{"type":"message","message":{"type":"text","id":"1","text":"🤨"}}]}"#.utf8)
        let signature = sign(escaped, with: secret)
        #expect(try CLI.run(["parse", "--secret", secret, "--signature", signature], stdin: escaped).status == 0)
        #expect(try CLI.run(["parse", "--secret", secret, "--signature", signature], stdin: raw).status == 1)
        let a = try CLI.run(["parse"], stdin: escaped).jsonLines()
        let b = try CLI.run(["parse"], stdin: raw).jsonLines()
        #expect((a[0]["message"] as? [String: Any])?["text"] as? String == "🤨")
        #expect((b[0]["message"] as? [String: Any])?["text"] as? String == "🤨")
    }

    @Test func malformedBodyExits65WithOneLineAndNoOutput() throws {
        let bodies: [[UInt8]] = [
            Array(body.dropLast(3)),
            Array(#"{"events":[{"type":"join","timestamp":x}]}"#.utf8),
            Array(#"{"destination":7,"events":[]}"#.utf8),
            Array(#"{"events":[{"type":"message","message":{"type":"text","id":"1","text":"ab"#.utf8) + [0xFF]
                + Array(#""}}]}"#.utf8),
            Array("[]".utf8),
            [],
            Array(#"{"events":"#.utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 100_000),
        ]
        for input in bodies {
            let result = try CLI.run(["parse"], stdin: input)
            #expect(result.status == 65)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.contains("byte"))
        }
    }

    @Test func w4_aFieldOfTheWrongTypeKeepsItsEventWithTheIssue() throws {
        let result = try CLI.run(
            ["parse"],
            stdin: Array(#"{"events":[{"type":"join","timestamp":"x"},{"type":"leave"}]}"#.utf8)
        )
        #expect(result.status == 0)
        let lines = try result.jsonLines()
        #expect(lines.count == 2)
        #expect(lines[0]["known"] as? Bool == false)
        #expect((lines[0]["issue"] as? String)?.contains("timestamp") == true)
        #expect((lines[0]["raw"] as? [String: String])?["timestamp"] == "x")
        #expect(lines[1]["type"] as? String == "leave")
        #expect(lines[1]["issue"] == nil)
    }

    @Test func w2_emptyEventsPrintsNothing() throws {
        let result = try CLI.run(
            ["parse"],
            stdin: Array(#"{"destination":"U10000000000000000000000000000000","events":[]}"#.utf8)
        )
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
    }

    @Test func worksCallbackPrintsOneLine() throws {
        let callback = Array(
            #"{"type":"message","source":{"userId":"u1","domainId":10000001},"issuedTime":"2022-01-04T05:16:05Z","content":{"type":"text","text":"hi"}}"#
                .utf8
        )
        let botSecret = "bot-secret"
        let result = try CLI.run(
            ["parse", "--works", "--secret", botSecret, "--signature", sign(callback, with: botSecret)],
            stdin: callback
        )
        #expect(result.status == 0)
        let lines = try result.jsonLines()
        #expect(lines.count == 1)
        #expect(lines[0]["type"] as? String == "message")
        #expect(lines[0]["known"] as? Bool == true)
        #expect(lines[0]["issuedTime"] as? String == "2022-01-04T05:16:05Z")
        #expect((lines[0]["issuedTimeMillis"] as? NSNumber)?.int64Value == 1_641_273_365_000)
        #expect(lines[0]["source"] as? [String: String] == ["userId": "u1", "domainId": "10000001"])
        #expect((lines[0]["content"] as? [String: String])?["text"] == "hi")
    }

    @Test func signatureOptionsMustComeTogether() throws {
        #expect(try CLI.run(["parse", "--signature", "x"], stdin: body).status == 64)
        #expect(try CLI.run(["parse", "--secret", "x"], stdin: body).status == 64)
    }
}
