import PropertyBased
import Testing

@testable import TalkWire

@Suite("LINE webhook decoding: malformed bodies get typed errors that say where")
struct LineWebhookMalformedTests {
    @Test func truncatedBodyNamesTheOffset() throws {
        let body = Array(#"{"destination":"U10000000000000000000000000000000","events":[{"type":"join""#.utf8)
        let error = try #require(decodingError(body))
        #expect(error.code == .truncated)
        #expect(error.byteOffset == body.count)
        #expect(error.path == "events[0]")
    }

    @Test func everyPrefixOfAValidBodyFailsCleanly() throws {
        let body = Array(
            (#"{"destination":"U10000000000000000000000000000000","events":[{"type":"message","message":{"id":"1","type":"text","#
                + #""text":"\uD83E\uDD28 あ","emojis":[{"index":0,"length":2,"productId":"p","emojiId":"1"}]},"#
                + #""timestamp":1.5e0,"source":{"type":"user","userId":"U"}}]}"#).utf8
        )
        for length in 0..<body.count {
            let error = decodingError(Array(body[0..<length]))
            #expect(error != nil, "prefix of \(length) bytes decoded")
            if let error { #expect(error.byteOffset <= length) }
        }
    }

    @Test func invalidUTF8NamesTheByte() throws {
        var body = Array(#"{"events":[{"type":"message","message":{"id":"1","type":"text","text":"ab"#.utf8)
        let badOffset = body.count + 1
        body += [UInt8(ascii: "c"), 0xC3, 0x28]  // 0xC3 needs a continuation byte; 0x28 is not one.
        body += Array(#""}}]}"#.utf8)
        let error = try #require(decodingError(body))
        #expect(error.code == .invalidUTF8)
        #expect(error.byteOffset == badOffset)
        #expect(error.path == "events[0].message.text")
    }

    @Test func invalidUTF8InASkippedValueIsStillAnError() throws {
        let body = Array(#"{"events":[],"other":""#.utf8) + [0xFF] + Array(#""}"#.utf8)
        let error = try #require(decodingError(body))
        #expect(error.code == .invalidUTF8)
        #expect(error.byteOffset == 22)
    }

    @Test func loneSurrogateEscapeIsAnError() throws {
        for text in [#"\uD83E"#, #"\uD83Ex"#, #"\uDD28"#, #"\uD83E\u0041"#] {
            let body = Array(
                (#"{"events":[{"type":"message","message":{"id":"1","type":"text","text":""# + text + #""}}]}"#).utf8
            )
            let error = try #require(decodingError(body), "\(text)")
            #expect(error.code == .invalidUTF8)
        }
    }

    @Test func topLevelMustBeAnObject() throws {
        for text in ["[]", "\"events\"", "42", "null", "true"] {
            let error = try #require(decodingError(Array(text.utf8)), "\(text)")
            #expect(error.code == .typeMismatch)
            #expect(error.byteOffset == 0)
        }
        #expect(decodingError([])?.code == .truncated)
        #expect(decodingError(Array("   ".utf8))?.code == .truncated)
    }

    @Test func eventsMustBeAnArrayOfObjects() throws {
        let notArray = try #require(decodingError(Array(#"{"events":{"type":"join"}}"#.utf8)))
        #expect(notArray.code == .typeMismatch)
        #expect(notArray.path == "events")
        #expect(notArray.reason.contains("an array"))

        let notObject = try #require(decodingError(Array(#"{"events":[{"type":"join"},7]}"#.utf8)))
        #expect(notObject.code == .typeMismatch)
        #expect(notObject.path == "events[1]")

        let missing = try #require(decodingError(Array(#"{"destination":"U10000000000000000000000000000000"}"#.utf8)))
        #expect(missing.code == .typeMismatch)
    }

    @Test func wrongJSONTypeOutsideEventsNamesThePath() throws {
        let cases: [(String, String)] = [
            (#"{"destination":7,"events":[]}"#, "destination"),
            (#"{"destination":"U10000000000000000000000000000000","events":"none"}"#, "events"),
            (#"{"events":[{"type":"join"},[]]}"#, "events[1]"),
        ]
        for (text, path) in cases {
            let error = try #require(decodingError(Array(text.utf8)), "\(text)")
            #expect(error.code == .typeMismatch, "\(text)")
            #expect(error.path == path, "\(text)")
        }
    }

    @Test func grammarErrorsAreRejected() throws {
        let bodies = [
            #"{"events":[],}"#,
            #"{"events":[,]}"#,
            #"{"events":[] "x":1}"#,
            #"{events:[]}"#,
            #"{"events":[]}x"#,
            #"{"events":[]}{}"#,
            #"{"events":[{"type":"join","timestamp":01}]}"#,
            #"{"events":[{"type":"join","x":-}]}"#,
            #"{"events":[{"type":"join","x":1.}]}"#,
            #"{"events":[{"type":"join","x":1e}]}"#,
            #"{"events":[{"type":"join","x":tru}]}"#,
            #"{"events":[{"type":"join","x":"\q"}]}"#,
            #"{"events":[{"type":"join","x":"\u12G4"}]}"#,
            "{\"events\":[{\"type\":\"join\",\"x\":\"a\u{01}b\"}]}",
            #"{"events":[{"type":"join","x":[1 2]}]}"#,
            #"{"events":[{"type":"join","x":{"a" 1}}]}"#,
            #"{"events":[{"type":"join","x":NaN}]}"#,
            #"{"events":[{"type":"join"}]]"#,
        ]
        for body in bodies {
            let error = decodingError(Array(body.utf8))
            #expect(error != nil, "\(body)")
            #expect(error?.code == .invalidJSON || error?.code == .truncated, "\(body): \(String(describing: error))")
        }
    }

    @Test func millionNestedArraysAreAnErrorNotACrash() throws {
        let outer = try #require(decodingError(Array(#"{"events":"#.utf8) + [UInt8](repeating: 0x5B, count: 1_000_000)))
        #expect(outer.path == "events[0]")
        for prefix in [#"{"events":[],"x":"#, #"{"events":[{"type":"nope","x":"#, #"{"events":[{"type":"join","x":"#] {
            let body = Array(prefix.utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
            let error = try #require(decodingError(body))
            #expect(error.code == .tooDeep)
            #expect(error.byteOffset < 100)
        }
        let objects = Array(#"{"events":[],"x":"#.utf8) + Array(String(repeating: #"{"a":"#, count: 200_000).utf8)
        #expect(decodingError(objects)?.code == .tooDeep)
    }

    @Test func nestingWithinTheLimitIsAccepted() throws {
        let depth = 60
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let batch = try decodeLine(#"{"events":[{"type":"join","x":"# + nested + "}]}")
        #expect(batch.events.count == 1)
        let tight = WebhookDecodingLimits(maximumDepth: 3, maximumBodySize: 1 << 20)
        #expect(decodingError(Array(#"{"events":[{"type":"join","x":[]}]}"#.utf8), limits: tight)?.code == .tooDeep)
        #expect(decodingError(Array(#"{"events":[{"type":"join","x":1}]}"#.utf8), limits: tight) == nil)
    }

    @Test func bodiesOverTheSizeLimitAreRejectedUnread() throws {
        let limits = WebhookDecodingLimits(maximumDepth: 64, maximumBodySize: 16)
        let error = try #require(decodingError(Array(#"{"events":[],"padding":"xxxx"}"#.utf8), limits: limits))
        #expect(error.code == .tooLarge)
    }

    @Test func errorTextNeverQuotesTheBody() throws {
        let secretText = "my-private-message-text"
        let body = Array(
            (#"{"events":[{"type":"message","message":{"id":"1","type":"text","text":""# + secretText + #"", "x":}}]}"#)
                .utf8
        )
        let error = try #require(decodingError(body))
        #expect(!error.description.contains(secretText))
        #expect(!error.description.contains("private"))
    }

    @Test func randomBytesNeverCrashTheDecoder() async {
        await propertyCheck(count: 400, input: Gen.uint8().array(of: 0...200)) { bytes in
            // Any outcome but a crash is acceptable; an error must point inside the body.
            if let error = decodingError(bytes) {
                #expect(error.byteOffset >= 0 && error.byteOffset <= bytes.count)
            }
        }
    }

    @Test func randomMutationsOfAValidBodyNeverCrash() async {
        let body = Array(
            (#"{"destination":"U10000000000000000000000000000000","events":[{"type":"message","message":{"id":"1","type":"text","text":"(love)\uD83D\uDE00","#
                + #""emojis":[{"index":0,"length":6,"productId":"p","emojiId":"1"}]},"source":{"type":"group","groupId":"C"},"#
                + #""timestamp":1,"mode":"active","webhookEventId":"W","deliveryContext":{"isRedelivery":false}}]}"#)
                .utf8
        )
        let mutation = zip(Gen.int(in: 0...(body.count - 1)), Gen.uint8())
        await propertyCheck(count: 400, input: mutation.array(of: 1...4)) { edits in
            var mutated = body
            for (index, byte) in edits { mutated[index] = byte }
            if let error = decodingError(mutated) {
                #expect(error.byteOffset <= mutated.count)
            }
        }
    }
}
