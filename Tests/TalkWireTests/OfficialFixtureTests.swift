import Foundation
import TalkModel
import Testing

@testable import TalkWire

/// The webhook bodies from the official LINE SDKs' own test suites, in `Tests/Fixtures/LineSDK`.
enum OfficialFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/LineSDK")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".json") }
            .sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

@Suite("The official LINE SDKs' webhook fixtures")
struct OfficialFixtureTests {
    @Test func thereAreFixturesToRun() {
        #expect(OfficialFixtures.names.count >= 50)
    }

    @Test(arguments: OfficialFixtures.names)
    func w4_everyFixtureDecodesEveryEvent(name: String) throws {
        let bytes = try OfficialFixtures.bytes(name)
        let batch = try LineWebhookDecoder().decode(bytes)

        // An independent parser says what the body holds.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let events = try #require(object["events"] as? [[String: Any]])
        #expect(batch.events.count == events.count)
        // IDs are typed: a fixture's placeholder that is not a valid ID reads as nil, with an issue saying so.
        let destination = object["destination"] as? String
        #expect(batch.destination?.rawValue == destination.flatMap { try? LineUserID($0) }?.rawValue)
        #expect((batch.decodingIssue != nil) == (destination != nil && batch.destination == nil))

        for (event, original) in zip(batch.events, events) {
            #expect(event.type.rawValue == (original["type"] as? String ?? ""))
            let eventID = original["webhookEventId"] as? String
            #expect(event.webhookEventID?.rawValue == eventID.flatMap { try? LineWebhookEventID($0) }?.rawValue)
            let source = original["source"] as? [String: Any]
            let userID = (source?["userId"] as? String).flatMap { try? LineUserID($0) }
            #expect(event.source?.userID == userID)
            if let sourceType = source?["type"] as? String, ["user", "group", "room"].contains(sourceType),
                source?["userId"] is String, userID == nil
            {
                #expect(event.decodingIssue != nil, "an invalid userId is reported")
            }
            #expect(event.replyToken == original["replyToken"] as? String)
            if let timestamp = original["timestamp"] as? NSNumber {
                #expect(event.timestamp == timestamp.int64Value)
            }
            // The raw JSON is the event exactly: parsing it gives the same object.
            let raw = try JSONSerialization.jsonObject(with: Data(event.rawJSON.bytes)) as? NSDictionary
            #expect(raw == original as NSDictionary)
            // Known types decode to their payload; the rest stay unknown, never dropped.
            let knownType = LineEventType(rawValue: original["type"] as? String ?? "").isKnown
            if !knownType { #expect(event.payload == .unknown) }
            if knownType, event.decodingIssue == nil, (original["type"] as? String) != "message" {
                #expect(event.payload != .unknown)
            }
            if case .message(let message) = event.payload, case .text(let text) = message.content {
                let originalMessage = original["message"] as? [String: Any]
                #expect(text.text == originalMessage?["text"] as? String)
                #expect(text.emojis.count == (originalMessage?["emojis"] as? [Any])?.count ?? 0)
            }
        }
    }

    @Test func fixturesWithOddFieldTypesKeepTheirEvents() throws {
        // Java's robustness fixtures send sticker keywords as an object and as a string.
        for name in ["java-model-sticker-keywords-map.json", "java-model-sticker-keywords-string.json"] {
            let batch = try LineWebhookDecoder().decode(try OfficialFixtures.bytes(name))
            let event = try #require(batch.events.first)
            #expect(event.message?.type == .sticker)
            #expect(event.decodingIssue?.path == "message.keywords")
        }
    }
}
